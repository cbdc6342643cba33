import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import AuditRegister from "./AuditRegister.svelte";
import { shellHandlers } from "../../App.test";
import { fakeApi } from "../../api";
import type { ConnectionOutcome, PastedCheck } from "../../api";

const outcome: ConnectionOutcome = { connection_id: "c1", label: "Org", vendor: "bright", tokens: 0, error: null, unlisted: true };

describe("registering a token", () => {
  it("takes its last valid day as typed YYYY-MM-DD text, not the locale's date editor", async () => {
    const checked: PastedCheck = { format_ok: true, verified: true, summary: "ok", saved_as: null, registered: "sha256:0123456789ab" };
    const h = shellHandlers({
      list_connections: vi.fn(async () => ({ connections: [], problem: null, vendors: [], unlisted: [] })),
      catalog_scopes: vi.fn(async () => ({ total: 0, offset: 0, rows: [], groups: [] })),
      verify_pasted_token: vi.fn(async () => checked),
    });
    const api = fakeApi(h);
    const onregistered = vi.fn();
    render(AuditRegister, { api, outcome, onregistered, oncancel: () => {} });
    const day = screen.getByTestId("register-expiry") as HTMLInputElement;
    expect(day.type).toBe("text");
    expect(day.placeholder).toBe("YYYY-MM-DD");
    await fireEvent.input(screen.getByTestId("register-name"), { target: { value: "ci" } });
    await fireEvent.input(screen.getByTestId("register-token"), { target: { value: "secret" } });
    await fireEvent.input(day, { target: { value: " 2027-01-31 " } });
    await fireEvent.click(screen.getByTestId("register-submit"));
    await waitFor(() => expect(onregistered).toHaveBeenCalledWith("sha256:0123456789ab"));
    expect(h.verify_pasted_token).toHaveBeenCalledWith({ id: "c1", token: "secret", save_as: null, declared: { name: "ci", scopes: [], expires_on: "2027-01-31" } });
  });
});
