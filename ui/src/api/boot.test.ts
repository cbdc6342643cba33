import { describe, expect, it } from "vitest";
import { takeBoot } from "./boot";

function fakeWindow(boot: unknown, storage = new Map<string, string>()) {
  const win: Record<string, unknown> = {
    sessionStorage: {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => storage.set(k, v),
    },
  };
  if (boot !== undefined) win.__SCOPEKEEPER_BOOT__ = boot;
  return { win: win as unknown as Window, storage };
}

const info = { name: "Scopekeeper", version: "0.1.0", core_version: "0.1.0", tauri_version: "2", os: "linux", arch: "x86_64" };

describe("takeBoot", () => {
  it("hands over the boot data once and removes the global", () => {
    const { win } = fakeWindow({ info, catalogs: [] });
    expect(takeBoot(win)).toEqual({ info, catalogs: [] });
    expect((win as unknown as Record<string, unknown>).__SCOPEKEEPER_BOOT__).toBeUndefined();
  });

  it("gives nothing after a reload of the same window, whose boot data would be stale", () => {
    const storage = new Map<string, string>();
    expect(takeBoot(fakeWindow({ info, catalogs: [] }, storage).win)).not.toBeNull();
    expect(takeBoot(fakeWindow({ info, catalogs: [] }, storage).win)).toBeNull();
  });

  it("ignores a missing or misshapen global", () => {
    expect(takeBoot(fakeWindow(undefined).win)).toBeNull();
    expect(takeBoot(fakeWindow({ info, catalogs: "no" }).win)).toBeNull();
    expect(takeBoot(fakeWindow({ info: { version: 3 }, catalogs: [] }).win)).toBeNull();
  });
});
