// Audit rows and replies as Rust sends them, for the audit screen's tests.
import type { AuditReply, AuditReplyToken, AuditRow, MatrixBlock } from "../../api";

export function tok(id: string, over: Partial<AuditReplyToken> = {}): AuditReplyToken {
  return {
    vendor: "mindbridge",
    connection_id: "c1",
    id,
    name: id,
    created_ms: null,
    expires_ms: Date.now() + 40 * 86_400_000,
    last_used_ms: null,
    allowlist: ["203.0.113.0/24"],
    scopes: ["api.engagements.read"],
    is_connection_credential: false,
    credential_of: [],
    listed_as: "cortex http://127.0.0.1:1 7",
    owner: null,
    source: "vendor_api",
    broad_reach: null,
    reach: [],
    ...over,
  };
}
export function row(id: string, chips: string[], over: Partial<AuditRow> = {}, t: Partial<AuditReplyToken> = {}): AuditRow {
  return { token: tok(id, t), findings: [], score: 0, band: "none", template: null, held: [1, 0], access: "R-", chips, implied_scopes: [], ...over };
}
export const block: MatrixBlock = {
  vendor: "mindbridge",
  catalog_id: "mindbridge",
  catalog_origin: "built in",
  catalog_hash: "0123456789ab",
  catalog_sources: [],
  groups: [
    { id: "engagements", name: "Engagements", permissions: 3, scopes: [{ id: "api.engagements.read", access: "read" }, { id: "api.engagements.write", access: "write" }] },
    { id: "users", name: "Users", permissions: 3, scopes: [{ id: "api.users.read", access: "read" }] },
  ],
};

export const NO_EXPIRY = { title: "Never expires", severity: "high" as const, points: 20, fix: "Rotate it into a token with an expiry." };

export function report(rows: AuditRow[]): AuditReply {
  return {
    generated_at: "2026-12-01T17:00:00+00:00",
    generated_ms: 0,
    actor: "alice",
    rules: { no_expiry: NO_EXPIRY },
    assessment: {
      rows,
      blocks: [block],
      chips: [
        { id: "no_expiry", label: "No expiry", count: 0 },
        { id: "elevated", label: "Elevated", count: 0 },
      ],
      by_severity: [0, 0, 0, 0],
    },
    outcomes: [
      { connection_id: "c1", label: "Prod", vendor: "mindbridge", tokens: rows.length, error: null, unlisted: false },
      { connection_id: "c9", label: "Broken", vendor: "cortex", tokens: 0, error: { kind: "vendor_unauthorized", message: "Cortex refused the key (401).", details: [] }, unlisted: false },
    ],
    overview: overviewOf(rows),
  };
}

/** The overview Rust would send for `rows` (all of connection c1, expiring in 40 days or never,
 * unowned, reading only): the counts these tests need. */
export function overviewOf(rows: AuditRow[]): AuditReply["overview"] {
  const bands: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  for (const r of rows) bands[["none", "low", "medium", "high", "critical"].indexOf(r.band)]++;
  const never = rows.filter((r) => r.token.expires_ms === null).length;
  const weeks = Array(13).fill(0);
  weeks[5] = rows.length - never;
  return {
    now_ms: Date.now(),
    tokens: rows.length,
    bands,
    connections: [
      { connection_id: "c1", label: "Prod", vendor: "mindbridge", bands },
      { connection_id: "c9", label: "Broken", vendor: "cortex", bands: [0, 0, 0, 0, 0] },
    ],
    expiry: { expired: 0, weeks, later: 0, never },
    heat: [],
    top: rows.flatMap((r, i) => (r.score ? [{ row: i, connection_id: "c1", id: r.token.id, name: r.token.name, score: r.score, band: r.band, rule: null, finding: null, fix: null }] : [])),
    owners: [{ owner: null, bands, top_score: Math.max(0, ...rows.map((r) => r.score)) }],
  };
}
