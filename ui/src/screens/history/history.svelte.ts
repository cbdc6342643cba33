// What changed since the last audit, as the audit screen marks it: which rows are new or
// changed, and which matrix cells (a group, or an expanded scope) hold a scope that came or went.

import type { AuditToken, Changes, ChangeCounts, MatrixBlock, TokenChange } from "../../api";

/** The history's key of a token (as `token_key` in Rust). */
export const tokenKey = (t: Pick<AuditToken, "vendor" | "connection_id" | "id">) => `${t.vendor}/${t.connection_id}/${t.id}`;

export type Marks = {
  /** Token key → "new" or "changed". */
  rows: Map<string, "new" | "changed">;
  /** Token key → the column keys (`vendor/group`, `vendor/group/scope`) whose cells changed. */
  cells: Map<string, Set<string>>;
};

/** The marks the matrix draws for `changes`. */
export function marks(changes: Changes | null, blocks: MatrixBlock[]): Marks {
  const rows = new Map<string, "new" | "changed">();
  const cells = new Map<string, Set<string>>();
  if (!changes) return { rows, cells };
  for (const c of changes.tokens) {
    if (c.kind === "vanished") continue;
    rows.set(c.key, c.kind === "added" ? "new" : "changed");
    const moved = [...c.scopes_added, ...c.scopes_removed];
    const block = blocks.find((b) => b.vendor === c.vendor);
    if (!moved.length || !block) continue;
    const set = new Set<string>();
    for (const g of block.groups)
      for (const s of g.scopes)
        if (moved.includes(s.id)) {
          set.add(`${block.vendor}/${g.id}`);
          set.add(`${block.vendor}/${g.id}/${s.id}`);
        }
    if (set.size) cells.set(c.key, set);
  }
  return { rows, cells };
}

/** The counts as short phrases, only those that are not zero. */
export function countPhrases(n: ChangeCounts): { id: string; text: string }[] {
  const all: [string, number, string][] = [
    ["new", n.new, "new"],
    ["vanished", n.vanished, `vanished (${n.vanished_gone} revoked or gone, ${n.vanished_expired} expired)`],
    ["widened", n.widened, "widened"],
    ["narrowed", n.narrowed, "narrowed"],
    ["expiry", n.expiry_changed, "expiry changed"],
    ["allowlist", n.allowlist_changed, "allowlist changed"],
    ["score_up", n.score_up, "score up"],
    ["score_down", n.score_down, "score down"],
    ["renamed", n.renamed, "renamed"],
  ];
  return all.filter(([, count]) => count > 0).map(([id, count, text]) => ({ id, text: `${count} ${text}` }));
}

const day = (ms: number | null) => (ms === null ? "never" : new Date(ms).toLocaleDateString("sv-SE"));

/** One change in words, one phrase per thing that moved. */
export function describe(c: TokenChange): string[] {
  if (c.kind === "added") return [`new: ${c.scopes_added.length} scopes, ${c.permissions_added_count} permissions`];
  if (c.kind === "vanished") return [c.vanished === "expired" ? "vanished: it had expired" : "vanished: revoked or deleted"];
  const out: string[] = [];
  if (c.name_before) out.push(`renamed from “${c.name_before}”`);
  if (c.scopes_added.length) out.push(`widened: + ${c.scopes_added.join(", ")}`);
  if (c.scopes_removed.length) out.push(`narrowed: − ${c.scopes_removed.join(", ")}`);
  if (!c.scopes_added.length && !c.scopes_removed.length && (c.permissions_added_count || c.permissions_removed_count))
    out.push(`permissions + ${c.permissions_added_count} / − ${c.permissions_removed_count} (the role's definition changed)`);
  if (c.expiry_changed) out.push(`expiry ${day(c.expires_before_ms)} → ${day(c.expires_after_ms)}`);
  if (c.allowlist_changed) out.push(`allowlist ${c.allowlist_before.join(", ") || "any address"} → ${c.allowlist_after.join(", ") || "any address"}`);
  if (c.score_before !== null && c.score_after !== null && c.score_before !== c.score_after) out.push(`score ${c.score_before} → ${c.score_after}`);
  return out;
}
