import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import HistoryPage from "./HistoryPage.svelte";
import { shellHandlers } from "../../App.test";
import { fakeApi } from "../../api";
import type { Changes, RunSummary } from "../../api";

const conn = { connection_id: "c1", label: "Acme prod", vendor: "mindbridge" as const, tokens: 2, error: null, unlisted: false };
const summary = (id: number, over: Partial<RunSummary> = {}): RunSummary => ({
  id, at_ms: id * 1000, at: `2026-12-0${id}T10:00:00Z`, actor: "root", connections: [conn], tokens: 2, by_severity: [0, 0, 0, 0], top_score: 10, ...over,
});
const ref = (id: number) => ({ id, at_ms: id * 1000, at: `2026-12-0${id}T10:00:00Z`, actor: "root" });

describe("the History screen", () => {
  it("marks a damaged run and says what to do, never showing it as a run without tokens", async () => {
    const runs = [summary(3), summary(2, { damaged: "a list it holds no longer matches its SHA-256" }), summary(1)];
    const changes: Changes = {
      from: ref(2), to: ref(3), tokens: [], catalog_drift: [], unknown_scopes: [],
      counts: { new: 0, vanished: 0, vanished_expired: 0, vanished_gone: 0, widened: 0, narrowed: 0, expiry_changed: 0, allowlist_changed: 0, score_up: 0, score_down: 0, renamed: 0 },
      not_compared: [{ connection_id: "c3", label: "Acme new", vendor: "mindbridge", reason: "no earlier audit read it" }],
      baselines: [{ connection_id: "c2", label: "Acme other", vendor: "mindbridge", run: ref(1) }],
    };
    const api = fakeApi(shellHandlers({ history_runs: vi.fn(async () => runs), history_changes: vi.fn(async () => changes) }));
    render(HistoryPage, { api });
    await waitFor(() => expect(screen.getAllByTestId("history-run").length).toBe(3));
    const marked = screen.getAllByTestId("history-run").filter((row) => row.querySelector("[data-testid=history-damaged]"));
    expect(marked.map((row) => row.dataset.run)).toEqual(["2"]);
    const note = screen.getByTestId("history-damaged-note").textContent ?? "";
    expect(note).toContain("Run 2 is damaged");
    expect(note).toContain("SHA-256");
    expect(note).toContain("run a new audit");

    await waitFor(() => expect(screen.getByTestId("changes-baseline")).toBeTruthy());
    expect(screen.getByTestId("changes-baseline").textContent).toContain("Acme other");
    expect(screen.getByTestId("changes-baseline").textContent).toContain("run 1");
    expect(screen.getByTestId("changes-not-compared").textContent).toContain("Acme new");
    expect(screen.getByTestId("changes-not-compared").textContent).toContain("not compared");
  });

  it("after a refresh, shows no changes for a run found damaged since, only the refusal", async () => {
    const refusal = { kind: "io", message: "Audit run 2 in the history is damaged", details: [] };
    const whole: Changes = {
      from: ref(1), to: ref(2), tokens: [], catalog_drift: [], unknown_scopes: [], not_compared: [], baselines: [],
      counts: { new: 0, vanished: 0, vanished_expired: 0, vanished_gone: 0, widened: 0, narrowed: 0, expiry_changed: 0, allowlist_changed: 0, score_up: 0, score_down: 0, renamed: 0 },
    };
    const api = fakeApi(shellHandlers({
      history_runs: vi
        .fn()
        .mockResolvedValueOnce([summary(2), summary(1)])
        .mockResolvedValue([summary(2, { damaged: "a list it holds no longer matches its SHA-256" }), summary(1)]),
      history_changes: vi.fn().mockResolvedValueOnce(whole).mockRejectedValue(refusal),
    }));
    render(HistoryPage, { api });
    await waitFor(() => expect(screen.getByTestId("audit-changes")).toBeTruthy());
    await fireEvent.click(screen.getByTestId("history-refresh"));
    await waitFor(() => expect(screen.getByTestId("history-changes-error").textContent).toContain("run 2"));
    expect(screen.queryByTestId("audit-changes")).toBeNull();
  });
});
