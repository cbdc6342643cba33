//! Cloudflare user-owned tokens through the desk, against its simulator. A connection to the
//! user's URL (`…/client/v4/user`) lists the user's accounts and every account's zones for the
//! builder, and makes user tokens: user permissions over the user, account permissions over
//! the accounts chosen (or every account), zone permissions over the zones chosen. A parent
//! that holds one account cannot make a token for every account; an account token cannot be
//! made through the user's URL.

use scopekeeper_core::connection::Connection;
use scopekeeper_core::error::ErrorKind;
use scopekeeper_core::token_spec::{Reach, TokenSpec};
use scopekeeper_sim::Vendor;
use serde_json::Value;

mod desk_support;
use desk_support::*;

/// A user token spec narrowed as `reach` says (`(area, items, except)`).
fn user_spec(name: &str, scopes: &[&str], reach: &[(&str, &[&str], bool)]) -> TokenSpec {
    let mut s = spec("cloudflare", "user-token", scopes, 30);
    s.name = name.into();
    s.reach = reach
        .iter()
        .map(|(area, items, except)| Reach {
            area: (*area).into(),
            items: items.iter().map(|i| (*i).to_owned()).collect(),
            except: *except,
        })
        .collect();
    s
}

/// The keys of the resources of the `effect` policy whose groups mention `group`.
fn keys_of(token: &Value, effect: &str, group: &str) -> Vec<String> {
    token["policies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["effect"] == effect && p["permission_groups"].to_string().contains(group))
        .unwrap_or_else(|| panic!("no {effect} policy for {group}: {token}"))["resources"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect()
}

/// A user-level connection whose token (made in the dashboard) makes user tokens and holds
/// settings and DNS on the one account: the connection, the token's value, the user's URL.
async fn user_maker(f: &Fixture) -> (Connection, String, String) {
    let cat = f.catalogs.get("cloudflare").unwrap();
    let maker = f.sim.cloudflare_console(|t| {
        t.console_user_token_on_account(
            "user token maker",
            &[
                ("user", "API Tokens Write"),
                ("account", "Account Settings Read"),
                ("zone", "DNS Write"),
            ],
        )
    });
    let base = f.sim.handshake.cloudflare.base_url.clone();
    let user_base = format!("{}/user", &base[..base.rfind("/accounts/").unwrap()]);
    let conn = f
        .desk
        .save_connection(input("cloudflare", "user-token", &user_base, &maker), cat)
        .await
        .unwrap();

    (conn, maker, user_base)
}

#[tokio::test]
async fn a_user_level_connection_makes_user_tokens_over_the_places_chosen_within_its_own() {
    let f = fixture().await;
    let cat = f.catalogs.get("cloudflare").unwrap();
    let (conn, maker, user_base) = user_maker(&f).await;
    let (user, account) = f
        .sim
        .cloudflare_console(|t| (t.user_id().to_owned(), t.account_id().to_owned()));

    // The builder's lists: the user's accounts; every account's zones, each with its account.
    let items = |area: &'static str| f.desk.reach_items(&conn.id, cat, "user-token", area);
    let accounts = items("accounts").await.unwrap();
    let names: Vec<&str> = accounts.items.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Scopekeeper sandbox"]);
    let zones = items("zones").await.unwrap();
    let com = zones
        .items
        .iter()
        .find(|z| z.name == "example.com")
        .unwrap();
    assert_eq!(com.detail.as_deref(), Some("Scopekeeper sandbox"));

    // User, account and zone permissions, each over its own place.
    let narrowed = user_spec(
        "settings and dns",
        &[
            "user.api-tokens-read",
            "account.account-settings-read",
            "zone.dns-write",
        ],
        &[
            ("accounts", &["Scopekeeper sandbox"], false),
            ("zones", &["example.com"], false),
        ],
    );
    let made = f.desk.create_token(&conn.id, cat, &narrowed).await.unwrap();
    let sent = &cf_token_as_stored(&user_base, &maker, &made.token_id).await;
    assert_eq!(
        keys_of(sent, "allow", "API Tokens Read"),
        [format!("com.cloudflare.api.user.{user}")]
    );
    assert_eq!(
        keys_of(sent, "allow", "Account Settings Read"),
        [format!("com.cloudflare.api.account.{account}")]
    );
    let zone = keys_of(sent, "allow", "DNS Write");
    assert_eq!(zone.len(), 1, "{zone:?}");
    assert!(
        zone[0].starts_with("com.cloudflare.api.account.zone.") && !zone[0].ends_with('*'),
        "{zone:?}"
    );

    wider_than_the_maker_is_refused_unsent(&f, &conn.id).await;
}

/// Every account, or every zone of every account: wider than the maker, refused unsent. An
/// account token through the user's URL: refused, saying which kind this connection makes.
async fn wider_than_the_maker_is_refused_unsent(f: &Fixture, conn: &str) {
    let cat = f.catalogs.get("cloudflare").unwrap();
    let before = f.sim.call_count(Vendor::Cloudflare, "create");
    for (wide, scope, label) in [
        (
            user_spec("every account", &["account.account-settings-read"], &[]),
            "account.account-settings-read",
            "every account",
        ),
        (
            user_spec("every zone", &["zone.dns-write"], &[]),
            "zone.dns-write",
            "every zone",
        ),
    ] {
        let e = f.desk.create_token(conn, cat, &wide).await.unwrap_err();
        assert_eq!(e.kind, ErrorKind::ExceedsCredential, "{e:?}");
        let said = e.details.join(" ");
        assert!(said.contains(scope) && said.contains(label), "{said}");
    }
    // An account token through the user's URL: refused, saying which kind this connection makes.
    let e = f
        .desk
        .create_token(
            conn,
            cat,
            &cf_spec("account kind", &["account.account-settings-read"]),
        )
        .await
        .unwrap_err();
    assert!(e.message.contains("user API tokens"), "{e:?}");
    assert_eq!(f.sim.call_count(Vendor::Cloudflare, "create"), before);
}
