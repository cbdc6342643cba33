//! Reading one run back whole: its summary, every token with its lists and findings read out of
//! the sets, and the catalog versions it used.

use rusqlite::{Connection, Row};

use super::load::vendor;
use super::save::source_id;
use super::sets::SetReader;
use super::{RunSummary, Snapshot, SnapshotCatalog, SnapshotFinding, SnapshotToken};
use crate::audit::{Severity, TokenSource};

/// The run `run`, whole (its summary read by the caller).
pub(super) fn snapshot(conn: &Connection, run: RunSummary) -> rusqlite::Result<Snapshot> {
    let tokens = tokens(conn, run.id)?;
    let catalogs = catalogs(conn, run.id)?;
    Ok(Snapshot {
        run,
        tokens,
        catalogs,
    })
}

/// A stored value this build cannot read: a newer Scopekeeper wrote it.
fn unreadable(what: &str, text: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("unknown {what} `{text}` (written by a newer Scopekeeper?)").into(),
    )
}

fn source(text: &str) -> rusqlite::Result<TokenSource> {
    [
        TokenSource::VendorApi,
        TokenSource::CreatedHere,
        TokenSource::Registered,
    ]
    .into_iter()
    .find(|&s| source_id(s) == text)
    .ok_or_else(|| unreadable("token source", text))
}

/// A finding set member (`rule severity points`) read back.
fn finding(item: &str) -> rusqlite::Result<SnapshotFinding> {
    let mut parts = item.rsplitn(3, ' ');
    let (points, severity, rule) = (parts.next(), parts.next(), parts.next());
    let severity = match severity {
        Some("low") => Some(Severity::Low),
        Some("medium") => Some(Severity::Medium),
        Some("high") => Some(Severity::High),
        Some("critical") => Some(Severity::Critical),
        _ => None,
    };
    match (rule, severity, points.and_then(|p| p.parse().ok())) {
        (Some(rule), Some(severity), Some(points)) => Ok(SnapshotFinding {
            rule: rule.to_owned(),
            severity,
            points,
        }),
        _ => Err(unreadable("finding", item)),
    }
}

/// A token row, its lists still set ids: allowlist, scopes, permissions, findings.
type WithSets = (SnapshotToken, [i64; 4]);

fn token_row(r: &Row<'_>) -> rusqlite::Result<WithSets> {
    let token = SnapshotToken {
        key: r.get(0)?,
        vendor: vendor(&r.get::<_, String>(1)?)?,
        connection_id: r.get(2)?,
        token_id: r.get(3)?,
        name: r.get(4)?,
        created_ms: r.get(5)?,
        expires_ms: r.get(6)?,
        last_used_ms: r.get(7)?,
        owner: r.get(8)?,
        source: source(&r.get::<_, String>(9)?)?,
        is_connection_credential: r.get(10)?,
        allowlist: Vec::new(),
        scopes: Vec::new(),
        permissions: Vec::new(),
        score: r.get(11)?,
        band: r.get(12)?,
        findings: Vec::new(),
    };
    Ok((token, [r.get(13)?, r.get(14)?, r.get(15)?, r.get(16)?]))
}

/// Every token of run `run`, by vendor, connection, name and key.
fn tokens(conn: &Connection, run: i64) -> rusqlite::Result<Vec<SnapshotToken>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.key, t.vendor, t.connection_id, t.token_id, rt.name, rt.created_ms, \
         rt.expires_ms, rt.last_used_ms, rt.owner, rt.source, rt.is_credential, rt.score, \
         rt.band, rt.allowlist, rt.scopes, rt.permissions, rt.findings \
         FROM run_tokens rt JOIN tokens t ON t.id = rt.token WHERE rt.run_id = ?1",
    )?;
    let rows: Vec<WithSets> = stmt
        .query_map([run], token_row)?
        .collect::<rusqlite::Result<_>>()?;
    let mut reader = SetReader::new(conn);
    let mut tokens = Vec::with_capacity(rows.len());
    for (mut t, [allowlist, scopes, permissions, findings]) in rows {
        t.allowlist = reader.get(allowlist)?.to_vec();
        t.scopes = reader.get(scopes)?.to_vec();
        t.permissions = reader.get(permissions)?.to_vec();
        t.findings = reader
            .get(findings)?
            .iter()
            .map(|f| finding(f))
            .collect::<rusqlite::Result<_>>()?;
        t.findings
            .sort_by(|x, y| (&x.rule, x.severity, x.points).cmp(&(&y.rule, y.severity, y.points)));
        tokens.push(t);
    }
    tokens.sort_by(|x, y| {
        (x.vendor, &x.connection_id, &x.name, &x.key).cmp(&(
            y.vendor,
            &y.connection_id,
            &y.name,
            &y.key,
        ))
    });
    Ok(tokens)
}

/// The catalog version of each vendor run `run` used, by vendor.
fn catalogs(conn: &Connection, run: i64) -> rusqlite::Result<Vec<SnapshotCatalog>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.vendor, c.catalog_id, c.origin, c.hash FROM run_catalogs rc \
         JOIN catalogs c ON c.id = rc.catalog WHERE rc.run_id = ?1",
    )?;
    let mut out: Vec<SnapshotCatalog> = stmt
        .query_map([run], |r| {
            Ok(SnapshotCatalog {
                vendor: vendor(&r.get::<_, String>(0)?)?,
                catalog_id: r.get(1)?,
                origin: r.get(2)?,
                hash: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    out.sort_by_key(|c| c.vendor);
    Ok(out)
}
