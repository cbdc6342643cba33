//! Gathering a pack's input from where Scopekeeper keeps things: the audit runs in the history
//! store, the action log's range with the log's chain state, and the catalogs' identities.

use chrono::DateTime;
use serde_json::{json, Value};

use super::CatalogIdentity;
use crate::action_log::{ActionLog, ChainState, LogLine};
use crate::catalog::Catalog;
use crate::error::{Error, ErrorKind};
use crate::history::HistoryStore;

/// Enough for years of runs; the history lists runs newest first.
const MAX_RUNS: usize = 100_000;

/// The snapshots and findings of the runs a pack covers: every run from `since_ms` (Unix ms)
/// on, oldest first, or only the latest run when `since_ms` is `None`.
///
/// Each snapshot is `{ run, tokens, changes_since_previous }`: the run's summary, every token
/// it saw whole, as the history keeps it ([`crate::history::SnapshotToken`]: its dates,
/// owner, source, allowlist, scopes, permissions, score, band and findings), and what changed
/// since the run before it. A pack never holds a damaged run (see
/// [`crate::history::RunSummary::damaged`]): the first one in the period is an error naming it.
/// Each finding entry is `{ run_id, token, findings }`, `findings`
/// being the token's `{ rule, severity, points }`, for a token with at least one finding.
pub fn history_snapshots(
    store: &HistoryStore,
    since_ms: Option<i64>,
) -> Result<(Vec<Value>, Vec<Value>), Error> {
    let mut runs = match since_ms {
        Some(since) => {
            let mut all = store.runs(MAX_RUNS)?;
            all.retain(|r| r.at_ms >= since);
            all
        }
        None => store.runs(1)?,
    };
    runs.reverse();
    if let Some(run) = runs.iter().find(|r| r.damaged.is_some()) {
        return Err(Error::new(
            ErrorKind::Io,
            format!(
                "No evidence pack was made: audit run {} ({}) in the history is damaged ({}). \
                 Export a period after it, or run a new audit and export only the latest run.",
                run.id,
                run.at,
                run.damaged.as_deref().unwrap_or_default()
            ),
        ));
    }
    let (mut snapshots, mut findings) = (Vec::new(), Vec::new());
    for run in runs {
        let tokens = store.snapshot(run.id)?.tokens;
        let since_previous = match store.previous(run.id)? {
            Some(prev) => Some(store.changes(Some(prev.id), run.id)?),
            None => None,
        };
        for t in tokens.iter().filter(|t| !t.findings.is_empty()) {
            findings.push(json!({ "run_id": run.id, "token": t.key, "findings": t.findings }));
        }
        snapshots.push(json!({
            "run": run,
            "tokens": tokens,
            "changes_since_previous": since_previous,
        }));
    }
    Ok((snapshots, findings))
}

/// The log's lines from `since_ms` (Unix ms; `None`: all of them), exactly as on disk, and the
/// whole log's chain state.
pub fn log_range(
    log: &ActionLog,
    since_ms: Option<i64>,
) -> Result<(Vec<LogLine>, ChainState), Error> {
    let lines = log.lines_where(|e| match (since_ms, DateTime::parse_from_rfc3339(&e.at)) {
        (None, _) => true,
        (Some(since), Ok(at)) => at.timestamp_millis() >= since,
        // A time that does not parse cannot be placed in the range: kept rather than hidden.
        (Some(_), Err(_)) => true,
    })?;
    // Verified after reading, so the state covers at least every line taken.
    Ok((lines, log.verify()?))
}

pub fn catalog_identities(catalogs: &[Catalog]) -> Vec<CatalogIdentity> {
    catalogs.iter().map(CatalogIdentity::of).collect()
}
