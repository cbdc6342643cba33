// The audit screen's state: running the audit with per-connection progress, the chip and text
// filters, the matrix's columns (groups, or one column per scope once expanded), and the
// flat list of group headers and token rows the virtual list windows over.

import type { Api, AuditReply, AuditReplyFinding, AuditRow, Changes, IpcError, ListProgress, MatrixBlock, Resolution, RuleId, RuleText, TrendRun, Vendor } from "../../api";
import { toIpcError } from "../../api";
import type { Replacing } from "../../parts/nav.svelte";
import { tokenKey } from "../history/history.svelte";
import { vendorName } from "../../parts/vendors";
import { RowIndex } from "./matrix/auditFilter";
import type { Grouping, SortKey } from "./matrix/itemList";

const PROGRESS_MARK = "scopekeeper:audit-progress";

/** One column of the matrix: a whole group, or one scope of an expanded group. */
export type Column =
  | { kind: "group"; vendor: Vendor; block: number; group: number; key: string; name: string; total: number }
  | { kind: "scope"; vendor: Vendor; block: number; group: number; key: string; name: string; scope: string; access: string };

/** Rows a chart picked: a question a row answers, and its name. */
export type Picked = { label: string; test: (row: AuditRow) => boolean };

export { ItemList, GROUPINGS, SORTS, type Grouping, type Item, type SortKey } from "./matrix/itemList";

/** The matrix letter of an access level. */
export const LETTER: Record<string, string> = { read: "R", write: "W", delete: "D", admin: "A" };
export const ACCESS_NAME: Record<string, string> = { R: "read", W: "write", D: "delete", A: "admin or elevated" };

export class Audit {
  report = $state.raw<AuditReply | null>(null);
  running = $state(false);
  cancelled = $state(false);
  error = $state<IpcError | null>(null);
  progress = $state<Record<string, { label: string; progress: ListProgress }>>({});
  /** Chip ids that must all apply. */
  chips = $state<string[]>([]);
  text = $state("");
  /** What changed since the audit before this one (null: no earlier audit, or not known). */
  changes = $state.raw<Changes | null>(null);
  /** Why the history cannot say what changed (a damaged database, a failed save). */
  historyError = $state<IpcError | null>(null);
  /** The history answered for the last run (with changes, or none because it is the first). */
  changesLoaded = $state(false);
  /** The last saved audits, oldest first, for the overview's trend (null: not read yet). */
  trend = $state.raw<TrendRun[] | null>(null);
  trendError = $state<IpcError | null>(null);
  /** Whether the overview is shown (the admin may fold it away; it stays so across runs). */
  overviewOpen = $state(true);
  /** What a chart of the overview picked: the rows it drew, and how to say so. */
  picked = $state.raw<Picked | null>(null);
  /** `vendor/group` keys of the groups split into scope columns. */
  expanded = $state<string[]>([]);
  /** How the matrix groups its rows, and orders them within each group. */
  grouping = $state<Grouping>("connection");
  sort = $state<SortKey>("score");

  /** Keys (`vendor/connection/id`) of the rows ticked to revoke or export together. */
  selected = $state.raw<Set<string>>(new Set());

  /** The report's rows indexed for the filters, built once per report. */
  readonly index = $derived(new RowIndex(this.report?.assessment.rows ?? []));

  constructor(private api: Api) {}

  /** Runs the audit. Each progress event the page receives over the channel is also left as a
   * `scopekeeper:audit-progress` performance mark (connection, tokens and pages so far; cleared
   * at each run), so a test or a profile can see what arrived, and when. */
  async run(): Promise<void> {
    this.running = true;
    this.cancelled = false;
    this.error = null;
    this.progress = {};
    performance.clearMarks(PROGRESS_MARK);
    try {
      const r = await this.api.call("run_audit", null, (p) => {
        const { tokens_seen, pages_read } = p.progress;
        performance.mark(PROGRESS_MARK, { detail: { connection_id: p.connection_id, tokens_seen, pages_read } });
        this.progress = { ...this.progress, [p.connection_id]: { label: p.label, progress: p.progress } };
      });
      if (r) {
        performance.mark("scopekeeper:audit-data");
        this.refreshes++; // a reading asked for before this run is older than it
        this.report = r;
        this.picked = null;
        this.selected = new Set();
        await Promise.all([this.loadChanges(), this.loadTrend()]);
      } else this.cancelled = true;
    } catch (e) {
      this.error = toIpcError(e);
    } finally {
      this.running = false;
    }
  }

  /** What changed since the audit before the last one, from the history. */
  async loadChanges(): Promise<void> {
    this.historyError = null;
    this.changesLoaded = false;
    try {
      this.changes = await this.api.call("since_last_audit", null);
      this.changesLoaded = true;
    } catch (e) {
      this.changes = null;
      this.historyError = toIpcError(e);
    }
  }

  /** The trend over the last 12 saved audits. */
  async loadTrend(): Promise<void> {
    this.trendError = null;
    this.trend = null;
    try {
      this.trend = await this.api.call("audit_trend", { limit: 12 });
    } catch (e) {
      this.trendError = toIpcError(e);
    }
  }

  /** Reads the last audit again as Rust keeps it (a sweep revoked some of its tokens). */
  async refresh(): Promise<void> {
    if (!this.report) return;
    // Only the latest reading is kept (two revokes in a row: the first one's may come last).
    const mine = ++this.refreshes;
    try {
      const r = await this.api.call("last_audit", null);
      if (r && mine === this.refreshes) {
        this.report = r;
        // A ticked token revoked meanwhile is no longer ticked.
        if (this.selected.size) {
          const still = new Set(r.assessment.rows.map(rowKey));
          const kept = [...this.selected].filter((k) => still.has(k));
          if (kept.length < this.selected.size) this.selected = new Set(kept);
        }
      }
    } catch (e) {
      if (mine === this.refreshes) this.error = toIpcError(e);
    }
  }
  private refreshes = 0;

  isSelected(row: AuditRow): boolean {
    return this.selected.has(rowKey(row));
  }

  toggleSelect(row: AuditRow): void {
    const next = new Set(this.selected);
    if (!next.delete(rowKey(row))) next.add(rowKey(row));
    this.selected = next;
  }

  /** Ticks every row of `rows` (the rows shown), or unticks them all when all are ticked. */
  toggleAll(rows: AuditRow[]): void {
    const next = new Set(this.selected);
    const all = rows.length > 0 && rows.every((r) => next.has(rowKey(r)));
    for (const r of rows) {
      if (all) next.delete(rowKey(r));
      else next.add(rowKey(r));
    }
    this.selected = next;
  }

  clearSelection(): void {
    this.selected = new Set();
  }

  /** The selected rows still in the report, in its order. */
  get selectedRows(): AuditRow[] {
    if (!this.selected.size) return [];
    return (this.report?.assessment.rows ?? []).filter((r) => this.selected.has(rowKey(r)));
  }

  async cancel(): Promise<void> {
    await this.api.call("cancel_audit", null);
  }

  toggleChip(id: string): void {
    this.chips = this.chips.includes(id) ? this.chips.filter((c) => c !== id) : [...this.chips, id];
  }

  toggleGroup(key: string): void {
    this.expanded = this.expanded.includes(key) ? this.expanded.filter((k) => k !== key) : [...this.expanded, key];
  }

  /** The rows the filters let through. */
  get rows(): AuditRow[] {
    return this.index.filter(this.chips, this.text, this.pickedSet);
  }

  /** The picked rows of this report (a revoke makes a new report: the question is asked again). */
  private readonly pickedSet = $derived(this.picked ? this.index.where(this.picked.test) : null);

  /** Shows only the rows `test` holds for, named `label` (null: all again). The chip and text
   * filters are cleared, so the rows shown are exactly the chart's count. */
  pick(picked: Picked | null): void {
    this.picked = picked;
    if (picked) {
      this.chips = [];
      this.text = "";
    }
  }
}

/** A row's stable key, as the history and the templates name a token: `vendor/connection/id`. */
export const rowKey = (row: AuditRow): string => tokenKey(row.token);

/** The replacement of `t` (rotate, narrow): its name, allowlist and length of life carry over. */
export function replacing(t: AuditRow["token"]): Replacing {
  return {
    connection_id: t.connection_id,
    token_id: t.id,
    name: t.name,
    allowlist: t.allowlist,
    lifetime_days: t.expires_ms !== null && t.created_ms !== null ? Math.round((t.expires_ms - t.created_ms) / 86_400_000) : null,
  };
}

/** The rows with every chip whose name, id, owner or a scope holds `text` (one-off: the page
 * keeps an [`RowIndex`] per report). */
export function filterRows(rows: AuditRow[], chips: string[], text: string): AuditRow[] {
  return new RowIndex(rows).filter(chips, text);
}

/** A finding as the drawer shows it: its evidence, with its rule's texts, severity and points
 * (the reply sends those once per rule, in `rules`). */
export type ShownFinding = RuleText & { rule: RuleId; evidence: string };

/** A rule the reply's table lacks (never, for a reply the app sent): its id stands for it, and
 * it counts as critical, so a gap in the table can never make a token look safer. */
function unknownRule(rule: RuleId): RuleText {
  console.error(`audit reply: no text for rule ${rule}`);
  return { title: rule, severity: "critical", points: 0, fix: "" };
}

/** `row`'s findings with their rules' texts from `rules` (the reply's table). */
export function shownFindings(rules: AuditReply["rules"], row: { findings: AuditReplyFinding[] }): ShownFinding[] {
  return row.findings.map((f) => ({ ...(rules[f.rule] ?? unknownRule(f.rule)), rule: f.rule, evidence: f.evidence }));
}

/** Findings per severity over `rows`, each finding's severity from `rules`. */
export function severityCounts(rules: AuditReply["rules"], rows: { findings: AuditReplyFinding[] }[]): Record<"critical" | "high" | "medium" | "low", number> {
  const n = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const r of rows) for (const f of r.findings) n[(rules[f.rule] ?? unknownRule(f.rule)).severity]++;
  return n;
}

/** Whether `row` has a finding of any of `rules`. */
export function hasFinding(row: AuditRow, ...rules: RuleId[]): boolean {
  return row.findings.some((f) => rules.includes(f.rule));
}

/** A row's flags, in fixed places so they line up down the column and read without colour:
 * E elevated (chip `elevated`), W/D write or delete (chip `write_delete`), ∞ no expiry, *
 * any address (chip `any_address`: no allowlist, or one as wide as none). `letters` is what
 * the cell shows (a blank where a flag is not raised), `words` what it says to a screen
 * reader and in its tooltip. */
export function flagsOf(row: AuditRow): { letters: string; words: string } {
  const e = row.chips.includes("elevated");
  const wd = row.chips.includes("write_delete");
  const inf = row.token.expires_ms === null;
  const any = row.chips.includes("any_address");
  const words = [e && "elevated", wd && "write or delete", inf && "no expiry", any && "any address"].filter(Boolean).join(", ");
  return { letters: `${e ? "E" : " "} ${wd ? "W/D" : "   "} ${inf ? "∞" : " "} ${any ? "*" : " "}`, words };
}

/** The matrix's columns, block by block. */
export function columns(blocks: MatrixBlock[], expanded: string[]): Column[] {
  const out: Column[] = [];
  blocks.forEach((b, bi) =>
    b.groups.forEach((g, gi) => {
      const key = `${b.vendor}/${g.id}`;
      if (expanded.includes(key))
        for (const s of g.scopes)
          out.push({ kind: "scope", vendor: b.vendor, block: bi, group: gi, key: `${key}/${s.id}`, name: s.id, scope: s.id, access: LETTER[s.access] });
      else out.push({ kind: "group", vendor: b.vendor, block: bi, group: gi, key, name: g.name, total: g.permissions });
    }),
  );
  return out;
}

/** What one cell shows: `3/6` and a letter, or a scope's letter when held. */
export function cell(row: AuditRow, col: Column, blockVendor: Vendor): { text: string; letter: string; label: string } | null {
  if (row.token.vendor !== blockVendor) return null;
  if (col.kind === "group") {
    const held = row.held[col.group] ?? 0;
    const letter = row.access[col.group] ?? "-";
    if (!held && letter === "-") return { text: "", letter: "-", label: `${col.name}: none of ${col.total} permissions` };
    return {
      text: `${held}/${col.total}`,
      letter,
      label: `${col.name}: ${held} of ${col.total} permissions, highest ${ACCESS_NAME[letter] ?? "none"}`,
    };
  }
  const direct = row.token.scopes.includes(col.scope);
  if (!direct && !row.implied_scopes.includes(col.scope)) return { text: "", letter: "-", label: `${col.scope}: not held` };
  const how = direct ? "held" : "held through a scope that implies it";
  return { text: "", letter: col.access, label: `${col.scope}: ${how} (${ACCESS_NAME[col.access]})` };
}

/** The window of items to draw: first index and count, given the scroll position. */
export function windowOf(scrollTop: number, height: number, rowHeight: number, total: number, overscan = 8) {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const count = Math.min(total - first, Math.ceil(height / rowHeight) + 2 * overscan);
  return { first, count: Math.max(0, count) };
}

export function outcomeNote(vendor: Vendor, unlisted: boolean): string {
  return unlisted ? `${vendorName(vendor)} has no API that lists tokens; only tokens verified here appear.` : "";
}

/** One permission in a diff lane, with the scopes that bring it. */
export type Lane = { id: string; by: string[] };

/** A token against a target: what it holds beyond it (excess), what it lacks (missing), and
 * what both hold (kept); each permission with the scopes bringing it. */
export function lanes(token: Resolution, target: Resolution): { excess: Lane[]; missing: Lane[]; kept: Lane[] } {
  const want = new Map(target.permissions.map((p) => [p.id, p.granted_by]));
  const have = new Set(token.permissions.map((p) => p.id));
  return {
    excess: token.permissions.filter((p) => !want.has(p.id)).map((p) => ({ id: p.id, by: p.granted_by })),
    kept: token.permissions.filter((p) => want.has(p.id)).map((p) => ({ id: p.id, by: p.granted_by })),
    missing: target.permissions.filter((p) => !have.has(p.id)).map((p) => ({ id: p.id, by: p.granted_by })),
  };
}

/** The token's own scopes without those that bring excess (directly or through a scope they
 * imply): the narrowed replacement. */
export function narrowed(token: Resolution, excess: Lane[]): string[] {
  const bringing = new Set(excess.flatMap((l) => l.by));
  const selected = token.scopes.filter((s) => s.reasons.some((r) => r.rule === "selected")).map((s) => s.id);
  const drop = new Set(selected.filter((s) => bringing.has(s)));
  for (const s of token.scopes)
    if (bringing.has(s.id)) for (const r of s.reasons) if (r.rule === "implied_by") drop.add(r.scope);
  return selected.filter((s) => !drop.has(s));
}
