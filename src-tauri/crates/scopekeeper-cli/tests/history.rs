//! `scopekeeper audit` records each run in the app's history and `--since` prints what changed;
//! `scopekeeper history` lists the runs. On a simulated MindBridge tenant added through the CLI
//! (its credential in a private Secret Service): audit, revoke a token at the vendor, audit
//! again, and the token is listed as vanished. A damaged history database is an error naming
//! its path, and the audit still prints without touching it.

use std::sync::Arc;

use scopekeeper_core::action_log::ActionLog;
use scopekeeper_core::clock::SystemClock;
use scopekeeper_core::connection::{credential_key, ConnectionStore};
use scopekeeper_core::desk::Desk;
use scopekeeper_core::history::{local_date, FILE_NAME};
use scopekeeper_core::secret::secret;
use scopekeeper_core::secret_store::{MemorySecretStore, SecretStore};
use scopekeeper_core::vendor::{HttpPolicy, VendorHttp};
use scopekeeper_sim::{start, SimConfig};
use serde_json::Value;

mod support;
use support::keyring::PrivateKeyring;
use support::out;

fn ok(k: &PrivateKeyring, args: &[&str]) -> String {
    let o = k.sk(args, "");
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", out(&o));
    out(&o)
}

fn json(k: &PrivateKeyring, args: &[&str]) -> Value {
    let o = k.sk(args, "");
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", out(&o));
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}: {}", out(&o)))
}

/// Revokes a token at the tenant through a desk on the CLI's own connections file.
async fn revoke(k: &PrivateKeyring, conn: &str, token: &str, credential: &str) {
    let store = Arc::new(MemorySecretStore::new());
    store
        .store(&credential_key(conn), &secret(credential.to_owned()))
        .unwrap();
    let desk = Desk::new(
        VendorHttp::new(HttpPolicy::default()),
        Arc::new(SystemClock),
        store,
        ConnectionStore::open(&k.app_dir("config").join("connections.json")),
        ActionLog::new(&k.app_dir("data").join("actions.jsonl")),
        "tester".into(),
    );
    let choice = scopekeeper_core::desk::RevokeChoice {
        listed_as: desk.listed_as(&desk.connection(conn).unwrap()).unwrap(),
        confirmed_breaks: Vec::new(),
    };
    desk.revoke_token(conn, token, &choice).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_since_last_lists_a_revoked_token_and_history_lists_the_runs() {
    let sim = start(SimConfig::default()).await.unwrap();
    let k = PrivateKeyring::start();
    let h = &sim.handshake.mindbridge;
    let nothing = ok(&k, &["history"]);
    assert!(nothing.contains("No audits recorded yet"), "{nothing}");
    assert_eq!(json(&k, &["history", "--json"]), serde_json::json!([]));
    let conn = add_mindbridge(&k, h, "MB prod");

    let first = ok(&k, &["audit", "--since", "last"]);
    assert!(first.contains("no earlier audit"), "{first}");
    let report = json(&k, &["history", "--json"]);
    assert_eq!(report.as_array().unwrap().len(), 1);

    let listed = json(&k, &["audit", "--json"]);
    let rows = listed["assessment"]["rows"].as_array().unwrap();
    let victim = rows
        .iter()
        .find(|r| r["token"]["name"] == "ci-read")
        .expect("the seeded ci-read token");
    let victim_id = victim["token"]["id"].as_str().unwrap().to_owned();
    revoke(&k, &conn, &victim_id, &h.token).await;

    let text = ok(&k, &["audit", "--since", "last"]);
    let line = text
        .lines()
        .find(|l| l.contains("ci-read"))
        .unwrap_or_else(|| panic!("the revoked token is listed: {text}"));
    assert!(line.trim_start().starts_with("- "), "{line}");
    assert!(line.contains("vanished (revoked or gone)"), "{line}");
    assert!(text.contains("0 new, 1 vanished"), "{text}");

    // Since today: the latest other run (the one just before), which nothing changed since.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let today = local_date(now);
    let both = json(&k, &["audit", "--json", "--since", &today]);
    assert!(both["report"]["assessment"]["rows"].is_array());
    assert_eq!(
        both["changes"]["counts"]["vanished"], 0,
        "{}",
        both["changes"]
    );
    let before = json(&k, &["audit", "--json", "--since", "2020-01-01"]);
    assert!(before["changes"].is_null());

    let runs = json(&k, &["history", "--json", "--limit", "10"]);
    assert_eq!(runs.as_array().unwrap().len(), 5);
    assert_eq!(runs[0]["connections"][0]["label"], "MB prod");
    let table = ok(&k, &["history", "--limit", "2"]);
    assert_eq!(table.lines().count(), 3, "a head and two runs: {table}");
    assert!(table.lines().nth(1).unwrap().contains("MB prod"), "{table}");
}

/// Adds the simulated MindBridge tenant as connection "MB prod"; its id.
fn add_mindbridge(
    k: &PrivateKeyring,
    h: &scopekeeper_sim::MindBridgeAccess,
    label: &str,
) -> String {
    let added = k.sk(
        &[
            "connections",
            "add",
            "--json",
            "--vendor",
            "mindbridge",
            "--label",
            label,
            "--base-url",
            &h.base_url,
        ],
        &h.token,
    );
    assert!(added.status.success(), "{}", out(&added));
    serde_json::from_slice::<Value>(&added.stdout).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_with_a_list_altered_in_the_file_is_damaged_in_history_and_refused_by_since() {
    let sim = start(SimConfig::default()).await.unwrap();
    let k = PrivateKeyring::start();
    add_mindbridge(&k, &sim.handshake.mindbridge, "MB prod");
    ok(&k, &["audit"]);
    let path = k.app_dir("data").join(FILE_NAME);
    // Someone edits the file: one scope's grants in the catalog the first run used.
    let edited = rusqlite::Connection::open(&path)
        .unwrap()
        .execute(
            "UPDATE sets SET items = '[\"forged\"]' \
             WHERE id = (SELECT min(grants) FROM catalog_scopes)",
            [],
        )
        .unwrap();
    assert_eq!(edited, 1);

    let o = k.sk(&["history"], "");
    assert_eq!(
        o.status.code(),
        Some(1),
        "a damaged run is a finding: {}",
        out(&o)
    );
    let text = out(&o);
    let row = text.lines().nth(1).unwrap_or_default();
    assert!(row.starts_with("1 DAMAGED"), "the run is marked: {text}");
    assert!(
        text.contains("Run 1 is DAMAGED") && text.contains("run a new audit"),
        "said in words with what to do: {text}"
    );
    let o = k.sk(&["history", "--json"], "");
    let runs: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        runs[0]["damaged"].as_str().unwrap().contains("SHA-256"),
        "{runs}"
    );

    let o = k.sk(&["audit", "--since", "last"], "");
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    // The new run judged with the same catalog version, so it holds the altered list too.
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("run 2 ") && stderr.contains("damaged"),
        "refused, naming the run: {stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn since_last_after_an_audit_of_one_connection_compares_each_with_its_own_last_reading() {
    let sim = start(SimConfig::default()).await.unwrap();
    let k = PrivateKeyring::start();
    let h = &sim.handshake.mindbridge;
    let prod = add_mindbridge(&k, h, "MB prod");
    ok(&k, &["audit"]);
    // The same tenant again as a second connection, audited alone: then a full audit.
    let other = add_mindbridge(&k, h, "MB other");
    ok(&k, &["audit", "--connection", &other]);
    let text = ok(&k, &["audit", "--since", "last"]);
    assert!(
        text.contains("0 new, 0 vanished"),
        "no token of MB prod is new: {text}"
    );
    assert!(
        !text.lines().any(|l| l.trim_start().starts_with("+ ")),
        "no token listed as new: {text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("Compared with its last reading:")
                && l.contains("\u{201c}MB prod\u{201d}")
                && l.ends_with("(run 1)")),
        "MB prod is compared with the run that read it: {text}"
    );

    // A third connection, never read before: not compared, never new.
    let third = add_mindbridge(&k, h, "MB third");
    let both = json(&k, &["audit", "--json", "--since", "last"]);
    let changes = &both["changes"];
    assert_eq!(changes["counts"]["new"], 0, "{changes}");
    let not: Vec<&str> = changes["not_compared"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["connection_id"].as_str().unwrap())
        .collect();
    assert_eq!(not, [third.as_str()], "{changes}");
    assert!(changes["not_compared"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("no earlier audit"));
    let text = ok(
        &k,
        &[
            "audit",
            "--connection",
            &prod,
            "--connection",
            &third,
            "--since",
            "last",
        ],
    );
    assert!(text.contains("0 new"), "{text}");
    let not: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("Not compared"))
        .collect();
    assert_eq!(not.len(), 1, "{text}");
    assert!(
        not[0].contains("MB other") && not[0].contains("not part of the later run"),
        "{text}"
    );
}

#[test]
fn a_bad_since_is_a_usage_error_naming_the_format() {
    let k = PrivateKeyring::start();
    for (args, expect) in [
        (vec!["audit", "--since", "2026-13-01"], "YYYY-MM-DD"),
        (vec!["audit", "--since", "yesterday"], "YYYY-MM-DD"),
        (
            vec!["audit", "--since", "last", "--format", "csv"],
            "text and json",
        ),
    ] {
        let o = k.sk(&args, "");
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", out(&o));
        assert!(out(&o).contains(expect), "{args:?}: {}", out(&o));
    }
}

#[test]
fn a_damaged_history_is_an_error_with_its_path_and_is_left_untouched() {
    let k = PrivateKeyring::start();
    let path = k.app_dir("data").join(FILE_NAME);
    let garbage = b"not a database at all\n".repeat(100);
    std::fs::write(&path, &garbage).unwrap();
    let o = k.sk(&["history"], "");
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains(&path.display().to_string()), "{stderr}");
    assert!(stderr.contains("move it aside"), "{stderr}");

    // The audit still runs and prints; the history is a warning, and the file stays as it was.
    let o = k.sk(&["audit", "--json"], "");
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("warning: this audit was not saved"),
        "{stderr}"
    );
    assert!(stderr.contains(&path.display().to_string()), "{stderr}");
    assert!(serde_json::from_slice::<Value>(&o.stdout).is_ok());
    let o = k.sk(&["audit", "--since", "last"], "");
    assert_eq!(
        o.status.code(),
        Some(1),
        "--since cannot be answered: {}",
        out(&o)
    );
    assert_eq!(std::fs::read(&path).unwrap(), garbage);
}
