// What the overview's charts draw, from the overview the audit reply carries (computed once in
// Rust, so the app and the HTML report say the same numbers): bars laid out in a chart's own
// units, each segment with the rows it stands for, and the sentence a screen reader hears.

import type { AuditRow, Overview, TrendRun, Vendor } from "../../../api";

/** The bands as the overview's counts index them. */
export const BANDS = ["none", "low", "medium", "high", "critical"] as const;
export type Band = (typeof BANDS)[number];
export const BAND_NAME: Record<Band, string> = { none: "no risk found", low: "low", medium: "medium", high: "high", critical: "critical" };
/** Drawn riskiest first, left to right. */
export const BAND_ORDER = [4, 3, 2, 1, 0] as const;

export const WEEK_MS = 7 * 24 * 3_600_000;

/** Tokens per band, as the overview counts them. */
export type Bands = Overview["bands"];
type Cell = Overview["heat"][number]["rows"][number]["cells"][number];

/** The index of a row's band (an unknown name counts as critical, as in Rust). */
export function bandIndex(band: string): number {
  const i = BANDS.indexOf(band as Band);
  return i < 0 ? 4 : i;
}

/** What a chart's segment stands for: a question each row answers. */
export type Pick =
  | { kind: "band"; band: number; connection?: string; owner?: string | null }
  | { kind: "expiry"; bucket: "expired" | "never" | "later" | number }
  | { kind: "heat"; vendor: Vendor; connection: string; group: number; letters: string };

/** Whether `row` is one of the rows `pick` stands for, at the report's instant `now`. The
 * same arithmetic as `audit/overview.rs`, so a chart's number is the count of its rows. */
export function picks(row: AuditRow, pick: Pick, now: number): boolean {
  const t = row.token;
  switch (pick.kind) {
    case "band":
      if (pick.connection !== undefined && t.connection_id !== pick.connection) return false;
      if (pick.owner !== undefined && (t.owner ?? null) !== pick.owner) return false;
      return bandIndex(row.band) === pick.band;
    case "expiry":
      return expiryBucket(t.expires_ms, now) === pick.bucket;
    case "heat":
      return t.vendor === pick.vendor && t.connection_id === pick.connection && pick.letters.includes(row.access[pick.group] ?? "-");
  }
}

/** The expiry bar a token falls in. */
export function expiryBucket(expires: number | null, now: number): "expired" | "never" | "later" | number {
  if (expires === null) return "never";
  if (expires <= now) return "expired";
  const week = Math.floor((expires - now) / WEEK_MS);
  return week < 13 ? week : "later";
}

/** One stacked segment. `x`/`w` (or `y`/`h`) are in the chart's units. */
export type Segment = { band: number; value: number; start: number; size: number; pick: Pick | null };
export type Bar = { key: string; label: string; total: number; bands: number[]; segments: Segment[] };

/** `v` as a percentage of `of`, for a button laid over a drawing's part. */
export const pct = (v: number, of: number): string => `${((v / of) * 100).toFixed(3)}%`;
/** `s` cut to `n` characters with an ellipsis (the whole name is in the text alternative). */
export const short = (s: string, n: number): string => (s.length > n ? s.slice(0, n - 1) + "…" : s);
/** Where a bar's last segment ends (0 for an empty bar). */
export const barEnd = (b: Bar): number => {
  const last = b.segments.at(-1);
  return last ? last.start + last.size : 0;
};

/** Bars of tokens per band, riskiest band first, scaled so the largest total spans `span`. */
export function stacked(items: { key: string; label: string; bands: number[]; pick: (band: number) => Pick | null }[], span: number): Bar[] {
  const max = Math.max(1, ...items.map((i) => sum(i.bands)));
  return items.map((it) => {
    let at = 0;
    const segments: Segment[] = [];
    for (const b of BAND_ORDER) {
      const value = it.bands[b] ?? 0;
      if (!value) continue;
      const size = (value / max) * span;
      segments.push({ band: b, value, start: at, size, pick: it.pick(b) });
      at += size;
    }
    return { key: it.key, label: it.label, total: sum(it.bands), bands: it.bands, segments };
  });
}

export const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

/** "12 critical, 3 high, 40 low" (bands with no token are left out; "none" when empty). */
export function bandsText(bands: number[]): string {
  const parts = BAND_ORDER.filter((b) => bands[b]).map((b) => `${bands[b]} ${BAND_NAME[BANDS[b]]}`);
  return parts.length ? parts.join(", ") : "none";
}

/** The connections chart: tokens per band in each connection. */
export function connectionBars(o: Overview, span: number): Bar[] {
  return stacked(
    o.connections.map((c) => ({ key: c.connection_id, label: c.label, bands: c.bands, pick: (band: number) => ({ kind: "band", band, connection: c.connection_id }) as Pick })),
    span,
  );
}

/** The owners chart: the `limit` riskiest owners (the reply lists them riskiest first). */
/** How many owners the owners chart names. */
export const OWNERS = 10;

export function ownerBars(o: Overview, span: number, limit = OWNERS): Bar[] {
  return stacked(
    o.owners.slice(0, limit).map((w) => ({
      key: w.owner ?? "\u0000none",
      label: w.owner ?? "No owner recorded",
      bands: w.bands,
      pick: (band: number) => ({ kind: "band", band, owner: w.owner }) as Pick,
    })),
    span,
  );
}

/** One column of the expiry timeline. */
export type Column = { key: string; long: string; value: number; risk: "expired" | "soon" | "later" | "never"; pick: Pick };

/** The expiry timeline: expired, each of 13 weeks from the report's instant, later, never. */
export function expiryColumns(o: Overview): Column[] {
  const day = new Intl.DateTimeFormat("sv-SE");
  const cols: Column[] = [{ key: "expired", long: "already expired", value: o.expiry.expired, risk: "expired", pick: { kind: "expiry", bucket: "expired" } }];
  o.expiry.weeks.forEach((n, i) => {
    const from = o.now_ms + i * WEEK_MS;
    cols.push({
      key: `w${i}`,
      long: `week ${i + 1} (from ${day.format(from)})`,
      value: n,
      risk: i < 2 ? "soon" : "later",
      pick: { kind: "expiry", bucket: i },
    });
  });
  cols.push({ key: "later", long: "later than 13 weeks", value: o.expiry.later, risk: "later", pick: { kind: "expiry", bucket: "later" } });
  cols.push({ key: "never", long: "never expire", value: o.expiry.never, risk: "never", pick: { kind: "expiry", bucket: "never" } });
  return cols;
}

/** The letter a heat cell shows: its highest access held by any token there. */
export function heatLetter(cell: number[]): "W" | "D" | "A" | "" {
  if (cell[2]) return "A";
  if (cell[1]) return "D";
  if (cell[0]) return "W";
  return "";
}

/** The trend's columns: bands per run, scaled so the largest run spans `span`. */
export function trendBars(runs: TrendRun[], span: number): Bar[] {
  return stacked(
    runs.map((r) => ({ key: String(r.id), label: r.at, bands: r.bands, pick: () => null })),
    span,
  );
}

/** What changed in a run, in words ("first run" when it compares with nothing). */
export function changesText(r: TrendRun): string {
  if (r.damaged) return "damaged: not compared";
  if (!r.changes) return "first run";
  const c = r.changes;
  return `${c.new} new, ${c.vanished} vanished, ${c.widened} widened`;
}

/** The overview without row `i` of the rows it was computed from (a revoked token is gone):
 * every count it added taken away, and the riskiest list's row numbers moved past it. */
export function withoutRow(o: Overview, row: AuditRow, i: number): Overview {
  const band = bandIndex(row.band);
  const t = row.token;
  const less = (bands: Bands): Bands => bands.map((n, b) => (b === band ? n - 1 : n)) as Bands;
  const bucket = expiryBucket(t.expires_ms, o.now_ms);
  const expiry = {
    expired: o.expiry.expired - (bucket === "expired" ? 1 : 0),
    weeks: o.expiry.weeks.map((n, w) => (bucket === w ? n - 1 : n)),
    later: o.expiry.later - (bucket === "later" ? 1 : 0),
    never: o.expiry.never - (bucket === "never" ? 1 : 0),
  };
  const heat = o.heat.map((b) =>
    b.vendor !== t.vendor
      ? b
      : {
          ...b,
          rows: b.rows.map((r) =>
            r.connection_id !== t.connection_id ? r : { ...r, cells: r.cells.map((c, g) => c.map((n, k) => (row.access[g] === "WDA"[k] ? n - 1 : n)) as Cell) },
          ),
        },
  );
  return {
    ...o,
    tokens: o.tokens - 1,
    bands: less(o.bands),
    connections: o.connections.map((c) => (c.connection_id === t.connection_id ? { ...c, bands: less(c.bands) } : c)),
    expiry,
    heat,
    top: o.top.filter((x) => x.row !== i).map((x) => (x.row > i ? { ...x, row: x.row - 1 } : x)),
    owners: riskiestFirst(o.owners.map((w) => (w.owner === (t.owner ?? null) ? { ...w, bands: less(w.bands) } : w)).filter((w) => sum(w.bands) > 0)),
  };
}

/** Owners riskiest first, as Rust ranks them: most critical tokens, then most high, … then the
 * highest score, then by name (no owner first). An owner's highest score is not lowered by a
 * revoke (it is the highest the audit saw). */
export function riskiestFirst(owners: Overview["owners"]): Overview["owners"] {
  const key = (w: Overview["owners"][number]) => [w.bands[4], w.bands[3], w.bands[2], w.bands[1], w.bands[0], w.top_score];
  return [...owners].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return kb[i] - ka[i];
    if (a.owner === b.owner) return 0;
    if (a.owner === null) return -1;
    if (b.owner === null) return 1;
    return a.owner < b.owner ? -1 : 1;
  });
}
