import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import ReconcilePanel from "./ReconcilePanel.svelte";
import { shellHandlers } from "../../App.test";
import { fakeApi, toIpcError } from "../../api";
import type { Reconciliation, VendorToken } from "../../api";

const made: VendorToken = {
  id: "4b83",
  name: "nightly",
  scopes: ["api.tasks.read"],
  created: "2026-12-01T10:00:00Z",
  created_by: null,
  expires: "2026-12-31T23:59:59Z",
  allowlist: [],
  security_level: null,
  partial: null,
  last_used: null,
  broad_reach: null,
  reach: [],
  is_connection_credential: false,
  credential_of: [],
  listed_as: "mindbridge http://127.0.0.1:1 ",
};

describe("an unclear create", () => {
  it("finds the token the vendor may have made and revokes it after a confirmation", async () => {
    const found: Reconciliation = { connection_id: "c1", name: "nightly", scopes: ["api.tasks.read"], found: [made], detail: "It was created." };
    const h = shellHandlers({
      reconcile_create: vi.fn(async () => found),
      revoke_token: vi.fn(async () => null),
    });
    const api = fakeApi(h);
    render(ReconcilePanel, { api, connectionId: "c1", vendor: "mindbridge" });
    await waitFor(() => expect(screen.getByTestId("reconcile-detail").textContent).toBe("It was created."));
    expect(h.reconcile_create).toHaveBeenCalledWith({ id: "c1" });
    await fireEvent.click(screen.getByTestId("reconcile-revoke"));
    expect(h.revoke_token).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId("reconcile-revoke-confirm"));
    await waitFor(() => expect(screen.getByTestId("reconcile-revoked")).toBeTruthy());
    expect(h.revoke_token).toHaveBeenCalledWith({ id: "c1", token_id: "4b83", choice: { listed_as: "mindbridge http://127.0.0.1:1 ", confirmed_breaks: [] } });
  });
});

describe("error kinds", () => {
  it("keeps create_uncertain as its own kind with its message", () => {
    expect(toIpcError({ kind: "create_uncertain", message: "may have created", details: [] })).toEqual({
      kind: "create_uncertain",
      message: "may have created",
      details: [],
    });
  });
});
