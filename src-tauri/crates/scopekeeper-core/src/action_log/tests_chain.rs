//! The hash chain: every kind of tampering is named at the right line, and what is not
//! tampering (old entries, a crash's cut-short write) is told apart.

use std::fs;
use std::path::{Path, PathBuf};

use super::tests::entry;
use super::*;

/// A log of `n` chained entries, each with a detail naming it.
fn log_of(n: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("actions.jsonl");
    let log = ActionLog::new(&path);
    for i in 0..n {
        log.append(&ActionEntry {
            detail: format!("Revoked token {i}."),
            action: format!("action{i}"),
            ..entry(i)
        })
        .unwrap();
    }
    (dir, path)
}

fn lines(path: &Path) -> Vec<String> {
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

fn write_lines(path: &Path, lines: &[String]) {
    fs::write(path, lines.join("\n") + "\n").unwrap();
}

/// The first break's line and reason.
fn broken_at(path: &Path) -> (usize, BreakReason) {
    let state = verify(path).unwrap();
    assert!(!state.intact, "should be broken: {}", state.summary());
    let b = state.first_broken.unwrap();
    (b.line, b.reason)
}

#[test]
fn an_intact_log_verifies_with_its_head() {
    let (_dir, path) = log_of(5);
    let state = verify(&path).unwrap();
    assert!(state.intact, "{}", state.summary());
    assert_eq!((state.entries, state.chained, state.unchained), (5, 5, 0));
    assert_eq!(state.chained_from, Some(1));
    let last = lines(&path).pop().unwrap();
    let hash = last.rsplit("\"hash\":\"").next().unwrap();
    assert_eq!(state.head.as_deref(), Some(hash.trim_end_matches("\"}")));
    assert!(lines(&path)[0].contains(&format!("\"prev\":\"{}\"", chain::GENESIS)));
    assert!(
        verify(&path.with_extension("none")).unwrap().intact,
        "no log"
    );
}

#[test]
fn an_edited_middle_entry_is_named() {
    let (_dir, path) = log_of(5);
    let mut l = lines(&path);
    l[2] = l[2].replace("Revoked token 2.", "Revoked token 7.");
    write_lines(&path, &l);
    let state = verify(&path).unwrap();
    let b = state.first_broken.clone().unwrap();
    assert_eq!((b.line, b.reason), (3, BreakReason::Edited));
    assert_eq!(b.action.as_deref(), Some("action2"));
    assert!(b.message.contains("Line 3 (action2 at"), "{}", b.message);
    assert_eq!(state.chained, 2, "the entries before it still check out");
}

#[test]
fn an_edited_last_entry_is_named_even_in_whitespace() {
    let (_dir, path) = log_of(4);
    let mut l = lines(&path);
    l[3] = l[3].replacen("\"detail\":", "\"detail\": ", 1);
    write_lines(&path, &l);
    assert_eq!(broken_at(&path), (4, BreakReason::Edited));
}

#[test]
fn a_removed_entry_breaks_the_link_of_the_next() {
    let (_dir, path) = log_of(5);
    let mut l = lines(&path);
    l.remove(1);
    write_lines(&path, &l);
    assert_eq!(broken_at(&path), (2, BreakReason::Unlinked));
    // Removing the first one too: the new first line no longer starts from genesis.
    let (_dir, path) = log_of(3);
    write_lines(&path, &lines(&path)[1..]);
    assert_eq!(broken_at(&path), (1, BreakReason::Unlinked));
}

#[test]
fn reordered_entries_are_named() {
    let (_dir, path) = log_of(5);
    let mut l = lines(&path);
    l.swap(2, 3);
    write_lines(&path, &l);
    assert_eq!(broken_at(&path), (3, BreakReason::Unlinked));
}

#[test]
fn an_inserted_unreadable_or_unchained_line_breaks_the_chain() {
    let (_dir, path) = log_of(3);
    let mut l = lines(&path);
    l.insert(2, "not an entry".into());
    write_lines(&path, &l);
    assert_eq!(broken_at(&path), (3, BreakReason::Unreadable));

    let (_dir, path) = log_of(3);
    let mut l = lines(&path);
    l.push(serde_json::to_string(&entry(9)).unwrap());
    write_lines(&path, &l);
    assert_eq!(broken_at(&path), (4, BreakReason::Unchained));
}

#[test]
fn legacy_entries_before_the_chain_are_reported_not_broken() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("actions.jsonl");
    let legacy: Vec<String> = (0..3)
        .map(|i| serde_json::to_string(&entry(i)).unwrap())
        .collect();
    write_lines(&path, &legacy);
    let state = verify(&path).unwrap();
    assert!(state.intact && state.chained_from.is_none());
    assert_eq!((state.entries, state.unchained), (3, 3));
    assert!(state.summary().contains("next entry starts the chain"));

    let log = ActionLog::new(&path);
    log.append(&entry(3)).unwrap();
    log.append(&entry(4)).unwrap();
    let state = verify(&path).unwrap();
    assert!(state.intact, "{}", state.summary());
    assert_eq!(
        (state.chained_from, state.chained, state.unchained),
        (Some(4), 2, 3)
    );
    assert_eq!(
        log.recent(10).unwrap().len(),
        5,
        "old entries stay readable"
    );

    // The first chained entry vouches for the line just before it.
    let mut l = lines(&path);
    l[2] = l[2].replace("admin", "admim");
    write_lines(&path, &l);
    assert_eq!(broken_at(&path), (4, BreakReason::Unlinked));
}

#[test]
fn a_write_cut_short_by_a_crash_is_not_an_edit() {
    let (_dir, path) = log_of(3);
    let full = fs::read(&path).unwrap();
    let mut cut = full.clone();
    let next = chain::chained_line(&entry(3), &chain::digest(b"x"), None).unwrap();
    cut.extend_from_slice(&next[..40]);
    fs::write(&path, &cut).unwrap();
    let state = verify(&path).unwrap();
    assert!(state.intact, "{}", state.summary());
    assert_eq!(state.partial_last_line, Some(4));
    assert!(state.summary().contains("cut short"), "{}", state.summary());

    // The next append closes the cut line and names it; the chain holds.
    let log = ActionLog::new(&path);
    log.append(&entry(4)).unwrap();
    log.append(&entry(5)).unwrap();
    let state = verify(&path).unwrap();
    assert!(state.intact, "{}", state.summary());
    assert_eq!(
        (state.chained, state.interrupted_lines.clone()),
        (5, vec![4])
    );
    assert_eq!(state.partial_last_line, None);

    // Changing that cut line afterwards is an edit like any other.
    let mut l = lines(&path);
    l[3].push('x');
    write_lines(&path, &l);
    assert_eq!(broken_at(&path), (4, BreakReason::Unreadable));
}

#[test]
fn a_whole_entry_missing_only_its_newline_is_linked_to() {
    let (_dir, path) = log_of(2);
    let mut bytes = fs::read(&path).unwrap();
    bytes.pop();
    fs::write(&path, &bytes).unwrap();
    assert!(verify(&path).unwrap().intact);
    ActionLog::new(&path).append(&entry(2)).unwrap();
    let state = verify(&path).unwrap();
    assert!(state.intact && state.chained == 3, "{}", state.summary());
}

#[test]
fn concurrent_appends_from_two_writers_keep_the_chain() {
    let (_dir, path) = log_of(1);
    let writers: Vec<_> = (0..2)
        .map(|w| {
            // Each writer opens the file itself, as the app and the CLI do.
            let log = ActionLog::new(&path);
            std::thread::spawn(move || {
                for i in 0..150 {
                    log.append(&entry(w * 1000 + i)).unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let state = verify(&path).unwrap();
    assert!(state.intact, "{}", state.summary());
    assert_eq!(state.chained, 301);
}
