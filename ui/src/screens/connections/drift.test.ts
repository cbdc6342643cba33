import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { shellHandlers } from "../../App.test";
import { fakeApi } from "../../api";
import type { Connection, ScopesAtVendor as Drift } from "../../api";
import ScopesAtVendor from "./ScopesAtVendor.svelte";

const conn: Connection = { id: "cf", vendor: "cloudflare", label: "Acme", base_url: "https://api.example/client/v4/accounts/a1", key_kind: "account-token", sandbox: false, key_id: null, security_level: null, added_at: "2026-12-07T00:00:00Z" };
const drift = (over: Partial<Drift>): Drift => ({ connection_id: "cf", catalog_id: "cloudflare", key_kind: "account-token", offered: 219, in_catalog: 219, new_at_vendor: [], gone_at_vendor: [], checked_at: "2026-12-07T08:00:00Z", ...over });

describe("the catalog compared with what the vendor offers now", () => {
  it("says they match, or lists what is new at the vendor and what it no longer offers", async () => {
    const call = vi
      .fn()
      .mockResolvedValueOnce(drift({}))
      .mockResolvedValueOnce(drift({ offered: 219, new_at_vendor: [{ id: "zone.email-security-write", name: "Email Security Write" }], gone_at_vendor: ["zone.zone-write"] }));
    render(ScopesAtVendor, { api: fakeApi(shellHandlers({ catalog_drift: call })), conn });
    await fireEvent.click(screen.getByTestId("drift-compare"));
    await waitFor(() => expect(screen.getByTestId("drift-result").textContent).toContain("They match."));
    expect(call.mock.calls[0][0]).toEqual({ id: "cf" });
    await fireEvent.click(screen.getByTestId("drift-compare"));
    await waitFor(() => expect(screen.getByTestId("drift-result").textContent).toContain("They differ"));
    expect(screen.getByTestId("drift-new").textContent).toContain("Email Security Write zone.email-security-write");
    expect(screen.getByTestId("drift-gone").textContent).toContain("zone.zone-write");
  });

  it("shows a refusal once, with its fix", async () => {
    const call = vi.fn().mockRejectedValue({ kind: "invalid_input", message: "MindBridge publishes no list of its scopes through its API; compare the catalog with its documentation.", details: [] });
    render(ScopesAtVendor, { api: fakeApi(shellHandlers({ catalog_drift: call })), conn });
    await fireEvent.click(screen.getByTestId("drift-compare"));
    await waitFor(() => expect(screen.getByTestId("drift-error").textContent).toContain("compare the catalog with its documentation"));
    expect(screen.queryByTestId("drift-result")).toBeNull();
  });
});
