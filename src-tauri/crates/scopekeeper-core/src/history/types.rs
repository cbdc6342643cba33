//! What the history shows the app and the CLI: runs, the changes between two runs, catalog
//! drift and timelines. Every type crosses IPC and holds no secret (the store never had one).

use serde::Serialize;
use ts_rs::TS;

use crate::audit::{Severity, TokenSource};
use crate::vendor::Vendor;

/// One saved audit run, as a list of runs shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RunSummary {
    #[ts(type = "number")]
    pub id: i64,
    /// Unix ms.
    #[ts(type = "number")]
    pub at_ms: i64,
    /// RFC 3339, local time with its offset, as the report said.
    pub at: String,
    /// The OS user who ran it.
    pub actor: String,
    pub connections: Vec<RunConnection>,
    pub tokens: u32,
    /// Findings per severity: low, medium, high, critical.
    pub by_severity: [u32; 4],
    /// The highest token score of the run (0 when it saw no token).
    pub top_score: u8,
    /// Why the run cannot be trusted: a list it holds was changed in the file after it was
    /// written. Such a run is never shown, compared or exported as if whole. Absent when whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub damaged: Option<String>,
}

/// How reading one connection went in a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RunConnection {
    pub connection_id: String,
    pub label: String,
    pub vendor: Vendor,
    pub tokens: u32,
    /// Why it could not be read; `None` when it was.
    pub error: Option<String>,
    /// The vendor has no API to list tokens (only registered ones were seen).
    pub unlisted: bool,
}

/// One run whole, as the history kept it: its summary, every token it saw and the catalogs it
/// judged them with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Snapshot {
    pub run: RunSummary,
    /// By vendor, connection id, name and key.
    pub tokens: Vec<SnapshotToken>,
    /// By vendor.
    pub catalogs: Vec<SnapshotCatalog>,
}

/// A token as one run saw it: everything the history kept of it (never a secret; the report
/// it was saved from held none). Lists are sorted and deduplicated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SnapshotToken {
    /// [`crate::audit::token_key`]: `vendor/connection/id`.
    pub key: String,
    pub vendor: Vendor,
    pub connection_id: String,
    pub token_id: String,
    pub name: String,
    /// Unix ms.
    #[ts(type = "number | null")]
    pub created_ms: Option<i64>,
    /// Unix ms; `None` means it never expires.
    #[ts(type = "number | null")]
    pub expires_ms: Option<i64>,
    /// Unix ms.
    #[ts(type = "number | null")]
    pub last_used_ms: Option<i64>,
    pub owner: Option<String>,
    pub source: TokenSource,
    pub is_connection_credential: bool,
    /// Empty: usable from any address.
    pub allowlist: Vec<String>,
    pub scopes: Vec<String>,
    pub permissions: Vec<String>,
    pub score: u8,
    pub band: String,
    /// By rule, then severity and points.
    pub findings: Vec<SnapshotFinding>,
}

/// A finding as the history keeps it: its rule, severity and points (never its evidence text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SnapshotFinding {
    pub rule: String,
    pub severity: Severity,
    pub points: u8,
}

/// The catalog version a run judged one vendor's tokens with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SnapshotCatalog {
    pub vendor: Vendor,
    pub catalog_id: String,
    pub origin: String,
    /// Its content hash.
    pub hash: String,
}

/// A run named in a comparison or a timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RunRef {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub at_ms: i64,
    pub at: String,
    pub actor: String,
}

/// What happened to a token between two runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Vanished,
    Changed,
}

/// Why a token is no longer listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Vanished {
    /// It had expired by the later run.
    Expired,
    /// It was revoked or deleted (it had not expired).
    Gone,
}

/// One token that differs between two runs. Lists are empty where nothing moved; for an added
/// token the "added" lists are all it holds, for a vanished one the "removed" lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TokenChange {
    /// [`crate::audit::token_key`]: `vendor/connection/id`.
    pub key: String,
    pub vendor: Vendor,
    pub connection_id: String,
    /// The connection's name in the later run (the earlier one for a vanished token).
    pub connection: String,
    pub token_id: String,
    pub name: String,
    pub kind: ChangeKind,
    /// For a vanished token: expired, or revoked/gone.
    pub vanished: Option<Vanished>,
    /// Its earlier name, when it was renamed.
    pub name_before: Option<String>,
    pub scopes_added: Vec<String>,
    pub scopes_removed: Vec<String>,
    pub permissions_added: Vec<String>,
    pub permissions_removed: Vec<String>,
    pub permissions_added_count: u32,
    pub permissions_removed_count: u32,
    /// Whether its expiry moved (the two values below are then meaningful).
    pub expiry_changed: bool,
    #[ts(type = "number | null")]
    pub expires_before_ms: Option<i64>,
    #[ts(type = "number | null")]
    pub expires_after_ms: Option<i64>,
    /// Whether its allowlist changed (the two lists below are then meaningful).
    pub allowlist_changed: bool,
    pub allowlist_before: Vec<String>,
    pub allowlist_after: Vec<String>,
    /// `None` for a token that was not there.
    pub score_before: Option<u8>,
    pub score_after: Option<u8>,
    /// Rule ids of findings it gained and lost.
    pub rules_added: Vec<String>,
    pub rules_removed: Vec<String>,
}

/// How many tokens changed in each way (a token can count under several).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct ChangeCounts {
    pub new: u32,
    pub vanished: u32,
    pub vanished_expired: u32,
    pub vanished_gone: u32,
    /// Gained scopes or permissions.
    pub widened: u32,
    /// Lost scopes or permissions.
    pub narrowed: u32,
    pub expiry_changed: u32,
    pub allowlist_changed: u32,
    pub score_up: u32,
    pub score_down: u32,
    pub renamed: u32,
}

/// A connection whose tokens were not compared, and why (it was not read in one of the runs,
/// or not part of it): its tokens are neither new nor vanished.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct NotCompared {
    pub connection_id: String,
    pub label: String,
    pub vendor: Vendor,
    pub reason: String,
}

/// A connection compared with an earlier run than [`Changes::from`]: the latest one that read
/// it (the runs between did not include it, or could not read it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Baseline {
    pub connection_id: String,
    pub label: String,
    pub vendor: Vendor,
    pub run: RunRef,
}

/// What changed between two runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Changes {
    /// The earlier run (with per-connection baselines: the latest earlier run); `None`
    /// compares against nothing (every token is new).
    pub from: Option<RunRef>,
    pub to: RunRef,
    /// Only tokens that changed, by vendor, connection and name.
    pub tokens: Vec<TokenChange>,
    pub counts: ChangeCounts,
    /// Vendors whose catalog is a different version in the later run.
    pub catalog_drift: Vec<CatalogDrift>,
    /// Tokens of the later run holding scopes their catalog does not know.
    pub unknown_scopes: Vec<UnknownScopes>,
    /// Connections whose tokens were not compared: neither new nor vanished.
    pub not_compared: Vec<NotCompared>,
    /// Connections compared with an earlier run than `from` (each with its latest reading).
    pub baselines: Vec<Baseline>,
}

/// A vendor's catalog replaced by a different version between two runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CatalogDrift {
    pub vendor: Vendor,
    pub catalog_id: String,
    pub origin_before: String,
    pub origin_after: String,
    pub hash_before: String,
    pub hash_after: String,
    pub scopes_added: Vec<String>,
    pub scopes_removed: Vec<String>,
    /// Scopes in both versions whose grants, implications, requirements or elevation differ.
    pub scopes_changed: Vec<ScopeChange>,
}

/// One scope that means something else in the newer catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ScopeChange {
    pub scope: String,
    pub permissions_added: Vec<String>,
    pub permissions_removed: Vec<String>,
    pub elevated_before: bool,
    pub elevated_after: bool,
}

/// A token holding scopes its catalog (the version saved with the run) does not know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UnknownScopes {
    pub key: String,
    pub vendor: Vendor,
    pub connection_id: String,
    pub token_id: String,
    pub name: String,
    pub scopes: Vec<String>,
    pub catalog_hash: String,
}

/// What a run says about one token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TimelineEvent {
    /// Its first appearance.
    FirstSeen,
    Unchanged,
    Changed,
    /// Its connection was read and the token was not there.
    Vanished,
    /// Seen again after it had vanished.
    Reappeared,
}

/// One run in a token's life.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TokenTimelineEntry {
    pub run: RunRef,
    pub event: TimelineEvent,
    /// What changed since its previous appearance (for `changed` and `vanished`).
    pub change: Option<TokenChange>,
    /// Its score in this run (`None` once vanished).
    pub score: Option<u8>,
    pub scopes: u32,
    pub permissions: u32,
    #[ts(type = "number | null")]
    pub expires_ms: Option<i64>,
}

/// Every run a token appears in, oldest first, and where it vanished.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TokenTimeline {
    pub key: String,
    pub vendor: Vendor,
    pub connection_id: String,
    pub token_id: String,
    /// Its latest name.
    pub name: String,
    pub entries: Vec<TokenTimelineEntry>,
}

/// One run of one connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ConnectionTimelineEntry {
    pub run: RunRef,
    pub label: String,
    pub tokens: u32,
    pub error: Option<String>,
    /// Compared with the connection's previous run that read it (all zero for the first).
    pub new: u32,
    pub vanished: u32,
    pub changed: u32,
}

/// Every run that included a connection, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ConnectionTimeline {
    pub connection_id: String,
    pub vendor: Vendor,
    /// Its latest name.
    pub label: String,
    pub entries: Vec<ConnectionTimelineEntry>,
}
