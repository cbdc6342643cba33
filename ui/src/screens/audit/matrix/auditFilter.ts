// The audit matrix's filters on sets of row indices, computed once per report: one bitset per
// chip, one lowercase haystack per row for the text filter. Filters combine by AND of bitsets,
// and a query that only grew narrows the previous query's matches instead of reading every
// row again. It decides nothing a row does not say: the chips are the report's own, the text
// matches what `filterRows` always matched (name, id, owner, any scope; case-insensitive).

import type { AuditRow } from "../../../api";

/** Separates a row's fields in its haystack. A query holding it falls back to the fields one
 * by one, so no match ever spans two fields. */
const SEP = "\u0000";

/** A set of row indices, 32 to a word. */
export type Bitset = Uint32Array;

export const words = (n: number): number => (n + 31) >>> 5;

/** How many indices the set holds. */
export function count(set: Bitset): number {
  let n = 0;
  for (let w of set) {
    w = w - ((w >>> 1) & 0x55555555);
    w = (w & 0x33333333) + ((w >>> 2) & 0x33333333);
    n += (((w + (w >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  }
  return n;
}

/** The indices in `set`, ascending. */
export function indices(set: Bitset): number[] {
  const out: number[] = [];
  for (let wi = 0; wi < set.length; wi++) {
    let w = set[wi];
    while (w) {
      const low = w & -w;
      out.push((wi << 5) + 31 - Math.clz32(low));
      w ^= low;
    }
  }
  return out;
}

/** One report's rows, indexed for filtering. */
export class RowIndex {
  readonly rows: AuditRow[];
  private readonly chipSets = new Map<string, Bitset>();
  /** Built at the first text query, so a report's first paint does not wait for it. */
  private haystacks: string[] | null = null;
  private readonly empty: Bitset;
  /** The last text query and its matches, for narrowing when the query grows. */
  private lastQuery = "";
  private lastMatches: number[] | null = null;

  constructor(rows: AuditRow[]) {
    this.rows = rows;
    this.empty = new Uint32Array(words(rows.length));
    rows.forEach((r, i) => {
      for (const c of r.chips) {
        let set = this.chipSets.get(c);
        if (!set) this.chipSets.set(c, (set = new Uint32Array(words(rows.length))));
        set[i >>> 5] |= 1 << (i & 31);
      }
    });
  }

  /** The rows under the chip (none when no row has it). */
  chip(id: string): Bitset {
    return this.chipSets.get(id) ?? this.empty;
  }

  /** The rows `test` holds for, as a set (computed once per report and question by the caller). */
  where(test: (row: AuditRow) => boolean): Bitset {
    const set = new Uint32Array(words(this.rows.length));
    this.rows.forEach((r, i) => {
      if (test(r)) set[i >>> 5] |= 1 << (i & 31);
    });
    return set;
  }

  /** How many rows count under the chip. */
  chipCount(id: string): number {
    return count(this.chip(id));
  }

  /** The rows with every chip in `chips` whose name, id, owner or a scope holds `text`
   * (trimmed, case-insensitive), in report order; only those in `picked` when given. */
  filter(chips: string[], text: string, picked: Bitset | null = null): AuditRow[] {
    const q = text.trim().toLowerCase();
    if (!chips.length && !q && !picked) return this.rows;
    let set: Bitset | null = picked ? picked.slice() : null;
    for (const c of chips) {
      const s = this.chip(c);
      if (!set) set = s.slice();
      else for (let w = 0; w < set.length; w++) set[w] &= s[w];
    }
    const out: AuditRow[] = [];
    if (!q) {
      for (const i of indices(set!)) out.push(this.rows[i]);
      return out;
    }
    for (const i of this.matches(q)) if (!set || set[i >>> 5] & (1 << (i & 31))) out.push(this.rows[i]);
    return out;
  }

  /** The indices of the rows whose haystack holds `q` (lowercase, non-empty). */
  private matches(q: string): number[] {
    const hay = (this.haystacks ??= this.rows.map((r) => fields(r).map((f) => f.toLowerCase()).join(SEP)));
    let found: number[];
    if (q.includes(SEP)) found = this.rows.flatMap((r, i) => (fields(r).some((f) => f.toLowerCase().includes(q)) ? [i] : []));
    else if (this.lastMatches && this.lastQuery && q.includes(this.lastQuery)) found = this.lastMatches.filter((i) => hay[i].includes(q));
    else {
      found = [];
      for (let i = 0; i < hay.length; i++) if (hay[i].includes(q)) found.push(i);
    }
    this.lastQuery = q;
    this.lastMatches = found;
    return found;
  }
}

/** What the text filter reads of a row. */
function fields(r: AuditRow): string[] {
  return [r.token.name, r.token.id, r.token.owner ?? "", ...r.token.scopes];
}
