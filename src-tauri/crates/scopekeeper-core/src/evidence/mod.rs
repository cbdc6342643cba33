//! Evidence packs: one signed JSON file for an auditor, holding the chosen audit snapshots,
//! their findings, a range of the action log (its exact lines), the log's chain state and the
//! identities of the catalogs, with a manifest of SHA-256 hashes of each part and an Ed25519
//! signature over the manifest and the metadata.
//!
//! Any changed byte makes [`verify`] fail: a value inside a part changes that part's hash; the
//! metadata and the manifest are what is signed; and the file must be byte for byte the
//! canonical form of what it holds (see [`pack`]), so spacing, escapes and member order cannot
//! change either. The pack proves who signed (the public key inside it); `--key` on
//! verification is what ties it to the key the auditor expects.
//!
//! This module never reads the history, the log or the keyring itself: the caller gathers an
//! [`EvidenceInput`] and a key, so packs can be built and checked anywhere.

mod gather;
mod key;
mod pack;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_history;
mod trust;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::action_log::{ChainState, LogLine};
use crate::catalog::{Catalog, Origin};
use crate::error::{Error, ErrorKind};

pub use gather::{catalog_identities, history_snapshots, log_range};
pub use key::{
    public_key, signing_key, signing_key_entry, EvidenceKey, PublicKeyInfo, SIGNING_KEY_ACCOUNT,
};
pub use pack::{build, verify};
pub use trust::{normalize_key, pin_key, pinned_keys, SIGNERS_FILE};

/// The `format` member of every pack.
pub const FORMAT: &str = "scopekeeper-evidence";
/// The version of the pack's layout this build writes and reads.
pub const VERSION: u32 = 1;

/// What goes into a pack, gathered by the caller.
#[derive(Debug, Clone, Default)]
pub struct EvidenceInput {
    /// The OS user exporting the pack.
    pub actor: String,
    /// Where the range starts, as the admin gave it (e.g. `2026-01-01`); `None` for "the latest
    /// run and the whole log".
    pub since: Option<String>,
    /// The audit snapshots, as JSON, oldest first.
    pub snapshots: Vec<Value>,
    /// Their findings, as JSON.
    pub findings: Vec<Value>,
    /// The action-log lines of the range, exactly as on disk.
    pub actions: Vec<LogLine>,
    /// The whole log's chain state when the pack was made.
    pub log_chain: Option<ChainState>,
    pub catalogs: Vec<CatalogIdentity>,
}

/// Which catalog a snapshot was judged with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CatalogIdentity {
    /// The vendor's name as the catalog gives it.
    pub vendor: String,
    pub catalog_id: String,
    /// `built in`, or `imported from <file>`.
    pub origin: String,
    /// The SHA-256 of the catalog as loaded (its first 12 characters are the audit's catalog
    /// hash).
    pub hash: String,
}

impl CatalogIdentity {
    pub fn of(cat: &Catalog) -> Self {
        Self {
            vendor: cat.vendor().to_owned(),
            catalog_id: cat.id.clone(),
            origin: match &cat.origin {
                Origin::BuiltIn => "built in".into(),
                Origin::File(f) => format!("imported from {f}"),
            },
            hash: cat.content_hash().to_owned(),
        }
    }
}

/// What a valid pack holds, for the verifier to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct VerifiedPack {
    pub public_key: PublicKeyInfo,
    /// RFC 3339, with the exporter's offset.
    pub created_at: String,
    pub actor: String,
    pub since: Option<String>,
    pub snapshots: usize,
    pub findings: usize,
    pub actions: usize,
    pub catalogs: usize,
    /// Whether the action log's chain was intact when the pack was made (`None`: not recorded).
    pub log_intact: Option<bool>,
    /// The log's head when the pack was made (the `hash` member of its last entry that checked
    /// out) and its line: a live log must still hold it there.
    pub log_head: Option<String>,
    pub log_head_line: Option<usize>,
    /// Each part's name and SHA-256, as the signed manifest lists them.
    pub parts: Vec<PartHash>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PartHash {
    pub name: String,
    pub sha256: String,
}

/// Why a pack did not verify. Each message is a sentence for the admin or the auditor.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EvidenceError {
    /// Not a pack this build can read (not JSON, missing or unknown members, bad hex).
    #[error("This is not an evidence pack Scopekeeper can read: {0}")]
    Format(String),
    /// A part's content does not match its hash in the manifest.
    #[error("The `{0}` part does not match its SHA-256 in the manifest: the part or the manifest was changed after the pack was signed.")]
    Part(String),
    /// The signature does not match the manifest and metadata under the embedded key.
    #[error("The signature does not match the pack's manifest and metadata: the pack was changed after it was signed.")]
    Signature,
    /// The values check out but the bytes are not the canonical form of them.
    #[error("The file differs from the signed pack's exact form at line {line}, column {column}: bytes outside the signed values (spacing, escapes or order) were changed.")]
    Layout { line: usize, column: usize },
    /// Valid, but signed by another key than the one required.
    #[error("The pack is validly signed, but by key {found}, not by the expected key {expected}.")]
    OtherKey { found: String, expected: String },
}

impl EvidenceError {
    /// A stable name for machines (`--json`): format, part, signature, layout, other_key.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Format(_) => "format",
            Self::Part(_) => "part",
            Self::Signature => "signature",
            Self::Layout { .. } => "layout",
            Self::OtherKey { .. } => "other_key",
        }
    }
}

impl From<EvidenceError> for Error {
    fn from(e: EvidenceError) -> Self {
        Error::new(ErrorKind::InvalidInput, e.to_string())
    }
}
