import { describe, expect, it } from "vitest";
import type { AuditRow, MatrixBlock } from "../../../api";
import { type Column, cell, columns } from "../audit.svelte";
import { paintCells } from "./matrixCells";

// The markup the matrix drew before its cells were kept in place: the reference.
const ESC: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const esc = (t: string) => t.replace(/[&<>"']/g, (c) => ESC[c]);
function reference(row: AuditRow, cols: Column[], blocks: MatrixBlock[], item: number, changed?: Set<string>): string {
  let out = "";
  for (const c of cols) {
    const v = cell(row, c, blocks[c.block].vendor);
    const moved = changed?.has(c.key) ?? false;
    const td = moved ? '<td class="cell changed" title="Changed since the last audit">' : '<td class="cell">';
    if (!v || v.letter === "-") {
      out += `${td}</td>`;
      continue;
    }
    const since = moved ? ", changed since the last audit" : "";
    out +=
      `${td}<button type="button" class="mcell acc-${v.letter}" aria-label="${v.text}${v.letter}: ${esc(v.label)}${since}" ` +
      `title="${esc(v.label)}" data-testid="audit-cell" data-group="${esc(c.key)}" data-item="${item}" data-g="${c.group}">` +
      `${v.text}<b>${v.letter}</b></button></td>`;
  }
  return out;
}

const block: MatrixBlock = {
  vendor: "mindbridge",
  catalog_id: "mindbridge",
  catalog_origin: "built in",
  catalog_hash: "0123456789ab",
  catalog_sources: [],
  groups: [
    { id: "engagements", name: "Engagements", permissions: 3, scopes: [{ id: "api.engagements.read", access: "read" }, { id: "api.engagements.write", access: "write" }] },
    { id: "users", name: "Users & 'admins'", permissions: 4, scopes: [{ id: "api.users.read", access: "read" }] },
    { id: "hooks", name: "Hooks", permissions: 2, scopes: [{ id: "api.hooks.delete", access: "delete" }] },
  ],
};
const other: MatrixBlock = { ...block, vendor: "cortex", catalog_id: "cortex", groups: [{ id: "keys", name: "Keys", permissions: 5, scopes: [] }] };

function row(id: string, vendor: "mindbridge" | "cortex", held: number[], access: string, scopes: string[] = [], implied: string[] = []): AuditRow {
  const token = { vendor, connection_id: "c1", id, scopes, permissions: [] } as never;
  return { token, findings: [], score: 0, band: "none", template: null, held, access, chips: [], implied_scopes: implied };
}

describe("matrix cells kept in place", () => {
  const rows = [
    row("a", "mindbridge", [1, 0, 2], "R-D", ["api.engagements.read"]),
    row("b", "mindbridge", [0, 0, 0], "---"),
    row("c", "mindbridge", [3, 4, 0], "WA-", ["api.engagements.write"], ["api.engagements.read"]),
    row("k", "cortex", [5], "A"),
    row("a", "mindbridge", [1, 0, 2], "R-D", ["api.engagements.read"]),
  ];
  const layouts: Column[][] = [columns([block, other], []), columns([block, other], ["mindbridge/engagements"]), columns([block], ["mindbridge/users"])];

  it("shows in one reused row exactly what fresh markup showed, row after row and layout after layout", () => {
    const tr = document.createElement("tr");
    const blocks = [block, other];
    let item = 0;
    for (const cols of layouts)
      for (const r of rows)
        for (const changed of [undefined, new Set([cols[0].key, cols[cols.length - 1].key])]) {
          paintCells(tr, r, cols, blocks, ++item, changed);
          const fresh = document.createElement("tr");
          fresh.innerHTML = reference(r, cols, blocks, item, changed);
          expect(tr.innerHTML, `${r.token.id} in ${cols.length} columns`).toBe(fresh.innerHTML);
        }
  });

  it("writes nothing when the same row is painted again, and keeps its elements", () => {
    const tr = document.createElement("tr");
    const cols = layouts[0];
    paintCells(tr, rows[0], cols, [block, other], 3);
    const first = tr.querySelector("button");
    const seen = new MutationObserver(() => {});
    seen.observe(tr, { subtree: true, attributes: true, childList: true, characterData: true });
    paintCells(tr, rows[0], cols, [block, other], 3);
    expect(seen.takeRecords()).toEqual([]);
    paintCells(tr, rows[2], cols, [block, other], 3);
    expect(seen.takeRecords().length).toBeGreaterThan(0);
    expect(tr.querySelector("button")).toBe(first);
    expect(first!.textContent).toBe("3/3W");
    seen.disconnect();
  });

  it("puts back the cells a narrower layout took out, the same elements, showing the new row", () => {
    const tr = document.createElement("tr");
    const wide = layouts[1];
    const narrow = columns([other], []);
    paintCells(tr, rows[0], wide, [block, other], 1);
    const before = [...tr.children];
    paintCells(tr, rows[3], narrow, [other], 2);
    expect(tr.children.length).toBe(narrow.length);
    paintCells(tr, rows[2], wide, [block, other], 3);
    expect(tr.children.length).toBe(before.length);
    before.forEach((cell, i) => expect(tr.children[i]).toBe(cell));
    const fresh = document.createElement("tr");
    fresh.innerHTML = reference(rows[2], wide, [block, other], 3);
    expect(tr.innerHTML).toBe(fresh.innerHTML);
  });

  it("leaves the row's own cells before its permission cells alone", () => {
    const tr = document.createElement("tr");
    tr.innerHTML = "<th>name</th><td>score</td>";
    paintCells(tr, rows[0], layouts[0], [block, other], 0);
    paintCells(tr, rows[0], layouts[2], [block], 0);
    expect(tr.children[0].outerHTML).toBe("<th>name</th>");
    expect(tr.children[1].outerHTML).toBe("<td>score</td>");
    expect(tr.children.length).toBe(2 + layouts[2].length);
  });
});
