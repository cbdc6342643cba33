//! Appending and reading the log back.

use std::fs;

use super::*;

pub(super) fn entry(i: usize) -> ActionEntry {
    ActionEntry {
        at: format!("2026-11-23T00:00:00Z#{i}"),
        actor: "admin".into(),
        action: "verified".into(),
        vendor: "mindbridge".into(),
        connection: "Sandbox".into(),
        connection_id: None,
        sandbox: true,
        token_id: Some(format!("t{i}")),
        token_name: None,
        scopes: vec!["x".repeat(i % 300)],
        detail: String::new(),
    }
}

#[test]
fn appends_and_reads_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let log = ActionLog::new(&dir.path().join("log/actions.jsonl"));
    assert!(log.recent(10).unwrap().is_empty());
    for (i, action) in ["created", "verified", "revoked"].iter().enumerate() {
        log.append(&ActionEntry {
            at: format!("2026-11-23T00:00:0{i}Z"),
            actor: "admin".into(),
            action: action.to_string(),
            vendor: "mindbridge".into(),
            connection: "Sandbox".into(),
            connection_id: None,
            sandbox: true,
            token_id: Some("t1".into()),
            token_name: Some("ci".into()),
            scopes: vec!["api.tasks.read".into()],
            detail: String::new(),
        })
        .unwrap();
    }
    let got: Vec<String> = log
        .recent(2)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(got, vec!["revoked", "verified"]);
    let text = fs::read_to_string(dir.path().join("log/actions.jsonl")).unwrap();
    assert_eq!(text.lines().count(), 3);
    assert!(log.verify().unwrap().intact, "a fresh log verifies");
}

#[test]
fn recent_reads_the_newest_entries_across_block_boundaries() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("actions.jsonl");
    // A damaged start (not even UTF-8) must not hide the recent entries.
    fs::write(&path, b"\xff\xfe garbage from an old crash\n").unwrap();
    let log = ActionLog::new(&path);
    for i in 0..2000 {
        log.append(&entry(i)).unwrap();
    }
    assert!(fs::metadata(&path).unwrap().len() > 3 * 64 * 1024);
    let got: Vec<String> = log
        .recent(700)
        .unwrap()
        .into_iter()
        .map(|e| e.token_id.unwrap())
        .collect();
    let want: Vec<String> = (1300..2000).rev().map(|i| format!("t{i}")).collect();
    assert_eq!(got, want);
    assert_eq!(
        log.recent(5000).unwrap().len(),
        2000,
        "all, the damaged line skipped"
    );
    // The chain starts after the damaged line, which counts as written before it.
    let state = log.verify().unwrap();
    assert!(state.intact, "{}", state.summary());
    assert_eq!(
        (state.chained, state.unchained, state.chained_from),
        (2000, 1, Some(2))
    );
}

#[test]
fn back_lines_yield_the_unterminated_rest_then_lines_newest_first() {
    let lines = |bytes: &[u8]| -> Vec<Vec<u8>> {
        tail::BackLines::new(std::io::Cursor::new(bytes.to_vec()))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(lines(b""), vec![b"".to_vec()]);
    assert_eq!(
        lines(b"a\nbb\n"),
        vec![b"".to_vec(), b"bb".to_vec(), b"a".to_vec()]
    );
    assert_eq!(
        lines(b"a\nbb\ncut"),
        vec![b"cut".to_vec(), b"bb".to_vec(), b"a".to_vec()]
    );
}

#[test]
fn lines_where_keeps_the_exact_lines_with_their_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("actions.jsonl");
    let log = ActionLog::new(&path);
    for i in 0..5 {
        log.append(&entry(i)).unwrap();
    }
    let kept = log
        .lines_where(|e| e.token_id.as_deref() >= Some("t3"))
        .unwrap();
    let text = fs::read_to_string(&path).unwrap();
    let want: Vec<LogLine> = text
        .lines()
        .enumerate()
        .skip(3)
        .map(|(i, l)| LogLine {
            line: i + 1,
            text: l.to_owned(),
        })
        .collect();
    assert_eq!(kept, want);
}
