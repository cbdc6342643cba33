//! Reading runs back: the list of runs, one run's summary and connections, and one run's tokens
//! with their set ids (the lists themselves are read only where a comparison needs them).

use rusqlite::{Connection, OptionalExtension, Row};

use super::{RunConnection, RunRef, RunSummary};
use crate::vendor::Vendor;

/// A token as a run saw it, its lists as set ids.
#[derive(Debug, Clone)]
pub(super) struct Stored {
    /// The token's identity across runs.
    pub token: i64,
    pub key: String,
    pub vendor: Vendor,
    pub connection_id: String,
    pub token_id: String,
    pub name: String,
    pub expires_ms: Option<i64>,
    pub allowlist: i64,
    pub scopes: i64,
    pub permissions: i64,
    pub findings: i64,
    pub score: u8,
}

/// A vendor id read back; one this build does not know means a newer Scopekeeper wrote it.
pub(super) fn vendor(text: &str) -> rusqlite::Result<Vendor> {
    Vendor::parse(text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("unknown vendor `{text}` (written by a newer Scopekeeper?)").into(),
        )
    })
}

const STORED: &str = "SELECT rt.token, t.key, t.vendor, t.connection_id, t.token_id, rt.name, \
     rt.expires_ms, rt.allowlist, rt.scopes, rt.permissions, rt.findings, rt.score \
     FROM run_tokens rt JOIN tokens t ON t.id = rt.token";

fn stored(r: &Row<'_>) -> rusqlite::Result<Stored> {
    Ok(Stored {
        token: r.get(0)?,
        key: r.get(1)?,
        vendor: vendor(&r.get::<_, String>(2)?)?,
        connection_id: r.get(3)?,
        token_id: r.get(4)?,
        name: r.get(5)?,
        expires_ms: r.get(6)?,
        allowlist: r.get(7)?,
        scopes: r.get(8)?,
        permissions: r.get(9)?,
        findings: r.get(10)?,
        score: r.get(11)?,
    })
}

/// Every token of a run, ordered by identity (so two runs merge in one pass).
pub(super) fn tokens_of(conn: &Connection, run: i64) -> rusqlite::Result<Vec<Stored>> {
    let sql = format!("{STORED} WHERE rt.run_id = ?1 ORDER BY rt.token");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([run], stored)?;
    rows.collect()
}

/// The ids of every token ever seen through a connection.
pub(super) fn connection_token_ids(
    conn: &Connection,
    connection_id: &str,
) -> rusqlite::Result<std::collections::HashSet<i64>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM tokens WHERE connection_id = ?1")?;
    let rows = stmt.query_map([connection_id], |r| r.get(0))?;
    rows.collect()
}

/// The tokens of a run whose ids are in `ids` (one connection's), for counting changes only:
/// their identity strings are left empty, which spares a join and most of the allocations.
pub(super) fn counted_tokens(
    conn: &Connection,
    run: i64,
    vendor: Vendor,
    ids: &std::collections::HashSet<i64>,
) -> rusqlite::Result<Vec<Stored>> {
    let mut stmt = conn.prepare_cached(
        "SELECT token, name, expires_ms, allowlist, scopes, permissions, findings, score \
         FROM run_tokens WHERE run_id = ?1",
    )?;
    let mut rows = stmt.query([run])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let token: i64 = r.get(0)?;
        if !ids.contains(&token) {
            continue;
        }
        out.push(Stored {
            token,
            key: String::new(),
            vendor,
            connection_id: String::new(),
            token_id: String::new(),
            name: r.get(1)?,
            expires_ms: r.get(2)?,
            allowlist: r.get(3)?,
            scopes: r.get(4)?,
            permissions: r.get(5)?,
            findings: r.get(6)?,
            score: r.get(7)?,
        });
    }
    Ok(out)
}

/// One token in every run it appears in, oldest run first, with the run's id.
pub(super) fn appearances(conn: &Connection, key: &str) -> rusqlite::Result<Vec<(i64, Stored)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT rt.token, t.key, t.vendor, t.connection_id, t.token_id, rt.name, \
         rt.expires_ms, rt.allowlist, rt.scopes, rt.permissions, rt.findings, rt.score, \
         rt.run_id FROM tokens t JOIN run_tokens rt ON rt.token = t.id \
         JOIN runs r ON r.id = rt.run_id WHERE t.key = ?1 ORDER BY r.at_ms, r.id",
    )?;
    let rows = stmt.query_map([key], |r| Ok((r.get(12)?, stored(r)?)))?;
    rows.collect()
}

fn run_ref(r: &Row<'_>) -> rusqlite::Result<RunRef> {
    Ok(RunRef {
        id: r.get(0)?,
        at_ms: r.get(1)?,
        at: r.get(2)?,
        actor: r.get(3)?,
    })
}

/// The run with this id.
pub(super) fn run(conn: &Connection, id: i64) -> rusqlite::Result<Option<RunRef>> {
    conn.prepare_cached("SELECT id, at_ms, at, actor FROM runs WHERE id = ?1")?
        .query_row([id], run_ref)
        .optional()
}

/// The run just before `run` (by time, then by id).
pub(super) fn previous(conn: &Connection, run: &RunRef) -> rusqlite::Result<Option<RunRef>> {
    conn.prepare_cached(
        "SELECT id, at_ms, at, actor FROM runs WHERE at_ms < ?1 OR (at_ms = ?1 AND id < ?2) \
         ORDER BY at_ms DESC, id DESC LIMIT 1",
    )?
    .query_row([run.at_ms, run.id], run_ref)
    .optional()
}

/// The latest run before `run` (by time, then by id) at or before `until_ms`.
pub(super) fn before(
    conn: &Connection,
    run: &RunRef,
    until_ms: i64,
) -> rusqlite::Result<Option<RunRef>> {
    conn.prepare_cached(
        "SELECT id, at_ms, at, actor FROM runs WHERE (at_ms < ?1 OR (at_ms = ?1 AND id < ?2)) \
         AND at_ms <= ?3 ORDER BY at_ms DESC, id DESC LIMIT 1",
    )?
    .query_row([run.at_ms, run.id, until_ms], run_ref)
    .optional()
}

/// The latest run before `run`, at or before `until_ms`, that read connection `connection_id`
/// (it was in the run and had no error).
pub(super) fn last_read(
    conn: &Connection,
    connection_id: &str,
    run: &RunRef,
    until_ms: i64,
) -> rusqlite::Result<Option<RunRef>> {
    conn.prepare_cached(
        "SELECT r.id, r.at_ms, r.at, r.actor FROM run_connections rc \
         JOIN runs r ON r.id = rc.run_id WHERE rc.connection_id = ?1 AND rc.error IS NULL \
         AND (r.at_ms < ?2 OR (r.at_ms = ?2 AND r.id < ?3)) AND r.at_ms <= ?4 \
         ORDER BY r.at_ms DESC, r.id DESC LIMIT 1",
    )?
    .query_row(
        rusqlite::params![connection_id, run.at_ms, run.id, until_ms],
        run_ref,
    )
    .optional()
}

/// The latest run at or before `ms`.
pub(super) fn on_or_before(conn: &Connection, ms: i64) -> rusqlite::Result<Option<RunRef>> {
    conn.prepare_cached(
        "SELECT id, at_ms, at, actor FROM runs WHERE at_ms <= ?1 \
         ORDER BY at_ms DESC, id DESC LIMIT 1",
    )?
    .query_row([ms], run_ref)
    .optional()
}

/// How each connection of a run went, in the run's order.
pub(super) fn connections(conn: &Connection, run: i64) -> rusqlite::Result<Vec<RunConnection>> {
    let mut stmt = conn.prepare_cached(
        "SELECT connection_id, label, vendor, tokens, error, unlisted FROM run_connections \
         WHERE run_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([run], |r| {
        Ok(RunConnection {
            connection_id: r.get(0)?,
            label: r.get(1)?,
            vendor: vendor(&r.get::<_, String>(2)?)?,
            tokens: r.get(3)?,
            error: r.get(4)?,
            unlisted: r.get(5)?,
        })
    })?;
    rows.collect()
}

const SUMMARY: &str = "SELECT id, at_ms, at, actor, tokens, findings_low, findings_medium, \
     findings_high, findings_critical, top_score FROM runs";

/// A run's summary row, its connections still to read.
fn summary_head(r: &Row<'_>) -> rusqlite::Result<RunSummary> {
    Ok(RunSummary {
        id: r.get(0)?,
        at_ms: r.get(1)?,
        at: r.get(2)?,
        actor: r.get(3)?,
        connections: Vec::new(),
        tokens: r.get(4)?,
        by_severity: [r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?],
        top_score: r.get(9)?,
        damaged: None,
    })
}

/// The run with this id, as a list of runs shows it.
pub(super) fn summary(conn: &Connection, id: i64) -> rusqlite::Result<Option<RunSummary>> {
    let sql = format!("{SUMMARY} WHERE id = ?1");
    let head = conn
        .prepare_cached(&sql)?
        .query_row([id], summary_head)
        .optional()?;
    head.map(|mut s| {
        s.connections = connections(conn, s.id)?;
        Ok(s)
    })
    .transpose()
}

/// The newest `limit` runs, newest first.
pub(super) fn runs(conn: &Connection, limit: usize) -> rusqlite::Result<Vec<RunSummary>> {
    let sql = format!("{SUMMARY} ORDER BY at_ms DESC, id DESC LIMIT ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let heads: Vec<RunSummary> = stmt
        .query_map([limit], summary_head)?
        .collect::<rusqlite::Result<_>>()?;
    heads
        .into_iter()
        .map(|mut s| {
            s.connections = connections(conn, s.id)?;
            Ok(s)
        })
        .collect()
}
