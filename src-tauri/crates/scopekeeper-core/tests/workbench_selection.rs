//! Tokens selected in the audit, over real HTTP to the simulators: reviewed and revoked as a
//! sweep's plan (a connection's own credential is never revocable, a selection made on an
//! older audit is refused whole), and exported as a subset whose counts are of the subset.

use scopekeeper_core::audit::{token_key, AuditReport};
use scopekeeper_core::error::ErrorKind;
use scopekeeper_core::offboard::{SweepPlan, SweepResult, SweepTarget};

mod desk_support;
use desk_support::workbench::*;

/// The keys of the first `n` rows that are not a connection's credential, and the key of one
/// that is.
fn picked(report: &AuditReport, n: usize) -> (Vec<String>, String) {
    let rows = &report.assessment.rows;
    let plain = rows
        .iter()
        .filter(|r| !r.token.is_connection_credential && r.token.credential_of.is_empty())
        .filter(|r| r.token.vendor.adapter().capabilities().revoke)
        .take(n)
        .map(|r| token_key(&r.token))
        .collect();
    let own = rows
        .iter()
        .find(|r| r.token.is_connection_credential)
        .map(|r| token_key(&r.token))
        .expect("a connection lists its own credential");
    (plain, own)
}

#[tokio::test]
async fn selected_tokens_are_reviewed_and_revoked_as_a_sweep_and_leave_the_last_audit() {
    let b = bench().await;
    let none = b.wb.sweep_select(&["x".into()]).unwrap_err();
    assert!(
        none.message.contains("Run the audit first"),
        "{}",
        none.message
    );
    let before = run(&b).await;
    let empty = b.wb.sweep_select(&[]).unwrap_err();
    assert_eq!(empty.kind, ErrorKind::InvalidInput);

    let (plain, own) = picked(&before, 2);
    assert_eq!(plain.len(), 2, "the simulators hold revocable tokens");
    let mut keys = plain.clone();
    keys.push(own.clone());
    keys.push(plain[0].clone()); // a key twice counts once
    let plan = b.wb.sweep_select(&keys).unwrap();
    assert_eq!(plan.matches.len(), 3, "{:?}", plan.matches);
    assert!(
        plan.summary.starts_with("selected in the audit read "),
        "{}",
        plan.summary
    );
    let (targets, own_target) = targets_of(&plan, &own);
    let refused =
        b.wb.sweep_revoke(&[own_target], "1", |_| {})
            .await
            .unwrap_err();
    assert!(
        refused.message.contains("not one this sweep can revoke"),
        "{}",
        refused.message
    );
    let wrong = b.wb.sweep_revoke(&targets, "3", |_| {}).await.unwrap_err();
    assert!(wrong.message.contains("Type 2"), "{}", wrong.message);

    let out = b.wb.sweep_revoke(&targets, "2", |_| {}).await.unwrap();
    assert!(
        out.iter().all(|o| o.result == SweepResult::Revoked),
        "{out:?}"
    );
    let after = b.wb.last_report().unwrap();
    assert_eq!(
        after.assessment.rows.len(),
        before.assessment.rows.len() - 2
    );
    assert!(!after
        .assessment
        .rows
        .iter()
        .any(|r| plain.contains(&token_key(&r.token))));
    let reply: serde_json::Value =
        serde_json::from_str(&serde_json::to_string(&b.wb.audit_reply().unwrap()).unwrap())
            .unwrap();
    assert_eq!(
        reply["assessment"]["rows"].as_array().unwrap().len(),
        after.assessment.rows.len(),
        "the audit screen reads the audit without them"
    );

    a_stale_selection_is_refused_whole(&b, &keys, &targets).await;
}

#[tokio::test]
async fn a_selected_token_renamed_at_the_vendor_since_the_audit_is_not_revoked() {
    let b = bench().await;
    // Renamed at the vendor after the audit: not revoked, and the outcome says what to do.
    let (others, _) = picked(&run(&b).await, 1);
    let plan = b.wb.sweep_select(&others).unwrap();
    assert!(plan.selected);
    let m = &plan.matches[0];
    b.wb.rename_token(&m.token.connection_id, &m.token.id, "still-needed")
        .await
        .unwrap();
    let target = SweepTarget {
        connection_id: m.token.connection_id.clone(),
        token_id: m.token.id.clone(),
        confirmed_breaks: Vec::new(),
    };
    let out = b.wb.sweep_revoke(&[target], "1", |_| {}).await.unwrap();
    assert_eq!(out[0].result, SweepResult::Failed, "{out:?}");
    assert!(
        out[0].detail.contains("changed since the audit")
            && out[0]
                .detail
                .contains("Run the audit again and select it again"),
        "{}",
        out[0].detail
    );
    let listed =
        b.wb.desk()
            .list_tokens(&m.token.connection_id)
            .await
            .unwrap();
    assert!(
        listed.iter().any(|t| t.id == m.token.id),
        "it is still there"
    );
}

#[tokio::test]
async fn a_selection_exports_alone_with_its_own_counts_as_csv_json_and_html() {
    let b = bench().await;
    let report = run(&b).await;
    let total = report.assessment.rows.len();
    let (mut keys, own) = picked(&report, 3);
    keys.push(own);
    let day = &report.generated_at[..10];

    let csv = b.wb.audit_export("csv", Some(&keys)).unwrap();
    assert_eq!(
        csv.suggested_name,
        format!("scopekeeper-audit-{day}-4-selected.csv")
    );
    let text = String::from_utf8(csv.bytes).unwrap();
    assert_eq!(text.lines().count(), 1 + 4, "{text}");
    assert!(text.lines().next().unwrap().contains("last_used"));

    let json = b.wb.audit_export("json", Some(&keys)).unwrap();
    the_json_counts_only_the_selection(&report, &json.bytes);

    let html = String::from_utf8(b.wb.audit_export("html", Some(&keys)).unwrap().bytes).unwrap();
    assert!(
        html.contains(&format!("A selection: 4 of the {total} tokens")),
        "the HTML says it is a selection"
    );
    let whole = b.wb.audit_export("json", None).unwrap();
    let w: serde_json::Value = serde_json::from_slice(&whole.bytes).unwrap();
    assert!(
        w.get("selected_of").is_none(),
        "the whole audit is not a selection"
    );

    let mut stale = keys.clone();
    stale.push("mindbridge/none/none".into());
    let gone = b.wb.audit_export("csv", Some(&stale)).unwrap_err();
    assert!(
        gone.message
            .contains("1 of the selected tokens are no longer in the last audit"),
        "a selection with a token the audit no longer holds is refused whole: {}",
        gone.message
    );
}

/// The JSON of a 4-token selection of `report`: marked as one, its counts, connections and
/// matrix blocks of the selection, its rows as the whole audit judged them.
fn the_json_counts_only_the_selection(report: &AuditReport, bytes: &[u8]) {
    let v: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    let total = report.assessment.rows.len();
    assert_eq!(v["selected_of"], total);
    let rows = v["assessment"]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    let severities = rows
        .iter()
        .flat_map(|r| r["findings"].as_array().unwrap())
        .count() as u64;
    let by: u64 = v["assessment"]["by_severity"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(by, severities, "the counts are of the selection");
    for r in rows {
        let same = report
            .assessment
            .rows
            .iter()
            .find(|x| {
                x.token.id == r["token"]["id"]
                    && x.token.connection_id == r["token"]["connection_id"]
            })
            .unwrap();
        assert_eq!(
            r["score"], same.score,
            "a row stays as the whole audit judged it"
        );
    }

    for o in v["outcomes"].as_array().unwrap() {
        let n = rows
            .iter()
            .filter(|r| r["token"]["connection_id"] == o["connection_id"])
            .count();
        assert!(n > 0, "only the selection's connections: {o}");
        assert_eq!(
            o["tokens"], n,
            "a connection counts its selected tokens: {o}"
        );
    }
    for block in v["assessment"]["blocks"].as_array().unwrap() {
        assert!(
            rows.iter().any(|r| r["token"]["vendor"] == block["vendor"]),
            "only the selection's vendors get a matrix: {}",
            block["vendor"]
        );
    }
}

/// The plan's revocable tokens as targets, and its connection credential `own` (which it
/// marks as not revocable) as one.
fn targets_of(plan: &SweepPlan, own: &str) -> (Vec<SweepTarget>, SweepTarget) {
    let credential = plan
        .matches
        .iter()
        .find(|m| token_key(&m.token) == own)
        .unwrap();
    assert!(
        credential
            .cannot_revoke
            .as_deref()
            .unwrap_or("")
            .contains("own credential"),
        "{:?}",
        credential.cannot_revoke
    );
    let targets: Vec<SweepTarget> = plan
        .matches
        .iter()
        .filter(|m| m.cannot_revoke.is_none())
        .map(|m| SweepTarget {
            connection_id: m.token.connection_id.clone(),
            token_id: m.token.id.clone(),
            confirmed_breaks: Vec::new(),
        })
        .collect();
    assert_eq!(targets.len(), 2);
    let own_target = SweepTarget {
        connection_id: credential.token.connection_id.clone(),
        token_id: credential.token.id.clone(),
        confirmed_breaks: Vec::new(),
    };
    (targets, own_target)
}

/// A selection made on the audit before its tokens were revoked: refused whole, nothing planned.
async fn a_stale_selection_is_refused_whole(b: &Bench, keys: &[String], targets: &[SweepTarget]) {
    let stale = b.wb.sweep_select(keys).unwrap_err();
    assert!(
        stale
            .message
            .contains("2 of the selected tokens are no longer"),
        "{}",
        stale.message
    );
    let again = b.wb.sweep_revoke(targets, "2", |_| {}).await.unwrap_err();
    assert!(
        again.message.contains("Run the dry run first"),
        "{}",
        again.message
    );
    let query =
        b.wb.sweep_plan(&Default::default(), |_| {})
            .await
            .unwrap_err();
    assert!(
        !query.message.contains("revoking"),
        "no revoke runs now: {}",
        query.message
    );
}
