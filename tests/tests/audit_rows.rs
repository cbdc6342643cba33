//! Acting on the audit's rows in the real app, on the sandbox over real HTTP: a token revoked
//! from its row's menu after the drawer's confirmation; a connection's own credential whose
//! menu says why it cannot be revoked; several rows ticked, exported alone as CSV, then
//! reviewed and revoked together with the typed count — and a fresh audit no longer finds
//! them at the simulator, and the overview's trend counts them as vanished. axe runs with the
//! menu open and the selection shown.

mod support;

use scopekeeper_e2e::{Harness, KeyringMode};
use support::*;

async fn audited() -> Harness {
    let app = start(KeyringMode::Unlocked).await;
    add_sandbox(&app, "mindbridge").await;
    app.click("[data-testid=nav-audit]").await;
    app.wait_for("[data-testid=audit-empty]", LONG).await;
    app.click("[data-testid=audit-run]").await;
    app.wait_for("[data-testid=audit-row]", LONG * 3).await;
    // The run has ended: its rows stop moving.
    app.wait_for("[data-testid=audit-run]:not(:disabled)", LONG * 3)
        .await;
    app
}

fn row(id: &str) -> String {
    format!("[data-testid=audit-row][data-key='{id}']")
}

/// Drawn MindBridge rows (its API revokes) that are no connection's credential (revoking one
/// of those is another test's).
async fn plain_rows(app: &Harness) -> Vec<String> {
    let v = app
        .client()
        .execute(
            "return [...document.querySelectorAll('[data-testid=audit-row][data-vendor=mindbridge]')]\
               .filter(r => !r.textContent.includes('credential')).map(r => r.dataset.key);",
            vec![],
        )
        .await
        .expect("read the rows");
    serde_json::from_value(v).expect("token ids")
}

async fn showing(app: &Harness) -> usize {
    let text = app.text_of("[data-testid=audit-showing]").await;
    let n = text
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .replace(',', "");
    n.parse().unwrap_or_else(|_| panic!("a count in {text:?}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_row_menu_revokes_after_confirmation_and_says_why_a_credential_cannot_be() {
    let app = audited().await;
    let before = showing(&app).await;
    let id = plain_rows(&app)
        .await
        .into_iter()
        .next()
        .expect("a plain row");
    app.click_settled(&format!("{} [data-testid=audit-row-menu]", row(&id)))
        .await;
    app.wait_for("[data-testid=row-menu] [role=menu]", LONG)
        .await;
    app.screenshot("90-audit-row-menu").await;
    if let Some(problems) = app.accessibility_problems("audit row menu").await {
        panic!("{problems}");
    }
    assert_eq!(
        app.count("[data-testid=row-menu] [role=menu]").await,
        1,
        "the menu stayed open while axe checked it"
    );
    app.click("[data-testid=row-menu-revoke]").await;
    let asking = app
        .wait_for_text("[data-testid=row-menu-ask]", "the question", |t| {
            t.contains("Anything using it stops working")
        })
        .await;
    assert!(asking.contains("Revoke "), "{asking}");
    app.click("[data-testid=drawer-revoke-confirm]").await;
    app.wait_for_text("[data-testid=audit-showing]", "one fewer", |t| {
        t.starts_with(&format!("Showing {} of", before - 1))
    })
    .await;
    assert_eq!(app.count(&row(&id)).await, 0, "the revoked row is gone");

    // The sandbox's own credential: its menu says why, and revokes nothing.
    let own = row_texts(&app)
        .await
        .into_iter()
        .find(|(_, t)| t.contains("credential"))
        .map(|(id, _)| id)
        .expect("the connection's credential is listed");
    app.click_settled(&format!("{} [data-testid=audit-row-menu]", row(&own)))
        .await;
    let item = app.wait_for("[data-testid=row-menu-revoke]", LONG).await;
    assert_eq!(
        item.attr("aria-disabled").await.unwrap().as_deref(),
        Some("true")
    );
    let why = item.attr("aria-describedby").await.unwrap().unwrap();
    let said = app.text_of(&format!("#{why}")).await;
    assert!(said.contains("own credential"), "{said}");
    item.click().await.unwrap();
    assert_eq!(app.count("[data-testid=row-menu-ask]").await, 0);
    if let Some(problems) = app.accessibility_problems("a credential's row menu").await {
        panic!("{problems}");
    }
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn ticked_rows_export_alone_then_are_reviewed_and_revoked_together() {
    let app = audited().await;
    let total = showing(&app).await;
    let picked: Vec<String> = plain_rows(&app).await.into_iter().take(3).collect();
    assert_eq!(picked.len(), 3, "three plain rows are drawn");
    for id in &picked {
        app.click(&format!("{} [data-testid=audit-select]", row(id)))
            .await;
    }
    app.wait_for_text("[data-testid=audit-selection-count]", "three", |t| {
        t == "3 tokens selected"
    })
    .await;
    app.screenshot("91-audit-selection").await;
    if let Some(problems) = app.accessibility_problems("audit selection").await {
        panic!("{problems}");
    }

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("picked.csv");
    app.click("[data-testid=selection-csv]").await;
    app.choose_file("Export the audit", &path).await;
    app.wait_for_text("[data-testid=selection-saved]", "saved", |t| {
        t == "Saved 3 tokens to picked.csv"
    })
    .await;
    let csv = std::fs::read_to_string(&path).unwrap();
    assert_eq!(csv.lines().count(), 4, "a header and the three: {csv}");
    for key in &picked {
        // A row's key is vendor/connection/token; the CSV names the token by its id.
        let id = key.rsplit('/').next().unwrap();
        assert!(csv.contains(id), "{id} in {csv}");
    }

    app.click("[data-testid=selection-revoke]").await;
    app.wait_for_text("[data-testid=sweep-plan] h2", "the review", |t| {
        t.starts_with("Review: 3 tokens selected in the audit")
    })
    .await;
    app.screenshot("92-audit-selection-review").await;
    app.scroll_to("[data-testid=sweep-revoke-open]").await;
    app.click("[data-testid=sweep-revoke-open]").await;
    app.fill("[data-testid=sweep-typed]", "3").await;
    app.click("[data-testid=sweep-revoke]").await;
    app.wait_for_text("[data-testid=sweep-outcome] h2", "the outcome", |t| {
        t.starts_with("Outcome: 3 revoked")
    })
    .await;
    app.click("[data-testid=sweep-back]").await;
    app.wait_for_text("[data-testid=audit-showing]", "three fewer", |t| {
        t.starts_with(&format!("Showing {} of", total - 3))
    })
    .await;
    assert_eq!(app.count("[data-testid=audit-selection]").await, 0);

    // Gone at the simulator, not only from the screen: a new run no longer lists them.
    let read = app.wait_for("[data-testid=audit-when]", LONG).await;
    let at = read.attr("data-generated").await.unwrap().unwrap();
    app.click("[data-testid=audit-run]").await;
    app.wait_for(
        &format!("[data-testid=audit-when]:not([data-generated='{at}'])"),
        LONG * 3,
    )
    .await;
    app.wait_for("[data-testid=audit-row]", LONG).await;
    assert_eq!(showing(&app).await, total - 3);
    for id in &picked {
        assert_eq!(app.count(&row(id)).await, 0, "{id} was revoked");
    }
    the_trend_shows_both_runs(&app, total).await;
    app.stop().await;
}

/// The overview's trend over the two saved runs: the first with every token, the second
/// without the three revoked (counted as vanished); a run opens in the history.
async fn the_trend_shows_both_runs(app: &Harness, total: usize) {
    app.wait_for("[data-testid=chart-trend-img]", LONG).await;
    let v = app
        .client()
        .execute(
            "return [...document.querySelectorAll('[data-testid=chart-trend-table] tbody tr')]\
               .map(tr => [...tr.children].map(c => c.textContent.trim()));",
            vec![],
        )
        .await
        .expect("read the trend's numbers");
    let runs: Vec<Vec<String>> = serde_json::from_value(v).expect("rows of strings");
    assert_eq!(runs.len(), 2, "{runs:?}");
    let tokens =
        |r: &[String]| -> usize { r[1..=5].iter().map(|c| c.parse::<usize>().unwrap()).sum() };
    assert_eq!(tokens(&runs[0]), total, "{runs:?}");
    assert_eq!(tokens(&runs[1]), total - 3, "{runs:?}");
    assert_eq!(runs[1][7], "3", "three vanished: {runs:?}");
    let alt = app
        .wait_for("[data-testid=chart-trend-img]", LONG)
        .await
        .attr("aria-label")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(alt.contains(&format!("{} tokens", total - 3)), "{alt}");
    app.scroll_to("[data-testid=chart-trend]").await;
    app.click_settled("[data-testid=chart-trend-hit]:last-child")
        .await;
    app.wait_for("tr.picked[data-testid=history-run]", LONG)
        .await;
}
