//! The offboarding sweep and create-into-keyring, in the real app on the sandbox: a person's
//! tokens found by owner in two vendors, a dry run, the typed confirmation, bulk revoke, the
//! outcome saved as CSV; and a token created straight into the keyring that the real Secret
//! Service hands to `secret-tool`, never shown in the window nor put on the clipboard.

mod support;

use scopekeeper_e2e::fantoccini::Locator;
use scopekeeper_e2e::KeyringMode;
use support::*;

/// The `data-key` of every row the dry run lists, with its text.
async fn plan_rows(app: &scopekeeper_e2e::Harness) -> Vec<(String, String)> {
    let rows = app
        .client()
        .find_all(Locator::Css("[data-testid=sweep-row]"))
        .await
        .unwrap();
    let mut out = Vec::new();
    for r in rows {
        out.push((
            r.attr("data-key").await.unwrap().unwrap_or_default(),
            r.text().await.unwrap(),
        ));
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sweep_by_owner_finds_two_vendors_tokens_revokes_them_and_saves_the_outcome() {
    let app = start(KeyringMode::Unlocked).await;
    add_sandbox(&app, "mindbridge").await;
    app.click("[data-testid=nav-offboard]").await;
    app.fill("[data-testid=sweep-owners]", "Former").await;
    app.click("[data-testid=sweep-find]").await;
    app.wait_for("[data-testid=sweep-row]", LONG).await;
    let rows = plan_rows(&app).await;
    assert!(
        rows.iter().any(|(_, t)| t.contains("legacy-integration")
            && t.contains("MindBridge")
            && t.contains("Former Admin")),
        "{rows:?}"
    );
    assert!(
        rows.iter()
            .any(|(_, t)| t.contains("Cortex") && t.contains("former.admin@example.com")),
        "{rows:?}"
    );
    assert!(rows.iter().all(|(_, t)| t.contains("owner")), "{rows:?}");
    let n = rows.len();
    app.screenshot("72-offboard-dry-run").await;

    app.scroll_to("[data-testid=sweep-revoke-open]").await;
    app.click("[data-testid=sweep-revoke-open]").await;
    app.fill("[data-testid=sweep-typed]", &(n + 1).to_string())
        .await;
    let go = app.wait_for("[data-testid=sweep-revoke]", LONG).await;
    assert!(
        !go.is_enabled().await.unwrap(),
        "a wrong count cannot revoke"
    );
    app.fill("[data-testid=sweep-typed]", &n.to_string()).await;
    app.click("[data-testid=sweep-revoke]").await;
    let head = app
        .wait_for_text("[data-testid=sweep-outcome] h2", "the outcome", |t| {
            t.starts_with(&format!("Outcome: {n} revoked"))
        })
        .await;
    assert!(!head.contains("failed"), "{head}");
    assert_eq!(
        app.count("[data-testid=sweep-outcome-row][data-result=revoked]")
            .await,
        n
    );
    app.screenshot("73-offboard-outcome").await;

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sweep.csv");
    app.click("[data-testid=sweep-save]").await;
    app.choose_file("Save the sweep's outcome", &path).await;
    app.wait_for_text("[data-testid=sweep-saved]", "saved", |t| {
        t == "Saved to sweep.csv"
    })
    .await;
    let csv = std::fs::read_to_string(&path).expect("the outcome was written");
    assert_eq!(csv.lines().count(), n + 1, "{csv}");
    assert!(
        csv.contains("legacy-integration") && csv.lines().skip(1).all(|l| l.contains(",revoked,")),
        "{csv}"
    );

    // The vendors no longer list them: a second dry run finds none.
    app.click("[data-testid=sweep-find]").await;
    app.wait_for("[data-testid=sweep-none]", LONG).await;
    let log = std::fs::read_to_string(
        app.desktop()
            .xdg_dir("data")
            .join("app.scopekeeper.desktop/actions.jsonl"),
    )
    .unwrap();
    assert_eq!(
        log.lines()
            .filter(|l| l.contains("\"revoked\"") && l.contains("offboarding sweep"))
            .count(),
        n,
        "every revoke is logged"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_created_into_the_keyring_is_read_by_secret_tool_and_never_shown() {
    let app = start(KeyringMode::Unlocked).await;
    add_sandbox(&app, "mindbridge").await;
    build(&app, None, &["api.engagements.read"], "ci into keyring").await;
    app.set_value("[data-testid=token-expiry]", &in_days(30))
        .await;
    app.scroll_to("[data-testid=keep-keyring]").await;
    app.click("[data-testid=keep-keyring]").await;
    app.fill("[data-testid=keep-entry]", "ci-e2e").await;
    let button = app.text_of("[data-testid=create-token]").await;
    assert_eq!(button, "Create into keyring");
    app.screenshot("74-builder-into-keyring").await;
    app.click("[data-testid=create-token]").await;
    let account = app
        .wait_for_text("[data-testid=kept-account]", "the entry", |t| !t.is_empty())
        .await;
    assert_eq!(account, "token:ci-e2e");
    let lookups = app
        .client()
        .find_all(Locator::Css("[data-testid=kept-lookup]"))
        .await
        .unwrap();
    let first = lookups[0].text().await.unwrap();
    assert_eq!(
        first,
        "secret-tool lookup service 'app.scopekeeper.desktop' username 'token:ci-e2e'"
    );
    app.screenshot("75-created-into-keyring").await;

    // An independent reader (libsecret's own client) gets the secret from the real Secret
    // Service; the window never had it, nor the clipboard, nor any file.
    let secret = keyring_lookup(&app, "token:ci-e2e").expect("secret-tool reads the new token");
    assert!(
        secret.len() >= 20,
        "a real token: {} characters",
        secret.len()
    );
    let page = app.client().source().await.unwrap();
    assert!(!page.contains(&secret), "the secret reached the window");
    assert!(
        !clipboard(&app).contains(&secret),
        "the secret reached the clipboard"
    );
    assert_canary(&app, &[("the token created into the keyring", &secret)]);
    app.stop().await;
}
