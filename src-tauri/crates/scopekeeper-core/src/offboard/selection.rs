//! The offboarding sweep's review of tokens picked in an audit rather than found by a query:
//! the same plan, so they are revoked the same way (typed count, each connection's list read
//! again first, a token changed since is not revoked).

use super::judge::Judge;
use super::plan::SweepPlan;
use crate::audit::AuditToken;
use crate::desk::Desk;

/// A plan of tokens the admin picked in an audit (no vendor is read: the revoke reads each
/// connection's list again before acting), with what revoking each would break, as a dry run
/// says it. `summary` says where they were picked.
pub fn selection_plan(desk: &Desk, tokens: Vec<AuditToken>, summary: String) -> SweepPlan {
    let judge = Judge::of(desk);
    let why = || vec!["selected in the audit".to_owned()];
    SweepPlan {
        summary,
        matches: tokens
            .into_iter()
            .map(|t| judge.matched(t, why()))
            .collect(),
        outcomes: Vec::new(),
        generated_ms: judge.now_ms,
        selected: true,
    }
}
