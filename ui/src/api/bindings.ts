// Generated from the IPC command list (src-tauri/src/commands/list.rs) by `make bindings`. Do not edit by hand.

export type Access = "read" | "write" | "delete" | "admin";

export type ActionEntry = { 
/**
 * RFC 3339.
 */
at: string, 
/**
 * The OS user who ran Scopekeeper.
 */
actor: string, 
/**
 * `created`, `verified`, `renamed`, `revoked`, `connection_added`, `connection_updated`,
 * `connection_removed`, `connection_tested`, `saved_in_keyring`, `create_failed`.
 */
action: string, vendor: string, connection: string, 
/**
 * The connection's id (entries written before it was recorded have none).
 */
connection_id: string | null, sandbox: boolean, 
/**
 * The token's vendor id, when there is one.
 */
token_id: string | null, token_name: string | null, scopes: Array<string>, 
/**
 * One line for a person.
 */
detail: string, };

export type AppInfo = { name: string, version: string, core_version: string, tauri_version: string, os: string, arch: string, 
/**
 * Every vendor the app has an adapter for: the one source of the names the page shows.
 */
vendors: Array<VendorInfo>, };

export type AssignTemplateRequest = { token_key: string, template?: Template | null, };

export type AuditProgress = { connection_id: string, 
/**
 * The connection's name, so the first run's progress names it too.
 */
label: string, progress: ListProgress, };

export type AuditReply = { 
/**
 * RFC 3339, local time with its offset.
 */
generated_at: string, generated_ms: number, 
/**
 * The OS user who ran it.
 */
actor: string, 
/**
 * Every rule a finding of this report names, once: what a finding's `rule` refers to.
 */
rules: { [key in RuleId]?: RuleText }, assessment: AuditReplyAssessment, outcomes: Array<ConnectionOutcome>, 
/**
 * What the overview's charts draw.
 */
overview: Overview, };

export type AuditReplyAssessment = { rows: Array<AuditRow>, blocks: Array<MatrixBlock>, chips: Array<ChipCount>, 
/**
 * Findings per severity: low, medium, high, critical.
 */
by_severity: [number, number, number, number], };

export type AuditReplyFinding = { rule: RuleId, evidence: string, };

export type AuditReplyToken = { vendor: Vendor, connection_id: string, id: string, name: string, 
/**
 * Unix ms, when the vendor says.
 */
created_ms: number | null, 
/**
 * Unix ms; `None` means it never expires.
 */
expires_ms: number | null, 
/**
 * Unix ms, when the vendor reports last use.
 */
last_used_ms: number | null, 
/**
 * Empty: usable from any address (where the vendor supports an allowlist).
 */
allowlist: Array<string>, scopes: Array<string>, 
/**
 * The connection's own admin credential.
 */
is_connection_credential: boolean, 
/**
 * Every saved connection that signs in with this token (this one's own included).
 */
credential_of: Array<CredentialUse>, 
/**
 * The connection's identity when the token was listed; a revoke carries it back.
 */
listed_as: string, 
/**
 * Who owns or created it, where the vendor says.
 */
owner: string | null, source: TokenSource, broad_reach: string | null, reach: Array<string>, };

export type AuditRow = { token: AuditReplyToken, findings: Array<AuditReplyFinding>, score: number, band: string, 
/**
 * The template it is judged against, when one is assigned.
 */
template: string | null, 
/**
 * Permissions held per group of its vendor's block.
 */
held: Array<number>, 
/**
 * One letter per group: its highest access there (R, W, D, A; `-` none).
 */
access: string, 
/**
 * The findings-strip chips it counts under.
 */
chips: Array<string>, 
/**
 * Scopes it holds through the ones it carries (what they imply), for the scope columns.
 */
implied_scopes: Array<string>, };

export type AuditToken = { vendor: Vendor, connection_id: string, id: string, name: string, 
/**
 * Unix ms, when the vendor says.
 */
created_ms: number | null, 
/**
 * Unix ms; `None` means it never expires.
 */
expires_ms: number | null, 
/**
 * Unix ms, when the vendor reports last use.
 */
last_used_ms: number | null, 
/**
 * Empty: usable from any address (where the vendor supports an allowlist).
 */
allowlist: Array<string>, scopes: Array<string>, 
/**
 * Effective permissions (through the catalog, or the tenant's own role definitions).
 */
permissions: Array<string>, 
/**
 * The connection's own admin credential.
 */
is_connection_credential: boolean, 
/**
 * Every saved connection that signs in with this token (this one's own included):
 * revoking it breaks each of them.
 */
credential_of: Array<CredentialUse>, 
/**
 * The connection's identity when the token was listed ([`Desk::listed_as`]); a revoke
 * carries it back and is refused once the connection was edited since.
 *
 * [`Desk::listed_as`]: crate::desk::Desk::listed_as
 */
listed_as: string, 
/**
 * Who owns or created it, where the vendor says.
 */
owner: string | null, source: TokenSource, 
/**
 * What it reaches beyond named resources, in words, where the vendor says (a token on
 * every zone or every account); `None`: named resources only, or the vendor has none.
 */
broad_reach: string | null, 
/**
 * The named resources it is limited to, where the vendor lists them (repositories).
 */
reach: Array<string>, };

export type AuditTrendRequest = { limit: number, };

export type Baseline = { connection_id: string, label: string, vendor: Vendor, run: RunRef, };

export type BreakReason = "edited" | "unlinked" | "unreadable" | "unchained" | "anchor_mismatch";

export type Capabilities = { 
/**
 * Create tokens through the API (otherwise: guided creation in the console).
 */
create: boolean, 
/**
 * List the tenant's tokens.
 */
list: boolean, revoke: boolean, rename: boolean, 
/**
 * A new token's expiry can be chosen.
 */
set_expiry: boolean, 
/**
 * A new token can be restricted to addresses.
 */
set_allowlist: boolean, 
/**
 * The credential can say what it holds.
 */
introspect: boolean, 
/**
 * A token's value can be replaced, its permissions kept (the old value stops working).
 */
roll: boolean, 
/**
 * The API lists the scopes the vendor offers (the catalog can be compared with it).
 */
offers_scopes: boolean, };

export type CatalogDrift = { vendor: Vendor, catalog_id: string, origin_before: string, origin_after: string, hash_before: string, hash_after: string, scopes_added: Array<string>, scopes_removed: Array<string>, 
/**
 * Scopes in both versions whose grants, implications, requirements or elevation differ.
 */
scopes_changed: Array<ScopeChange>, };

export type CatalogDriftRequest = { id: string, };

export type CatalogScopesRequest = { vendor: string, kind?: string | null, 
/**
 * Case-insensitive substring; blank = no filter.
 */
filter: string, 
/**
 * `true`: the filter matches id, name, description or any granted permission
 * id; `false`: id or name only.
 */
in_grants: boolean, offset: number, 
/**
 * Capped at 500 by the core.
 */
limit: number, 
/**
 * A scope id: when it matches, the page that holds it (rows start at most
 * `limit / 2` before it; the reply's `offset` says where), else `offset`.
 */
around?: string | null, };

export type CatalogSummary = { id: string, vendor: string, product: string | null, built_in: boolean, scopes: number, permissions: number, kinds: Array<KindSummary>, };

export type CatalogView = { id: string, vendor: string, product: string | null, built_in: boolean, 
/**
 * The file an imported catalog came from.
 */
file: string | null, homepage: string | null, docs: string | null, sources: Array<Source>, drift: Array<string>, notes: Array<string>, groups: Array<GroupDef>, key_kinds: Array<KeyKindDef>, 
/**
 * The permissions the viewed kind's scopes grant, in catalog order. A `ScopeRow`'s
 * `grants` are indices into this vector, for the same vendor and kind.
 */
permissions: Array<PermissionDef>, presets: Array<PresetDef>, 
/**
 * How many scopes the viewed kind carries (all scopes without a kind).
 */
scope_count: number, 
/**
 * Ids of the scopes that start ticked for the viewed kind (`default: true`), in catalog
 * order.
 */
defaults: Array<string>, };

export type CatalogViewRequest = { vendor: string, kind?: string | null, };

export type ChainBreak = { 
/**
 * 1-based line number in the file.
 */
line: number, 
/**
 * The entry's time and action, when the line can still be read.
 */
at: string | null, action: string | null, reason: BreakReason, 
/**
 * The same, as a sentence for a person.
 */
message: string, };

export type ChainState = { 
/**
 * Readable entries in the file, chained or not.
 */
entries: number, 
/**
 * Entries that are part of the chain and were checked (up to the first break).
 */
chained: number, 
/**
 * Lines written before the chain began (by versions without it): kept, not vouched for.
 */
unchained: number, 
/**
 * The line number (1-based) of the first chained entry; `None` while nothing is chained.
 */
chained_from: number | null, 
/**
 * No chained line was changed, removed, reordered or inserted.
 */
intact: boolean, 
/**
 * The hash (the `hash` member, 64 hex characters) of the last entry that checked out.
 */
head: string | null, 
/**
 * The line (1-based) holding `head`.
 */
head_line: number | null, first_broken: ChainBreak | null, 
/**
 * An unreadable last line without a newline: a write cut short by a crash, not an edit.
 */
partial_last_line: number | null, 
/**
 * Lines cut short by a crash that the next entry closed and named.
 */
interrupted_lines: Array<number>, };

export type ChangeCounts = { new: number, vanished: number, vanished_expired: number, vanished_gone: number, 
/**
 * Gained scopes or permissions.
 */
widened: number, 
/**
 * Lost scopes or permissions.
 */
narrowed: number, expiry_changed: number, allowlist_changed: number, score_up: number, score_down: number, renamed: number, };

export type ChangeKind = "added" | "vanished" | "changed";

export type Changes = { 
/**
 * The earlier run (with per-connection baselines: the latest earlier run); `None`
 * compares against nothing (every token is new).
 */
from: RunRef | null, to: RunRef, 
/**
 * Only tokens that changed, by vendor, connection and name.
 */
tokens: Array<TokenChange>, counts: ChangeCounts, 
/**
 * Vendors whose catalog is a different version in the later run.
 */
catalog_drift: Array<CatalogDrift>, 
/**
 * Tokens of the later run holding scopes their catalog does not know.
 */
unknown_scopes: Array<UnknownScopes>, 
/**
 * Connections whose tokens were not compared: neither new nor vanished.
 */
not_compared: Array<NotCompared>, 
/**
 * Connections compared with an earlier run than `from` (each with its latest reading).
 */
baselines: Array<Baseline>, };

export type CheckTokenSpecRequest = { spec: TokenSpec, };

export type ChecklistItem = { scope: string, description: string, 
/**
 * Ticked for another reason than the admin's choice (required, default, implied).
 */
reason: string | null, };

export type ChipCount = { id: string, label: string, count: number, };

export type Connection = { id: string, 
/**
 * The vendor (its catalog id in the file).
 */
vendor: Vendor, label: string, 
/**
 * The tenant's base URL; empty for a sandbox connection (its simulator runs in the app).
 */
base_url: string, 
/**
 * Catalog key kind of the admin's credential.
 */
key_kind: string, 
/**
 * Backed by the built-in simulator, not a real vendor.
 */
sandbox: boolean, 
/**
 * The credential's key id, for a vendor whose calls name it (`VendorInfo::uses_key_id`).
 */
key_id: number | null, 
/**
 * With a key id: `standard` or `advanced`.
 */
security_level: string | null, 
/**
 * RFC 3339.
 */
added_at: string, };

export type ConnectionBands = { connection_id: string, label: string, vendor: Vendor, bands: [number, number, number, number, number], };

export type ConnectionInput = { id: string | null, vendor: string, label: string, base_url: string, key_kind: string, key_id: number | null, security_level: string | null, 
/**
 * Required to add; when editing, absent keeps the stored one (a credential is replaced,
 * never shown).
 */
credential: string | null, };

export type ConnectionList = { connections: Array<Connection>, problem: string | null, 
/**
 * Every vendor Scopekeeper connects to, with what its API can do: the UI decides from
 * these, never from a vendor's name.
 */
vendors: Array<VendorInfo>, 
/**
 * Connections through which the vendor lists no tokens (their tokens are registered by
 * fingerprint instead), though the vendor may list through others.
 */
unlisted: Array<string>, };

export type ConnectionOutcome = { connection_id: string, label: string, vendor: Vendor, tokens: number, 
/**
 * Why it could not be read (the way forward is by its kind).
 */
error: IpcError | null, 
/**
 * The vendor has no API to list tokens.
 */
unlisted: boolean, };

export type ConnectionTest = { connection_id: string, 
/**
 * One sentence: who the credential is and what it can do.
 */
summary: string, 
/**
 * The scopes (catalog ids) the credential holds, when the vendor says.
 */
holds: Array<string>, 
/**
 * Whether it can create tokens through the vendor's API.
 */
can_create: boolean, 
/**
 * More facts, one per line (expiry, allowlist, key id, …).
 */
facts: Array<string>, 
/**
 * What makes this credential dangerous to hold (breadth, elevated scopes, any address,
 * no expiry), one per line; empty when nothing stands out.
 */
risks: Array<string>, 
/**
 * What Scopekeeper itself needs the credential to hold for what it does with it (on top of
 * what the tokens it creates will hold): the narrower credential that would do.
 */
needed: Array<string>, tested_at: string, };

export type ConnectionTimeline = { connection_id: string, vendor: Vendor, 
/**
 * Its latest name.
 */
label: string, entries: Array<ConnectionTimelineEntry>, };

export type ConnectionTimelineEntry = { run: RunRef, label: string, tokens: number, error: string | null, 
/**
 * Compared with the connection's previous run that read it (all zero for the first).
 */
new: number, vanished: number, changed: number, };

export type ConnectionTimelineRequest = { connection_id: string, };

export type CopyCreatedTokenRequest = { token_id: string, what: CopyWhat, };

export type CopyWhat = "secret" | "env_line";

export type CreateIntoKeyringRequest = { id: string, spec: TokenSpec, 
/**
 * The keyring entry is `token:<entry>`.
 */
entry: string, };

export type CreateTokenRequest = { id: string, spec: TokenSpec, };

export type CreatedToken = { vendor: Vendor, connection_id: string, connection_label: string, sandbox: boolean, token_id: string, name: string, scopes: Array<string>, expires: string | null, allowlist: Array<string>, 
/**
 * The vendor can restrict a token to addresses (an empty allowlist then means any).
 */
allowlist_supported: boolean, 
/**
 * How many characters the secret has (what the masked field shows).
 */
secret_length: number, 
/**
 * The environment variable the vendor's tools read it from.
 */
env_var: string, 
/**
 * Other lines the tools need (a key id variable, the base URL), never the secret.
 */
env_extra: Array<string>, 
/**
 * A command that checks the token, reading it from `env_var`.
 */
verify_command: string, };

export type CredentialUse = { connection_id: string, label: string, };

export type Declared = { name: string, scopes: Array<string>, 
/**
 * `YYYY-MM-DD`; `None`: it never expires.
 */
expires_on: string | null, };

export type DiffSelectionsRequest = { vendor: string, kind?: string | null, from: Array<string>, to: Array<string>, };

export type DiscardCreatedTokenRequest = { token_id: string, };

export type ErrorKind = "keyring_unavailable" | "keyring_locked" | "keyring_failed" | "invalid_input" | "invalid_catalog" | "not_found" | "conflict" | "vendor_unauthorized" | "vendor_forbidden" | "vendor_validation" | "vendor_rate_limited" | "vendor_unavailable" | "vendor_timeout" | "vendor_bad_response" | "exceeds_credential" | "create_uncertain" | "io" | "internal";

export type Expiry = { 
/**
 * Already expired and still present.
 */
expired: number, 
/**
 * `weeks[i]`: expiring in `[now + i weeks, now + (i + 1) weeks)`.
 */
weeks: Array<number>, 
/**
 * Expiring later than the last week.
 */
later: number, 
/**
 * Never expiring.
 */
never: number, };

export type ExportAuditRequest = { format: string, tokens?: Array<string> | null, };

export type ExportEvidenceRequest = { since?: string | null, };

export type ExportTokenSpecRequest = { spec: TokenSpec, };

export type FieldProblem = { field: string, message: string, };

export type Finding = { 
/**
 * Stable code: `elevated`, `not_allowed_for_kind`, `unknown_scope`, `unknown_kind`,
 * `unknown_permission`, `uncoverable`.
 */
code: string, message: string, scope: string | null, };

export type ForgetRegisteredRequest = { id: string, fingerprint: string, };

export type Grant = { scope: string, 
/**
 * Empty when the scope grants the permission itself; otherwise the chain of implied
 * scopes from `scope` to the one that grants it directly.
 */
via: Array<string>, };

export type GrantedPermission = { id: string, granted_by: Array<string>, };

export type GroupDef = { id: string, name?: string | null, description?: string | null, };

export type GroupSpan = { 
/**
 * The group's id, "" for scopes without a group.
 */
id: string, 
/**
 * The group's display name (`GroupDef.name`, else its id, else "Scopes").
 */
title: string, 
/**
 * Index of the group's first row among the matching scopes.
 */
start: number, count: number, };

export type GuidedPlan = { vendor: Vendor, console_url: string, docs_url: string | null, 
/**
 * Steps, in order.
 */
steps: Array<string>, 
/**
 * Exactly the scopes to tick, as the console names them.
 */
checklist: Array<ChecklistItem>, key_format: string | null, env_var: string, 
/**
 * A command that checks the token from a shell, reading it from `env_var`.
 */
verify_command: string, };

export type GuidedPlanRequest = { id: string, spec: TokenSpec, };

export type HeatBlock = { vendor: Vendor, 
/**
 * The groups' names, in the matrix's column order.
 */
groups: Array<string>, rows: Array<HeatRow>, };

export type HeatRow = { connection_id: string, label: string, 
/**
 * Per group: how many tokens hold it at most write, at most delete, and elevated/admin
 * (each token counts once, under its highest access there).
 */
cells: Array<[number, number, number]>, };

export type HistoryChangesRequest = { to: number, };

export type HistoryRunsRequest = { limit: number, };

export type HitKind = "scope" | "permission";

export type IpcError = { kind: ErrorKind, message: string, 
/**
 * Itemised problems (e.g. every located error of a catalog file); often empty.
 */
details: Array<string>, };

export type KeptInKeyring = { created: CreatedToken, 
/**
 * The keyring entry: service and account, as every OS keyring names one.
 */
service: string, account: string, 
/**
 * How programs read it back, one line each: libsecret's `secret-tool`, Python's and Rust's
 * `keyring` packages.
 */
lookups: Array<string>, };

export type KeyKindDef = { id: string, name?: string | null, description?: string | null, 
/**
 * The scopes this kind may carry; absent means every scope.
 */
scopes?: Array<string> | null, policy?: TokenPolicy | null, 
/**
 * Which source document describes this kind.
 */
source?: string | null, };

export type KeyringReport = { 
/**
 * The backend that answered, e.g. "Secret Service".
 */
backend: string, 
/**
 * The steps that were carried out and verified, in order.
 */
steps_verified: Array<string>, };

export type KindSummary = { id: string, name: string, scopes: number, };

export type ListFilter = { 
/**
 * Token names containing this text.
 */
search: string | null, state: ListState | null, created_after: string | null, created_before: string | null, last_used_after: string | null, last_used_before: string | null, };

export type ListProgress = { tokens_seen: number, pages_read: number, 
/**
 * When the vendor says how many pages there are.
 */
total_pages: number | null, };

export type ListState = "active" | "inactive";

export type ListVendorTokensRequest = { id: string, 
/**
 * Sent to the vendor (`VendorInfo::filters_listing`); none: every token.
 */
filter?: ListFilter | null, };

export type LoadedSpec = { spec: TokenSpec, file: string, };

export type MatrixBlock = { vendor: Vendor, 
/**
 * The catalog's id, where it came from, and a short hash of its content (its version).
 */
catalog_id: string, catalog_origin: string, catalog_hash: string, 
/**
 * The documents the catalog was built from, with their dates where known.
 */
catalog_sources: Array<string>, groups: Array<MatrixGroup>, };

export type MatrixGroup = { id: string, name: string, 
/**
 * How many distinct permissions the group's scopes grant.
 */
permissions: number, 
/**
 * Its scopes, for the expanded view (one column each).
 */
scopes: Array<MatrixScope>, };

export type MatrixScope = { id: string, 
/**
 * The strongest access its permissions give (admin when elevated).
 */
access: Access, };

export type NarrowArea = { 
/**
 * `zones`, `repositories`: the spec's `reach[].area`.
 */
id: string, 
/**
 * The items' name, plural and lower case: "zones".
 */
label: string, 
/**
 * What no choice means, in words: "every zone of the account, including zones added later".
 */
every: string, 
/**
 * The area applies only to scopes whose id starts with this (`zone.`).
 */
scope_prefix?: string | null, 
/**
 * The area applies only to scopes of this group (`repository`); scopes of other groups
 * apply wherever the token reaches, whatever is chosen, and the check says so.
 */
scope_group?: string | null, 
/**
 * The most items one token may name.
 */
max_items?: number | null, 
/**
 * Where the vendor can reach every item but some (Cloudflare: a deny policy over the
 * zones left out), what that choice means in words: "every zone of the account except
 * those ticked, including zones added later". Absent: no such choice.
 */
except?: string | null, source?: string | null, };

export type NotCompared = { connection_id: string, label: string, vendor: Vendor, reason: string, };

export type OfferedScope = { id: string, name: string, };

export type OpenVendorConsoleRequest = { id: string, spec: TokenSpec, };

export type Overview = { 
/**
 * The report's instant (Unix ms): the expiry timeline counts from it.
 */
now_ms: number, tokens: number, 
/**
 * Tokens per band (see [`BANDS`]).
 */
bands: [number, number, number, number, number], 
/**
 * Tokens per band in each connection read, in the report's order.
 */
connections: Array<ConnectionBands>, expiry: Expiry, 
/**
 * Per vendor: its connections × its catalog groups.
 */
heat: Array<HeatBlock>, 
/**
 * The riskiest tokens (at most [`TOP`]), riskiest first.
 */
top: Array<TopToken>, 
/**
 * Tokens per owner, riskiest first; tokens no vendor named an owner for come under `None`.
 */
owners: Array<OwnerBands>, };

export type OwnerBands = { owner: string | null, bands: [number, number, number, number, number], top_score: number, };

export type PartHash = { name: string, sha256: string, };

export type PastedCheck = { format_ok: boolean, verified: boolean, summary: string, saved_as: string | null, 
/**
 * Its fingerprint, when it is now known to Scopekeeper for the audit.
 */
registered: string | null, };

export type PermissionDef = { id: string, name?: string | null, description: string, };

export type PermissionGrantsRequest = { vendor: string, permission: string, };

export type PlacedFile = { 
/**
 * What the file holds, in words.
 */
what: string, path: string, 
/**
 * Whether it exists yet (most are made on first use).
 */
exists: boolean, };

export type PresetDef = { id: string, name: string, description?: string | null, 
/**
 * The key kind this preset is for; absent: any kind.
 */
kind?: string | null, scopes: Array<string>, source?: string | null, };

export type PublicKeyInfo = { 
/**
 * The 32-byte key, lowercase hex (64 characters): what `--key` takes.
 */
hex: string, 
/**
 * A short form for reading aloud or comparing at a glance: the first 16 hex characters of
 * the key's SHA-256, in groups of four.
 */
fingerprint: string, };

export type Reach = { area: string, items: Array<string>, except?: boolean, };

export type ReachItem = { name: string, 
/**
 * What else the vendor says of it ("private", "pending").
 */
detail: string | null, };

export type ReachItemsRequest = { id: string, kind: string, area: string, };

export type ReachList = { area: string, items: Array<ReachItem>, 
/**
 * The vendor has more than Scopekeeper lists ([`MAX_REACH_ITEMS`]).
 */
more: boolean, };

export type Reason = { "rule": "selected" } | { "rule": "required_for_all", source: string | null, } | { "rule": "default", source: string | null, } | { "rule": "implied_by", scope: string, source: string | null, } | { "rule": "required_by", scope: string, reason: string | null, source: string | null, };

export type RecentActionsRequest = { limit: number, };

export type ReconcileCreateRequest = { id: string, };

export type Reconciliation = { connection_id: string, 
/**
 * The name and scopes that were requested.
 */
name: string, scopes: Array<string>, 
/**
 * Tokens with that name and those scopes, made since the attempt: almost surely the one
 * just created. Revoke it, since its secret was never received.
 */
found: Array<VendorToken>, detail: string, };

export type RemoveCatalogRequest = { vendor: string, };

export type RemoveConnectionRequest = { id: string, };

export type RenameTokenRequest = { id: string, token_id: string, name: string, };

export type Requirement = string | RequirementDef;

export type RequirementDef = { scope: string, reason?: string | null, source?: string | null, };

export type Resolution = { vendor: string, kind: string, 
/**
 * Every scope the token will carry, in catalog order.
 */
scopes: Array<ResolvedScope>, 
/**
 * The scopes added beyond what was selected, with their reason, in catalog order.
 */
added: Array<ResolvedScope>, permissions: Array<GrantedPermission>, warnings: Array<Finding>, errors: Array<Finding>, };

export type ResolveSelectionRequest = { vendor: string, kind?: string | null, scopes: Array<string>, 
/**
 * Add the vendor's default scopes (`true` when omitted).
 */
defaults?: boolean | null, };

export type ResolvedScope = { id: string, reasons: Array<Reason>, elevated: boolean, };

export type RevealCreatedTokenRequest = { token_id: string, };

export type RevokeChoice = { listed_as: string, confirmed_breaks: Array<string>, };

export type RevokeReplacedRequest = { id: string, old_token_id: string, new_token_id: string, };

export type RevokeTokenRequest = { id: string, token_id: string, choice: RevokeChoice, };

export type RollTokenRequest = { id: string, token_id: string, choice: RevokeChoice, };

export type RuleId = "admin_equivalent" | "elevated_scope" | "no_expiry" | "broader_than_parent" | "any_address" | "broad_reach" | "excess_over_template" | "beyond_vendor_maximum" | "longer_than_a_year" | "expired_still_present" | "unknown_scope" | "credential_broader_than_needed" | "wide_allowlist" | "expiring_soon" | "duplicate_permissions";

export type RuleText = { 
/**
 * What the rule means, for a person.
 */
title: string, severity: Severity, points: number, fix: string, };

export type RunConnection = { connection_id: string, label: string, vendor: Vendor, tokens: number, 
/**
 * Why it could not be read; `None` when it was.
 */
error: string | null, 
/**
 * The vendor has no API to list tokens (only registered ones were seen).
 */
unlisted: boolean, };

export type RunRef = { id: number, at_ms: number, at: string, actor: string, };

export type RunSummary = { id: number, 
/**
 * Unix ms.
 */
at_ms: number, 
/**
 * RFC 3339, local time with its offset, as the report said.
 */
at: string, 
/**
 * The OS user who ran it.
 */
actor: string, connections: Array<RunConnection>, tokens: number, 
/**
 * Findings per severity: low, medium, high, critical.
 */
by_severity: [number, number, number, number], 
/**
 * The highest token score of the run (0 when it saw no token).
 */
top_score: number, 
/**
 * Why the run cannot be trusted: a list it holds was changed in the file after it was
 * written. Such a run is never shown, compared or exported as if whole. Absent when whole.
 */
damaged?: string, };

export type SandboxConsoleCreateRequest = { id: string, spec: TokenSpec, };

export type SaveConnectionRequest = { input: ConnectionInput, };

export type SaveCreatedTokenRequest = { token_id: string, name: string, };

export type ScopeChange = { scope: string, permissions_added: Array<string>, permissions_removed: Array<string>, elevated_before: boolean, elevated_after: boolean, };

export type ScopeDependentsRequest = { vendor: string, kind?: string | null, selected: Array<string>, scope: string, };

export type ScopePage = { 
/**
 * How many scopes match the filter (all the kind carries when the filter is blank).
 */
total: number, 
/**
 * Index of `rows[0]` among the matching scopes (may differ from the request's offset:
 * see the request's `around`).
 */
offset: number, rows: Array<ScopeRow>, 
/**
 * Every group of the matching scopes, in display order (all of them, not only the page's).
 */
groups: Array<GroupSpan>, };

export type ScopeRow = { id: string, name: string | null, description: string, group: string | null, 
/**
 * Indices into `CatalogView::permissions` of the same vendor and kind (effective direct
 * grants: a scope without `grants` grants itself).
 */
grants: Array<number>, implies: Array<string>, requires: Array<Requirement>, default: boolean, required: boolean, elevated: boolean, 
/**
 * The key kinds that may carry this scope.
 */
kinds: Array<string>, source: string | null, };

export type ScopesAtVendor = { connection_id: string, catalog_id: string, key_kind: string, 
/**
 * Scopes the vendor offers this connection.
 */
offered: number, 
/**
 * Scopes the catalog holds for the connection's key kind.
 */
in_catalog: number, 
/**
 * Offered by the vendor, missing from the catalog.
 */
new_at_vendor: Array<OfferedScope>, 
/**
 * In the catalog, no longer offered by the vendor.
 */
gone_at_vendor: Array<string>, checked_at: string, };

export type SearchCatalogsRequest = { query: string, limit: number, };

export type SearchHit = { catalog: string, kind: HitKind, id: string, name: string | null, description: string, 
/**
 * Lower is better.
 */
rank: number, 
/**
 * Byte ranges of the id that match a term, for highlighting.
 */
id_matches: Array<[number, number]>, };

export type SearchResults = { hits: Array<SearchHit>, total: number, };

export type SecurityLevel = { id: string, default: boolean, warning?: string | null, };

export type SelectionDiff = { added_scopes: Array<string>, removed_scopes: Array<string>, added_permissions: Array<string>, removed_permissions: Array<string>, };

export type Severity = "low" | "medium" | "high" | "critical";

export type Source = { 
/**
 * The document's name or file, e.g. `004_a7bba20e563a6391.txt`.
 */
document: string, title?: string | null, url?: string | null, 
/**
 * The date of the text (ISO 8601), as far as it is known.
 */
date?: string | null, version?: string | null, };

export type SpecCheck = { 
/**
 * Blocking problems: the token cannot be created as specified.
 */
errors: Array<FieldProblem>, 
/**
 * Things to know before creating it.
 */
warnings: Array<FieldProblem>, 
/**
 * The vendor's default expiry from today, when it has one.
 */
expiry_default: string | null, 
/**
 * The latest expiry the vendor allows from today.
 */
expiry_max: string | null, expiry_required: boolean, ip_allowlist_supported: boolean, ip_denylist_supported: boolean, start_date_supported: boolean, 
/**
 * The token lasts this long from its creation; it has no expiry to choose.
 */
lifetime_minutes: number | null, 
/**
 * The time zone "today" and the chosen day are in (`UTC`, `UTC+01:00`): a token is valid
 * through the end of its last day there.
 */
time_zone: string, };

export type SuggestMode = "fewest_scopes" | "fewest_excess";

export type SuggestScopesRequest = { vendor: string, kind?: string | null, needs: Array<string>, mode?: SuggestMode | null, };

export type Suggestion = { vendor: string, kind: string, mode: SuggestMode, 
/**
 * The scopes to select, in catalog order.
 */
scopes: Array<string>, 
/**
 * Needed permissions the suggestion covers.
 */
covered: Array<string>, 
/**
 * Needed permissions no scope of this kind grants.
 */
uncoverable: Array<string>, 
/**
 * Needed permissions the catalog does not know.
 */
unknown: Array<string>, 
/**
 * Permissions granted beyond the needed ones (by the scopes and what they pull in).
 */
excess_permissions: number, 
/**
 * True when the search proved nothing better (in this mode) exists.
 */
exact: boolean, 
/**
 * How many scopes plain greedy set cover picks, for comparison.
 */
greedy_size: number, };

export type SweepMatch = { token: AuditToken, connection_label: string, 
/**
 * Why it matched, one phrase per criterion (`owner “Former Admin”`).
 */
why: Array<string>, 
/**
 * What is known to depend on it; empty when nothing known does.
 */
breaks: Array<string>, 
/**
 * `None` when Scopekeeper can revoke it; otherwise why not and what to do instead.
 */
cannot_revoke: string | null, };

export type SweepOutcome = { vendor: Vendor, connection_id: string, connection_label: string, token_id: string, name: string, owner: string | null, scopes: Array<string>, result: SweepResult, 
/**
 * One sentence: what happened, and for a failure what to do.
 */
detail: string, 
/**
 * RFC 3339, when it was settled.
 */
at: string, };

export type SweepPlan = { 
/**
 * The query in words, for the screen, the log and the outcome file.
 */
summary: string, matches: Array<SweepMatch>, outcomes: Array<ConnectionOutcome>, generated_ms: number, 
/**
 * The tokens were selected in an audit, not found by a query (there is no dry run to
 * run again).
 */
selected: boolean, };

export type SweepPlanRequest = { query: SweepQuery, };

export type SweepQuery = { 
/**
 * Owner or creator as vendors report it: any of these, case-insensitive, either the whole
 * name or whole words of it (`former.admin` matches `former.admin@example.com`, `admin`
 * does not match `sysadmin`).
 */
owners: Array<string>, 
/**
 * Token names: `*` any run of characters, `?` one; case-insensitive, the whole name.
 */
name_pattern: string | null, 
/**
 * The OS user who created tokens through Scopekeeper (from the action log).
 */
created_by: string | null, 
/**
 * `sha256:` and 12 hex characters.
 */
fingerprint: string | null, };

export type SweepResult = "revoked" | "already_gone" | "failed" | "unconfirmed";

export type SweepRevokeRequest = { targets: Array<SweepTarget>, typed: string, };

export type SweepSelectRequest = { tokens: Array<string>, };

export type SweepTarget = { connection_id: string, token_id: string, 
/**
 * The connections (ids) the admin confirmed this revoke will break, when the token is
 * their credential; without each of them it is not revoked.
 */
confirmed_breaks: Array<string>, };

export type Template = { vendor: Vendor, source: TemplateSource, 
/**
 * What the admin sees: the preset's or spec's name, or "Least privilege for …".
 */
name: string, scopes: Array<string>, };

export type TemplateSource = "preset" | "spec" | "suggestion";

export type TestConnectionRequest = { id: string, };

export type TimelineEvent = "first_seen" | "unchanged" | "changed" | "vanished" | "reappeared";

export type TokenChange = { 
/**
 * [`crate::audit::token_key`]: `vendor/connection/id`.
 */
key: string, vendor: Vendor, connection_id: string, 
/**
 * The connection's name in the later run (the earlier one for a vanished token).
 */
connection: string, token_id: string, name: string, kind: ChangeKind, 
/**
 * For a vanished token: expired, or revoked/gone.
 */
vanished: Vanished | null, 
/**
 * Its earlier name, when it was renamed.
 */
name_before: string | null, scopes_added: Array<string>, scopes_removed: Array<string>, permissions_added: Array<string>, permissions_removed: Array<string>, permissions_added_count: number, permissions_removed_count: number, 
/**
 * Whether its expiry moved (the two values below are then meaningful).
 */
expiry_changed: boolean, expires_before_ms: number | null, expires_after_ms: number | null, 
/**
 * Whether its allowlist changed (the two lists below are then meaningful).
 */
allowlist_changed: boolean, allowlist_before: Array<string>, allowlist_after: Array<string>, 
/**
 * `None` for a token that was not there.
 */
score_before: number | null, score_after: number | null, 
/**
 * Rule ids of findings it gained and lost.
 */
rules_added: Array<string>, rules_removed: Array<string>, };

export type TokenPolicy = { name_required: boolean, name_unique: boolean, description_supported: boolean, expiry_required: boolean, expiry_default_days?: number | null, expiry_max_days?: number | null, ip_allowlist: boolean, 
/**
 * Addresses can also be excluded (inside or outside the allowed ranges).
 */
ip_denylist?: boolean, 
/**
 * A first day of use can be set (the token does not work before it).
 */
start_date?: boolean, 
/**
 * The token lasts this long from its creation; no expiry is chosen.
 */
lifetime_minutes?: number | null, 
/**
 * What a token of this kind can be narrowed to beyond its scopes (zones, repositories):
 * every one of them unless some are chosen.
 */
narrow_to?: Array<NarrowArea>, security_levels?: Array<SecurityLevel>, min_scopes?: number | null, 
/**
 * Environment variable the vendor's tools read the token from.
 */
env_var?: string | null, 
/**
 * A regular expression every token of this kind matches (for offline checks).
 */
key_format?: string | null, source?: string | null, };

export type TokenSource = "vendor_api" | "created_here" | "registered";

export type TokenSpec = { format: number, vendor: string, kind: string, name: string, description: string | null, scopes: Array<string>, 
/**
 * Last day the token is valid, `YYYY-MM-DD`.
 */
expires_on: string | null, ip_allowlist: Array<string>, 
/**
 * Addresses refused even inside the allowlist (where the vendor can).
 */
ip_denylist?: Array<string>, 
/**
 * First day the token works, `YYYY-MM-DD` (where the vendor can).
 */
starts_on?: string | null, 
/**
 * Where the token's permissions are narrowed to (the kind's `narrow_to` areas); an area
 * not named here means every item of it.
 */
reach?: Array<Reach>, security_level: string | null, };

export type TokenStatus = { listed: boolean, 
/**
 * `None` when its secret is no longer held to try it.
 */
verifies: boolean | null, detail: string, };

export type TokenStatusRequest = { id: string, token_id: string, };

export type TokenTemplateRequest = { token_key: string, };

export type TokenTimeline = { key: string, vendor: Vendor, connection_id: string, token_id: string, 
/**
 * Its latest name.
 */
name: string, entries: Array<TokenTimelineEntry>, };

export type TokenTimelineEntry = { run: RunRef, event: TimelineEvent, 
/**
 * What changed since its previous appearance (for `changed` and `vanished`).
 */
change: TokenChange | null, 
/**
 * Its score in this run (`None` once vanished).
 */
score: number | null, scopes: number, permissions: number, expires_ms: number | null, };

export type TokenTimelineRequest = { key: string, };

export type TopToken = { 
/**
 * Its index in the report's rows.
 */
row: number, connection_id: string, id: string, name: string, score: number, band: string, 
/**
 * Its weightiest finding (the first of equals, in the report's order), with the fix.
 */
rule: RuleId | null, finding: string | null, fix: string | null, };

export type TrendRun = { id: number, at_ms: number, 
/**
 * RFC 3339, local time with its offset, as the report said.
 */
at: string, tokens: number, 
/**
 * Tokens per band: none, low, medium, high, critical.
 */
bands: [number, number, number, number, number], 
/**
 * What changed since the runs before it; `None` for the first run, or a damaged one.
 */
changes: ChangeCounts | null, 
/**
 * Why the run cannot be trusted (see [`super::RunSummary::damaged`]).
 */
damaged: string | null, };

export type UnknownScopes = { key: string, vendor: Vendor, connection_id: string, token_id: string, name: string, scopes: Array<string>, catalog_hash: string, };

export type Vanished = "expired" | "gone";

export type Vendor = "mindbridge" | "cortex" | "bright" | "manifest" | "cloudflare" | "gitlab" | "github";

export type VendorInfo = { id: Vendor, name: string, capabilities: Capabilities, url_hint: string, 
/**
 * A connection also names the credential's key id and security level.
 */
uses_key_id: boolean, 
/**
 * What the connection form calls the key id, where a connection may name one.
 */
key_id_label: string | null, 
/**
 * Key kinds made in the vendor's console from Scopekeeper's checklist, though the vendor's
 * API makes others (`capabilities.create`).
 */
guided_kinds: Array<string>, 
/**
 * What a revoke does at this vendor when it is not "the token stops working everywhere".
 */
revoke_effect: string | null, 
/**
 * The vendor's list call filters tokens (by name, state, creation and last use).
 */
filters_listing: boolean, };

export type VendorToken = { id: string, name: string, scopes: Array<string>, created: string | null, created_by: string | null, 
/**
 * RFC 3339 or `None` when it never expires.
 */
expires: string | null, allowlist: Array<string>, security_level: string | null, partial: string | null, 
/**
 * When the vendor last saw it used (RFC 3339), where it says.
 */
last_used: string | null, 
/**
 * What it reaches beyond named resources, in words (every zone, every account), where the
 * vendor has resources; `None` otherwise.
 */
broad_reach: string | null, 
/**
 * The named resources it is limited to (repositories), where the vendor lists them; empty
 * when it names none or the vendor does not say.
 */
reach: Array<string>, 
/**
 * This is the connection's own credential.
 */
is_connection_credential: boolean, 
/**
 * Every saved connection that signs in with this token, this one's own included (filled
 * by the desk, which knows every connection; adapters leave it empty).
 */
credential_of: Array<CredentialUse>, 
/**
 * The connection's identity when this list was read (filled by the desk); a revoke
 * carries it back.
 */
listed_as: string, };

export type VerifiedPack = { public_key: PublicKeyInfo, 
/**
 * RFC 3339, with the exporter's offset.
 */
created_at: string, actor: string, since: string | null, snapshots: number, findings: number, actions: number, catalogs: number, 
/**
 * Whether the action log's chain was intact when the pack was made (`None`: not recorded).
 */
log_intact: boolean | null, 
/**
 * The log's head when the pack was made (the `hash` member of its last entry that checked
 * out) and its line: a live log must still hold it there.
 */
log_head: string | null, log_head_line: number | null, 
/**
 * Each part's name and SHA-256, as the signed manifest lists them.
 */
parts: Array<PartHash>, };

export type VerifyPastedTokenRequest = { id: string, token: string, save_as?: string | null, declared?: Declared | null, };
