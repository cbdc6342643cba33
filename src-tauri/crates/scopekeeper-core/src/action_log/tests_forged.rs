//! Lines that parse but do not chain, and a chain stripped or cut from the end: each is a
//! break, never a crash's cut-short write, and no reader is handed an entry that failed.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::tests::entry;
use super::*;

fn log_of(n: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("actions.jsonl");
    let log = ActionLog::new(&path);
    for i in 0..n {
        log.append(&entry(i)).unwrap();
    }
    (dir, path)
}

fn token_ids(log: &ActionLog) -> Vec<String> {
    let mut ids: Vec<String> = log
        .recent(100)
        .unwrap()
        .into_iter()
        .filter_map(|e| e.token_id)
        .collect();
    ids.sort();
    ids
}

/// A valid entry whose chain fields do not parse, appended last without a newline.
fn forge_last(path: &Path) {
    let mut line = serde_json::to_string(&entry(7)).unwrap();
    line.pop();
    line.push_str(",\"prev\":0,\"hash\":0}");
    let mut f = fs::OpenOptions::new().append(true).open(path).unwrap();
    f.write_all(line.as_bytes()).unwrap();
}

#[test]
fn a_parseable_last_line_that_does_not_chain_is_a_break_not_a_crash() {
    let (_dir, path) = log_of(3);
    forge_last(&path);
    let state = verify(&path).unwrap();
    assert!(!state.intact, "{}", state.summary());
    assert_eq!(state.partial_last_line, None);
    assert_eq!(state.first_broken.as_ref().unwrap().line, 4);

    let log = ActionLog::new(&path);
    assert_eq!(
        token_ids(&log),
        ["t0", "t1", "t2"],
        "the forged entry is not read"
    );
    assert_eq!(
        log.lines_where(|_| true).unwrap().len(),
        3,
        "nor given to evidence"
    );

    // The next append links to it as to any line: it is never sealed as "interrupted".
    log.append(&entry(8)).unwrap();
    let state = verify(&path).unwrap();
    assert!(!state.intact && state.interrupted_lines.is_empty());
    assert_eq!(state.first_broken.unwrap().line, 4);
    assert_eq!(token_ids(&log), ["t0", "t1", "t2"]);
}

#[test]
fn a_parseable_line_named_as_interrupted_is_still_a_break() {
    let (_dir, path) = log_of(2);
    let log = ActionLog::new(&path);
    // Only JSON that does not parse may be closed as a crash's write.
    let mut f = fs::OpenOptions::new().append(true).open(&path).unwrap();
    f.write_all(b"{\"at\":1}").unwrap();
    drop(f);
    log.append(&entry(2)).unwrap();
    let state = verify(&path).unwrap();
    assert!(!state.intact, "{}", state.summary());
    assert_eq!(state.first_broken.unwrap().line, 3);
}

#[test]
fn stripping_the_chain_from_every_line_is_a_break() {
    let (_dir, path) = log_of(3);
    let stripped: Vec<String> = fs::read_to_string(&path)
        .unwrap()
        .lines()
        .map(|l| serde_json::to_string(&serde_json::from_str::<ActionEntry>(l).unwrap()).unwrap())
        .collect();
    fs::write(&path, stripped.join("\n") + "\n").unwrap();
    let state = verify(&path).unwrap();
    assert!(!state.intact, "{}", state.summary());
    assert_eq!(
        state.first_broken.as_ref().unwrap().reason,
        BreakReason::AnchorMismatch
    );
    assert!(state.summary().contains("3 chained"), "{}", state.summary());
    assert!(token_ids(&ActionLog::new(&path)).is_empty());
}

#[test]
fn entries_removed_from_the_end_are_a_break() {
    let (_dir, path) = log_of(4);
    let text = fs::read_to_string(&path).unwrap();
    let kept: Vec<&str> = text.lines().take(2).collect();
    fs::write(&path, kept.join("\n") + "\n").unwrap();
    let state = verify(&path).unwrap();
    assert!(!state.intact, "{}", state.summary());
    let b = state.first_broken.unwrap();
    assert_eq!(b.reason, BreakReason::AnchorMismatch);
    assert!(b.message.contains("4 chained"), "{}", b.message);
}

#[test]
fn a_crash_between_the_line_and_the_anchor_is_not_a_break() {
    let (_dir, path) = log_of(2);
    let anchor = fs::read(anchor::path_for(&path)).unwrap();
    ActionLog::new(&path).append(&entry(2)).unwrap();
    fs::write(anchor::path_for(&path), anchor).unwrap();
    let state = verify(&path).unwrap();
    assert!(state.intact, "{}", state.summary());
}

#[test]
fn a_chained_log_without_an_anchor_gets_one_at_the_next_append() {
    let (_dir, path) = log_of(3);
    fs::remove_file(anchor::path_for(&path)).unwrap();
    assert!(
        verify(&path).unwrap().intact,
        "a log from before the anchor"
    );
    ActionLog::new(&path).append(&entry(3)).unwrap();
    let text = fs::read_to_string(&path).unwrap();
    let kept: Vec<&str> = text.lines().take(3).collect();
    fs::write(&path, kept.join("\n") + "\n").unwrap();
    let b = verify(&path).unwrap().first_broken.unwrap();
    assert_eq!(b.reason, BreakReason::AnchorMismatch);
}

#[test]
fn a_damaged_anchor_is_a_break_and_is_left_as_found() {
    let (_dir, path) = log_of(2);
    fs::write(anchor::path_for(&path), b"{garbage").unwrap();
    let state = verify(&path).unwrap();
    assert_eq!(
        state.first_broken.unwrap().reason,
        BreakReason::AnchorMismatch
    );
    ActionLog::new(&path).append(&entry(2)).unwrap();
    assert_eq!(fs::read(anchor::path_for(&path)).unwrap(), b"{garbage");
    assert_eq!(fs::read_to_string(&path).unwrap().lines().count(), 3);
}

#[test]
fn the_head_is_the_full_sha256_with_its_line() {
    let (_dir, path) = log_of(3);
    let state = verify(&path).unwrap();
    let last = fs::read_to_string(&path)
        .unwrap()
        .lines()
        .last()
        .unwrap()
        .to_owned();
    let hash = last
        .rsplit("\"hash\":\"")
        .next()
        .unwrap()
        .trim_end_matches("\"}");
    assert_eq!(state.head.as_deref(), Some(hash));
    assert_eq!(hash.len(), 64);
    assert_eq!(state.head_line, Some(3));
}
