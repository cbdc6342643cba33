import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import type { AuditToken, SweepMatch, SweepOutcome, SweepPlan } from "../../api";
import { shellHandlers } from "../../App.test";
import { fakeApi } from "../../api";
import OffboardPage from "./OffboardPage.svelte";
import { Offboard, splitOwners } from "./offboard.svelte";
import { Nav } from "../../parts/nav.svelte";

function match(id: string, cannot: string | null = null, over: Partial<AuditToken> = {}): SweepMatch {
  const token: AuditToken = {
    vendor: "cortex",
    connection_id: "c1",
    id,
    name: `key ${id}`,
    created_ms: null,
    expires_ms: null,
    last_used_ms: null,
    allowlist: [],
    scopes: ["Instance Admin"],
    permissions: [],
    is_connection_credential: false,
    credential_of: [],
    listed_as: "cortex http://127.0.0.1:1 7",
    owner: "former.admin@example.com",
    source: "vendor_api",
    broad_reach: null,
    reach: [],
    ...over,
  };
  return { token, connection_label: "Cortex sandbox", why: ["owner “former.admin@example.com”"], breaks: [], cannot_revoke: cannot };
}
const plan: SweepPlan = {
  summary: "owner “former”",
  matches: [match("1"), match("2"), match("3", "Bright has no API to revoke tokens")],
  outcomes: [],
  generated_ms: 0,
  selected: false,
};
function outcome(id: string, result: SweepOutcome["result"]): SweepOutcome {
  return { vendor: "cortex", connection_id: "c1", connection_label: "Cortex sandbox", token_id: id, name: `key ${id}`, owner: null, scopes: [], result, detail: "Revoked.", at: "2026-12-01T12:00:00Z" };
}

describe("offboarding sweep", () => {
  it("reads several spellings of a person and drops blanks", () => {
    expect(splitOwners(" Former Admin, former.admin@example.com\n,, ")).toEqual(["Former Admin", "former.admin@example.com"]);
    const s = new Offboard(fakeApi(shellHandlers()));
    s.owners = "a, b";
    s.pattern = "  ";
    expect(s.query()).toEqual({ owners: ["a", "b"], name_pattern: null, created_by: null, fingerprint: null });
  });

  it("ticks only what can be revoked, and revokes after the typed count with live outcomes", async () => {
    const sweepRevoke = vi.fn(async ({ targets }: { targets: { token_id: string }[]; typed: string }, on: (o: SweepOutcome) => void) => {
      const out = targets.map((t) => outcome(t.token_id, "revoked"));
      out.forEach(on);
      return out;
    });
    const api = fakeApi(shellHandlers({ sweep_plan: vi.fn(async () => plan), sweep_revoke: sweepRevoke }));
    const s = new Offboard(api);
    s.owners = "former";
    render(OffboardPage, { api, nav: new Nav(), sweep: s });
    await fireEvent.click(screen.getByTestId("sweep-find"));
    await waitFor(() => expect(screen.getAllByTestId("sweep-row")).toHaveLength(3));
    const ticks = screen.getAllByTestId("sweep-tick") as HTMLInputElement[];
    expect(ticks.map((t) => [t.checked, t.disabled])).toEqual([
      [true, false],
      [true, false],
      [false, true],
    ]);
    expect(screen.getByTestId("sweep-cannot").textContent).toContain("no API to revoke");
    // Untick one: two are left to revoke.
    await fireEvent.click(ticks[1]);
    await fireEvent.click(screen.getByTestId("sweep-revoke-open"));
    const go = screen.getByTestId("sweep-revoke") as HTMLButtonElement;
    expect(go.disabled).toBe(true);
    await fireEvent.input(screen.getByTestId("sweep-typed"), { target: { value: "2" } });
    expect(go.disabled).toBe(true);
    await fireEvent.input(screen.getByTestId("sweep-typed"), { target: { value: "1" } });
    expect(go.disabled).toBe(false);
    await fireEvent.click(go);
    await waitFor(() => expect(screen.getAllByTestId("sweep-outcome-row")).toHaveLength(1));
    expect(sweepRevoke).toHaveBeenCalledWith({ targets: [{ connection_id: "c1", token_id: "1", confirmed_breaks: [] }], typed: "1" }, expect.any(Function));
    expect(screen.getByTestId("sweep-outcome").textContent).toContain("1 revoked");
  });

  it("reviews tokens selected in the audit without a query, and tells the audit what was revoked", async () => {
    const selected: SweepPlan = { ...plan, selected: true, summary: "selected in the audit read 2026-12-01 12:00 UTC", matches: [match("1"), match("3", "It is the connection's own credential")] };
    const sweepSelect = vi.fn(async () => selected);
    const sweepRevoke = vi.fn(async ({ targets }: { targets: { token_id: string }[] }) => targets.map((t) => outcome(t.token_id, "revoked")));
    const api = fakeApi(shellHandlers({ sweep_select: sweepSelect, sweep_revoke: sweepRevoke }));
    const changed = vi.fn();
    const s = new Offboard(api, changed);
    const nav = new Nav();
    render(OffboardPage, { api, nav, sweep: s, selection: ["cortex/c1/1", "cortex/c1/3"] });
    await waitFor(() => expect(screen.getAllByTestId("sweep-row")).toHaveLength(2));
    expect(sweepSelect).toHaveBeenCalledWith({ tokens: ["cortex/c1/1", "cortex/c1/3"] });
    expect(screen.queryByTestId("sweep-form")).toBeNull();
    expect(screen.getByTestId("sweep-plan").querySelector("h2")!.textContent).toContain("Review: 2 tokens selected in the audit");
    const ticks = screen.getAllByTestId("sweep-tick") as HTMLInputElement[];
    expect(ticks.map((t) => [t.checked, t.disabled])).toEqual([
      [true, false],
      [false, true],
    ]);
    await fireEvent.click(screen.getByTestId("sweep-revoke-open"));
    await fireEvent.input(screen.getByTestId("sweep-typed"), { target: { value: "1" } });
    await fireEvent.click(screen.getByTestId("sweep-revoke"));
    await waitFor(() => expect(screen.getAllByTestId("sweep-outcome-row")).toHaveLength(1));
    expect(changed).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId("sweep-again")).toBeNull();
    await fireEvent.click(screen.getAllByTestId("sweep-back")[0]);
    expect(nav.screen.name).toBe("audit");
  });

  it("shows its own form again when opened from the sidebar after an audit selection", async () => {
    const selected: SweepPlan = { ...plan, selected: true, matches: [match("1")] };
    const api = fakeApi(shellHandlers({ sweep_select: vi.fn(async () => selected) }));
    const s = new Offboard(api);
    await s.startForSelection(["cortex/c1/1"]);
    expect(s.fromAudit).toBe(true);
    render(OffboardPage, { api, nav: new Nav(), sweep: s });
    expect(screen.getByTestId("sweep-form")).toBeTruthy();
    expect(s.fromAudit).toBe(false);
    expect(s.plan).toBeNull();
  });
});
