//! The offboarding sweep, second half: revoke what the admin confirmed from the dry run.
//!
//! Only tokens the plan found and Scopekeeper can revoke are accepted, and only when the admin
//! typed how many there are. Each connection's list is read once, so a token already gone is
//! reported as such rather than failed. Revokes run a few at a time (at most
//! [`PER_VENDOR`] per vendor, [`SWEEP_AT_ONCE`] in all). A revoke whose reply went wrong counts
//! as done only when the vendor's list, read again, no longer has the token. Every revoke is
//! logged; the outcome can be saved as CSV.

use std::collections::{HashMap, HashSet};

use futures_util::future::join_all;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::invalid;
use super::plan::{revocable, SweepMatch, SweepPlan};
use crate::audit::PER_VENDOR;
use crate::desk::{same_listing, Desk};
use crate::error::Error;
use crate::vendor::{Vendor, VendorToken};

/// At most this many revokes are in flight at once, across vendors.
pub const SWEEP_AT_ONCE: usize = 4;

/// One token the admin chose to revoke.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SweepTarget {
    pub connection_id: String,
    pub token_id: String,
    /// The connections (ids) the admin confirmed this revoke will break, when the token is
    /// their credential; without each of them it is not revoked.
    #[serde(default)]
    pub confirmed_breaks: Vec<String>,
}

/// How revoking one token went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SweepResult {
    Revoked,
    /// The vendor no longer listed it.
    AlreadyGone,
    Failed,
    /// The reply was lost and the vendor could not be asked whether it is gone.
    Unconfirmed,
}

impl SweepResult {
    pub fn word(self) -> &'static str {
        match self {
            Self::Revoked => "revoked",
            Self::AlreadyGone => "already gone",
            Self::Failed => "failed",
            Self::Unconfirmed => "unconfirmed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SweepOutcome {
    pub vendor: Vendor,
    pub connection_id: String,
    pub connection_label: String,
    pub token_id: String,
    pub name: String,
    pub owner: Option<String>,
    pub scopes: Vec<String>,
    pub result: SweepResult,
    /// One sentence: what happened, and for a failure what to do.
    pub detail: String,
    /// RFC 3339, when it was settled.
    pub at: String,
}

/// Receives each outcome as it is settled.
pub type OnSweepOutcome<'a> = &'a (dyn Fn(&SweepOutcome) + Send + Sync);

/// Revokes `chosen` (a subset of what `plan` can revoke) once `typed` is their number.
pub async fn sweep_revoke(
    desk: &Desk,
    plan: &SweepPlan,
    chosen: &[SweepTarget],
    typed: &str,
    on_outcome: OnSweepOutcome<'_>,
) -> Result<Vec<SweepOutcome>, Error> {
    let chosen: Vec<&SweepTarget> = {
        let mut seen = HashSet::new();
        chosen.iter().filter(|t| seen.insert(*t)).collect()
    };
    if chosen.is_empty() {
        return Err(invalid("Tick at least one token to revoke."));
    }
    let can = revocable(plan);
    if let Some(t) = chosen
        .iter()
        .find(|t| !can.contains(&(t.connection_id.clone(), t.token_id.clone())))
    {
        return Err(invalid(format!(
            "Token {} is not one this sweep can revoke; {}.",
            t.token_id,
            plan.source().1
        )));
    }
    if typed.trim() != chosen.len().to_string() {
        return Err(invalid(format!(
            "Type {} (the number of tokens to revoke) to confirm.",
            chosen.len()
        )));
    }
    let mut by_conn: HashMap<&str, Vec<&SweepTarget>> = HashMap::new();
    for t in &chosen {
        by_conn.entry(t.connection_id.as_str()).or_default().push(t);
    }
    let all = Semaphore::new(SWEEP_AT_ONCE);
    let gates: HashMap<Vendor, Semaphore> = Vendor::ALL
        .iter()
        .map(|&v| (v, Semaphore::new(PER_VENDOR)))
        .collect();
    let runs = by_conn.into_iter().map(|(conn, targets)| {
        sweep_connection(desk, plan, conn, targets, (&all, &gates), on_outcome)
    });
    let mut out: Vec<SweepOutcome> = join_all(runs).await.into_iter().flatten().collect();
    let order: HashMap<(&str, &str), usize> = plan
        .matches
        .iter()
        .enumerate()
        .map(|(i, m)| ((m.token.connection_id.as_str(), m.token.id.as_str()), i))
        .collect();
    out.sort_by_key(|o| {
        order
            .get(&(o.connection_id.as_str(), o.token_id.as_str()))
            .copied()
    });
    Ok(out)
}

/// One connection's share: its list read once, then its revokes.
async fn sweep_connection(
    desk: &Desk,
    plan: &SweepPlan,
    conn_id: &str,
    targets: Vec<&SweepTarget>,
    (all, gates): (&Semaphore, &HashMap<Vendor, Semaphore>),
    on_outcome: OnSweepOutcome<'_>,
) -> Vec<SweepOutcome> {
    // Every call to a vendor waits for its vendor's gate first, then for one of the
    // sweep's slots, so one slow vendor never holds slots the others could use.
    let listed = match desk.connection(conn_id) {
        Ok(conn) => {
            let _vendor = gates[&conn.vendor].acquire().await;
            desk.list_tokens(conn_id).await
        }
        Err(e) => Err(e),
    };
    let revokes = targets.into_iter().map(|t| {
        let listed = &listed;
        async move {
            let m = plan
                .matches
                .iter()
                .find(|m| m.token.connection_id == t.connection_id && m.token.id == t.token_id)
                .expect("chosen from the plan");
            let (result, detail) = match (as_at_dry_run(desk, plan, m), listed) {
                (Err(e), _) => (SweepResult::Failed, e.message),
                (_, Err(e)) => (
                    SweepResult::Failed,
                    format!(
                        "The connection could not be read, so nothing was revoked: {}",
                        e.message
                    ),
                ),
                (_, Ok(list)) => match list.iter().find(|v| v.id == t.token_id) {
                    None => (
                        SweepResult::AlreadyGone,
                        "The vendor no longer lists it; nothing to revoke.".to_owned(),
                    ),
                    // The same id may name another token now (the connection points at
                    // another tenant, or the token was changed): only what the dry run
                    // showed is revoked.
                    Some(v) if v.name != m.token.name || v.created_by != m.token.owner => (
                        SweepResult::Failed,
                        format!(
                            "Not revoked: it changed since {} (it is now \u{201c}{}\u{201d}). {}.",
                            plan.source().0,
                            v.name,
                            capitalised(plan.source().1)
                        ),
                    ),
                    Some(_) => {
                        let _vendor = gates[&m.token.vendor].acquire().await;
                        let _one = all.acquire().await;
                        sweep_one(desk, plan, list, t, &m.token.scopes).await
                    }
                },
            };
            let outcome = SweepOutcome {
                vendor: m.token.vendor,
                connection_id: t.connection_id.clone(),
                connection_label: m.connection_label.clone(),
                token_id: t.token_id.clone(),
                name: m.token.name.clone(),
                owner: m.token.owner.clone(),
                scopes: m.token.scopes.clone(),
                result,
                detail,
                at: desk.now(),
            };
            on_outcome(&outcome);
            outcome
        }
    });
    join_all(revokes).await
}

/// Whether the match's connection is still the one the plan read it through.
fn as_at_dry_run(desk: &Desk, plan: &SweepPlan, m: &SweepMatch) -> Result<(), Error> {
    let conn = desk.connection(&m.token.connection_id)?;
    same_listing(desk, &conn, &m.token.listed_as, plan.source())
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Revokes one listed token; a failure is checked against the vendor's list again, and
/// logged whatever it says (a revoke that may have taken effect leaves a trace).
async fn sweep_one(
    desk: &Desk,
    plan: &SweepPlan,
    listed: &[VendorToken],
    t: &SweepTarget,
    scopes: &[String],
) -> (SweepResult, String) {
    let detail = format!(
        "offboarding sweep ({}): revoked at the vendor",
        plan.summary
    );
    let Err(e) = desk
        .revoke_logged(
            &t.connection_id,
            listed,
            &t.token_id,
            &t.confirmed_breaks,
            &detail,
        )
        .await
    else {
        return (SweepResult::Revoked, "Revoked.".to_owned());
    };
    // The revoke may have happened even though its reply was lost or broken: only the
    // vendor's own list can say.
    let (result, said, action) = match desk.list_tokens(&t.connection_id).await {
        Ok(now) if !now.iter().any(|v| v.id == t.token_id) => (
            SweepResult::Revoked,
            "Revoked: the reply was lost, and the vendor no longer lists it.".to_owned(),
            "revoked",
        ),
        Ok(_) => (
            SweepResult::Failed,
            format!("Not revoked: {}", e.message),
            "revoke_failed",
        ),
        Err(again) => (
            SweepResult::Unconfirmed,
            format!(
                "Unknown: the revoke failed ({}) and the vendor could not be asked whether the token is gone ({}). Run the sweep again to see.",
                e.message.trim_end_matches('.'),
                again.message.trim_end_matches('.')
            ),
            "revoke_unconfirmed",
        ),
    };
    if let Ok(conn) = desk.connection(&t.connection_id) {
        let name = listed
            .iter()
            .find(|v| v.id == t.token_id)
            .map(|v| v.name.as_str());
        desk.record(
            &conn,
            action,
            Some(&t.token_id),
            name,
            scopes,
            &format!("offboarding sweep ({}): {said}", plan.summary),
        );
    }
    (result, said)
}

type Semaphore = tokio::sync::Semaphore;

/// The outcome as CSV (formula cells defused), one row per token.
pub fn sweep_csv(summary: &str, outcomes: &[SweepOutcome]) -> String {
    use crate::audit::report::csv_cell as cell;
    let mut out =
        String::from("vendor,connection,token_id,name,owner,scopes,result,detail,at,sweep\r\n");
    for o in outcomes {
        let row = [
            o.vendor.name().to_owned(),
            o.connection_label.clone(),
            o.token_id.clone(),
            o.name.clone(),
            o.owner.clone().unwrap_or_default(),
            o.scopes.join(" "),
            o.result.word().to_owned(),
            o.detail.clone(),
            o.at.clone(),
            summary.to_owned(),
        ];
        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}
