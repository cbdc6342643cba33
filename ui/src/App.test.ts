import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import App from "./App.svelte";
import type { Api, AppInfo, CatalogSummary, Connection, KeyringReport } from "./api";

const info: AppInfo = {
  name: "Scopekeeper",
  version: "9.8.7",
  core_version: "9.8.7",
  tauri_version: "2.12.5",
  os: "linux",
  arch: "x86_64",
  vendors: [],
};
const report: KeyringReport = {
  backend: "Secret Service",
  steps_verified: ["write a test secret", "read it back unchanged"],
};

export function fakeApi(overrides: Partial<Api> = {}): Api {
  const unused = async (): Promise<never> => {
    throw new Error("not used by this test");
  };
  return {
    appInfo: vi.fn(async () => info),
    keyringCheck: vi.fn(async () => report),
    listCatalogs: vi.fn(async () => []),
    catalogView: unused,
    resolve: unused,
    search: unused,
    grants: unused,
    suggest: unused,
    diff: unused,
    dependents: unused,
    checkSpec: unused,
    importCatalog: unused,
    removeCatalog: unused,
    exportSpec: unused,
    loadSpec: unused,
    listConnections: vi.fn(async () => ({ connections: [], problem: null, vendors: [] })),
    saveConnection: unused,
    removeConnection: unused,
    addSandboxConnections: unused,
    testConnection: unused,
    listVendorTokens: unused,
    createToken: unused,
    createIntoKeyring: unused,
    revealCreatedToken: unused,
    copyCreatedToken: unused,
    saveCreatedToken: unused,
    discardCreatedToken: vi.fn(async () => true),
    tokenStatus: unused,
    revokeToken: unused,
    revokeReplaced: unused,
    reconcileCreate: unused,
    renameToken: unused,
    guidedPlan: unused,
    verifyPastedToken: unused,
    forgetRegistered: unused,
    sandboxConsoleCreate: unused,
    openVendorConsole: unused,
    recentActions: vi.fn(async () => []),
    runAudit: unused,
    cancelAudit: vi.fn(async () => {}),
    exportAudit: unused,
    assignTemplate: unused,
    sweepPlan: unused,
    sweepRevoke: unused,
    exportSweep: unused,
    sinceLastAudit: vi.fn(async () => null),
    historyRuns: vi.fn(async () => []),
    historyChanges: unused,
    tokenTimeline: vi.fn(async () => null),
    connectionTimeline: vi.fn(async () => null),
    logChainState: vi.fn(async () => ({ entries: 0, chained: 0, unchained: 0, chained_from: null, intact: true, head: null, head_line: null, first_broken: null, partial_last_line: null, interrupted_lines: [] })),
    evidenceKey: vi.fn(async () => null),
    exportEvidence: unused,
    ...overrides,
  };
}

describe("App shell", () => {
  it("shows the header, the sidebar and the version the core reported", async () => {
    render(App, { props: { api: fakeApi() } });
    expect(screen.getByTestId("app-header").textContent).toContain("Scopekeeper");
    expect(screen.getByRole("navigation", { name: "Vendors and sections" })).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId("app-version").textContent).toBe("9.8.7"));
  });

  it("renders the boot data the window came with, without asking for it over IPC", async () => {
    const api = fakeApi();
    const catalogs: CatalogSummary[] = [
      { id: "mindbridge", vendor: "MindBridge", product: null, built_in: true, scopes: 3, permissions: 5, kinds: [] },
    ];
    render(App, { props: { api, firstCatalogs: Promise.resolve(catalogs), firstInfo: { ...info, version: "1.2.3" } } });
    expect(screen.getByTestId("app-version").textContent).toBe("1.2.3");
    await waitFor(() => expect(screen.getByTestId("vendor-mindbridge")).toBeTruthy());
    expect(api.appInfo).not.toHaveBeenCalled();
    expect(api.listCatalogs).not.toHaveBeenCalled();
  });

  it("reports a working keyring with the steps it verified", async () => {
    render(App, { props: { api: fakeApi() } });
    await waitFor(() => expect(screen.getByTestId("keyring-result").textContent).toContain("Secret Service is working"));
    expect(screen.getByText("✓ read it back unchanged")).toBeTruthy();
  });

  it("explains a locked keyring by its kind, shows the message, and can check again", async () => {
    const keyringCheck = vi
      .fn<Api["keyringCheck"]>()
      .mockRejectedValueOnce({ kind: "keyring_locked", message: "the OS keyring is locked: collection is locked." })
      .mockResolvedValueOnce(report);
    render(App, { props: { api: fakeApi({ keyringCheck }) } });
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
      props: { api: fakeApi({ appInfo: async () => Promise.reject("IPC unavailable") }) },
    });
    await waitFor(() => expect(screen.getByText(/Could not reach the app core: IPC unavailable/)).toBeTruthy());
  });
});

describe("first run", () => {
  it("offers the sandbox on the start screen while there is no connection", async () => {
    render(App, { props: { api: fakeApi() } });
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
    const listConnections = vi.fn(async () => ({ connections: [conn], problem: null, vendors: [] }));
    render(App, { props: { api: fakeApi({ listConnections }) } });
    await waitFor(() => expect(listConnections).toHaveBeenCalled());
    await waitFor(() => expect(screen.getByTestId("app-version").textContent).toBe("9.8.7"));
    expect(screen.queryByTestId("first-run-sandbox")).toBeNull();
  });
});
