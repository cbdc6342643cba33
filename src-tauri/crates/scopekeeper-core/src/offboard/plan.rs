//! The offboarding sweep, first half: find every token of a person or a system across all
//! connections, and say for each what revoking it would break, before anything is revoked
//! (the dry run). The second half, `revoke`, revokes what the admin confirmed.
//!
//! A token matches when any of the query's criteria does, and the match says which: the owner
//! or creator the vendor reports (any of several spellings: people have a display name at one
//! vendor and an e-mail address at another), a name pattern, "created by this OS user through
//! Scopekeeper" (the action log), or a fingerprint (`sha256:` and 12 hex characters, as the
//! app shows them for known tokens and logs them for tokens created here).

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::invalid;
use super::judge::{Judge, Known};
use super::matching::{owner_match, pattern_regex, OwnerMatch};
use crate::audit::{inventory, AuditToken, ConnectionOutcome, OnConnectionProgress, TokenSource};
use crate::catalog::Catalog;
use crate::desk::Desk;
use crate::error::Error;
use crate::vendor::Vendor;

/// Whose tokens to find. Empty fields are not used; at least one must be given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SweepQuery {
    /// Owner or creator as vendors report it: any of these, case-insensitive, either the whole
    /// name or whole words of it (`former.admin` matches `former.admin@example.com`, `admin`
    /// does not match `sysadmin`).
    pub owners: Vec<String>,
    /// Token names: `*` any run of characters, `?` one; case-insensitive, the whole name.
    pub name_pattern: Option<String>,
    /// The OS user who created tokens through Scopekeeper (from the action log).
    pub created_by: Option<String>,
    /// `sha256:` and 12 hex characters.
    pub fingerprint: Option<String>,
}

/// One token the sweep found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SweepMatch {
    pub token: AuditToken,
    pub connection_label: String,
    /// Why it matched, one phrase per criterion (`owner “Former Admin”`).
    pub why: Vec<String>,
    /// What is known to depend on it; empty when nothing known does.
    pub breaks: Vec<String>,
    /// `None` when Scopekeeper can revoke it; otherwise why not and what to do instead.
    pub cannot_revoke: Option<String>,
}

/// The dry run: every match, and the connections that could not be searched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SweepPlan {
    /// The query in words, for the screen, the log and the outcome file.
    pub summary: String,
    pub matches: Vec<SweepMatch>,
    pub outcomes: Vec<ConnectionOutcome>,
    #[ts(type = "number")]
    pub generated_ms: i64,
    /// The tokens were selected in an audit, not found by a query (there is no dry run to
    /// run again).
    pub selected: bool,
}

impl SweepPlan {
    /// Where the plan was read, and how to read it again, as messages say them.
    pub(super) fn source(&self) -> (&'static str, &'static str) {
        if self.selected {
            ("the audit", "run the audit again and select it again")
        } else {
            ("the dry run", "run the dry run again")
        }
    }
}

pub(super) fn quoted(s: &str) -> String {
    format!("\u{201c}{s}\u{201d}")
}

impl SweepQuery {
    /// The query with blanks dropped, or why it cannot be run.
    fn checked(&self) -> Result<SweepQuery, Error> {
        let some = |o: &Option<String>| {
            o.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let q = SweepQuery {
            owners: self
                .owners
                .iter()
                .map(|o| o.trim().to_owned())
                .filter(|o| !o.is_empty())
                .collect(),
            name_pattern: some(&self.name_pattern),
            created_by: some(&self.created_by),
            fingerprint: some(&self.fingerprint).map(|f| f.to_ascii_lowercase()),
        };
        if q.owners.is_empty()
            && q.name_pattern.is_none()
            && q.created_by.is_none()
            && q.fingerprint.is_none()
        {
            return Err(invalid("Say whose tokens to find: an owner, a name pattern, who created them here, or a fingerprint."));
        }
        if q.owners.iter().any(|o| o.chars().count() < 3) {
            return Err(invalid(
                "An owner needs at least 3 characters (a shorter word would catch too many).",
            ));
        }
        if q.name_pattern
            .as_deref()
            .is_some_and(|p| p.trim_matches('*').is_empty())
        {
            return Err(invalid(
                "The name pattern matches every token; make it narrower (e.g. `jdoe-*`).",
            ));
        }
        if let Some(f) = &q.fingerprint {
            let hexpart = f.strip_prefix("sha256:").unwrap_or("");
            if hexpart.len() != 12 || !hexpart.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(invalid(
                    "A fingerprint reads `sha256:` and 12 hex characters, as the audit shows it.",
                ));
            }
        }
        Ok(q)
    }

    /// The query in words.
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        if !self.owners.is_empty() {
            let names: Vec<String> = self.owners.iter().map(|o| quoted(o)).collect();
            parts.push(format!("owner {}", names.join(" or ")));
        }
        if let Some(p) = &self.name_pattern {
            parts.push(format!("name like {}", quoted(p)));
        }
        if let Some(u) = &self.created_by {
            parts.push(format!("created here by {}", quoted(u)));
        }
        if let Some(f) = &self.fingerprint {
            parts.push(format!("fingerprint {f}"));
        }
        parts.join(", or ")
    }
}

/// The dry run: reads every connection of `desk` and lists what matches, with what would break.
pub async fn sweep_plan(
    desk: &Desk,
    query: &SweepQuery,
    catalog_of: &(dyn Fn(Vendor) -> Option<Catalog> + Send + Sync),
    progress: OnConnectionProgress<'_>,
) -> Result<SweepPlan, Error> {
    let q = query.checked()?;
    let pattern = q.name_pattern.as_deref().map(pattern_regex).transpose()?;
    let inv = inventory(desk, catalog_of, progress).await;
    let judge = Judge::of(desk);
    let mut matches: Vec<SweepMatch> = inv
        .tokens
        .into_iter()
        .filter_map(|t| {
            let why = reasons(&q, pattern.as_ref(), &judge.known, &t);
            (!why.is_empty()).then(|| judge.matched(t, why))
        })
        .collect();
    let now_ms = judge.now_ms;
    let order: HashMap<&str, usize> = inv
        .outcomes
        .iter()
        .enumerate()
        .map(|(i, o)| (o.connection_id.as_str(), i))
        .collect();
    matches.sort_by(|a, b| {
        (order.get(a.token.connection_id.as_str()), &a.token.name)
            .cmp(&(order.get(b.token.connection_id.as_str()), &b.token.name))
    });
    Ok(SweepPlan {
        summary: q.summary(),
        matches,
        outcomes: inv.outcomes,
        generated_ms: now_ms,
        selected: false,
    })
}

/// Why `t` matches the query (empty: it does not).
fn reasons(
    q: &SweepQuery,
    pattern: Option<&regex::Regex>,
    known: &Known,
    t: &AuditToken,
) -> Vec<String> {
    let mut why = Vec::new();
    let key = (t.connection_id.clone(), t.id.clone());
    if let Some(owner) = &t.owner {
        let how = q
            .owners
            .iter()
            .find_map(|o| owner_match(o, owner).map(|h| (o, h)));
        match how {
            Some((_, OwnerMatch::Exact)) => why.push(format!("owner {} (exact)", quoted(owner))),
            Some((o, OwnerMatch::Words)) => why.push(format!(
                "owner {} (whole words {})",
                quoted(owner),
                quoted(o)
            )),
            None => {}
        }
    }
    if pattern.is_some_and(|p| p.is_match(&t.name)) {
        why.push(format!("name {}", quoted(&t.name)));
    }
    if let (Some(user), Some(creator)) = (&q.created_by, known.creator.get(&key)) {
        if creator.eq_ignore_ascii_case(user) {
            why.push(format!("created here by {}", quoted(creator)));
        }
    }
    if let Some(f) = &q.fingerprint {
        let registered = t.source == TokenSource::Registered && t.id.eq_ignore_ascii_case(f);
        let logged = known
            .logged
            .get(&key)
            .is_some_and(|d| d.contains(f.as_str()));
        if registered || logged {
            why.push(format!("fingerprint {f}"));
        }
    }
    why
}

/// The set of `(connection id, token id)` a plan can revoke.
pub(super) fn revocable(plan: &SweepPlan) -> HashSet<(String, String)> {
    plan.matches
        .iter()
        .filter(|m| m.cannot_revoke.is_none())
        .map(|m| (m.token.connection_id.clone(), m.token.id.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_needs_a_narrow_criterion() {
        assert!(SweepQuery::default().checked().is_err());
        let every = SweepQuery {
            name_pattern: Some("**".into()),
            ..Default::default()
        };
        assert!(every.checked().is_err());
        let short = SweepQuery {
            owners: vec!["jd".into()],
            ..Default::default()
        };
        assert!(short.checked().is_err(), "two letters would match too many");
        let fp = SweepQuery {
            fingerprint: Some("sha256:XYZ".into()),
            ..Default::default()
        };
        assert!(fp.checked().is_err());
        let ok = SweepQuery {
            owners: vec![" Former Admin ".into(), " ".into()],
            fingerprint: Some("SHA256:0123456789AB".into()),
            ..Default::default()
        }
        .checked()
        .unwrap();
        assert_eq!(ok.owners, ["Former Admin"]);
        assert_eq!(ok.fingerprint.as_deref(), Some("sha256:0123456789ab"));
        assert_eq!(
            ok.summary(),
            "owner \u{201c}Former Admin\u{201d}, or fingerprint sha256:0123456789ab"
        );
    }
}
