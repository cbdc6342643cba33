//! The workbench's audit over real HTTP to the simulators: a finished run is saved to the
//! history and becomes the last report; a revoke drops the token from the last report, which is
//! judged again; a template for another vendor or naming an unknown scope is refused and nothing
//! is saved, while a valid one is saved and judged against; a cancelled run keeps nothing.

use std::collections::BTreeSet;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use scopekeeper_core::audit::{token_key, AuditReply, Template, TemplateSource};
use scopekeeper_core::clock::SystemClock;
use scopekeeper_core::error::ErrorKind;
use scopekeeper_core::places::Places;
use scopekeeper_core::secret_store::MemorySecretStore;
use scopekeeper_core::vendor::{HttpPolicy, Vendor, VendorHttp};
use scopekeeper_core::workbench::{NoSandbox, Tools, Workbench};
use scopekeeper_sim::FaultRule;

mod desk_support;
use desk_support::workbench::*;

#[tokio::test]
async fn a_finished_audit_is_saved_to_the_history_and_becomes_the_last_report() {
    let b = bench().await;
    let asked = b.host.asked.load(Ordering::SeqCst);
    let labels = Arc::new(Mutex::new(BTreeSet::new()));
    let heard = Arc::clone(&labels);
    let report =
        b.wb.run_audit(move |p| {
            heard.lock().unwrap().insert(p.label);
        })
        .await
        .unwrap()
        .expect("not cancelled");
    let named: BTreeSet<String> =
        b.wb.desk()
            .connections()
            .into_iter()
            .map(|c| c.label)
            .collect();
    let listed = labels.lock().unwrap().clone();
    assert!(
        !listed.is_empty() && listed.is_subset(&named),
        "progress names the connections by label: {listed:?} of {named:?}"
    );
    assert!(
        b.host.asked.load(Ordering::SeqCst) > asked,
        "sandbox connections are read only once the sandbox is made ready"
    );
    assert!(
        !report.assessment.rows.is_empty(),
        "the simulators hold tokens"
    );
    assert_eq!(
        b.wb.last_report(),
        Some(report.clone()),
        "the last report is this run"
    );

    let runs = b.wb.history_runs(10).await.unwrap();
    assert_eq!(runs.len(), 1, "the run is in the history: {runs:?}");
    assert_eq!(runs[0].at_ms, report.generated_ms);
    assert_eq!(runs[0].tokens as usize, report.assessment.rows.len());
    assert!(
        b.places.history().is_file(),
        "the history is where Places names it"
    );
    assert_eq!(
        b.wb.since_last_audit().await.unwrap(),
        None,
        "no earlier run"
    );

    let second = run(&b).await;
    assert_eq!(
        b.wb.last_report(),
        Some(second.clone()),
        "a newer run replaces the last report"
    );
    let runs = b.wb.history_runs(10).await.unwrap();
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[0].at_ms, second.generated_ms, "the newest saved is it");
    assert!(b.wb.since_last_audit().await.unwrap().is_some());
}

#[tokio::test]
async fn the_app_s_reply_is_the_last_report_s_and_its_run_is_saved_too() {
    let b = bench().await;
    let reply =
        b.wb.run_audit_reply(|_| {})
            .await
            .unwrap()
            .expect("not cancelled");
    let last = b.wb.last_report().expect("the run is the last report");
    assert_eq!(
        reply.text(),
        AuditReply::json(&last).text(),
        "the reply is written from the report kept as the last one"
    );
    let runs = b.wb.history_runs(10).await.unwrap();
    assert_eq!(runs.len(), 1, "the run is saved as well: {runs:?}");
    assert_eq!(runs[0].at_ms, last.generated_ms);

    let key = token_key(&last.assessment.rows[0].token);
    let judged = b.wb.assign_template_reply(&key, None).unwrap();
    assert_eq!(
        judged.text(),
        AuditReply::json(&b.wb.last_report().unwrap()).text(),
        "a template assigned answers the reply of the report judged again"
    );
}

#[tokio::test]
async fn a_revoked_token_leaves_the_last_report_which_is_judged_again() {
    let b = bench().await;
    let before = run(&b).await;
    let row = before
        .assessment
        .rows
        .iter()
        .find(|r| {
            r.token.vendor == Vendor::MindBridge
                && !r.token.is_connection_credential
                && !r.findings.is_empty()
        })
        .expect("a MindBridge token with findings");
    let (conn, token) = (row.token.connection_id.clone(), row.token.id.clone());

    b.wb.revoke_token(&conn, &token, &listed(&b, &conn))
        .await
        .unwrap();

    let after = b.wb.last_report().expect("still a last report");
    assert!(
        !after
            .assessment
            .rows
            .iter()
            .any(|r| r.token.connection_id == conn && r.token.id == token),
        "the revoked token is gone from the last report"
    );
    assert_eq!(
        after.assessment.rows.len(),
        before.assessment.rows.len() - 1
    );
    assert_ne!(after.assessment.by_severity, before.assessment.by_severity);
    assert_eq!(
        after.assessment.by_severity,
        counted(&after),
        "the counts are judged again without the revoked token"
    );
    assert_eq!(
        after.generated_ms, before.generated_ms,
        "still the same reading"
    );
}

#[tokio::test]
async fn a_template_for_another_vendor_or_naming_an_unknown_scope_is_refused_and_nothing_is_saved()
{
    let b = bench().await;
    let report = run(&b).await;
    let row = report
        .assessment
        .rows
        .iter()
        .find(|r| r.token.vendor == Vendor::MindBridge && !r.token.is_connection_credential)
        .expect("a MindBridge token");
    let key = token_key(&row.token);
    let template = |vendor, scopes: &[&str]| Template {
        vendor,
        source: TemplateSource::Preset,
        name: "narrow".into(),
        scopes: scopes.iter().map(|s| s.to_string()).collect(),
    };

    let other =
        b.wb.assign_template(&key, Some(template(Vendor::Cortex, &[])))
            .unwrap_err();
    assert_eq!(other.kind, ErrorKind::InvalidInput);
    assert!(
        other.message.contains("cannot be assigned"),
        "{}",
        other.message
    );
    let unknown =
        b.wb.assign_template(&key, Some(template(Vendor::MindBridge, &["no.such.scope"])))
            .unwrap_err();
    assert_eq!(unknown.kind, ErrorKind::InvalidInput);
    assert!(
        unknown.message.contains("`no.such.scope`"),
        "{}",
        unknown.message
    );
    assert!(
        !b.places.templates().exists(),
        "a refused template is never saved"
    );
    assert!(b.wb.template_store().load().unwrap().is_empty());
    assert_eq!(
        b.wb.last_report(),
        Some(report.clone()),
        "the last report is unchanged"
    );

    let judged =
        b.wb.assign_template(
            &key,
            Some(template(Vendor::MindBridge, &["api.engagements.read"])),
        )
        .unwrap();
    assert!(b.wb.template_store().load().unwrap().contains_key(&key));
    let judged_row = judged
        .assessment
        .rows
        .iter()
        .find(|r| token_key(&r.token) == key)
        .unwrap();
    assert_eq!(judged_row.template.as_deref(), Some("narrow"));
    assert_eq!(
        b.wb.last_report(),
        Some(judged),
        "the judged report is the last one"
    );
}

#[tokio::test]
async fn the_last_report_exports_only_once_there_is_one_and_only_as_csv_json_or_html() {
    let b = bench().await;
    let none = b.wb.audit_export("csv", None).unwrap_err();
    assert!(
        none.message.contains("Run the audit first"),
        "{}",
        none.message
    );
    let report = run(&b).await;
    let wrong = b.wb.audit_export("sarif", None).unwrap_err();
    assert_eq!(wrong.kind, ErrorKind::InvalidInput);
    let html = b.wb.audit_export("html", None).unwrap();
    let day = &report.generated_at[..10];
    assert_eq!(html.suggested_name, format!("scopekeeper-audit-{day}.html"));
    assert_eq!((html.filter, html.extension), ("HTML report", "html"));
    assert!(String::from_utf8(html.bytes).unwrap().contains("<html"));
}

#[tokio::test]
async fn a_cancelled_audit_returns_no_report_and_keeps_nothing_it_read() {
    let b = bench().await;
    b.sim
        .add_fault("mindbridge.query=slow:20000".parse::<FaultRule>().unwrap());
    let cancel = async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        b.wb.cancel_audit();
    };
    let (cancelled, ()) = tokio::join!(b.wb.run_audit(|_| {}), cancel);
    assert_eq!(
        cancelled.unwrap(),
        None,
        "a cancelled run answers no report"
    );
    assert_eq!(b.wb.last_report(), None, "and leaves no last report");
    assert!(
        b.wb.history_runs(10).await.unwrap().is_empty(),
        "nor a run in the history"
    );
}

#[tokio::test]
async fn on_empty_folders_an_audit_reads_nothing_and_is_still_saved() {
    let dir = tempfile::tempdir().unwrap();
    let places = Places::new(dir.path().join("config"), dir.path().join("data"));
    let tools = Tools {
        http: VendorHttp::new(HttpPolicy::default()),
        clock: Arc::new(SystemClock),
        secrets: Arc::new(MemorySecretStore::new()),
        actor: "tester".into(),
    };
    let wb = Workbench::open(places.clone(), tools, Arc::new(NoSandbox));
    assert!(wb.catalog("mindbridge").is_ok(), "the built-in catalogs");
    let report = wb.run_audit(|_| {}).await.unwrap().expect("not cancelled");
    assert!(report.assessment.rows.is_empty() && report.outcomes.is_empty());
    assert_eq!(report.actor, "tester");
    assert_eq!(wb.history_runs(5).await.unwrap().len(), 1);
    assert!(places.history().is_file());
}
