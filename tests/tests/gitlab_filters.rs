//! A GitLab instance connection in the real app, against its simulator over real HTTP: the
//! Connections screen's token list is filtered by GitLab itself (by name, then by last use), says
//! what it shows, and a date that is not one is refused with the field to correct.

use scopekeeper_core::clock::{Clock, SystemClock};
use scopekeeper_e2e::{Harness, KeyringMode};
use scopekeeper_sim::{start as start_sim, SimConfig};

mod support;
use support::*;

/// The names in the token table.
async fn listed(app: &Harness) -> Vec<String> {
    let v = app
        .client()
        .execute(
            "return [...document.querySelectorAll('[data-testid=token-row] strong')].map(s => s.textContent.trim());",
            vec![],
        )
        .await
        .expect("read the table");
    serde_json::from_value(v).expect("names")
}

/// Presses Filter and waits for the caption saying `words`.
async fn filtered_by(app: &Harness, words: &str) -> String {
    app.click("[data-testid=filter-apply]").await;
    app.wait_for_text(
        "[data-testid=filter-showing]",
        "the filter's caption",
        |t| t.contains(words),
    )
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_instances_tokens_are_filtered_by_gitlab() {
    let sim = start_sim(SimConfig::default())
        .await
        .expect("the simulator starts");
    let gl = sim.handshake.gitlab.clone();
    let app = start(KeyringMode::Unlocked).await;
    app.click("[data-testid=nav-connections]").await;
    app.click("[data-testid=connection-add]").await;
    app.select("[data-testid=conn-vendor]", "gitlab").await;
    app.fill("[data-testid=conn-label]", "gitlab instance")
        .await;
    app.fill("[data-testid=conn-url]", &gl.api_url).await;
    app.select("[data-testid=conn-kind]", "personal").await;
    app.fill("[data-testid=conn-credential]", &gl.token).await;
    save_connection_form(&app).await;
    app.click("[data-testid=connection-gitlab]").await;
    app.wait_for("[data-testid=token-row]", LONG).await;
    let all = listed(&app).await;
    assert!(
        all.iter().any(|n| n == "laptop") && all.iter().any(|n| n == "migration"),
        "{all:?}"
    );

    app.fill("[data-testid=filter-search]", "lap").await;
    let said = filtered_by(&app, "name contains “lap”").await;
    assert!(said.ends_with(": 1"), "{said}");
    assert_eq!(listed(&app).await, ["laptop"]);

    // Used a year or more ago (or whatever the name): migration, last used 400 days ago.
    app.set_value("[data-testid=filter-search]", "").await;
    let year_ago = SystemClock.today().plus_days(-365).to_string();
    app.fill("[data-testid=filter-used-before]", &year_ago)
        .await;
    filtered_by(&app, &format!("last used on or before {year_ago}")).await;
    let stale = listed(&app).await;
    assert!(stale.iter().any(|n| n == "migration"), "{stale:?}");
    assert!(!stale.iter().any(|n| n == "laptop"), "{stale:?}");
    app.scroll_to("[data-testid=token-filter]").await;
    app.screenshot("99-gitlab-tokens-filtered").await;
    if let Some(problems) = app.accessibility_problems("gitlab token filter").await {
        panic!("{problems}");
    }

    // Not a date: refused, naming the field.
    app.fill("[data-testid=filter-created-after]", "2026-13-01")
        .await;
    app.click("[data-testid=filter-apply]").await;
    let error = app
        .wait_for_text("[data-testid=tokens-error]", "the refusal", |t| {
            t.contains("is not a date")
        })
        .await;
    assert!(error.contains("Created on or after"), "{error}");
    app.screenshot("99b-gitlab-token-filter-refused").await;

    // Cleared: every token again.
    app.click("[data-testid=filter-clear]").await;
    let start = std::time::Instant::now();
    while listed(&app).await.len() != all.len() {
        assert!(start.elapsed() < LONG, "the filter did not clear");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    app.stop().await;
}
