//! What Cortex's key API sends and takes: security levels, key records, roles, filters, the
//! generate request and its one-time answer.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use ts_rs::TS;

use crate::secret::SecretString;

/// How a key authenticates: Standard sends the key; Advanced sends
/// `sha256_hex(key + nonce + timestamp)` with a fresh 64-character nonce and the time in ms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SecurityLevel {
    Standard,
    Advanced,
}

impl SecurityLevel {
    /// `"advanced"` is Advanced; anything else (or nothing) is Standard, Cortex's default.
    pub fn parse(s: Option<&str>) -> Self {
        if s == Some("advanced") {
            Self::Advanced
        } else {
            Self::Standard
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Standard => "standard",
            Self::Advanced => "advanced",
        }
    }
}

/// What a delete did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CxDeleted {
    pub update_count: u64,
    /// More than one attempt was made (an earlier reply was lost or refused for a while).
    pub retried: bool,
}

impl CxDeleted {
    /// Whether the keys are gone: deleted now, or by an attempt whose reply was lost.
    pub fn done(&self) -> bool {
        self.update_count > 0 || self.retried
    }
}

/// One key as Cortex lists it (never with its secret).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
#[ts(rename = "CortexKey")]
pub struct CxKey {
    pub id: i64,
    #[serde(default)]
    pub creation_time: Option<i64>,
    #[serde(default)]
    pub created_by: Option<String>,
    #[serde(default)]
    pub user_name: Option<String>,
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub security_level: Option<String>,
    #[serde(default)]
    pub comment: Option<String>,
    /// Epoch ms; `None` means it never expires.
    #[serde(default)]
    pub expiration: Option<i64>,
}

/// A role and the component permissions it grants.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
pub struct CortexRole {
    pub pretty_name: String,
    #[serde(default)]
    pub permissions: Vec<String>,
    #[serde(default)]
    pub description: Option<String>,
}

/// A filter of `get_api_keys` / `delete`.
#[derive(Debug, Clone)]
pub enum CxFilter {
    ExpirationAtLeast(i64),
    ExpirationAtMost(i64),
    RolesContain(Vec<String>),
    IdIn(Vec<i64>),
}

impl CxFilter {
    pub(super) fn json(&self) -> Value {
        match self {
            Self::ExpirationAtLeast(ms) => {
                json!({"field": "expiration", "operator": "gte", "value": ms})
            }
            Self::ExpirationAtMost(ms) => {
                json!({"field": "expiration", "operator": "lte", "value": ms})
            }
            Self::RolesContain(r) => json!({"field": "roles", "operator": "contains", "value": r}),
            Self::IdIn(ids) => json!({"field": "id", "operator": "in", "value": ids}),
        }
    }
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct CxGenerate {
    pub roles: Vec<String>,
    pub security_level: SecurityLevel,
    /// Epoch ms; `None` lets Cortex apply its default (one week).
    pub expiration: Option<i64>,
    pub comment: Option<String>,
}

/// A key just generated: its id and its secret, which Cortex never returns again.
pub struct CxGenerated {
    pub id: i64,
    pub secret: SecretString,
}

impl std::fmt::Debug for CxGenerated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CxGenerated")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}
