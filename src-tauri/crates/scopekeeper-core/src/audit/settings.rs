//! The audit's thresholds and severity overrides, from an optional TOML settings file
//! (`audit.toml` in the app's config dir, shared with the CLI). A missing file means the
//! defaults; a broken one is an error naming file:line:col, never silently ignored.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{rule, RuleId, Severity};

/// Thresholds the rules use, and a severity per rule where the admin wants another.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields, default)]
pub struct AuditSettings {
    /// A token expiring within this many days is flagged (rule `expiring_soon`).
    pub expiring_soon_days: u32,
    /// A token valid for longer than this is flagged (rule `longer_than_a_year`).
    pub long_lived_days: u32,
    /// An IPv4 allowlist entry with this prefix or shorter is wide (rule `wide_allowlist`).
    pub wide_ipv4_prefix: u8,
    /// An IPv6 allowlist entry with this prefix or shorter is wide.
    pub wide_ipv6_prefix: u8,
    /// Holding this share (percent) of a catalog's permissions is admin-equivalent.
    pub admin_share_percent: u8,
    /// The most tokens one connection may list; a listing past it fails that connection (a
    /// bound on what a broken or hostile tenant can make the audit hold).
    pub max_tokens_per_connection: u32,
    /// Rule id → severity, replacing the table's. An id no rule has fails the whole file at
    /// its `line:col`.
    pub severity: BTreeMap<RuleId, Severity>,
}

/// The highest `max_tokens_per_connection` accepted.
const MAX_TOKENS_CEILING: u32 = 1_000_000;

impl Default for AuditSettings {
    fn default() -> Self {
        Self {
            expiring_soon_days: 14,
            long_lived_days: 365,
            wide_ipv4_prefix: 8,
            wide_ipv6_prefix: 32,
            admin_share_percent: 90,
            max_tokens_per_connection: crate::vendor::adapter::MAX_TOKENS_LISTED as u32,
            severity: BTreeMap::new(),
        }
    }
}

impl AuditSettings {
    /// The settings file's contents; `Ok(default)` when there is no file.
    pub fn load(path: &Path) -> Result<Self, String> {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::parse(&text).map_err(|e| format!("{}:{e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(format!("{}: cannot be read: {e}", path.display())),
        }
    }

    /// Parses settings text; an error reads `line:col: what is wrong`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let settings: Self = toml::from_str(text).map_err(|e| {
            let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((1, 1));
            format!("{line}:{col}: {}", e.message())
        })?;
        if settings.admin_share_percent == 0 || settings.admin_share_percent > 100 {
            return Err("1:1: admin_share_percent must be between 1 and 100".into());
        }
        if settings.wide_ipv4_prefix > 32 || settings.wide_ipv6_prefix > 128 {
            return Err("1:1: a wide prefix must fit its family (IPv4 ≤ 32, IPv6 ≤ 128)".into());
        }
        if !(1..=MAX_TOKENS_CEILING).contains(&settings.max_tokens_per_connection) {
            return Err(format!(
                "1:1: max_tokens_per_connection must be between 1 and {MAX_TOKENS_CEILING}"
            ));
        }
        Ok(settings)
    }

    /// The severity of rule `id` under these settings.
    pub fn severity_of(&self, id: RuleId) -> Severity {
        self.severity
            .get(&id)
            .copied()
            .unwrap_or_else(|| rule(id).severity)
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}
