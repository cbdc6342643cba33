//! What the desk's commands answer over IPC (never a secret), and the one pending secret.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::secret::SecretString;
use crate::vendor::Vendor;

/// What a connection test showed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ConnectionTest {
    pub connection_id: String,
    /// One sentence: who the credential is and what it can do.
    pub summary: String,
    /// The scopes (catalog ids) the credential holds, when the vendor says.
    pub holds: Vec<String>,
    /// Whether it can create tokens through the vendor's API.
    pub can_create: bool,
    /// More facts, one per line (expiry, allowlist, key id, …).
    pub facts: Vec<String>,
    /// What makes this credential dangerous to hold (breadth, elevated scopes, any address,
    /// no expiry), one per line; empty when nothing stands out.
    pub risks: Vec<String>,
    /// What Scopekeeper itself needs the credential to hold for what it does with it (on top of
    /// what the tokens it creates will hold): the narrower credential that would do.
    pub needed: Vec<String>,
    pub tested_at: String,
}

/// Where a revoke was chosen: the list's connection identity ([`VendorToken::listed_as`]) and
/// the connections the admin confirmed it will break (by id), when it is their credential.
///
/// [`VendorToken::listed_as`]: crate::vendor::VendorToken::listed_as
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RevokeChoice {
    pub listed_as: String,
    #[serde(default)]
    pub confirmed_breaks: Vec<String>,
}

/// A token just created. Its secret stays in Rust ([`Desk::reveal_pending`] shows it once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CreatedToken {
    pub vendor: Vendor,
    pub connection_id: String,
    pub connection_label: String,
    pub sandbox: bool,
    pub token_id: String,
    pub name: String,
    pub scopes: Vec<String>,
    pub expires: Option<String>,
    pub allowlist: Vec<String>,
    /// The vendor can restrict a token to addresses (an empty allowlist then means any).
    pub allowlist_supported: bool,
    /// How many characters the secret has (what the masked field shows).
    pub secret_length: usize,
    /// The environment variable the vendor's tools read it from.
    pub env_var: String,
    /// Other lines the tools need (a key id variable, the base URL), never the secret.
    pub env_extra: Vec<String>,
    /// A command that checks the token, reading it from `env_var`.
    pub verify_command: String,
}

/// Whether a created token is listed by the vendor and accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TokenStatus {
    pub listed: bool,
    /// `None` when its secret is no longer held to try it.
    pub verifies: Option<bool>,
    pub detail: String,
}

/// The guided creation of a token in a vendor's own console.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct GuidedPlan {
    pub vendor: Vendor,
    pub console_url: String,
    pub docs_url: Option<String>,
    /// Steps, in order.
    pub steps: Vec<String>,
    /// Exactly the scopes to tick, as the console names them.
    pub checklist: Vec<ChecklistItem>,
    pub key_format: Option<String>,
    pub env_var: String,
    /// A command that checks the token from a shell, reading it from `env_var`.
    pub verify_command: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ChecklistItem {
    pub scope: String,
    pub description: String,
    /// Ticked for another reason than the admin's choice (required, default, implied).
    pub reason: Option<String>,
}

/// A pasted token's checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PastedCheck {
    pub format_ok: bool,
    pub verified: bool,
    pub summary: String,
    pub saved_as: Option<String>,
    /// Its fingerprint, when it is now known to Scopekeeper for the audit.
    pub registered: Option<String>,
}

/// What a one-time copy puts on the clipboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CopyWhat {
    Secret,
    EnvLine,
}

/// The one secret held after a create.
pub struct PendingSecret {
    pub created: CreatedToken,
    pub(super) secret: SecretString,
    pub(super) revealed: bool,
}
