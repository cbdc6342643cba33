//! History, drift and evidence in the real app: audit a tenant, let another admin revoke two of
//! its tokens and widen a third in the vendor's console (the simulator), audit again, and see
//! the changes listed and marked on the matrix; the runs and a connection's timeline on the
//! History screen; a signed evidence pack that verifies, and fails after a one-byte change; a
//! list altered in the history file marks its run damaged and the export is refused, naming
//! it; the action log's chain intact, then broken by a hand edit and named.

mod support;

use scopekeeper_e2e::fantoccini::Locator;
use scopekeeper_e2e::Harness;
use scopekeeper_sim::{start as start_sim, SimConfig};
use support::*;

async fn add_tenant(app: &Harness, base: &str, token: &str) {
    app.click("[data-testid=nav-connections]").await;
    app.click("[data-testid=connection-add]").await;
    app.select("[data-testid=conn-vendor]", "mindbridge").await;
    app.fill("[data-testid=conn-label]", "Acme tenant").await;
    app.fill("[data-testid=conn-url]", base).await;
    app.fill("[data-testid=conn-credential]", token).await;
    save_connection_form(app).await;
}

async fn texts(app: &Harness, css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in app.client().find_all(Locator::Css(css)).await.unwrap() {
        out.push(e.text().await.unwrap());
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn changes_since_the_last_audit_are_listed_and_marked_and_evidence_verifies() {
    let sim = start_sim(SimConfig::default())
        .await
        .expect("the simulator starts");
    let admin = sim.handshake.mindbridge.token.clone();
    let app = start(scopekeeper_e2e::KeyringMode::Unlocked).await;
    add_tenant(&app, &sim.handshake.mindbridge.base_url, &admin).await;

    app.click("[data-testid=nav-audit]").await;
    app.click("[data-testid=audit-run]").await;
    app.wait_for("[data-testid=changes-first]", LONG).await;

    // Another admin, in MindBridge's console: two tokens revoked, one widened.
    sim.mindbridge_console(|t| {
        assert!(t.console_delete("ci-read") && t.console_delete("etl-loader"));
        assert!(t.console_grant("webhook-relay", &["api.webhooks.delete", "api.users.read"]));
    });
    app.click("[data-testid=audit-run]").await;
    let counts = app
        .wait_for_text("[data-testid=changes-counts]", "the counts", |t| {
            t.contains("vanished")
        })
        .await;
    assert!(
        counts.contains("2 vanished (2 revoked or gone, 0 expired)"),
        "{counts}"
    );
    assert!(counts.contains("1 widened"), "{counts}");
    app.click("[data-testid=changes-details] summary").await;
    let vanished = texts(&app, "[data-testid=change][data-kind=vanished] strong").await;
    assert_eq!(vanished, ["ci-read", "etl-loader"]);
    let changed = texts(&app, "[data-testid=change][data-kind=changed]").await;
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(
        changed[0].contains("webhook-relay")
            && changed[0].contains("widened: + api.users.read, api.webhooks.delete"),
        "{changed:?}"
    );

    // Marked on the matrix: the widened row, and its changed cells outlined.
    unfold_filters(&app).await;
    app.fill("[data-testid=audit-text]", "webhook-relay").await;
    let row = "[data-testid=audit-row]";
    app.wait_for_text("[data-testid=audit-showing]", "the filter", |t| {
        t.starts_with("Showing 1 of")
    })
    .await;
    assert_eq!(
        app.text_of(&format!("{row} [data-testid=audit-mark]"))
            .await,
        "changed"
    );
    let outlined = app.count(&format!("{row} td.cell.changed")).await;
    assert_eq!(outlined, 2, "the webhooks and users groups");
    app.scroll_to(&format!("{row} td.cell.changed")).await;
    app.screenshot("76-audit-changes-marked").await;

    // Its drawer shows the token's timeline.
    app.click_settled(&format!("{row} [data-testid=audit-token]"))
        .await;
    app.scroll_to("[data-testid=drawer-timeline-open]").await;
    app.click("[data-testid=drawer-timeline-open]").await;
    let timeline = app
        .wait_for_text("[data-testid=drawer-timeline]", "the timeline", |t| {
            t.contains("changed")
        })
        .await;
    assert!(
        timeline.contains("first seen") && timeline.contains("widened"),
        "{timeline}"
    );
    app.click("[data-testid=drawer-close]").await;

    history_screen_and_evidence(&app).await;
    a_damaged_run_is_marked_and_not_exported(&app).await;
    log_chain_breaks_when_edited(&app).await;
    assert_canary(&app, &[("the tenant's admin token", &admin)]);
    app.stop().await;
}

/// The History screen lists both runs and the connection's timeline; an evidence pack
/// verifies, and fails once one byte changes.
async fn history_screen_and_evidence(app: &Harness) {
    app.click("[data-testid=nav-history]").await;
    app.wait_for("[data-testid=history-run]", LONG).await;
    assert_eq!(app.count("[data-testid=history-run]").await, 2);
    let conn = app
        .client()
        .find(Locator::Css(
            "[data-testid=timeline-connection] option:nth-child(2)",
        ))
        .await
        .unwrap();
    let id = conn.attr("value").await.unwrap().unwrap();
    app.select("[data-testid=timeline-connection]", &id).await;
    let tl = app
        .wait_for_text("[data-testid=connection-timeline]", "the timeline", |t| {
            t.lines().count() >= 3
        })
        .await;
    // The second run: 5 tokens, none new, 2 vanished, 1 changed, read.
    let ends = |l: &str| {
        l.split_whitespace().rev().take(5).collect::<Vec<_>>() == ["read", "1", "2", "0", "5"]
    };
    assert!(tl.lines().any(ends), "{tl}");
    app.screenshot("77-history-runs").await;

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pack.json");
    app.scroll_to("[data-testid=evidence-export]").await;
    app.click("[data-testid=evidence-export]").await;
    app.choose_file("Save the evidence pack", &path).await;
    let saved = app
        .wait_for_text("[data-testid=evidence-saved]", "saved", |t| {
            t.starts_with("Saved to pack.json")
        })
        .await;
    assert!(saved.contains("1 run"), "{saved}");
    app.screenshot("78-evidence-exported").await;
    let bytes = std::fs::read(&path).expect("the pack was written");
    let pack = scopekeeper_core::evidence::verify(&bytes, None).expect("the pack verifies");
    assert_eq!(pack.snapshots, 1);
    let key = app.text_of("[data-testid=evidence-key]").await;
    assert!(
        key.contains(&pack.public_key.hex),
        "the app shows the key that signed it: {key}"
    );
    for at in [0, bytes.len() / 2, bytes.len() - 2] {
        let mut bad = bytes.clone();
        bad[at] ^= 0x01;
        assert!(
            scopekeeper_core::evidence::verify(&bad, None).is_err(),
            "byte {at} changed, still valid"
        );
    }
}

/// A list of the latest run, altered in the history file: the run is marked damaged with what
/// to do, and the evidence export is refused, naming it.
async fn a_damaged_run_is_marked_and_not_exported(app: &Harness) {
    let file = app
        .desktop()
        .xdg_dir("data")
        .join("app.scopekeeper.desktop/history.sqlite3");
    let edited = rusqlite::Connection::open(&file)
        .unwrap()
        .execute(
            "UPDATE sets SET items = '[\"forged\"]' WHERE id = (SELECT scopes FROM run_tokens \
             WHERE run_id = (SELECT max(id) FROM runs) ORDER BY score DESC LIMIT 1)",
            [],
        )
        .unwrap();
    assert_eq!(edited, 1);
    app.scroll_to("[data-testid=history-refresh]").await;
    app.click("[data-testid=history-refresh]").await;
    let note = app
        .wait_for_text("[data-testid=history-damaged-note]", "the damage", |t| {
            t.contains("damaged")
        })
        .await;
    assert!(
        note.contains("Run 2 is damaged") && note.contains("run a new audit"),
        "{note}"
    );
    let marked = texts(
        app,
        "[data-testid=history-run][data-run='2'] [data-testid=history-damaged]",
    )
    .await;
    assert_eq!(marked, ["⚠ Damaged"]);
    let refused = app
        .wait_for_text("[data-testid=history-changes-error]", "the refusal", |t| {
            t.contains("damaged")
        })
        .await;
    assert!(refused.contains("run 2 "), "{refused}");
    assert_eq!(
        app.count("[data-testid=audit-changes]").await,
        0,
        "the damaged run's changes are no longer shown"
    );
    app.screenshot("78b-history-run-damaged").await;
    app.scroll_to("[data-testid=evidence-export]").await;
    app.click("[data-testid=evidence-export]").await;
    let refused = app
        .wait_for_text("[data-testid=evidence-error]", "the refusal", |t| {
            t.contains("damaged")
        })
        .await;
    assert!(
        refused.contains("No evidence pack was made") && refused.contains("run 2 "),
        "{refused}"
    );
    app.scroll_to("[data-testid=evidence-error]").await;
    app.screenshot("78c-evidence-refused-damaged").await;
}

/// The Activity screen says the chain is intact, then names the entry a hand edit broke.
async fn log_chain_breaks_when_edited(app: &Harness) {
    app.click("[data-testid=nav-activity]").await;
    let state = app.wait_for("[data-testid=chain-state]", LONG).await;
    assert_eq!(
        state.attr("data-intact").await.unwrap().as_deref(),
        Some("yes")
    );
    let log = app
        .desktop()
        .xdg_dir("data")
        .join("app.scopekeeper.desktop/actions.jsonl");
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.contains("\"connection_added\""), "{text}");
    std::fs::write(
        &log,
        text.replacen("\"connection_added\"", "\"connection_adder\"", 1),
    )
    .unwrap();
    app.click("[data-testid=activity-refresh]").await;
    let broken = app
        .wait_for_text("[data-testid=chain-state]", "the broken chain", |t| {
            t.contains("altered")
        })
        .await;
    assert!(
        broken.contains("line 1") && broken.contains("changed after it was written"),
        "{broken}"
    );
    app.screenshot("79-activity-chain-broken").await;
}
