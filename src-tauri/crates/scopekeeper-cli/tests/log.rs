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
    code_and_text(&sk(&args))
}

/// The exit code, and stdout followed by stderr.
fn code_and_text(o: &std::process::Output) -> (i32, String) {
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
    assert_eq!(
        state["head"].as_str().unwrap().len(),
        64,
        "the full SHA-256"
    );

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

#[test]
fn a_forged_last_line_that_parses_is_a_break_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("actions.jsonl");
    write_log(&path);
    let mut text = std::fs::read_to_string(&path).unwrap();
    let forged = text.lines().last().unwrap().replace("revoked", "created");
    let forged = forged.split(",\"prev\"").next().unwrap().to_owned() + ",\"prev\":0}";
    text.push_str(&forged);
    std::fs::write(&path, text).unwrap();
    let (code, text) = run(&path, false);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("Line 4"), "{text}");
    assert!(!text.contains("cut short"), "{text}");
}

#[test]
fn stripping_the_chain_from_every_line_is_a_break() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("actions.jsonl");
    write_log(&path);
    let stripped: String = std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .map(|l| l.split(",\"prev\"").next().unwrap().to_owned() + "}\n")
        .collect();
    std::fs::write(&path, stripped).unwrap();
    let (code, text) = run(&path, false);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("stripped"), "{text}");
}

/// A pack of the log at `log`, signed with a fixed test key; the key's hex.
fn pack_of(log: &Path, out: &Path) -> String {
    use scopekeeper_core::clock::SystemClock;
    use scopekeeper_core::evidence::{self, EvidenceInput, EvidenceKey};
    let log = ActionLog::new(log);
    let key = EvidenceKey::from_seed(&[7; 32]);
    let (actions, chain) = evidence::log_range(&log, None).unwrap();
    let input = EvidenceInput {
        // A pack's fields are anyone's text: this one would turn the terminal red.
        actor: "auditor\u{1b}[31m".into(),
        actions,
        log_chain: Some(chain),
        ..EvidenceInput::default()
    };
    std::fs::write(out, evidence::build(input, &key, &SystemClock)).unwrap();
    key.public().hex
}

fn against(path: &Path, pack: &Path, config: &Path) -> (i32, String) {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_scopekeeper"))
        .args(["log", "verify", "--file", path.to_str().unwrap()])
        .args(["--against", pack.to_str().unwrap()])
        .env("SCOPEKEEPER_CONFIG_DIR", config)
        .output()
        .unwrap();
    code_and_text(&o)
}

#[test]
fn against_a_pack_the_log_must_still_hold_its_signed_head() {
    let dir = tempfile::tempdir().unwrap();
    let (path, pack, config) = (
        dir.path().join("actions.jsonl"),
        dir.path().join("pack.json"),
        dir.path().join("config"),
    );
    write_log(&path);
    let key = pack_of(&path, &pack);
    let (code, text) = against(&path, &pack, &config);
    assert_eq!(code, 3, "signer not pinned yet: {text}");
    assert!(text.contains("signer NOT verified"), "{text}");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_scopekeeper"))
        .args(["evidence", "trust", &key])
        .env("SCOPEKEEPER_CONFIG_DIR", &config)
        .output()
        .unwrap();
    assert!(o.status.success());
    let (code, text) = against(&path, &pack, &config);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("still holds the head"), "{text}");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_scopekeeper"))
        .args(["evidence", "verify", pack.to_str().unwrap()])
        .env("SCOPEKEEPER_CONFIG_DIR", &config)
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "pinned signer: {shown}");
    assert!(!o.stdout.contains(&0x1b), "raw escape: {shown:?}");
    assert!(shown.contains("by auditor\\u{1b}[31m"), "{shown}");

    // The whole log rewritten with every hash recomputed (and its anchor with it): the log
    // alone verifies, the pack's head does not match.
    let edited = std::fs::read_to_string(&path).unwrap();
    let log = ActionLog::new(&path);
    std::fs::remove_file(&path).unwrap();
    std::fs::remove_file(dir.path().join("actions.jsonl.anchor.json")).unwrap();
    for line in edited.lines() {
        let mut e: ActionEntry = serde_json::from_str(line).unwrap();
        e.detail = e.detail.replace("Step", "Stage");
        log.append(&e).unwrap();
    }
    assert_eq!(run(&path, false).0, 0, "the rewritten log alone verifies");
    let (code, text) = against(&path, &pack, &config);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("does NOT hold the head"), "{text}");
}
