//! Vendor connections and one-time creation in the real app, with a real Secret Service and the
//! built-in sandbox simulators reached over HTTP on 127.0.0.1: add the sandbox, test a
//! connection, create a MindBridge token, reveal it once, copy it (from Rust) and watch the
//! clipboard clear, confirm the vendor lists and accepts it, save it in the keyring, revoke it;
//! the Cortex flow with the child-within-parent refusal; the Bright guided flow; a missing
//! keyring. After the flows, a canary: no secret in any file under the app's dirs or its log.

use std::path::Path;
use std::time::{Duration, Instant};

use scopekeeper_core::token_spec::Day;
use scopekeeper_e2e::fantoccini::Locator;
use scopekeeper_e2e::{Harness, KeyringMode, Options};

const LONG: Duration = Duration::from_secs(20);

fn keyring_lookup(app: &Harness, account: &str) -> Option<String> {
    app.desktop().keyring_lookup(account)
}

/// The X clipboard's text, read with xclip (empty when nothing is offered).
fn clipboard(app: &Harness) -> String {
    let out = app
        .desktop()
        .command("xclip")
        .args(["-o", "-selection", "clipboard"])
        .output()
        .expect("run xclip (`make test` installs it)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// What the X clipboard offers for one target type (`TARGETS` lists the types).
fn clipboard_target(app: &Harness, target: &str) -> String {
    let out = app
        .desktop()
        .command("xclip")
        .args(["-o", "-selection", "clipboard", "-t", target])
        .output()
        .expect("run xclip");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The saved connections file (no secrets) and the id of the sandbox connection for `vendor`.
fn sandbox_connection_id(app: &Harness, vendor: &str) -> String {
    let path = app
        .desktop()
        .xdg_dir("config")
        .join("app.scopekeeper.desktop/connections.json");
    let text = std::fs::read_to_string(&path).expect("the connections file exists");
    let v: serde_json::Value = serde_json::from_str(&text).expect("it is JSON");
    v["connections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["vendor"] == vendor && c["sandbox"] == true)
        .and_then(|c| c["id"].as_str())
        .expect("a sandbox connection for the vendor")
        .to_owned()
}

/// Fails if `needle` occurs in any file under `dir`.
fn assert_not_in_files(dir: &Path, needle: &str, what: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            assert_not_in_files(&p, needle, what);
        } else if let Ok(bytes) = std::fs::read(&p) {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "{what} found in {}",
                p.display()
            );
        }
    }
}

fn assert_canary(app: &Harness, secrets: &[(&str, &str)]) {
    for (what, secret) in secrets {
        assert!(
            secret.len() >= 20,
            "{what} looks too short to be a real canary"
        );
        for dir in ["config", "data", "cache"] {
            assert_not_in_files(&app.desktop().xdg_dir(dir), secret, what);
        }
        assert!(
            !app.desktop().log().contains(secret),
            "{what} found in the app's output"
        );
    }
}

/// `YYYY-MM-DD`, `n` days from today (UTC).
fn in_days(n: i64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    Day::from_unix_seconds(now.as_secs() as i64)
        .plus_days(n)
        .to_string()
}

async fn start(keyring: KeyringMode) -> Harness {
    Harness::start(Options {
        keyring,
        env: vec![("SCOPEKEEPER_CLIPBOARD_CLEAR_SECS".into(), "4".into())],
        ..Options::default()
    })
    .await
}

/// Revokes the token listed in the connection's table (with its confirmation) and waits until
/// the vendor no longer lists it.
async fn revoke_row(app: &Harness, token_id: &str) {
    let row = format!("[data-testid=token-row][data-token-id='{token_id}']");
    app.wait_for(&row, LONG).await;
    app.scroll_to(&row).await;
    app.click(&format!("{row} [data-testid=revoke]")).await;
    app.scroll_to(&format!("{row} [data-testid=revoke-confirm]"))
        .await;
    app.click(&format!("{row} [data-testid=revoke-confirm]"))
        .await;
    let start = Instant::now();
    while app.client().find(Locator::Css(&row)).await.is_ok() {
        assert!(
            start.elapsed() < LONG,
            "the revoked token {token_id} is still listed"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Saves the connection form and waits until it has closed (the save went through).
async fn save_connection_form(app: &Harness) {
    app.click("[data-testid=conn-save]").await;
    let start = Instant::now();
    while app
        .client()
        .find(Locator::Css("[data-testid=connection-form]"))
        .await
        .is_ok()
    {
        assert!(
            start.elapsed() < LONG,
            "the connection form did not close after Save"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Opens Connections, adds the sandbox, and selects `vendor`'s sandbox connection.
async fn add_sandbox(app: &Harness, vendor: &str) {
    app.click("[data-testid=nav-connections]").await;
    app.wait_for("[data-testid=sandbox-offer]", LONG).await;
    app.click("[data-testid=sandbox-add]").await;
    let css = format!("[data-testid=connection-{vendor}-sandbox]");
    app.wait_for(&css, LONG).await;
    app.click(&css).await;
    app.wait_for("[data-testid=connection-detail]", LONG).await;
}

/// Opens the builder on `vendor` (from the connection), ticks `scopes`, names the token.
async fn build(app: &Harness, kind: Option<&str>, scopes: &[&str], name: &str) {
    app.click("[data-testid=connection-new-token]").await;
    app.wait_for("[data-testid=token-name]", LONG).await;
    if let Some(k) = kind {
        app.select("[data-testid=builder-kind]", k).await;
    }
    for s in scopes {
        let css = format!("label.pick[data-scope='{s}'] input");
        app.wait_for(&css, LONG).await;
        app.click(&css).await;
    }
    app.fill("[data-testid=token-name]", name).await;
    app.scroll_to("[data-testid=create-token]").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sandbox_mindbridge_token_created_revealed_once_copied_verified_saved_and_revoked() {
    let app = start(KeyringMode::Unlocked).await;
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
    let conn_id = sandbox_connection_id(&app, "mindbridge");
    let admin = keyring_lookup(&app, &format!("connection:{conn_id}"))
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

    build(
        &app,
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

    // Copy happens in Rust; the clipboard holds the token, then is cleared (4 s in this test).
    app.click("[data-testid=created-copy]").await;
    app.wait_for_text("[data-testid=copy-status]", "the copy status", |t| {
        t.contains("cleared in 4 s")
    })
    .await;
    assert_eq!(
        clipboard(&app),
        secret,
        "the clipboard holds exactly the token"
    );
    // Marked for clipboard managers to keep out of their history.
    let targets = clipboard_target(&app, "TARGETS");
    assert!(
        targets.lines().any(|t| t == "x-kde-passwordManagerHint"),
        "offered types: {targets}"
    );
    assert_eq!(
        clipboard_target(&app, "x-kde-passwordManagerHint").trim(),
        "secret"
    );
    let copied_at = Instant::now();
    while !clipboard(&app).is_empty() {
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
        keyring_lookup(&app, "token:ci-e2e-saved").as_deref(),
        Some(secret.as_str())
    );
    app.screenshot("33-token-created-revealed-saved").await;

    // Leaving the screen forgets it: back to the connection, the token is listed, revoke it.
    app.click("[data-testid=created-done]").await;
    revoke_row(&app, &token_id).await;

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
    assert!(hint.contains("no public token API"), "{hint}");
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
    app.stop().await;
}

/// With no usable keyring, adding a connection is refused with the keyring's own error kind
/// and its way forward, and nothing is written: there is no plaintext fallback.
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

/// A tenant that is not the app's sandbox: a simulator run by the test, reached at its own URL
/// like a real vendor. Add, test, edit (replace the credential), and the vendor's errors as the
/// admin sees them.
#[tokio::test(flavor = "multi_thread")]
async fn a_tenant_connection_is_added_tested_edited_and_vendor_errors_are_explained() {
    use scopekeeper_sim::{start as start_sim, FaultRule, SimConfig, Vendor};
    let sim = start_sim(SimConfig::default())
        .await
        .expect("the simulator starts");
    let tenant = sim.handshake.mindbridge.clone();
    let app = start(KeyringMode::Unlocked).await;
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
    save_connection_form(&app).await;
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
    app.screenshot("41-connection-wrong-credential").await;
    app.click("[data-testid=connection-edit]").await;
    app.fill("[data-testid=conn-credential]", &tenant.token)
        .await;
    save_connection_form(&app).await;
    app.click("[data-testid=connection-test]").await;
    app.wait_for_text("[data-testid=connection-test-result]", "the test", |t| {
        t.contains("Authenticated")
    })
    .await;

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
