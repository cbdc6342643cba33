// A matrix row's permission cells as live DOM, updated in place as the window moves: the row
// element keeps one cell per column, each cell its one button (detached while the cell is
// empty), and a new token in the row writes only the texts and attributes that differ. No
// HTML is parsed and no layout is read. Every text goes through the DOM (textContent,
// setAttribute), never markup.

import type { AuditRow, MatrixBlock } from "../../../api";
import { type Column, cell } from "../audit.svelte";

/** What one cell shows now, to write only what changes. */
type Slot = {
  td: HTMLTableCellElement;
  moved: boolean;
  button: HTMLButtonElement | null;
  count: Text | null;
  letter: Text | null;
  shown: { letter: string; text: string; label: string; title: string; key: string; group: number; item: number } | null;
};

/** A row's cells: the first `live` slots are in the row, in column order; the rest were
 * detached when the columns shrank (a filter to fewer vendors) and are put back, with what
 * they last showed, when the columns grow again: no cell or button is made twice. */
type Cells = { slots: Slot[]; live: number };

const cellsOf = new WeakMap<HTMLTableRowElement, Cells>();

/** Makes the cells `tr` holds after its own cells show `row` under `cols`: buttons carry the
 * row's position in the list (`data-item`) and the group (`data-g`) for the table's one click
 * handler; a cell in `changed` (a scope came or went since the last audit) is outlined and says
 * so. The same row painted again writes nothing. Cells that come back are filled before they
 * are put in the row (one insertion, no writes to cells in the document). */
export function paintCells(tr: HTMLTableRowElement, row: AuditRow, cols: Column[], blocks: MatrixBlock[], item: number, changed?: Set<string>): void {
  let cells = cellsOf.get(tr);
  if (!cells) cellsOf.set(tr, (cells = { slots: [], live: 0 }));
  const { slots } = cells;
  for (; cells.live > cols.length; cells.live--) slots[cells.live - 1].td.remove();
  const back = cells.live;
  while (slots.length < cols.length) {
    const td = document.createElement("td");
    td.className = "cell";
    slots.push({ td, moved: false, button: null, count: null, letter: null, shown: null });
  }
  for (let ci = 0; ci < cols.length; ci++) {
    const c = cols[ci];
    const slot = slots[ci];
    const moved = changed?.has(c.key) ?? false;
    if (slot.moved !== moved) {
      slot.moved = moved;
      slot.td.className = moved ? "cell changed" : "cell";
      if (moved) slot.td.title = "Changed since the last audit";
      else slot.td.removeAttribute("title");
    }
    const v = cell(row, c, blocks[c.block].vendor);
    if (!v || v.letter === "-") {
      slot.button?.remove();
      continue;
    }
    // The name starts with the visible text (3/6D), then says it in words.
    const label = `${v.text}${v.letter}: ${v.label}${moved ? ", changed since the last audit" : ""}`;
    const b = slot.button ?? newButton(slot);
    const was = slot.shown;
    if (was?.letter !== v.letter) {
      b.className = `mcell acc-${v.letter}`;
      slot.letter!.data = v.letter;
    }
    if (was?.text !== v.text) slot.count!.data = v.text;
    if (was?.label !== label) b.setAttribute("aria-label", label);
    if (was?.title !== v.label) b.title = v.label;
    if (was?.key !== c.key) b.dataset.group = c.key;
    if (was?.item !== item) b.dataset.item = String(item);
    if (was?.group !== c.group) b.dataset.g = String(c.group);
    slot.shown = { letter: v.letter, text: v.text, label, title: v.label, key: c.key, group: c.group, item };
    if (b.parentNode !== slot.td) slot.td.appendChild(b);
  }
  if (back < cols.length) {
    if (cols.length - back === 1) tr.appendChild(slots[back].td);
    else {
      const put = document.createDocumentFragment();
      for (let ci = back; ci < cols.length; ci++) put.appendChild(slots[ci].td);
      tr.appendChild(put);
    }
    cells.live = cols.length;
  }
}

/** A cell button as the markup always had it (attributes in that order), cloned: one call
 * instead of a dozen writes per new button. */
let model: HTMLButtonElement | null = null;

function newButton(slot: Slot): HTMLButtonElement {
  if (!model) {
    model = document.createElement("button");
    model.type = "button";
    model.className = "mcell";
    model.setAttribute("aria-label", "");
    model.title = "";
    model.dataset.testid = "audit-cell";
    model.dataset.group = "";
    model.dataset.item = "";
    model.dataset.g = "";
    model.append(document.createTextNode(""), document.createElement("b"));
    model.lastChild!.appendChild(document.createTextNode(""));
  }
  const b = model.cloneNode(true) as HTMLButtonElement;
  slot.count = b.firstChild as Text;
  slot.letter = b.lastChild!.firstChild as Text;
  slot.button = b;
  return b;
}
