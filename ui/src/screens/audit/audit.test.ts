import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import type { AuditReply, MatrixBlock } from "../../api";
import { shellHandlers } from "../../App.test";
import { fakeApi } from "../../api";
import AuditPage from "./AuditPage.svelte";
import { Audit, cell, columns, filterRows, hasFinding, lanes, narrowed, severityCounts, shownFindings } from "./audit.svelte";
import { paintCells } from "./matrix/matrixCells";
import type { Resolution } from "../../api";
import { Nav } from "../../parts/nav.svelte";
import { NO_EXPIRY, block, report, row } from "./rows.fixture.test";


describe("audit state", () => {
  it("filters by every selected chip and by text", () => {
    const rows = [row("a", ["no_expiry", "elevated"]), row("b", ["no_expiry"]), row("c", [], {}, { owner: "ops@example.com" })];
    expect(filterRows(rows, ["no_expiry"], "").map((r) => r.token.id)).toEqual(["a", "b"]);
    expect(filterRows(rows, ["no_expiry", "elevated"], "").map((r) => r.token.id)).toEqual(["a"]);
    expect(filterRows(rows, [], "OPS@").map((r) => r.token.id)).toEqual(["c"]);
  });

  it("tells whether a row has a finding of any of the given rules", () => {
    const finding = { evidence: "" };
    const r = row("a", [], { findings: [{ ...finding, rule: "longer_than_a_year" }, { ...finding, rule: "wide_allowlist" }] });
    expect(hasFinding(r, "wide_allowlist")).toBe(true);
    expect(hasFinding(r, "expiring_soon", "longer_than_a_year")).toBe(true);
    expect(hasFinding(r, "expiring_soon", "any_address")).toBe(false);
    expect(hasFinding(r)).toBe(false);
    expect(hasFinding(row("b", []), "no_expiry")).toBe(false);
  });

  it("splits an expanded group into one column per scope and letters its cells", () => {
    expect(columns([block], []).map((c) => c.name)).toEqual(["Engagements", "Users"]);
    const cols = columns([block], ["mindbridge/engagements"]);
    expect(cols.map((c) => c.name)).toEqual(["api.engagements.read", "api.engagements.write", "Users"]);
    const r = row("a", []);
    expect(cell(r, cols[0], "mindbridge")).toMatchObject({ letter: "R" });
    expect(cell(r, cols[1], "mindbridge")).toMatchObject({ letter: "-" });
    // Held through a scope that implies it.
    expect(cell({ ...r, implied_scopes: ["api.engagements.write"] }, cols[1], "mindbridge")).toMatchObject({ letter: "W" });
    const g = columns([block], [])[0];
    expect(cell(r, g, "mindbridge")).toMatchObject({ text: "1/3", letter: "R" });
    expect(cell(r, g, "cortex")).toBeNull();
  });

  it("draws a row's cells with every text as text, and what the click handler needs", () => {
    const evil: MatrixBlock = { ...block, groups: [{ ...block.groups[0], name: '<img src=x onerror="alert(1)">' }, block.groups[1]] };
    const tr = document.createElement("tr");
    paintCells(tr, row("a", []), columns([evil], []), [evil], 7);
    expect(tr.querySelector("img")).toBeNull();
    const b = tr.querySelector("button")!;
    expect(b.title).toBe('<img src=x onerror="alert(1)">: 1 of 3 permissions, highest read');
    expect(b.getAttribute("aria-label")).toBe(`1/3R: ${b.title}`);
    expect(tr.innerHTML).toContain('data-item="7" data-g="0"');
    expect(tr.querySelectorAll("td").length).toBe(2);
    expect(tr.querySelectorAll("button").length).toBe(1);
  });
});


describe("audit screen", () => {
  it("runs with progress, shows each connection's outcome, filters by a chip and opens a token", async () => {
    let finish: (r: AuditReply) => void = () => {};
    const runAudit = vi.fn(
      (_req: null, onProgress: (p: { connection_id: string; label: string; progress: { tokens_seen: number; pages_read: number; total_pages: number | null } }) => void) =>
        new Promise<AuditReply | null>((resolve) => {
          onProgress({ connection_id: "c1", label: "Prod", progress: { tokens_seen: 100, pages_read: 1, total_pages: 3 } });
          finish = resolve;
        }),
    );
    const api = fakeApi(shellHandlers({ run_audit: runAudit }));
    const audit = new Audit(api);
    render(AuditPage, { props: { api, nav: new Nav(), audit } });
    await fireEvent.click(screen.getByTestId("audit-run"));
    await waitFor(() => expect(screen.getByTestId("audit-progress").textContent).toContain("100 tokens · 1 of 3 pages"));
    expect(screen.getByTestId("audit-progress").textContent).toContain("Prod");
    expect(screen.getByTestId("audit-cancel")).toBeTruthy();
    const old = row("old", ["no_expiry", "elevated"], {
      score: 80,
      band: "critical",
      findings: [{ rule: "no_expiry", evidence: "no expiry date" }],
    }, { expires_ms: null });
    finish(report([old, row("new", [])]));
    await waitFor(() => expect(screen.getAllByTestId("audit-row").length).toBe(2));
    expect(screen.getByTestId("outcome-c9").textContent).toContain("could not be read");
    expect(within(screen.getByTestId("outcome-c9")).getByTestId("outcome-error").textContent).toContain("401");
    expect(screen.getByTestId("chip-no_expiry").textContent).toContain("1");

    await fireEvent.click(screen.getByTestId("chip-no_expiry"));
    await waitFor(() => expect(screen.getAllByTestId("audit-row").length).toBe(1));
    expect(screen.getByTestId("audit-showing").textContent).toContain("Showing 1 of 2");

    await fireEvent.click(screen.getAllByTestId("audit-token").find((b) => b.textContent === "old")!);
    const drawer = await screen.findByTestId("audit-drawer");
    expect(within(drawer).getByTestId("drawer-findings").textContent).toContain("+20");
    expect(within(drawer).getByTestId("drawer-findings").textContent).toContain("Never expires");
    expect(drawer.textContent).toContain("Rotate it into a token with an expiry.");
    expect(within(drawer).getByTestId("drawer-findings").textContent).toContain("no expiry date");
    expect(screen.getByText(/1 high/)).toBeTruthy();
  });

  it("opens with an overview whose charts pick their rows in the matrix, and folds away", async () => {
    const old = row("old", ["no_expiry"], { score: 80, band: "critical", findings: [{ rule: "no_expiry", evidence: "" }] }, { expires_ms: null });
    const api = fakeApi(shellHandlers({ run_audit: vi.fn(async () => report([old, row("new", []), row("other", [])])) }));
    const audit = new Audit(api);
    render(AuditPage, { props: { api, nav: new Nav(), audit } });
    await fireEvent.click(screen.getByTestId("audit-run"));
    await waitFor(() => expect(screen.getByTestId("audit-showing").textContent).toContain("Showing 3 of 3"));
    expect(screen.getByTestId("audit-token-bands").textContent).toBe("1 critical, 2 no risk found");
    const bands = screen.getByTestId("chart-bands-img");
    expect(bands.getAttribute("role")).toBe("img");
    expect(bands.getAttribute("aria-label")).toContain("Prod, 3 tokens (1 critical, 2 no risk found)");
    expect(screen.getByTestId("chart-expiry-img").getAttribute("aria-label")).toContain("never expire: 1");

    // The never-expiring column picks the one token that never expires.
    const never = screen.getAllByTestId("chart-expiry-hit").find((b) => b.dataset.key === "never")!;
    await fireEvent.click(never);
    await waitFor(() => expect(screen.getByTestId("audit-showing").textContent).toContain("Showing 1 of 3"));
    expect(screen.getAllByTestId("audit-row").map((r) => r.dataset.token)).toEqual(["old"]);
    expect(screen.getByTestId("audit-picked").textContent).toContain("never expire");
    await fireEvent.click(screen.getByTestId("audit-picked-clear"));
    await waitFor(() => expect(screen.getByTestId("audit-showing").textContent).toContain("Showing 3 of 3"));

    // The riskiest list opens the token.
    await fireEvent.click(within(screen.getByTestId("chart-top")).getByRole("button", { name: /old in Prod, score 80/ }));
    expect(await screen.findByTestId("audit-drawer")).toBeTruthy();

    await fireEvent.click(screen.getByTestId("overview-toggle"));
    expect(screen.queryByTestId("chart-bands")).toBeNull();
    expect(audit.overviewOpen).toBe(false);
  });
});

describe("the tokens section", () => {
  it("groups and sorts from its selects, folds the filters into one line once the matrix is entered, and unfolds them on Filters", async () => {
    const rows = [
      row("old", ["elevated", "write_delete", "any_address"], { score: 80, band: "critical" }, { owner: "jane", expires_ms: null }),
      row("new", [], { score: 10, band: "low" }, { owner: null }),
    ];
    const api = fakeApi(shellHandlers({ run_audit: async () => report(rows), since_last_audit: async () => null }));
    const audit = new Audit(api);
    render(AuditPage, { props: { api, nav: new Nav(), audit } });
    await fireEvent.click(screen.getByTestId("audit-run"));
    await waitFor(() => expect(screen.getAllByTestId("audit-row").length).toBe(2));
    const filters = screen.getByTestId("audit-filters");
    const toggle = screen.getByTestId("audit-filters-toggle");
    expect(filters.hidden).toBe(false);
    expect(toggle.getAttribute("aria-expanded")).toBe("true");

    // The flags: letters in their places, each said in words.
    const flags = screen.getAllByTestId("audit-flags");
    expect(flags[0].querySelector("[aria-hidden=true]")!.textContent).toBe("E W/D ∞ *");
    expect(flags[0].querySelector(".sr-only")!.textContent).toBe("elevated, write or delete, no expiry, any address");
    expect(flags[1].querySelector(".sr-only")!.textContent).toBe("no flags");

    await fireEvent.change(screen.getByTestId("audit-group"), { target: { value: "owner" } });
    await waitFor(() => expect(screen.getAllByTestId("audit-group-row").map((g) => g.dataset.label)).toEqual(["jane", "No owner recorded"]));
    await fireEvent.change(screen.getByTestId("audit-sort"), { target: { value: "expiry" } });
    expect(screen.getAllByTestId("audit-group-row")[0].textContent).toContain("jane · 1 token");

    // Into the matrix: one line that still says what is set.
    await fireEvent.focusIn(screen.getAllByTestId("audit-token")[0]);
    await waitFor(() => expect(filters.hidden).toBe(true));
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(screen.getByTestId("audit-showing").textContent).toMatch(/^\s*Showing 2 of 2 tokens · grouped by owner · sorted by expiry\s*$/);
    // Moving within the matrix keeps it folded; Filters unfolds it, and a chip keeps it so.
    await fireEvent.focusIn(screen.getAllByTestId("audit-token")[1], { relatedTarget: screen.getAllByTestId("audit-token")[0] });
    expect(filters.hidden).toBe(true);
    await fireEvent.focusIn(toggle);
    expect(filters.hidden).toBe(true);
    await fireEvent.click(toggle);
    expect(filters.hidden).toBe(false);
    await fireEvent.focusIn(screen.getByTestId("chip-elevated"));
    await fireEvent.click(screen.getByTestId("chip-elevated"));
    await waitFor(() => expect(screen.getAllByTestId("audit-row").length).toBe(1));
    expect(filters.hidden).toBe(false);
    // Back into the matrix from outside it, by a click: folded again once the click is done
    // (not between its press and release, which would move the matrix under the pointer).
    const token = screen.getAllByTestId("audit-token")[0];
    await fireEvent.pointerDown(token);
    await fireEvent.focusIn(token, { relatedTarget: screen.getByTestId("chip-elevated") });
    await fireEvent.click(token);
    expect(filters.hidden).toBe(false);
    await fireEvent.pointerUp(window);
    await waitFor(() => expect(filters.hidden).toBe(true));
    expect(screen.getByTestId("audit-showing").textContent).toContain("Showing 1 of 2 tokens · grouped by owner · sorted by expiry · 1 finding selected");
  });
});

describe("findings and the reply's rule table", () => {
  const rules = {
    no_expiry: NO_EXPIRY,
    any_address: { title: "Usable from any address", severity: "critical" as const, points: 15, fix: "Add an IP allowlist." },
  };
  const r = row("a", [], { findings: [{ rule: "any_address", evidence: "no allowlist" }, { rule: "no_expiry", evidence: "never" }] });

  it("gives each finding its rule's title, fix, severity and points, and keeps its own evidence", () => {
    expect(shownFindings(rules, r)).toEqual([
      { rule: "any_address", title: "Usable from any address", severity: "critical", points: 15, fix: "Add an IP allowlist.", evidence: "no allowlist" },
      { rule: "no_expiry", title: "Never expires", severity: "high", points: 20, fix: "Rotate it into a token with an expiry.", evidence: "never" },
    ]);
  });

  it("names a rule missing from the table by its id rather than failing", () => {
    expect(shownFindings({}, r)[0]).toMatchObject({ rule: "any_address", title: "any_address", evidence: "no allowlist" });
  });

  it("counts findings per severity as the table judges each rule", () => {
    expect(severityCounts(rules, [r, row("b", [], { findings: [{ rule: "no_expiry", evidence: "" }] })])).toEqual({ critical: 1, high: 2, medium: 0, low: 0 });
  });
});

describe("diff and narrow", () => {
  const res = (scopes: [string, string | null][], perms: [string, string[]][]): Resolution => ({
    vendor: "v",
    kind: "default",
    scopes: scopes.map(([id, by]) => ({ id, elevated: false, reasons: by ? [{ rule: "implied_by", scope: by, source: null }] : [{ rule: "selected" }] })),
    added: [],
    permissions: perms.map(([id, granted_by]) => ({ id, granted_by })),
    warnings: [],
    errors: [],
  });

  it("splits permissions into excess, missing and kept, and narrows away the scopes bringing excess", () => {
    // admin implies write; write grants w; read grants r; a preset holds r and x.
    const token = res(
      [["admin", null], ["write", "admin"], ["read", null]],
      [["a", ["admin"]], ["w", ["write"]], ["r", ["read"]]],
    );
    const preset = res([["read", null], ["extra", null]], [["r", ["read"]], ["x", ["extra"]]]);
    const d = lanes(token, preset);
    expect(d.excess.map((l) => l.id)).toEqual(["a", "w"]);
    expect(d.missing.map((l) => l.id)).toEqual(["x"]);
    expect(d.kept.map((l) => l.id)).toEqual(["r"]);
    expect(d.excess[1].by).toEqual(["write"]);
    // "write" brings excess and was implied by "admin": both go; "read" stays.
    expect(narrowed(token, d.excess)).toEqual(["read"]);
  });
});

describe("cancelling an audit", () => {
  it("asks Rust to stop, says nothing read was kept, and leaves the last report alone", async () => {
    let finish: (r: AuditReply | null) => void = () => {};
    const runAudit = vi.fn(() => new Promise<AuditReply | null>((resolve) => (finish = resolve)));
    const cancelAudit = vi.fn(async () => {
      finish(null);
      return null;
    });
    const api = fakeApi(shellHandlers({ run_audit: runAudit, cancel_audit: cancelAudit }));
    const audit = new Audit(api);
    render(AuditPage, { props: { api, nav: new Nav(), audit } });
    await fireEvent.click(screen.getByTestId("audit-run"));
    await fireEvent.click(await screen.findByTestId("audit-cancel"));
    expect(cancelAudit).toHaveBeenCalledOnce();
    await waitFor(() => expect(screen.getByTestId("audit-cancelled").textContent).toContain("cancelled"));
    expect(audit.report).toBeNull();
    expect(screen.queryByTestId("audit-cancel")).toBeNull();
  });
});

