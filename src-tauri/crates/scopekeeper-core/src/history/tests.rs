//! The store itself: a run saved and read back, migrations from an empty file, and a damaged
//! or newer file reported with its path and left byte for byte as it was. Also the helpers the
//! other history tests build their runs with.

use std::collections::HashMap;

use super::*;
use crate::audit::{assess, AssessInput, Assessment, AuditSettings, AuditToken, TokenSource};
use crate::audit::{AuditReport, ConnectionOutcome};
use crate::catalog::builtin::builtin;

pub(super) const T0: i64 = 1_796_094_000_000; // 2026-12-01T03:00:00Z
pub(super) const DAY: i64 = 86_400_000;

/// A MindBridge token of connection `c1`; MindBridge scopes grant themselves.
pub(super) fn tok(id: &str, scopes: &[&str]) -> AuditToken {
    AuditToken {
        vendor: Vendor::MindBridge,
        connection_id: "c1".into(),
        id: id.into(),
        name: format!("{id}-name"),
        created_ms: Some(T0 - 30 * DAY),
        expires_ms: Some(T0 + 45 * DAY),
        last_used_ms: Some(T0 - DAY),
        allowlist: vec!["203.0.113.0/24".into()],
        scopes: scopes.iter().map(|s| s.to_string()).collect(),
        permissions: scopes.iter().map(|s| s.to_string()).collect(),
        is_connection_credential: false,
        credential_of: Vec::new(),
        listed_as: String::new(),
        owner: Some("ana@example.com".into()),
        source: TokenSource::VendorApi,
        broad_reach: None,
        reach: Vec::new(),
    }
}

/// A run at `at_ms` that read connection `c1` ("MB prod") and saw `tokens`, judged against
/// `cat` (the built-in MindBridge catalog when `None`).
pub(super) fn run_at(at_ms: i64, tokens: Vec<AuditToken>, cat: Option<&Catalog>) -> AuditReport {
    let builtin_mb = builtin("mindbridge").unwrap();
    let cat = cat.unwrap_or(&builtin_mb);
    run_reading(at_ms, &[("c1", "MB prod".into(), tokens)], cat)
}

/// A run at `at_ms` that read each of `conns` (id, label, tokens), in that order, judged
/// against the MindBridge catalog `cat`.
pub(super) fn run_reading(
    at_ms: i64,
    conns: &[(&str, String, Vec<AuditToken>)],
    cat: &Catalog,
) -> AuditReport {
    let order: HashMap<String, (usize, String)> = conns
        .iter()
        .enumerate()
        .map(|(i, (c, label, _))| (c.to_string(), (i, label.clone())))
        .collect();
    let tokens: Vec<AuditToken> = conns.iter().flat_map(|(_, _, t)| t.clone()).collect();
    let assessment = assess_mb(at_ms, tokens, cat, &order);
    AuditReport {
        generated_at: chrono::DateTime::from_timestamp_millis(at_ms)
            .unwrap()
            .to_rfc3339(),
        generated_ms: at_ms,
        actor: "tester".into(),
        selected_of: None,
        assessment,
        outcomes: conns
            .iter()
            .map(|(c, label, t)| ConnectionOutcome {
                connection_id: c.to_string(),
                label: label.clone(),
                vendor: Vendor::MindBridge,
                tokens: t.len(),
                error: None,
                unlisted: false,
            })
            .collect(),
    }
}

/// `tokens` assessed at `at_ms` with default settings against the MindBridge catalog `cat`,
/// connections ordered and labelled by `order`. The evidence tests build their runs with it too.
pub(crate) fn assess_mb(
    at_ms: i64,
    tokens: Vec<AuditToken>,
    cat: &Catalog,
    order: &HashMap<String, (usize, String)>,
) -> Assessment {
    assess(
        tokens,
        &AssessInput {
            now_ms: at_ms,
            settings: &AuditSettings::default(),
            catalogs: &[(Vendor::MindBridge, cat)],
            templates: &HashMap::new(),
            connection_order: order,
        },
    )
}

/// A fresh store in a temporary folder.
pub(super) fn store() -> (tempfile::TempDir, HistoryStore) {
    let dir = tempfile::tempdir().unwrap();
    let s = HistoryStore::open(&dir.path().join(FILE_NAME)).unwrap();
    (dir, s)
}

/// Saves `report` with the built-in MindBridge catalog (or `cat`).
pub(super) fn save(s: &HistoryStore, report: &AuditReport, cat: Option<&Catalog>) -> RunSummary {
    let builtin_mb = builtin("mindbridge").unwrap();
    let cat = cat.unwrap_or(&builtin_mb);
    s.save(report, &[(Vendor::MindBridge, cat)]).unwrap()
}

#[test]
fn a_saved_run_reads_back_as_it_was_summarised() {
    let (_dir, s) = store();
    let mut admin = tok("admin", &["api.engagements.read", "api.engagements.write"]);
    admin.expires_ms = None;
    admin.allowlist.clear();
    let report = run_at(T0, vec![tok("a", &["api.engagements.read"]), admin], None);
    let saved = save(&s, &report, None);
    let runs = s.runs(10).unwrap();
    assert_eq!(
        runs,
        vec![saved.clone()],
        "what save returned is what runs lists"
    );
    let r = &runs[0];
    assert_eq!((r.at_ms, r.actor.as_str(), r.tokens), (T0, "tester", 2));
    assert_eq!(r.at, report.generated_at);
    assert_eq!(r.by_severity, report.assessment.by_severity);
    assert!(
        r.by_severity.iter().sum::<u32>() > 0,
        "the admin has findings"
    );
    let top = report
        .assessment
        .rows
        .iter()
        .map(|r| r.score)
        .max()
        .unwrap();
    assert_eq!(r.top_score, top);
    assert_eq!(r.connections.len(), 1);
    assert_eq!(r.connections[0].label, "MB prod");
    assert_eq!(r.connections[0].tokens, 2);

    // Saved twice more: newest first, limited, and each run's neighbours found.
    let second = save(&s, &run_at(T0 + DAY, vec![], None), None);
    let third = save(&s, &run_at(T0 + 2 * DAY, vec![], None), None);
    let ids: Vec<i64> = s.runs(2).unwrap().iter().map(|r| r.id).collect();
    assert_eq!(ids, [third.id, second.id]);
    assert_eq!(s.previous(third.id).unwrap().unwrap().id, second.id);
    assert_eq!(s.previous(saved.id).unwrap(), None);
    assert!(s.previous(999).is_err(), "an unknown run is an error");
    assert_eq!(
        s.run_on_or_before(T0 + DAY + 5).unwrap().unwrap().id,
        second.id
    );
    assert_eq!(s.run_on_or_before(T0 - 1).unwrap(), None);
}

#[test]
fn the_first_run_compares_with_nothing_and_since_last_needs_two() {
    let (_dir, s) = store();
    assert_eq!(s.since_last().unwrap(), None);
    let first = save(
        &s,
        &run_at(T0, vec![tok("a", &["api.engagements.read"])], None),
        None,
    );
    assert_eq!(s.since_last().unwrap(), None);
    let c = s.changes(None, first.id).unwrap();
    assert_eq!(c.counts.new, 1);
    assert_eq!(c.tokens[0].scopes_added, ["api.engagements.read"]);
    assert_eq!(c.tokens[0].connection, "MB prod");
}

#[test]
fn identical_lists_are_stored_once() {
    let (_dir, s) = store();
    let tokens: Vec<AuditToken> = (0..200)
        .map(|i| {
            tok(
                &format!("t{i}"),
                &["api.engagements.read", "api.analyses.read"],
            )
        })
        .collect();
    save(&s, &run_at(T0, tokens.clone(), None), None);
    let count = |s: &HistoryStore| -> i64 {
        s.db()
            .query_row("SELECT count(*) FROM sets", [], |r| r.get(0))
            .unwrap()
    };
    let after_one = count(&s);
    // The catalog's grants sets plus a handful for 200 tokens.
    let scopes = builtin("mindbridge").unwrap().scopes().len() as i64;
    assert!(after_one <= scopes + 6, "{after_one} sets");
    save(&s, &run_at(T0 + DAY, tokens, None), None);
    assert_eq!(
        count(&s),
        after_one,
        "a second run of the same tokens adds no set"
    );
}

#[test]
fn a_new_file_is_created_and_migrated_and_an_empty_one_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/folder").join(FILE_NAME);
    HistoryStore::open(&path).unwrap();
    let empty = dir.path().join("empty.sqlite3");
    std::fs::write(&empty, b"").unwrap();
    for p in [&path, &empty] {
        let s = HistoryStore::open(p).unwrap();
        let db = s.db();
        let v: i64 = db
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        let mode: String = db
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let fk: bool = db
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .unwrap();
        assert!(fk);
    }
    // Opening again migrates nothing and keeps what was saved.
    let s = HistoryStore::open(&path).unwrap();
    save(&s, &run_at(T0, vec![], None), None);
    drop(s);
    assert_eq!(HistoryStore::open(&path).unwrap().runs(5).unwrap().len(), 1);
}

/// Opening `path` fails as an I/O error naming the file, `expect` and `advice`, and leaves the
/// file byte for byte as it was.
pub(super) fn assert_untouched(path: &std::path::Path, what: &str, expect: &str, advice: &str) {
    let before = std::fs::read(path).unwrap();
    let e = HistoryStore::open(path).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Io, "{what}");
    assert!(
        e.message.contains(&path.display().to_string()),
        "{what}: {}",
        e.message
    );
    assert!(e.message.contains(expect), "{what}: {}", e.message);
    assert!(
        e.message.contains(advice),
        "{what} says what to do: {}",
        e.message
    );
    assert_eq!(
        std::fs::read(path).unwrap(),
        before,
        "{what} is left untouched"
    );
}

#[test]
fn a_damaged_file_or_one_from_a_newer_build_is_reported_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = dir.path().join("garbage.sqlite3");
    std::fs::write(
        &garbage,
        b"this is not a database, just some bytes\n".repeat(300),
    )
    .unwrap();
    assert_untouched(&garbage, "garbage", "not an SQLite database", "move");

    // A real history, then a page in its middle overwritten.
    let damaged = dir.path().join("damaged.sqlite3");
    {
        let s = HistoryStore::open(&damaged).unwrap();
        let tokens = (0..300).map(|i| tok(&format!("t{i}"), &["api.engagements.read"]));
        save(&s, &run_at(T0, tokens.collect(), None), None);
        s.db()
            .pragma_update(None, "wal_checkpoint", "TRUNCATE")
            .unwrap();
    }
    let mut bytes = std::fs::read(&damaged).unwrap();
    assert!(bytes.len() > 8 * 4096, "{} bytes", bytes.len());
    for b in &mut bytes[3 * 4096..5 * 4096] {
        *b = 0x5a;
    }
    std::fs::write(&damaged, &bytes).unwrap();
    assert_untouched(&damaged, "a damaged file", "damaged", "move");

    let newer = dir.path().join("newer.sqlite3");
    HistoryStore::open(&newer).unwrap();
    {
        let db = rusqlite::Connection::open(&newer).unwrap();
        db.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
    }
    assert_untouched(&newer, "a newer file", "newer Scopekeeper", "move");

    let foreign = dir.path().join("other-app.sqlite3");
    {
        let db = rusqlite::Connection::open(&foreign).unwrap();
        db.execute_batch("CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('mine');")
            .unwrap();
    }
    assert_untouched(
        &foreign,
        "another program's database",
        "not a Scopekeeper history",
        "move",
    );
}

#[test]
fn the_store_is_shared_across_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<HistoryStore>();
}
