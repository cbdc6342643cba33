// Which screen the main area shows. One small state object instead of a router: the app has
// a handful of screens and no URLs to share.

export type Screen =
  | { name: "status" }
  | { name: "catalog"; vendor: string; kind: string | null; focus?: string; lookup?: string }
  | { name: "search"; query: string }
  | { name: "builder"; vendor: string | null; kind: string | null; scopes?: string[] };

export class Nav {
  screen = $state<Screen>({ name: "status" });

  go(screen: Screen): void {
    this.screen = screen;
  }
}
