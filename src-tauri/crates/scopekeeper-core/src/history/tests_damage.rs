//! A history file changed behind Scopekeeper's back: a stored list altered in place makes its
//! runs damaged (listed as such, refused when read, never shown as empty), and a file whose
//! schema version is negative or newer is reported and left byte for byte as it was.

use super::tests::{assert_untouched, run_at, save, store, tok, DAY, T0};
use super::*;

const READ: &str = "api.engagements.read";
const WRITE: &str = "api.engagements.write";

/// Overwrites the items of every stored list holding exactly `items` (as JSON) with `[]`, as
/// someone editing the file would; how many rows changed.
fn poison(s: &HistoryStore, items: &str) -> usize {
    s.db()
        .execute("UPDATE sets SET items = '[]' WHERE items = ?1", [items])
        .unwrap()
}

#[test]
fn a_list_altered_in_the_file_makes_its_run_damaged_never_empty() {
    let (_dir, s) = store();
    let first = save(&s, &run_at(T0, vec![tok("a", &[READ, WRITE])], None), None);
    let second = save(&s, &run_at(T0 + DAY, vec![tok("b", &[READ])], None), None);
    let lists = format!("[\"{READ}\",\"{WRITE}\"]");
    assert_eq!(poison(&s, &lists), 1, "one stored list holds exactly these");

    let runs = s.runs(10).unwrap();
    let damaged: Vec<(i64, bool)> = runs.iter().map(|r| (r.id, r.damaged.is_some())).collect();
    assert_eq!(damaged, [(second.id, false), (first.id, true)]);
    assert!(runs[1].damaged.as_deref().unwrap().contains("SHA-256"));

    let refused = s.snapshot(first.id).unwrap_err();
    assert!(
        refused.message.contains(&format!("run {} ", first.id))
            && refused.message.contains("damaged"),
        "the snapshot is refused, naming the run: {}",
        refused.message
    );
    assert!(
        refused.message.contains("new audit"),
        "says what to do: {}",
        refused.message
    );
    for e in [
        s.changes(Some(first.id), second.id).unwrap_err(),
        s.since_last().unwrap_err(),
    ] {
        assert!(
            e.message.contains(&format!("run {} ", first.id)),
            "{}",
            e.message
        );
    }
    assert!(s.snapshot(second.id).is_ok(), "the other run is whole");
    assert!(
        s.token_timeline("mindbridge/c1/a").is_err(),
        "a timeline never shows the altered list as empty"
    );
}

#[test]
fn a_save_holding_an_altered_list_again_restores_it() {
    let (_dir, s) = store();
    let first = save(&s, &run_at(T0, vec![tok("a", &[READ, WRITE])], None), None);
    poison(&s, &format!("[\"{READ}\",\"{WRITE}\"]"));
    let second = save(
        &s,
        &run_at(T0 + DAY, vec![tok("a", &[READ, WRITE])], None),
        None,
    );
    assert!(s.runs(10).unwrap().iter().all(|r| r.damaged.is_none()));
    for run in [first.id, second.id] {
        let snap = s.snapshot(run).unwrap();
        assert_eq!(snap.tokens[0].scopes, [READ, WRITE], "run {run}");
    }
}

/// A file made by another build: a real history whose `user_version` is then set to `version`.
fn with_version(dir: &std::path::Path, name: &str, version: i64) -> std::path::PathBuf {
    let path = dir.join(name);
    {
        let s = HistoryStore::open(&path).unwrap();
        save(&s, &run_at(T0, vec![tok("a", &[READ])], None), None);
    }
    let db = rusqlite::Connection::open(&path).unwrap();
    // Back to a rollback journal, so the file alone is the whole database.
    let mode: String = db
        .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete");
    db.pragma_update(None, "user_version", version).unwrap();
    path
}

#[test]
fn a_negative_or_newer_schema_version_is_reported_and_the_file_never_touched() {
    let dir = tempfile::tempdir().unwrap();
    for (name, version, expect) in [
        ("negative.sqlite3", -1, "schema -1"),
        ("very-negative.sqlite3", i64::from(i32::MIN), "schema"),
        ("newer.sqlite3", SCHEMA_VERSION + 1, "newer Scopekeeper"),
    ] {
        let path = with_version(dir.path(), name, version);
        assert_untouched(&path, name, expect, "left untouched");
        for side in ["-wal", "-shm", "-journal"] {
            let mut p = path.clone().into_os_string();
            p.push(side);
            assert!(
                !std::path::Path::new(&p).exists(),
                "{name}: no {side} file appeared"
            );
        }
    }
}

#[test]
fn a_file_claiming_this_schema_without_its_tables_is_not_taken_for_a_history() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("claims.sqlite3");
    {
        let db = rusqlite::Connection::open(&path).unwrap();
        db.execute_batch("CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('mine');")
            .unwrap();
        db.pragma_update(None, "user_version", SCHEMA_VERSION)
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let e = HistoryStore::open(&path).unwrap_err();
    assert!(
        e.message.contains("not a Scopekeeper history"),
        "{}",
        e.message
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let mut wal = path.clone().into_os_string();
    wal.push("-wal");
    assert!(!std::path::Path::new(&wal).exists(), "not switched to WAL");
}
