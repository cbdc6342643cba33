// The windowed scope list's logic, free of the DOM: the flat list of group headers and scope rows
// (`ScopeLayout`: which items a scroll position shows, from estimated then measured heights) and
// the pages of rows asked from Rust as they come into view (`ScopePager`: a few pages cached, far
// ones dropped, replies to an older question dropped). It never holds a whole catalog.
import type { GroupSpan, ScopePage, ScopeRow } from "../api";

/** One item of the flat list: a group's header (`row` null) or the scope row at `row`. */
export interface Item {
  /** Position in the flat list. */
  at: number;
  group: GroupSpan;
  row: number | null;
}

/** Heights (px) an item is taken to have until it has been measured. */
export interface Estimates {
  header: number;
  row: number;
}

/**
 * The first `count` matching scopes as a flat list, each group's header before its rows. Heights
 * start as estimates (the mean of the measured ones of the same kind once there are some) and
 * are replaced by what the page measured, so offsets follow what is on screen.
 */
export class ScopeLayout {
  readonly groups: GroupSpan[];
  readonly count: number;
  /** Flat position of each group's header, ascending. */
  readonly #starts: number[];
  readonly #heights: Float64Array;
  #offsets: Float64Array | null = null;
  #measured = { header: [0, 0], row: [0, 0] };

  constructor(
    groups: GroupSpan[],
    count: number,
    private readonly estimates: Estimates,
  ) {
    this.groups = groups.filter((g) => g.start < count && g.count > 0);
    this.count = count;
    this.#starts = this.groups.map((g, i) => g.start + i);
    this.#heights = new Float64Array(count + this.groups.length).fill(-1);
  }

  /** How many items (headers and rows). */
  get length(): number {
    return this.#heights.length;
  }

  item(at: number): Item {
    let lo = 0;
    let hi = this.#starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#starts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    const group = this.groups[lo];
    const start = this.#starts[lo];
    return { at, group, row: at === start ? null : group.start + (at - start - 1) };
  }

  /** The flat position of the row at `row`. */
  positionOf(row: number): number {
    let i = 0;
    while (i + 1 < this.groups.length && this.groups[i + 1].start <= row) i++;
    return row + i + 1;
  }

  /** Records an item's height as rendered; returns whether it changed. */
  measure(at: number, height: number): boolean {
    if (at < 0 || at >= this.length || !(height > 0)) return false;
    const old = this.#heights[at];
    if (Math.abs(old - height) < 0.5) return false;
    const kind = this.#starts.includes(at) ? this.#measured.header : this.#measured.row;
    if (old < 0) kind[1]++;
    kind[0] += height - Math.max(old, 0);
    this.#heights[at] = height;
    this.#offsets = null;
    return true;
  }

  #estimate(header: boolean): number {
    const [sum, n] = header ? this.#measured.header : this.#measured.row;
    return n ? sum / n : header ? this.estimates.header : this.estimates.row;
  }

  #table(): Float64Array {
    if (this.#offsets) return this.#offsets;
    const t = new Float64Array(this.length + 1);
    const [header, row] = [this.#estimate(true), this.#estimate(false)];
    let g = 0;
    for (let i = 0; i < this.length; i++) {
      const isHeader = g < this.#starts.length && this.#starts[g] === i;
      if (isHeader) g++;
      const h = this.#heights[i];
      t[i + 1] = t[i] + (h >= 0 ? h : isHeader ? header : row);
    }
    this.#offsets = t;
    return t;
  }

  /** Top of the item at `at` (at = length: the list's height). */
  offset(at: number): number {
    return this.#table()[Math.max(0, Math.min(at, this.length))];
  }

  /**
   * The items [from, to) to render for a view from `top` to `bottom` (px, in the list's own
   * coordinates), with `overscan` more items on both sides.
   */
  range(top: number, bottom: number, overscan: number): [number, number] {
    if (!this.length) return [0, 0];
    const t = this.#table();
    // The first item whose bottom is below `top`; the first whose top is at or below `bottom`.
    const first = search(t, (x) => x > top, 1) - 1;
    const end = search(t, (x) => x >= bottom, 0);
    return [Math.max(0, first - overscan), Math.min(this.length, Math.max(end, first + 1) + overscan)];
  }
}

/** A run of rendered items of one group: its header when in the window, then its rows. */
export interface Chunk {
  group: GroupSpan;
  /** Flat position of the group's header when it is rendered. */
  header: number | null;
  /** `row` is undefined until its page has come. */
  rows: { at: number; index: number; row: ScopeRow | undefined }[];
}

/** The items [from, to) grouped for rendering, with the rows `rowAt` has. */
export function chunksOf(layout: ScopeLayout, from: number, to: number, rowAt: (i: number) => ScopeRow | undefined): Chunk[] {
  const out: Chunk[] = [];
  for (let at = from; at < to; at++) {
    const it = layout.item(at);
    let c = out[out.length - 1];
    if (!c || c.group !== it.group) {
      c = { group: it.group, header: null, rows: [] };
      out.push(c);
    }
    if (it.row === null) c.header = at;
    else c.rows.push({ at, index: it.row, row: rowAt(it.row) });
  }
  return out;
}

/** The scope rows [first, end) the items [from, to) show. */
export function rowsOf(layout: ScopeLayout, from: number, to: number): [number, number] {
  if (from >= to) return [0, 0];
  const first = layout.item(from);
  const last = layout.item(to - 1);
  return [first.row ?? first.group.start, (last.row ?? last.group.start - 1) + 1];
}

/** The smallest i ≥ lo with `past(t[i])` (t ascending, `past` monotone), or t.length - 1. */
function search(t: Float64Array, past: (x: number) => boolean, lo: number): number {
  let hi = t.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (past(t[mid])) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Asks Rust for the matching scopes from `offset` (or the page around the scope `around`). */
export type FetchPage = (offset: number, limit: number, around: string | null) => Promise<ScopePage>;

/** Rows held from one reply. */
interface Held {
  offset: number;
  rows: ScopeRow[];
}

/**
 * Rows of the matching scopes, a page at a time, as the window asks for them. At most `keep`
 * pages are held (the ones farthest from the window go first); a reply to a question asked
 * before the last `open` is dropped; a page is asked once while its reply is on the way.
 */
export class ScopePager {
  total = 0;
  groups: GroupSpan[] = [];
  #chunks: Held[] = [];
  #asked = new Set<number>();
  #generation = 0;

  constructor(
    private readonly fetch: FetchPage,
    private readonly onchange: () => void,
    private readonly onerror: (e: unknown) => void,
    readonly pageSize = 100,
    private readonly keep = 6,
  ) {}

  /**
   * Starts over (a new vendor, kind or filter): fetches the first page, or the one holding
   * `around`. Resolves to the index of `around` among the matching scopes (null when it does not
   * match or none was given), or undefined when a later `open` overtook this one.
   */
  async open(around: string | null = null): Promise<number | null | undefined> {
    const generation = ++this.#generation;
    this.#asked.clear();
    let page: ScopePage;
    try {
      page = await this.fetch(0, this.pageSize, around);
    } catch (e) {
      if (generation === this.#generation) this.onerror(e);
      return undefined;
    }
    if (generation !== this.#generation) return undefined;
    this.#chunks = [{ offset: page.offset, rows: page.rows }];
    this.total = page.total;
    this.groups = page.groups;
    this.onchange();
    const i = around === null ? -1 : page.rows.findIndex((r) => r.id === around);
    return i < 0 ? null : page.offset + i;
  }

  /** The row at `index`, when its page is here. */
  row(index: number): ScopeRow | undefined {
    for (const c of this.#chunks) {
      if (index >= c.offset && index < c.offset + c.rows.length) return c.rows[index - c.offset];
    }
    return undefined;
  }

  /** How many pages are held (for tests and diagnostics). */
  get held(): number {
    return this.#chunks.length;
  }

  /** Asks for every page of rows [from, to) that is neither here nor on its way. */
  want(from: number, to: number): void {
    to = Math.min(to, this.total);
    const size = this.pageSize;
    for (let p = Math.floor(from / size); p * size < to; p++) {
      const start = p * size;
      const end = Math.min(start + size, this.total);
      if (this.#asked.has(p) || this.#covers(start, end)) continue;
      this.#asked.add(p);
      void this.#load(p, from, to);
    }
  }

  #covers(start: number, end: number): boolean {
    for (let i = start; i < end; ) {
      const c = this.#chunks.find((c) => i >= c.offset && i < c.offset + c.rows.length);
      if (!c) return false;
      i = c.offset + c.rows.length;
    }
    return true;
  }

  async #load(p: number, from: number, to: number): Promise<void> {
    const generation = this.#generation;
    let page: ScopePage;
    try {
      page = await this.fetch(p * this.pageSize, this.pageSize, null);
    } catch (e) {
      if (generation === this.#generation) {
        this.#asked.delete(p);
        this.onerror(e);
      }
      return;
    }
    if (generation !== this.#generation) return;
    this.#asked.delete(p);
    this.#chunks.push({ offset: page.offset, rows: page.rows });
    this.#evict((from + to) / 2);
    this.onchange();
  }

  /** Drops the pages farthest from `centre` beyond `keep`. */
  #evict(centre: number): void {
    if (this.#chunks.length <= this.keep) return;
    const distance = (c: Held) => Math.abs(c.offset + c.rows.length / 2 - centre);
    this.#chunks.sort((a, b) => distance(a) - distance(b));
    this.#chunks.length = this.keep;
  }
}
