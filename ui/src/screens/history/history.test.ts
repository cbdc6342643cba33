import { describe as suite, expect, it } from "vitest";
import type { Changes, MatrixBlock, TokenChange } from "../../api";
import { columns } from "../audit/audit.svelte";
import { paintCells } from "../audit/matrix/matrixCells";
import { countPhrases, describe, marks, tokenKey } from "./history.svelte";

const block: MatrixBlock = {
  vendor: "mindbridge",
  catalog_id: "mindbridge",
  catalog_origin: "built in",
  catalog_hash: "0123456789ab",
  catalog_sources: [],
  groups: [
    { id: "webhooks", name: "Webhooks", permissions: 3, scopes: [{ id: "api.webhooks.read", access: "read" }, { id: "api.webhooks.delete", access: "delete" }] },
    { id: "users", name: "Users", permissions: 3, scopes: [{ id: "api.users.read", access: "read" }] },
  ],
};
function change(over: Partial<TokenChange>): TokenChange {
  return {
    key: "mindbridge/c1/t1", vendor: "mindbridge", connection_id: "c1", connection: "Acme", token_id: "t1", name: "relay", kind: "changed", vanished: null, name_before: null,
    scopes_added: [], scopes_removed: [], permissions_added: [], permissions_removed: [], permissions_added_count: 0, permissions_removed_count: 0,
    expiry_changed: false, expires_before_ms: null, expires_after_ms: null, allowlist_changed: false, allowlist_before: [], allowlist_after: [],
    score_before: 15, score_after: 15, rules_added: [], rules_removed: [], ...over,
  };
}
const run = { id: 1, at_ms: 0, at: "2026-12-01T10:00:00Z", actor: "root" };
const counts = { new: 1, vanished: 2, vanished_expired: 1, vanished_gone: 1, widened: 1, narrowed: 0, expiry_changed: 0, allowlist_changed: 0, score_up: 0, score_down: 0, renamed: 0 };

suite("since the last audit", () => {
  it("marks the groups and scope columns whose scopes came or went, and new rows", () => {
    const changes: Changes = {
      from: run, to: { ...run, id: 2 }, counts, catalog_drift: [], unknown_scopes: [], not_compared: [], baselines: [],
      tokens: [change({ scopes_added: ["api.webhooks.delete"] }), change({ key: "mindbridge/c1/t2", kind: "added" }), change({ key: "mindbridge/c1/t3", kind: "vanished" })],
    };
    const m = marks(changes, [block]);
    expect([...m.rows]).toEqual([["mindbridge/c1/t1", "changed"], ["mindbridge/c1/t2", "new"]]);
    expect([...m.cells.get("mindbridge/c1/t1")!]).toEqual(["mindbridge/webhooks", "mindbridge/webhooks/api.webhooks.delete"]);
    expect(marks(null, [block]).rows.size).toBe(0);
    expect(tokenKey({ vendor: "mindbridge", connection_id: "c1", id: "t1" })).toBe("mindbridge/c1/t1");
  });

  it("outlines exactly the changed cells, held or not, and says so to a screen reader", () => {
    const row = { token: { vendor: "mindbridge", connection_id: "c1", id: "t1", scopes: [], permissions: [] }, held: [2, 0], access: "D-", implied_scopes: [] } as never;
    const painted = (changed?: Set<string>) => {
      const tr = document.createElement("tr");
      paintCells(tr, row, columns([block], []), [block], 0, changed);
      return tr.innerHTML;
    };
    const html = painted(new Set(["mindbridge/webhooks", "mindbridge/users"]));
    expect(html.match(/class="cell changed"/g)?.length).toBe(2);
    expect(html).toContain("changed since the last audit");
    expect(painted()).not.toContain("changed");
  });

  it("says each change in words, and only the counts that are not zero", () => {
    expect(describe(change({ scopes_added: ["a"], scopes_removed: ["b"], score_after: 40 }))).toEqual(["widened: + a", "narrowed: − b", "score 15 → 40"]);
    expect(describe(change({ kind: "vanished", vanished: "expired" }))).toEqual(["vanished: it had expired"]);
    expect(describe(change({ allowlist_changed: true, allowlist_before: ["10.0.0.0/8"] }))).toEqual(["allowlist 10.0.0.0/8 → any address"]);
    expect(countPhrases(counts).map((p) => p.text)).toEqual(["1 new", "2 vanished (1 revoked or gone, 1 expired)", "1 widened"]);
  });
});
