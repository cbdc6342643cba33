import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import ReconcilePanel from "./ReconcilePanel.svelte";
import { fakeApi } from "../App.test";
import { toIpcError } from "../api";
import type { Reconciliation, VendorToken } from "../api";

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
  is_connection_credential: false,
  credential_of: [],
  listed_as: "mindbridge http://127.0.0.1:1 ",
};

describe("an unclear create", () => {
  it("finds the token the vendor may have made and revokes it after a confirmation", async () => {
    const found: Reconciliation = { connection_id: "c1", name: "nightly", scopes: ["api.tasks.read"], found: [made], detail: "It was created." };
    const api = fakeApi({
      reconcileCreate: vi.fn(async () => found),
      revokeToken: vi.fn(async () => {}),
    });
    render(ReconcilePanel, { api, connectionId: "c1", vendor: "mindbridge" });
    await waitFor(() => expect(screen.getByTestId("reconcile-detail").textContent).toBe("It was created."));
    expect(api.reconcileCreate).toHaveBeenCalledWith("c1");
    await fireEvent.click(screen.getByTestId("reconcile-revoke"));
    expect(api.revokeToken).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId("reconcile-revoke-confirm"));
    await waitFor(() => expect(screen.getByTestId("reconcile-revoked")).toBeTruthy());
    expect(api.revokeToken).toHaveBeenCalledWith("c1", "4b83", { listed_as: "mindbridge http://127.0.0.1:1 ", confirmed_breaks: [] });
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
