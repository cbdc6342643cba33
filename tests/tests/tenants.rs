//! Real tenants and refusals in the real app: a connection refused without a usable keyring
//! (nothing written), a tenant connection added, tested, edited (a moved credential refused, a
//! wrong one explained), vendor errors and uncertain creates explained and reconciled, and a real
//! tenant's console opened in the system browser.

use std::time::{Duration, Instant};

use scopekeeper_e2e::fantoccini::Locator;
use scopekeeper_e2e::{Harness, KeyringMode, Options};

use scopekeeper_sim::{
    start as start_sim, FaultRule, MindBridgeAccess, RunningSim, SimConfig, Vendor,
};

mod support;
use support::*;

async fn connection_refused_without_a_usable_keyring(mode: KeyringMode, kind: &str, shot: &str) {
    let app = start(mode).await;
    app.click("[data-testid=nav-connections]").await;
    app.click("[data-testid=connection-add]").await;
    app.select("[data-testid=conn-vendor]", "manifest").await;
    app.fill("[data-testid=conn-label]", "Production").await;
    app.fill("[data-testid=conn-url]", "http://api.manifestcyber.com")
        .await;
    app.fill(
        "[data-testid=conn-credential]",
        "canary-credential-0123456789abcdef",
    )
    .await;
    app.click("[data-testid=conn-save]").await;
    let err = app
        .wait_for_text(
            "[data-testid=connection-form-error]",
            "the URL error",
            |t| t.contains("https"),
        )
        .await;
    assert!(err.contains("must use https://"), "{err}");
    app.fill("[data-testid=conn-url]", "https://api.manifestcyber.com")
        .await;
    app.click("[data-testid=conn-save]").await;
    let err = app
        .wait_for_text(
            "[data-testid=connection-form-error]",
            "the keyring error",
            |t| t.contains("keyring") && !t.contains("https"),
        )
        .await;
    assert!(
        err.contains("Unlock") || err.contains("Start your desktop's keyring"),
        "a way forward: {err}"
    );
    let shown = app
        .wait_for("[data-testid=connection-form-error]", LONG)
        .await
        .attr("data-kind")
        .await
        .unwrap();
    assert_eq!(shown.as_deref(), Some(kind));
    app.screenshot(shot).await;
    assert!(
        !app.desktop()
            .xdg_dir("config")
            .join("app.scopekeeper.desktop/connections.json")
            .exists(),
        "no connection was written without its credential"
    );
    assert_canary(
        &app,
        &[("the typed credential", "canary-credential-0123456789abcdef")],
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_keyring_a_connection_is_refused_and_nothing_is_written() {
    connection_refused_without_a_usable_keyring(
        KeyringMode::Absent,
        "keyring_unavailable",
        "39-connection-no-keyring",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn with_a_locked_keyring_a_connection_is_refused_and_nothing_is_written() {
    connection_refused_without_a_usable_keyring(
        KeyringMode::Locked,
        "keyring_locked",
        "39b-connection-keyring-locked",
    )
    .await;
}

/// A tenant that is not the app's sandbox: a simulator run by the test, reached at its own URL
/// like a real vendor. Add, test, edit (replace the credential), and the vendor's errors as the
/// admin sees them.
#[tokio::test(flavor = "multi_thread")]
async fn a_tenant_connection_is_added_tested_edited_and_vendor_errors_are_explained() {
    let sim = start_sim(SimConfig::default())
        .await
        .expect("the simulator starts");
    let tenant = sim.handshake.mindbridge.clone();
    let app = start(KeyringMode::Unlocked).await;
    added_and_tested(&app, &tenant).await;
    edits_are_checked(&app, &tenant).await;
    vendor_errors_are_explained(&app, &sim).await;
    app.click("[data-testid=create-token]").await;
    app.wait_for("[data-testid=created-token]", LONG).await;
    assert_eq!(sim.call_count(Vendor::MindBridge, "create"), 4);
    assert!(
        app.client()
            .find(Locator::Css("[data-testid=created-sandbox]"))
            .await
            .is_err(),
        "not labelled sandbox"
    );
    assert_canary(&app, &[("the tenant's admin token", &tenant.token)]);
    app.stop().await;
}

/// Added with the tenant's URL and credential, not labelled sandbox, and tested.
async fn added_and_tested(app: &Harness, tenant: &MindBridgeAccess) {
    app.click("[data-testid=nav-connections]").await;
    app.click("[data-testid=connection-add]").await;
    app.select("[data-testid=conn-vendor]", "mindbridge").await;
    app.fill("[data-testid=conn-label]", "Acme tenant").await;
    app.fill("[data-testid=conn-url]", &tenant.base_url).await;
    app.fill("[data-testid=conn-credential]", &tenant.token)
        .await;
    app.click("[data-testid=conn-save]").await;
    app.wait_for("[data-testid=connection-mindbridge]", LONG)
        .await;
    app.click("[data-testid=connection-mindbridge]").await;
    let detail = app
        .wait_for_text("[data-testid=connection-detail]", "the detail", |t| {
            t.contains("Acme tenant")
        })
        .await;
    assert!(detail.contains(&tenant.base_url), "{detail}");
    assert!(
        app.client()
            .find(Locator::Css(
                "[data-testid=connection-detail] .badge.sandbox"
            ))
            .await
            .is_err(),
        "a tenant connection is not labelled sandbox"
    );
    app.click("[data-testid=connection-test]").await;
    app.wait_for_text("[data-testid=connection-test-result]", "the test", |t| {
        t.contains("Authenticated")
    })
    .await;
}

/// An edit that moves the credential is refused; a wrong credential is explained; the right one
/// works again.
async fn edits_are_checked(app: &Harness, tenant: &MindBridgeAccess) {
    // Another address with the credential left empty: said before saving, and refused.
    app.click("[data-testid=connection-edit]").await;
    app.fill("[data-testid=conn-url]", "https://tenant.example.net")
        .await;
    app.wait_for_text("[data-testid=conn-reentry]", "the re-entry hint", |t| {
        t.contains("paste the credential again")
    })
    .await;
    app.click("[data-testid=conn-save]").await;
    app.wait_for_text(
        "[data-testid=connection-form-error]",
        "the refusal to move the credential",
        |t| t.contains("never sends a saved credential to a different address"),
    )
    .await;
    app.screenshot("41a-edit-moving-the-credential-refused")
        .await;
    app.click("[data-testid=conn-cancel]").await;

    // Replace the credential with a wrong one: the test says so, by kind, with the way forward.
    app.click("[data-testid=connection-edit]").await;
    let placeholder = app
        .wait_for("[data-testid=conn-credential]", LONG)
        .await
        .attr("placeholder")
        .await
        .unwrap();
    assert!(
        placeholder
            .unwrap_or_default()
            .contains("saved in the keyring"),
        "the saved credential is never shown"
    );
    app.fill(
        "[data-testid=conn-credential]",
        "wrong-token-000000000000000000000000000000",
    )
    .await;
    save_connection_form(app).await;
    app.click("[data-testid=connection-test]").await;
    let err = app
        .wait_for_text("[data-testid=connection-test-error]", "the refusal", |t| {
            t.contains("credential")
        })
        .await;
    assert!(err.contains("Replace the connection's credential"), "{err}");
    let kind = app
        .wait_for("[data-testid=connection-test-error]", LONG)
        .await
        .attr("data-kind")
        .await
        .unwrap();
    assert_eq!(kind.as_deref(), Some("vendor_unauthorized"));
    // The token list fails the same way: said once, by the test, not twice.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        app.count("[data-testid=tokens-error]").await,
        0,
        "the same refusal is not shown twice"
    );
    assert_eq!(app.count("[data-testid=connection-test-error]").await, 1);
    app.screenshot("41-connection-wrong-credential").await;
    app.click("[data-testid=connection-edit]").await;
    app.fill("[data-testid=conn-credential]", &tenant.token)
        .await;
    save_connection_form(app).await;
    app.click("[data-testid=connection-test]").await;
    app.wait_for_text("[data-testid=connection-test-result]", "the test", |t| {
        t.contains("Authenticated")
    })
    .await;
}

/// Rate limits, a failure that did nothing and one after the work: each explained, each create
/// sent once, the uncertain one reconciled.
async fn vendor_errors_are_explained(app: &Harness, sim: &RunningSim) {
    // The vendor rate-limits the create: said with the wait, and the create was sent once.
    sim.add_fault("mindbridge.create=429:7@1".parse::<FaultRule>().unwrap());
    app.click("[data-testid=connection-new-token]").await;
    app.wait_for("label.pick[data-scope='api.tasks.read'] input", LONG)
        .await;
    app.click("label.pick[data-scope='api.tasks.read'] input")
        .await;
    app.fill("[data-testid=token-name]", "nightly-tasks").await;
    app.set_value("[data-testid=token-expiry]", &in_days(14))
        .await;
    app.scroll_to("[data-testid=create-token]").await;
    app.click("[data-testid=create-token]").await;
    let err = app
        .wait_for_text("[data-testid=create-error]", "the rate limit", |t| {
            t.contains("rate limiting")
        })
        .await;
    assert!(err.contains("try again in 7 s"), "{err}");
    assert_eq!(
        sim.call_count(Vendor::MindBridge, "create"),
        1,
        "a create is never retried"
    );
    app.screenshot("42-create-rate-limited").await;

    // A 500 that did nothing: it may have created the token, so the list is checked: no.
    sim.add_fault("mindbridge.create=500@1".parse::<FaultRule>().unwrap());
    app.click("[data-testid=create-token]").await;
    app.wait_for_text("[data-testid=create-error]", "the failure", |t| {
        t.contains("HTTP 500") && t.contains("may have created")
    })
    .await;
    app.wait_for_text("[data-testid=reconcile-detail]", "the check", |t| {
        t.contains("not created")
    })
    .await;

    // The vendor made the token but a gateway answered 502: found, and revoked from here.
    sim.add_fault(
        "mindbridge.create=done-then:502@1"
            .parse::<FaultRule>()
            .unwrap(),
    );
    app.click("[data-testid=create-token]").await;
    app.wait_for_text("[data-testid=reconcile-detail]", "the found token", |t| {
        t.contains("It was created")
    })
    .await;
    let found = app.text_of("[data-testid=reconcile-found]").await;
    assert!(found.contains("nightly-tasks"), "{found}");
    app.scroll_to("[data-testid=reconcile]").await;
    app.screenshot("43-create-uncertain-found").await;
    app.click("[data-testid=reconcile-revoke]").await;
    app.click("[data-testid=reconcile-revoke-confirm]").await;
    app.wait_for("[data-testid=reconcile-revoked]", LONG).await;
    assert_eq!(sim.call_count(Vendor::MindBridge, "delete"), 1);
}

/// A real (non-sandbox) Bright tenant: guided creation shows the https token page and opens it
/// with the system opener (a stand-in `xdg-open` on PATH records what it was asked to open).
#[tokio::test(flavor = "multi_thread")]
async fn a_real_tenants_console_opens_in_the_system_browser() {
    let bin = tempfile::tempdir().unwrap();
    let record = bin.path().join("opened.txt");
    let opener = bin.path().join("xdg-open");
    std::fs::write(
        &opener,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" >> '{}'\n",
            record.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&opener, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let app = Harness::start(Options {
        env: vec![("PATH".into(), path)],
        ..Options::default()
    })
    .await;

    app.click("[data-testid=nav-connections]").await;
    app.click("[data-testid=connection-add]").await;
    app.select("[data-testid=conn-vendor]", "bright").await;
    app.fill("[data-testid=conn-label]", "Bright production")
        .await;
    app.fill("[data-testid=conn-url]", "https://app.brightsec.com")
        .await;
    app.select("[data-testid=conn-kind]", "personal").await;
    app.fill(
        "[data-testid=conn-credential]",
        "abcdefg.nexp.abcdefghijklmnopqrstuvwxyz012345",
    )
    .await;
    save_connection_form(&app).await;
    app.click("[data-testid=connection-bright]").await;
    build(&app, Some("personal"), &["scans:run"], "dast-runner").await;
    app.click("[data-testid=create-token]").await;
    let url = app
        .wait_for_text("[data-testid=guided-console-url]", "the token page", |t| {
            t.starts_with("https://")
        })
        .await;
    assert_eq!(url, "https://app.brightsec.com/");
    assert!(
        app.client()
            .find(Locator::Css("[data-testid=sandbox-console]"))
            .await
            .is_err(),
        "no sandbox console for a real tenant"
    );
    app.click("[data-testid=guided-open-console]").await;
    app.wait_for_text("[data-testid=guided-opened]", "the confirmation", |t| {
        t.contains("app.brightsec.com")
    })
    .await;
    let start = Instant::now();
    while std::fs::read_to_string(&record).unwrap_or_default().trim()
        != "https://app.brightsec.com/"
    {
        assert!(
            start.elapsed() < LONG,
            "the system opener was not asked to open the token page"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.screenshot("43-bright-tenant-guided").await;
    app.stop().await;
}
