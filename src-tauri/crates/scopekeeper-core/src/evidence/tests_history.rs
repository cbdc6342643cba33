//! Packs from the history store: the latest run, or every run since a day, whole.

use std::collections::HashMap;

use serde_json::{json, Value};

use super::*;
use crate::audit::{AuditReport, ConnectionOutcome};
use crate::audit::{AuditToken, TokenSource};
use crate::catalog::builtin::builtin;
use crate::history::tests::assess_mb;
use crate::history::HistoryStore;
use crate::vendor::Vendor;

const DAY: i64 = 86_400_000;
const T0: i64 = 1_796_094_000_000;

/// A run at `at_ms` of one MindBridge connection that saw tokens with these ids, never expiring
/// (a finding for each).
fn run(at_ms: i64, ids: &[&str]) -> AuditReport {
    let tokens: Vec<AuditToken> = ids
        .iter()
        .map(|id| AuditToken {
            vendor: Vendor::MindBridge,
            connection_id: "c1".into(),
            id: id.to_string(),
            name: format!("{id}-name"),
            created_ms: None,
            expires_ms: None,
            last_used_ms: None,
            allowlist: Vec::new(),
            scopes: vec!["api.tasks.read".into()],
            permissions: vec!["api.tasks.read".into()],
            is_connection_credential: false,
            credential_of: Vec::new(),
            listed_as: String::new(),
            owner: None,
            source: TokenSource::VendorApi,
            broad_reach: None,
            reach: Vec::new(),
        })
        .collect();
    let cat = builtin("mindbridge").unwrap();
    let order = HashMap::from([("c1".to_owned(), (0, "MB".to_owned()))]);
    let assessment = assess_mb(at_ms, tokens, &cat, &order);
    AuditReport {
        generated_at: format!("run at {at_ms}"),
        generated_ms: at_ms,
        actor: "tester".into(),
        selected_of: None,
        assessment,
        outcomes: vec![ConnectionOutcome {
            connection_id: "c1".into(),
            label: "MB".into(),
            vendor: Vendor::MindBridge,
            tokens: ids.len(),
            error: None,
            unlisted: false,
        }],
    }
}

#[test]
fn the_latest_run_or_every_run_since_a_day() {
    let dir = tempfile::tempdir().unwrap();
    let store = HistoryStore::open(&dir.path().join("history.sqlite3")).unwrap();
    assert_eq!(history_snapshots(&store, None).unwrap().0.len(), 0);
    let cat = builtin("mindbridge").unwrap();
    for (i, ids) in [vec!["a", "b"], vec!["a"], vec!["a", "c"]]
        .iter()
        .enumerate()
    {
        let report = run(T0 + i as i64 * DAY, ids);
        store.save(&report, &[(Vendor::MindBridge, &cat)]).unwrap();
    }

    let (latest, findings) = history_snapshots(&store, None).unwrap();
    assert_eq!(latest.len(), 1);
    let tokens: Vec<&str> = latest[0]["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["token_id"].as_str().unwrap())
        .collect();
    assert_eq!(tokens, vec!["a", "c"], "the run's tokens, whole");
    assert_eq!(latest[0]["changes_since_previous"]["counts"]["new"], 1);
    tokens_whole_and_findings_with_severities(&latest[0], &findings);

    let (since, _) = history_snapshots(&store, Some(T0 + DAY)).unwrap();
    let at: Vec<i64> = since
        .iter()
        .map(|s| s["run"]["at_ms"].as_i64().unwrap())
        .collect();
    assert_eq!(
        at,
        vec![T0 + DAY, T0 + 2 * DAY],
        "oldest first, from the day on"
    );
}

#[test]
fn a_damaged_run_in_the_period_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    let store = HistoryStore::open(&path).unwrap();
    let cat = builtin("mindbridge").unwrap();
    for (i, ids) in [vec!["a"], vec!["b", "c"]].iter().enumerate() {
        let report = run(T0 + i as i64 * DAY, ids);
        store.save(&report, &[(Vendor::MindBridge, &cat)]).unwrap();
    }
    // The first run's findings list, edited in the file to hold nothing.
    let edited = rusqlite::Connection::open(&path)
        .unwrap()
        .execute(
            "UPDATE sets SET items = '[]' WHERE id = \
             (SELECT findings FROM run_tokens WHERE run_id = 1 LIMIT 1)",
            [],
        )
        .unwrap();
    assert_eq!(edited, 1);
    let e = history_snapshots(&store, Some(T0)).unwrap_err();
    assert!(
        e.message.contains("No evidence pack was made") && e.message.contains("run 1 "),
        "{}",
        e.message
    );
    assert!(e.message.contains("damaged"), "{}", e.message);
}

/// The latest run's tokens are whole (not changes), and each finding entry names a token with
/// its findings' rules, severities and points, as the snapshot holds them.
fn tokens_whole_and_findings_with_severities(latest: &Value, findings: &[Value]) {
    let a = &latest["tokens"][0];
    assert_eq!(a["key"], "mindbridge/c1/a");
    assert_eq!(
        a["expires_ms"],
        Value::Null,
        "no expiry, stated even when unchanged"
    );
    assert_eq!(a["allowlist"], json!([]));
    assert_eq!(a["scopes"], json!(["api.tasks.read"]));
    assert_eq!(a["source"], "vendor_api");
    assert!(a["band"].is_string() && a["score"].as_u64().unwrap() > 0);
    assert!(a.get("rules_added").is_none(), "a token, not a change");

    let latest_id = latest["run"]["id"].clone();
    let keys: Vec<&str> = findings
        .iter()
        .map(|f| f["token"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        ["mindbridge/c1/a", "mindbridge/c1/c"],
        "tokens without expiry"
    );
    for f in findings {
        assert_eq!(f["run_id"], latest_id);
        let list = f["findings"].as_array().unwrap();
        assert!(!list.is_empty());
        for item in list {
            assert!(item["rule"].is_string(), "{item}");
            assert!(
                ["low", "medium", "high", "critical"].contains(&item["severity"].as_str().unwrap()),
                "{item}"
            );
            assert!(item["points"].as_u64().unwrap() > 0, "{item}");
        }
        let token = latest["tokens"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["key"] == f["token"])
            .unwrap();
        assert_eq!(
            f["findings"], token["findings"],
            "as the snapshot holds them"
        );
    }
}
