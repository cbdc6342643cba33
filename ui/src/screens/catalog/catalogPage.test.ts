import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import CatalogPage from "./CatalogPage.svelte";
import { Nav } from "../../parts/nav.svelte";
import { fakeApi } from "../../api";
import type { CatalogView, Req, ScopePage, ScopeRow } from "../../api";

const TOTAL = 1000;

/** A head without scopes: 1,000 of them, each granting the permission of its own number. */
const head = {
  id: "big",
  vendor: "Big Cloud",
  product: null,
  built_in: false,
  file: "big.json",
  homepage: null,
  docs: null,
  sources: [],
  drift: [],
  notes: [],
  groups: [],
  key_kinds: [],
  permissions: Array.from({ length: TOTAL }, (_, i) => ({ id: `perm.${i}`, description: "" })),
  presets: [],
  scope_count: TOTAL,
  defaults: [],
} as unknown as CatalogView;

const row = (i: number): ScopeRow => ({
  id: `roles/r${i}`,
  name: null,
  description: `Role ${i}`,
  group: null,
  grants: [i, (i + 1) % TOTAL],
  implies: [],
  requires: [],
  default: false,
  required: false,
  elevated: false,
  kinds: [],
  source: null,
});

/** `catalog_scopes` over the 1,000 roles: the filter keeps ids containing it. */
function scopes({ filter, offset, limit, around }: Req<"catalog_scopes">): ScopePage {
  const ids = Array.from({ length: TOTAL }, (_, i) => i).filter((i) => !filter || `roles/r${i}`.includes(filter));
  const at = around ? ids.findIndex((i) => `roles/r${i}` === around) : -1;
  const start = at >= 0 ? Math.max(0, at - Math.floor(limit / 2)) : offset;
  const rows = ids.slice(start, start + Math.min(limit, 500)).map(row);
  return { total: ids.length, offset: start, rows, groups: ids.length ? [{ id: "", title: "Scopes", start: 0, count: ids.length }] : [] };
}

function page(props: Record<string, unknown> = {}) {
  const h = { catalog_view: vi.fn(async () => head), catalog_scopes: vi.fn(async (req: Req<"catalog_scopes">) => scopes(req)) };
  render(CatalogPage, { api: fakeApi(h), nav: new Nav(), vendor: "big", kind: null, onremoved: () => {}, ...props });
  return h;
}

describe("the catalog page", () => {
  it("holds a window of rows, asked page by page, never the whole catalog", async () => {
    const h = page();
    await waitFor(() => expect(screen.getByTestId("shown-count").textContent).toBe("300 of 1000 shown"));
    const rows = document.querySelectorAll("li.scope");
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(100);
    expect(rows[0].getAttribute("aria-posinset")).toBe("1");
    expect(rows[0].getAttribute("aria-setsize")).toBe("1000");
    expect(h.catalog_scopes).toHaveBeenCalledWith({ vendor: "big", kind: null, filter: "", in_grants: true, offset: 0, limit: 100, around: null });
    expect(h.catalog_scopes.mock.calls.every((c) => c[0].limit <= 100)).toBe(true);
    expect(screen.getByText(/1000 scopes · 1000 permissions/)).toBeTruthy();
  });

  it("shows a scope's permissions from the head's table by index", async () => {
    page();
    await waitFor(() => expect(document.querySelector("li[data-scope='roles/r3']")).not.toBeNull());
    await fireEvent.click(document.querySelector("li[data-scope='roles/r3'] .expander")!);
    const perms = screen.getByTestId("perms-roles/r3").textContent;
    expect(perms).toContain("perm.3");
    expect(perms).toContain("perm.4");
    expect(document.querySelector("li[data-scope='roles/r3']")?.textContent).toContain("2 permissions");
  });

  it("asks Rust for what a filter matches, in ids, names, descriptions and grants", async () => {
    const h = page();
    await waitFor(() => expect(screen.getByTestId("shown-count").textContent).toBe("300 of 1000 shown"));
    await fireEvent.input(screen.getByTestId("catalog-filter"), { target: { value: "r99" } });
    await waitFor(() => expect(screen.getByTestId("shown-count").textContent).toBe("11 shown"));
    expect(h.catalog_scopes).toHaveBeenLastCalledWith(expect.objectContaining({ filter: "r99", in_grants: true, offset: 0 }));
    expect(document.querySelectorAll("li.scope").length).toBe(11);
    await fireEvent.input(screen.getByTestId("catalog-filter"), { target: { value: "nothing" } });
    await waitFor(() => expect(screen.getByTestId("scope-list").textContent).toBe("No scope matches “nothing”."));
  });

  it("renders a short filtered list whole, every row findable in the page", async () => {
    page();
    await waitFor(() => expect(screen.getByTestId("shown-count").textContent).toBe("300 of 1000 shown"));
    // r1, r10–r19 and r100–r199: 111 rows over two pages.
    await fireEvent.input(screen.getByTestId("catalog-filter"), { target: { value: "r1" } });
    await waitFor(() => expect(document.querySelectorAll("li.scope").length).toBe(111));
    expect(document.querySelector("li[data-scope='roles/r199']")).not.toBeNull();
  });

  it("opens on the page around a focused scope, and reaches it", async () => {
    const h = page({ focus: "roles/r740" });
    await waitFor(() => expect(screen.getByTestId("shown-count").textContent).toBe("741 of 1000 shown"));
    expect(h.catalog_scopes.mock.calls[0][0]).toMatchObject({ around: "roles/r740", offset: 0 });
  });

  it("grows by a page on Show more", async () => {
    page();
    await waitFor(() => expect(screen.getByTestId("show-more")).toBeTruthy());
    await fireEvent.click(screen.getByTestId("show-more"));
    expect(screen.getByTestId("shown-count").textContent).toBe("600 of 1000 shown");
  });
});
