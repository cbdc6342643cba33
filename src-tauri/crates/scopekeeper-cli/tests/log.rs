//! `scopekeeper log verify` on a log written through the core's `ActionLog`: an intact log
//! passes, and one character changed by hand in one entry's detail fails with that entry named.

mod support;
use support::sk;

use std::path::Path;

use scopekeeper_core::action_log::{ActionEntry, ActionLog};
use serde_json::Value;

fn write_log(path: &Path) {
    let log = ActionLog::new(path);
    for (i, action) in ["created", "verified", "revoked"].iter().enumerate() {
        log.append(&ActionEntry {
            at: format!("2026-11-23T10:00:0{i}Z"),
            actor: "admin".into(),
            action: action.to_string(),
            vendor: "mindbridge".into(),
            connection: "Sandbox".into(),
            connection_id: Some("c1".into()),
            sandbox: true,
            token_id: Some("t1".into()),
            token_name: Some("ci".into()),
            scopes: vec!["api.tasks.read".into()],
            detail: format!("Step {i} of the token's life."),
        })
        .unwrap();
    }
}

fn run(path: &Path, json: bool) -> (i32, String) {
    let mut args = vec!["log", "verify", "--file", path.to_str().unwrap()];
    if json {
        args.push("--json");
    }
    let o = sk(&args);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    (o.status.code().unwrap(), text)
}

#[test]
fn an_intact_log_passes_and_a_hand_edited_one_names_the_entry() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("actions.jsonl");
    write_log(&path);

    let (code, text) = run(&path, false);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("intact: 3 chained entries"), "{text}");
    let (code, text) = run(&path, true);
    assert_eq!(code, 0, "{text}");
    let state: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(state["intact"], true);
    assert_eq!(state["head"].as_str().unwrap().len(), 12);

    // One character of the second entry's detail, changed as someone would in an editor.
    let edited = std::fs::read_to_string(&path)
        .unwrap()
        .replacen("Step 1 of", "Step 7 of", 1);
    std::fs::write(&path, edited).unwrap();
    let (code, text) = run(&path, false);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("Line 2 (verified at 2026-11-23T10:00:01Z) was changed"),
        "{text}"
    );
    let (code, text) = run(&path, true);
    assert_eq!(code, 1, "{text}");
    let state: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(state["first_broken"]["line"], 2);
    assert_eq!(state["first_broken"]["reason"], "edited");
    assert_eq!(state["first_broken"]["action"], "verified");
}

#[test]
fn the_app_log_is_the_default_and_a_missing_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write_log(&dir.path().join("actions.jsonl"));
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_scopekeeper"))
        .args(["log", "verify"])
        .env("SCOPEKEEPER_DATA_DIR", dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{text}");
    assert!(text.contains("actions.jsonl"), "{text}");

    let (code, text) = run(&dir.path().join("nope.jsonl"), false);
    assert_eq!(code, 1);
    assert!(text.contains("is not a file"), "{text}");
}
