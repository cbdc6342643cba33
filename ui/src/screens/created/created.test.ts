import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import CreatedPage from "./CreatedPage.svelte";
import { Nav } from "../../parts/nav.svelte";
import { codeSpans, expiryNote, localTime } from "../../parts/vendors";
import { shellHandlers } from "../../App.test";
import { fakeApi } from "../../api";
import type { CreatedToken } from "../../api";

const token: CreatedToken = {
  vendor: "mindbridge",
  connection_id: "c1",
  connection_label: "Sandbox MindBridge",
  sandbox: true,
  token_id: "4b83",
  name: "ci-read",
  scopes: ["api.engagements.read"],
  expires: "2027-01-31T23:59:59Z",
  allowlist: [],
  allowlist_supported: true,
  secret_length: 12,
  env_var: "MINDBRIDGE_API_TOKEN",
  env_extra: [],
  verify_command: "curl …",
};

describe("Token created screen", () => {
  it("masks the secret, reveals it once over IPC, copies from Rust, and forgets it on leaving", async () => {
    const h = shellHandlers({
      reveal_created_token: vi.fn(async () => "secret-value"),
      copy_created_token: vi.fn(async () => 30),
    });
    const api = fakeApi(h);
    const { unmount } = render(CreatedPage, { props: { api, nav: new Nav(), token } });
    const field = screen.getByTestId("created-secret");
    expect(field.textContent).toBe("•".repeat(12));
    expect(screen.getByTestId("created-sandbox").textContent).toContain("not a real token");

    await fireEvent.click(screen.getByTestId("created-reveal"));
    await waitFor(() => expect(field.textContent).toBe("secret-value"));
    await fireEvent.click(screen.getByTestId("created-reveal"));
    expect(field.textContent).toBe("•".repeat(12));
    await fireEvent.click(screen.getByTestId("created-reveal"));
    expect(field.textContent).toBe("secret-value");
    expect(h.reveal_created_token).toHaveBeenCalledTimes(1);

    await fireEvent.click(screen.getByTestId("created-copy"));
    expect(h.copy_created_token).toHaveBeenCalledWith({ token_id: "4b83", what: "secret" });
    await waitFor(() => expect(screen.getByTestId("copy-status").textContent).toContain("cleared in 30 s"));

    unmount();
    expect(h.discard_created_token).toHaveBeenCalledTimes(1);
    expect(h.discard_created_token).toHaveBeenCalledWith({ token_id: "4b83" });
  });
});

describe("expiry notes", () => {
  const now = new Date("2026-11-23T12:00:00Z");
  it("flags expired, soon-expiring and never-expiring tokens", () => {
    expect(expiryNote("2026-11-20T00:00:00Z", now)).toEqual({ text: "expired 3 d ago (2026-11-20)", level: "bad" });
    expect(expiryNote("2026-11-30T12:00:00Z", now).level).toBe("soon");
    expect(expiryNote(null, now)).toEqual({ text: "never expires", level: "soon" });
    expect(expiryNote("2027-06-01T00:00:00Z", now).level).toBe("");
  });
});

describe("messages", () => {
  it("shows backticked ids as code, and leaves an unpaired backtick as text", () => {
    expect(codeSpans("`/33` is not a prefix length")).toEqual([
      { text: "/33", code: true },
      { text: " is not a prefix length", code: false },
    ]);
    expect(codeSpans("it's `odd")).toEqual([{ text: "it's `odd", code: false }]);
  });
});

describe("dates", () => {
  it("shows an instant in one format, local, with its zone", () => {
    expect(localTime("2026-12-01T03:00:00Z", { offsetMinutes: -480 })).toBe("2026-11-30 19:00 UTC\u221208:00");
    expect(localTime("2026-12-01T03:00:00Z", { offsetMinutes: 330 })).toBe("2026-12-01 08:30 UTC+05:30");
    expect(localTime("2026-12-01T03:00:00Z", { offsetMinutes: 0 })).toBe("2026-12-01 03:00 UTC");
    expect(localTime("not a date")).toBe("not a date");
  });
});
