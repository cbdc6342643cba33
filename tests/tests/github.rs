//! GitHub in the real app, against its simulator over real HTTP: an organization connected
//! through its GitHub App (the App's ID and private key, pasted as one line the way a password
//! field keeps it) and tested; a one-hour installation token made in the builder and shown
//! once; a fine-grained token's exact checklist (GitHub makes those only in its settings); the
//! audit of the sandbox's seven vendors, the organization's fine-grained tokens among them.

use scopekeeper_e2e::{Harness, KeyringMode};
use scopekeeper_sim::{start as start_sim, GitHubAccess, SimConfig};

mod support;
use support::*;

async fn connected(app: &Harness, gh: &GitHubAccess) {
    app.click("[data-testid=nav-connections]").await;
    app.click("[data-testid=connection-add]").await;
    app.select("[data-testid=conn-vendor]", "github").await;
    app.fill("[data-testid=conn-label]", "acme").await;
    app.fill("[data-testid=conn-url]", &gh.base_url).await;
    app.select("[data-testid=conn-kind]", "installation").await;
    app.fill("[data-testid=conn-key-id]", &gh.app_id.to_string())
        .await;
    app.set_value("[data-testid=conn-credential]", &gh.token)
        .await;
    save_connection_form(app).await;
    app.click("[data-testid=connection-github]").await;
    app.click("[data-testid=connection-test]").await;
    let tested = app
        .wait_for_text("[data-testid=connection-test-result]", "the test", |t| {
            t.contains("Authenticated")
        })
        .await;
    assert!(tested.contains("GitHub App 1001 on acme"), "{tested}");
}

/// A one-hour installation token from the builder, shown once.
async fn installation_token(app: &Harness) {
    build(
        app,
        Some("installation"),
        &["contents:read"],
        "ci checkout e2e",
    )
    .await;
    // One hour, said, with no date to choose; one repository of the three the App reaches.
    let lifetime = app.text_of("[data-testid=token-lifetime]").await;
    assert!(lifetime.contains("one hour"), "{lifetime}");
    assert!(
        app.client()
            .find(fantoccini::Locator::Css("[data-testid=token-expiry]"))
            .await
            .is_err(),
        "no expiry field for a one-hour token"
    );
    app.click("[data-testid=reach-repositories-some]").await;
    let api = "[data-testid=reach-repositories] [data-reach-item='api']";
    app.wait_for(api, LONG).await;
    let listed = app.text_of("[data-testid=reach-repositories]").await;
    assert!(
        listed.contains("web") && listed.contains("infra"),
        "the installation's repositories: {listed}"
    );
    app.click(api).await;
    app.screenshot("101-github-builder-installation").await;
    if let Some(problems) = app.accessibility_problems("github builder").await {
        panic!("{problems}");
    }
    app.click("[data-testid=create-token]").await;
    app.wait_for("[data-testid=created-token]", LONG).await;
    let scopes = app.text_of("[data-testid=created-scopes]").await;
    assert_eq!(
        scopes, "contents:read, metadata:read",
        "Metadata comes with it"
    );
    let secret_free_summary = app.text_of("[data-testid=created-token]").await;
    assert!(
        !secret_free_summary.contains("ghs_"),
        "the value only on reveal"
    );
    app.click("[data-testid=created-reveal]").await;
    app.wait_for_text(
        "[data-testid=created-secret][data-revealed=yes]",
        "the value",
        |t| t.starts_with("ghs_"),
    )
    .await;
    app.click("[data-testid=created-done]").await;
}

/// A fine-grained token: the builder offers the checklist, not a create.
async fn fine_grained_checklist(app: &Harness) {
    app.click("[data-testid=nav-connections]").await;
    app.click("[data-testid=connection-github]").await;
    build(app, Some("fine-grained"), &["issues:write"], "triage e2e").await;
    let hint = app.text_of("[data-testid=create-hint]").await;
    assert!(hint.contains("only in its own console"), "{hint}");
    app.click("[data-testid=create-token]").await;
    let checklist = app
        .wait_for_text("[data-testid=guided-checklist]", "the checklist", |t| {
            t.contains("issues:write")
        })
        .await;
    assert!(checklist.contains("metadata:read"), "{checklist}");
    let plan = app.text_of("[data-testid=guided-plan]").await;
    assert!(
        plan.contains("github.com/settings/personal-access-tokens/new"),
        "{plan}"
    );
    app.screenshot("102-github-guided-fine-grained").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_organization_makes_installation_tokens_checklists_and_is_audited_beside_six_vendors() {
    let sim = start_sim(SimConfig::default())
        .await
        .expect("the simulator starts");
    let gh = sim.handshake.github.clone();
    let app = start(KeyringMode::Unlocked).await;
    connected(&app, &gh).await;
    // (Listing also makes an installation token, for reading only: the create's count is not
    // the op's; desk_github checks the create is sent once.)
    installation_token(&app).await;
    fine_grained_checklist(&app).await;

    // The sandbox's seven vendors in one audit.
    add_sandbox(&app, "github").await;
    app.click("[data-testid=nav-audit]").await;
    app.click("[data-testid=audit-run]").await;
    // Rows are drawn as they scroll into view: the outcomes say what each connection listed.
    let outcomes = app
        .wait_for_text("[data-testid=audit-outcomes]", "every outcome", |t| {
            t.contains("Sandbox GitHub") && t.contains("GitHub ·")
        })
        .await;
    assert!(!outcomes.contains("could not be read"), "{outcomes}");
    for name in [
        "MindBridge",
        "Cortex",
        "Bright",
        "Manifest",
        "Cloudflare",
        "GitLab",
        "GitHub",
    ] {
        assert!(outcomes.contains(name), "{name} in {outcomes}");
    }
    app.screenshot("103-audit-seven-vendors").await;
    app.stop().await;
}
