//! Cloudflare in the real app, against its simulator over real HTTP reached at its own URL like
//! the real API: an account connection added and tested; a token made in the builder (DNS Write
//! on the account's zones, usable from this machine only), shown once and checked with its own
//! value; the audit lists it with its last use and marks the seeded token that reaches every
//! zone of every account; its value rolled from its row's menu and shown once — the old value
//! no longer works at the simulator, the new one does.

use scopekeeper_core::secret::SecretString;
use scopekeeper_core::vendor::cloudflare::Cloudflare;
use scopekeeper_core::vendor::{check_base_url, HttpPolicy, VendorHttp};
use scopekeeper_e2e::{Harness, KeyringMode};
use scopekeeper_sim::{start as start_sim, CloudflareAccess, SimConfig, Vendor};

mod support;
use support::*;

/// Whether the simulator accepts `value` as an active token.
async fn accepted(base: &str, value: &str) -> bool {
    Cloudflare::new(
        VendorHttp::new(HttpPolicy::default()),
        check_base_url(base).unwrap(),
        SecretString::from(value.to_owned()),
    )
    .verify()
    .await
    .is_ok_and(|v| v.status == "active")
}

async fn connected(app: &Harness, account: &CloudflareAccess) {
    app.click("[data-testid=nav-connections]").await;
    app.click("[data-testid=connection-add]").await;
    app.select("[data-testid=conn-vendor]", "cloudflare").await;
    app.fill("[data-testid=conn-label]", "Acme account").await;
    app.fill("[data-testid=conn-url]", &account.base_url).await;
    app.fill("[data-testid=conn-credential]", &account.token)
        .await;
    save_connection_form(app).await;
    app.click("[data-testid=connection-cloudflare]").await;
    app.click("[data-testid=connection-test]").await;
    let tested = app
        .wait_for_text("[data-testid=connection-test-result]", "the test", |t| {
            t.contains("Authenticated")
        })
        .await;
    assert!(tested.contains("active"), "{tested}");
}

/// The catalog matches what the account offers; once the account drifts from it, the
/// difference is listed (axe checks the screen then).
async fn catalog_compared(app: &Harness, sim: &scopekeeper_sim::RunningSim) {
    app.click("[data-testid=drift-compare]").await;
    app.wait_for_text("[data-testid=drift-result]", "the comparison", |t| {
        t.contains("They match.")
    })
    .await;
    sim.cloudflare_console(|t| {
        t.console_retire_group("zone", "Zone Write");
        t.console_offer_group("zone", "Email Security Write");
    });
    app.click("[data-testid=drift-compare]").await;
    let drift = app
        .wait_for_text("[data-testid=drift-result]", "the drift", |t| {
            t.contains("They differ")
        })
        .await;
    assert!(
        drift.contains("zone.email-security-write") && drift.contains("zone.zone-write"),
        "{drift}"
    );
    app.scroll_to("[data-testid=drift-result]").await;
    app.screenshot("94-cloudflare-drift").await;
    if let Some(problems) = app.accessibility_problems("cloudflare catalog drift").await {
        panic!("{problems}");
    }
}

/// Made in the builder, shown once, checked with its own value; its id and value.
async fn made_in_the_builder(app: &Harness) -> (String, String) {
    app.click("[data-testid=connection-new-token]").await;
    app.wait_for("[data-testid=token-name]", LONG).await;
    // 219 groups for an account token: the picker draws what is in view, so filter first.
    app.fill("[data-testid=pick-filter]", "DNS Write").await;
    let pick = "label.pick[data-scope='zone.dns-write'] input";
    app.wait_for(pick, LONG).await;
    app.click(pick).await;
    app.fill("[data-testid=token-name]", "dns e2e").await;
    app.fill("[data-testid=token-ips]", "127.0.0.1").await;
    app.fill("[data-testid=token-deny]", "127.0.0.2").await;
    // Every zone but one (a deny policy), as the review says it…
    app.click("[data-testid=reach-zones-except]").await;
    let left_out = "[data-testid=reach-zones] [data-reach-item='example.net']";
    app.wait_for(left_out, LONG).await;
    app.click(left_out).await;
    app.click("[data-testid=review-toggle]").await;
    let review = app
        .wait_for_text("[data-testid=review-reach-zones]", "the review", |t| {
            t.contains("example.net")
        })
        .await;
    assert_eq!(
        review,
        "all but example.net: every other zone of the account, including zones added later (a deny policy leaves out those ticked)"
    );
    app.scroll_to("[data-testid=reach-zones]").await;
    app.screenshot("95-cloudflare-builder-all-but").await;
    // …then one zone of the account's three instead, as the connection lists them.
    app.click("[data-testid=reach-zones-some]").await;
    let zone = "[data-testid=reach-zones] [data-reach-item='example.com']";
    app.wait_for(zone, LONG).await;
    app.click(zone).await;
    app.wait_for_text("[data-testid=review-reach-zones]", "the review", |t| {
        t == "example.com"
    })
    .await;
    app.scroll_to("[data-testid=reach-zones]").await;
    app.screenshot("95-cloudflare-builder").await;
    if let Some(problems) = app.accessibility_problems("cloudflare builder").await {
        panic!("{problems}");
    }
    app.click("[data-testid=create-token]").await;
    app.wait_for("[data-testid=created-token]", LONG).await;
    let scopes = app.text_of("[data-testid=created-scopes]").await;
    assert_eq!(scopes, "zone.dns-read, zone.dns-write", "Write brings Read");
    app.click("[data-testid=created-reveal]").await;
    let value = app
        .wait_for_text(
            "[data-testid=created-secret][data-revealed=yes]",
            "the value",
            |t| t.len() == 40,
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

/// The audit lists the token with its last use and marks the seeded token that reaches every
/// zone of every account; the row's selector.
async fn audited(app: &Harness, id: &str) -> String {
    app.click("[data-testid=nav-audit]").await;
    app.click("[data-testid=audit-run]").await;
    let row = format!("[data-testid=audit-row][data-token='{id}']");
    // The audit has ended (its rows stop moving) before a row's menu is opened.
    app.wait_for("[data-testid=audit-run]:not(:disabled)", LONG * 3)
        .await;
    app.wait_for(&row, LONG * 3).await;
    let used = app
        .wait_for(&row, LONG)
        .await
        .attr("data-last-used")
        .await
        .expect("read the row");
    assert!(
        used.as_deref().is_some_and(|u| u != "never"),
        "checked with its own value, so used: {used:?}"
    );
    // The seeded token on every zone of every account is marked for it.
    let broad: String = serde_json::from_value(
        app.client()
            .execute(
                "return [...document.querySelectorAll('[data-testid=audit-row]')]\
                   .find(r => r.textContent.includes('read-everything')).dataset.token;",
                vec![],
            )
            .await
            .expect("find the broad row"),
    )
    .expect("its id");
    let name = format!("[data-testid=audit-row][data-token='{broad}'] [data-testid=audit-token]");
    app.click_settled(&name).await;
    app.wait_for_text("[data-testid=drawer-findings]", "its findings", |t| {
        t.contains("Reaches every account or every zone")
            && t.contains("every zone of every account")
    })
    .await;
    app.click("[data-testid=drawer-close]").await;
    app.screenshot("96-cloudflare-audit").await;

    row
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_made_in_the_builder_is_audited_with_its_last_use_and_its_value_rolled() {
    let sim = start_sim(SimConfig::default())
        .await
        .expect("the simulator starts");
    let account = sim.handshake.cloudflare.clone();
    let app = start(KeyringMode::Unlocked).await;
    connected(&app, &account).await;
    catalog_compared(&app, &sim).await;
    let (id, old) = made_in_the_builder(&app).await;
    assert_eq!(sim.call_count(Vendor::Cloudflare, "create"), 1);
    // Made on the one zone chosen, refusing the address given.
    let made = Cloudflare::new(
        VendorHttp::new(HttpPolicy::default()),
        check_base_url(&account.base_url).unwrap(),
        SecretString::from(account.token.clone()),
    )
    .get(&id)
    .await
    .expect("the token as stored");
    let reach: Vec<&String> = made
        .policies
        .iter()
        .flat_map(|p| p.resources.keys())
        .collect();
    assert_eq!(reach.len(), 1, "{reach:?}");
    assert!(
        reach[0].starts_with("com.cloudflare.api.account.zone."),
        "{reach:?}"
    );
    assert_eq!(
        made.condition.and_then(|c| c.request_ip).map(|r| r.not_in),
        Some(vec!["127.0.0.2/32".to_owned()])
    );
    app.click("[data-testid=created-done]").await;

    let row = audited(&app, &id).await;
    app.scroll_to(&row).await;
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
    app.wait_for("[data-testid=created-rolled]", LONG).await;
    assert_eq!(
        app.text_of("[data-testid=created-id]").await,
        id,
        "the same token"
    );
    app.click("[data-testid=created-reveal]").await;
    let new = app
        .wait_for_text(
            "[data-testid=created-secret][data-revealed=yes]",
            "the new value",
            |t| t.len() == 40,
        )
        .await;
    assert_ne!(new, old);
    app.screenshot("97-cloudflare-rolled").await;
    assert_eq!(sim.call_count(Vendor::Cloudflare, "roll"), 1, "sent once");
    assert!(
        !accepted(&account.base_url, &old).await,
        "the old value no longer works"
    );
    assert!(accepted(&account.base_url, &new).await, "the new one does");
    app.stop().await;
}
