// The vendors' display names, as Rust sends them (`AppInfo.vendors`): the page holds no list of
// its own, so a new vendor needs no change here.

import type { VendorInfo } from "../api";

const names = $state<Record<string, string>>({});

/** Takes the names of every vendor the app has an adapter for (reactive: screens already shown
 * update when they arrive). */
export function rememberVendors(vendors: readonly Pick<VendorInfo, "id" | "name">[]): void {
  for (const v of vendors) names[v.id] = v.name;
}

/** The name Rust gave the vendor, if it has arrived. */
export function knownVendorName(id: string): string | undefined {
  return names[id];
}
