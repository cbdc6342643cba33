//! The audit's progress reaches the page while it runs: over the Tauri channel, the page gets
//! each connection's tokens and pages as they are read (it leaves each event it received as a
//! `scopekeeper:audit-progress` performance mark). The sandbox is seeded with extra tokens so
//! the listing vendors take several pages.

use std::collections::BTreeMap;

use scopekeeper_e2e::{Harness, KeyringMode, Options};
use serde::Deserialize;

mod support;
use support::*;

#[derive(Debug, Deserialize)]
struct Received {
    connection_id: String,
    tokens_seen: u64,
    pages_read: u64,
}

#[tokio::test(flavor = "multi_thread")]
async fn the_page_receives_each_connections_progress_during_a_real_audit() {
    let app = Harness::start(Options {
        keyring: KeyringMode::Unlocked,
        // A fifth to Cloudflare, a tenth each to GitLab and GitHub, the rest halved: 900 each
        // for MindBridge and Cortex.
        env: vec![("SCOPEKEEPER_SANDBOX_SEED_TOKENS".into(), "3000".into())],
        ..Options::default()
    })
    .await;
    add_sandbox(&app, "mindbridge").await;
    // MindBridge pages by 100 (907 tokens: ten pages); Cortex answers every
    // key in one reply (one event).
    let listing = [
        (sandbox_connection_id(&app, "mindbridge"), 10),
        (sandbox_connection_id(&app, "cortex"), 1),
    ];
    app.click("[data-testid=nav-audit]").await;
    app.wait_for("[data-testid=audit-empty]", LONG).await;
    app.click("[data-testid=audit-run]").await;
    app.wait_for("[data-testid=audit-row]", LONG).await;
    let outcomes = app.text_of("[data-testid=audit-outcomes]").await;

    let marks = app
        .client()
        .execute(
            "return performance.getEntriesByName('scopekeeper:audit-progress').map(m => m.detail);",
            vec![],
        )
        .await
        .unwrap();
    let received: Vec<Received> = serde_json::from_value(marks).unwrap();
    let mut by_connection: BTreeMap<&str, Vec<&Received>> = BTreeMap::new();
    for r in &received {
        by_connection.entry(&r.connection_id).or_default().push(r);
    }
    for (id, pages) in &listing {
        let events = by_connection
            .get(id.as_str())
            .unwrap_or_else(|| panic!("no progress received for {id}: {received:?}"));
        assert!(
            events.len() >= *pages,
            "{id}: one event per page, at least {pages}: {events:?}"
        );
        for pair in events.windows(2) {
            assert!(
                pair[1].tokens_seen >= pair[0].tokens_seen
                    && pair[1].pages_read > pair[0].pages_read,
                "{id}: progress only moves forward: {events:?}"
            );
        }
        // The last event counts what the audit then shows for the connection.
        let last = events.last().unwrap();
        assert!(last.tokens_seen >= 900, "{id}: {last:?}");
        assert!(
            outcomes.contains(&format!("{} tokens", last.tokens_seen)),
            "{id}: the last progress ({}) is the outcome's count: {outcomes}",
            last.tokens_seen
        );
    }
    app.screenshot("audit-progress-received").await;
    app.stop().await;
}
