//! `scopekeeper evidence` with a real Secret Service on a private D-Bus session: the first
//! export makes the signing key in the OS keyring (read back with libsecret's own client, and
//! found in no file and no output), the pack verifies, one byte changed anywhere makes it fail
//! with the reason, and `--key` ties it to the expected signer.

mod support;
use support::keyring::PrivateKeyring;
use support::out;

use std::path::Path;
use std::process::Output;

use scopekeeper_core::action_log::{ActionEntry, ActionLog};
use serde_json::Value;

fn write_log(k: &PrivateKeyring) {
    let log = ActionLog::new(&k.app_dir("data").join("actions.jsonl"));
    for (i, action) in ["created", "revoked"].iter().enumerate() {
        log.append(&ActionEntry {
            at: format!("2026-11-2{i}T10:00:00Z"),
            actor: "admin".into(),
            action: action.to_string(),
            vendor: "mindbridge".into(),
            connection: "Sandbox".into(),
            connection_id: Some("c1".into()),
            sandbox: true,
            token_id: Some("t1".into()),
            token_name: Some("ci".into()),
            scopes: vec!["api.tasks.read".into()],
            detail: format!("Step {i}."),
        })
        .unwrap();
    }
}

fn verify(k: &PrivateKeyring, file: &Path, key: Option<&str>) -> Output {
    let mut args = vec!["evidence", "verify", file.to_str().unwrap()];
    if let Some(key) = key {
        args.extend(["--key", key]);
    }
    k.sk(&args, "")
}

#[test]
fn a_pack_is_signed_with_the_keyring_key_and_fails_after_any_one_byte_change() {
    let k = PrivateKeyring::start();
    write_log(&k);
    let shown = k.sk(&["evidence", "key"], "");
    assert!(
        out(&shown).contains("No evidence signing key yet"),
        "{}",
        out(&shown)
    );
    assert_eq!(
        k.lookup("evidence-signing-key"),
        None,
        "showing made no key"
    );

    let pack = k.app_dir("data").join("evidence/pack.json");
    let o = k.sk(
        &[
            "evidence",
            "export",
            "--out",
            pack.to_str().unwrap(),
            "--json",
        ],
        "",
    );
    assert!(o.status.success(), "{}", out(&o));
    let exported: Value = serde_json::from_slice(&o.stdout).unwrap();
    let public = exported["pack"]["public_key"]["hex"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(exported["pack"]["actions"], 2);
    assert_eq!(exported["pack"]["log_intact"], true);

    // The secret half is in the OS keyring and nowhere else.
    let seed = k
        .lookup("evidence-signing-key")
        .expect("the key is in the keyring");
    assert_eq!(seed.len(), 64);
    for (path, text) in k.written_files() {
        assert!(
            !text.contains(&seed),
            "{} holds the signing key",
            path.display()
        );
    }
    assert!(!out(&o).contains(&seed));
    let shown = k.sk(&["evidence", "key"], "");
    assert!(out(&shown).contains(&public), "{}", out(&shown));

    // Whole, but signed by a key nobody vouched for: not VALID, exit 3.
    let o = verify(&k, &pack, None);
    assert_eq!(o.status.code(), Some(3), "{}", out(&o));
    assert!(out(&o).contains("signer NOT verified"), "{}", out(&o));
    assert!(!out(&o).starts_with("VALID"), "{}", out(&o));
    assert!(verify(&k, &pack, Some(&public)).status.success());
    let pinned = k.sk(&["evidence", "trust", &public], "");
    assert!(pinned.status.success(), "{}", out(&pinned));
    let o = verify(&k, &pack, None);
    assert!(o.status.success(), "pinned: {}", out(&o));
    assert!(out(&o).starts_with("VALID"), "{}", out(&o));
    one_byte_changes_fail(&k, &pack);
    other_keys_fail(&k, &pack, &public);
}

fn one_byte_changes_fail(k: &PrivateKeyring, pack: &Path) {
    let bytes = std::fs::read(pack).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    let at = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("{needle} in the pack"))
    };
    let changes = [
        ("an indent", at("\n  \"actor\"") + 1, b'\t', "exact form"),
        (
            "a space after a colon",
            at("\"actor\": ") + 8,
            b'\t',
            "exact form",
        ),
        (
            "the signature",
            at("\"signature\": \"") + 20,
            b'x',
            "signature",
        ),
        ("a log line", at("Step 1.") + 5, b'7', "`actions` part"),
        ("the time", at("\"created_at\": \"") + 16, b'9', "signature"),
        ("the first byte", 0, b'[', "not an evidence pack"),
    ];
    let bad = pack.with_file_name("altered.json");
    for (what, pos, byte, reason) in changes {
        let mut altered = bytes.clone();
        assert_ne!(altered[pos], byte, "{what} must change");
        altered[pos] = byte;
        std::fs::write(&bad, &altered).unwrap();
        let o = verify(k, &bad, None);
        assert_eq!(o.status.code(), Some(1), "{what}: {}", out(&o));
        assert!(out(&o).starts_with("INVALID"), "{what}: {}", out(&o));
        assert!(out(&o).contains(reason), "{what}: {}", out(&o));
    }
    let o = k.sk(&["evidence", "verify", bad.to_str().unwrap(), "--json"], "");
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        (report["valid"].clone(), report["reason"].clone()),
        (false.into(), "format".into())
    );
}

fn other_keys_fail(k: &PrivateKeyring, pack: &Path, public: &str) {
    let other = if public.starts_with('a') { "b" } else { "a" }.repeat(64);
    let o = verify(k, pack, Some(&other));
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(out(&o).contains("not by the expected key"), "{}", out(&o));
    let o = verify(k, pack, Some("not-hex"));
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert!(out(&o).contains("64 hex characters"), "{}", out(&o));
}
