// The matrix's rows as one flat list of group headers and token rows, grouped by connection,
// owner or scope and sorted within each group. Only the headers and one array of row
// positions are made per list; a row's item is made when the window first reaches it, so a
// regroup or resort of 10,000 rows costs one sort of numbers, not 10,000 objects.

import type { AuditRow, Vendor } from "../../api";

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

/** One group's headers and its rows (positions in the list's rows). */
type Run = { heads: Item[]; members: number[] };

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

/** The rows' positions in the order `sort` puts them. Ties keep the report's order (their
 * positions), so every sort is deterministic. `credentialFirst`: the connection's own
 * credential leads, as in the report. */
export function sortOrder(rows: AuditRow[], sort: SortKey, credentialFirst = false): Uint32Array {
  const n = rows.length;
  if (sort === "name") {
    const keys = rows.map((r) => nameKey(r.token.name));
    const order = Uint32Array.from(keys.keys());
    return order.sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b));
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

/** `members` (positions) in the order `order` gives, through each position's rank in it. */
function inOrder(members: number[], rank: Uint32Array, order: Uint32Array): Uint32Array {
  const out = new Uint32Array(members.length);
  for (let k = 0; k < members.length; k++) out[k] = rank[members[k]];
  out.sort();
  for (let k = 0; k < out.length; k++) out[k] = order[out[k]];
  return out;
}

/** Vendor → connection runs in the report's order (rows arrive grouped by vendor, then
 * connection, so each run is found by a search at its edges, not by reading every row). */
function byConnection(rows: AuditRow[], labels: Map<string, string>, vendors: Set<Vendor>): Run[] {
  const runs: Run[] = [];
  let vendorItem: { tokens: number } | null = null;
  let vendor: Vendor | null = null;
  for (let pos = 0; pos < rows.length; ) {
    const t = rows[pos].token;
    const end = runEnd(rows, pos, (r) => r.token.vendor === t.vendor && r.token.connection_id === t.connection_id);
    const heads: Item[] = [];
    if (t.vendor !== vendor) {
      vendor = t.vendor;
      vendors.add(vendor);
      const v: Item = { kind: "vendor", key: `v:${vendor}`, vendor, tokens: 0 };
      vendorItem = v;
      heads.push(v);
    }
    const label = labels.get(t.connection_id) ?? t.connection_id;
    heads.push({ kind: "group", key: `c:${t.connection_id}`, by: "connection", label, tokens: end - pos, level: 2 });
    vendorItem!.tokens += end - pos;
    runs.push({ heads, members: Array.from({ length: end - pos }, (_, k) => pos + k) });
    pos = end;
  }
  return runs;
}

/** One group per owner, A to Z, and the tokens with no owner last. */
function byOwner(rows: AuditRow[], vendors: Set<Vendor>): Run[] {
  const groups = new Map<string, number[]>();
  const none: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const t = rows[i].token;
    vendors.add(t.vendor);
    if (t.owner === null || t.owner === "") none.push(i);
    else {
      const g = groups.get(t.owner);
      if (g) g.push(i);
      else groups.set(t.owner, [i]);
    }
  }
  const owners = [...groups.keys()].map((o) => [nameKey(o), o]).sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0)).map(([, o]) => o);
  const group = (key: string, label: string, members: number[]): Run => ({ heads: [{ kind: "group", key, by: "owner", label, tokens: members.length, level: 1 }], members });
  const runs = owners.map((o) => group(`o:${o}`, o, groups.get(o)!));
  if (none.length) runs.push(group("o:", NO_OWNER, none));
  return runs;
}

/** Vendor, then one group per scope a token carries directly (A to Z), and the tokens that
 * carry none last; the vendor's count is of tokens, each once. */
function byScope(rows: AuditRow[], vendors: Set<Vendor>): Run[] {
  const perVendor = new Map<Vendor, { tokens: number; scopes: Map<string, number[]>; none: number[] }>();
  for (let i = 0; i < rows.length; i++) {
    const t = rows[i].token;
    let v = perVendor.get(t.vendor);
    if (!v) perVendor.set(t.vendor, (v = { tokens: 0, scopes: new Map(), none: [] }));
    v.tokens++;
    if (!t.scopes.length) v.none.push(i);
    for (const s of new Set(t.scopes)) {
      const g = v.scopes.get(s);
      if (g) g.push(i);
      else v.scopes.set(s, [i]);
    }
  }
  const runs: Run[] = [];
  for (const [vendor, v] of perVendor) {
    vendors.add(vendor);
    const head: Item = { kind: "vendor", key: `v:${vendor}`, vendor, tokens: v.tokens };
    const scopes = [...v.scopes.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const group = (key: string, label: string, members: number[]): Item => ({ kind: "group", key: `s:${vendor}/${key}`, by: "scope", label, tokens: members.length, level: 2 });
    scopes.forEach((s, k) => runs.push({ heads: k ? [group(s, s, v.scopes.get(s)!)] : [head, group(s, s, v.scopes.get(s)!)], members: v.scopes.get(s)! }));
    if (v.none.length) runs.push({ heads: scopes.length ? [group("", NO_SCOPE, v.none)] : [head, group("", NO_SCOPE, v.none)], members: v.none });
  }
  return runs;
}

/** Group headers around their rows, as one list the matrix windows over. Only the headers and
 * the rows' order are made up front; a row's item when the window first reaches it, and it
 * keeps its identity while it stays in view. */
export class ItemList {
  readonly length: number;
  /** The vendors with at least one row. */
  readonly vendors = new Set<Vendor>();
  /** Each header's position in the list, ascending, and the header. */
  private readonly heads: { at: number; item: Item }[] = [];
  /** The rows' positions (in `rows`), in list order, headers left out. */
  private readonly order: Uint32Array;
  private readonly made: Item[] = [];

  constructor(
    private readonly rows: AuditRow[],
    labels: Map<string, string>,
    readonly grouping: Grouping = "connection",
    readonly sort: SortKey = "score",
  ) {
    const runs = grouping === "owner" ? byOwner(rows, this.vendors) : grouping === "scope" ? byScope(rows, this.vendors) : byConnection(rows, labels, this.vendors);
    // Sorted even where the report's order already is the one asked for (by connection, by
    // score): the list never depends on how the rows arrive.
    const order = sortOrder(rows, sort, grouping === "connection");
    const rank = new Uint32Array(rows.length);
    for (let k = 0; k < order.length; k++) rank[order[k]] = k;
    let size = 0;
    for (const r of runs) size += r.members.length;
    this.order = new Uint32Array(size);
    let at = 0;
    let put = 0;
    for (const r of runs) {
      for (const h of r.heads) this.heads.push({ at: at++, item: h });
      this.order.set(inOrder(r.members, rank, order), put);
      put += r.members.length;
      at += r.members.length;
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
    return (this.made[ri] ??= { kind: "row", row: this.rows[this.order[ri]] });
  }

  /** `count` items from `first`. */
  slice(first: number, count: number): Item[] {
    return Array.from({ length: Math.max(0, Math.min(count, this.length - first)) }, (_, k) => this.at(first + k));
  }
}

/** Where the run of rows like `rows[from]` ends (the first index past it), for runs that are
 * contiguous: a doubling search, then a binary one. */
function runEnd(rows: AuditRow[], from: number, same: (r: AuditRow) => boolean): number {
  let lo = from;
  let hi = from + 1;
  while (hi < rows.length && same(rows[hi])) {
    lo = hi;
    hi = from + 2 * (hi - from);
  }
  hi = Math.min(hi, rows.length);
  while (lo + 1 < hi) {
    const mid = (lo + hi) >>> 1;
    if (same(rows[mid])) lo = mid;
    else hi = mid;
  }
  return hi;
}
