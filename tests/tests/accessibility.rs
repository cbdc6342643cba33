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
    matrix_views(app, theme, problems).await;
    app.wait_for("[data-testid=audit-run]:not(:disabled)", LONG)
        .await;
    app.click_settled("[data-testid=audit-row] [data-testid=audit-cell]")
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

/// The matrix grouped by owner and by scope, then by connection again with a group expanded
/// into its scope columns (the filters folded, as the focus is then in the matrix).
async fn matrix_views(app: &Harness, theme: &str, problems: &mut Vec<String>) {
    for (by, first) in [
        ("owner", "owner"),
        ("scope", "scope"),
        ("connection", "connection"),
    ] {
        unfold_filters(app).await;
        app.select("[data-testid=audit-group]", by).await;
        app.wait_for(
            &format!("[data-testid=audit-group-row][data-by={first}]"),
            LONG,
        )
        .await;
        problems.extend(
            app.accessibility_problems(&format!("audit matrix by {by} ({theme})"))
                .await,
        );
    }
    app.click("[data-testid^='group-mindbridge/']").await;
    app.wait_for("th.gcol.scope button[aria-expanded=true]", LONG)
        .await;
    problems.extend(
        app.accessibility_problems(&format!("audit matrix, a group expanded ({theme})"))
            .await,
    );
    problems.extend(label_in_name(app, &format!("audit matrix, a group expanded ({theme})")).await);
    app.screenshot(&format!("65-audit-group-expanded-{theme}"))
        .await;
    row_actions(app, theme, problems).await;
}

/// A row's menu and its revoke question, two rows ticked with the selection line, and their
/// review before revoking (nothing is revoked: the question is cancelled, the review left).
async fn row_actions(app: &Harness, theme: &str, problems: &mut Vec<String>) {
    let key = app
        .client()
        .execute(
            "return [...document.querySelectorAll('[data-testid=audit-row]')]\
               .find(r => !r.textContent.includes('credential'))?.dataset.key ?? null;",
            vec![],
        )
        .await
        .expect("read the rows");
    let key = key
        .as_str()
        .expect("a row that is no connection's credential");
    app.click(&format!(
        "[data-testid=audit-row][data-key='{key}'] [data-testid=audit-row-menu]"
    ))
    .await;
    app.wait_for("[data-testid=row-menu] [role=menu]", LONG)
        .await;
    problems.extend(
        app.accessibility_problems(&format!("audit, a row's menu ({theme})"))
            .await,
    );
    if app.count("[data-testid=row-menu]").await == 0 {
        problems.push(format!(
            "a row's menu closed while axe checked it ({theme})"
        ));
        return;
    }
    app.click("[data-testid=row-menu-revoke]").await;
    app.wait_for("[data-testid=row-menu-ask]", LONG).await;
    problems.extend(
        app.accessibility_problems(&format!("audit, a row's revoke question ({theme})"))
            .await,
    );
    app.click("[data-testid=row-menu-ask] button:not(.danger)")
        .await;
    for n in [5, 6] {
        app.click(&format!(
            "[data-testid=audit-row]:nth-child({n}) [data-testid=audit-select]"
        ))
        .await;
    }
    app.wait_for("[data-testid=audit-selection]", LONG).await;
    problems.extend(
        app.accessibility_problems(&format!("audit, rows selected ({theme})"))
            .await,
    );
    app.click("[data-testid=selection-revoke]").await;
    app.wait_for("[data-testid=sweep-row]", LONG).await;
    problems.extend(
        app.accessibility_problems(&format!("review and revoke the selection ({theme})"))
            .await,
    );
    app.click("[data-testid=sweep-back]").await;
    app.wait_for("[data-testid=selection-clear]", LONG).await;
    app.click("[data-testid=selection-clear]").await;
}

/// axe's label-content-name-mismatch (WCAG 2.5.3, an experimental rule the WCAG tags leave
/// out) on the matrix: each control's accessible name holds its visible text. axe is in the
/// page already (loaded by the last check).
async fn label_in_name(app: &Harness, screen: &str) -> Option<String> {
    let v = app
        .client()
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
            axe.run(document.querySelector('[data-testid=audit-matrix]'), { runOnly: { type: "rule", values: ["label-content-name-mismatch"] }, resultTypes: ["violations"] })
              .then((r) => done(r.violations.flatMap((v) => v.nodes.map((n) => n.target.join(" ") + ": " + (n.failureSummary || "")))))
              .catch((e) => done(["axe-error: " + String(e)]));"#,
            vec![],
        )
        .await
        .expect("run axe's label-content-name-mismatch");
    let found: Vec<String> = serde_json::from_value(v).expect("the mismatches");
    (!found.is_empty()).then(|| {
        format!(
            "{screen}: accessible names without their visible text:\n{}",
            found.join("\n")
        )
    })
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
