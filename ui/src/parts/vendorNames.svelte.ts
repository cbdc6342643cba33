// The vendors' display names, as Rust sends them (`AppInfo.vendors`): the page holds no list of
// its own, so a new vendor needs no change here.

import type { Capabilities, VendorInfo } from "../api";

const names = $state<Record<string, string>>({});
const abilities = $state<Record<string, Capabilities>>({});
const revokeEffects = $state<Record<string, string>>({});

/** Takes the names (and what each can do, when sent) of every vendor the app has an adapter
 * for (reactive: screens already shown update when they arrive). */
export function rememberVendors(
  vendors: readonly (Pick<VendorInfo, "id" | "name"> & { capabilities?: Capabilities; revoke_effect?: string | null })[],
): void {
  for (const v of vendors) {
    names[v.id] = v.name;
    if (v.capabilities) abilities[v.id] = v.capabilities;
    if (v.revoke_effect) revokeEffects[v.id] = v.revoke_effect;
  }
}

/** What a revoke does at the vendor when it is less than ending the token everywhere. */
export function revokeEffect(id: string): string | null {
  return revokeEffects[id] ?? null;
}

/** Whether the vendor's API can do `what` (false until Rust has said). */
export function vendorCan(id: string, what: keyof Capabilities): boolean {
  return abilities[id]?.[what] ?? false;
}

/** The name Rust gave the vendor, if it has arrived. */
export function knownVendorName(id: string): string | undefined {
  return names[id];
}
