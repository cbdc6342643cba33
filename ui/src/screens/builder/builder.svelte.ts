import type { Api, CatalogView, IpcError, NarrowArea, Resolution, SpecCheck, SuggestMode, Suggestion, TokenSpec } from "../../api";
import { toIpcError } from "../../api";

/** Splits the allowlist text (one entry per line, or comma-separated) into entries. */
export function ipEntries(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * The token builder's state: the catalog, the ticked scopes, and what the engine says about
 * them (resolution, policy check). Every change re-asks the engine; stale answers are dropped.
 */
export class Builder {
  vendor = $state<string | null>(null);
  kind = $state<string | null>(null);
  // Raw (replaced whole, never edited): deep reactivity over a large catalog costs megabytes.
  view = $state.raw<CatalogView | null>(null);
  selected = $state<string[]>([]);
  resolution = $state.raw<Resolution | null>(null);
  check = $state.raw<SpecCheck | null>(null);
  suggestion = $state.raw<Suggestion | null>(null);
  suggestMode = $state<SuggestMode>("fewest_scopes");
  /** What the last untick took with it, or why a scope stayed. */
  note = $state<string | null>(null);
  error = $state<IpcError | null>(null);

  name = $state("");
  description = $state("");
  expiresOn = $state("");
  ipText = $state("");
  /** Addresses refused inside the allowlist, where the kind can. */
  denyText = $state("");
  /** First day of use, where the kind can. */
  startsOn = $state("");
  /** Per narrowing area (`zones`, `repositories`): the names chosen, or null for every one. */
  reach = $state<Record<string, string[] | null>>({});
  /** Per narrowing area: true when the names chosen are left out (every other one reached). */
  reachExcept = $state<Record<string, boolean>>({});
  securityLevel = $state<string | null>(null);

  #generation = 0;
  #loads = 0;

  constructor(private readonly api: Api) {}

  /** Loads `vendor`'s catalog for `kind` (its first kind when null), ticking `scopes` — read once
   * the catalog has come, when given as a function, so a tick made meanwhile is kept — on top of
   * the kind's defaults when `withDefaults`, else instead of them. */
  async load(vendor: string, kind: string | null, scopes: string[] | (() => string[]) = [], withDefaults = false): Promise<void> {
    // A newer load (another vendor or kind chosen meanwhile) wins: this one stops at its next step.
    const load = ++this.#loads;
    this.error = null;
    this.note = null;
    this.suggestion = null;
    try {
      let view = await this.api.call("catalog_view", { vendor, kind });
      if (load !== this.#loads) return;
      const chosen = kind ?? view.key_kinds[0]?.id ?? null;
      // The head's defaults are its viewed kind's: ask for the kind the builder starts on.
      if (chosen !== kind) view = await this.api.call("catalog_view", { vendor, kind: chosen });
      if (load !== this.#loads) return;
      this.vendor = vendor;
      this.kind = chosen;
      this.view = view;
      // Defaults start ticked (and can be unticked); a given selection is taken as is, or on top
      // of the defaults when switching kind.
      const defaults = view.defaults;
      const given = typeof scopes === "function" ? scopes() : scopes;
      this.selected = !given.length ? defaults : withDefaults ? [...new Set([...defaults, ...given])] : [...given];
      const levels = this.policy?.security_levels ?? [];
      this.securityLevel = levels.find((l) => l.default)?.id ?? levels[0]?.id ?? null;
      this.expiresOn = "";
      this.startsOn = "";
      this.denyText = "";
      this.reach = {};
      this.reachExcept = {};
      await this.refresh();
      if (load !== this.#loads) return;
      if (!this.expiresOn && this.check?.expiry_default) this.expiresOn = this.check.expiry_default;
      await this.refresh();
    } catch (e) {
      this.error = toIpcError(e);
    }
  }

  /** Switches key kind keeping what the person chose: the old kind's defaults they left ticked
   * go (they never chose them), the new kind's defaults come ticked. */
  async switchKind(kind: string): Promise<void> {
    if (!this.vendor) return;
    const oldDefaults = new Set(this.view?.defaults ?? []);
    // What they chose when the new kind has come: a tick made while it loads counts too.
    await this.load(this.vendor, kind, () => this.selected.filter((id) => !oldDefaults.has(id)), true);
  }

  get kindDef() {
    return this.view?.key_kinds.find((k) => k.id === this.kind) ?? null;
  }

  get policy() {
    return this.kindDef?.policy ?? null;
  }

  /** Where the token reaches in `area`, in words, for the review. */
  reachWords(area: NarrowArea): string {
    const items = this.reach[area.id];
    if (!items) return area.every;
    if (!items.length) return "none chosen";
    if (!this.reachExcept[area.id]) return items.join(", ");
    return `all but ${items.join(", ")}: ${area.except ?? "not something this kind of token can do"}`;
  }

  get spec(): TokenSpec {
    return {
      format: 1,
      vendor: this.vendor ?? "",
      kind: this.kind ?? "",
      name: this.name,
      description: this.description.trim() ? this.description : null,
      scopes: [...this.selected],
      // A kind with a fixed lifetime has no date to send (a loaded spec's is dropped).
      expires_on: this.expiresOn.trim() && !this.policy?.lifetime_minutes ? this.expiresOn.trim() : null,
      ip_allowlist: ipEntries(this.ipText),
      ip_denylist: this.policy?.ip_denylist ? ipEntries(this.denyText) : [],
      starts_on: this.policy?.start_date && this.startsOn.trim() ? this.startsOn.trim() : null,
      reach: (this.policy?.narrow_to ?? []).flatMap((a) => {
        const items = this.reach[a.id];
        if (!items) return [];
        // Sent whenever chosen (a loaded spec may leave items out where the area cannot): the
        // check then refuses it, rather than the names turning into the only ones reached.
        return [{ area: a.id, items: [...items], ...(this.reachExcept[a.id] ? { except: true } : {}) }];
      }),
      security_level: this.policy?.security_levels?.length ? this.securityLevel : null,
    };
  }

  /**
   * Why a scope is in the token whatever the ticks say (required for every token, implied or
   * required by another scope, a default), or null when only the admin's tick puts it there.
   */
  lockedReason(scope: string): string | null {
    const s = this.resolution?.scopes.find((a) => a.id === scope);
    const reasons = (s?.reasons ?? []).filter((r) => r.rule !== "selected");
    return reasons.length ? reasons.map(describeReason).join("; ") : null;
  }

  isEffective(scope: string): boolean {
    return this.resolution?.scopes.some((s) => s.id === scope) ?? false;
  }

  async toggle(scope: string): Promise<void> {
    if (!this.vendor) return;
    this.note = null;
    if (this.selected.includes(scope)) {
      const goes = await this.api.call("scope_dependents", { vendor: this.vendor, kind: this.kind, selected: this.selected, scope });
      this.selected = this.selected.filter((s) => s !== scope);
      await this.refresh();
      if (goes.length) {
        this.note = `Unticking ${scope} also removes ${goes.join(", ")} (added because of ${scope}).`;
      } else if (this.isEffective(scope)) {
        this.note = `${scope} stays: ${this.lockedReason(scope) ?? "still needed"}.`;
      }
    } else {
      this.selected = [...this.selected, scope];
      await this.refresh();
    }
  }

  async applyPreset(id: string): Promise<void> {
    const preset = this.view?.presets.find((p) => p.id === id);
    if (!preset) return;
    this.selected = [...preset.scopes];
    this.note = `Preset “${preset.name}” applied; adjust the selection as needed.`;
    await this.refresh();
  }

  async suggestFor(needs: string[]): Promise<void> {
    if (!this.vendor) return;
    this.suggestion = await this.api.call("suggest_scopes", { vendor: this.vendor, kind: this.kind, needs, mode: this.suggestMode });
  }

  async applySuggestion(): Promise<void> {
    if (!this.suggestion) return;
    this.selected = [...this.suggestion.scopes];
    this.note = `Least-privilege selection applied (${this.suggestion.scopes.length} scope${this.suggestion.scopes.length === 1 ? "" : "s"}).`;
    await this.refresh();
  }

  /** Re-asks the engine about the current selection and settings. */
  async refresh(): Promise<void> {
    if (!this.vendor) return;
    const generation = ++this.#generation;
    try {
      const [resolution, check] = await Promise.all([
        this.api.call("resolve_selection", { vendor: this.vendor, kind: this.kind, scopes: this.selected, defaults: false }),
        this.api.call("check_token_spec", { spec: this.spec }),
      ]);
      if (generation !== this.#generation) return;
      this.resolution = resolution;
      this.check = check;
      this.error = null;
    } catch (e) {
      if (generation === this.#generation) this.error = toIpcError(e);
    }
  }

  /** The problems for one field (`ip_allowlist` matches every `ip_allowlist[i]`). */
  problems(field: string): string[] {
    return (this.check?.errors ?? [])
      .filter((p) => p.field === field || p.field.startsWith(`${field}[`))
      .map((p) => p.message);
  }

  fieldWarnings(field: string): string[] {
    return (this.check?.warnings ?? [])
      .filter((p) => p.field === field || p.field.startsWith(`${field}[`))
      .map((p) => p.message);
  }
}

export function describeReason(r: import("../../api").Reason): string {
  switch (r.rule) {
    case "selected":
      return "selected";
    case "required_for_all":
      return "required for every token";
    case "default":
      return "selected by default";
    case "implied_by":
      return `implied by ${r.scope}`;
    case "required_by":
      return r.reason ? `required by ${r.scope}: ${r.reason}` : `required by ${r.scope}`;
  }
}
