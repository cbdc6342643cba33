//! A Bright token registered from the audit screen (Bright has no API that lists tokens): checked
//! with the vendor, shown as known to Scopekeeper by its fingerprint, the token itself in no file,
//! and forgotten from its drawer.

mod support;

use scopekeeper_e2e::fantoccini::Locator;
use scopekeeper_e2e::KeyringMode;
use support::*;

#[tokio::test(flavor = "multi_thread")]
async fn a_pasted_bright_token_is_registered_shown_as_known_and_forgotten() {
    let app = start(KeyringMode::Unlocked).await;
    add_sandbox(&app, "bright").await;
    let conn = sandbox_connection_id(&app, "bright");
    let key = keyring_lookup(&app, &format!("connection:{conn}")).expect("in the keyring");

    app.click("[data-testid=nav-audit]").await;
    app.click("[data-testid=audit-run]").await;
    app.wait_for("[data-testid=register-open-bright]", LONG)
        .await;
    app.click("[data-testid=register-open-bright]").await;
    app.wait_for(
        "[data-testid=register-form] input[data-scope='scans:run']",
        LONG,
    )
    .await;
    app.fill("[data-testid=register-name]", "dast-nightly")
        .await;
    app.set_value("[data-testid=register-expiry]", &in_days(20))
        .await;
    app.fill("[data-testid=register-token]", "not-a-bright-key")
        .await;
    app.click("[data-testid=register-form] input[data-scope='scans:run']")
        .await;
    app.screenshot("68-audit-register-a-token").await;
    app.click("[data-testid=register-submit]").await;
    app.wait_for("[data-testid=register-failed]", LONG).await;

    app.fill("[data-testid=register-token]", &key).await;
    app.click("[data-testid=register-submit]").await;
    let done = app
        .wait_for_text("[data-testid=register-done]", "registered", |t| {
            t.contains("sha256:")
        })
        .await;
    let fp = done
        .split_whitespace()
        .find(|w| w.starts_with("sha256:"))
        .unwrap()
        .trim_end_matches('.')
        .to_owned();
    assert_eq!(fp.len(), "sha256:".len() + 12, "{done}");
    let row = format!("[data-testid=audit-row][data-token='{fp}']");
    app.wait_for(&row, LONG).await;
    let text = app.text_of(&row).await;
    assert!(
        text.contains("dast-nightly") && text.contains("known"),
        "{text}"
    );
    app.screenshot("69-audit-registered-known").await;
    assert_canary(&app, &[("the registered Bright key", &key)]);

    // Find it as an admin would among many: by name.
    unfold_filters(&app).await;
    app.fill("[data-testid=audit-text]", "dast-nightly").await;
    app.wait_for_text("[data-testid=audit-showing]", "the filter", |t| {
        t.starts_with("Showing 1 of")
    })
    .await;
    app.click_settled(&format!("{row} [data-testid=audit-token]"))
        .await;
    app.wait_for_text("[data-testid=audit-drawer] h2", "its drawer", |t| {
        t == "dast-nightly"
    })
    .await;
    app.scroll_to("[data-testid=drawer-forget]").await;
    app.click("[data-testid=drawer-forget]").await;
    let start = std::time::Instant::now();
    while app.client().find(Locator::Css(&row)).await.is_ok() {
        assert!(
            start.elapsed() < LONG,
            "the forgotten token is still listed"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    app.stop().await;
}
