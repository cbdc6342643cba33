//! What the vendor end-to-end tests share: keyring and clipboard readers, the canary, and the
//! steps a person takes (add the sandbox, build a token, revoke a row).

#![allow(dead_code)]

use std::path::Path;
use std::time::{Duration, Instant};

use scopekeeper_core::token_spec::Day;
use scopekeeper_e2e::fantoccini::Locator;
use scopekeeper_e2e::{Harness, KeyringMode, Options};

pub const LONG: Duration = Duration::from_secs(20);

pub fn keyring_lookup(app: &Harness, account: &str) -> Option<String> {
    app.desktop().keyring_lookup(account)
}

/// The X clipboard's text, read with xclip (empty when nothing is offered).
pub fn clipboard(app: &Harness) -> String {
    let out = app
        .desktop()
        .command("xclip")
        .args(["-o", "-selection", "clipboard"])
        .output()
        .expect("run xclip (`make test` installs it)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// What the X clipboard offers for one target type (`TARGETS` lists the types).
pub fn clipboard_target(app: &Harness, target: &str) -> String {
    let out = app
        .desktop()
        .command("xclip")
        .args(["-o", "-selection", "clipboard", "-t", target])
        .output()
        .expect("run xclip");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The saved connections file (no secrets) and the id of the sandbox connection for `vendor`.
pub fn sandbox_connection_id(app: &Harness, vendor: &str) -> String {
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
pub fn assert_not_in_files(dir: &Path, needle: &str, what: &str) {
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

pub fn assert_canary(app: &Harness, secrets: &[(&str, &str)]) {
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
pub fn in_days(n: i64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    Day::from_unix_seconds(now.as_secs() as i64)
        .plus_days(n)
        .to_string()
}

pub async fn start(keyring: KeyringMode) -> Harness {
    Harness::start(Options {
        keyring,
        env: vec![("SCOPEKEEPER_CLIPBOARD_CLEAR_SECS".into(), "4".into())],
        ..Options::default()
    })
    .await
}

/// Revokes the token listed in the connection's table (with its confirmation) and waits until
/// the vendor no longer lists it.
pub async fn revoke_row(app: &Harness, token_id: &str) {
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
pub async fn save_connection_form(app: &Harness) {
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
pub async fn add_sandbox(app: &Harness, vendor: &str) {
    app.click("[data-testid=nav-connections]").await;
    app.wait_for("[data-testid=sandbox-offer]", LONG).await;
    app.click("[data-testid=sandbox-add]").await;
    let css = format!("[data-testid=connection-{vendor}-sandbox]");
    app.wait_for(&css, LONG).await;
    app.click(&css).await;
    app.wait_for("[data-testid=connection-detail]", LONG).await;
}

/// Opens the builder on `vendor` (from the connection), ticks `scopes`, names the token.
pub async fn build(app: &Harness, kind: Option<&str>, scopes: &[&str], name: &str) {
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

/// Unfolds the audit's filters (the chips, the text filter, the grouping and the order) when
/// they are folded into their one line, as an admin presses "Filters".
pub async fn unfold_filters(app: &Harness) {
    let toggle = app
        .wait_for("[data-testid=audit-filters-toggle]", LONG)
        .await;
    if toggle.attr("aria-expanded").await.ok().flatten().as_deref() == Some("false") {
        toggle.click().await.expect("press Filters");
        app.wait_for(
            "[data-testid=audit-filters-toggle][aria-expanded=true]",
            LONG,
        )
        .await;
    }
}

/// Each drawn row's key (its connection and token: ids alone repeat across vendors) and its text as a person reads it (names that are cut short with
/// an ellipsis included whole).
pub async fn row_texts(app: &Harness) -> Vec<(String, String)> {
    let v = app
        .client()
        .execute(
            "return [...document.querySelectorAll('[data-testid=audit-row]')]\
               .map(r => [r.dataset.key, r.textContent.replace(/\\s+/g, ' ')]);",
            vec![],
        )
        .await
        .expect("read the rows");
    serde_json::from_value(v).expect("pairs of strings")
}
