// Stand-in for the paged catalog contract's types until the generated bindings carry them.
import type { Requirement } from "../api";

export type ScopeRow = {
  id: string;
  name: string | null;
  description: string;
  group: string | null;
  grants: Array<number>;
  implies: Array<string>;
  requires: Array<Requirement>;
  default: boolean;
  required: boolean;
  elevated: boolean;
  kinds: Array<string>;
  source: string | null;
};
export type GroupSpan = { id: string; title: string; start: number; count: number };
export type ScopePage = { total: number; offset: number; rows: Array<ScopeRow>; groups: Array<GroupSpan> };
