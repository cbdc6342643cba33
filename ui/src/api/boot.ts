// What the first screen needs, handed over by Rust as the webview is created (see
// src-tauri/src/boot.rs), so the sidebar renders without waiting on an IPC round trip.
import type { AppInfo, CatalogSummary } from "./bindings";

export type Boot = { info: AppInfo; catalogs: CatalogSummary[] };

const GLOBAL = "__SCOPEKEEPER_BOOT__";
const TAKEN = "scopekeeper:boot-taken";

/**
 * The boot data, once per window: a reload (whose boot data would be as old as the window)
 * gets `null` and asks over IPC instead. Anything not shaped like boot data is ignored.
 */
export function takeBoot(win: Window = window): Boot | null {
  const raw = (win as unknown as Record<string, unknown>)[GLOBAL];
  delete (win as unknown as Record<string, unknown>)[GLOBAL];
  let taken = false;
  try {
    taken = win.sessionStorage.getItem(TAKEN) !== null;
    win.sessionStorage.setItem(TAKEN, "1");
  } catch {
    // No session storage: every load asks over IPC.
    return null;
  }
  if (taken || typeof raw !== "object" || raw === null) return null;
  const { info, catalogs } = raw as Partial<Boot>;
  if (typeof info !== "object" || info === null || typeof info.version !== "string") return null;
  if (!Array.isArray(catalogs)) return null;
  return { info, catalogs };
}
