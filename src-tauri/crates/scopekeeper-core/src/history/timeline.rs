//! Timelines: one token across every run that saw it (and where it vanished), and one
//! connection across every run that included it.

use std::collections::HashMap;

use rusqlite::Connection;

use super::changes::change;
use super::load::{self, vendor, Stored};
use super::sets::SetReader;
use super::{ConnectionTimeline, ConnectionTimelineEntry, RunRef, TimelineEvent};
use super::{TokenTimeline, TokenTimelineEntry};

/// Per run that included the connection: its label then, and whether it was read.
fn connection_runs(
    conn: &Connection,
    connection_id: &str,
) -> rusqlite::Result<Vec<(RunRef, RunInfo)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.id, r.at_ms, r.at, r.actor, rc.label, rc.vendor, rc.tokens, rc.error \
         FROM run_connections rc JOIN runs r ON r.id = rc.run_id \
         WHERE rc.connection_id = ?1 ORDER BY r.at_ms, r.id",
    )?;
    let rows = stmt.query_map([connection_id], |r| {
        Ok((
            RunRef {
                id: r.get(0)?,
                at_ms: r.get(1)?,
                at: r.get(2)?,
                actor: r.get(3)?,
            },
            RunInfo {
                label: r.get(4)?,
                vendor: r.get(5)?,
                tokens: r.get(6)?,
                error: r.get(7)?,
            },
        ))
    })?;
    rows.collect()
}

struct RunInfo {
    label: String,
    vendor: String,
    tokens: u32,
    error: Option<String>,
}

/// Every run the token with `key` appears in, in order, and the runs that read its connection
/// without it (where it vanished). `None` when no run saw it.
pub(super) fn token(conn: &Connection, key: &str) -> rusqlite::Result<Option<TokenTimeline>> {
    let seen = load::appearances(conn, key)?;
    let Some((_, first)) = seen.first() else {
        return Ok(None);
    };
    let by_run: HashMap<i64, &Stored> = seen.iter().map(|(r, s)| (*r, s)).collect();
    let latest = &seen.last().expect("not empty").1;
    let mut reader = SetReader::new(conn);
    let mut entries = Vec::new();
    let mut prev: Option<&Stored> = None;
    let mut gone = false;
    for (run, info) in connection_runs(conn, &first.connection_id)? {
        let at = by_run.get(&run.id).copied();
        let (event, change) = match (at, prev) {
            (Some(_), None) => (TimelineEvent::FirstSeen, None),
            (Some(s), Some(p)) => {
                let c = change(&mut reader, Some(p), Some(s), &info.label, run.at_ms)?;
                let event = match (gone, &c) {
                    (true, _) => TimelineEvent::Reappeared,
                    (false, Some(_)) => TimelineEvent::Changed,
                    (false, None) => TimelineEvent::Unchanged,
                };
                (event, c)
            }
            (None, Some(p)) if !gone && info.error.is_none() => {
                let c = change(&mut reader, Some(p), None, &info.label, run.at_ms)?;
                (TimelineEvent::Vanished, c)
            }
            _ => continue,
        };
        gone = event == TimelineEvent::Vanished;
        let counts = match at {
            Some(s) => (
                reader.get(s.scopes)?.len() as u32,
                reader.get(s.permissions)?.len() as u32,
            ),
            None => (0, 0),
        };
        entries.push(TokenTimelineEntry {
            run,
            event,
            change,
            score: at.map(|s| s.score),
            scopes: counts.0,
            permissions: counts.1,
            expires_ms: at.and_then(|s| s.expires_ms),
        });
        if at.is_some() {
            prev = at;
        }
    }
    Ok(Some(TokenTimeline {
        key: key.to_owned(),
        vendor: latest.vendor,
        connection_id: latest.connection_id.clone(),
        token_id: latest.token_id.clone(),
        name: latest.name.clone(),
        entries,
    }))
}

/// Every run that included the connection, in order, with its token count and how many tokens
/// were new, vanished or changed since the connection's previous successful read. `None`
/// when no run included it.
pub(super) fn connection(
    conn: &Connection,
    connection_id: &str,
) -> rusqlite::Result<Option<ConnectionTimeline>> {
    let runs = connection_runs(conn, connection_id)?;
    let Some((_, last)) = runs.last() else {
        return Ok(None);
    };
    let (label, vendor_id) = (last.label.clone(), vendor(&last.vendor)?);
    let ids = load::connection_token_ids(conn, connection_id)?;
    let mut reader = SetReader::new(conn);
    let mut entries = Vec::new();
    let mut prev: Option<Vec<Stored>> = None;
    for (run, info) in runs {
        let mut entry = ConnectionTimelineEntry {
            run,
            label: info.label,
            tokens: info.tokens,
            error: info.error,
            new: 0,
            vanished: 0,
            changed: 0,
        };
        if entry.error.is_none() {
            let now = load::counted_tokens(conn, entry.run.id, vendor_id, &ids)?;
            if let Some(before) = &prev {
                count(&mut reader, before, &now, &mut entry)?;
            }
            prev = Some(now);
        }
        entries.push(entry);
    }
    Ok(Some(ConnectionTimeline {
        connection_id: connection_id.to_owned(),
        vendor: vendor_id,
        label,
        entries,
    }))
}

/// Counts the tokens new, vanished and changed between two readings ordered by identity.
fn count(
    reader: &mut SetReader<'_>,
    before: &[Stored],
    after: &[Stored],
    entry: &mut ConnectionTimelineEntry,
) -> rusqlite::Result<()> {
    let old: HashMap<i64, &Stored> = before.iter().map(|s| (s.token, s)).collect();
    for a in after {
        match old.get(&a.token) {
            None => entry.new += 1,
            Some(b) => {
                let c = change(reader, Some(b), Some(a), "", entry.run.at_ms)?;
                entry.changed += u32::from(c.is_some());
            }
        }
    }
    let now: std::collections::HashSet<i64> = after.iter().map(|s| s.token).collect();
    entry.vanished = before.iter().filter(|b| !now.contains(&b.token)).count() as u32;
    Ok(())
}
