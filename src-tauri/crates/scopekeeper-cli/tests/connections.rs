//! `scopekeeper connections …` against a simulated tenant, with a real Secret Service on a
//! private D-Bus session: the credential comes from stdin, lands in the OS keyring (read back
//! with libsecret's own client) and nowhere else, and leaves with the connection.

mod support;
use support::keyring::PrivateKeyring;
use support::out;

use std::process::Output;

use scopekeeper_sim::{start, MindBridgeAccess, SimConfig};
use serde_json::Value;

fn listed(k: &PrivateKeyring) -> Vec<Value> {
    let o = k.sk(&["connections", "list", "--json"], "");
    assert!(o.status.success(), "{}", out(&o));
    serde_json::from_slice::<Value>(&o.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_is_added_from_stdin_kept_in_the_os_keyring_tested_and_removed() {
    let sim = start(SimConfig::default()).await.unwrap();
    let k = PrivateKeyring::start();
    let h = &sim.handshake.mindbridge;
    let (id, added) = added_from_stdin(&k, h);
    let (tested, removed) = tested_and_removed(&k, &id);

    // The secret was never written anywhere but the keyring; the app's log has each step.
    for (path, text) in k.written_files() {
        assert!(
            !text.contains(&h.token),
            "{} holds the credential",
            path.display()
        );
    }
    let log = std::fs::read_to_string(k.app_dir("data").join("actions.jsonl")).unwrap();
    for action in [
        "connection_added",
        "connection_tested",
        "connection_removed",
    ] {
        assert!(
            log.contains(&format!("\"action\":\"{action}\"")),
            "{action} in {log}"
        );
    }
    for o in [&added, &tested, &removed] {
        assert!(!out(o).contains(&h.token), "output shows the credential");
    }
}

/// Adds the tenant with its token on stdin (and refuses two bad adds); the id and the output.
fn added_from_stdin(k: &PrivateKeyring, h: &MindBridgeAccess) -> (String, Output) {
    let add = |label: &str, base: &str, secret: &str| {
        k.sk(
            &[
                "connections",
                "add",
                "--vendor",
                "mindbridge",
                "--label",
                label,
                "--base-url",
                base,
                "--json",
            ],
            &format!("{secret}\n"),
        )
    };

    let added = add("Production", &h.base_url, &h.token);
    assert!(added.status.success(), "{}", out(&added));
    let conn: Value = serde_json::from_slice(&added.stdout).unwrap();
    let id = conn["id"].as_str().unwrap().to_owned();
    assert_eq!(conn["key_kind"], "api-token", "the vendor's only kind");
    assert_eq!(
        k.lookup(&format!("connection:{id}")).as_deref(),
        Some(h.token.as_str()),
        "the Secret Service holds the credential, without the newline it was piped with"
    );

    // Plain http only to this machine, as in the app; nothing is saved.
    let refused = add(
        "Elsewhere",
        "http://example.com/mindbridge",
        "unused-credential",
    );
    assert_eq!(refused.status.code(), Some(1), "{}", out(&refused));
    assert!(out(&refused).contains("https"), "{}", out(&refused));
    // A vendor with several key kinds needs --kind: a usage error.
    let no_kind = k.sk(
        &[
            "connections",
            "add",
            "--vendor",
            "bright",
            "--label",
            "B",
            "--base-url",
            "https://app.example.invalid",
        ],
        "unused-credential",
    );
    assert_eq!(no_kind.status.code(), Some(2), "{}", out(&no_kind));
    assert!(out(&no_kind).contains("--kind"));

    let list = listed(k);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["label"], "Production");
    let text = k.sk(&["connections", "list"], "");
    assert!(out(&text).contains(&id) && out(&text).contains("Production"));
    (id, added)
}

/// Tests the connection, then removes it: its keyring entry goes too.
fn tested_and_removed(k: &PrivateKeyring, id: &str) -> (Output, Output) {
    let tested = k.sk(&["connections", "test", id], "");
    assert!(tested.status.success(), "{}", out(&tested));
    assert!(
        out(&tested).contains("Scopekeeper sandbox admin"),
        "the test names the credential: {}",
        out(&tested)
    );
    let missing = k.sk(&["connections", "test", "no-such-id"], "");
    assert_eq!(missing.status.code(), Some(1));

    let removed = k.sk(&["connections", "remove", id], "");
    assert!(removed.status.success(), "{}", out(&removed));
    assert_eq!(
        k.lookup(&format!("connection:{id}")),
        None,
        "the keyring entry is gone"
    );
    assert!(listed(k).is_empty());
    (tested, removed)
}
