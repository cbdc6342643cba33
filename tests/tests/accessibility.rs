//! axe-core in the real webview, on every screen, in the light and the dark theme: no serious
//! or critical WCAG 2.1 AA violation.

mod support;

use scopekeeper_e2e::{Harness, KeyringMode, Options};
use support::*;

async fn every_screen(dark: bool) {
    let app = Harness::start(Options {
        keyring: KeyringMode::Unlocked,
        dark,
        ..Options::default()
    })
    .await;
    let theme = if dark { "dark" } else { "light" };
    let mut problems = Vec::new();
    app.wait_for_text("[data-testid=vendor-list]", "the vendors", |t| {
        t.contains("Manifest")
    })
    .await;
    problems.extend(
        app.accessibility_problems(&format!("status ({theme})"))
            .await,
    );

    app.click("[data-testid=vendor-mindbridge] button.vendor")
        .await;
    app.wait_for("li.scope", LONG).await;
    problems.extend(
        app.accessibility_problems(&format!("catalog ({theme})"))
            .await,
    );

    app.fill("[data-testid=global-search]", "engagements").await;
    app.wait_for(".hit", LONG).await;
    problems.extend(
        app.accessibility_problems(&format!("search ({theme})"))
            .await,
    );

    add_sandbox(&app, "mindbridge").await;
    problems.extend(
        app.accessibility_problems(&format!("connections ({theme})"))
            .await,
    );

    build(&app, None, &["api.engagements.read"], "a11y-check").await;
    problems.extend(
        app.accessibility_problems(&format!("builder ({theme})"))
            .await,
    );

    app.set_value("[data-testid=token-expiry]", &in_days(30))
        .await;
    app.scroll_to("[data-testid=keep-keyring]").await;
    app.click("[data-testid=keep-keyring]").await;
    app.fill("[data-testid=keep-entry]", &format!("a11y-{theme}"))
        .await;
    app.click("[data-testid=create-token]").await;
    app.wait_for("[data-testid=kept-account]", LONG).await;
    problems.extend(
        app.accessibility_problems(&format!("created into the keyring ({theme})"))
            .await,
    );

    audit_screens(&app, theme, &mut problems).await;
    history_screens(&app, theme, &mut problems).await;

    app.click("[data-testid=nav-activity]").await;
    app.wait_for("[data-testid=activity-table]", LONG).await;
    problems.extend(
        app.accessibility_problems(&format!("activity ({theme})"))
            .await,
    );
    app.stop().await;
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[tokio::test(flavor = "multi_thread")]
async fn every_screen_passes_axe_in_the_light_theme() {
    every_screen(false).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_screen_passes_axe_in_the_dark_theme() {
    every_screen(true).await;
}

/// The audit: before a run, its matrix, a cell's drawer, and registering a token.
async fn audit_screens(app: &Harness, theme: &str, problems: &mut Vec<String>) {
    app.click("[data-testid=nav-audit]").await;
    app.wait_for("[data-testid=audit-empty]", LONG).await;
    problems.extend(
        app.accessibility_problems(&format!("audit, before a run ({theme})"))
            .await,
    );
    app.click("[data-testid=audit-run]").await;
    app.wait_for("[data-testid=audit-row]", LONG).await;
    problems.extend(
        app.accessibility_problems(&format!("audit matrix ({theme})"))
            .await,
    );
    app.click("[data-testid=audit-row] [data-testid=audit-cell]")
        .await;
    app.wait_for("[data-testid=drawer-permissions] li", LONG)
        .await;
    problems.extend(
        app.accessibility_problems(&format!("audit drawer ({theme})"))
            .await,
    );
    app.screenshot(&format!("64-audit-drawer-{theme}")).await;
    app.click("[data-testid=drawer-close]").await;
    app.click("[data-testid=register-open-bright]").await;
    app.wait_for("[data-testid=register-form] input[type=checkbox]", LONG)
        .await;
    problems.extend(
        app.accessibility_problems(&format!("audit, registering a token ({theme})"))
            .await,
    );
}

/// What changed since the last audit, the History screen, and an offboarding dry run.
async fn history_screens(app: &Harness, theme: &str, problems: &mut Vec<String>) {
    app.click("[data-testid=register-cancel]").await;
    app.click("[data-testid=audit-run]").await;
    app.wait_for("[data-testid=audit-changes]", LONG).await;
    problems.extend(
        app.accessibility_problems(&format!("audit, since the last run ({theme})"))
            .await,
    );
    app.click("[data-testid=nav-history]").await;
    app.wait_for("[data-testid=history-run]", LONG).await;
    problems.extend(
        app.accessibility_problems(&format!("history ({theme})"))
            .await,
    );
    app.click("[data-testid=nav-offboard]").await;
    app.fill("[data-testid=sweep-owners]", "Jane").await;
    app.click("[data-testid=sweep-find]").await;
    app.wait_for("[data-testid=sweep-row]", LONG).await;
    app.click("[data-testid=sweep-revoke-open]").await;
    problems.extend(
        app.accessibility_problems(&format!("offboarding dry run ({theme})"))
            .await,
    );
}
