//! What a plan (the dry run, or tokens selected in the audit) says of each token: where it is,
//! what the action log knows of it, what revoking it would break, and whether Scopekeeper can.

use std::collections::HashMap;

use super::plan::{quoted, SweepMatch};
use crate::audit::{AuditToken, TokenSource};
use crate::desk::Desk;

/// What the action log knows, by `(connection id, token id)`: who created it here, its
/// fingerprint, and the keyring entries it was saved as.
#[derive(Default)]
pub(super) struct Known {
    pub(super) creator: HashMap<(String, String), String>,
    pub(super) logged: HashMap<(String, String), String>,
    keyring: HashMap<(String, String), Vec<String>>,
}

fn known_from_log(desk: &Desk) -> Known {
    let mut k = Known::default();
    for e in desk
        .recent_actions(100_000)
        .unwrap_or_default()
        .into_iter()
        .rev()
    {
        let (Some(conn), Some(token)) = (e.connection_id.clone(), e.token_id.clone()) else {
            continue;
        };
        let at = (conn, token);
        match e.action.as_str() {
            "created" => {
                k.creator.insert(at.clone(), e.actor.clone());
                k.logged.entry(at).or_default().push_str(&e.detail);
            }
            "saved_in_keyring" => {
                if let Some(entry) = e
                    .detail
                    .split(';')
                    .next()
                    .and_then(|d| d.strip_prefix("keyring entry "))
                {
                    k.keyring.entry(at).or_default().push(entry.to_owned());
                }
            }
            _ => {}
        }
    }
    k
}

/// What a plan says of each token: the connections' names, what the action log knows, now.
pub(super) struct Judge {
    labels: HashMap<String, String>,
    pub(super) known: Known,
    pub(super) now_ms: i64,
}

impl Judge {
    pub(super) fn of(desk: &Desk) -> Judge {
        Judge {
            labels: desk
                .connections()
                .into_iter()
                .map(|c| (c.id, c.label))
                .collect(),
            known: known_from_log(desk),
            now_ms: desk.now_ms(),
        }
    }

    /// `t` in a plan, `why` it is there: where it is, what revoking it breaks, and whether
    /// Scopekeeper can.
    pub(super) fn matched(&self, t: AuditToken, why: Vec<String>) -> SweepMatch {
        let key = (t.connection_id.clone(), t.id.clone());
        let label = self
            .labels
            .get(&t.connection_id)
            .cloned()
            .unwrap_or_default();
        SweepMatch {
            breaks: breaks(&t, &label, self.known.keyring.get(&key), self.now_ms),
            cannot_revoke: cannot_revoke(&t),
            connection_label: label,
            token: t,
            why,
        }
    }
}

/// What is known to depend on `t`.
pub(super) fn breaks(
    t: &AuditToken,
    label: &str,
    keyring: Option<&Vec<String>>,
    now_ms: i64,
) -> Vec<String> {
    let mut out = Vec::new();
    for u in &t.credential_of {
        out.push(format!(
            "Scopekeeper's connection {} signs in with it: revoking it breaks that connection.",
            quoted(&u.label)
        ));
    }
    if t.is_connection_credential && t.credential_of.is_empty() {
        out.push(format!(
            "Scopekeeper's connection {} signs in with it.",
            quoted(label)
        ));
    }
    for entry in keyring.into_iter().flatten() {
        out.push(format!(
            "It is kept in the OS keyring as {entry}; programs that read it there will fail."
        ));
    }
    let since_used = t
        .last_used_ms
        .and_then(|used| crate::clock::days_between(used, now_ms));
    if let Some(days) = since_used.map(|d| d.max(0)) {
        out.push(if days <= 30 {
            format!("Used {days} d ago: whatever uses it will stop working.")
        } else {
            format!("Last used {days} d ago.")
        });
    }
    out
}

/// Why Scopekeeper cannot revoke `t`, and what to do instead.
fn cannot_revoke(t: &AuditToken) -> Option<String> {
    if t.is_connection_credential {
        return Some("It is the connection's own credential: give the connection another credential first, then revoke this one in the vendor's console.".into());
    }
    if t.source == TokenSource::Registered {
        return Some(format!(
            "Scopekeeper knows it only by its fingerprint: revoke it in {}'s console, then forget it here.",
            t.vendor
        ));
    }
    if !t.vendor.adapter().capabilities().revoke {
        return Some(format!(
            "{} has no API to revoke tokens: revoke it in its console.",
            t.vendor
        ));
    }
    None
}
