//! Two connections to one tenant in the real app: A signs in with the admin token, B with a
//! narrower token. In the audit, B's credential listed through A is marked "credential of “B
//! narrow”", and revoking it from the drawer asks a second time, naming B.

mod support;

use scopekeeper_core::secret::{ExposeSecret, SecretString};
use scopekeeper_core::vendor::mindbridge::{MbCreate, MindBridge};
use scopekeeper_core::vendor::{check_base_url, HttpPolicy, VendorHttp};
use scopekeeper_e2e::Harness;
use scopekeeper_sim::{start as start_sim, SimConfig};
use support::*;

async fn add_tenant(app: &Harness, label: &str, base: &str, token: &str) {
    app.click("[data-testid=connection-add]").await;
    app.select("[data-testid=conn-vendor]", "mindbridge").await;
    app.fill("[data-testid=conn-label]", label).await;
    app.fill("[data-testid=conn-url]", base).await;
    app.fill("[data-testid=conn-credential]", token).await;
    save_connection_form(app).await;
}

/// `[token id, mark text]` of every audit row with a credential mark.
async fn marks(app: &Harness) -> Vec<(String, String)> {
    let v = app
        .client()
        .execute(
            "return [...document.querySelectorAll('[data-testid=audit-row]')]\
               .filter(r => r.querySelector('[data-testid=credential-mark]'))\
               .map(r => [r.dataset.token, r.querySelector('[data-testid=credential-mark]').textContent]);",
            vec![],
        )
        .await
        .expect("read the marks");
    serde_json::from_value(v).expect("pairs of strings")
}

#[tokio::test(flavor = "multi_thread")]
async fn another_connections_credential_is_marked_in_the_audit_and_its_revoke_names_that_connection(
) {
    let sim = start_sim(SimConfig::default())
        .await
        .expect("the simulator starts");
    let h = &sim.handshake.mindbridge;
    let admin = MindBridge::new(
        VendorHttp::new(HttpPolicy::default()),
        check_base_url(&h.base_url).unwrap(),
        SecretString::from(h.token.clone()),
    );
    let narrow = admin
        .create(&MbCreate {
            name: "b-credential".into(),
            expiry: format!("{}T00:00:00Z", in_days(30)),
            permissions: vec!["api.api-tokens.read".into(), "api.engagements.read".into()],
            allowed_addresses: vec![],
        })
        .await
        .expect("the narrow token is made");
    let b_id = narrow.token.id.clone();

    let app = start(scopekeeper_e2e::KeyringMode::Unlocked).await;
    app.click("[data-testid=nav-connections]").await;
    add_tenant(&app, "A admin", &h.base_url, &h.token).await;
    add_tenant(&app, "B narrow", &h.base_url, narrow.secret.expose_secret()).await;

    app.click("[data-testid=nav-audit]").await;
    app.wait_for("[data-testid=audit-run]", LONG).await;
    app.click("[data-testid=audit-run]").await;
    app.wait_for("[data-testid=audit-row]", LONG).await;
    let found = marks(&app).await;
    assert!(
        found
            .iter()
            .any(|(id, m)| *id == b_id && m == "credential of \u{201c}B narrow\u{201d}"),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(_, m)| m == "credential of \u{201c}A admin\u{201d}"),
        "A's admin token, listed through B: {found:?}"
    );
    app.screenshot("66-audit-another-connections-credential")
        .await;

    the_drawer_names_b_before_revoking(&app).await;
    app.stop().await;
}

/// Opens the row listed through A (its mark names B), revokes it through the second
/// confirmation, and waits until the row is gone.
async fn the_drawer_names_b_before_revoking(app: &Harness) {
    app.client()
        .execute(
            "const r = [...document.querySelectorAll('[data-testid=audit-row]')]\
               .find(r => r.querySelector('[data-testid=credential-mark]')?.textContent.includes('B narrow'));\
             r.querySelector('[data-testid=audit-token]').click();",
            vec![],
        )
        .await
        .expect("open the row");
    app.wait_for("[data-testid=audit-drawer]", LONG).await;
    app.click("[data-testid=drawer-revoke]").await;
    app.click("[data-testid=drawer-revoke-confirm]").await;
    let said = app
        .wait_for_text(
            "[data-testid=drawer-break]",
            "the second confirmation",
            |t| t.contains("B narrow"),
        )
        .await;
    assert!(
        said.contains("revoking it breaks that connection"),
        "{said}"
    );
    app.screenshot("67-audit-drawer-breaks-another-connection")
        .await;
    app.click("[data-testid=drawer-break-confirm]").await;
    let start = std::time::Instant::now();
    while marks(app).await.iter().any(|(_, m)| m.contains("B narrow")) {
        assert!(
            start.elapsed() < LONG,
            "the revoked credential is still shown"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}
