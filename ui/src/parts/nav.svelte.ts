// Which screen the main area shows. One small state object instead of a router: the app has
// a handful of screens and no URLs to share.

import type { Connection, CreatedToken, KeptInKeyring, TokenSpec } from "../api";

/** The token a new one replaces (rotate, narrow): revoked after the new one is shown. Its
 * allowlist and the length of its life carry over to the replacement. */
export type Replacing = { connection_id: string; token_id: string; name: string; allowlist: string[]; lifetime_days: number | null };

export type Screen =
  | { name: "status" }
  | { name: "audit" }
  | { name: "catalog"; vendor: string; kind: string | null; focus?: string; lookup?: string }
  | { name: "search"; query: string }
  | { name: "builder"; vendor: string | null; kind: string | null; scopes?: string[]; replaces?: Replacing; connection?: string }
  | { name: "connections"; selected?: string; addSandbox?: boolean }
  | { name: "created"; token: CreatedToken; replaces?: Replacing; rolled?: boolean }
  | { name: "kept"; kept: KeptInKeyring; replaces?: Replacing }
  | { name: "offboard"; owner?: string; selection?: string[] }
  | { name: "history"; run?: number }
  | { name: "guided"; connection: Connection; spec: TokenSpec }
  | { name: "activity" };

export class Nav {
  screen = $state<Screen>({ name: "status" });

  go(screen: Screen): void {
    this.screen = screen;
  }
}
