import { describe, expect, it } from "vitest";
import type { AuditRow, AuditToken } from "../../../api";
import { RowIndex, count, indices } from "./auditFilter";

// The filter the page used before the index: every row read at each key.
function naive(rows: AuditRow[], chips: string[], text: string): AuditRow[] {
  const q = text.trim().toLowerCase();
  if (!chips.length && !q) return rows;
  return rows.filter(
    (r) =>
      chips.every((c) => r.chips.includes(c)) &&
      (!q ||
        r.token.name.toLowerCase().includes(q) ||
        r.token.id.toLowerCase().includes(q) ||
        (r.token.owner ?? "").toLowerCase().includes(q) ||
        r.token.scopes.some((s) => s.toLowerCase().includes(q))),
  );
}

const CHIPS = ["no_expiry", "elevated", "wide_allowlist", "stale", "write_delete"];
const NAMES = ["ci-read", "etl-loader", "Break-Glass", "ΑΣ team", "webhook-relay"];
const OWNERS = [null, "Jane Admin", "ops@example.com", "svc-provisioning"];
const SCOPES = ["api.users.read", "api.users.write", "api.engagements.read", "Admin:All", "files:write"];

// A deterministic mix of rows (a linear congruential generator), enough to cross word edges.
function rows(n: number): AuditRow[] {
  let seed = 7;
  const next = (m: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % m);
  return Array.from({ length: n }, (_, i) => {
    const token = {
      vendor: i < n / 2 ? "mindbridge" : "cortex",
      connection_id: "c1",
      id: `tok${i}`,
      name: `${NAMES[next(NAMES.length)]}-${["prod", "dev"][next(2)]}-${String(i).padStart(4, "0")}`,
      owner: OWNERS[next(OWNERS.length)],
      scopes: SCOPES.filter(() => next(3) === 0),
    } as AuditToken;
    const chips = CHIPS.filter(() => next(4) === 0);
    return { token, findings: [], score: 0, band: "none", template: null, held: [], access: "", chips, implied_scopes: [] };
  });
}

const ids = (rs: AuditRow[]) => rs.map((r) => r.token.id);

describe("audit row index", () => {
  const all = rows(1000);
  const queries = ["", " ", "etl", "ETL-LOADER", "-prod-0", "tok99", "jane", "OPS@", "users.w", "admin:all", "ασ", "σ t", "nothing-matches", "\u0000", "glass-dev-0\u0000tok"];

  it("gives what the old filter gave, for every chip, pair of chips and text", () => {
    const index = new RowIndex(all);
    const chipSets = [[], ...CHIPS.map((c) => [c]), ["no_expiry", "elevated"], ["stale", "write_delete", "wide_allowlist"], ["not_a_chip"]];
    for (const chips of chipSets)
      for (const q of queries) expect(ids(index.filter(chips, q)), `${chips} / ${JSON.stringify(q)}`).toEqual(ids(naive(all, chips, q)));
  });

  it("narrows a growing query and starts again when it shrinks or changes", () => {
    const index = new RowIndex(all);
    const typed = ["e", "et", "etl", "etl-", "etl-l", "etl-lo", "etl-loader-prod-0", "etl-loader-prod-00", "etl-loader-prod-0", "prod", "prod-1", "", "dev"];
    for (const q of typed) expect(ids(index.filter(["elevated"], q)), q).toEqual(ids(naive(all, ["elevated"], q)));
    for (const q of typed) expect(ids(index.filter([], q)), q).toEqual(ids(naive(all, [], q)));
  });

  it("counts each chip's rows, and an unknown chip has none", () => {
    const index = new RowIndex(all);
    for (const c of CHIPS) expect(index.chipCount(c), c).toBe(all.filter((r) => r.chips.includes(c)).length);
    expect(index.chipCount("not_a_chip")).toBe(0);
    expect(new RowIndex([]).filter(["stale"], "x")).toEqual([]);
  });

  it("returns the report's own rows, in order, when nothing filters", () => {
    const index = new RowIndex(all);
    expect(index.filter([], "  ")).toBe(all);
  });

  it("lists and counts a bitset's indices across word edges", () => {
    const set = new Uint32Array(3);
    for (const i of [0, 31, 32, 63, 64, 95]) set[i >>> 5] |= 1 << (i & 31);
    expect(indices(set)).toEqual([0, 31, 32, 63, 64, 95]);
    expect(count(set)).toBe(6);
    expect(count(new Uint32Array([0xffffffff]))).toBe(32);
  });
});
