import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import App from "./App.svelte";
import { fakeApi } from "./api";
import type { AppInfo, CatalogSummary, Connection, ConnectionList, FakeHandlers, KeyringReport, PlacedFile } from "./api";

const info: AppInfo = {
  name: "Scopekeeper",
  version: "9.8.7",
  core_version: "9.8.7",
  tauri_version: "2.12.5",
  os: "linux",
  arch: "x86_64",
  vendors: [],
};
const files: PlacedFile[] = [
  { what: "Connections (no secrets)", path: "/home/admin/.config/scopekeeper/connections.json", exists: true },
  { what: "Audit history", path: "/home/admin/.local/share/scopekeeper/history.sqlite3", exists: false },
];
const report: KeyringReport = {
  backend: "Secret Service",
  steps_verified: ["write a test secret", "read it back unchanged"],
};

/**
 * Handlers for what the app shell asks on start (and a few screens read on open), as spies;
 * `overrides` add or replace handlers. Any other command is refused by `fakeApi`.
 */
export function shellHandlers<O extends FakeHandlers>(overrides: O = {} as O) {
  return {
    app_info: vi.fn(async () => info),
    keyring_check: vi.fn(async () => report),
    list_catalogs: vi.fn(async (): Promise<CatalogSummary[]> => []),
    list_connections: vi.fn(async (): Promise<ConnectionList> => ({ connections: [], problem: null, vendors: [], unlisted: [] })),
    discard_created_token: vi.fn(async () => true),
    recent_actions: vi.fn(async () => []),
    cancel_audit: vi.fn(async () => null),
    since_last_audit: vi.fn(async () => null),
    last_audit: vi.fn(async () => null),
    history_runs: vi.fn(async () => []),
    audit_trend: vi.fn(async () => []),
    token_timeline: vi.fn(async () => null),
    connection_timeline: vi.fn(async () => null),
    log_chain_state: vi.fn(async () => ({ entries: 0, chained: 0, unchained: 0, chained_from: null, intact: true, head: null, head_line: null, first_broken: null, partial_last_line: null, interrupted_lines: [] })),
    evidence_key: vi.fn(async () => null),
    app_files: vi.fn(async (): Promise<PlacedFile[]> => files),
    ...overrides,
  };
}

describe("App shell", () => {
  it("shows the header, the sidebar and the version the core reported", async () => {
    render(App, { props: { api: fakeApi(shellHandlers()) } });
    expect(screen.getByTestId("app-header").textContent).toContain("Scopekeeper");
    expect(screen.getByRole("navigation", { name: "Vendors and sections" })).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId("app-version").textContent).toBe("9.8.7"));
  });

  it("lists where each file is kept and which exist yet on the status screen", async () => {
    render(App, { props: { api: fakeApi(shellHandlers()) } });
    await waitFor(() => expect(screen.getAllByTestId("app-file")).toHaveLength(2));
    const rows = screen.getAllByTestId("app-file");
    expect(rows[0].textContent).toContain("/home/admin/.config/scopekeeper/connections.json");
    expect(rows[0].textContent).toContain("Present");
    expect(rows[1].textContent).toContain("Audit history");
    expect(rows[1].textContent).toContain("Not created yet");
  });

  it("says when the files cannot be listed", async () => {
    const api = fakeApi(shellHandlers({ app_files: async () => Promise.reject({ kind: "io", message: "no config folder" }) }));
    render(App, { props: { api } });
    await waitFor(() => expect(screen.getByTestId("app-files").textContent).toContain("Could not list the files: no config folder"));
  });

  it("renders the boot data the window came with, without asking for it over IPC", async () => {
    const h = shellHandlers();
    const api = fakeApi(h);
    const catalogs: CatalogSummary[] = [
      { id: "mindbridge", vendor: "MindBridge", product: null, built_in: true, scopes: 3, permissions: 5, kinds: [] },
    ];
    render(App, { props: { api, firstCatalogs: Promise.resolve(catalogs), firstInfo: { ...info, version: "1.2.3" } } });
    expect(screen.getByTestId("app-version").textContent).toBe("1.2.3");
    await waitFor(() => expect(screen.getByTestId("vendor-mindbridge")).toBeTruthy());
    expect(h.app_info).not.toHaveBeenCalled();
    expect(h.list_catalogs).not.toHaveBeenCalled();
  });

  it("reports a working keyring with the steps it verified", async () => {
    render(App, { props: { api: fakeApi(shellHandlers()) } });
    await waitFor(() => expect(screen.getByTestId("keyring-result").textContent).toContain("Secret Service is working"));
    expect(screen.getByText("✓ read it back unchanged")).toBeTruthy();
  });

  it("explains a locked keyring by its kind, shows the message, and can check again", async () => {
    const keyringCheck = vi
      .fn<() => Promise<KeyringReport>>()
      .mockRejectedValueOnce({ kind: "keyring_locked", message: "the OS keyring is locked: collection is locked." })
      .mockResolvedValueOnce(report);
    render(App, { props: { api: fakeApi(shellHandlers({ keyring_check: keyringCheck })) } });
    const result = await screen.findByRole("alert");
    expect(result.textContent).toContain("The OS keyring is locked");
    expect(result.getAttribute("data-kind")).toBe("keyring_locked");
    expect(screen.getByText(/collection is locked/)).toBeTruthy();

    await fireEvent.click(screen.getByRole("button", { name: "Check again" }));
    await waitFor(() => expect(screen.getByTestId("keyring-result").textContent).toContain("is working"));
    expect(keyringCheck).toHaveBeenCalledTimes(2);
  });

  it("says so when the core cannot be reached", async () => {
    render(App, {
      props: { api: fakeApi(shellHandlers({ app_info: async () => Promise.reject("IPC unavailable") })) },
    });
    await waitFor(() => expect(screen.getByText(/Could not reach the app core: IPC unavailable/)).toBeTruthy());
  });
});

describe("first run", () => {
  it("offers the sandbox on the start screen while there is no connection", async () => {
    render(App, { props: { api: fakeApi(shellHandlers()) } });
    await waitFor(() => expect(screen.getByTestId("first-run-sandbox").textContent).toContain("no vendor account"));
  });

  it("does not offer it once a connection exists", async () => {
    const conn: Connection = {
      id: "c1",
      vendor: "mindbridge",
      label: "Prod",
      base_url: "https://acme.mindbridge.ai",
      key_kind: "api-token",
      sandbox: false,
      key_id: null,
      security_level: null,
      added_at: "2026-11-23T00:00:00Z",
    };
    const listConnections = vi.fn(async () => ({ connections: [conn], problem: null, vendors: [], unlisted: [] }));
    render(App, { props: { api: fakeApi(shellHandlers({ list_connections: listConnections })) } });
    await waitFor(() => expect(listConnections).toHaveBeenCalled());
    await waitFor(() => expect(screen.getByTestId("app-version").textContent).toBe("9.8.7"));
    expect(screen.queryByTestId("first-run-sandbox")).toBeNull();
  });
});
