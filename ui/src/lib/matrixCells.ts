// A matrix row's permission cells as live DOM, updated in place as the window moves: the row
// element keeps one cell per column, each cell its one button (detached while the cell is
// empty), and a new token in the row writes only the texts and attributes that differ. No
// HTML is parsed and no layout is read. Every text goes through the DOM (textContent,
// setAttribute), never markup.

import type { AuditRow, MatrixBlock } from "../api";
import { type Column, cell } from "./audit.svelte";

/** What one cell shows now, to write only what changes. */
type Slot = {
  td: HTMLTableCellElement;
  moved: boolean;
  button: HTMLButtonElement | null;
  count: Text | null;
  letter: Text | null;
  shown: { letter: string; text: string; label: string; title: string; key: string; group: number; item: number } | null;
};

const slotsOf = new WeakMap<HTMLTableRowElement, Slot[]>();

/** Makes the cells `tr` holds after its own cells show `row` under `cols`: buttons carry the
 * row's position in the list (`data-item`) and the group (`data-g`) for the table's one click
 * handler; a cell in `changed` (a scope came or went since the last audit) is outlined and says
 * so. The same row painted again writes nothing. */
export function paintCells(tr: HTMLTableRowElement, row: AuditRow, cols: Column[], blocks: MatrixBlock[], item: number, changed?: Set<string>): void {
  let slots = slotsOf.get(tr);
  if (!slots) slotsOf.set(tr, (slots = []));
  while (slots.length > cols.length) slots.pop()!.td.remove();
  while (slots.length < cols.length) {
    const td = document.createElement("td");
    td.className = "cell";
    tr.appendChild(td);
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
}

function newButton(slot: Slot): HTMLButtonElement {
  const b = document.createElement("button");
  // Attributes in the order the markup always had them.
  b.type = "button";
  b.className = "mcell";
  b.setAttribute("aria-label", "");
  b.title = "";
  b.dataset.testid = "audit-cell";
  b.dataset.group = "";
  b.dataset.item = "";
  b.dataset.g = "";
  slot.count = document.createTextNode("");
  slot.letter = document.createTextNode("");
  const bold = document.createElement("b");
  bold.appendChild(slot.letter);
  b.append(slot.count, bold);
  slot.button = b;
  return b;
}
