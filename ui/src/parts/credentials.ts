// Tokens that are saved connections' credentials: which connections revoking one breaks, how
// to name them, and the revoke request that carries the listing it was chosen from (Rust
// refuses a revoke through a connection edited since, and a credential's revoke without each
// connection it breaks named).

import type { CredentialUse, RevokeChoice } from "../api";

/** The connections other than `listedThrough` that sign in with the token. */
export function breaksConnections(credentialOf: CredentialUse[], listedThrough: string): CredentialUse[] {
  return credentialOf.filter((u) => u.connection_id !== listedThrough);
}

/** `“B”` or `“B” and “C”`. */
export function connectionNames(uses: CredentialUse[]): string {
  return uses.map((u) => `\u201c${u.label}\u201d`).join(" and ");
}

/** A revoke of a token from a list read as `listed_as`, breaking the `confirmed` connections. */
export function revokeChoice(token: { listed_as: string }, confirmed: CredentialUse[] = []): RevokeChoice {
  return { listed_as: token.listed_as, confirmed_breaks: confirmed.map((u) => u.connection_id) };
}

/** Why Scopekeeper cannot revoke or replace this token itself, and what to do instead (null:
 * it can): a connection's own credential, or a token known only by its fingerprint. */
export function cannotRevoke(token: { is_connection_credential: boolean; source: string }): string | null {
  if (token.is_connection_credential) return "It is a connection's own credential: give the connection another one first.";
  if (token.source === "registered") return "Known only by its fingerprint: revoke or replace it in the vendor's console.";
  return null;
}
