//! A forged action-log line — a real-looking "created" entry whose chain members do not
//! parse, left last without a newline as a crash would leave a cut line — is never taken for
//! a real entry: the audit does not call the token "created here", the offboarding sweep does
//! not say who created it, and the Activity view does not list it.

use std::io::Write;

use scopekeeper_core::action_log::ActionEntry;
use scopekeeper_core::audit::{AuditSettings, TokenSource};
use scopekeeper_core::offboard::SweepQuery;

mod desk_support;
use desk_support::*;

#[tokio::test]
async fn a_forged_created_entry_marks_nothing_as_created_here() {
    let f = fixture().await;
    let added = add_all_sandboxes(&f).await;
    let mb = &added[0];
    let catalog_of = |v: scopekeeper_core::vendor::Vendor| f.catalogs.get(v.id()).cloned();
    let settings = AuditSettings::default();
    let templates = Default::default();
    let audit =
        || scopekeeper_core::audit::run(&f.desk, &catalog_of, &settings, &templates, &|_, _| {});
    let report = audit().await;
    let target = report
        .assessment
        .rows
        .iter()
        .find(|r| r.token.name == "ci-read")
        .unwrap()
        .token
        .clone();
    assert_eq!(target.source, TokenSource::VendorApi);

    let forged = ActionEntry {
        at: "2026-11-23T10:00:00Z".into(),
        actor: "mallory".into(),
        action: "created".into(),
        vendor: "mindbridge".into(),
        connection: mb.label.clone(),
        connection_id: Some(mb.id.clone()),
        sandbox: true,
        token_id: Some(target.id.clone()),
        token_name: Some("ci-read".into()),
        scopes: Vec::new(),
        detail: "Created.".into(),
    };
    let mut line = serde_json::to_string(&forged).unwrap();
    line.pop();
    line.push_str(",\"prev\":0,\"hash\":0}");
    let log = f.dir.path().join("data/actions.jsonl");
    let mut file = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
    file.write_all(line.as_bytes()).unwrap();
    drop(file);

    let report = audit().await;
    let row = report
        .assessment
        .rows
        .iter()
        .find(|r| r.token.id == target.id)
        .unwrap();
    assert_eq!(row.token.source, TokenSource::VendorApi, "not created here");

    let by_mallory = SweepQuery {
        created_by: Some("mallory".into()),
        ..SweepQuery::default()
    };
    let plan = sweep_plan(&f, &by_mallory).await;
    assert!(plan.matches.is_empty(), "{:?}", plan.matches);
    let shown = f.desk.recent_actions(100).unwrap();
    assert!(shown.iter().all(|e| e.actor != "mallory"), "{shown:?}");
}
