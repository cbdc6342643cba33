//! The audit's rule ids: one variant per rule of [`super::RULES`], in the table's order.
//!
//! Serialized as the ids reports, saved runs and `audit.toml` have always used
//! (`admin_equivalent`, `no_expiry`, …), so a report's bytes do not depend on this type. Owns
//! the names only; what a rule means, weighs and fixes stays in the table. Must never be read
//! from the history: a saved run may name a rule a later version dropped, so the history keeps
//! the string.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Which rule of the audit a finding, a chip or a severity override is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RuleId {
    AdminEquivalent,
    ElevatedScope,
    NoExpiry,
    BroaderThanParent,
    AnyAddress,
    BroadReach,
    ExcessOverTemplate,
    BeyondVendorMaximum,
    LongerThanAYear,
    ExpiredStillPresent,
    UnknownScope,
    CredentialBroaderThanNeeded,
    WideAllowlist,
    ExpiringSoon,
    DuplicatePermissions,
}

impl RuleId {
    /// Every rule id, in the order of [`super::RULES`] (checked when the crate compiles).
    pub const ALL: [RuleId; 15] = [
        RuleId::AdminEquivalent,
        RuleId::ElevatedScope,
        RuleId::NoExpiry,
        RuleId::BroaderThanParent,
        RuleId::AnyAddress,
        RuleId::BroadReach,
        RuleId::ExcessOverTemplate,
        RuleId::BeyondVendorMaximum,
        RuleId::LongerThanAYear,
        RuleId::ExpiredStillPresent,
        RuleId::UnknownScope,
        RuleId::CredentialBroaderThanNeeded,
        RuleId::WideAllowlist,
        RuleId::ExpiringSoon,
        RuleId::DuplicatePermissions,
    ];

    /// The id as reports and files spell it; the same text serde writes.
    pub const fn as_str(self) -> &'static str {
        match self {
            RuleId::AdminEquivalent => "admin_equivalent",
            RuleId::ElevatedScope => "elevated_scope",
            RuleId::NoExpiry => "no_expiry",
            RuleId::BroaderThanParent => "broader_than_parent",
            RuleId::AnyAddress => "any_address",
            RuleId::BroadReach => "broad_reach",
            RuleId::ExcessOverTemplate => "excess_over_template",
            RuleId::BeyondVendorMaximum => "beyond_vendor_maximum",
            RuleId::LongerThanAYear => "longer_than_a_year",
            RuleId::ExpiredStillPresent => "expired_still_present",
            RuleId::UnknownScope => "unknown_scope",
            RuleId::CredentialBroaderThanNeeded => "credential_broader_than_needed",
            RuleId::WideAllowlist => "wide_allowlist",
            RuleId::ExpiringSoon => "expiring_soon",
            RuleId::DuplicatePermissions => "duplicate_permissions",
        }
    }

    /// The rule spelled `text`; `None` for an id no rule has (never a panic).
    pub fn parse(text: &str) -> Option<RuleId> {
        RuleId::ALL.into_iter().find(|id| id.as_str() == text)
    }

    /// Every id, backticked and comma-separated: the list an error about an unknown id gives.
    pub fn known() -> String {
        RuleId::ALL
            .iter()
            .map(|id| format!("`{id}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Reads an id as [`RuleId::parse`] does; an unknown one is an error naming it and listing
/// every known id (a file's reader adds where it stands).
impl<'de> Deserialize<'de> for RuleId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Id;
        impl Visitor<'_> for Id {
            type Value = RuleId;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an audit rule id")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<RuleId, E> {
                RuleId::parse(text).ok_or_else(|| {
                    E::custom(format!(
                        "no audit rule is named `{text}` (rules: {})",
                        RuleId::known()
                    ))
                })
            }
        }
        deserializer.deserialize_str(Id)
    }
}

impl PartialEq<str> for RuleId {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for RuleId {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<RuleId> for &str {
    fn eq(&self, other: &RuleId) -> bool {
        *self == other.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::RuleId;

    #[test]
    fn every_id_serializes_as_its_string_and_reads_back() {
        for id in RuleId::ALL {
            let json = serde_json::to_string(&id).unwrap();
            assert_eq!(json, format!("\"{}\"", id.as_str()));
            assert_eq!(serde_json::from_str::<RuleId>(&json).unwrap(), id);
            assert_eq!(RuleId::parse(id.as_str()), Some(id));
            assert_eq!(id.to_string(), id.as_str());
        }
        let mut texts: Vec<&str> = RuleId::ALL.iter().map(|id| id.as_str()).collect();
        texts.sort_unstable();
        texts.dedup();
        assert_eq!(
            texts.len(),
            RuleId::ALL.len(),
            "no two ids share a spelling"
        );
    }

    #[test]
    fn an_unknown_id_is_none_or_a_serde_error_never_a_panic() {
        assert_eq!(RuleId::parse("not_a_rule"), None);
        assert_eq!(RuleId::parse(""), None);
        assert_eq!(RuleId::parse("No_Expiry"), None);
        assert!(serde_json::from_str::<RuleId>("\"not_a_rule\"").is_err());
    }

    #[test]
    fn the_known_list_names_every_id_in_order() {
        let known = RuleId::known();
        assert!(
            known.starts_with("`admin_equivalent`, `elevated_scope`, "),
            "{known}"
        );
        assert!(known.ends_with("`duplicate_permissions`"), "{known}");
        assert_eq!(known.matches('`').count(), 2 * RuleId::ALL.len());
    }

    #[test]
    fn an_id_equals_its_spelling_and_no_other() {
        assert!(RuleId::NoExpiry == "no_expiry");
        assert!("longer_than_a_year" == RuleId::LongerThanAYear);
        assert!(RuleId::NoExpiry != "no_expiry ");
    }
}
