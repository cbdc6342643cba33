// Small presentation helpers shared by the connection and token screens.

const NAMES: Record<string, string> = { mindbridge: "MindBridge", cortex: "Cortex", bright: "Bright", manifest: "Manifest" };

/** The one name the app uses for a vendor (an imported catalog's own name otherwise). */
export function vendorName(id: string, fallback?: string): string {
  return NAMES[id] ?? fallback ?? id;
}

/** "expires in 9 days" (flagged when within 14 days), "expired 3 days ago", "never expires". */
export function expiryNote(expires: string | null, now: Date = new Date()): { text: string; level: string } {
  if (!expires) return { text: "never expires", level: "soon" };
  const t = Date.parse(expires);
  if (Number.isNaN(t)) return { text: expires, level: "" };
  const days = Math.trunc((t - now.getTime()) / 86_400_000);
  const day = expires.slice(0, 10);
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
