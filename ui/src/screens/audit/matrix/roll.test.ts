import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { shellHandlers } from "../../../App.test";
import { fakeApi } from "../../../api";
import type { AuditRow, Capabilities, CreatedToken } from "../../../api";
import { Nav } from "../../../parts/nav.svelte";
import { rememberVendors } from "../../../parts/vendorNames.svelte";
import AuditPage from "../AuditPage.svelte";
import { Audit } from "../audit.svelte";
import { report, row } from "../rows.fixture.test";

const caps = (roll: boolean): Capabilities => ({ create: true, list: true, revoke: true, rename: false, set_expiry: true, set_allowlist: true, introspect: true, roll, offers_scopes: false });

async function opened(rows: AuditRow[], handlers: Record<string, unknown> = {}) {
  const api = fakeApi(shellHandlers({ run_audit: vi.fn(async () => report(rows)), ...handlers }));
  const nav = new Nav();
  nav.go({ name: "audit" });
  render(AuditPage, { props: { api, nav, audit: new Audit(api) } });
  await fireEvent.click(screen.getByTestId("audit-run"));
  await waitFor(() => expect(screen.getAllByTestId("audit-row").length).toBe(rows.length));
  return nav;
}
const menuOf = (id: string) =>
  within(screen.getAllByTestId("audit-row").find((r) => r.dataset.token === id)!).getByTestId("audit-row-menu");

describe("rolling a token's value from its row", () => {
  it("is not offered for a vendor that cannot roll", async () => {
    rememberVendors([{ id: "mindbridge", name: "MindBridge", capabilities: caps(false) }]);
    await opened([row("mb1", [])]);
    await fireEvent.click(menuOf("mb1"));
    const menu = await screen.findByTestId("row-menu");
    expect(within(menu).queryByTestId("row-menu-roll")).toBeNull();
  });

  it("asks first where the vendor can, and shows the new value once on the result screen", async () => {
    // The same vendor, now able to roll: the menu follows what Rust says the vendor can do.
    rememberVendors([{ id: "mindbridge", name: "MindBridge", capabilities: caps(true) }]);
    const made: CreatedToken = {
      vendor: "mindbridge", connection_id: "c1", connection_label: "Acme", sandbox: false, token_id: "t1", name: "t1",
      scopes: ["api.engagements.read"], expires: null, allowlist: [], allowlist_supported: true, env_var: "MINDBRIDGE_API_TOKEN",
      env_extra: [], verify_command: "curl …", secret_length: 40,
    };
    const roll = vi.fn(async () => made);
    const nav = await opened([row("t1", [])], { roll_token: roll });
    await fireEvent.click(menuOf("t1"));
    const menu = await screen.findByTestId("row-menu");
    expect(within(menu).getAllByRole("menuitem").map((m) => m.textContent!.trim())).toEqual(["Details and findings", "Revoke…", "Narrow…", "Rotate…", "Roll the value…"]);
    await fireEvent.click(within(menu).getByTestId("row-menu-roll"));
    const asking = await screen.findByTestId("row-menu-ask");
    expect(asking.getAttribute("aria-label")).toBe("Roll the value of t1");
    expect(asking.textContent).toContain("the old value stops working now");
    expect(document.activeElement!.textContent).toBe("Cancel");
    expect(roll).not.toHaveBeenCalled();
    await fireEvent.click(within(asking).getByTestId("roll-confirm"));
    await waitFor(() => expect(nav.screen.name).toBe("created"));
    expect(roll).toHaveBeenCalledWith({ id: "c1", token_id: "t1", choice: { listed_as: "cortex http://127.0.0.1:1 7", confirmed_breaks: [] } });
    expect(nav.screen).toMatchObject({ name: "created", token: made, rolled: true });
  });

  it("is held back with the reason for a connection's own credential", async () => {
    rememberVendors([{ id: "mindbridge", name: "MindBridge", capabilities: caps(true) }]);
    await opened([row("own", [], {}, { is_connection_credential: true })]);
    await fireEvent.click(menuOf("own"));
    const item = within(await screen.findByTestId("row-menu")).getByTestId("row-menu-roll");
    expect(item.getAttribute("aria-disabled")).toBe("true");
    expect(document.getElementById(item.getAttribute("aria-describedby")!)!.textContent).toContain("connection's own credential");
  });
});
