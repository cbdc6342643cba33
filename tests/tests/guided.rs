//! Guided creation in the real app for vendors without a token API: Bright's checklist, its
//! sandbox console, a pasted key checked and kept; Manifest's env var and verify command.

use scopekeeper_e2e::KeyringMode;

mod support;
use support::*;

#[tokio::test(flavor = "multi_thread")]
async fn bright_guided_creation_checklist_console_paste_verify_and_save() {
    let app = start(KeyringMode::Unlocked).await;
    add_sandbox(&app, "bright").await;
    app.click("[data-testid=connection-test]").await;
    app.wait_for_text("[data-testid=connection-test-result]", "the test", |t| {
        t.contains("can read projects")
    })
    .await;
    build(&app, Some("personal"), &["scans:run"], "dast-runner").await;
    let hint = app.text_of("[data-testid=create-hint]").await;
    assert!(hint.contains("only in its own console"), "{hint}");
    app.click("[data-testid=create-token]").await;
    let list = app
        .wait_for_text("[data-testid=guided-checklist]", "the checklist", |t| {
            t.contains("scans:run")
        })
        .await;
    assert!(
        list.contains("projects:read") && list.contains("required by scans:run"),
        "{list}"
    );
    assert!(app
        .text_of("[data-testid=guided-plan]")
        .await
        .contains("Deselect all"));
    app.screenshot("37-bright-guided-checklist").await;

    // A key that is not Bright-shaped fails the format check without a vendor call.
    app.fill("[data-testid=guided-token]", "definitely-not-a-bright-key")
        .await;
    app.click("[data-testid=guided-verify-run]").await;
    let bad = app
        .wait_for_text("[data-testid=guided-result]", "the format check", |t| {
            t.contains("Format check failed")
        })
        .await;
    assert!(bad.contains("45 characters"), "{bad}");

    app.click("[data-testid=sandbox-console-create]").await;
    let key = app
        .wait_for_text(
            "[data-testid=sandbox-console-key]",
            "the console key",
            |t| t.contains(".nexp."),
        )
        .await;
    app.click("[data-testid=sandbox-console-use]").await;
    app.fill("[data-testid=guided-save-as]", "bright dast-runner")
        .await;
    app.click("[data-testid=guided-verify-run]").await;
    let ok = app
        .wait_for_text("[data-testid=guided-result]", "the verify", |t| {
            t.contains("accepts the key")
        })
        .await;
    assert!(ok.contains("Saved in the keyring"), "{ok}");
    assert!(ok.contains("The audit now knows it as sha256:"), "{ok}");
    assert_eq!(
        keyring_lookup(&app, "token:bright dast-runner").as_deref(),
        Some(key.as_str())
    );
    app.scroll_to("[data-testid=guided-result]").await;
    app.screenshot("38-bright-guided-verified").await;
    let conn_id = sandbox_connection_id(&app, "bright");
    let admin = keyring_lookup(&app, &format!("connection:{conn_id}")).unwrap();
    assert_canary(
        &app,
        &[
            ("the pasted Bright key", &key),
            ("the Bright admin key", &admin),
        ],
    );

    the_audit_knows_it(&app, "dast-runner").await;
    app.stop().await;
}

/// With no usable keyring, adding a connection is refused with the keyring's own error kind
/// and its way forward, and nothing is written: there is no plaintext fallback.

#[tokio::test(flavor = "multi_thread")]
async fn manifest_guided_creation_offers_the_env_var_and_verify_command() {
    let app = start(KeyringMode::Unlocked).await;
    add_sandbox(&app, "manifest").await;
    build(&app, None, &["manage-sboms-and-vex"], "ci-sbom-upload").await;
    app.set_value("[data-testid=token-expiry]", &in_days(60))
        .await;
    app.click("[data-testid=create-token]").await;
    let list = app
        .wait_for_text("[data-testid=guided-checklist]", "the checklist", |t| {
            t.contains("view-all")
        })
        .await;
    assert!(
        list.contains("manage-sboms-and-vex") && list.contains("required"),
        "{list}"
    );
    assert!(app
        .text_of("[data-testid=guided-plan]")
        .await
        .contains("Settings → Account → API Tokens"));
    app.click("[data-testid=sandbox-console-create]").await;
    let token = app
        .wait_for_text(
            "[data-testid=sandbox-console-key]",
            "the console token",
            |t| t.len() == 64,
        )
        .await;
    app.click("[data-testid=sandbox-console-use]").await;
    app.click("[data-testid=guided-verify-run]").await;
    let ok = app
        .wait_for_text("[data-testid=guided-result]", "the verify", |t| {
            t.contains("Manifest accepts")
        })
        .await;
    assert!(ok.contains("Sandbox Organization"), "{ok}");
    assert_eq!(
        app.text_of("[data-testid=guided-env]").await,
        "MANIFEST_API_KEY=…"
    );
    let cmd = app.text_of("[data-testid=guided-verify-cmd]").await;
    assert!(
        cmd.contains("Bearer $MANIFEST_API_KEY") && cmd.ends_with("/v1/organization'"),
        "{cmd}"
    );
    app.scroll_to("[data-testid=guided-verify-cmd]").await;
    app.screenshot("40-manifest-guided-verified").await;
    assert_canary(&app, &[("the pasted Manifest token", &token)]);
    app.stop().await;
}

/// The audit knows a verified token (Bright cannot list it) by its name, marked as known.
async fn the_audit_knows_it(app: &scopekeeper_e2e::Harness, name: &str) {
    app.click("[data-testid=nav-audit]").await;
    app.click("[data-testid=audit-run]").await;
    app.wait_for("[data-testid=audit-row]", LONG).await;
    unfold_filters(app).await;
    app.fill("[data-testid=audit-text]", name).await;
    let row = app
        .wait_for_text("[data-testid=audit-matrix] tbody", "the known token", |t| {
            t.contains(name)
        })
        .await;
    assert!(row.contains("known"), "{row}");
}
