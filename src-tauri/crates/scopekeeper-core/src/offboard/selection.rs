//! The offboarding sweep's review of tokens picked in an audit rather than found by a query:
//! the same plan, so they are revoked the same way (typed count, each connection's list read
//! again first, a token changed since is not revoked).

use std::collections::HashMap;

use super::plan::{breaks, cannot_revoke, known_from_log, SweepMatch, SweepPlan};
use crate::audit::AuditToken;
use crate::desk::Desk;

/// A plan of tokens the admin picked in an audit (no vendor is read: the revoke reads each
/// connection's list again before acting), with what revoking each would break, as a dry run
/// says it. `summary` says where they were picked.
pub fn selection_plan(desk: &Desk, tokens: Vec<AuditToken>, summary: String) -> SweepPlan {
    let known = known_from_log(desk);
    let labels: HashMap<String, String> = desk
        .connections()
        .into_iter()
        .map(|c| (c.id, c.label))
        .collect();
    let now_ms = desk.now_ms();
    let matches = tokens
        .into_iter()
        .map(|t| {
            let key = (t.connection_id.clone(), t.id.clone());
            let label = labels.get(&t.connection_id).cloned().unwrap_or_default();
            SweepMatch {
                breaks: breaks(&t, &label, known.keyring.get(&key), now_ms),
                cannot_revoke: cannot_revoke(&t),
                connection_label: label,
                token: t,
                why: vec!["selected in the audit".to_owned()],
            }
        })
        .collect();
    SweepPlan {
        summary,
        matches,
        outcomes: Vec::new(),
        generated_ms: now_ms,
        selected: true,
    }
}
