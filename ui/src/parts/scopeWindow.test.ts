import { describe, expect, it, vi } from "vitest";
import { chunksOf, rowsOf, ScopeLayout, ScopePager } from "./scopeWindow";
import type { GroupSpan, ScopePage, ScopeRow } from "../api";

const row = (i: number): ScopeRow => ({
  id: `s${i}`,
  name: null,
  description: "",
  group: null,
  grants: [],
  implies: [],
  requires: [],
  default: false,
  required: false,
  elevated: false,
  kinds: [],
  source: null,
});

/** 1,000 scopes in three groups: a (0..10), b (10..990), c (990..1000). */
const groups: GroupSpan[] = [
  { id: "a", title: "A", start: 0, count: 10 },
  { id: "b", title: "B", start: 10, count: 980 },
  { id: "c", title: "C", start: 990, count: 10 },
];

/** A fake `catalog_scopes` over `total` scopes: rows as asked, `around` centred as the core does. */
function catalog(total = 1000) {
  return vi.fn(async (offset: number, limit: number, around: string | null): Promise<ScopePage> => {
    const at = around === null ? -1 : Number(around.slice(1));
    const start = at >= 0 && at < total ? Math.max(0, at - Math.floor(limit / 2)) : offset;
    const rows = Array.from({ length: Math.max(0, Math.min(limit, total - start)) }, (_, k) => row(start + k));
    return { total, offset: start, rows, groups };
  });
}

describe("ScopeLayout", () => {
  it("puts each group's header before its rows", () => {
    const l = new ScopeLayout(groups, 1000, { header: 40, row: 20 });
    expect(l.length).toBe(1003);
    expect(l.item(0)).toMatchObject({ row: null, group: { id: "a" } });
    expect(l.item(1)).toMatchObject({ row: 0 });
    expect(l.item(11)).toMatchObject({ row: null, group: { id: "b" } });
    expect(l.item(12)).toMatchObject({ row: 10, group: { id: "b" } });
    expect(l.item(1002)).toMatchObject({ row: 999, group: { id: "c" } });
    expect(l.positionOf(0)).toBe(1);
    expect(l.positionOf(10)).toBe(12);
    expect(l.positionOf(999)).toBe(1002);
  });

  it("shows only the first `count` rows and the groups they reach", () => {
    const l = new ScopeLayout(groups, 300, { header: 40, row: 20 });
    expect(l.groups.map((g) => g.id)).toEqual(["a", "b"]);
    expect(l.length).toBe(302);
    expect(l.item(301)).toMatchObject({ row: 299 });
  });

  it("renders the items in view plus the overscan, and no more", () => {
    const l = new ScopeLayout(groups, 1000, { header: 40, row: 20 });
    // Header a 0..40, rows 0..9 at 40..240, header b 240..280, row 10 at 280..300.
    expect(l.range(0, 100, 0)).toEqual([0, 4]);
    expect(l.range(285, 305, 0)).toEqual([12, 14]);
    expect(l.range(285, 305, 5)).toEqual([7, 19]);
    const [from, to] = l.range(10_000, 10_500, 10);
    expect(to - from).toBeLessThanOrEqual(26 + 20);
    expect(l.range(1e9, 1e9 + 500, 3)).toEqual([999, 1003]);
  });

  it("uses measured heights, and their mean for rows not measured yet", () => {
    const l = new ScopeLayout(groups, 1000, { header: 40, row: 20 });
    expect(l.offset(1003)).toBe(3 * 40 + 1000 * 20);
    expect(l.measure(1, 50)).toBe(true);
    expect(l.measure(1, 50.2)).toBe(false);
    // Every unmeasured row is now taken as 50 px too.
    expect(l.offset(1003)).toBe(3 * 40 + 1000 * 50);
    l.measure(2, 30);
    expect(l.offset(2)).toBe(40 + 50);
    expect(l.offset(3)).toBe(40 + 50 + 30);
    expect(l.offset(1003)).toBe(3 * 40 + 80 + 998 * 40);
    expect(l.measure(5000, 10)).toBe(false);
  });
});

describe("ScopePager", () => {
  it("opens on the first page and fetches further pages as they come into view, once", async () => {
    const fetch = catalog();
    const changed = vi.fn();
    const p = new ScopePager(fetch, changed, () => {}, 100, 3);
    expect(await p.open()).toBeNull();
    expect(p.total).toBe(1000);
    expect(p.groups).toEqual(groups);
    expect(p.row(99)?.id).toBe("s99");
    expect(p.row(100)).toBeUndefined();
    p.want(50, 250);
    p.want(50, 250);
    await vi.waitFor(() => expect(p.row(249)?.id).toBe("s249"));
    expect(fetch.mock.calls.map((c) => c[0])).toEqual([0, 100, 200]);
    expect(changed).toHaveBeenCalledTimes(3);
  });

  it("keeps a few pages and drops the ones farthest from the window", async () => {
    const p = new ScopePager(catalog(), () => {}, () => {}, 100, 3);
    await p.open();
    for (const at of [100, 200, 300, 400, 500]) {
      p.want(at, at + 100);
      await vi.waitFor(() => expect(p.row(at)?.id).toBe(`s${at}`));
    }
    expect(p.held).toBe(3);
    expect(p.row(0)).toBeUndefined();
    expect(p.row(550)?.id).toBe("s550");
  });

  it("opens on the page around a scope and says where it is", async () => {
    const p = new ScopePager(catalog(), () => {}, () => {}, 100);
    expect(await p.open("s740")).toBe(740);
    expect(p.row(690)?.id).toBe("s690");
    expect(p.row(689)).toBeUndefined();
    expect(await p.open("nope")).toBeNull();
  });

  it("drops replies to a question asked before the last open", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = catalog(1000);
    const fetch = vi.fn(async (o: number, l: number, a: string | null) => {
      if (o === 300) await gate;
      return slow(o, l, a);
    });
    const p = new ScopePager(fetch, () => {}, () => {}, 100);
    await p.open();
    p.want(300, 400);
    const first = p.open();
    release();
    await first;
    await new Promise((r) => setTimeout(r, 0));
    expect(p.row(300)).toBeUndefined();
    // An open overtaken by a later one says so, and its reply is not kept.
    const [a, b] = [p.open("s500"), p.open()];
    expect(await a).toBeUndefined();
    expect(await b).toBeNull();
    expect(p.row(500)).toBeUndefined();
  });

  it("reports a failed page and asks for it again next time", async () => {
    const ok = catalog();
    let fail = true;
    const fetch = vi.fn(async (o: number, l: number, a: string | null) => {
      if (o === 100 && fail) throw { kind: "internal", message: "boom", details: [] };
      return ok(o, l, a);
    });
    const errors = vi.fn();
    const p = new ScopePager(fetch, () => {}, errors, 100);
    await p.open();
    p.want(100, 200);
    await vi.waitFor(() => expect(errors).toHaveBeenCalledOnce());
    fail = false;
    p.want(100, 200);
    await vi.waitFor(() => expect(p.row(100)?.id).toBe("s100"));
  });
});

describe("chunksOf and rowsOf", () => {
  it("groups the window's items by group, with the rows that have come", () => {
    const l = new ScopeLayout(groups, 1000, { header: 40, row: 20 });
    const have = (i: number) => (i < 11 ? row(i) : undefined);
    const c = chunksOf(l, 9, 14, have);
    expect(c.map((x) => [x.group.id, x.header, x.rows.map((r) => [r.at, r.index, r.row?.id])])).toEqual([
      ["a", null, [[9, 8, "s8"], [10, 9, "s9"]]],
      ["b", 11, [[12, 10, "s10"], [13, 11, undefined]]],
    ]);
    expect(rowsOf(l, 9, 14)).toEqual([8, 12]);
    expect(rowsOf(l, 11, 12)).toEqual([10, 10]);
    expect(rowsOf(l, 0, 0)).toEqual([0, 0]);
  });
});
