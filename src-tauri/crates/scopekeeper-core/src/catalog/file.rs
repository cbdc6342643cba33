//! The catalog file format (JSON or TOML), exactly as users write it.
//!
//! The minimal form — `vendor`, `scopes[{id,name,description,grants,implies}]`,
//! `permissions[{id,description}]` — must load as-is; everything else is optional. Unknown
//! fields are rejected so that a typo (`implys`) is an error, not a silently ignored rule.
//! Nothing here is validated beyond types: see `load.rs` for references, duplicates and cycles.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CatalogFile {
    /// Display name of the vendor, e.g. "Manifest Cyber".
    pub vendor: String,
    /// Stable vendor id (e.g. `manifest`); derived from `vendor` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub homepage: Option<String>,
    /// Where the vendor documents its token scopes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
    /// The documents this catalog was built from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// Known differences between the sources and newer docs or SDKs (noted, not merged).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub drift: Vec<String>,
    /// Free-form facts an admin should know (e.g. which permission creating a token needs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupDef>,
    /// Key kinds (personal, organization…). None declared means one kind, `default`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub key_kinds: Vec<KeyKindDef>,
    pub scopes: Vec<ScopeDef>,
    /// Declared permissions. When absent, the set is whatever the scopes grant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Vec<PermissionDef>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub presets: Vec<PresetDef>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The document's name or file, e.g. `004_a7bba20e563a6391.txt`.
    pub document: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The date of the text (ISO 8601), as far as it is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields)]
pub struct GroupDef {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields)]
pub struct KeyKindDef {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The scopes this kind may carry; absent means every scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<TokenPolicy>,
    /// Which source document describes this kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// What the vendor allows when a token of this kind is created.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields)]
pub struct TokenPolicy {
    #[serde(default)]
    pub name_required: bool,
    #[serde(default)]
    pub name_unique: bool,
    #[serde(default)]
    pub description_supported: bool,
    #[serde(default)]
    pub expiry_required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry_default_days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry_max_days: Option<u32>,
    #[serde(default)]
    pub ip_allowlist: bool,
    /// Addresses can also be excluded (inside or outside the allowed ranges).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ip_denylist: bool,
    /// A first day of use can be set (the token does not work before it).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub start_date: bool,
    /// The token lasts this long from its creation; no expiry is chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifetime_minutes: Option<u32>,
    /// What a token of this kind can be narrowed to beyond its scopes (zones, repositories):
    /// every one of them unless some are chosen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub narrow_to: Vec<NarrowArea>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security_levels: Vec<SecurityLevel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_scopes: Option<u32>,
    /// Environment variable the vendor's tools read the token from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub env_var: Option<String>,
    /// A regular expression every token of this kind matches (for offline checks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_format: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Where a token's permissions can be narrowed: the connection lists the items (its zones, the
/// installation's repositories); a token reaches every item unless some are chosen.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields)]
pub struct NarrowArea {
    /// `zones`, `repositories`: the spec's `reach[].area`.
    pub id: String,
    /// The items' name, plural and lower case: "zones".
    pub label: String,
    /// What no choice means, in words: "every zone of the account, including zones added later".
    pub every: String,
    /// The area applies only to scopes whose id starts with this (`zone.`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope_prefix: Option<String>,
    /// The area applies only to scopes of this group (`repository`); scopes of other groups
    /// apply wherever the token reaches, whatever is chosen, and the check says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope_group: Option<String>,
    /// The most items one token may name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u32>,
    /// Where the vendor can reach every item but some (Cloudflare: a deny policy over the
    /// zones left out), what that choice means in words: "every zone of the account except
    /// those ticked, including zones added later". Absent: no such choice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub except: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SecurityLevel {
    pub id: String,
    #[serde(default)]
    pub default: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ScopeDef {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default)]
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Granular permissions. Absent: the scope grants itself. `[]`: it grants nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grants: Option<Vec<String>>,
    /// Scopes this one includes (a broader scope implies its narrower ones).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub implies: Vec<String>,
    /// Scopes that must be present for this one to work.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requires: Vec<Requirement>,
    /// Selected by default when a token is built.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub default: bool,
    /// Required for every token.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// Grants elevated (administrative) privileges.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub elevated: bool,
    /// Where the vendor says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// `"projects:read"` or `{ scope = "projects:read", reason = "…", source = "…" }`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, TS)]
#[serde(untagged)]
pub enum Requirement {
    Bare(String),
    Full(RequirementDef),
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RequirementDef {
    pub scope: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl Requirement {
    pub fn scope(&self) -> &str {
        match self {
            Self::Bare(s) => s,
            Self::Full(r) => &r.scope,
        }
    }
    pub fn reason(&self) -> Option<&str> {
        match self {
            Self::Bare(_) => None,
            Self::Full(r) => r.reason.as_deref(),
        }
    }
    pub fn source(&self) -> Option<&str> {
        match self {
            Self::Bare(_) => None,
            Self::Full(r) => r.source.as_deref(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PermissionDef {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PresetDef {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The key kind this preset is for; absent: any kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    pub scopes: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}
