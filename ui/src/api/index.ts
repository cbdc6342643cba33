// The only module that imports @tauri-apps/*. Components receive an `Api` and never call
// Tauri themselves, so unit tests hand them a fake and the real one is used in the app.
import { Channel, invoke } from "@tauri-apps/api/core";
import type {
  ActionEntry,
  AppInfo,
  AuditProgress,
  AuditReport,
  CatalogSummary,
  CatalogView,
  ChainState,
  Changes,
  ConnectionTimeline,
  Connection,
  ConnectionInput,
  ConnectionList,
  ConnectionTest,
  CopyWhat,
  CreatedToken,
  Declared,
  ErrorKind,
  Grant,
  GuidedPlan,
  IpcError,
  KeptInKeyring,
  KeyringReport,
  PastedCheck,
  PublicKeyInfo,
  RunSummary,
  Reconciliation,
  Resolution,
  RevokeChoice,
  SearchResults,
  SelectionDiff,
  SpecCheck,
  SuggestMode,
  Suggestion,
  SweepOutcome,
  SweepPlan,
  SweepQuery,
  SweepTarget,
  Template,
  TokenSpec,
  TokenStatus,
  TokenTimeline,
  VerifiedPack,
  VendorToken,
} from "./bindings";

export type * from "./bindings";

export interface Api {
  appInfo(): Promise<AppInfo>;
  keyringCheck(): Promise<KeyringReport>;
  listCatalogs(): Promise<CatalogSummary[]>;
  catalogView(vendor: string, kind: string | null): Promise<CatalogView>;
  /** `defaults`: add the vendor's default scopes (the builder pre-ticks them instead). */
  resolve(vendor: string, kind: string | null, scopes: string[], defaults?: boolean): Promise<Resolution>;
  search(query: string, limit: number): Promise<SearchResults>;
  grants(vendor: string, permission: string): Promise<Grant[]>;
  suggest(vendor: string, kind: string | null, needs: string[], mode: SuggestMode): Promise<Suggestion>;
  diff(vendor: string, kind: string | null, from: string[], to: string[]): Promise<SelectionDiff>;
  dependents(vendor: string, kind: string | null, selected: string[], scope: string): Promise<string[]>;
  checkSpec(spec: TokenSpec): Promise<SpecCheck>;
  /** Rust opens the file dialog and imports what the person picks; null when cancelled. */
  importCatalog(): Promise<CatalogSummary | null>;
  removeCatalog(vendor: string): Promise<void>;
  /** Rust asks where to save; the chosen file's name, or null when cancelled. */
  exportSpec(spec: TokenSpec): Promise<string | null>;
  /** Rust asks which file to open; null when cancelled. */
  loadSpec(): Promise<{ spec: TokenSpec; file: string } | null>;
  listConnections(): Promise<ConnectionList>;
  saveConnection(input: ConnectionInput): Promise<Connection>;
  removeConnection(id: string): Promise<void>;
  addSandboxConnections(): Promise<Connection[]>;
  testConnection(id: string): Promise<ConnectionTest>;
  listVendorTokens(id: string): Promise<VendorToken[]>;
  createToken(id: string, spec: TokenSpec): Promise<CreatedToken>;
  /** Creates the token straight into the OS keyring as `token:<entry>`; never shown. */
  createIntoKeyring(id: string, spec: TokenSpec, entry: string): Promise<KeptInKeyring>;
  /** The single reveal of a new token's secret. */
  revealCreatedToken(tokenId: string): Promise<string>;
  /** Copies from Rust; resolves to the seconds until the clipboard is cleared. */
  copyCreatedToken(tokenId: string, what: CopyWhat): Promise<number>;
  saveCreatedToken(tokenId: string, name: string): Promise<string>;
  discardCreatedToken(tokenId: string): Promise<boolean>;
  tokenStatus(id: string, tokenId: string): Promise<TokenStatus>;
  /** Revokes a token chosen from a list read as `choice.listed_as`; a connection's credential
   * only with each connection it breaks in `choice.confirmed_breaks`. */
  revokeToken(id: string, tokenId: string, choice: RevokeChoice): Promise<void>;
  /** Revokes `oldTokenId` once `newTokenId` (its replacement) exists; logged as one chain. */
  revokeReplaced(id: string, oldTokenId: string, newTokenId: string): Promise<void>;
  reconcileCreate(id: string): Promise<Reconciliation>;
  renameToken(id: string, tokenId: string, name: string): Promise<VendorToken>;
  guidedPlan(id: string, spec: TokenSpec): Promise<GuidedPlan>;
  /** With `declared`, a vendor that cannot list tokens remembers it for the audit (its
   * fingerprint only). */
  verifyPastedToken(id: string, token: string, saveAs: string | null, declared?: Declared | null): Promise<PastedCheck>;
  /** Forgets a token registered for the audit (it stays valid at the vendor). */
  forgetRegistered(id: string, fingerprint: string): Promise<void>;
  sandboxConsoleCreate(id: string, spec: TokenSpec): Promise<string>;
  /** Opens the vendor's token page in the system browser; resolves to the address opened. */
  openVendorConsole(id: string, spec: TokenSpec): Promise<string>;
  recentActions(limit: number): Promise<ActionEntry[]>;
  /** Reads every connection and judges what it finds; null when cancelled. */
  runAudit(onProgress: (p: AuditProgress) => void): Promise<AuditReport | null>;
  cancelAudit(): Promise<void>;
  /** Rust asks where to save the last audit; the file's name, or null when cancelled. */
  exportAudit(format: "csv" | "json" | "html"): Promise<string | null>;
  /** Assigns a token its template (null removes it); the last audit judged again. */
  assignTemplate(tokenKey: string, template: Template | null): Promise<AuditReport>;
  /** The offboarding sweep's dry run: reads every connection, lists what matches. */
  sweepPlan(query: SweepQuery, onProgress: (p: AuditProgress) => void): Promise<SweepPlan>;
  /** Revokes the ticked tokens of the last dry run once `typed` is their number. */
  sweepRevoke(targets: SweepTarget[], typed: string, onOutcome: (o: SweepOutcome) => void): Promise<SweepOutcome[]>;
  /** Rust asks where to save the last sweep's outcome (CSV); the file's name, or null. */
  exportSweep(): Promise<string | null>;
  /** What changed between the last two audits (null: there is no earlier one). */
  sinceLastAudit(): Promise<Changes | null>;
  historyRuns(limit: number): Promise<RunSummary[]>;
  /** What changed from the run before `to` (every token new for the first run). */
  historyChanges(to: number): Promise<Changes>;
  tokenTimeline(key: string): Promise<TokenTimeline | null>;
  connectionTimeline(connectionId: string): Promise<ConnectionTimeline | null>;
  logChainState(): Promise<ChainState>;
  /** The evidence signing key's public half; null before the first pack. */
  evidenceKey(): Promise<PublicKeyInfo | null>;
  /** Rust builds and signs the pack, asks where to save it; null when cancelled. */
  exportEvidence(since: string | null): Promise<[string, VerifiedPack] | null>;
}

// Every kind, checked against the generated type: a kind added in Rust and missing here is a
// type error, not a message shown as "[object Object]".
const KIND_SET: { [K in ErrorKind]: true } = {
  keyring_unavailable: true,
  keyring_locked: true,
  keyring_failed: true,
  invalid_input: true,
  invalid_catalog: true,
  not_found: true,
  conflict: true,
  vendor_unauthorized: true,
  vendor_forbidden: true,
  vendor_validation: true,
  vendor_rate_limited: true,
  vendor_unavailable: true,
  vendor_timeout: true,
  vendor_bad_response: true,
  exceeds_credential: true,
  io: true,
  internal: true,
  create_uncertain: true,
};
const KINDS = Object.keys(KIND_SET) as ErrorKind[];

/** Normalises anything thrown by `invoke` into `{ kind, message, details }`. */
export function toIpcError(e: unknown): IpcError {
  if (typeof e === "object" && e !== null && "kind" in e && "message" in e) {
    const { kind, message, details } = e as { kind: unknown; message: unknown; details?: unknown };
    if (typeof kind === "string" && (KINDS as readonly string[]).includes(kind) && typeof message === "string") {
      const list = Array.isArray(details) ? details.filter((d): d is string => typeof d === "string") : [];
      return { kind: kind as ErrorKind, message, details: list };
    }
  }
  return { kind: "internal", message: typeof e === "string" ? e : String(e), details: [] };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toIpcError(e);
  }
}

export const tauriApi: Api = {
  appInfo: () => call("app_info"),
  keyringCheck: () => call("keyring_check"),
  listCatalogs: () => call("list_catalogs"),
  catalogView: (vendor, kind) => call("catalog_view", { vendor, kind }),
  resolve: (vendor, kind, scopes, defaults = true) => call("resolve_selection", { vendor, kind, scopes, defaults }),
  search: (query, limit) => call("search_catalogs", { query, limit }),
  grants: (vendor, permission) => call("permission_grants", { vendor, permission }),
  suggest: (vendor, kind, needs, mode) => call("suggest_scopes", { vendor, kind, needs, mode }),
  diff: (vendor, kind, from, to) => call("diff_selections", { vendor, kind, from, to }),
  dependents: (vendor, kind, selected, scope) => call("scope_dependents", { vendor, kind, selected, scope }),
  checkSpec: (spec) => call("check_token_spec", { spec }),
  importCatalog: () => call("import_catalog"),
  removeCatalog: (vendor) => call("remove_catalog", { vendor }),
  exportSpec: (spec) => call("export_token_spec", { spec }),
  loadSpec: () => call("load_token_spec"),
  listConnections: () => call("list_connections"),
  saveConnection: (input) => call("save_connection", { input }),
  removeConnection: (id) => call("remove_connection", { id }),
  addSandboxConnections: () => call("add_sandbox_connections"),
  testConnection: (id) => call("test_connection", { id }),
  listVendorTokens: (id) => call("list_vendor_tokens", { id }),
  createToken: (id, spec) => call("create_token", { id, spec }),
  createIntoKeyring: (id, spec, entry) => call("create_into_keyring", { id, spec, entry }),
  revealCreatedToken: (tokenId) => call("reveal_created_token", { tokenId }),
  copyCreatedToken: (tokenId, what) => call("copy_created_token", { tokenId, what }),
  saveCreatedToken: (tokenId, name) => call("save_created_token", { tokenId, name }),
  discardCreatedToken: (tokenId) => call("discard_created_token", { tokenId }),
  tokenStatus: (id, tokenId) => call("token_status", { id, tokenId }),
  revokeToken: (id, tokenId, choice) => call("revoke_token", { id, tokenId, choice }),
  revokeReplaced: (id, oldTokenId, newTokenId) => call("revoke_replaced", { id, oldTokenId, newTokenId }),
  reconcileCreate: (id) => call("reconcile_create", { id }),
  renameToken: (id, tokenId, name) => call("rename_token", { id, tokenId, name }),
  guidedPlan: (id, spec) => call("guided_plan", { id, spec }),
  verifyPastedToken: (id, token, saveAs, declared = null) => call("verify_pasted_token", { id, token, saveAs, declared }),
  forgetRegistered: (id, fingerprint) => call("forget_registered", { id, fingerprint }),
  sandboxConsoleCreate: (id, spec) => call("sandbox_console_create", { id, spec }),
  openVendorConsole: (id, spec) => call("open_vendor_console", { id, spec }),
  recentActions: (limit) => call("recent_actions", { limit }),
  runAudit: (onProgress) => {
    const channel = new Channel<AuditProgress>();
    channel.onmessage = onProgress;
    return call("run_audit", { onProgress: channel });
  },
  cancelAudit: () => call("cancel_audit"),
  exportAudit: (format) => call("export_audit", { format }),
  assignTemplate: (tokenKey, template) => call("assign_template", { tokenKey, template }),
  sweepPlan: (query, onProgress) => {
    const channel = new Channel<AuditProgress>();
    channel.onmessage = onProgress;
    return call("sweep_plan", { query, onProgress: channel });
  },
  sweepRevoke: (targets, typed, onOutcome) => {
    const channel = new Channel<SweepOutcome>();
    channel.onmessage = onOutcome;
    return call("sweep_revoke", { targets, typed, onOutcome: channel });
  },
  exportSweep: () => call("export_sweep"),
  sinceLastAudit: () => call("since_last_audit"),
  historyRuns: (limit) => call("history_runs", { limit }),
  historyChanges: (to) => call("history_changes", { to }),
  tokenTimeline: (key) => call("token_timeline", { key }),
  connectionTimeline: (connectionId) => call("connection_timeline", { connectionId }),
  logChainState: () => call("log_chain_state"),
  evidenceKey: () => call("evidence_key"),
  exportEvidence: (since) => call("export_evidence", { since }),
};
