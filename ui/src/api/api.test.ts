import { describe, expect, it, vi } from "vitest";
import { fakeApi, tauriApi, toIpcError } from "./index";

describe("toIpcError", () => {
  it("keeps a well-formed { kind, message } from the Rust side", () => {
    expect(toIpcError({ kind: "keyring_locked", message: "unlock it", details: [] })).toEqual({
      kind: "keyring_locked",
      message: "unlock it",
      details: [],
    });
  });

  it("keeps the itemised details of an invalid catalog", () => {
    const e = toIpcError({ kind: "invalid_catalog", message: "2 problems", details: ["a.json:1:2: x", "a.json:3:4: y"] });
    expect(e.details).toEqual(["a.json:1:2: x", "a.json:3:4: y"]);
  });

  it("turns an unknown kind into internal so the UI never branches on a kind it does not know", () => {
    expect(toIpcError({ kind: "surprise", message: "x" }).kind).toBe("internal");
  });

  it("wraps a bare string (e.g. a Tauri error for an unknown command)", () => {
    expect(toIpcError("command foo not found")).toEqual({
      kind: "internal",
      message: "command foo not found",
      details: [],
    });
  });
});

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({
  invoke,
  Channel: class {
    onmessage: (m: unknown) => void = () => {};
  },
}));

describe("tauriApi.call", () => {
  it("sends a request as the one argument `req`", async () => {
    invoke.mockResolvedValueOnce({ id: "v" });
    await tauriApi.call("catalog_view", { vendor: "v", kind: null });
    expect(invoke).toHaveBeenLastCalledWith("catalog_view", { req: { vendor: "v", kind: null } });
  });

  it("sends no argument for a command without input", async () => {
    invoke.mockResolvedValueOnce([]);
    await tauriApi.call("list_catalogs", null);
    expect(invoke).toHaveBeenLastCalledWith("list_catalogs", {});
  });

  it("hands a streaming command a channel named onProgress that feeds the callback", async () => {
    invoke.mockResolvedValueOnce(null);
    const seen: unknown[] = [];
    await tauriApi.call("run_audit", null, (p) => seen.push(p));
    const [name, args] = invoke.mock.lastCall as [string, { onProgress: { onmessage: (m: unknown) => void } }];
    expect(name).toBe("run_audit");
    expect(Object.keys(args)).toEqual(["onProgress"]);
    args.onProgress.onmessage({ connection_id: "c1" });
    expect(seen).toEqual([{ connection_id: "c1" }]);

    invoke.mockResolvedValueOnce([]);
    await tauriApi.call("sweep_revoke", { targets: [], typed: "0" }, () => {});
    expect(Object.keys(invoke.mock.lastCall?.[1] as object)).toEqual(["req", "onProgress"]);
  });

  it("rejects with the error normalised by kind", async () => {
    invoke.mockRejectedValueOnce({ kind: "not_found", message: "no such connection" });
    await expect(tauriApi.call("test_connection", { id: "c9" })).rejects.toEqual({ kind: "not_found", message: "no such connection", details: [] });
    invoke.mockRejectedValueOnce("command test_connection not found");
    await expect(tauriApi.call("test_connection", { id: "c9" })).rejects.toMatchObject({ kind: "internal" });
  });
});

describe("fakeApi", () => {
  it("answers from its handler, with the request as the caller passed it", async () => {
    const remove = vi.fn(async () => null);
    await fakeApi({ remove_connection: remove }).call("remove_connection", { id: "c1" });
    expect(remove).toHaveBeenCalledWith({ id: "c1" });
  });

  it("passes the progress callback on to a streaming command's handler", async () => {
    const seen: unknown[] = [];
    const api = fakeApi({
      run_audit: (_req, on) => {
        on({ connection_id: "c1", label: "Prod", progress: { tokens_seen: 1, pages_read: 1, total_pages: null } });
        return null;
      },
    });
    expect(await api.call("run_audit", null, (p) => seen.push(p.connection_id))).toBeNull();
    expect(seen).toEqual(["c1"]);
  });

  it("refuses a command it has no handler for, by name", async () => {
    await expect(fakeApi({}).call("since_last_audit", null)).rejects.toMatchObject({ kind: "internal", message: "since_last_audit is not faked" });
  });

  it("types the progress callback as required for a streaming command and absent otherwise", async () => {
    const api = fakeApi({});
    // @ts-expect-error run_audit streams its progress: a call without the callback does not compile
    await expect(api.call("run_audit", null)).rejects.toMatchObject({ kind: "internal" });
    // @ts-expect-error since_last_audit streams nothing: a callback does not compile
    await expect(api.call("since_last_audit", null, () => {})).rejects.toMatchObject({ kind: "internal" });
  });
});
