//! GitLab in the real app, against its simulator over real HTTP reached at its own URL like the
//! real API: a project connection added (the administrator's personal token) and tested; a
//! project access token made in the builder (a scope and a role, the mandatory expiry), shown
//! once and checked with its own value; the audit lists it with its last use and its role; it is
//! rotated from its row's menu — a new token in its place, shown once; the old value no longer
//! works at the simulator, the new one does.

use scopekeeper_core::secret::SecretString;
use scopekeeper_core::vendor::gitlab::GitLab;
use scopekeeper_core::vendor::{check_base_url, HttpPolicy, VendorHttp};
use scopekeeper_e2e::Harness;
use scopekeeper_e2e::KeyringMode;
use scopekeeper_sim::{start as start_sim, GitLabAccess, SimConfig, Vendor};

mod support;
use support::*;

/// Whether the simulator accepts `value` as an active project token.
async fn accepted(base: &str, value: &str) -> bool {
    let gl = GitLab::new(
        VendorHttp::new(HttpPolicy::default()),
        &check_base_url(base).unwrap(),
        SecretString::from(value.to_owned()),
    )
    .unwrap();
    gl.own_token(true).await.is_ok_and(|t| t.active)
}

async fn connected(app: &Harness, gl: &GitLabAccess) {
    app.click("[data-testid=nav-connections]").await;
    app.click("[data-testid=connection-add]").await;
    app.select("[data-testid=conn-vendor]", "gitlab").await;
    app.fill("[data-testid=conn-label]", "platform/api").await;
    app.fill("[data-testid=conn-url]", &gl.base_url).await;
    app.select("[data-testid=conn-kind]", "personal").await;
    app.fill("[data-testid=conn-credential]", &gl.token).await;
    save_connection_form(app).await;
    app.click("[data-testid=connection-gitlab]").await;
    app.click("[data-testid=connection-test]").await;
    let tested = app
        .wait_for_text("[data-testid=connection-test-result]", "the test", |t| {
            t.contains("Authenticated")
        })
        .await;
    assert!(tested.contains("@root (administrator)"), "{tested}");
    assert!(tested.contains("any address"), "marked as a risk: {tested}");
}

/// Made in the builder (a project token by default), shown once, checked with its own value;
/// its id and value.
async fn made_in_the_builder(app: &Harness) -> (String, String) {
    build(
        app,
        None,
        &["read_repository", "role:developer"],
        "ci clone e2e",
    )
    .await;
    // Developer brings the lower roles with it; Maintainer and Owner stay unticked.
    let locked = app
        .wait_for("label.pick[data-scope='role:reporter'] input", LONG)
        .await;
    assert!(
        locked.is_selected().await.unwrap(),
        "Reporter comes with Developer"
    );
    app.screenshot("98-gitlab-builder").await;
    if let Some(problems) = app.accessibility_problems("gitlab builder").await {
        panic!("{problems}");
    }
    app.click("[data-testid=create-token]").await;
    app.wait_for("[data-testid=created-token]", LONG).await;
    let scopes = app.text_of("[data-testid=created-scopes]").await;
    assert_eq!(
        scopes, "read_repository, role:developer",
        "the role GitLab gave it"
    );
    app.click("[data-testid=created-reveal]").await;
    let value = app
        .wait_for_text(
            "[data-testid=created-secret][data-revealed=yes]",
            "the value",
            |t| t.starts_with("glpat-"),
        )
        .await;
    app.click("[data-testid=created-check]").await;
    let status = app
        .wait_for_text("[data-testid=created-status]", "the check", |t| {
            !t.is_empty()
        })
        .await;
    assert_eq!(status, "Listed by the vendor and accepted by it.");
    (app.text_of("[data-testid=created-id]").await, value)
}

/// The audit lists the token with its last use; the row's selector.
async fn audited(app: &Harness, id: &str) -> String {
    app.click("[data-testid=nav-audit]").await;
    app.click("[data-testid=audit-run]").await;
    let row = format!("[data-testid=audit-row][data-token='{id}']");
    // The audit has ended (its rows stop moving) before a row's menu is opened.
    app.wait_for("[data-testid=audit-run]:not(:disabled)", LONG * 3)
        .await;
    let used = app
        .wait_for(&row, LONG * 3)
        .await
        .attr("data-last-used")
        .await
        .expect("read the row");
    assert!(
        used.as_deref().is_some_and(|u| u != "never"),
        "checked with its own value, so used: {used:?}"
    );
    app.scroll_to(&row).await;
    app.screenshot("99-gitlab-audit").await;
    row
}

/// Waits (a minute: the parallel e2e run is slow) for the rolled token's page; fails at once
/// with the roll's own error if one shows.
async fn rolled_or_its_error(app: &Harness) {
    let start = std::time::Instant::now();
    loop {
        if app.count("[data-testid=created-rolled]").await > 0 {
            return;
        }
        if app.count("[data-testid=roll-error]").await > 0 {
            panic!(
                "the roll failed: {}",
                app.text_of("[data-testid=roll-error]").await
            );
        }
        if start.elapsed() > LONG * 3 {
            // What the page shows instead, for the failure to name.
            app.screenshot("100-gitlab-roll-stuck").await;
            let state = app
                .client()
                .execute(
                    "const q = s => !!document.querySelector(s);\
                     return JSON.stringify({menu: q('[data-testid=row-menu]'), ask: q('[data-testid=row-menu-ask]'),\
                       confirm: document.querySelector('[data-testid=roll-confirm]')?.textContent ?? null,\
                       page: document.querySelector('main h1, main h2')?.textContent ?? null});",
                    vec![],
                )
                .await
                .map(|v| v.to_string())
                .unwrap_or_default();
            panic!("no rolled token after a minute; the page: {state}");
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_project_token_made_in_the_builder_is_audited_with_its_last_use_and_rotated() {
    let sim = start_sim(SimConfig::default())
        .await
        .expect("the simulator starts");
    let gl = sim.handshake.gitlab.clone();
    let app = start(KeyringMode::Unlocked).await;
    connected(&app, &gl).await;
    let (id, old) = made_in_the_builder(&app).await;
    assert_eq!(sim.call_count(Vendor::GitLab, "create"), 1);
    app.click("[data-testid=created-done]").await;

    let row = audited(&app, &id).await;
    app.click_settled(&format!("{row} [data-testid=audit-row-menu]"))
        .await;
    app.wait_for("[data-testid=row-menu] [role=menu]", LONG)
        .await;
    app.click("[data-testid=row-menu-roll]").await;
    app.wait_for_text("[data-testid=row-menu-ask]", "the question", |t| {
        t.contains("old value stops working")
    })
    .await;
    app.click("[data-testid=roll-confirm]").await;
    rolled_or_its_error(&app).await;
    let new_id = app.text_of("[data-testid=created-id]").await;
    assert_ne!(new_id, id, "GitLab rotates into a new token");
    app.click("[data-testid=created-reveal]").await;
    let new = app
        .wait_for_text(
            "[data-testid=created-secret][data-revealed=yes]",
            "the new value",
            |t| t.starts_with("glpat-"),
        )
        .await;
    assert_ne!(new, old);
    app.screenshot("100-gitlab-rotated").await;
    assert_eq!(sim.call_count(Vendor::GitLab, "rotate"), 1, "sent once");
    assert!(
        !accepted(&gl.base_url, &old).await,
        "the old value no longer works"
    );
    assert!(accepted(&gl.base_url, &new).await, "the new one does");
    app.stop().await;
}
