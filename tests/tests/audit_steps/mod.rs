//! The audit end-to-end test's longer steps: a template, narrowing a token, the exports.

use scopekeeper_e2e::Harness;

use super::open_row;
use super::support::row_texts;
use super::support::*;

/// "legacy-integration" (every permission) narrowed to what "ci-read" holds: the replacement
/// is created and shown once, then the old token is revoked and the log links them.
pub(crate) async fn narrow_a_token(app: &Harness) {
    let ci_read = row_texts(app)
        .await
        .into_iter()
        .find(|(_, t)| t.contains("ci-read"))
        // A row's key is vendor/connection/token; the diff names a peer by its token id.
        .map(|(key, _)| key.rsplit('/').next().unwrap_or_default().to_owned())
        .expect("ci-read is listed");
    // open_row gives the row's key (vendor/connection/token); the texts name the token id.
    let old_key = open_row(app, "legacy-integration").await;
    let old = old_key.rsplit('/').next().unwrap_or_default().to_owned();
    let option = format!("token:{ci_read}");
    app.wait_for(
        &format!("[data-testid=diff-target] option[value='{option}']"),
        LONG,
    )
    .await;
    app.select("[data-testid=diff-target]", &option).await;
    app.wait_for("[data-testid=diff-narrow]", LONG).await;
    app.click("[data-testid=diff-narrow]").await;
    app.wait_for("[data-testid=builder-replaces]", LONG).await;
    the_replacement_starts_as_the_old_one_narrowed(app).await;
    app.fill("[data-testid=token-name]", "legacy-integration-narrowed")
        .await;
    app.set_value("[data-testid=token-expiry]", &in_days(30))
        .await;
    app.scroll_to("[data-testid=create-token]").await;
    app.click("[data-testid=create-token]").await;
    app.wait_for("[data-testid=created-token]", LONG).await;
    app.scroll_to("[data-testid=replace-revoke]").await;
    app.click("[data-testid=replace-revoke]").await;
    app.click("[data-testid=replace-revoke-confirm]").await;
    let done = app
        .wait_for_text("[data-testid=replace-done]", "the old token revoked", |t| {
            t.contains("was revoked")
        })
        .await;
    assert!(done.contains(&old), "{done}");
    app.screenshot("66-audit-narrowed-and-old-revoked").await;
    app.click("[data-testid=created-done]").await;

    // The log links the two; the audit no longer lists the old token.
    app.click("[data-testid=nav-activity]").await;
    let log = app
        .wait_for_text("[data-testid=activity-table]", "the log", |t| {
            t.contains("replaced by")
        })
        .await;
    assert!(log.contains("legacy-integration-narrowed"), "{log}");
    app.click("[data-testid=nav-audit]").await;
    app.click("[data-testid=audit-run]").await;
    let start = std::time::Instant::now();
    loop {
        let rows = row_texts(app).await;
        if rows
            .iter()
            .any(|(_, t)| t.contains("legacy-integration-narrowed"))
        {
            assert!(!rows.iter().any(|(key, _)| key == &old_key), "{rows:?}");
            break;
        }
        assert!(
            start.elapsed() < LONG,
            "the new audit did not list the replacement"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// The audit saved as HTML, CSV and JSON through the native dialog: each holds the tokens and
/// their findings, none holds the sandbox's admin credential.
pub(crate) async fn exports(app: &Harness) {
    let dir = tempfile::tempdir().unwrap();
    let conn = sandbox_connection_id(app, "mindbridge");
    let secret = keyring_lookup(app, &format!("connection:{conn}")).expect("in the keyring");
    let mut saved = Vec::new();
    for (format, file) in [
        ("html", "audit.html"),
        ("csv", "audit.csv"),
        ("json", "audit.json"),
    ] {
        let path = dir.path().join(file);
        app.click(&format!("[data-testid=export-{format}]")).await;
        app.choose_file("Export the audit", &path).await;
        app.wait_for_text("[data-testid=export-message]", "saved", |t| {
            t == format!("Saved to {file}")
        })
        .await;
        let text = std::fs::read_to_string(&path).expect("the report was written");
        assert!(!text.contains(&secret), "{file} holds the admin credential");
        saved.push(text);
    }
    let (html, csv, json) = (&saved[0], &saved[1], &saved[2]);
    assert!(html.contains("<svg") && html.contains("ci-read") && html.contains("admin_equivalent"));
    assert!(!html.contains("<script"), "the HTML report runs no script");
    let header = csv.lines().next().unwrap();
    assert!(header.contains("score"), "{header}");
    assert!(csv
        .lines()
        .any(|l| l.contains("legacy-integration-narrowed")));
    let v: serde_json::Value = serde_json::from_str(json).expect("the JSON report parses");
    let rows = v["assessment"]["rows"].as_array().unwrap();
    assert_eq!(
        rows.len(),
        csv.lines().count() - 1,
        "one CSV line per token"
    );
    assert!(rows.iter().any(|r| r["token"]["name"] == "ci-read"));
    app.screenshot("67-audit-exported").await;
}

/// "CI upload (pipeline)" (CLI Write Custom) given the "CLI read-only" preset as its template:
/// judged again at once, CLI Tools View/Edit is excess, and the Excess chip finds it.
pub(crate) async fn a_template_makes_excess_a_finding(app: &Harness) {
    let id = open_row(app, "CI upload (pipeline)").await;
    app.wait_for(
        "[data-testid=template-preset] option[value='cli-read-only']",
        LONG,
    )
    .await;
    app.select("[data-testid=template-preset]", "cli-read-only")
        .await;
    app.click("[data-testid=template-assign-preset]").await;
    app.wait_for_text("[data-testid=template-current]", "the template", |t| {
        t.contains("Preset: CLI scans, local results only")
    })
    .await;
    let findings = app
        .wait_for_text("[data-testid=drawer-findings]", "the excess finding", |t| {
            t.contains("Holds permissions beyond its template")
        })
        .await;
    assert!(findings.contains("CLI Tools View/Edit"), "{findings}");
    app.scroll_to("[data-testid=template-current]").await;
    app.screenshot("65b-audit-template-assigned").await;
    app.click("[data-testid=drawer-close]").await;
    unfold_filters(app).await;
    app.click("[data-testid=chip-excess]").await;
    let start = std::time::Instant::now();
    loop {
        let rows = row_texts(app).await;
        if rows.len() == 1 {
            assert_eq!(rows[0].0, id, "{rows:?}");
            break;
        }
        assert!(
            start.elapsed() < LONG,
            "the Excess chip did not filter: {rows:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    unfold_filters(app).await;
    app.click("[data-testid=chip-excess]").await;
}

/// The builder opened for a narrow: only the kept scopes ticked, and the old token's settings
/// carried over (its name, and as long a life, 720 days, from today).
async fn the_replacement_starts_as_the_old_one_narrowed(app: &Harness) {
    for s in ["api.engagements.read", "api.analyses.read"] {
        let css = format!("label.pick[data-scope='{s}'] input");
        let ticked = app
            .wait_for(&css, LONG)
            .await
            .prop("checked")
            .await
            .unwrap();
        assert_eq!(ticked.as_deref(), Some("true"), "{s} is ticked");
    }
    let ticked = app.count("label.pick input:checked").await;
    assert_eq!(ticked, 2, "only ci-read's scopes remain");
    // The old token's settings carry over: its name, and as long a life (720 days) from today.
    let value = |css: &'static str| async move {
        app.wait_for(css, LONG)
            .await
            .prop("value")
            .await
            .unwrap()
            .unwrap_or_default()
    };
    assert_eq!(
        value("[data-testid=token-name]").await,
        "legacy-integration (replacement)"
    );
    assert_eq!(value("[data-testid=token-expiry]").await, in_days(720));
}
