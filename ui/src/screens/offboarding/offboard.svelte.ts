// The offboarding sweep's state: the query, the dry run's plan, which tokens are ticked, the
// typed confirmation, and each token's outcome as it settles. The plan itself stays in Rust
// too: a revoke is only ever of tokens the last dry run found.

import type { Api, AuditProgress, IpcError, SweepMatch, SweepOutcome, SweepPlan, SweepQuery } from "../../api";
import { toIpcError } from "../../api";
import { breaksConnections } from "../../parts/credentials";

export const matchKey = (m: SweepMatch) => `${m.token.connection_id}/${m.token.id}`;

/** The other connections that sign in with a match's token: revoking it breaks them. */
export const matchBreaks = (m: SweepMatch) => breaksConnections(m.token.credential_of, m.token.connection_id);

/** "a, b\nc" → ["a", "b", "c"]: people have a name at one vendor and an address at another. */
export function splitOwners(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export class Offboard {
  owners = $state("");
  pattern = $state("");
  createdBy = $state("");
  fingerprint = $state("");
  plan = $state.raw<SweepPlan | null>(null);
  progress = $state<Record<string, AuditProgress>>({});
  running = $state(false);
  error = $state<IpcError | null>(null);
  ticked = $state<Set<string>>(new Set());
  typed = $state("");
  confirming = $state(false);
  revoking = $state(false);
  revokeError = $state<IpcError | null>(null);
  outcomes = $state.raw<SweepOutcome[]>([]);
  /** A connection's credential the admin is ticking: it waits for the confirmation naming the
   * connections it breaks. */
  breaking = $state.raw<SweepMatch | null>(null);

  /** The plan is of tokens selected in the audit (no query: nothing to run again). */
  fromAudit = $state(false);

  /** `onchanged`: tokens were revoked (the audit then reads its report again). */
  constructor(
    private api: Api,
    private onchanged?: () => void,
  ) {}

  /** A new sweep for one owner's tokens (the audit overview offers one per owner): the form
   * filled with the owner, nothing else of an earlier sweep kept; the dry run is the admin's. */
  startFor(owner: string): void {
    if (this.revoking) return; // its outcome stays on screen
    this.owners = owner;
    this.pattern = "";
    this.createdBy = "";
    this.fingerprint = "";
    this.fromAudit = false;
    this.plan = null;
    this.error = null;
    this.ticked = new Set();
    this.typed = "";
    this.confirming = false;
    this.revokeError = null;
    this.outcomes = [];
    this.breaking = null;
  }

  /** The tokens `keys` ticked in the audit, as the plan to review: nothing is read from the
   * vendors until the revoke (which reads each connection's list again first). */
  async startForSelection(keys: string[]): Promise<void> {
    if (this.revoking) {
      // The running revoke's outcome stays on screen (Rust would refuse a new plan anyway).
      this.revokeError = { kind: "conflict", message: "A sweep is revoking; wait for its outcome, then review the selection again.", details: [] };
      return;
    }
    this.startFor("");
    this.fromAudit = true;
    this.running = true;
    try {
      this.adopt(await this.api.call("sweep_select", { tokens: keys }));
    } catch (e) {
      this.error = toIpcError(e);
    } finally {
      this.running = false;
    }
  }

  /** A new plan, its revocable tokens ticked — but never a connection's credential, which is
   * ticked only after its own confirmation. */
  private adopt(plan: SweepPlan): void {
    this.plan = plan;
    this.ticked = new Set(plan.matches.filter((m) => m.cannot_revoke === null && !matchBreaks(m).length).map(matchKey));
  }

  query(): SweepQuery {
    const opt = (s: string) => (s.trim() ? s.trim() : null);
    return { owners: splitOwners(this.owners), name_pattern: opt(this.pattern), created_by: opt(this.createdBy), fingerprint: opt(this.fingerprint) };
  }

  get revocable(): SweepMatch[] {
    return (this.plan?.matches ?? []).filter((m) => m.cannot_revoke === null);
  }

  get chosen(): SweepMatch[] {
    return this.revocable.filter((m) => this.ticked.has(matchKey(m)));
  }

  /** The dry run: nothing is changed at any vendor. */
  async find(): Promise<void> {
    this.running = true;
    this.error = null;
    this.progress = {};
    // A failed dry run must not leave the previous one on screen to revoke from.
    this.plan = null;
    this.ticked = new Set();
    this.outcomes = [];
    this.confirming = false;
    this.breaking = null;
    this.typed = "";
    try {
      this.fromAudit = false;
      this.adopt(await this.api.call("sweep_plan", { query: this.query() }, (p) => (this.progress = { ...this.progress, [p.connection_id]: p })));
    } catch (e) {
      this.error = toIpcError(e);
    } finally {
      this.running = false;
    }
  }

  /** Unticks, or ticks — a connection's credential only after [`confirmBreak`]. */
  toggle(m: SweepMatch): void {
    const next = new Set(this.ticked);
    if (!next.delete(matchKey(m))) {
      if (matchBreaks(m).length) {
        this.breaking = m;
        return;
      }
      next.add(matchKey(m));
    }
    this.ticked = next;
    this.typed = "";
  }

  /** The admin confirmed breaking the connections of the credential being ticked. */
  confirmBreak(): void {
    if (!this.breaking) return;
    this.ticked = new Set(this.ticked).add(matchKey(this.breaking));
    this.breaking = null;
    this.typed = "";
  }

  /** Revokes the ticked tokens; each outcome shows as it settles. */
  async revoke(): Promise<void> {
    // A ticked credential was confirmed apart: its connections go along as confirmed.
    const targets = this.chosen.map((m) => ({ connection_id: m.token.connection_id, token_id: m.token.id, confirmed_breaks: matchBreaks(m).map((u) => u.connection_id) }));
    this.revoking = true;
    this.revokeError = null;
    this.outcomes = [];
    try {
      const live: SweepOutcome[] = [];
      const all = await this.api.call("sweep_revoke", { targets, typed: this.typed }, (o) => {
        live.push(o);
        this.outcomes = [...live];
      });
      this.outcomes = all;
      this.confirming = false;
      this.typed = "";
      if (all.some((o) => o.result === "revoked" || o.result === "already_gone")) this.onchanged?.();
    } catch (e) {
      this.revokeError = toIpcError(e);
    } finally {
      this.revoking = false;
    }
  }

  /** Counts of each result, for the outcome's summary. */
  get tally(): Record<SweepOutcome["result"], number> {
    const n = { revoked: 0, already_gone: 0, failed: 0, unconfirmed: 0 };
    for (const o of this.outcomes) n[o.result]++;
    return n;
  }
}
