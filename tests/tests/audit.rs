//! The visual audit in the real app on the sandbox, plus a tenant whose token listing fails
//! (fault injection): run it, the matrix with its flags and scores, a cell's permissions
//! explained, a chip filter, a diff against a preset, a template, revoke from the drawer, a
//! narrowed replacement, the exports; the failing connection says why and loses nobody else's
//! tokens.

mod audit_steps;
mod support;

use audit_steps::*;
use scopekeeper_e2e::fantoccini::Locator;
use scopekeeper_e2e::Harness;
use scopekeeper_sim::{start as start_sim, FaultRule, SimConfig};
use support::*;

#[tokio::test(flavor = "multi_thread")]
async fn the_audit_reads_every_connection_scores_flags_explains_filters_and_revokes() {
    let tenant_sim = start_sim(SimConfig::default())
        .await
        .expect("the simulator starts");
    let app = start(scopekeeper_e2e::KeyringMode::Unlocked).await;
    add_sandbox(&app, "mindbridge").await;
    add_failing_tenant(
        &app,
        &tenant_sim.handshake.mindbridge.base_url,
        &tenant_sim.handshake.mindbridge.token,
    )
    .await;
    tenant_sim.add_fault("mindbridge.query=503".parse::<FaultRule>().unwrap());

    app.click("[data-testid=nav-audit]").await;
    app.wait_for("[data-testid=audit-empty]", LONG).await;
    app.screenshot("60-audit-before-the-first-run").await;
    app.click("[data-testid=audit-run]").await;
    app.wait_for("[data-testid=audit-row]", LONG).await;
    app.screenshot("61-audit-matrix").await;

    // The failing tenant says why, and the sandbox's tokens are all there.
    let failed = app
        .wait_for_text(
            "[data-testid=audit-outcomes] li.failed",
            "the failure",
            |t| t.contains("Acme tenant"),
        )
        .await;
    assert!(failed.contains("could not be read"), "{failed}");
    let outcomes = app.text_of("[data-testid=audit-outcomes]").await;
    assert!(outcomes.contains("Sandbox MindBridge"), "{outcomes}");

    // The sandbox's admin credential heads MindBridge, flagged and scored as a risk.
    let first = app.wait_for("[data-testid=audit-row]", LONG).await;
    let text = row_texts(&app).await[0].1.clone();
    assert!(
        text.contains("Scopekeeper sandbox admin") && text.contains("credential"),
        "{text}"
    );
    let score: u32 = first
        .attr("data-score")
        .await
        .unwrap()
        .unwrap()
        .parse()
        .unwrap();
    assert!(score >= 50, "the sandbox admin scores {score}");
    assert!(text.contains("any address"), "{text}");

    a_cell_explains_its_permissions(&app).await;
    a_chip_filters_the_matrix(&app).await;
    diff_against_a_preset(&app).await;
    a_template_makes_excess_a_finding(&app).await;
    revoke_from_the_drawer(&app).await;
    narrow_a_token(&app).await;
    exports(&app).await;
    app.stop().await;
}

async fn add_failing_tenant(app: &Harness, base: &str, token: &str) {
    app.click("[data-testid=connection-add]").await;
    app.select("[data-testid=conn-vendor]", "mindbridge").await;
    app.fill("[data-testid=conn-label]", "Acme tenant").await;
    app.fill("[data-testid=conn-url]", base).await;
    app.fill("[data-testid=conn-credential]", token).await;
    save_connection_form(app).await;
}

/// A MindBridge cell opens the drawer, which names each permission and the scope granting it.
async fn a_cell_explains_its_permissions(app: &Harness) {
    let cell =
        "[data-testid=audit-row] [data-testid=audit-cell][data-group='mindbridge/engagements']";
    app.wait_for(cell, LONG).await;
    app.click_settled(cell).await;
    let perms = app
        .wait_for_text("[data-testid=drawer-permissions]", "the permissions", |t| {
            t.contains("api.engagements.read")
        })
        .await;
    assert!(perms.contains("from api.engagements"), "{perms}");
    let findings = app.text_of("[data-testid=drawer-findings]").await;
    assert!(findings.contains("Admin-equivalent"), "{findings}");
    app.screenshot("62-audit-cell-drawer").await;
    app.click("[data-testid=drawer-close]").await;
}

/// "No expiry" leaves only tokens that never expire (Cortex's legacy Instance Admin among them).
async fn a_chip_filters_the_matrix(app: &Harness) {
    let before = app.count("[data-testid=audit-row]").await;
    unfold_filters(app).await;
    app.click("[data-testid=chip-no_expiry]").await;
    let showing = app
        .wait_for_text("[data-testid=audit-showing]", "the filtered count", |t| {
            t.contains("matching every selected finding")
        })
        .await;
    let after = app.count("[data-testid=audit-row]").await;
    assert!(after > 0 && after < before, "{before} → {after}: {showing}");
    let rows = row_texts(app).await;
    assert!(
        rows.iter().any(|(_, t)| t.contains("legacy automation")),
        "{rows:?}"
    );
    for (_, t) in &rows {
        assert!(t.contains("no expiry"), "a filtered row that expires: {t}");
    }
    app.screenshot("63-audit-filtered-no-expiry").await;
    unfold_filters(app).await;
    app.click("[data-testid=chip-no_expiry]").await;
}

/// Revoking the Cortex legacy key from its drawer removes it at the vendor and from the matrix.
async fn revoke_from_the_drawer(app: &Harness) {
    let id = open_row(app, "legacy automation").await;
    app.scroll_to("[data-testid=drawer-revoke]").await;
    app.click("[data-testid=drawer-revoke]").await;
    app.click("[data-testid=drawer-revoke-confirm]").await;
    let gone = format!("[data-testid=audit-row][data-key='{id}']");
    let start = std::time::Instant::now();
    while app.client().find(Locator::Css(&gone)).await.is_ok() {
        assert!(
            start.elapsed() < LONG,
            "the revoked key is still in the matrix"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // The vendor no longer lists it: a new run does not bring it back.
    let before = generated(app).await;
    app.click("[data-testid=audit-run]").await;
    let start = std::time::Instant::now();
    while generated(app).await == before {
        assert!(start.elapsed() < LONG, "the audit did not run again");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    app.wait_for("[data-testid=audit-row]", LONG).await;
    let rows = row_texts(app).await;
    assert!(rows.len() > 5, "{rows:?}");
    assert!(
        !rows.iter().any(|(_, t)| t.contains("legacy automation")),
        "{rows:?}"
    );
}

/// When the shown audit was made (Unix ms), to tell one run from the next.
pub(crate) async fn generated(app: &Harness) -> String {
    app.wait_for("[data-testid=audit-when]", LONG)
        .await
        .attr("data-generated")
        .await
        .unwrap()
        .unwrap_or_default()
}

/// Opens the drawer of the row whose text contains `name`; its token id.
pub(crate) async fn open_row(app: &Harness, name: &str) -> String {
    let rows = row_texts(app).await;
    let id = rows
        .iter()
        .find(|(_, t)| t.contains(name))
        .map(|(id, _)| id.clone())
        .unwrap_or_else(|| panic!("{name} is listed: {rows:?}"));
    let css = format!("[data-testid=audit-row][data-key='{id}'] [data-testid=audit-token]");
    // Drawn rows are reused as the list scrolls, and scrolling the matrix folds the filters
    // above it (the rows move up): the token's button is activated from the keyboard once it
    // has stopped moving, and the drawer must be the token's.
    // Twice at most: CI has seen a first activation open nothing (never a wrong drawer) on a
    // loaded machine, not reproduced here; the page's state then is printed for the next look.
    for attempt in 0..2 {
        app.enter_settled(&css).await;
        let start = std::time::Instant::now();
        while start.elapsed() < std::time::Duration::from_secs(8) {
            let shown = app.inner_text("[data-testid=audit-drawer] h2").await;
            match shown.as_deref() {
                Some(t) if t == name => return id,
                Some(other) => panic!("the drawer of {other} opened for {name}"),
                None => tokio::time::sleep(std::time::Duration::from_millis(100)).await,
            }
        }
        let state = drawer_state(app, &css).await;
        eprintln!("attempt {attempt}: the drawer of {name} did not open: {state}");
    }
    panic!("the drawer of {name} did not open (see the page's state above)");
}

/// What the page shows around a row whose drawer did not open, for the failure message.
async fn drawer_state(app: &Harness, css: &str) -> String {
    let js = "const b = document.querySelector(arguments[0]);\n\
              const d = document.querySelector('[data-testid=audit-drawer]');\n\
              const r = b ? b.getBoundingClientRect() : null;\n\
              const at = r ? document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) : null;\n\
              return JSON.stringify({button: b ? b.textContent : null, rect: r && [r.x, r.y, r.width, r.height],\n\
                at: at ? at.outerHTML.slice(0, 160) : null, focused: document.activeElement ? document.activeElement.outerHTML.slice(0, 160) : null,\n\
                drawer: d ? d.textContent.slice(0, 160) : null, rows: document.querySelectorAll('[data-testid=audit-row]').length});";
    app.client()
        .execute(js, vec![serde_json::json!(css)])
        .await
        .map(|v| v.to_string())
        .unwrap_or_else(|e| format!("(could not read the page: {e})"))
}

/// Cortex's legacy Instance Admin against the "CLI read-only" preset: tenant-wide permissions
/// are excess, the CLI view permission is missing.
async fn diff_against_a_preset(app: &Harness) {
    open_row(app, "legacy automation").await;
    app.wait_for(
        "[data-testid=diff-target] option[value='preset:cli-read-only']",
        LONG,
    )
    .await;
    app.select("[data-testid=diff-target]", "preset:cli-read-only")
        .await;
    let excess = app
        .wait_for_text("[data-testid=lane-excess]", "the excess lane", |t| {
            t.contains("Tenant-wide permissions")
        })
        .await;
    assert!(excess.contains("from Instance Admin"), "{excess}");
    // The preset's permission is in one of the other lanes: kept if the key holds it.
    let missing = app.text_of("[data-testid=lane-missing]").await;
    let kept = app.text_of("[data-testid=lane-kept]").await;
    assert!(
        missing.contains("CLI Tools View") ^ kept.contains("CLI Tools View"),
        "missing: {missing}; kept: {kept}"
    );
    app.scroll_to("[data-testid=diff-lanes]").await;
    app.screenshot("65-audit-diff-against-a-preset").await;
    app.click("[data-testid=drawer-close]").await;
}
