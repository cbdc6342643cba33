//! Secrets go into a real Secret Service (gnome-keyring on a private D-Bus session), and a
//! missing or locked keyring is reported to the admin, never worked around.

use std::time::Duration;

use scopekeeper_e2e::{Harness, KeyringMode, Options};

const SETTLED: &str =
    "[data-testid=keyring-status][data-status=ok], [data-testid=keyring-status][data-status=error]";

async fn settled_keyring_card(app: &Harness) -> (String, String) {
    let card = app.wait_for(SETTLED, Duration::from_secs(40)).await;
    let status = card
        .attr("data-status")
        .await
        .expect("read data-status")
        .unwrap_or_default();
    let text = card.text().await.expect("read the keyring card");
    (status, text)
}

/// Lists every item Scopekeeper's service holds in the desktop's Secret Service.
fn scopekeeper_items(app: &Harness) -> String {
    let out = app
        .desktop()
        .command("secret-tool")
        .args(["search", "--all", "service", "app.scopekeeper.desktop"])
        .output()
        .expect("run secret-tool (package libsecret-tools; `make test` installs it)");
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn the_keyring_check_round_trips_a_secret_through_the_real_secret_service() {
    let app = Harness::start(Options::default()).await;
    let (status, text) = settled_keyring_card(&app).await;
    assert_eq!(status, "ok", "the keyring check failed: {text}");
    assert!(
        text.contains("Secret Service is working"),
        "wrong backend or wording: {text}"
    );
    for step in [
        "write a test secret",
        "read it back unchanged",
        "delete it",
        "confirm it is gone",
    ] {
        assert!(text.contains(step), "step `{step}` not reported: {text}");
    }
    let left = scopekeeper_items(&app);
    assert!(
        !left.contains("app.scopekeeper.desktop"),
        "the check left an item in the keyring:\n{left}"
    );
    app.screenshot("02-keyring-ok").await;
    app.stop().await;
}

/// Starts the app on a desktop whose keyring is `mode`, and checks the keyring card reports
/// `kind` with every one of `texts`, then saves `shot`.
async fn assert_keyring_error(mode: KeyringMode, kind: &str, texts: &[&str], shot: &str) {
    let app = Harness::start(Options {
        keyring: mode,
        ..Options::default()
    })
    .await;
    let (status, text) = settled_keyring_card(&app).await;
    assert_eq!(
        status, "error",
        "with a {mode:?} keyring the check must fail: {text}"
    );
    let shown_kind = app
        .wait_for("[data-testid=keyring-result]", Duration::from_secs(5))
        .await
        .attr("data-kind")
        .await
        .expect("read data-kind");
    assert_eq!(shown_kind.as_deref(), Some(kind), "{text}");
    for t in texts {
        assert!(text.contains(t), "`{t}` missing: {text}");
    }
    app.screenshot(shot).await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_keyring_is_reported_with_a_way_forward() {
    assert_keyring_error(
        KeyringMode::Absent,
        "keyring_unavailable",
        &[
            "No OS keyring found",
            "Start your desktop's keyring service",
        ],
        "03-keyring-missing",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_locked_keyring_is_reported_as_locked() {
    assert_keyring_error(
        KeyringMode::Locked,
        "keyring_locked",
        &["The OS keyring is locked", "Unlock your login keyring"],
        "04-keyring-locked",
    )
    .await;
}
