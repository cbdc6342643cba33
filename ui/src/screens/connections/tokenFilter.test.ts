import { describe, expect, it } from "vitest";
import { emptyFields, fieldsOf, filterOf, filterWords } from "./tokenFilter";

describe("a connection's token filter", () => {
  it("sends only what was typed, trimmed, and nothing when every field is empty", () => {
    expect(filterOf({ ...emptyFields(), search: "   " })).toBeNull();
    const f = filterOf({ ...emptyFields(), search: " deploy ", state: "inactive", usedBefore: "2026-06-30" });
    expect(f).toEqual({ search: "deploy", state: "inactive", created_after: null, created_before: null, last_used_after: null, last_used_before: "2026-06-30" });
  });

  it("shows a filter asked for before in its fields, and reads them back the same", () => {
    const f = filterOf({ ...emptyFields(), search: "ci", state: "active", usedAfter: "2026-01-01" });
    expect(filterOf(fieldsOf(f))).toEqual(f);
    expect(fieldsOf(null)).toEqual(emptyFields());
  });

  it("says the filter in words", () => {
    const f = filterOf({ ...emptyFields(), search: "ci", state: "active", createdAfter: "2026-01-01", createdBefore: "2026-03-31", usedBefore: "2026-06-30" })!;
    expect(filterWords(f)).toBe("name contains “ci” · active · created 2026-01-01 to 2026-03-31 · last used on or before 2026-06-30");
  });
});
