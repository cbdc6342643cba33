//! Cloudflare zones through the desk, against its simulator: the account's zones listed for
//! the builder; a token narrowed to one zone (with refused addresses and a first day) made on
//! that zone only; a connection whose token holds a zone permission on one zone refused, before
//! anything is sent, a token for every zone or another zone.

use scopekeeper_core::clock::{Clock, SystemClock};
use scopekeeper_core::connection::Connection;
use scopekeeper_core::error::ErrorKind;
use scopekeeper_core::token_spec::{Reach, TokenSpec};
use scopekeeper_sim::Vendor;

mod desk_support;
use desk_support::*;

/// A spec narrowed to the zones named.
fn narrowed(name: &str, scopes: &[&str], zones: &[&str]) -> TokenSpec {
    let mut s = cf_spec(name, scopes);
    s.reach = vec![Reach {
        area: "zones".into(),
        items: zones.iter().map(|z| (*z).to_owned()).collect(),
        except: false,
    }];
    s
}

/// A spec for every zone of the account but those named.
fn all_but(name: &str, scopes: &[&str], zones: &[&str]) -> TokenSpec {
    let mut s = narrowed(name, scopes, zones);
    s.reach[0].except = true;
    s
}

#[tokio::test]
async fn a_token_narrowed_to_zones_reaches_only_them_and_a_one_zone_parent_cannot_make_a_wider_one()
{
    let f = fixture().await;
    let cat = f.catalogs.get("cloudflare").unwrap();
    let admin = connect_cloudflare(&f, &f.sim.handshake.cloudflare.token).await;
    let zones = f
        .desk
        .reach_items(&admin.id, cat, "account-token", "zones")
        .await
        .unwrap();
    let names: Vec<&str> = zones.items.iter().map(|z| z.name.as_str()).collect();
    assert_eq!(names, ["example.com", "example.net", "shop.example.org"]);

    // A token maker that holds DNS Write on example.com only; refused addresses and a first
    // day travel with it.
    let mut maker = narrowed(
        "token maker, one zone",
        &["account.account-api-tokens-write", "zone.dns-write"],
        &["example.com"],
    );
    maker.ip_denylist = vec!["192.0.2.0/24".into()];
    maker.starts_on = Some(SystemClock.today().to_string());
    let made = f.desk.create_token(&admin.id, cat, &maker).await.unwrap();
    let secret = f.desk.reveal_pending(&made.token_id).unwrap();
    let sent = raw_token(&f, &made.token_id).await;
    let zone_policy = sent["policies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["permission_groups"].to_string().contains("DNS"))
        .unwrap()
        .clone();
    let keys: Vec<&String> = zone_policy["resources"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(keys.len(), 1, "one zone named: {zone_policy}");
    assert!(
        keys[0].starts_with("com.cloudflare.api.account.zone."),
        "{keys:?}"
    );
    assert_eq!(sent["condition"]["request_ip"]["not_in"][0], "192.0.2.0/24");
    assert!(sent["not_before"].is_string(), "{sent}");

    one_zone_parent_stays_within(&f, &admin, &secret).await;
}

/// A connection whose token holds DNS Write on example.com only: every zone, or another zone,
/// is refused unsent; the zone it holds is made; a zone the account lacks is named.
async fn one_zone_parent_stays_within(f: &Fixture, admin: &Connection, secret: &str) {
    let cat = f.catalogs.get("cloudflare").unwrap();
    let conn = connect_cloudflare(f, secret).await;
    let before = f.sim.call_count(Vendor::Cloudflare, "create");
    // Every zone of the account, or another zone: wider than the maker holds, refused unsent.
    for (wide, label) in [
        (
            cf_spec("every zone", &["zone.dns-write"]),
            "every zone of the account",
        ),
        (
            narrowed("another zone", &["zone.dns-write"], &["example.net"]),
            "example.net",
        ),
    ] {
        let e = f.desk.create_token(&conn.id, cat, &wide).await.unwrap_err();
        assert_eq!(e.kind, ErrorKind::ExceedsCredential, "{e:?}");
        let said = e.details.join(" ");
        assert!(
            said.contains("zone.dns-write") && said.contains(label),
            "{said}"
        );
    }
    assert_eq!(f.sim.call_count(Vendor::Cloudflare, "create"), before);
    // The zone it holds: made.
    f.desk
        .create_token(
            &conn.id,
            cat,
            &narrowed("dns on example.com", &["zone.dns-write"], &["example.com"]),
        )
        .await
        .unwrap();
    // A zone the account does not have is named before anything is sent.
    let e = f
        .desk
        .create_token(
            &admin.id,
            cat,
            &narrowed("nowhere", &["zone.dns-read"], &["nowhere.example"]),
        )
        .await
        .unwrap_err();
    assert!(
        e.message.contains("nowhere.example") && e.message.contains("untick"),
        "{e:?}"
    );
}

#[tokio::test]
async fn every_zone_but_some_is_a_deny_policy_and_its_maker_cannot_reach_a_zone_it_is_denied() {
    let f = fixture().await;
    let cat = f.catalogs.get("cloudflare").unwrap();
    let admin = connect_cloudflare(&f, &f.sim.handshake.cloudflare.token).await;
    let maker = all_but(
        "token maker, not example.net",
        &["account.account-api-tokens-write", "zone.dns-write"],
        &["example.net"],
    );
    let made = f.desk.create_token(&admin.id, cat, &maker).await.unwrap();
    let secret = f.desk.reveal_pending(&made.token_id).unwrap();
    let sent = raw_token(&f, &made.token_id).await;
    let policies = sent["policies"].as_array().unwrap();
    let dns = |effect: &str| {
        policies
            .iter()
            .find(|p| p["effect"] == effect && p["permission_groups"].to_string().contains("DNS"))
            .unwrap_or_else(|| panic!("no {effect} policy for DNS Write: {sent}"))
    };
    let allowed = dns("allow")["resources"].to_string();
    assert!(
        allowed.contains("com.cloudflare.api.account.zone.*"),
        "{allowed}"
    );
    let denied: Vec<&String> = dns("deny")["resources"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(denied.len(), 1, "one zone left out: {denied:?}");

    let listed = f.desk.list_tokens(&admin.id).await.unwrap();
    let row = listed.iter().find(|t| t.id == made.token_id).unwrap();
    assert!(
        row.broad_reach
            .as_deref()
            .is_some_and(|r| r.contains("deny")),
        "the audit says a deny takes part of it away: {:?}",
        row.broad_reach
    );

    // As a connection, it makes what stays inside: the same zone left out, or more.
    let conn = connect_cloudflare(&f, &secret).await;
    for inside in [
        all_but("not example.net", &["zone.dns-write"], &["example.net"]),
        all_but(
            "neither",
            &["zone.dns-write"],
            &["example.net", "example.com"],
        ),
        narrowed("just one", &["zone.dns-write"], &["example.com"]),
    ] {
        f.desk.create_token(&conn.id, cat, &inside).await.unwrap();
    }
    // Never the zone it is denied, nor every zone.
    let before = f.sim.call_count(Vendor::Cloudflare, "create");
    for (wide, label) in [
        (
            all_but("not shop", &["zone.dns-write"], &["shop.example.org"]),
            "every zone of the account except shop.example.org",
        ),
        (
            narrowed("denied zone", &["zone.dns-write"], &["example.net"]),
            "example.net",
        ),
        (
            cf_spec("every zone", &["zone.dns-write"]),
            "every zone of the account",
        ),
    ] {
        let e = f.desk.create_token(&conn.id, cat, &wide).await.unwrap_err();
        assert_eq!(e.kind, ErrorKind::ExceedsCredential, "{e:?}");
        assert!(e.details.join(" ").contains(label), "{e:?}");
    }
    assert_eq!(f.sim.call_count(Vendor::Cloudflare, "create"), before);
}

/// A token as the simulator returns it to the admin's own token (its policies and conditions as
/// stored).
async fn raw_token(f: &Fixture, id: &str) -> serde_json::Value {
    let h = &f.sim.handshake.cloudflare;
    cf_token_as_stored(&h.base_url, &h.token, id).await
}
