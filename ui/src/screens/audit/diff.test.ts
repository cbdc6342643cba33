import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import type { AuditRow, MatrixBlock, Resolution } from "../../api";
import { fakeApi } from "../../api";
import { shellHandlers } from "../../App.test";
import { Nav } from "../../parts/nav.svelte";
import AuditDiff from "./AuditDiff.svelte";

const block: MatrixBlock = { vendor: "mindbridge", catalog_id: "mindbridge", catalog_origin: "built in", catalog_hash: "0123456789ab", catalog_sources: [], groups: [] };

function row(template: string | null): AuditRow {
  return {
    token: {
      vendor: "mindbridge",
      connection_id: "c1",
      id: "t1",
      name: "ci",
      created_ms: null,
      expires_ms: null,
      last_used_ms: null,
      allowlist: [],
      scopes: ["write"],
      is_connection_credential: false,
      credential_of: [],
      listed_as: "",
      owner: null,
      source: "vendor_api",
      broad_reach: null,
      reach: [],
    },
    findings: [],
    score: 0,
    band: "none",
    template,
    held: [],
    access: "",
    chips: [],
    implied_scopes: [],
  };
}

/** Each scope grants the permission of its name; "write" also grants "read". */
function resolution(scopes: string[]): Resolution {
  const perms = new Map<string, string[]>();
  for (const s of scopes) for (const p of s === "write" ? ["write", "read"] : [s]) perms.set(p, [...(perms.get(p) ?? []), s]);
  return { vendor: "mindbridge", kind: "default", scopes: scopes.map((id) => ({ id, elevated: false, reasons: [{ rule: "selected" }] })), added: [], permissions: [...perms].map(([id, granted_by]) => ({ id, granted_by })), warnings: [], errors: [] };
}

function api(extra = {}) {
  const spies = {
    token_template: vi.fn(async (_req: unknown) => ({ vendor: "mindbridge" as const, source: "preset" as const, name: "Preset: readers", scopes: ["read", "audit"] })),
    suggest_scopes: vi.fn(async (_req: unknown) => ({ vendor: "mindbridge", kind: "default", mode: "fewest_excess" as const, scopes: ["read"], excess: [], unknown: [], uncoverable: [] }) as never),
    resolve_selection: vi.fn(async (req: { scopes: string[] }) => resolution(req.scopes)),
  };
  const a = fakeApi(shellHandlers({ catalog_view: vi.fn(async () => ({ presets: [] }) as never), ...spies, ...extra }));
  return { api: a, h: spies };
}

describe("comparing a token", () => {
  it("compares a token with its template at once: what it holds beyond it and what it lacks", async () => {
    const { api: a, h } = api();
    render(AuditDiff, { props: { api: a, nav: new Nav(), row: row("Preset: readers"), block, peers: [], onreport: () => {} } });
    await waitFor(() => expect(screen.getByTestId("lane-missing").textContent).toContain("audit"));
    expect(h.token_template.mock.calls[0][0]).toEqual({ token_key: "mindbridge/c1/t1" });
    expect(screen.getByTestId("lane-excess").textContent).toContain("write");
    expect(screen.getByTestId("lane-kept").textContent).toContain("read");
    // The least-privilege suggestion for the template's permissions is a target too.
    await fireEvent.change(screen.getByTestId("diff-target"), { target: { value: "least:" } });
    await waitFor(() => expect(screen.getByTestId("lane-missing").textContent).toBe("none"));
    expect(h.suggest_scopes.mock.calls[0][0]).toMatchObject({ needs: ["read", "audit"], mode: "fewest_excess" });
  });

  it("compares with a saved spec, refusing one for another vendor", async () => {
    let vendor = "cortex";
    const { api: a, h } = api({ load_token_spec: vi.fn(async () => ({ file: "readers.json", spec: { vendor, scopes: ["read"] } }) as never) });
    render(AuditDiff, { props: { api: a, nav: new Nav(), row: row(null), block, peers: [], onreport: () => {} } });
    await waitFor(() => expect(h.resolve_selection.mock.calls.length).toBe(1));
    expect(h.token_template.mock.calls).toEqual([]);
    await fireEvent.change(screen.getByTestId("diff-target"), { target: { value: "spec:" } });
    await waitFor(() => expect(screen.getByTestId("diff-note").textContent).toContain("readers.json is a spec for cortex"));
    expect(screen.queryByTestId("diff-lanes")).toBeNull();
    vendor = "mindbridge";
    await fireEvent.change(screen.getByTestId("diff-target"), { target: { value: "spec:" } });
    await waitFor(() => expect(screen.getByTestId("lane-excess").textContent).toContain("write"));
  });
});
