import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import type { AuditRow, AuditToken, Connection, SweepMatch, SweepOutcome, SweepPlan, VendorToken } from "../api";
import { shellHandlers } from "../App.test";
import { fakeApi } from "../api";
import AuditDrawer from "../screens/audit/AuditDrawer.svelte";
import Connections from "../screens/connections/Connections.svelte";
import OffboardPage from "../screens/offboarding/OffboardPage.svelte";
import { Nav } from "./nav.svelte";
import { Offboard } from "../screens/offboarding/offboard.svelte";

const B = { connection_id: "c2", label: "B narrow" };

function tok(id: string, over: Partial<AuditToken> = {}): AuditToken {
  return {
    vendor: "mindbridge",
    connection_id: "c1",
    id,
    name: `token ${id}`,
    created_ms: null,
    expires_ms: null,
    last_used_ms: null,
    allowlist: [],
    scopes: ["api.api-tokens.read"],
    permissions: [],
    is_connection_credential: false,
    credential_of: [],
    listed_as: "mindbridge http://127.0.0.1:9 ",
    owner: "ops",
    source: "vendor_api",
    broad_reach: null,
    reach: [],
    ...over,
  };
}
function row(t: AuditToken): AuditRow {
  return { token: t, findings: [], score: 0, band: "none", template: null, held: [], access: "R-", chips: [], implied_scopes: [] };
}
function drawer(t: AuditToken) {
  const h = shellHandlers({ revoke_token: vi.fn(async () => null), token_timeline: vi.fn(async () => ({ key: "", entries: [] })) as never });
  const api = fakeApi(h);
  const onrevoked = vi.fn();
  render(AuditDrawer, { api, nav: new Nav(), peers: [], onreport: () => {}, row: row(t), rules: {}, group: null, block: null, label: "A admin", onclose: () => {}, onrevoked });
  return { h, onrevoked };
}

describe("another connection's credential in the audit drawer", () => {
  it("is marked with the connection's name and revoked only after a second confirmation naming it", async () => {
    const { h, onrevoked } = drawer(tok("b1", { credential_of: [B] }));
    expect(screen.getByTestId("credential-mark").textContent).toBe("credential of “B narrow”");
    await fireEvent.click(screen.getByTestId("drawer-revoke"));
    await fireEvent.click(screen.getByTestId("drawer-revoke-confirm"));
    expect(h.revoke_token).not.toHaveBeenCalled();
    expect(screen.getByTestId("drawer-break").textContent).toContain("credential of the connection “B narrow”: revoking it breaks that connection");
    await fireEvent.click(screen.getByTestId("drawer-break-confirm"));
    await waitFor(() => expect(onrevoked).toHaveBeenCalled());
    expect(h.revoke_token).toHaveBeenCalledWith({ id: "c1", token_id: "b1", choice: { listed_as: "mindbridge http://127.0.0.1:9 ", confirmed_breaks: ["c2"] } });
  });

  it("leaves an ordinary token unmarked, revoked after one confirmation and bound to its listing", async () => {
    const { h } = drawer(tok("t1"));
    expect(screen.queryByTestId("credential-mark")).toBeNull();
    await fireEvent.click(screen.getByTestId("drawer-revoke"));
    await fireEvent.click(screen.getByTestId("drawer-revoke-confirm"));
    expect(screen.queryByTestId("drawer-break")).toBeNull();
    await waitFor(() => expect(h.revoke_token).toHaveBeenCalledWith({ id: "c1", token_id: "t1", choice: { listed_as: "mindbridge http://127.0.0.1:9 ", confirmed_breaks: [] } }));
  });
});

describe("another connection's credential in the sweep", () => {
  const match = (t: AuditToken): SweepMatch => ({ token: t, connection_label: "A admin", why: ["name “token*”"], breaks: [], cannot_revoke: null });
  const plan: SweepPlan = { summary: "name like “token*”", matches: [match(tok("t1")), match(tok("b1", { credential_of: [B] }))], outcomes: [], generated_ms: 0, selected: false };

  it("is marked, never ticked by default, and ticked only after a confirmation naming the connection", async () => {
    const sweepRevoke = vi.fn(async ({ targets }: { targets: { token_id: string }[] }) =>
      targets.map((t): SweepOutcome => ({ vendor: "mindbridge", connection_id: "c1", connection_label: "A admin", token_id: t.token_id, name: "", owner: null, scopes: [], result: "revoked", detail: "Revoked.", at: "2026-12-01T12:00:00Z" })),
    );
    const api = fakeApi(shellHandlers({ sweep_plan: vi.fn(async () => plan), sweep_revoke: sweepRevoke }));
    const s = new Offboard(api);
    s.pattern = "token*";
    render(OffboardPage, { api, nav: new Nav(), sweep: s });
    await fireEvent.click(screen.getByTestId("sweep-find"));
    await waitFor(() => expect(screen.getAllByTestId("sweep-row")).toHaveLength(2));
    expect(screen.getByTestId("credential-mark").textContent).toBe("credential of “B narrow”");
    const ticks = () => (screen.getAllByTestId("sweep-tick") as HTMLInputElement[]).map((t) => t.checked);
    expect(ticks()).toEqual([true, false]);
    await fireEvent.click(screen.getAllByTestId("sweep-tick")[1]);
    expect(ticks()).toEqual([true, false]);
    expect(screen.getByTestId("sweep-break").textContent).toContain("breaks the connection “B narrow”");
    await fireEvent.click(screen.getByTestId("sweep-break-confirm"));
    expect(ticks()).toEqual([true, true]);
    await fireEvent.click(screen.getByTestId("sweep-revoke-open"));
    await fireEvent.input(screen.getByTestId("sweep-typed"), { target: { value: "2" } });
    await fireEvent.click(screen.getByTestId("sweep-revoke"));
    await waitFor(() => expect(sweepRevoke).toHaveBeenCalled());
    expect(sweepRevoke.mock.calls[0][0].targets).toEqual([
      { connection_id: "c1", token_id: "t1", confirmed_breaks: [] },
      { connection_id: "c1", token_id: "b1", confirmed_breaks: ["c2"] },
    ]);
  });
});

describe("another connection's credential in a connection's token list", () => {
  it("is marked and revoked only after a second confirmation naming the connection", async () => {
    const conn: Connection = { id: "c1", vendor: "mindbridge", label: "A admin", base_url: "https://acme.example", key_kind: "api-token", sandbox: false, key_id: null, security_level: null, added_at: "2026-11-23T00:00:00Z" };
    const caps = { create: true, list: true, revoke: true, rename: true, set_expiry: true, set_allowlist: true, introspect: true, roll: false, offers_scopes: false };
    const vt = (id: string, over: Partial<VendorToken> = {}): VendorToken => ({
      id,
      name: `token ${id}`,
      scopes: [],
      created: null,
      created_by: null,
      expires: null,
      allowlist: [],
      security_level: null,
      partial: null,
      last_used: null,
      broad_reach: null,
      reach: [],
      is_connection_credential: false,
      credential_of: [],
      listed_as: "mindbridge https://acme.example ",
      ...over,
    });
    const h = shellHandlers({
      list_connections: vi.fn(async () => ({ connections: [conn], problem: null, vendors: [{ id: "mindbridge" as const, name: "MB", capabilities: caps, url_hint: "", uses_key_id: false, key_id_label: null, guided_kinds: [], revoke_effect: null, filters_listing: false }], unlisted: [] })),
      list_vendor_tokens: vi.fn(async () => [vt("own", { is_connection_credential: true, credential_of: [{ connection_id: "c1", label: "A admin" }] }), vt("b1", { credential_of: [B] })]),
      revoke_token: vi.fn(async () => null),
    });
    const api = fakeApi(h);
    render(Connections, { api, catalogs: [], nav: new Nav(), selected: "c1" });
    await waitFor(() => expect(screen.getAllByTestId("token-row")).toHaveLength(2));
    const marks = screen.getAllByTestId("credential-mark");
    expect(marks.map((m) => m.textContent)).toEqual(["credential of “B narrow”"]);
    const b = screen.getAllByTestId("token-row")[1];
    await fireEvent.click(within(b).getByTestId("revoke"));
    await fireEvent.click(within(b).getByTestId("revoke-confirm"));
    expect(h.revoke_token).not.toHaveBeenCalled();
    expect(within(b).getByTestId("revoke-break").textContent).toContain("“B narrow”");
    await fireEvent.click(within(b).getByTestId("revoke-break-confirm"));
    await waitFor(() => expect(h.revoke_token).toHaveBeenCalledWith({ id: "c1", token_id: "b1", choice: { listed_as: "mindbridge https://acme.example ", confirmed_breaks: ["c2"] } }));
  });
});
