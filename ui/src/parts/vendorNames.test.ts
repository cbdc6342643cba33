import { describe, expect, it } from "vitest";
import { rememberVendors } from "./vendorNames.svelte";
import { vendorName } from "./vendors";

describe("vendor names", () => {
  it("come from what Rust sends, with the catalog's name or the id until then", () => {
    expect(vendorName("acme")).toBe("acme");
    expect(vendorName("acme", "Acme Corp")).toBe("Acme Corp");
    rememberVendors([{ id: "acme" as never, name: "Acme" }]);
    expect(vendorName("acme", "Acme Corp")).toBe("Acme");
    expect(vendorName("other")).toBe("other");
  });
});
