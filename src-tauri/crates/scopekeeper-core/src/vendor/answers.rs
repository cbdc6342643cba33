//! What adapters answer the desk with: a credential's description, a token made or rolled,
//! the request to make one, the console steps, the parent's permissions, the scopes offered.

use serde::Serialize;
use ts_rs::TS;

use crate::secret::SecretString;
use crate::token_spec::TokenSpec;

/// What a credential is, as its vendor describes it.
#[derive(Debug, Clone, Default)]
pub struct Probe {
    pub summary: String,
    /// The scopes (catalog ids) it holds, when the vendor says.
    pub holds: Vec<String>,
    pub can_create: bool,
    pub facts: Vec<String>,
    /// Risks only this vendor's answer shows (any address, no expiry).
    pub risks: Vec<String>,
    /// What Scopekeeper itself needs the credential to hold.
    pub needed: Vec<String>,
}

/// A scope as the vendor's own API lists it, named as the catalog names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct OfferedScope {
    pub id: String,
    pub name: String,
}

/// One item a token can be narrowed to (a zone, a repository), by the name the spec carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReachItem {
    pub name: String,
    /// What else the vendor says of it ("private", "pending").
    pub detail: Option<String>,
}

/// The items of one area the connection can narrow a new token to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReachList {
    pub area: String,
    pub items: Vec<ReachItem>,
    /// The vendor has more than Scopekeeper lists ([`MAX_REACH_ITEMS`]).
    pub more: bool,
}

/// The most items of one area the builder lists.
pub const MAX_REACH_ITEMS: usize = 1_000;

/// The permissions the connection's own credential holds, and those each requested scope would
/// grant, in the same terms.
pub struct ParentCheck {
    /// What the credential holds over everything the new token would reach.
    pub held: Vec<String>,
    pub per_scope: Vec<(String, Vec<String>)>,
    /// Where the new token would reach, in words, when the credential's permissions depend on
    /// it ("every zone of the account"): the refusal says so, since choosing fewer may do.
    pub over: Option<String>,
}

/// A token just made; the desk turns it into a `CreatedToken` and keeps the secret.
pub struct Made {
    pub token_id: String,
    pub name: String,
    pub scopes: Vec<String>,
    pub expires: Option<String>,
    pub allowlist: Vec<String>,
    /// Other lines the vendor's tools need (never the secret).
    pub env_extra: Vec<String>,
    pub secret: SecretString,
}

/// A token's new value after a roll, with its new id and end where the vendor gives the rolled
/// token new ones (`None`: unchanged).
pub struct Rolled {
    pub secret: SecretString,
    pub token_id: Option<String>,
    pub expires: Option<String>,
}

/// A checked, trimmed spec, resolved to the scopes to request.
pub struct CreateRequest<'a> {
    pub spec: &'a TokenSpec,
    pub scopes: &'a [String],
    /// The end of the last valid day, as an instant (ms); `None` for no expiry chosen.
    pub expires_ms: Option<i64>,
    /// The start of the first day of use, as an instant (ms); `None`: from creation.
    pub starts_ms: Option<i64>,
}

/// How to make a token in the vendor's own console.
pub struct ConsoleSteps {
    pub console_url: String,
    pub steps: Vec<String>,
}
