//! A token as a vendor lists it, the one shape every adapter's listing returns. It never holds
//! a secret: only what the vendor shows about a token, and what the desk adds (which saved
//! connections sign in with it, and the identity the list was read through).

use serde::Serialize;
use ts_rs::TS;

use crate::audit::CredentialUse;

/// A token as the vendor lists it (never its secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct VendorToken {
    pub id: String,
    pub name: String,
    pub scopes: Vec<String>,
    pub created: Option<String>,
    pub created_by: Option<String>,
    /// RFC 3339 or `None` when it never expires.
    pub expires: Option<String>,
    pub allowlist: Vec<String>,
    pub security_level: Option<String>,
    pub partial: Option<String>,
    /// When the vendor last saw it used (RFC 3339), where it says.
    pub last_used: Option<String>,
    /// What it reaches beyond named resources, in words (every zone, every account), where the
    /// vendor has resources; `None` otherwise.
    pub broad_reach: Option<String>,
    /// The named resources it is limited to (repositories), where the vendor lists them; empty
    /// when it names none or the vendor does not say.
    pub reach: Vec<String>,
    /// This is the connection's own credential.
    pub is_connection_credential: bool,
    /// Every saved connection that signs in with this token, this one's own included (filled
    /// by the desk, which knows every connection; adapters leave it empty).
    pub credential_of: Vec<CredentialUse>,
    /// The connection's identity when this list was read (filled by the desk); a revoke
    /// carries it back.
    pub listed_as: String,
}
