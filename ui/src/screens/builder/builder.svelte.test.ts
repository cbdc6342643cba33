import { describe, expect, it, vi } from "vitest";
import { fakeApi } from "../../api";
import type { CatalogView, FakeHandlers, Resolution, Req, SpecCheck, Suggestion } from "../../api";
import { Builder, describeReason, ipEntries } from "./builder.svelte";

const view: CatalogView = {
  id: "v",
  vendor: "Vendor",
  product: null,
  built_in: true,
  file: null,
  homepage: null,
  docs: null,
  sources: [],
  drift: [],
  notes: [],
  groups: [],
  key_kinds: [
    {
      id: "personal",
      name: "Personal",
      policy: { name_required: true, name_unique: false, description_supported: false, expiry_required: false, ip_allowlist: true, security_levels: [] },
    },
  ],
  scope_count: 3,
  defaults: ["me"],
  permissions: [],
  presets: [{ id: "p", name: "Preset", scopes: ["read"] }],
} as unknown as CatalogView;

/** A fake engine: `run` requires `read`; nothing else. */
function resolveFake(scopes: string[]): Resolution {
  const all = new Set(scopes);
  const added = scopes.includes("run") && !scopes.includes("read") ? ["read"] : [];
  added.forEach((a) => all.add(a));
  const reasonsOf = (id: string) =>
    added.includes(id) ? [{ rule: "required_by" as const, scope: "run", reason: "read is needed to run", source: null }] : [{ rule: "selected" as const }];
  return {
    vendor: "v",
    kind: "personal",
    scopes: [...all].map((id) => ({ id, reasons: reasonsOf(id), elevated: false })),
    added: added.map((id) => ({ id, reasons: reasonsOf(id), elevated: false })),
    permissions: [...all].map((id) => ({ id, granted_by: [id] })),
    warnings: [],
    errors: [],
  };
}

/** What the builder asks the engine, answered by the fake engine above; `overrides` replace handlers. */
function builderHandlers<O extends FakeHandlers>(overrides: O = {} as O) {
  const check: SpecCheck = { errors: [], warnings: [], expiry_default: null, expiry_max: null, expiry_required: false, ip_allowlist_supported: true, ip_denylist_supported: false, start_date_supported: false, lifetime_minutes: null, time_zone: "UTC" };
  return {
    catalog_view: vi.fn(async () => view),
    resolve_selection: vi.fn(async ({ scopes }: { scopes: string[] }) => resolveFake(scopes)),
    check_token_spec: vi.fn(async ({ spec }: { spec: { ip_allowlist: string[] } }) => ({
      ...check,
      errors: spec.ip_allowlist.includes("bad") ? [{ field: "ip_allowlist[0]", message: "`bad` is not an IPv4 or IPv6 address" }] : [],
    })),
    scope_dependents: vi.fn(async ({ selected, scope }: { selected: string[]; scope: string }) =>
      scope === "run" && !selected.includes("read") ? ["read"] : [],
    ),
    ...overrides,
  };
}

describe("token builder logic", () => {
  it("pre-ticks default scopes and asks the engine without adding defaults itself", async () => {
    const h = builderHandlers();
    const b = new Builder(fakeApi(h));
    await b.load("v", null);
    expect(b.kind).toBe("personal");
    // The defaults come from the head of the kind the builder starts on.
    expect(h.catalog_view).toHaveBeenLastCalledWith({ vendor: "v", kind: "personal" });
    expect(b.selected).toEqual(["me"]);
    expect(h.resolve_selection).toHaveBeenLastCalledWith({ vendor: "v", kind: "personal", scopes: ["me"], defaults: false });
  });

  it("locks a scope added by a rule, with the rule as the reason", async () => {
    const b = new Builder(fakeApi(builderHandlers()));
    await b.load("v", "personal", ["run"]);
    expect(b.lockedReason("read")).toBe("required by run: read is needed to run");
    expect(b.lockedReason("run")).toBeNull();
  });

  it("explains what else goes when a scope others depend on is unticked", async () => {
    const b = new Builder(fakeApi(builderHandlers()));
    await b.load("v", "personal", ["run"]);
    await b.toggle("run");
    expect(b.selected).toEqual([]);
    expect(b.note).toBe("Unticking run also removes read (added because of run).");
  });

  it("applies a preset and stays editable", async () => {
    const b = new Builder(fakeApi(builderHandlers()));
    await b.load("v", "personal", []);
    await b.applyPreset("p");
    expect(b.selected).toEqual(["read"]);
    await b.toggle("run");
    expect(b.selected).toEqual(["read", "run"]);
  });

  it("routes policy problems to their field, allowlist entries included", async () => {
    const b = new Builder(fakeApi(builderHandlers()));
    await b.load("v", "personal", ["read"]);
    b.ipText = "bad";
    await b.refresh();
    expect(b.problems("ip_allowlist")).toEqual(["`bad` is not an IPv4 or IPv6 address"]);
    expect(b.problems("name")).toEqual([]);
  });

  it("switching kind drops the old kind's untouched defaults and ticks the new kind's", async () => {
    // Each kind's head names its own defaults: "me" for personal, "orgdef" for org.
    const kinds = [...view.key_kinds, { id: "org", name: "Org", policy: view.key_kinds[0].policy }];
    const heads = vi.fn(async ({ kind }: Req<"catalog_view">) => ({ ...view, key_kinds: kinds, defaults: kind === "org" ? ["orgdef"] : ["me"] }));
    const b = new Builder(fakeApi(builderHandlers({ catalog_view: heads })));
    await b.load("v", "personal", []);
    expect(b.selected).toEqual(["me"]);
    await b.toggle("both");
    await b.switchKind("org");
    expect(b.kind).toBe("org");
    expect(b.selected).toEqual(["orgdef", "both"]);
    expect(heads.mock.calls.map((c) => c[0].kind)).toEqual(["personal", "org"]);
  });

  it("a scope ticked while the new kind loads is kept", async () => {
    const kinds = [...view.key_kinds, { id: "org", name: "Org", policy: view.key_kinds[0].policy }];
    let release: () => void = () => {};
    const slow = new Promise<void>((r) => (release = r));
    const heads = vi.fn(async ({ kind }: Req<"catalog_view">) => {
      if (kind === "org") await slow;
      return { ...view, key_kinds: kinds, defaults: kind === "org" ? ["orgdef"] : ["me"] };
    });
    const b = new Builder(fakeApi(builderHandlers({ catalog_view: heads })));
    await b.load("v", "personal", []);
    const switching = b.switchKind("org");
    await b.toggle("read");
    release();
    await switching;
    expect(b.kind).toBe("org");
    expect(b.selected).toEqual(["orgdef", "read"]);
  });

  it("a load overtaken by a newer one (another kind chosen meanwhile) leaves the newer one's state", async () => {
    const kinds = [...view.key_kinds, { id: "org", name: "Org", policy: view.key_kinds[0].policy }];
    let releaseSlow: () => void = () => {};
    const slow = new Promise<void>((r) => (releaseSlow = r));
    const heads = vi.fn(async ({ kind }: Req<"catalog_view">) => {
      if (kind === "personal") await slow;
      return { ...view, key_kinds: kinds, defaults: kind === "org" ? ["orgdef"] : ["me"] };
    });
    const b = new Builder(fakeApi(builderHandlers({ catalog_view: heads })));
    const first = b.load("v", "personal", []);
    await b.load("v", "org", []);
    releaseSlow();
    await first;
    expect(b.kind).toBe("org");
    expect(b.selected).toEqual(["orgdef"]);
    expect(b.view?.defaults).toEqual(["orgdef"]);
  });

  it("asks for least privilege in the chosen sense", async () => {
    const suggest = vi.fn(async ({ mode }: Req<"suggest_scopes">) => ({
      vendor: "v", kind: "personal", mode, scopes: ["read"], covered: ["read"], uncoverable: [], unknown: [], excess_permissions: 0, exact: true, greedy_size: 1,
    }) as Suggestion);
    const b = new Builder(fakeApi(builderHandlers({ suggest_scopes: suggest })));
    await b.load("v", "personal", []);
    expect(b.suggestMode).toBe("fewest_scopes");
    await b.suggestFor(["read"]);
    b.suggestMode = "fewest_excess";
    await b.suggestFor(["read"]);
    expect(suggest.mock.calls.map((c) => c[0].mode)).toEqual(["fewest_scopes", "fewest_excess"]);
    expect(b.suggestion?.mode).toBe("fewest_excess");
  });

  it("builds the spec it exports from the form", async () => {
    const b = new Builder(fakeApi(builderHandlers()));
    await b.load("v", "personal", ["read"]);
    b.name = "ci";
    b.ipText = "10.0.0.0/8,\n 192.0.2.1 ";
    expect(b.spec).toMatchObject({ vendor: "v", kind: "personal", name: "ci", scopes: ["read"], ip_allowlist: ["10.0.0.0/8", "192.0.2.1"], expires_on: null });
  });

  it("sends refused addresses, a first day and chosen items only where the kind takes them", async () => {
    const b = new Builder(fakeApi(builderHandlers()));
    await b.load("v", "personal", ["read"]);
    b.denyText = "10.1.0.0/16";
    b.startsOn = "2027-01-01";
    b.reach = { zones: ["example.com"] };
    // This kind's policy offers none of them: none is sent.
    expect(b.spec).toMatchObject({ ip_denylist: [], starts_on: null, reach: [] });
    const narrowing = {
      ...view,
      key_kinds: [
        {
          ...view.key_kinds[0],
          policy: {
            ...view.key_kinds[0].policy,
            ip_denylist: true,
            start_date: true,
            narrow_to: [{ id: "zones", label: "zones", every: "every zone", except: "every zone but those ticked" }, { id: "repositories", label: "repositories", every: "every repository" }],
          },
        },
      ],
    } as unknown as CatalogView;
    const c = new Builder(fakeApi(builderHandlers({ catalog_view: () => narrowing })));
    await c.load("v", "personal", ["read"]);
    c.denyText = "10.1.0.0/16\n";
    c.startsOn = " 2027-01-01 ";
    c.reach = { zones: ["example.com"], repositories: null };
    expect(c.spec).toMatchObject({ ip_denylist: ["10.1.0.0/16"], starts_on: "2027-01-01", reach: [{ area: "zones", items: ["example.com"] }] });
    expect(c.spec.reach?.[0]?.except).toBeUndefined();
    expect(c.reachWords(c.policy!.narrow_to![1]!)).toBe("every repository");
    // Left out; an area without that choice sends it too, for the check to refuse, never as
    // the only names reached.
    c.reachExcept = { zones: true, repositories: true };
    c.reach = { zones: ["example.com"], repositories: ["acme/api"] };
    expect(c.spec.reach).toEqual([{ area: "zones", items: ["example.com"], except: true }, { area: "repositories", items: ["acme/api"], except: true }]);
    expect(c.reachWords(c.policy!.narrow_to![1]!)).toContain("not something this kind of token can do");
    expect(c.reachWords(c.policy!.narrow_to![0]!)).toBe("all but example.com: every zone but those ticked");
    // Another kind starts over: nothing chosen for the old one is carried along.
    await c.load("v", "personal", ["read"]);
    expect(c.spec).toMatchObject({ ip_denylist: [], starts_on: null, reach: [] });
  });
});

describe("helpers", () => {
  it("splits allowlist text on newlines and commas", () => {
    expect(ipEntries(" a, b\n\nc ,")).toEqual(["a", "b", "c"]);
  });

  it("describes every reason rule", () => {
    expect(describeReason({ rule: "implied_by", scope: "scans", source: null })).toBe("implied by scans");
    expect(describeReason({ rule: "required_for_all", source: null })).toBe("required for every token");
    expect(describeReason({ rule: "default", source: null })).toBe("selected by default");
  });
});
