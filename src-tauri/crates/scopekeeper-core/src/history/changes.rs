//! What changed between two runs, or between a run and each connection's previous reading.
//! Only a connection read on both sides is compared; any other is named as not compared, so
//! its tokens are never counted as new or vanished. Both sides' tokens are read ordered by
//! identity and merged in one pass; two appearances of a token are compared by set ids first,
//! and a list is read only when its ids differ, so 10,000 unchanged tokens cost 10,000 integer
//! comparisons.

use std::collections::{BTreeMap, HashMap, HashSet};

use rusqlite::Connection;

use super::load::{self, Stored};
use super::sets::{rule_of, SetReader};
use super::{Baseline, ChangeCounts, ChangeKind, Changes, NotCompared, RunConnection, RunRef};
use super::{TokenChange, Vanished};

/// Which connections compare, and with which earlier run each one's tokens are compared.
#[derive(Default)]
pub(super) struct Plan {
    /// The connections compared: id → label in the later run.
    compared: HashMap<String, String>,
    /// Each earlier run read, with the connections compared against it.
    earlier: BTreeMap<i64, HashSet<String>>,
    /// Compared connections whose earlier run is not `from`.
    baselines: Vec<Baseline>,
    not_compared: Vec<NotCompared>,
}

impl Plan {
    /// The earlier runs whose tokens the comparison reads.
    pub fn earlier_runs(&self) -> impl Iterator<Item = i64> + '_ {
        self.earlier.keys().copied()
    }
}

fn note(c: &RunConnection, reason: &str) -> NotCompared {
    NotCompared {
        connection_id: c.connection_id.clone(),
        label: c.label.clone(),
        vendor: c.vendor,
        reason: reason.into(),
    }
}

/// Run `to` against run `from` (with nothing when `None`: every token is new). A connection
/// compares only when both runs read it.
pub(super) fn two_runs(
    conn: &Connection,
    from: Option<&RunRef>,
    to: &RunRef,
) -> rusqlite::Result<Plan> {
    let later = load::connections(conn, to.id)?;
    let earlier = match from {
        Some(f) => Some(load::connections(conn, f.id)?),
        None => None,
    };
    let mut plan = Plan::default();
    for c in &later {
        let before = earlier
            .as_deref()
            .map(|e| e.iter().find(|x| x.connection_id == c.connection_id));
        let reason = match before {
            _ if c.error.is_some() => Some("it could not be read in the later run"),
            Some(None) => Some("it was not part of the earlier run"),
            Some(Some(b)) if b.error.is_some() => Some("it could not be read in the earlier run"),
            _ => None,
        };
        match reason {
            Some(why) => plan.not_compared.push(note(c, why)),
            None => {
                plan.compared
                    .insert(c.connection_id.clone(), c.label.clone());
                if let Some(f) = from {
                    plan.earlier
                        .entry(f.id)
                        .or_default()
                        .insert(c.connection_id.clone());
                }
            }
        }
    }
    vanished_connections(earlier.as_deref().unwrap_or_default(), &later, &mut plan);
    Ok(plan)
}

/// Run `to` with each connection against the latest run before it (and at or before
/// `until_ms`) that read that connection. A connection no such run read is not compared: its
/// tokens are never counted as new. `None` when no run comes before `to` by `until_ms`; the
/// latest one that does is `from`.
pub(super) fn per_connection(
    conn: &Connection,
    to: &RunRef,
    until_ms: i64,
) -> rusqlite::Result<Option<(RunRef, Plan)>> {
    let Some(from) = load::before(conn, to, until_ms)? else {
        return Ok(None);
    };
    let later = load::connections(conn, to.id)?;
    let mut plan = Plan::default();
    for c in &later {
        if c.error.is_some() {
            plan.not_compared
                .push(note(c, "it could not be read in the later run"));
            continue;
        }
        let Some(base) = load::last_read(conn, &c.connection_id, to, until_ms)? else {
            plan.not_compared.push(note(c, "no earlier audit read it"));
            continue;
        };
        plan.compared
            .insert(c.connection_id.clone(), c.label.clone());
        plan.earlier
            .entry(base.id)
            .or_default()
            .insert(c.connection_id.clone());
        if base.id != from.id {
            plan.baselines.push(Baseline {
                connection_id: c.connection_id.clone(),
                label: c.label.clone(),
                vendor: c.vendor,
                run: base,
            });
        }
    }
    let earlier = load::connections(conn, from.id)?;
    vanished_connections(&earlier, &later, &mut plan);
    Ok(Some((from, plan)))
}

/// The connections of the earlier run that the later one did not include.
fn vanished_connections(earlier: &[RunConnection], later: &[RunConnection], plan: &mut Plan) {
    for c in earlier {
        if !later.iter().any(|x| x.connection_id == c.connection_id) {
            plan.not_compared
                .push(note(c, "it was not part of the later run"));
        }
    }
}

/// What changed from the earlier side of `plan` to run `to`; catalog drift from run `from`.
pub(super) fn between(
    conn: &Connection,
    from: Option<RunRef>,
    to: RunRef,
    plan: Plan,
) -> rusqlite::Result<Changes> {
    let keep = |s: &Stored| plan.compared.contains_key(s.connection_id.as_str());
    let mut reader = SetReader::new(conn);
    let after = load::tokens_of(conn, to.id)?;
    // Every token of the later run, compared or not, is checked against its catalog.
    let unknown_scopes = super::drift::unknown_scopes(conn, &mut reader, to.id, &after)?;
    let after: Vec<Stored> = after.into_iter().filter(keep).collect();
    let mut before: Vec<Stored> = Vec::new();
    for (&run, conns) in &plan.earlier {
        let of_run = load::tokens_of(conn, run)?;
        before.extend(
            of_run
                .into_iter()
                .filter(|s| conns.contains(&s.connection_id)),
        );
    }
    before.sort_by_key(|s| s.token);
    let mut tokens = Vec::new();
    for (b, a) in merge(&before, &after) {
        let label = plan
            .compared
            .get(a.or(b).map_or("", |s| s.connection_id.as_str()))
            .map_or("", String::as_str);
        if let Some(c) = change(&mut reader, b, a, label, to.at_ms)? {
            tokens.push(c);
        }
    }
    tokens.sort_by(|x, y| {
        (x.vendor, &x.connection, &x.name, &x.key).cmp(&(y.vendor, &y.connection, &y.name, &y.key))
    });
    let counts = count(&tokens);
    let catalog_drift = match &from {
        Some(f) => super::drift::catalog_drift(conn, &mut reader, f.id, to.id)?,
        None => Vec::new(),
    };
    Ok(Changes {
        from,
        to,
        tokens,
        counts,
        catalog_drift,
        unknown_scopes,
        not_compared: plan.not_compared,
        baselines: plan.baselines,
    })
}

/// Pairs the appearances of each token in two lists ordered by token identity.
fn merge<'a>(
    before: &'a [Stored],
    after: &'a [Stored],
) -> impl Iterator<Item = (Option<&'a Stored>, Option<&'a Stored>)> {
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || {
        let (b, a) = (before.get(i), after.get(j));
        match (b, a) {
            (None, None) => None,
            (Some(x), Some(y)) if x.token == y.token => {
                (i, j) = (i + 1, j + 1);
                Some((b, a))
            }
            (Some(x), Some(y)) if x.token < y.token => {
                i += 1;
                Some((b, None))
            }
            (Some(_), None) => {
                i += 1;
                Some((b, None))
            }
            _ => {
                j += 1;
                Some((None, a))
            }
        }
    })
}

/// How a token differs between two appearances (`None` on a side: not there). `None` when
/// nothing a person would look at moved.
pub(super) fn change(
    reader: &mut SetReader<'_>,
    before: Option<&Stored>,
    after: Option<&Stored>,
    connection: &str,
    later_ms: i64,
) -> rusqlite::Result<Option<TokenChange>> {
    let Some(s) = after.or(before) else {
        return Ok(None);
    };
    let mut c = TokenChange {
        key: s.key.clone(),
        vendor: s.vendor,
        connection_id: s.connection_id.clone(),
        connection: connection.to_owned(),
        token_id: s.token_id.clone(),
        name: s.name.clone(),
        kind: ChangeKind::Changed,
        vanished: None,
        name_before: None,
        scopes_added: Vec::new(),
        scopes_removed: Vec::new(),
        permissions_added: Vec::new(),
        permissions_removed: Vec::new(),
        permissions_added_count: 0,
        permissions_removed_count: 0,
        expiry_changed: false,
        expires_before_ms: before.and_then(|b| b.expires_ms),
        expires_after_ms: after.and_then(|a| a.expires_ms),
        allowlist_changed: false,
        allowlist_before: Vec::new(),
        allowlist_after: Vec::new(),
        score_before: before.map(|b| b.score),
        score_after: after.map(|a| a.score),
        rules_added: Vec::new(),
        rules_removed: Vec::new(),
    };
    match (before, after) {
        (Some(b), Some(a)) => {
            if !compare(reader, b, a, &mut c)? {
                return Ok(None);
            }
        }
        (None, Some(a)) => {
            c.kind = ChangeKind::Added;
            c.scopes_added = reader.get(a.scopes)?.to_vec();
            c.permissions_added = reader.get(a.permissions)?.to_vec();
            c.rules_added = rules(&reader.get(a.findings)?);
        }
        (Some(b), _) => {
            c.kind = ChangeKind::Vanished;
            let expired = b.expires_ms.is_some_and(|e| e <= later_ms);
            c.vanished = Some(if expired {
                Vanished::Expired
            } else {
                Vanished::Gone
            });
            c.scopes_removed = reader.get(b.scopes)?.to_vec();
            c.permissions_removed = reader.get(b.permissions)?.to_vec();
            c.rules_removed = rules(&reader.get(b.findings)?);
        }
        (None, None) => return Ok(None),
    }
    c.permissions_added_count = c.permissions_added.len() as u32;
    c.permissions_removed_count = c.permissions_removed.len() as u32;
    Ok(Some(c))
}

/// Fills in what moved between two appearances; whether anything did.
fn compare(
    reader: &mut SetReader<'_>,
    b: &Stored,
    a: &Stored,
    c: &mut TokenChange,
) -> rusqlite::Result<bool> {
    (c.scopes_added, c.scopes_removed) = reader.diff(b.scopes, a.scopes)?;
    (c.permissions_added, c.permissions_removed) = reader.diff(b.permissions, a.permissions)?;
    if b.findings != a.findings {
        let (before, after) = (
            rules(&reader.get(b.findings)?),
            rules(&reader.get(a.findings)?),
        );
        c.rules_added = super::sets::minus(&after, &before);
        c.rules_removed = super::sets::minus(&before, &after);
    }
    c.expiry_changed = b.expires_ms != a.expires_ms;
    if b.allowlist != a.allowlist {
        c.allowlist_changed = true;
        c.allowlist_before = reader.get(b.allowlist)?.to_vec();
        c.allowlist_after = reader.get(a.allowlist)?.to_vec();
    }
    if b.name != a.name {
        c.name_before = Some(b.name.clone());
    }
    Ok(!(c.scopes_added.is_empty()
        && c.scopes_removed.is_empty()
        && c.permissions_added.is_empty()
        && c.permissions_removed.is_empty()
        && c.rules_added.is_empty()
        && c.rules_removed.is_empty()
        && !c.expiry_changed
        && !c.allowlist_changed
        && c.name_before.is_none()
        && b.score == a.score))
}

/// The sorted rule ids of a findings set.
fn rules(findings: &[String]) -> Vec<String> {
    let mut r: Vec<String> = findings.iter().map(|f| rule_of(f).to_owned()).collect();
    r.sort();
    r.dedup();
    r
}

fn count(tokens: &[TokenChange]) -> ChangeCounts {
    let mut n = ChangeCounts::default();
    for t in tokens {
        match t.kind {
            ChangeKind::Added => n.new += 1,
            ChangeKind::Vanished => {
                n.vanished += 1;
                match t.vanished {
                    Some(Vanished::Expired) => n.vanished_expired += 1,
                    _ => n.vanished_gone += 1,
                }
            }
            ChangeKind::Changed => {
                let up = |x: &[String]| u32::from(!x.is_empty());
                n.widened += up(&t.scopes_added).max(up(&t.permissions_added));
                n.narrowed += up(&t.scopes_removed).max(up(&t.permissions_removed));
                n.expiry_changed += u32::from(t.expiry_changed);
                n.allowlist_changed += u32::from(t.allowlist_changed);
                n.score_up += u32::from(t.score_after > t.score_before);
                n.score_down += u32::from(t.score_after < t.score_before);
                n.renamed += u32::from(t.name_before.is_some());
            }
        }
    }
    n
}
