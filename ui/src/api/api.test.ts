import { describe, expect, it } from "vitest";
import { toIpcError } from "./index";

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
