//! Saving one audit run: the run, each connection's outcome, every token as the run saw it and
//! the catalogs' identities, in one transaction (a run is saved whole or not at all). Only
//! fields of the report are written, and the report holds no secret.

use std::borrow::Cow;
use std::collections::HashMap;

use rusqlite::{params, OptionalExtension, Transaction};
use sha2::{Digest, Sha256};

use super::sets::{borrowed, canonical, finding_item, SetWriter};
use super::{RunConnection, RunSummary};
use crate::audit::AuditReport;
use crate::audit::{token_key, AuditRow, MatrixBlock, TokenSource};
use crate::catalog::Catalog;
use crate::vendor::Vendor;

/// Writes `report` in `tx` and describes the run saved.
pub(super) fn save(
    tx: &Transaction<'_>,
    report: &AuditReport,
    catalogs: &[(Vendor, &Catalog)],
) -> rusqlite::Result<RunSummary> {
    let summary = summary_of(report);
    let s = &summary;
    tx.prepare_cached(
        "INSERT INTO runs (at_ms, at, actor, tokens, findings_low, findings_medium, \
         findings_high, findings_critical, top_score) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        s.at_ms,
        s.at,
        s.actor,
        s.tokens,
        s.by_severity[0],
        s.by_severity[1],
        s.by_severity[2],
        s.by_severity[3],
        s.top_score
    ])?;
    let run_id = tx.last_insert_rowid();
    for (position, c) in s.connections.iter().enumerate() {
        tx.prepare_cached(
            "INSERT OR REPLACE INTO run_connections \
             (run_id, connection_id, position, label, vendor, tokens, error, unlisted) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            run_id,
            c.connection_id,
            position,
            c.label,
            c.vendor.id(),
            c.tokens,
            c.error,
            c.unlisted
        ])?;
    }
    let mut sets = SetWriter::new();
    save_catalogs(tx, run_id, report, catalogs, &mut sets)?;
    for row in &report.assessment.rows {
        save_row(tx, run_id, row, &mut sets)?;
    }
    Ok(RunSummary {
        id: run_id,
        ..summary
    })
}

/// The run as a list of runs shows it (its id still unknown).
fn summary_of(report: &AuditReport) -> RunSummary {
    let rows = &report.assessment.rows;
    RunSummary {
        id: 0,
        at_ms: report.generated_ms,
        at: report.generated_at.clone(),
        actor: report.actor.clone(),
        connections: report
            .outcomes
            .iter()
            .map(|o| RunConnection {
                connection_id: o.connection_id.clone(),
                label: o.label.clone(),
                vendor: o.vendor,
                tokens: o.tokens as u32,
                error: o.error.as_ref().map(|e| e.message.clone()),
                unlisted: o.unlisted,
            })
            .collect(),
        tokens: rows.len() as u32,
        by_severity: report.assessment.by_severity,
        top_score: rows.iter().map(|r| r.score).max().unwrap_or(0),
        damaged: None,
    }
}

/// The id of the token with `key`, recorded on its first run.
fn token_id(tx: &Transaction<'_>, key: &str, row: &AuditRow) -> rusqlite::Result<i64> {
    let found: Option<i64> = tx
        .prepare_cached("SELECT id FROM tokens WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?;
    if let Some(id) = found {
        return Ok(id);
    }
    let t = &row.token;
    tx.prepare_cached(
        "INSERT INTO tokens (key, vendor, connection_id, token_id) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![key, t.vendor.id(), t.connection_id, t.id])?;
    Ok(tx.last_insert_rowid())
}

pub(super) fn source_id(s: TokenSource) -> &'static str {
    match s {
        TokenSource::VendorApi => "vendor_api",
        TokenSource::CreatedHere => "created_here",
        TokenSource::Registered => "registered",
    }
}

fn save_row<'a>(
    tx: &Transaction<'_>,
    run_id: i64,
    row: &'a AuditRow,
    sets: &mut SetWriter<'a>,
) -> rusqlite::Result<()> {
    let t = &row.token;
    let token = token_id(tx, &token_key(t), row)?;
    let allowlist = sets.id(tx, borrowed(&t.allowlist))?;
    let scopes = sets.id(tx, borrowed(&t.scopes))?;
    let permissions = sets.id(tx, borrowed(&t.permissions))?;
    let findings = sets.id(
        tx,
        canonical(
            row.findings
                .iter()
                .map(|f| Cow::Owned(finding_item(f.rule, f.severity, f.points))),
        ),
    )?;
    // A vendor listing one token twice must not lose the whole run: the first is kept.
    tx.prepare_cached(
        "INSERT OR IGNORE INTO run_tokens (run_id, token, name, created_ms, expires_ms, \
         last_used_ms, owner, source, is_credential, allowlist, scopes, permissions, findings, \
         score, band) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        run_id,
        token,
        t.name,
        t.created_ms,
        t.expires_ms,
        t.last_used_ms,
        t.owner,
        source_id(t.source),
        t.is_connection_credential,
        allowlist,
        scopes,
        permissions,
        findings,
        row.score,
        row.band
    ])?;
    Ok(())
}

/// The identity of each catalog the run used (every vendor it read or judged), and each new
/// version's scope list.
fn save_catalogs<'a>(
    tx: &Transaction<'_>,
    run_id: i64,
    report: &AuditReport,
    catalogs: &[(Vendor, &'a Catalog)],
    sets: &mut SetWriter<'a>,
) -> rusqlite::Result<()> {
    let mut blocks: HashMap<Vendor, MatrixBlock> = report
        .assessment
        .blocks
        .iter()
        .map(|b| (b.vendor, b.clone()))
        .collect();
    for &(v, cat) in catalogs {
        let used = report.outcomes.iter().any(|o| o.vendor == v);
        if used && !blocks.contains_key(&v) {
            blocks.insert(v, crate::audit::matrix::Columns::new(v, cat).block);
        }
    }
    let mut vendors: Vec<&Vendor> = blocks.keys().collect();
    vendors.sort();
    for v in vendors {
        let block = &blocks[v];
        let cat = catalogs.iter().find(|(cv, _)| cv == v).map(|(_, c)| *c);
        let id = catalog_id(tx, block, cat, sets)?;
        tx.prepare_cached(
            "INSERT INTO run_catalogs (run_id, vendor, catalog) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![run_id, v.id(), id])?;
    }
    Ok(())
}

/// The stored catalog version of `block`, stored now (with its scopes, when `cat` is that
/// version) if this is its first run.
fn catalog_id<'a>(
    tx: &Transaction<'_>,
    block: &MatrixBlock,
    cat: Option<&'a Catalog>,
    sets: &mut SetWriter<'a>,
) -> rusqlite::Result<i64> {
    let vendor = block.vendor.id();
    let found: Option<i64> = tx
        .prepare_cached("SELECT id FROM catalogs WHERE vendor = ?1 AND hash = ?2")?
        .query_row([vendor, block.catalog_hash.as_str()], |r| r.get(0))
        .optional()?;
    if let Some(id) = found {
        return Ok(id);
    }
    // The scopes are kept only when the catalog given is the version the run used.
    let cat = cat.filter(|c| crate::audit::matrix::content_hash(c) == block.catalog_hash);
    let sources = serde_json::to_string(&block.catalog_sources).expect("strings serialize");
    tx.prepare_cached(
        "INSERT INTO catalogs (vendor, hash, catalog_id, origin, sources, scopes_known) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        vendor,
        block.catalog_hash,
        block.catalog_id,
        block.catalog_origin,
        sources,
        cat.is_some()
    ])?;
    let id = tx.last_insert_rowid();
    if let Some(cat) = cat {
        save_scopes(tx, id, cat, sets)?;
    }
    Ok(id)
}

fn save_scopes<'a>(
    tx: &Transaction<'_>,
    catalog: i64,
    cat: &'a Catalog,
    sets: &mut SetWriter<'a>,
) -> rusqlite::Result<()> {
    for (ix, scope) in cat.scopes().iter().enumerate() {
        let ix = ix as u32;
        let grants = canonical(
            cat.grants_of(ix)
                .iter()
                .map(|&p| Cow::Borrowed(cat.permission(p).id.as_str())),
        );
        let implies = canonical(
            cat.implies_of(ix)
                .iter()
                .map(|&s| Cow::Borrowed(cat.scope(s).id.as_str())),
        );
        let requires = canonical(scope.requires.iter().map(|r| Cow::Borrowed(r.scope())));
        let meaning = serde_json::to_vec(&(&grants, &implies, &requires, scope.elevated))
            .expect("strings serialize");
        let digest = hex::encode(Sha256::digest(&meaning))[..12].to_owned();
        let grants = sets.id(tx, grants)?;
        tx.prepare_cached(
            "INSERT OR IGNORE INTO catalog_scopes (catalog, scope, digest, grants, elevated) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![catalog, scope.id, digest, grants, scope.elevated])?;
    }
    Ok(())
}
