//! The workbench's sweep and connection edits over real HTTP to the simulators: saving or
//! removing a connection drops the sweep's plan (a revoke then asks for a new dry run), one
//! sweep revokes at a time and what it revoked leaves the last report, and a registered token
//! forgotten leaves the file and the last report.

use scopekeeper_core::desk::Declared;
use scopekeeper_core::error::ErrorKind;
use scopekeeper_core::offboard::{SweepPlan, SweepQuery, SweepResult, SweepTarget};
use scopekeeper_core::secret::SecretString;
use scopekeeper_core::vendor::Vendor;
use scopekeeper_sim::FaultRule;

mod desk_support;
use desk_support::input;
use desk_support::workbench::*;

fn former() -> SweepQuery {
    SweepQuery {
        owners: vec!["former".into()],
        ..Default::default()
    }
}

fn every_match(plan: &SweepPlan) -> Vec<SweepTarget> {
    plan.matches
        .iter()
        .map(|m| SweepTarget {
            connection_id: m.token.connection_id.clone(),
            token_id: m.token.id.clone(),
            confirmed_breaks: Vec::new(),
        })
        .collect()
}

async fn asks_for_a_dry_run(b: &Bench, targets: &[SweepTarget]) {
    let e =
        b.wb.sweep_revoke(targets, &targets.len().to_string(), |_| {})
            .await
            .unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidInput);
    assert!(e.message.contains("Run the dry run first"), "{}", e.message);
}

#[tokio::test]
async fn saving_or_removing_a_connection_drops_the_plan_so_a_revoke_asks_for_a_new_dry_run() {
    let b = bench().await;
    let plan = b.wb.sweep_plan(&former(), |_| {}).await.unwrap();
    let targets = every_match(&plan);
    assert!(
        !targets.is_empty(),
        "the simulators hold a former owner's tokens"
    );

    let base = b.sim.handshake.mindbridge.base_url.clone();
    let token = b.sim.handshake.mindbridge.token.clone();
    let added =
        b.wb.save_connection(input("mindbridge", "api-token", &base, &token))
            .await
            .unwrap();
    asks_for_a_dry_run(&b, &targets).await;

    b.wb.sweep_plan(&former(), |_| {}).await.unwrap();
    b.wb.remove_connection(&added.id).await.unwrap();
    asks_for_a_dry_run(&b, &targets).await;
    assert!(
        !b.wb.desk().connections().iter().any(|c| c.id == added.id),
        "the connection is removed all the same"
    );
}

#[tokio::test]
async fn one_sweep_revokes_at_a_time_and_what_it_revoked_leaves_the_last_report() {
    let b = bench().await;
    let before = run(&b).await;
    let plan = b.wb.sweep_plan(&former(), |_| {}).await.unwrap();
    let targets = every_match(&plan);
    let typed = targets.len().to_string();
    b.sim
        .add_fault("mindbridge.delete=slow:300".parse::<FaultRule>().unwrap());

    let query = former();
    let (first, second, replan, select) = tokio::join!(
        b.wb.sweep_revoke(&targets, &typed, |_| {}),
        b.wb.sweep_revoke(&targets, &typed, |_| {}),
        b.wb.sweep_plan(&query, |_| {}),
        async { b.wb.sweep_select(&["any".into()]) },
    );
    // Nor is a new plan made meanwhile (it would be shown beside the outcome).
    assert_eq!(replan.unwrap_err().kind, ErrorKind::Conflict);
    assert_eq!(select.unwrap_err().kind, ErrorKind::Conflict);
    let out = first.unwrap();
    assert!(
        out.iter().all(|o| o.result == SweepResult::Revoked),
        "{out:?}"
    );
    assert_eq!(second.unwrap_err().kind, ErrorKind::Conflict);
    let again = b.wb.sweep_revoke(&targets, "0", |_| {}).await.unwrap_err();
    assert_ne!(again.kind, ErrorKind::Conflict, "the first revoke is over");

    let after = b.wb.last_report().unwrap();
    assert_eq!(
        after.assessment.rows.len(),
        before.assessment.rows.len() - targets.len()
    );
    for t in &targets {
        assert!(
            !after
                .assessment
                .rows
                .iter()
                .any(|r| r.token.connection_id == t.connection_id && r.token.id == t.token_id),
            "{} was revoked",
            t.token_id
        );
    }
    assert_eq!(after.assessment.by_severity, counted(&after));
    let csv = String::from_utf8(b.wb.sweep_export().unwrap().bytes).unwrap();
    assert_eq!(csv.lines().count(), targets.len() + 1, "{csv}");
}

#[tokio::test]
async fn a_forgotten_registered_token_leaves_the_file_and_the_last_report() {
    let b = bench().await;
    let bright =
        b.wb.desk()
            .connections()
            .into_iter()
            .find(|c| c.vendor == Vendor::Bright)
            .unwrap();
    let declared = Declared {
        name: "dast-ci".into(),
        scopes: vec!["scans".into()],
        expires_on: Some("2027-01-31".into()),
    };
    let pasted = SecretString::from(b.sim.handshake.bright.api_key.clone());
    let checked =
        b.wb.desk()
            .verify_pasted(&bright.id, pasted, None, Some(declared))
            .await
            .unwrap();
    let fingerprint = checked.registered.expect("registered");
    let is_it = |r: &scopekeeper_core::audit::AuditRow| {
        r.token.connection_id == bright.id && r.token.id == fingerprint
    };
    assert!(run(&b).await.assessment.rows.iter().any(is_it));
    let file = std::fs::read_to_string(b.places.registered()).unwrap();
    assert!(
        file.contains(&fingerprint),
        "registered where Places names it"
    );

    b.wb.forget_registered(&bright.id, &fingerprint).unwrap();
    assert!(!b
        .wb
        .last_report()
        .unwrap()
        .assessment
        .rows
        .iter()
        .any(is_it));
    let file = std::fs::read_to_string(b.places.registered()).unwrap();
    assert!(!file.contains(&fingerprint), "{file}");
    assert!(!run(&b).await.assessment.rows.iter().any(is_it));
    let again =
        b.wb.forget_registered(&bright.id, &fingerprint)
            .unwrap_err();
    assert_eq!(again.kind, ErrorKind::NotFound);
}
