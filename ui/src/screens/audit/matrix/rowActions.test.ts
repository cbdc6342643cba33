import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { shellHandlers } from "../../../App.test";
import { fakeApi } from "../../../api";
import type { AuditRow } from "../../../api";
import { Nav } from "../../../parts/nav.svelte";
import AuditPage from "../AuditPage.svelte";
import { Audit } from "../audit.svelte";
import { report, row } from "../rows.fixture.test";

/** The audit screen after a run of `rows`, with `handlers` answering beside the shell's. */
async function opened(rows: AuditRow[], handlers: Record<string, unknown> = {}) {
  const api = fakeApi(shellHandlers({ run_audit: vi.fn(async () => report(rows)), ...handlers }));
  const nav = new Nav();
  nav.go({ name: "audit" });
  const audit = new Audit(api);
  render(AuditPage, { props: { api, nav, audit } });
  await fireEvent.click(screen.getByTestId("audit-run"));
  await waitFor(() => expect(screen.getAllByTestId("audit-row").length).toBe(rows.length));
  return { api, nav, audit };
}
const rowOf = (id: string) => screen.getAllByTestId("audit-row").find((r) => r.dataset.token === id)!;
const menuOf = (id: string) => within(rowOf(id)).getByTestId("audit-row-menu");

describe("acting from a matrix row", () => {
  it("revokes from the row's menu after the drawer's own confirmation, and the row leaves the matrix", async () => {
    const revoke = vi.fn(async () => null);
    // Rust judges the rest again after a revoke; the page reads that back.
    const again = vi.fn(async () => report([row("a", [], { score: 30, band: "medium" })]));
    await opened([row("a", []), row("b", [])], { revoke_token: revoke, last_audit: again });
    const button = menuOf("b");
    await fireEvent.click(button);
    const menu = await screen.findByTestId("row-menu");
    expect(within(menu).getByRole("menu").getAttribute("aria-label")).toBe("Actions for b");
    expect(button.getAttribute("aria-expanded")).toBe("true");
    expect(button.getAttribute("aria-controls")).toBe(menu.id);
    expect(within(menu).getAllByRole("menuitem").map((m) => m.textContent!.trim())).toEqual(["Details and findings", "Revoke…", "Narrow…", "Rotate…"]);
    expect(document.activeElement).toBe(within(menu).getByTestId("row-menu-details"));
    await fireEvent.keyDown(menu, { key: "ArrowDown" });
    expect(document.activeElement).toBe(within(menu).getByTestId("row-menu-revoke"));

    await fireEvent.click(within(menu).getByTestId("row-menu-revoke"));
    const asking = await screen.findByTestId("row-menu-ask");
    expect(asking.getAttribute("role")).toBe("dialog");
    expect(asking.textContent).toMatch(/Revoke b \(Prod\) at mindbridge\? Anything using it stops working\./i);
    expect(document.activeElement!.textContent).toBe("Cancel");
    // Tab goes round the question's two buttons.
    await fireEvent.keyDown(asking, { key: "Tab" });
    expect(document.activeElement).toBe(within(asking).getByTestId("drawer-revoke-confirm"));
    await fireEvent.keyDown(asking, { key: "Tab" });
    expect(document.activeElement!.textContent).toBe("Cancel");
    expect(revoke).not.toHaveBeenCalled();
    await fireEvent.click(within(asking).getByTestId("drawer-revoke-confirm"));
    await waitFor(() => expect(screen.getAllByTestId("audit-row").map((r) => r.dataset.token)).toEqual(["a"]));
    expect(revoke).toHaveBeenCalledWith({ id: "c1", token_id: "b", choice: { listed_as: "cortex http://127.0.0.1:1 7", confirmed_breaks: [] } });
    expect(screen.queryByTestId("row-menu")).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId("audit-matrix"));
    expect(screen.getByTestId("audit-showing").textContent).toContain("Showing 1 of 1");
    await waitFor(() => expect(rowOf("a").dataset.score).toBe("30"));
    expect(again).toHaveBeenCalledTimes(1);
  });

  it("says why a connection's credential cannot be revoked, narrowed or rotated from it, and Escape gives the keyboard back", async () => {
    const revoke = vi.fn(async () => null);
    await opened([row("own", [], {}, { is_connection_credential: true })], { revoke_token: revoke });
    const button = menuOf("own");
    await fireEvent.click(button);
    const menu = await screen.findByTestId("row-menu");
    const item = within(menu).getByTestId("row-menu-revoke");
    expect(item.getAttribute("aria-disabled")).toBe("true");
    expect(document.getElementById(item.getAttribute("aria-describedby")!)!.textContent).toContain("connection's own credential");
    expect(within(menu).getAllByTestId("row-menu-why")).toHaveLength(1);
    await fireEvent.click(item);
    expect(screen.queryByTestId("row-menu-ask")).toBeNull();
    expect(within(menu).getByTestId("row-menu-narrow").getAttribute("aria-disabled")).toBe("true");
    expect(within(menu).getByTestId("row-menu-rotate").getAttribute("aria-disabled")).toBe("true");
    await fireEvent.click(within(menu).getByTestId("row-menu-rotate"));
    expect(screen.queryByTestId("row-menu")).not.toBeNull();
    await fireEvent.keyDown(menu, { key: "Escape" });
    expect(screen.queryByTestId("row-menu")).toBeNull();
    expect(document.activeElement).toBe(button);
    expect(button.getAttribute("aria-expanded")).toBe("false");
    expect(revoke).not.toHaveBeenCalled();
  });

  it("rotates into the builder with the same scopes, and narrows in the drawer at the comparison", async () => {
    const { nav } = await opened([row("a", [], {}, { scopes: ["api.engagements.read", "api.users.read"], allowlist: ["192.0.2.0/24"] })]);
    await fireEvent.click(menuOf("a"));
    await fireEvent.click(within(await screen.findByTestId("row-menu")).getByTestId("row-menu-narrow"));
    const drawer = await screen.findByTestId("audit-drawer");
    expect(document.activeElement).toBe(within(drawer).getByTestId("diff-target"));

    await fireEvent.click(menuOf("a"));
    await fireEvent.click(within(await screen.findByTestId("row-menu")).getByTestId("row-menu-rotate"));
    expect(nav.screen).toMatchObject({
      name: "builder",
      vendor: "mindbridge",
      scopes: ["api.engagements.read", "api.users.read"],
      replaces: { connection_id: "c1", token_id: "a", name: "a", allowlist: ["192.0.2.0/24"] },
    });
  });
});

describe("selected rows", () => {
  it("are counted, said when the filters hide some, exported alone, and reviewed for revoking", async () => {
    const exported = vi.fn(async () => "scopekeeper-audit-2026-12-01-2-selected.csv");
    // (Two rows: the virtual list draws two rows beside its two group headers here.)
    const rows = [row("a", ["no_expiry"], {}, { expires_ms: null }), row("c", [])];
    const { nav } = await opened(rows, { export_audit: exported });
    expect(screen.queryByTestId("audit-selection")).toBeNull();
    await fireEvent.click(within(rowOf("a")).getByTestId("audit-select"));
    expect(screen.getByTestId("audit-selection-count").textContent).toBe("1 token selected");
    const all = screen.getByTestId("audit-select-all") as HTMLInputElement;
    expect([all.checked, all.indeterminate]).toEqual([false, true]);
    await fireEvent.click(within(rowOf("c")).getByTestId("audit-select"));
    expect(screen.getByTestId("audit-selection-count").textContent).toBe("2 tokens selected");
    expect([all.checked, all.indeterminate]).toEqual([true, false]);

    await fireEvent.click(screen.getByTestId("chip-no_expiry"));
    await waitFor(() => expect(screen.getAllByTestId("audit-row").length).toBe(1));
    expect(screen.getByTestId("audit-selection-count").textContent).toBe("2 tokens selected (1 not shown by the filters)");
    expect([all.checked, all.indeterminate]).toEqual([true, false]);

    await fireEvent.click(screen.getByTestId("selection-csv"));
    await waitFor(() => expect(screen.getByTestId("selection-saved").textContent).toContain("Saved 2 tokens to scopekeeper-audit-2026-12-01-2-selected.csv"));
    expect(exported).toHaveBeenCalledWith({ format: "csv", tokens: ["mindbridge/c1/a", "mindbridge/c1/c"] });

    await fireEvent.click(screen.getByTestId("selection-revoke"));
    expect(nav.screen).toEqual({ name: "offboard", selection: ["mindbridge/c1/a", "mindbridge/c1/c"] });
  });

  it("ticks only the rows shown from the header, all of them, unticks them again, and clears", async () => {
    await opened([row("a", ["no_expiry"], {}, { expires_ms: null }), row("b", [])]);
    const all = screen.getByTestId("audit-select-all") as HTMLInputElement;
    await fireEvent.click(screen.getByTestId("chip-no_expiry"));
    await waitFor(() => expect(screen.getAllByTestId("audit-row").length).toBe(1));
    await fireEvent.click(all);
    expect(screen.getByTestId("audit-selection-count").textContent).toBe("1 token selected");
    await fireEvent.click(screen.getByTestId("chip-no_expiry"));
    await waitFor(() => expect(screen.getAllByTestId("audit-row").length).toBe(2));
    expect((screen.getAllByTestId("audit-select") as HTMLInputElement[]).map((c) => c.checked)).toEqual([true, false]);
    expect(screen.getByTestId("audit-selection-count").textContent).toBe("1 token selected");
    await fireEvent.click(all);
    expect(screen.getByTestId("audit-selection-count").textContent).toBe("2 tokens selected");
    await fireEvent.click(all);
    expect(screen.queryByTestId("audit-selection")).toBeNull();
    await fireEvent.click(all);
    await fireEvent.click(screen.getByTestId("selection-clear"));
    expect(screen.queryByTestId("audit-selection")).toBeNull();
    expect(all.checked).toBe(false);
    expect(document.activeElement).toBe(all);
  });
});
