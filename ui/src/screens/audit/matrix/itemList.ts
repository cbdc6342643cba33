// The matrix's rows as one flat list of group headers and token rows, grouped by connection,
// owner or scope and sorted within each group. What depends only on the report is worked out
// once per report and kept (each row's groups, the rows' order under each sort); a list for a
// filter, a grouping and an order is then two passes over typed arrays. Only the headers and
// one array of row positions are made per list; a row's item when the window first reaches it.

import type { AuditRow, Vendor } from "../../../api";

/** What the rows are grouped by: vendor → connection (the report's own order), owner, or each
 * scope a token carries directly (a token with three scopes is listed under all three). */
export type Grouping = "connection" | "owner" | "scope";
/** How rows are ordered within a group. */
export type SortKey = "score" | "expiry" | "last_used" | "name";

export const GROUPINGS: { id: Grouping; label: string }[] = [
  { id: "connection", label: "Connection" },
  { id: "owner", label: "Owner" },
  { id: "scope", label: "Scope held directly" },
];

export const SORTS: { id: SortKey; label: string }[] = [
  { id: "score", label: "Score, riskiest first" },
  { id: "expiry", label: "Expiry, never-expiring first, then soonest" },
  { id: "last_used", label: "Last use, never reported first, then oldest" },
  { id: "name", label: "Name, A to Z" },
];

/** The owner group of tokens whose vendor names no owner. */
export const NO_OWNER = "No owner recorded";
/** The scope group of tokens that carry no scope directly. */
export const NO_SCOPE = "No scope held directly";

export type Item =
  | { kind: "vendor"; key: string; vendor: Vendor; tokens: number }
  | { kind: "group"; key: string; by: Grouping; label: string; tokens: number; level: 1 | 2 }
  | { kind: "row"; row: AuditRow };

/** Sort keys are packed with the row's position into one number, so a sort is the engine's
 * own numeric sort of a typed array (no comparator called 130,000 times for 10,000 rows): the
 * key above, the position in the low 21 bits (2,097,152 rows). */
const POS = 2 ** 21;
/** Dates are ordered to the minute, offset so every date from 1970 ± 2,000 years is positive;
 * 0 is "never" (no expiry, or no use reported): the riskiest, so first. */
const minuteKey = (ms: number | null): number => (ms === null ? 0 : 1 + Math.min(2 ** 31, Math.max(0, Math.floor(ms / 60_000) + 2 ** 30)));

/** Names compared as people read them: case folded, and runs of digits as numbers ("key 9"
 * before "key 10"). */
const nameKey = (name: string): string => name.toLowerCase().replace(/\d+/g, (d) => d.replace(/^0+(?=\d)/, "").padStart(12, "0"));
const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The rows' positions in the order `sort` puts them. Ties keep the report's order (their
 * positions), so every sort is deterministic. `credentialFirst`: the connection's own
 * credential leads, as in the report. */
export function sortOrder(rows: AuditRow[], sort: SortKey, credentialFirst = false): Uint32Array {
  const n = rows.length;
  if (sort === "name") {
    const keys = rows.map((r) => nameKey(r.token.name));
    return Uint32Array.from(keys.keys()).sort((a, b) => byKey(keys[a], keys[b]) || a - b);
  }
  const packed = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    let key: number;
    if (sort === "score") key = credentialFirst && r.token.is_connection_credential ? 0 : 1 + Math.max(0, 1000 - r.score);
    else key = minuteKey(sort === "expiry" ? r.token.expires_ms : r.token.last_used_ms);
    packed[i] = key * POS + i;
  }
  packed.sort();
  const order = new Uint32Array(n);
  for (let k = 0; k < n; k++) order[k] = packed[k] % POS;
  return order;
}

/** A report's groups under one grouping: each group in the order shown (its vendor, for the
 * vendor headers above it, its key, and its label or connection), and each row's groups as
 * ranges: row i is in groups `ids[start[i]]` … `ids[start[i + 1] - 1]`. */
type Groups = {
  groups: { vendor: Vendor; key: string; label: string; connection?: string }[];
  start: Uint32Array;
  ids: Uint32Array;
  underVendor: boolean;
};

/** Numbers the groups named by `keysOf` (a row's group keys; `describe` gives a group's
 * vendor and label), shown in the order `before` sorts them. A row `same` as the one before
 * is in its groups (no key made: the report's rows come in runs of one connection). */
function numbered(
  rows: AuditRow[],
  underVendor: boolean,
  keysOf: (r: AuditRow) => string[],
  describe: (key: string, r: AuditRow) => Groups["groups"][number],
  before: (a: Groups["groups"][number], b: Groups["groups"][number]) => number,
  same?: (r: AuditRow, previous: AuditRow) => boolean,
): Groups {
  const found = new Map<string, number>();
  const groups: Groups["groups"] = [];
  const start = new Uint32Array(rows.length + 1);
  const raw: number[] = [];
  rows.forEach((r, i) => {
    const from = raw.length;
    start[i] = from;
    if (i && same?.(r, rows[i - 1])) {
      for (let j = start[i - 1]; j < from; j++) raw.push(raw[j]);
      return;
    }
    for (const k of keysOf(r)) {
      let id = found.get(k);
      if (id === undefined) {
        found.set(k, (id = groups.length));
        groups.push(describe(k, r));
      }
      // Once per group, however often the token lists a scope.
      if (raw.indexOf(id, from) < 0) raw.push(id);
    }
  });
  start[rows.length] = raw.length;
  const shown = groups.map((_, id) => id).sort((a, b) => before(groups[a], groups[b]) || a - b);
  const rank = new Uint32Array(groups.length);
  shown.forEach((id, k) => (rank[id] = k));
  return { groups: shown.map((id) => groups[id]), start, ids: Uint32Array.from(raw, (id) => rank[id]), underVendor };
}

/** What is worked out once per report: its groups under each grouping, its order under each
 * sort (both when first asked for). */
class ReportCache {
  private readonly orders = new Map<string, Uint32Array>();
  private readonly grouped = new Map<Grouping, Groups>();
  /** Each vendor's place in the report (its first row). */
  private readonly vendorAt = new Map<Vendor, number>();
  /** The vendors in the report's order, and each row's (by its place in that list). */
  readonly vendors: Vendor[] = [];
  readonly vendorOf: Uint8Array;

  constructor(readonly rows: AuditRow[]) {
    this.vendorOf = new Uint8Array(rows.length);
    rows.forEach((r, i) => {
      const v = r.token.vendor;
      if (!this.vendorAt.has(v)) this.vendorAt.set(v, i), this.vendors.push(v);
      this.vendorOf[i] = this.vendors.indexOf(v);
    });
  }

  order(sort: SortKey, credentialFirst: boolean): Uint32Array {
    const key = `${sort}${credentialFirst && sort === "score" ? "+credential" : ""}`;
    let o = this.orders.get(key);
    if (!o) this.orders.set(key, (o = sortOrder(this.rows, sort, credentialFirst)));
    return o;
  }

  groups(grouping: Grouping): Groups {
    let g = this.grouped.get(grouping);
    if (!g) this.grouped.set(grouping, (g = this.make(grouping)));
    return g;
  }

  private make(grouping: Grouping): Groups {
    const vendorFirst = (a: { vendor: Vendor }, b: { vendor: Vendor }) => this.vendorAt.get(a.vendor)! - this.vendorAt.get(b.vendor)!;
    if (grouping === "connection")
      // Connections in the report's order (first come, first shown), under their vendor.
      return numbered(
        this.rows,
        true,
        (r) => [`${r.token.vendor}/${r.token.connection_id}`],
        (_, r) => ({ vendor: r.token.vendor, key: `c:${r.token.connection_id}`, label: r.token.connection_id, connection: r.token.connection_id }),
        vendorFirst,
        (r, p) => r.token.connection_id === p.token.connection_id && r.token.vendor === p.token.vendor,
      );
    if (grouping === "owner") {
      const sortKey = (g: { label: string; key: string }) => (g.key === "o:" ? "\uffff" : nameKey(g.label));
      return numbered(
        this.rows,
        false,
        (r) => [r.token.owner ? `o:${r.token.owner}` : "o:"],
        (key, r) => ({ vendor: r.token.vendor, key, label: key === "o:" ? NO_OWNER : r.token.owner! }),
        (a, b) => byKey(sortKey(a), sortKey(b)) || byKey(a.label, b.label),
        (r, p) => r.token.owner === p.token.owner,
      );
    }
    // A token under each scope it carries directly (once each), A to Z; none last.
    return numbered(
      this.rows,
      true,
      (r) => (r.token.scopes.length ? r.token.scopes.map((s) => `s:${r.token.vendor}/${s}`) : [`s:${r.token.vendor}/`]),
      (key, r) => ({ vendor: r.token.vendor, key, label: key.endsWith("/") ? NO_SCOPE : key.slice(3 + r.token.vendor.length) }),
      (a, b) => vendorFirst(a, b) || (a.label === NO_SCOPE ? 1 : 0) - (b.label === NO_SCOPE ? 1 : 0) || byKey(a.label, b.label),
    );
  }
}

const caches = new WeakMap<AuditRow[], ReportCache>();

function cacheOf(base: AuditRow[]): ReportCache {
  let cache = caches.get(base);
  if (!cache) caches.set(base, (cache = new ReportCache(base)));
  return cache;
}

/** Works out, one piece per task while the page is idle between them, what a first regroup or
 * resort of `base` would otherwise compute during the click (the name order is the largest:
 * tens of milliseconds for 10,000 rows). Returns a function that stops what is left. */
export function prepare(base: AuditRow[]): () => void {
  const cache = cacheOf(base);
  const steps: (() => unknown)[] = [
    () => cache.groups("owner"),
    () => cache.groups("scope"),
    () => cache.order("score", false),
    () => cache.order("expiry", false),
    () => cache.order("last_used", false),
    () => cache.order("name", false),
  ];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const next = () => {
    steps.shift()?.();
    if (steps.length) timer = setTimeout(next, 50);
  };
  timer = setTimeout(next, 500);
  return () => clearTimeout(timer);
}

/** Where each of `rows` is in `base` (`rows` is `base` filtered, in its order); null when
 * `rows` is `base`, or is not drawn from it in order. */
function positionsIn(rows: AuditRow[], base: AuditRow[]): Uint32Array | null {
  if (rows === base) return null;
  const at = new Uint32Array(rows.length);
  let j = 0;
  for (let i = 0; i < rows.length; i++) {
    while (j < base.length && base[j] !== rows[i]) j++;
    if (j === base.length) return null;
    at[i] = j++;
  }
  return at;
}

/** Group headers around their rows, as one list the matrix windows over. Only the headers and
 * the rows' order are made; a row's item when the window first reaches it, and it keeps its
 * identity while it stays in view. */
export class ItemList {
  readonly length: number;
  /** The vendors with at least one row. */
  readonly vendors = new Set<Vendor>();
  /** Each header's position in the list, ascending, and the header. */
  private readonly heads: { at: number; item: Item }[] = [];
  /** The rows (their positions in `base`) in list order, headers left out. */
  private readonly order: Uint32Array;
  private readonly made: Item[] = [];
  private readonly base: AuditRow[];

  /** `rows` grouped and sorted; `base` is the whole report they were filtered from (what is
   * worked out once is kept per `base`). */
  constructor(
    rows: AuditRow[],
    labels: Map<string, string>,
    readonly grouping: Grouping = "connection",
    readonly sort: SortKey = "score",
    base: AuditRow[] = rows,
  ) {
    const subset = positionsIn(rows, base);
    if (subset === null && rows !== base) base = rows;
    this.base = base;
    const cache = cacheOf(base);
    const { groups, start, ids, underVendor } = cache.groups(grouping);
    const sorted = cache.order(sort, grouping === "connection");
    const n = base.length;
    let inSubset: Uint8Array | null = null;
    if (subset) {
      inSubset = new Uint8Array(n);
      for (const p of subset) inSubset[p] = 1;
    }

    // Each group's size, then its rows in sorted order: two passes.
    const count = new Uint32Array(groups.length);
    const perVendor = new Uint32Array(cache.vendors.length);
    for (let k = 0; k < n; k++) {
      const p = sorted[k];
      if (inSubset && !inSubset[p]) continue;
      for (let j = start[p]; j < start[p + 1]; j++) count[ids[j]]++;
      perVendor[cache.vendorOf[p]]++;
    }
    const next = new Uint32Array(groups.length);
    let total = 0;
    for (let g = 0; g < groups.length; g++) {
      next[g] = total;
      total += count[g];
    }
    this.order = new Uint32Array(total);
    for (let k = 0; k < n; k++) {
      const p = sorted[k];
      if (inSubset && !inSubset[p]) continue;
      for (let j = start[p]; j < start[p + 1]; j++) this.order[next[ids[j]]++] = p;
    }

    cache.vendors.forEach((v, k) => perVendor[k] && this.vendors.add(v));
    let at = 0;
    let vendor: Vendor | null = null;
    for (let g = 0; g < groups.length; g++) {
      if (!count[g]) continue;
      const group = groups[g];
      if (underVendor && group.vendor !== vendor) {
        vendor = group.vendor;
        this.heads.push({ at: at++, item: { kind: "vendor", key: `v:${vendor}`, vendor, tokens: perVendor[cache.vendors.indexOf(vendor)] } });
      }
      const label = group.connection !== undefined ? (labels.get(group.connection) ?? group.connection) : group.label;
      this.heads.push({ at: at++, item: { kind: "group", key: group.key, by: grouping, label, tokens: count[g], level: underVendor ? 2 : 1 } });
      at += count[g];
    }
    this.length = at;
  }

  /** The item at position `i` (0 ≤ i < length). */
  at(i: number): Item {
    // The last header at or before i; the rows before i are i minus the headers up to it.
    let lo = 0;
    let hi = this.heads.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.heads[mid].at <= i) lo = mid + 1;
      else hi = mid;
    }
    if (lo && this.heads[lo - 1].at === i) return this.heads[lo - 1].item;
    const ri = i - lo;
    return (this.made[ri] ??= { kind: "row", row: this.base[this.order[ri]] });
  }

  /** `count` items from `first`. */
  slice(first: number, count: number): Item[] {
    return Array.from({ length: Math.max(0, Math.min(count, this.length - first)) }, (_, k) => this.at(first + k));
  }
}
