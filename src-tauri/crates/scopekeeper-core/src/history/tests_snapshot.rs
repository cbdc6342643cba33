//! One run read back whole: every field the store kept of each token, its findings with their
//! severities, and the catalogs the run used.

use super::tests::{run_at, save, store, tok, DAY, T0};
use super::*;
use crate::audit::AuditReport;
use crate::audit::{token_key, AuditRow, Severity, TokenSource};

/// What the snapshot should hold for `row`: the report's token, its lists in canonical form
/// (sorted, deduplicated) and its findings by rule.
fn expected(row: &AuditRow) -> SnapshotToken {
    let t = &row.token;
    let canonical = |v: &[String]| {
        let mut v = v.to_vec();
        v.sort();
        v.dedup();
        v
    };
    let mut findings: Vec<SnapshotFinding> = row
        .findings
        .iter()
        .map(|f| SnapshotFinding {
            rule: f.rule.to_string(),
            severity: f.severity,
            points: f.points,
        })
        .collect();
    findings.sort_by(|x, y| (&x.rule, x.severity, x.points).cmp(&(&y.rule, y.severity, y.points)));
    findings.dedup();
    SnapshotToken {
        key: token_key(t),
        vendor: t.vendor,
        connection_id: t.connection_id.clone(),
        token_id: t.id.clone(),
        name: t.name.clone(),
        created_ms: t.created_ms,
        expires_ms: t.expires_ms,
        last_used_ms: t.last_used_ms,
        owner: t.owner.clone(),
        source: t.source,
        is_connection_credential: t.is_connection_credential,
        allowlist: canonical(&t.allowlist),
        scopes: canonical(&t.scopes),
        permissions: canonical(&t.permissions),
        score: row.score,
        band: row.band.clone(),
        findings,
    }
}

fn expected_tokens(report: &AuditReport) -> Vec<SnapshotToken> {
    let mut v: Vec<SnapshotToken> = report.assessment.rows.iter().map(expected).collect();
    v.sort_by(|x, y| (&x.name, &x.key).cmp(&(&y.name, &y.key)));
    v
}

#[test]
fn a_snapshot_reads_back_every_field_of_every_token() {
    let (_dir, s) = store();
    let mut admin = tok(
        "admin",
        &[
            "api.engagements.write",
            "api.engagements.read",
            "api.engagements.write",
        ],
    );
    admin.expires_ms = None;
    admin.allowlist.clear();
    admin.created_ms = None;
    admin.last_used_ms = None;
    admin.owner = None;
    admin.is_connection_credential = true;
    admin.source = TokenSource::Registered;
    let mut b = tok("b", &["api.engagements.read"]);
    b.source = TokenSource::CreatedHere;
    b.allowlist = vec!["198.51.100.7/32".into(), "203.0.113.0/24".into()];
    let report = run_at(T0, vec![b, admin], None);
    let saved = save(&s, &report, None);

    let snap = s.snapshot(saved.id).unwrap();
    assert_eq!(snap.run, saved, "the run as the list of runs shows it");
    assert_eq!(snap.tokens, expected_tokens(&report));

    let admin = snap.tokens.iter().find(|t| t.token_id == "admin").unwrap();
    assert_eq!((admin.expires_ms, admin.allowlist.len()), (None, 0));
    assert_eq!(
        admin.scopes,
        ["api.engagements.read", "api.engagements.write"]
    );
    assert!(
        admin.findings.len() > 1,
        "a credential that never expires has several findings: {:?}",
        admin.findings
    );
    let severities: std::collections::BTreeSet<Severity> = snap
        .tokens
        .iter()
        .flat_map(|t| t.findings.iter().map(|f| f.severity))
        .collect();
    assert!(severities.len() > 1, "severities kept: {severities:?}");
    assert!(admin.findings.iter().all(|f| f.points > 0));

    let blocks = &report.assessment.blocks;
    assert_eq!(blocks.len(), 1);
    assert_eq!(
        snap.catalogs,
        [SnapshotCatalog {
            vendor: Vendor::MindBridge,
            catalog_id: blocks[0].catalog_id.clone(),
            origin: blocks[0].catalog_origin.clone(),
            hash: blocks[0].catalog_hash.clone(),
        }]
    );
}

#[test]
fn a_later_run_leaves_an_earlier_snapshot_as_it_was() {
    let (_dir, s) = store();
    let first_report = run_at(T0, vec![tok("a", &["api.engagements.read"])], None);
    let first = save(&s, &first_report, None);
    let mut widened = tok("a", &["api.engagements.read", "api.engagements.write"]);
    widened.name = "renamed".into();
    widened.expires_ms = None;
    let second_report = run_at(T0 + DAY, vec![widened], None);
    let second = save(&s, &second_report, None);

    assert_eq!(
        s.snapshot(first.id).unwrap().tokens,
        expected_tokens(&first_report)
    );
    let later = s.snapshot(second.id).unwrap();
    assert_eq!(later.tokens, expected_tokens(&second_report));
    assert_eq!(later.tokens[0].name, "renamed");
    assert_eq!(later.tokens[0].expires_ms, None);
}

#[test]
fn an_empty_run_has_no_tokens_and_an_unknown_one_is_not_found() {
    let (_dir, s) = store();
    let empty = save(&s, &run_at(T0, vec![], None), None);
    let snap = s.snapshot(empty.id).unwrap();
    assert!(snap.tokens.is_empty());
    assert_eq!(snap.run.connections.len(), 1);

    let err = s.snapshot(4242).unwrap_err();
    assert_eq!(err.kind, crate::error::ErrorKind::NotFound);
    assert!(err.message.contains("4242"), "{}", err.message);
}

/// A run saved by a build that had a rule this one dropped: its stored finding (the rule id as
/// text, under a SHA-256 that matches) reads back as it was kept, and compares, never a panic.
#[test]
fn a_stored_finding_naming_a_rule_this_build_lacks_reads_back_as_its_text() {
    use sha2::{Digest, Sha256};
    let (_dir, s) = store();
    let mut never = tok("a", &[]);
    never.expires_ms = None;
    let first = save(&s, &run_at(T0, vec![never.clone()], None), None);
    let (id, items): (i64, String) = s
        .db()
        .query_row(
            "SELECT id, items FROM sets WHERE items LIKE '%no_expiry high%'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let older = items.replace("no_expiry high", "dropped_rule high");
    s.db()
        .execute(
            "UPDATE sets SET items = ?1, hash = ?2 WHERE id = ?3",
            rusqlite::params![older, Sha256::digest(older.as_bytes()).to_vec(), id],
        )
        .unwrap();

    let snap = s.snapshot(first.id).unwrap();
    let rules: Vec<&str> = snap.tokens[0]
        .findings
        .iter()
        .map(|f| f.rule.as_str())
        .collect();
    assert!(rules.contains(&"dropped_rule"), "{rules:?}");
    assert!(!rules.contains(&"no_expiry"), "{rules:?}");

    let second = save(&s, &run_at(T0 + DAY, vec![never], None), None);
    let c = s.changes(Some(first.id), second.id).unwrap();
    let a = &c.tokens[0];
    assert_eq!(a.rules_removed, ["dropped_rule"], "{a:?}");
    assert_eq!(a.rules_added, ["no_expiry"], "{a:?}");
}
