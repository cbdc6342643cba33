// Small presentation helpers shared by the connection and token screens.

import { knownVendorName } from "./vendorNames.svelte";

/** The one name the app uses for a vendor: its adapter's, from Rust (an imported catalog's own
 * name otherwise). */
export function vendorName(id: string, fallback?: string): string {
  return knownVendorName(id) ?? fallback ?? id;
}

/** "expires in 9 days" (flagged when within 14 days), "expired 3 days ago", "never expires". */
export function expiryNote(expires: string | null, now: Date = new Date()): { text: string; level: string } {
  if (!expires) return { text: "never expires", level: "soon" };
  const t = Date.parse(expires);
  if (Number.isNaN(t)) return { text: expires, level: "" };
  const days = Math.trunc((t - now.getTime()) / 86_400_000);
  // The local day, as every date in the app (a UTC cut could show the day before or after).
  const day = localTime(expires).slice(0, 10);
  if (days < 0) return { text: `expired ${-days} d ago (${day})`, level: "bad" };
  if (days <= 14) return { text: `in ${days} d (${day})`, level: "soon" };
  return { text: `${day} (in ${days} d)`, level: "" };
}

/** Splits `a message with ids in backticks` into plain and code parts (an unpaired backtick
 * stays as text). */
export function codeSpans(text: string): { text: string; code: boolean }[] {
  const parts = text.split("`");
  if (parts.length % 2 === 0) return [{ text, code: false }];
  return parts.map((t, i) => ({ text: t, code: i % 2 === 1 })).filter((p) => p.text !== "");
}

/** The one way an instant is shown: local date and time, with the zone named
 * (`2026-12-01 17:00 UTC+01:00`). Text that is not a date is shown as it is. */
export function localTime(iso: string, at?: { offsetMinutes: number }): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const d = new Date(t);
  const offset = at?.offsetMinutes ?? -d.getTimezoneOffset();
  const local = new Date(t + offset * 60_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  const day = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
  const abs = Math.abs(offset);
  const zone = offset === 0 ? "UTC" : `UTC${offset < 0 ? "\u2212" : "+"}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return `${day} ${time} ${zone}`;
}
