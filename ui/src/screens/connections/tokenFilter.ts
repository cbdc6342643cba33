// What the admin typed into a connection's token filter, as the vendor is asked for it: text
// trimmed, empty fields left out; `null` when nothing filters.
import type { ListFilter, ListState } from "../../api";

export type FilterFields = {
  search: string;
  state: "" | ListState;
  createdAfter: string;
  createdBefore: string;
  usedAfter: string;
  usedBefore: string;
};

export const emptyFields = (): FilterFields => ({ search: "", state: "", createdAfter: "", createdBefore: "", usedAfter: "", usedBefore: "" });

/** The fields showing `f` (a filter asked for before), or empty ones. */
export function fieldsOf(f: ListFilter | null): FilterFields {
  if (!f) return emptyFields();
  return {
    search: f.search ?? "",
    state: f.state ?? "",
    createdAfter: f.created_after ?? "",
    createdBefore: f.created_before ?? "",
    usedAfter: f.last_used_after ?? "",
    usedBefore: f.last_used_before ?? "",
  };
}

export function filterOf(f: FilterFields): ListFilter | null {
  const text = (s: string) => s.trim() || null;
  const filter: ListFilter = {
    search: text(f.search),
    state: f.state || null,
    created_after: text(f.createdAfter),
    created_before: text(f.createdBefore),
    last_used_after: text(f.usedAfter),
    last_used_before: text(f.usedBefore),
  };
  return Object.values(filter).some((v) => v !== null) ? filter : null;
}

/** The filter in words, for the list's caption. */
export function filterWords(f: ListFilter): string {
  const range = (what: string, from: string | null, to: string | null) =>
    from && to ? `${what} ${from} to ${to}` : from ? `${what} on or after ${from}` : to ? `${what} on or before ${to}` : "";
  return [
    f.search ? `name contains “${f.search}”` : "",
    f.state === "active" ? "active" : f.state === "inactive" ? "expired" : "",
    range("created", f.created_after, f.created_before),
    range("last used", f.last_used_after, f.last_used_before),
  ]
    .filter(Boolean)
    .join(" · ");
}
