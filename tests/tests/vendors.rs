//! Vendor connections and one-time creation in the real app, with a real Secret Service and the
//! built-in sandbox simulators reached over HTTP on 127.0.0.1: add the sandbox, test a
//! connection, create a MindBridge token, reveal it once, copy it (from Rust) and watch the
//! clipboard clear, confirm the vendor lists and accepts it, save it in the keyring, revoke it;
//! the Cortex flow with the child-within-parent refusal; the Bright guided flow; a missing
//! keyring. After the flows, a canary: no secret in any file under the app's dirs or its log.
use std::time::{Duration, Instant};

use scopekeeper_core::token_spec::Day;
use scopekeeper_e2e::{Harness, KeyringMode};

mod support;
use support::*;

#[tokio::test(flavor = "multi_thread")]
async fn sandbox_mindbridge_token_created_revealed_once_copied_verified_saved_and_revoked() {
    let app = start(KeyringMode::Unlocked).await;
    let admin = first_run_adds_and_tests_the_sandbox(&app).await;
    a_listed_token_is_renamed(&app).await;
    let (secret, token_id) = a_token_is_created_and_revealed_once(&app).await;
    the_copy_is_marked_and_cleared(&app, &secret).await;
    checked_saved_revoked_and_logged(&app, &secret, &token_id).await;
    // Nothing the app wrote holds the new token or the admin credential. (The keyring's own
    // file, under the data dir too, is encrypted with the test password.)
    assert_canary(
        &app,
        &[
            ("the new MindBridge token", &secret),
            ("the MindBridge admin token", &admin),
        ],
    );
    app.stop().await;
}

/// The start screen offers the sandbox; one click adds it; its credential is in the keyring and
/// its test marks the broad admin credential as a risk. Returns that credential.
async fn first_run_adds_and_tests_the_sandbox(app: &Harness) -> String {
    // First run: the start screen offers the sandbox.
    let offer = app
        .wait_for_text(
            "[data-testid=first-run-sandbox]",
            "the first-run offer",
            |t| t.contains("no vendor account"),
        )
        .await;
    assert!(offer.contains("not real"), "{offer}");
    app.screenshot("29-first-run-sandbox-offer").await;
    // One click adds the sandbox, selects MindBridge and lists its tokens by itself (no
    // Refresh: the list once stayed on "Loading tokens…").
    app.click("[data-testid=first-run-sandbox-open]").await;
    app.wait_for_text("[data-testid=token-table]", "the sandbox's tokens", |t| {
        t.contains("Scopekeeper sandbox admin")
    })
    .await;
    app.screenshot("30-sandbox-added-in-one-click").await;

    // The credential is in the real Secret Service, and not in the connections file.
    let conn_id = sandbox_connection_id(app, "mindbridge");
    let admin = keyring_lookup(app, &format!("connection:{conn_id}"))
        .expect("the sandbox credential is in the keyring");

    app.click("[data-testid=connection-test]").await;
    let test = app
        .wait_for_text(
            "[data-testid=connection-test-result]",
            "the test result",
            |t| t.contains("Authenticated"),
        )
        .await;
    // An admin credential that holds everything from anywhere is a risk, never shown as fine.
    let risks = app.text_of("[data-testid=connection-risks]").await;
    assert!(
        risks.contains("admin-equivalent") && risks.contains("any address"),
        "{risks}"
    );
    assert!(app
        .text_of("[data-testid=connection-needed]")
        .await
        .contains("api.api-tokens.write"));
    assert!(
        test.contains("Scopekeeper sandbox admin") && test.contains("Can create tokens"),
        "{test}"
    );
    let table = app
        .wait_for_text("[data-testid=token-table]", "the vendor's tokens", |t| {
            t.contains("legacy-integration")
        })
        .await;
    assert!(
        table.contains("expired") && table.contains("any address"),
        "audit flags show: {table}"
    );
    app.screenshot("31-connection-tested-token-list").await;
    admin
}

/// MindBridge allows renaming (with the current version).
async fn a_listed_token_is_renamed(app: &Harness) {
    // MindBridge allows renaming (with the current version): rename a listed token.
    let ci_read = "[data-testid=token-row]:nth-child(2)";
    assert!(app.text_of(ci_read).await.starts_with("ci-read"));
    app.click(&format!("{ci_read} [data-testid=rename]")).await;
    app.fill(
        &format!("{ci_read} [data-testid=rename-input]"),
        "ci-read (engagements)",
    )
    .await;
    app.click(&format!("{ci_read} [data-testid=rename-save]"))
        .await;
    app.wait_for_text("[data-testid=token-table]", "the renamed token", |t| {
        t.contains("ci-read (engagements)")
    })
    .await;
}

/// Built in the builder, created at the vendor, shown masked, revealed once. Returns the secret
/// and the token's id.
async fn a_token_is_created_and_revealed_once(app: &Harness) -> (String, String) {
    build(
        app,
        None,
        &["api.engagements.read", "api.analyses.read"],
        "ci-e2e-read",
    )
    .await;
    let in_30_days = Day::from_unix_seconds(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64,
    )
    .plus_days(30);
    app.set_value("[data-testid=token-expiry]", &in_30_days.to_string())
        .await;
    let conn_id = sandbox_connection_id(app, "mindbridge");
    app.select("[data-testid=create-connection]", &conn_id)
        .await;
    app.click("[data-testid=create-token]").await;
    app.wait_for("[data-testid=created-token]", LONG).await;
    let masked = app.text_of("[data-testid=created-secret]").await;
    assert!(
        masked.chars().all(|c| c == '•') && masked.len() > 10,
        "masked until revealed: {masked}"
    );
    assert!(app
        .text_of("[data-testid=created-sandbox]")
        .await
        .contains("not a real token"));
    let token_id = app.text_of("[data-testid=created-id]").await;
    let scrolled = app
        .client()
        .execute("return document.getElementById('main').scrollTop;", vec![])
        .await
        .unwrap();
    assert_eq!(
        scrolled.as_f64(),
        Some(0.0),
        "the created screen opens at its top, title and sandbox label in view"
    );
    app.screenshot("32-token-created-masked").await;

    app.click("[data-testid=created-reveal]").await;
    let secret = app
        .wait_for_text("[data-testid=created-secret]", "the revealed secret", |t| {
            !t.contains('•') && t.len() > 20
        })
        .await;
    let env_line = app.text_of("[data-testid=created-env]").await;
    assert_eq!(env_line, format!("MINDBRIDGE_API_TOKEN={secret}"));
    (secret, token_id)
}

/// Copied from Rust, marked for clipboard managers, cleared after the delay.
async fn the_copy_is_marked_and_cleared(app: &Harness, secret: &str) {
    // Copy happens in Rust; the clipboard holds the token, then is cleared (4 s in this test).
    app.click("[data-testid=created-copy]").await;
    app.wait_for_text("[data-testid=copy-status]", "the copy status", |t| {
        t.contains("cleared in 4 s")
    })
    .await;
    assert_eq!(
        clipboard(app),
        secret,
        "the clipboard holds exactly the token"
    );
    // Marked for clipboard managers to keep out of their history.
    let targets = clipboard_target(app, "TARGETS");
    assert!(
        targets.lines().any(|t| t == "x-kde-passwordManagerHint"),
        "offered types: {targets}"
    );
    assert_eq!(
        clipboard_target(app, "x-kde-passwordManagerHint").trim(),
        "secret"
    );
    let copied_at = Instant::now();
    while !clipboard(app).is_empty() {
        assert!(
            copied_at.elapsed() < Duration::from_secs(15),
            "the clipboard was not cleared"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert!(
        copied_at.elapsed() >= Duration::from_secs(3),
        "cleared only after the delay"
    );
}

/// The vendor lists and accepts it; saved in the keyring; revoked after leaving its screen; all
/// in the activity log.
async fn checked_saved_revoked_and_logged(app: &Harness, secret: &str, token_id: &str) {
    app.click("[data-testid=created-check]").await;
    let status = app
        .wait_for_text("[data-testid=created-status]", "the vendor check", |t| {
            !t.is_empty()
        })
        .await;
    assert_eq!(status, "Listed by the vendor and accepted by it.");

    app.fill("[data-testid=created-save-name]", "ci-e2e-saved")
        .await;
    app.click("[data-testid=created-save]").await;
    app.wait_for("[data-testid=created-saved]", LONG).await;
    assert_eq!(
        keyring_lookup(app, "token:ci-e2e-saved").as_deref(),
        Some(secret)
    );
    app.screenshot("33-token-created-revealed-saved").await;

    // Leaving the screen forgets it: back to the connection, the token is listed, revoke it.
    app.click("[data-testid=created-done]").await;
    revoke_row(app, token_id).await;

    app.click("[data-testid=nav-activity]").await;
    let log = app
        .wait_for_text("[data-testid=activity-table]", "the activity log", |t| {
            t.contains("revoked")
        })
        .await;
    for a in [
        "created",
        "verified",
        "saved in keyring",
        "revoked",
        "connection added",
    ] {
        assert!(log.contains(a), "{a} in the log: {log}");
    }
    app.screenshot("34-activity-log").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sandbox_cortex_key_within_the_primary_key_and_refusal_beyond_it() {
    let app = start(KeyringMode::Unlocked).await;
    add_sandbox(&app, "cortex").await;
    let conn_id = sandbox_connection_id(&app, "cortex");
    let admin = keyring_lookup(&app, &format!("connection:{conn_id}")).expect("in the keyring");
    app.click("[data-testid=connection-test]").await;
    app.wait_for_text("[data-testid=connection-test-result]", "the test", |t| {
        t.contains("Public API (PAPI) Edit")
    })
    .await;

    build(&app, None, &["Instance Admin"], "too-broad").await;
    app.click("[data-testid=create-token]").await;
    let err = app
        .wait_for_text("[data-testid=create-error]", "the refusal", |t| {
            t.contains("lacks 1 permission")
        })
        .await;
    assert!(
        err.contains("Untick \u{201c}Instance Admin\u{201d}: it grants Tenant-wide permissions"),
        "says which scope and which permission: {err}"
    );
    assert_eq!(
        err.matches("connection whose credential").count(),
        1,
        "the way forward is said once: {err}"
    );
    let kind = app
        .wait_for("[data-testid=create-error]", LONG)
        .await
        .attr("data-kind")
        .await
        .unwrap();
    assert_eq!(kind.as_deref(), Some("exceeds_credential"));
    app.screenshot("35-cortex-refused-beyond-parent").await;

    app.click("label.pick[data-scope='Instance Admin'] input")
        .await;
    app.click("label.pick[data-scope='CLI Read-Only Custom'] input")
        .await;
    app.fill("[data-testid=token-name]", "laptop-scans").await;
    app.scroll_to("[data-testid=create-token]").await;
    app.click("[data-testid=create-token]").await;
    app.wait_for("[data-testid=created-token]", LONG).await;
    let env = app.text_of("[data-testid=created-token] ~ section").await;
    assert!(env.contains("CORTEX_API_KEY_ID="), "{env}");
    app.click("[data-testid=created-reveal]").await;
    let secret = app
        .wait_for_text("[data-testid=created-secret]", "the key", |t| {
            !t.contains('•') && t.len() == 128
        })
        .await;
    app.click("[data-testid=created-check]").await;
    let status = app
        .wait_for_text("[data-testid=created-status]", "the check", |t| {
            !t.is_empty()
        })
        .await;
    assert_eq!(status, "Listed by the vendor and accepted by it.");
    let token_id = app.text_of("[data-testid=created-id]").await;
    app.screenshot("36-cortex-key-created").await;
    app.click("[data-testid=created-done]").await;
    revoke_row(&app, &token_id).await;
    assert_canary(
        &app,
        &[
            ("the new Cortex key", &secret),
            ("the Cortex admin key", &admin),
        ],
    );
    app.stop().await;
}
