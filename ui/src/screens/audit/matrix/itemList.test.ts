import { describe, expect, it } from "vitest";
import type { AuditReplyToken, AuditRow } from "../../../api";
import { flagsOf, windowOf } from "../audit.svelte";
import { type Grouping, type Item, ItemList, NO_OWNER, NO_SCOPE, type SortKey } from "./itemList";

const DAY = 86_400_000;
function row(id: string, chips: string[], over: Partial<AuditRow> = {}, t: Partial<AuditReplyToken> = {}): AuditRow {
  const token: AuditReplyToken = {
    vendor: "mindbridge",
    connection_id: "c1",
    id,
    name: id,
    created_ms: null,
    expires_ms: 1_800_000_000_000,
    last_used_ms: null,
    allowlist: ["203.0.113.0/24"],
    scopes: ["api.engagements.read"],
    is_connection_credential: false,
    credential_of: [],
    listed_as: "",
    owner: null,
    source: "vendor_api",
    broad_reach: null,
    reach: [],
    ...t,
  };
  return { token, findings: [], score: 0, band: "none", template: null, held: [1, 0], access: "R-", chips, implied_scopes: [], ...over };
}

/** The list written out: a header as `key (tokens)`, a row as its token id. */
function written(list: ItemList): string[] {
  return list.slice(0, list.length).map((it: Item) => (it.kind === "row" ? it.row.token.id : `${it.key} (${it.tokens})`));
}

describe("the matrix's item list", () => {
  it("finds every item of a long grouped list by position, headers where they belong", () => {
    // Runs of 1, 3, 5, … rows, one connection split across the two vendors.
    const rows = Array.from({ length: 300 }, (_, i) => row(`t${i}`, [], {}, { vendor: i < 170 ? "mindbridge" : "cortex", connection_id: `c${Math.floor(Math.sqrt(i))}` }));
    const items = new ItemList(rows, new Map());
    expect([...items.vendors]).toEqual(["mindbridge", "cortex"]);
    expect([...new ItemList(rows.slice(0, 1), new Map()).vendors]).toEqual(["mindbridge"]);
    // The flat list written out: a header before the first row of each vendor and connection.
    const flat: string[] = [];
    let v = "";
    let c = "";
    for (const r of rows) {
      if (r.token.vendor !== v) (v = r.token.vendor), (c = ""), flat.push(`v:${v}`);
      if (r.token.connection_id !== c) (c = r.token.connection_id), flat.push(`c:${c}`);
      flat.push(r.token.id);
    }
    expect(items.length).toBe(flat.length);
    const name = (i: number) => {
      const it = items.at(i);
      return it.kind === "row" ? it.row.token.id : it.key;
    };
    expect(Array.from({ length: items.length }, (_, i) => name(i))).toEqual(flat);
    expect(items.slice(flat.length - 2, 30).length).toBe(2);
  });

  it("puts vendor and connection headers around grouped rows and windows the list", () => {
    const rows = [row("a", []), row("b", [], {}, { connection_id: "c2" }), row("k", [], {}, { vendor: "cortex", connection_id: "c3" })];
    const items = new ItemList(rows, new Map([["c1", "Prod"]]));
    const list = items.slice(0, items.length);
    expect(list.length).toBe(8);
    expect(list.filter((i) => i.kind === "row").map((i) => (i.kind === "row" ? i.row.token.id : ""))).toEqual(["a", "b", "k"]);
    expect(items.at(4)).toBe(list[4]);
    expect(items.slice(6, 10).map((i) => i.kind)).toEqual(["group", "row"]);
    expect(list.map((i) => i.kind)).toEqual(["vendor", "group", "row", "group", "row", "vendor", "group", "row"]);
    expect(list[0]).toMatchObject({ tokens: 2 });
    expect(list[1]).toMatchObject({ label: "Prod", tokens: 1 });
    expect(windowOf(0, 340, 34, 10_000, 8)).toEqual({ first: 0, count: 26 });
    expect(windowOf(34 * 5000, 340, 34, 10_000, 8)).toEqual({ first: 4992, count: 26 });
    expect(windowOf(34 * 9999, 340, 34, 10_000, 8).first + windowOf(34 * 9999, 340, 34, 10_000, 8).count).toBe(10_000);
  });
});

// Six tokens over two vendors, three connections and two owners; the report's order (vendor,
// connection, the credential first, then riskiest).
const T = 1_800_000_000_000;
const estate = [
  row("cred", [], { score: 10 }, { name: "Zed admin", is_connection_credential: true, owner: "ops", expires_ms: T + 9 * DAY, last_used_ms: T - DAY, scopes: ["api.admin"] }),
  row("a", [], { score: 80 }, { name: "alpha", owner: "jane", expires_ms: null, last_used_ms: T - 5 * DAY, scopes: ["api.engagements.read", "api.engagements.write"] }),
  row("b", [], { score: 40 }, { name: "Bravo 10", owner: "jane", expires_ms: T + 2 * DAY, last_used_ms: null }),
  row("c", [], { score: 40 }, { name: "bravo 9", connection_id: "c2", expires_ms: T - 3 * DAY, last_used_ms: T - 9 * DAY, scopes: [] }),
  row("k1", [], { score: 95 }, { name: "key one", vendor: "cortex", connection_id: "c3", owner: "ops", expires_ms: T + 1 * DAY, last_used_ms: T, scopes: ["keys:read"] }),
  row("k2", [], { score: 90 }, { name: "key two", vendor: "cortex", connection_id: "c3", expires_ms: null, last_used_ms: null, scopes: ["keys:read", "keys:read"] }),
];
const ids = (grouping: Grouping, sort: SortKey, rows = estate) => written(new ItemList(rows, new Map([["c1", "Prod"]]), grouping, sort));

describe("grouping and sorting the matrix", () => {
  it("orders by connection and score, the credential first, as the report does", () => {
    expect(ids("connection", "score")).toEqual(["v:mindbridge (4)", "c:c1 (3)", "cred", "a", "b", "c:c2 (1)", "c", "v:cortex (2)", "c:c3 (2)", "k1", "k2"]);
    // Sorted honestly, not trusted: a report out of score order is put in it.
    const shuffled = [estate[2], estate[0], estate[1]];
    expect(ids("connection", "score", shuffled)).toEqual(["v:mindbridge (3)", "c:c1 (3)", "cred", "a", "b"]);
  });

  it("sorts within each connection by expiry (never first), last use (never first), or name", () => {
    expect(ids("connection", "expiry")).toEqual(["v:mindbridge (4)", "c:c1 (3)", "a", "b", "cred", "c:c2 (1)", "c", "v:cortex (2)", "c:c3 (2)", "k2", "k1"]);
    expect(ids("connection", "last_used")).toEqual(["v:mindbridge (4)", "c:c1 (3)", "b", "a", "cred", "c:c2 (1)", "c", "v:cortex (2)", "c:c3 (2)", "k2", "k1"]);
    // Case-insensitive, numbers as numbers: "alpha" < "Bravo 10"; the credential is sorted too.
    expect(ids("connection", "name").slice(0, 5)).toEqual(["v:mindbridge (4)", "c:c1 (3)", "a", "b", "cred"]);
  });

  it("groups by owner, A to Z, with the tokens no vendor names an owner for last", () => {
    expect(ids("owner", "score")).toEqual(["o:jane (2)", "a", "b", "o:ops (2)", "k1", "cred", "o: (2)", "k2", "c"]);
    const list = new ItemList(estate, new Map(), "owner", "score");
    expect(list.at(6)).toMatchObject({ kind: "group", by: "owner", label: NO_OWNER, level: 1 });
    expect([...list.vendors]).toEqual(["mindbridge", "cortex"]);
    expect(ids("owner", "name")).toEqual(["o:jane (2)", "a", "b", "o:ops (2)", "k1", "cred", "o: (2)", "c", "k2"]);
  });

  it("groups by scope: a token under each scope it carries directly, once, and counts tokens", () => {
    expect(ids("scope", "expiry")).toEqual([
      "v:mindbridge (4)",
      "s:mindbridge/api.admin (1)",
      "cred",
      "s:mindbridge/api.engagements.read (2)",
      "a",
      "b",
      "s:mindbridge/api.engagements.write (1)",
      "a",
      "s:mindbridge/ (1)",
      "c",
      "v:cortex (2)",
      "s:cortex/keys:read (2)",
      "k2",
      "k1",
    ]);
    const list = new ItemList(estate, new Map(), "scope", "score");
    expect(list.at(8)).toMatchObject({ kind: "group", label: NO_SCOPE });
    // Each place a token is listed is its own item, and stays the same object.
    expect(list.at(4)).not.toBe(list.at(7));
    expect(list.at(7)).toBe(list.at(7));
  });

  it("lists a filtered subset of a report as it lists the subset alone, under every grouping and order", () => {
    const subset = [estate[0], estate[2], estate[3], estate[5]];
    for (const g of ["connection", "owner", "scope"] as const)
      for (const s of ["score", "expiry", "last_used", "name"] as const) {
        const alone = written(new ItemList(subset, new Map(), g, s));
        expect(written(new ItemList(subset, new Map(), g, s, estate)), `${g}/${s}`).toEqual(alone);
      }
    expect(ids("connection", "score", subset)).toEqual(["v:mindbridge (3)", "c:c1 (2)", "cred", "b", "c:c2 (1)", "c", "v:cortex (1)", "c:c3 (1)", "k2"]);
    // Rows not drawn from the report given (never, from the page): listed on their own.
    const stranger = row("z", [], { score: 1 });
    expect(written(new ItemList([stranger], new Map(), "owner", "score", estate))).toEqual(["o: (1)", "z"]);
  });

  it("regroups 10,000 rows without making an item per row", () => {
    const many = Array.from({ length: 10_000 }, (_, i) => row(`t${i}`, [], { score: i % 97 }, { owner: i % 3 ? `o${i % 50}` : null, expires_ms: i % 7 ? T + i * 1000 : null }));
    const list = new ItemList(many, new Map(), "owner", "expiry");
    expect(list.length).toBe(10_000 + 51);
    const first = list.slice(0, 30).filter((it) => it.kind === "row").map((it) => (it.kind === "row" ? it.row.token.expires_ms : 0));
    // Within the first owner: never-expiring first, then soonest.
    const never = first.filter((e) => e === null).length;
    expect(never).toBeGreaterThan(0);
    expect(first.slice(0, never).every((e) => e === null)).toBe(true);
    const dated = first.slice(never) as number[];
    expect(dated).toEqual([...dated].sort((x, y) => x - y));
    expect((list as unknown as { made: Item[] }).made.filter(Boolean).length).toBeLessThanOrEqual(30);
  });
});

describe("a row's flags", () => {
  it("letters each flag in its own place, and says each in words", () => {
    expect(flagsOf(row("x", ["elevated", "write_delete", "any_address"], {}, { expires_ms: null }))).toEqual({ letters: "E W/D ∞ *", words: "elevated, write or delete, no expiry, any address" });
    expect(flagsOf(row("x", ["write_delete"]))).toEqual({ letters: "  W/D    ", words: "write or delete" });
    expect(flagsOf(row("x", ["any_address", "no_expiry"]))).toEqual({ letters: "        *", words: "any address" });
    expect(flagsOf(row("x", [], {}, { expires_ms: null }))).toEqual({ letters: "      ∞  ", words: "no expiry" });
    expect(flagsOf(row("x", []))).toEqual({ letters: "         ", words: "" });
  });
});
