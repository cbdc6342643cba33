// Generated from scopekeeper-core (src/ipc.rs) by `make bindings`. Do not edit by hand.

export type AppInfo = { name: string, version: string, core_version: string, tauri_version: string, os: string, arch: string, };

export type KeyringReport = { 
/**
 * The backend that answered, e.g. "Secret Service".
 */
backend: string, 
/**
 * The steps that were carried out and verified, in order.
 */
steps_verified: Array<string>, };

export type ErrorKind = "keyring_unavailable" | "keyring_locked" | "keyring_failed" | "invalid_input" | "invalid_catalog" | "not_found" | "conflict" | "vendor_unauthorized" | "vendor_forbidden" | "vendor_validation" | "vendor_rate_limited" | "vendor_unavailable" | "vendor_timeout" | "vendor_bad_response" | "exceeds_credential" | "create_uncertain" | "io" | "internal";

export type IpcError = { kind: ErrorKind, message: string, 
/**
 * Itemised problems (e.g. every located error of a catalog file); often empty.
 */
details: Array<string>, };

export type CatalogSummary = { id: string, vendor: string, product: string | null, built_in: boolean, scopes: number, permissions: number, kinds: Array<KindSummary>, };

export type KindSummary = { id: string, name: string, scopes: number, };

export type CatalogView = { id: string, vendor: string, product: string | null, built_in: boolean, 
/**
 * The file an imported catalog came from.
 */
file: string | null, homepage: string | null, docs: string | null, sources: Array<Source>, drift: Array<string>, notes: Array<string>, groups: Array<GroupDef>, key_kinds: Array<KeyKindDef>, scopes: Array<ScopeView>, permissions: Array<PermissionDef>, presets: Array<PresetDef>, };

export type ScopeView = { id: string, name: string | null, description: string, group: string | null, 
/**
 * Effective direct grants (a scope without `grants` grants itself).
 */
grants: Array<string>, implies: Array<string>, requires: Array<Requirement>, default: boolean, required: boolean, elevated: boolean, 
/**
 * The key kinds that may carry this scope.
 */
kinds: Array<string>, source: string | null, };

export type Source = { 
/**
 * The document's name or file, e.g. `004_a7bba20e563a6391.txt`.
 */
document: string, title?: string | null, url?: string | null, 
/**
 * The date of the text (ISO 8601), as far as it is known.
 */
date?: string | null, version?: string | null, };

export type GroupDef = { id: string, name?: string | null, description?: string | null, };

export type KeyKindDef = { id: string, name?: string | null, description?: string | null, 
/**
 * The scopes this kind may carry; absent means every scope.
 */
scopes?: Array<string> | null, policy?: TokenPolicy | null, 
/**
 * Which source document describes this kind.
 */
source?: string | null, };

export type TokenPolicy = { name_required: boolean, name_unique: boolean, description_supported: boolean, expiry_required: boolean, expiry_default_days?: number | null, expiry_max_days?: number | null, ip_allowlist: boolean, security_levels?: Array<SecurityLevel>, min_scopes?: number | null, 
/**
 * Environment variable the vendor's tools read the token from.
 */
env_var?: string | null, 
/**
 * A regular expression every token of this kind matches (for offline checks).
 */
key_format?: string | null, source?: string | null, };

export type SecurityLevel = { id: string, default: boolean, warning?: string | null, };

export type Requirement = string | RequirementDef;

export type RequirementDef = { scope: string, reason?: string | null, source?: string | null, };

export type PermissionDef = { id: string, name?: string | null, description: string, };

export type PresetDef = { id: string, name: string, description?: string | null, 
/**
 * The key kind this preset is for; absent: any kind.
 */
kind?: string | null, scopes: Array<string>, source?: string | null, };

export type Resolution = { vendor: string, kind: string, 
/**
 * Every scope the token will carry, in catalog order.
 */
scopes: Array<ResolvedScope>, 
/**
 * The scopes added beyond what was selected, with their reason, in catalog order.
 */
added: Array<ResolvedScope>, permissions: Array<GrantedPermission>, warnings: Array<Finding>, errors: Array<Finding>, };

export type ResolvedScope = { id: string, reasons: Array<Reason>, elevated: boolean, };

export type Reason = { "rule": "selected" } | { "rule": "required_for_all", source: string | null, } | { "rule": "default", source: string | null, } | { "rule": "implied_by", scope: string, source: string | null, } | { "rule": "required_by", scope: string, reason: string | null, source: string | null, };

export type GrantedPermission = { id: string, granted_by: Array<string>, };

export type Finding = { 
/**
 * Stable code: `elevated`, `not_allowed_for_kind`, `unknown_scope`, `unknown_kind`,
 * `unknown_permission`, `uncoverable`.
 */
code: string, message: string, scope: string | null, };

export type Grant = { scope: string, 
/**
 * Empty when the scope grants the permission itself; otherwise the chain of implied
 * scopes from `scope` to the one that grants it directly.
 */
via: Array<string>, };

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

export type SuggestMode = "fewest_scopes" | "fewest_excess";

export type SelectionDiff = { added_scopes: Array<string>, removed_scopes: Array<string>, added_permissions: Array<string>, removed_permissions: Array<string>, };

export type SearchResults = { hits: Array<SearchHit>, total: number, };

export type SearchHit = { catalog: string, kind: HitKind, id: string, name: string | null, description: string, 
/**
 * Lower is better.
 */
rank: number, 
/**
 * Byte ranges of the id that match a term, for highlighting.
 */
id_matches: Array<[number, number]>, };

export type HitKind = "scope" | "permission";

export type TokenSpec = { format: number, vendor: string, kind: string, name: string, description: string | null, scopes: Array<string>, 
/**
 * Last day the token is valid, `YYYY-MM-DD`.
 */
expires_on: string | null, ip_allowlist: Array<string>, security_level: string | null, };

export type FieldProblem = { field: string, message: string, };

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
expiry_max: string | null, expiry_required: boolean, ip_allowlist_supported: boolean, 
/**
 * The time zone "today" and the chosen day are in (`UTC`, `UTC+01:00`): a token is valid
 * through the end of its last day there.
 */
time_zone: string, };

export type Connection = { id: string, 
/**
 * The vendor (its catalog id in the file: `mindbridge`, `cortex`, `bright`, `manifest`).
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
 * Cortex: the credential's key id (`x-xdr-auth-id`).
 */
key_id: number | null, 
/**
 * Cortex: `standard` or `advanced`.
 */
security_level: string | null, 
/**
 * RFC 3339.
 */
added_at: string, };

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
vendors: Array<VendorInfo>, };

export type Vendor = "mindbridge" | "cortex" | "bright" | "manifest";

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
introspect: boolean, };

export type VendorInfo = { id: Vendor, name: string, capabilities: Capabilities, url_hint: string, 
/**
 * A connection also names the credential's key id and security level.
 */
uses_key_id: boolean, };

export type ListProgress = { tokens_seen: number, pages_read: number, 
/**
 * When the vendor says how many pages there are.
 */
total_pages: number | null, };

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

export type VendorToken = { id: string, name: string, scopes: Array<string>, created: string | null, created_by: string | null, 
/**
 * RFC 3339 or `None` when it never expires.
 */
expires: string | null, allowlist: Array<string>, security_level: string | null, partial: string | null, 
/**
 * This is the connection's own credential.
 */
is_connection_credential: boolean, };

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
 * Other lines the tools need (`CORTEX_API_KEY_ID=…`, base URL), never the secret.
 */
env_extra: Array<string>, 
/**
 * A command that checks the token, reading it from `env_var`.
 */
verify_command: string, };

export type TokenStatus = { listed: boolean, 
/**
 * `None` when its secret is no longer held to try it.
 */
verifies: boolean | null, detail: string, };

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

export type ChecklistItem = { scope: string, description: string, 
/**
 * Ticked for another reason than the admin's choice (required, default, implied).
 */
reason: string | null, };

export type PastedCheck = { format_ok: boolean, verified: boolean, summary: string, saved_as: string | null, 
/**
 * Its fingerprint, when it is now known to Scopekeeper for the audit.
 */
registered: string | null, };

export type Declared = { name: string, scopes: Array<string>, 
/**
 * `YYYY-MM-DD`; `None`: it never expires.
 */
expires_on: string | null, };

export type CopyWhat = "secret" | "env_line";

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
 * Who owns or created it, where the vendor says.
 */
owner: string | null, source: TokenSource, };

export type AuditFinding = { rule: string, 
/**
 * What the rule means, for a person (the rule id is for machines and the README's table).
 */
title: string, severity: Severity, points: number, token_id: string, evidence: string, fix: string, };

export type Severity = "low" | "medium" | "high" | "critical";

export type Access = "read" | "write" | "delete" | "admin";

export type ConnectionOutcome = { connection_id: string, label: string, vendor: Vendor, tokens: number, 
/**
 * Why it could not be read (the way forward is by its kind).
 */
error: IpcError | null, 
/**
 * The vendor has no API to list tokens.
 */
unlisted: boolean, };

export type Inventory = { tokens: Array<AuditToken>, outcomes: Array<ConnectionOutcome>, };

export type TokenSource = "vendor_api" | "created_here" | "registered";

export type AuditRow = { token: AuditToken, findings: Array<AuditFinding>, score: number, band: string, 
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

export type ChipCount = { id: string, label: string, count: number, };

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

export type Assessment = { rows: Array<AuditRow>, blocks: Array<MatrixBlock>, chips: Array<ChipCount>, 
/**
 * Findings per severity: low, medium, high, critical.
 */
by_severity: [number, number, number, number], };

export type AuditReport = { 
/**
 * RFC 3339, local time with its offset.
 */
generated_at: string, generated_ms: number, 
/**
 * The OS user who ran it.
 */
actor: string, assessment: Assessment, outcomes: Array<ConnectionOutcome>, };

export type AuditProgress = { connection_id: string, 
/**
 * The connection's name, so the first run's progress names it too.
 */
label: string, progress: ListProgress, };

export type AuditSettings = { 
/**
 * A token expiring within this many days is flagged (rule `expiring_soon`).
 */
expiring_soon_days: number, 
/**
 * A token valid for longer than this is flagged (rule `longer_than_a_year`).
 */
long_lived_days: number, 
/**
 * An IPv4 allowlist entry with this prefix or shorter is wide (rule `wide_allowlist`).
 */
wide_ipv4_prefix: number, 
/**
 * An IPv6 allowlist entry with this prefix or shorter is wide.
 */
wide_ipv6_prefix: number, 
/**
 * Holding this share (percent) of a catalog's permissions is admin-equivalent.
 */
admin_share_percent: number, 
/**
 * Rule id → severity, replacing the table's.
 */
severity: { [key in string]: Severity }, };

export type Template = { vendor: Vendor, source: TemplateSource, 
/**
 * What the admin sees: the preset's or spec's name, or "Least privilege for …".
 */
name: string, scopes: Array<string>, };

export type TemplateSource = "preset" | "spec" | "suggestion";
