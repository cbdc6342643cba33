//! A Cloudflare user-level connection in the real app, against its simulator over real HTTP: a
//! connection to the user's URL (`…/client/v4/user`) with a token the user made in the
//! dashboard; "New token…" on it opens the builder on that connection; a user token's account
//! permission narrowed to the account ticked (the user's accounts as the connection lists them)
//! and its zone permission to one zone (every account's zones, each with its account) is made,
//! and Cloudflare holds it over exactly those places.

use scopekeeper_core::secret::SecretString;
use scopekeeper_core::vendor::cloudflare::Cloudflare;
use scopekeeper_core::vendor::{check_base_url, HttpPolicy, VendorHttp};
use scopekeeper_e2e::{Harness, KeyringMode};
use scopekeeper_sim::{start as start_sim, SimConfig, Vendor};

mod support;
use support::*;

/// Ticks scope `id`, found by filtering the picker for `name`.
async fn tick(app: &Harness, name: &str, id: &str) {
    app.fill("[data-testid=pick-filter]", name).await;
    let pick = format!("label.pick[data-scope='{id}'] input");
    app.wait_for(&pick, LONG).await;
    app.click(&pick).await;
}

/// Chooses "Only the … ticked" for `area` and ticks `item`.
async fn only(app: &Harness, area: &str, item: &str) {
    app.click(&format!("[data-testid=reach-{area}-some]")).await;
    let css = format!("[data-testid=reach-{area}] [data-reach-item='{item}']");
    app.wait_for(&css, LONG).await;
    app.click(&css).await;
}

/// A user-owned token the user made in the dashboard: it makes user tokens and holds settings
/// and DNS on the one account. Its value, the user's URL, the account's id.
fn user_token_maker(sim: &scopekeeper_sim::RunningSim) -> (String, String, String) {
    let account = sim.cloudflare_console(|t| t.account_id().to_owned());
    let maker = sim.cloudflare_console(|t| {
        t.console_user_token_on_account(
            "user token maker",
            &[
                ("user", "API Tokens Write"),
                ("account", "Account Settings Read"),
                ("zone", "DNS Write"),
            ],
        )
    });
    let base = sim.handshake.cloudflare.base_url.clone();
    let user_base = format!("{}/user", &base[..base.rfind("/accounts/").unwrap()]);

    (maker, user_base, account)
}

/// The resources a token's policies name, sorted, as Cloudflare stores them.
async fn stored_reach(user_base: &str, maker: &str, id: &str) -> Vec<String> {
    let made = Cloudflare::new(
        VendorHttp::new(HttpPolicy::default()),
        check_base_url(user_base).unwrap(),
        SecretString::from(maker.to_owned()),
    )
    .get(id)
    .await
    .expect("the token as stored");
    let mut reach: Vec<String> = made
        .policies
        .iter()
        .flat_map(|p| p.resources.keys().cloned())
        .collect();
    reach.sort();
    reach
}

#[tokio::test(flavor = "multi_thread")]
async fn a_user_token_is_made_over_the_account_and_zone_ticked() {
    let sim = start_sim(SimConfig::default())
        .await
        .expect("the simulator starts");
    let (maker, user_base, account) = user_token_maker(&sim);
    let app = start(KeyringMode::Unlocked).await;
    app.click("[data-testid=nav-connections]").await;
    app.click("[data-testid=connection-add]").await;
    app.select("[data-testid=conn-vendor]", "cloudflare").await;
    app.select("[data-testid=conn-kind]", "user-token").await;
    app.fill("[data-testid=conn-label]", "Ada's Cloudflare user")
        .await;
    app.fill("[data-testid=conn-url]", &user_base).await;
    app.fill("[data-testid=conn-credential]", &maker).await;
    save_connection_form(&app).await;
    app.click("[data-testid=connection-cloudflare]").await;
    app.click("[data-testid=connection-new-token]").await;
    app.wait_for("[data-testid=token-name]", LONG).await;
    app.select("[data-testid=builder-kind]", "user-token").await;
    app.wait_for("[data-testid=reach-accounts]", LONG).await;
    tick(
        &app,
        "Account Settings Read",
        "account.account-settings-read",
    )
    .await;
    tick(&app, "DNS Write", "zone.dns-write").await;
    app.fill("[data-testid=token-name]", "settings and dns e2e")
        .await;
    only(&app, "accounts", "Scopekeeper sandbox").await;
    only(&app, "zones", "example.com").await;
    let zone_item = app
        .text_of("[data-testid=reach-zones] li:first-child")
        .await;
    assert!(
        zone_item.contains("Scopekeeper sandbox"),
        "each zone with its account: {zone_item}"
    );
    app.click("[data-testid=review-toggle]").await;
    app.wait_for_text("[data-testid=review-reach-accounts]", "the review", |t| {
        t == "Scopekeeper sandbox"
    })
    .await;
    app.scroll_to("[data-testid=reach-accounts]").await;
    app.screenshot("98-cloudflare-user-builder").await;
    if let Some(problems) = app.accessibility_problems("cloudflare user builder").await {
        panic!("{problems}");
    }
    app.click("[data-testid=create-token]").await;
    app.wait_for("[data-testid=created-token]", LONG).await;
    assert_eq!(sim.call_count(Vendor::Cloudflare, "create"), 1);
    let id = app.text_of("[data-testid=created-id]").await;

    // Cloudflare holds it over the account and the zone ticked, nothing wider.
    let reach = stored_reach(&user_base, &maker, &id).await;
    assert_eq!(reach.len(), 2, "{reach:?}");
    assert_eq!(reach[0], format!("com.cloudflare.api.account.{account}"));
    assert!(
        reach[1].starts_with("com.cloudflare.api.account.zone.") && !reach[1].ends_with('*'),
        "{reach:?}"
    );
    app.stop().await;
}
