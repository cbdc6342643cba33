//! The workbench's history over real HTTP to the simulators: a history that cannot be opened
//! leaves the audit shown and its save's failure answered until a later save succeeds (the
//! opening is tried again each time); evidence packs of the saved runs, signed and checked.

use scopekeeper_core::error::ErrorKind;

mod desk_support;
use desk_support::workbench::*;

#[tokio::test]
async fn a_history_that_cannot_be_opened_is_said_after_the_audit_and_tried_again_next_time() {
    let b = bench().await;
    std::fs::create_dir_all(&b.places.data).unwrap();
    std::fs::write(b.places.history(), b"not a database, not at all").unwrap();

    let report = run(&b).await;
    assert_eq!(
        b.wb.last_report(),
        Some(report),
        "the audit is kept all the same"
    );
    let failed = b.wb.since_last_audit().await.unwrap_err();
    assert!(
        failed.message.contains("history.sqlite3"),
        "the failure names the file: {}",
        failed.message
    );
    assert!(b.wb.history_runs(10).await.is_err());

    std::fs::remove_file(b.places.history()).unwrap();
    run(&b).await;
    assert_eq!(
        b.wb.since_last_audit().await.unwrap(),
        None,
        "saved this time"
    );
    assert_eq!(b.wb.history_runs(10).await.unwrap().len(), 1);
}

#[tokio::test]
async fn an_evidence_pack_holds_the_runs_since_a_day_and_is_signed_with_a_key_it_keeps() {
    let b = bench().await;
    assert_eq!(
        b.wb.evidence_key().await.unwrap(),
        None,
        "no key before a pack"
    );
    let none = b.wb.evidence_pack(None).await.unwrap_err();
    assert_eq!(none.kind, ErrorKind::NotFound, "{}", none.message);
    let bad =
        b.wb.evidence_pack(Some("yesterday".into()))
            .await
            .unwrap_err();
    assert_eq!(bad.kind, ErrorKind::InvalidInput);

    run(&b).await;
    run(&b).await;
    let (latest, pack) = b.wb.evidence_pack(Some("  ".into())).await.unwrap();
    assert_eq!(
        (pack.snapshots, pack.since.clone()),
        (1, None),
        "blank: the latest run"
    );
    assert_eq!(pack.actor, "tester");
    assert_eq!(pack.log_intact, Some(true));
    let day = &pack.created_at[..10];
    assert_eq!(
        latest.suggested_name,
        format!("scopekeeper-evidence-{day}.json")
    );
    let key =
        b.wb.evidence_key()
            .await
            .unwrap()
            .expect("made by the first pack");
    assert_eq!(pack.public_key, key);

    let (_, both) = b.wb.evidence_pack(Some(day.to_owned())).await.unwrap();
    assert_eq!(both.snapshots, 2, "every run since today");
    assert_eq!(both.public_key, key, "the same key signs every pack");
    let chain = b.wb.log_chain_state().await.unwrap();
    assert!(chain.intact && chain.entries > 0, "{chain:?}");
}

#[tokio::test]
async fn the_files_list_says_where_each_file_is_and_which_exist_after_an_audit() {
    let b = bench().await;
    let before = b.wb.files();
    let history = b.places.history().display().to_string();
    let entry = |files: &[scopekeeper_core::places::PlacedFile]| {
        files
            .iter()
            .find(|f| f.path == history)
            .cloned()
            .expect("the history is listed")
    };
    assert!(!entry(&before).exists, "no history before the first run");

    run(&b).await;
    let after = b.wb.files();
    assert!(entry(&after).exists, "the run was saved: {after:?}");
    let connections = b.places.connections().display().to_string();
    assert!(
        after.iter().any(|f| f.path == connections && f.exists),
        "the saved connections are listed: {after:?}"
    );
    assert_eq!(after.len(), before.len());
}
