//! The visual audit: one normalized record for a token of any vendor, the findings rules as one
//! table, and a 0–100 risk score explained by its findings; the inventory that reads every
//! connection (`inventory`), a run judged into a report (`run`), and the reports (`report`:
//! JSON, CSV, HTML, SARIF or text).
//!
//! The engine (findings, score, matrix, assessment, reports) is pure: no I/O, no clock (the
//! instant is passed in). Only `inventory` and `run` reach the vendors, and only through the
//! [`Desk`](crate::desk::Desk); `settings` reads `audit.toml`, `templates` reads and writes
//! `templates.json`.

pub mod access;
pub mod assess;
pub mod findings;
pub mod inventory;
pub mod matrix;
pub mod overview;
pub mod reply;
pub mod report;
pub mod rule;
pub mod run;
pub mod settings;
pub mod templates;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::vendor::Vendor;

pub use access::{access_level, Access};
pub(crate) use assess::summarise;
pub use assess::{
    assess, token_key, AssessInput, Assessment, Assigned, AuditRow, Chip, ChipCount, CHIPS,
};
pub use findings::{findings, AuditContext, Twins};
pub use inventory::{
    inventory, inventory_of, ConnectionOutcome, Inventory, OnConnectionProgress, PER_VENDOR,
};
pub use matrix::{MatrixBlock, MatrixGroup, MatrixScope};
pub use overview::Overview;
pub use reply::{AuditReply, RuleText};
pub use rule::RuleId;
pub use run::{judged, reassess, run, run_of, AuditProgress, AuditReport, AuditSlot};
pub use settings::AuditSettings;
pub use templates::{Template, TemplateSource, TemplateStore};

/// A token as the audit sees it, whichever vendor it belongs to. Never a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AuditToken {
    pub vendor: Vendor,
    pub connection_id: String,
    pub id: String,
    pub name: String,
    /// Unix ms, when the vendor says.
    #[ts(type = "number | null")]
    pub created_ms: Option<i64>,
    /// Unix ms; `None` means it never expires.
    #[ts(type = "number | null")]
    pub expires_ms: Option<i64>,
    /// Unix ms, when the vendor reports last use.
    #[ts(type = "number | null")]
    pub last_used_ms: Option<i64>,
    /// Empty: usable from any address (where the vendor supports an allowlist).
    pub allowlist: Vec<String>,
    pub scopes: Vec<String>,
    /// Effective permissions (through the catalog, or the tenant's own role definitions).
    pub permissions: Vec<String>,
    /// The connection's own admin credential.
    pub is_connection_credential: bool,
    /// Every saved connection that signs in with this token (this one's own included):
    /// revoking it breaks each of them.
    pub credential_of: Vec<CredentialUse>,
    /// The connection's identity when the token was listed ([`Desk::listed_as`]); a revoke
    /// carries it back and is refused once the connection was edited since.
    ///
    /// [`Desk::listed_as`]: crate::desk::Desk::listed_as
    pub listed_as: String,
    /// Who owns or created it, where the vendor says.
    pub owner: Option<String>,
    pub source: TokenSource,
    /// What it reaches beyond named resources, in words, where the vendor says (a token on
    /// every zone or every account); `None`: named resources only, or the vendor has none.
    pub broad_reach: Option<String>,
    /// The named resources it is limited to, where the vendor lists them (repositories).
    pub reach: Vec<String>,
}

/// A saved connection that signs in with a token.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct CredentialUse {
    pub connection_id: String,
    pub label: String,
}

impl AuditToken {
    /// An empty token, filled in place once a row is judged.
    pub(crate) fn placeholder() -> Self {
        Self {
            vendor: Vendor::MindBridge,
            connection_id: String::new(),
            id: String::new(),
            name: String::new(),
            created_ms: None,
            expires_ms: None,
            last_used_ms: None,
            allowlist: Vec::new(),
            scopes: Vec::new(),
            permissions: Vec::new(),
            is_connection_credential: false,
            credential_of: Vec::new(),
            listed_as: String::new(),
            owner: None,
            source: TokenSource::VendorApi,
            broad_reach: None,
            reach: Vec::new(),
        }
    }
}

/// Where the audit learned of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TokenSource {
    /// Listed by the vendor's API.
    VendorApi,
    /// Listed by the vendor, and created through Scopekeeper (its action log says so).
    CreatedHere,
    /// Known to Scopekeeper only (the vendor has no list API): verified here, never listed.
    Registered,
}

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

/// One rule of the audit: what it means, how much it weighs, and what fixes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub id: RuleId,
    pub severity: Severity,
    /// What the rule adds to a token's 0–100 score.
    pub points: u8,
    pub title: &'static str,
    pub fix: &'static str,
}

/// Every rule, its severity and its weight: the one table the score is made of (the README
/// shows the same table).
pub const RULES: &[Rule] = &[
    Rule { id: RuleId::AdminEquivalent, severity: Severity::Critical, points: 35, title: "Admin-equivalent: holds most of the catalog, or every write and delete permission of a group", fix: "Replace it with a token holding only what its job needs (least privilege)." },
    Rule { id: RuleId::ElevatedScope, severity: Severity::High, points: 25, title: "Holds an elevated scope", fix: "Untick the elevated scope, or keep this token short-lived and allowlisted." },
    Rule { id: RuleId::NoExpiry, severity: Severity::High, points: 20, title: "Never expires", fix: "Rotate it into a token with an expiry." },
    Rule { id: RuleId::BroaderThanParent, severity: Severity::High, points: 20, title: "Broader than the key that created it", fix: "Narrow it to what its parent holds, or revoke it." },
    Rule { id: RuleId::AnyAddress, severity: Severity::Medium, points: 15, title: "Usable from any address", fix: "Add an IP allowlist." },
    Rule { id: RuleId::BroadReach, severity: Severity::Medium, points: 15, title: "Reaches every account or every zone", fix: "Limit it to the accounts and zones it works on." },
    Rule { id: RuleId::ExcessOverTemplate, severity: Severity::Medium, points: 15, title: "Holds permissions beyond its template", fix: "Narrow it to its template." },
    Rule { id: RuleId::BeyondVendorMaximum, severity: Severity::Medium, points: 10, title: "Expires later than the vendor allows", fix: "Rotate it within the vendor's limit." },
    Rule { id: RuleId::LongerThanAYear, severity: Severity::Medium, points: 10, title: "Valid for more than a year", fix: "Rotate it into a token that expires within a year." },
    Rule { id: RuleId::ExpiredStillPresent, severity: Severity::Medium, points: 10, title: "Expired but still present", fix: "Revoke it so it is gone from the tenant." },
    Rule { id: RuleId::UnknownScope, severity: Severity::Medium, points: 10, title: "Holds a scope the catalog does not know", fix: "Update the catalog, or find out what the scope grants." },
    Rule { id: RuleId::CredentialBroaderThanNeeded, severity: Severity::Medium, points: 10, title: "An admin credential broader than what Scopekeeper needs", fix: "Give the connection a credential holding only what Scopekeeper needs and what its tokens hold." },
    Rule { id: RuleId::WideAllowlist, severity: Severity::Low, points: 8, title: "Its allowlist is very wide", fix: "Narrow the allowlist to the addresses that use it." },
    Rule { id: RuleId::ExpiringSoon, severity: Severity::Low, points: 5, title: "Expires within 14 days", fix: "Rotate it before it expires." },
    Rule { id: RuleId::DuplicatePermissions, severity: Severity::Low, points: 5, title: "Another token has exactly the same permissions", fix: "Keep one of them." },
];

/// [`RULES`] holds one rule per [`RuleId`], at the index of its place in [`RuleId::ALL`].
const _: () = {
    assert!(RULES.len() == RuleId::ALL.len());
    let mut i = 0;
    while i < RULES.len() {
        assert!(RULES[i].id as usize == i && RuleId::ALL[i] as usize == i);
        i += 1;
    }
};

/// The rule with this id.
pub fn rule(id: RuleId) -> &'static Rule {
    &RULES[id as usize]
}

/// One thing wrong with one token, with its evidence and its fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AuditFinding {
    pub rule: RuleId,
    /// What the rule means, for a person (the rule id is for machines and the README's table).
    pub title: String,
    pub severity: Severity,
    pub points: u8,
    pub token_id: String,
    pub evidence: String,
    pub fix: String,
}

/// A token's risk, 0–100: the sum of its findings' points, capped. Deterministic.
pub fn score(findings: &[AuditFinding]) -> u8 {
    findings
        .iter()
        .map(|f| u32::from(f.points))
        .sum::<u32>()
        .min(100) as u8
}

/// The band a score falls in: none (0), low (1–24), medium (25–49), high (50–74),
/// critical (75–100).
pub fn band(score: u8) -> &'static str {
    match score {
        0 => "none",
        1..=24 => "low",
        25..=49 => "medium",
        50..=74 => "high",
        _ => "critical",
    }
}

#[cfg(test)]
mod assess_tests;
#[cfg(test)]
mod tests;
