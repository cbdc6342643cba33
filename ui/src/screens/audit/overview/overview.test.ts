import { describe, expect, it } from "vitest";
import type { AuditReplyToken, AuditRow, Overview, TrendRun } from "../../../api";
import { WEEK_MS, bandIndex, bandsText, connectionBars, expiryBucket, expiryColumns, heatLetter, ownerBars, picks, stacked, trendBars, withoutRow } from "./overview";

const NOW = 1_796_094_000_000;
const DAY = 86_400_000;

function row(id: string, band: string, t: Partial<AuditReplyToken> = {}, access = "R-"): AuditRow {
  return {
    token: {
      vendor: "mindbridge",
      connection_id: "c1",
      id,
      name: id,
      created_ms: null,
      expires_ms: NOW + 40 * DAY,
      last_used_ms: null,
      allowlist: [],
      scopes: [],
      is_connection_credential: false,
      credential_of: [],
      listed_as: "",
      owner: null,
      source: "vendor_api",
      broad_reach: null,
      reach: [],
      ...t,
    },
    findings: [],
    score: 0,
    band,
    template: null,
    held: [],
    access,
    chips: [],
    implied_scopes: [],
  };
}

// Six tokens over two connections, and the overview Rust computes of them (written out here by
// hand: the test is that every chart's segment picks exactly the rows its number counts).
const rows: AuditRow[] = [
  row("a", "critical", { expires_ms: null, owner: "bob" }, "AW"),
  row("b", "high", { expires_ms: NOW - DAY, owner: "bob" }, "D-"),
  row("c", "high", { expires_ms: NOW + 3 * DAY }, "W-"),
  row("d", "low", { connection_id: "c2", expires_ms: NOW + WEEK_MS + 1 }, "RR"),
  row("e", "none", { connection_id: "c2", expires_ms: NOW + 200 * DAY, owner: "carol" }, "--"),
  row("f", "medium", { connection_id: "c2", expires_ms: NOW + 12 * WEEK_MS + 5 }, "WW"),
];
const overview: Overview = {
  now_ms: NOW,
  tokens: 6,
  bands: [1, 1, 1, 2, 1],
  connections: [
    { connection_id: "c1", label: "Prod", vendor: "mindbridge", bands: [0, 0, 0, 2, 1] },
    { connection_id: "c2", label: "Staging", vendor: "mindbridge", bands: [1, 1, 1, 0, 0] },
  ],
  expiry: { expired: 1, weeks: [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], later: 1, never: 1 },
  heat: [
    {
      vendor: "mindbridge",
      groups: ["Engagements", "Users"],
      rows: [
        { connection_id: "c1", label: "Prod", cells: [[1, 1, 1], [1, 0, 0]] },
        { connection_id: "c2", label: "Staging", cells: [[1, 0, 0], [1, 0, 0]] },
      ],
    },
  ],
  top: [
    { row: 0, connection_id: "c1", id: "a", name: "a", score: 80, band: "critical", rule: "no_expiry", finding: "Never expires", fix: "Rotate it." },
    { row: 2, connection_id: "c1", id: "c", name: "c", score: 55, band: "high", rule: null, finding: null, fix: null },
  ],
  owners: [
    { owner: "bob", bands: [0, 0, 0, 1, 1], top_score: 80 },
    { owner: null, bands: [0, 1, 1, 1, 0], top_score: 55 },
    { owner: "carol", bands: [1, 0, 0, 0, 0], top_score: 0 },
  ],
};
const count = (p: Parameters<typeof picks>[1], rs = rows) => rs.filter((r) => picks(r, p, NOW)).length;

describe("overview charts", () => {
  it("picks exactly the rows each risk bar counts, riskiest band first", () => {
    const bars = connectionBars(overview, 300);
    expect(bars.map((b) => [b.label, b.total])).toEqual([["Prod", 3], ["Staging", 3]]);
    expect(bars[0].segments.map((s) => s.band)).toEqual([4, 3]);
    for (const b of bars) for (const s of b.segments) expect(count(s.pick!)).toBe(s.value);
    // Owners too, the unowned as one bar.
    const owners = ownerBars(overview, 300);
    expect(owners.map((b) => b.label)).toEqual(["bob", "No owner recorded", "carol"]);
    for (const b of owners) for (const s of b.segments) expect(count(s.pick!)).toBe(s.value);
    expect(ownerBars(overview, 300, 2)).toHaveLength(2);
  });

  it("scales bars to the largest total and leaves empty bands out", () => {
    const bars = stacked([{ key: "x", label: "x", bands: [0, 2, 0, 0, 2], pick: () => null }, { key: "y", label: "y", bands: [0, 0, 0, 0, 1], pick: () => null }], 200);
    expect(bars[0].segments.map((s) => [s.band, s.start, s.size])).toEqual([[4, 0, 100], [1, 100, 100]]);
    expect(bars[1].segments).toEqual([expect.objectContaining({ band: 4, size: 50, value: 1 })]);
    // Nothing at all still draws (no division by zero).
    expect(stacked([{ key: "z", label: "z", bands: [0, 0, 0, 0, 0], pick: () => null }], 200)[0].segments).toEqual([]);
  });

  it("lays the expiry timeline out as expired, 13 weeks, later and never, each picking its rows", () => {
    const cols = expiryColumns(overview);
    expect(cols.map((c) => c.key)).toEqual(["expired", ...Array.from({ length: 13 }, (_, i) => `w${i}`), "later", "never"]);
    expect(cols.map((c) => c.value)).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1]);
    for (const c of cols) expect(count(c.pick)).toBe(c.value);
    expect(expiryBucket(NOW, NOW)).toBe("expired");
    expect(expiryBucket(NOW + WEEK_MS - 1, NOW)).toBe(0);
    expect(expiryBucket(NOW + 13 * WEEK_MS, NOW)).toBe("later");
    expect(cols[0].risk).toBe("expired");
    expect(cols.at(-1)!.risk).toBe("never");
  });

  it("letters a heat cell by its highest access and picks the tokens that write there", () => {
    expect(heatLetter([1, 1, 1])).toBe("A");
    expect(heatLetter([3, 1, 0])).toBe("D");
    expect(heatLetter([3, 0, 0])).toBe("W");
    expect(heatLetter([0, 0, 0])).toBe("");
    for (const r of overview.heat[0].rows)
      r.cells.forEach((c, g) => {
        const n = count({ kind: "heat", vendor: "mindbridge", connection: r.connection_id, group: g, letters: "WDA" });
        expect(n, `${r.label} group ${g}`).toBe(c[0] + c[1] + c[2]);
      });
  });

  it("says the bands in words and counts unknown bands as critical", () => {
    expect(bandsText([1, 0, 2, 0, 3])).toBe("3 critical, 2 medium, 1 no risk found");
    expect(bandsText([0, 0, 0, 0, 0])).toBe("none");
    expect(bandIndex("critical")).toBe(4);
    expect(bandIndex("whatever")).toBe(4);
  });

  it("takes a revoked row out of every count and moves the riskiest list past it", () => {
    const i = 1; // "b": high, expired, bob, D in the first group
    const o = withoutRow(overview, rows[i], i);
    const rest = rows.filter((_, k) => k !== i);
    expect(o.tokens).toBe(5);
    expect(o.bands).toEqual([1, 1, 1, 1, 1]);
    for (const b of connectionBars(o, 300)) for (const s of b.segments) expect(count(s.pick!, rest)).toBe(s.value);
    for (const c of expiryColumns(o)) expect(count(c.pick, rest)).toBe(c.value);
    for (const r of o.heat[0].rows)
      r.cells.forEach((c, g) => expect(count({ kind: "heat", vendor: "mindbridge", connection: r.connection_id, group: g, letters: "WDA" }, rest)).toBe(c[0] + c[1] + c[2]));
    expect(o.top.map((t) => [t.id, t.row])).toEqual([["a", 0], ["c", 1]]);
    expect(o.owners.find((w) => w.owner === "bob")!.bands).toEqual([0, 0, 0, 0, 1]);
    // Owners stay riskiest first: without bob's critical token, the unowned (one high and a
    // medium) come before bob (one high); an owner left with no token is gone.
    expect(withoutRow(overview, rows[0], 0).owners.map((w) => w.owner)).toEqual([null, "bob", "carol"]);
    expect(withoutRow(o, rest[0], 0).owners.map((w) => w.owner)).toEqual([null, "carol"]);
    // The original is untouched.
    expect(overview.tokens).toBe(6);
  });

  it("draws the trend oldest first on one scale", () => {
    const runs: TrendRun[] = [
      { id: 1, at_ms: 1, at: "2026-12-01T10:00:00+00:00", tokens: 2, bands: [0, 0, 0, 0, 2], changes: null, damaged: null },
      { id: 2, at_ms: 2, at: "2026-12-02T10:00:00+00:00", tokens: 4, bands: [0, 0, 0, 2, 2], changes: null, damaged: null },
    ];
    const bars = trendBars(runs, 100);
    expect(bars.map((b) => b.total)).toEqual([2, 4]);
    expect(bars[0].segments[0].size).toBe(50);
  });
});
