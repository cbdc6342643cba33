// Generated from the IPC command list (src-tauri/src/commands/list.rs) by `make bindings`. Do not edit by hand.
import type {
  ActionEntry,
  AppInfo,
  AssignTemplateRequest,
  AuditProgress,
  AuditReply,
  AuditTrendRequest,
  CatalogDriftRequest,
  CatalogScopesRequest,
  CatalogSummary,
  CatalogView,
  CatalogViewRequest,
  ChainState,
  Changes,
  CheckTokenSpecRequest,
  Connection,
  ConnectionList,
  ConnectionTest,
  ConnectionTimeline,
  ConnectionTimelineRequest,
  CopyCreatedTokenRequest,
  CreateIntoKeyringRequest,
  CreateTokenRequest,
  CreatedToken,
  DiffSelectionsRequest,
  DiscardCreatedTokenRequest,
  ExportAuditRequest,
  ExportEvidenceRequest,
  ExportTokenSpecRequest,
  ForgetRegisteredRequest,
  Grant,
  GuidedPlan,
  GuidedPlanRequest,
  HistoryChangesRequest,
  HistoryRunsRequest,
  KeptInKeyring,
  KeyringReport,
  ListVendorTokensRequest,
  LoadedSpec,
  OpenVendorConsoleRequest,
  PastedCheck,
  PermissionGrantsRequest,
  PlacedFile,
  PublicKeyInfo,
  ReachItemsRequest,
  ReachList,
  RecentActionsRequest,
  ReconcileCreateRequest,
  Reconciliation,
  RemoveCatalogRequest,
  RemoveConnectionRequest,
  RenameTokenRequest,
  Resolution,
  ResolveSelectionRequest,
  RevealCreatedTokenRequest,
  RevokeReplacedRequest,
  RevokeTokenRequest,
  RollTokenRequest,
  RunSummary,
  SandboxConsoleCreateRequest,
  SaveConnectionRequest,
  SaveCreatedTokenRequest,
  ScopeDependentsRequest,
  ScopePage,
  ScopesAtVendor,
  SearchCatalogsRequest,
  SearchResults,
  SelectionDiff,
  SpecCheck,
  SuggestScopesRequest,
  Suggestion,
  SweepOutcome,
  SweepPlan,
  SweepPlanRequest,
  SweepRevokeRequest,
  SweepSelectRequest,
  Template,
  TestConnectionRequest,
  TokenStatus,
  TokenStatusRequest,
  TokenTemplateRequest,
  TokenTimeline,
  TokenTimelineRequest,
  TrendRun,
  VendorToken,
  VerifiedPack,
  VerifyPastedTokenRequest,
} from "./bindings";

export type Commands = {
  app_info: { req: null; res: AppInfo; progress: null };
  keyring_check: { req: null; res: KeyringReport; progress: null };
  app_files: { req: null; res: Array<PlacedFile>; progress: null };
  list_catalogs: { req: null; res: Array<CatalogSummary>; progress: null };
  catalog_view: { req: CatalogViewRequest; res: CatalogView; progress: null };
  catalog_scopes: { req: CatalogScopesRequest; res: ScopePage; progress: null };
  resolve_selection: { req: ResolveSelectionRequest; res: Resolution; progress: null };
  search_catalogs: { req: SearchCatalogsRequest; res: SearchResults; progress: null };
  permission_grants: { req: PermissionGrantsRequest; res: Array<Grant>; progress: null };
  suggest_scopes: { req: SuggestScopesRequest; res: Suggestion; progress: null };
  diff_selections: { req: DiffSelectionsRequest; res: SelectionDiff; progress: null };
  scope_dependents: { req: ScopeDependentsRequest; res: Array<string>; progress: null };
  import_catalog: { req: null; res: CatalogSummary | null; progress: null };
  remove_catalog: { req: RemoveCatalogRequest; res: null; progress: null };
  check_token_spec: { req: CheckTokenSpecRequest; res: SpecCheck; progress: null };
  export_token_spec: { req: ExportTokenSpecRequest; res: string | null; progress: null };
  load_token_spec: { req: null; res: LoadedSpec | null; progress: null };
  list_connections: { req: null; res: ConnectionList; progress: null };
  save_connection: { req: SaveConnectionRequest; res: Connection; progress: null };
  remove_connection: { req: RemoveConnectionRequest; res: null; progress: null };
  add_sandbox_connections: { req: null; res: Array<Connection>; progress: null };
  test_connection: { req: TestConnectionRequest; res: ConnectionTest; progress: null };
  catalog_drift: { req: CatalogDriftRequest; res: ScopesAtVendor; progress: null };
  reach_items: { req: ReachItemsRequest; res: ReachList; progress: null };
  list_vendor_tokens: { req: ListVendorTokensRequest; res: Array<VendorToken>; progress: null };
  create_token: { req: CreateTokenRequest; res: CreatedToken; progress: null };
  create_into_keyring: { req: CreateIntoKeyringRequest; res: KeptInKeyring; progress: null };
  token_status: { req: TokenStatusRequest; res: TokenStatus; progress: null };
  rename_token: { req: RenameTokenRequest; res: VendorToken; progress: null };
  revoke_token: { req: RevokeTokenRequest; res: null; progress: null };
  roll_token: { req: RollTokenRequest; res: CreatedToken; progress: null };
  revoke_replaced: { req: RevokeReplacedRequest; res: null; progress: null };
  reconcile_create: { req: ReconcileCreateRequest; res: Reconciliation; progress: null };
  reveal_created_token: { req: RevealCreatedTokenRequest; res: string; progress: null };
  copy_created_token: { req: CopyCreatedTokenRequest; res: number; progress: null };
  save_created_token: { req: SaveCreatedTokenRequest; res: string; progress: null };
  discard_created_token: { req: DiscardCreatedTokenRequest; res: boolean; progress: null };
  guided_plan: { req: GuidedPlanRequest; res: GuidedPlan; progress: null };
  open_vendor_console: { req: OpenVendorConsoleRequest; res: string; progress: null };
  verify_pasted_token: { req: VerifyPastedTokenRequest; res: PastedCheck; progress: null };
  sandbox_console_create: { req: SandboxConsoleCreateRequest; res: string; progress: null };
  run_audit: { req: null; res: AuditReply | null; progress: AuditProgress };
  cancel_audit: { req: null; res: null; progress: null };
  export_audit: { req: ExportAuditRequest; res: string | null; progress: null };
  last_audit: { req: null; res: AuditReply | null; progress: null };
  assign_template: { req: AssignTemplateRequest; res: AuditReply; progress: null };
  token_template: { req: TokenTemplateRequest; res: Template | null; progress: null };
  forget_registered: { req: ForgetRegisteredRequest; res: null; progress: null };
  sweep_plan: { req: SweepPlanRequest; res: SweepPlan; progress: AuditProgress };
  sweep_select: { req: SweepSelectRequest; res: SweepPlan; progress: null };
  sweep_revoke: { req: SweepRevokeRequest; res: Array<SweepOutcome>; progress: SweepOutcome };
  export_sweep: { req: null; res: string | null; progress: null };
  since_last_audit: { req: null; res: Changes | null; progress: null };
  audit_trend: { req: AuditTrendRequest; res: Array<TrendRun>; progress: null };
  history_runs: { req: HistoryRunsRequest; res: Array<RunSummary>; progress: null };
  history_changes: { req: HistoryChangesRequest; res: Changes; progress: null };
  token_timeline: { req: TokenTimelineRequest; res: TokenTimeline | null; progress: null };
  connection_timeline: { req: ConnectionTimelineRequest; res: ConnectionTimeline | null; progress: null };
  recent_actions: { req: RecentActionsRequest; res: Array<ActionEntry>; progress: null };
  log_chain_state: { req: null; res: ChainState; progress: null };
  evidence_key: { req: null; res: PublicKeyInfo | null; progress: null };
  export_evidence: { req: ExportEvidenceRequest; res: [string, VerifiedPack] | null; progress: null };
};
