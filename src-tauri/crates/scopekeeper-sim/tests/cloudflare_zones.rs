//! The Cloudflare simulator's zones and accounts: listed in pages, by account and name, as far
//! as the token reaches; a zone a policy names must be the account's; `not_in` and `not_before` kept,
//! returned and enforced.

use reqwest::{Client, Method};
use scopekeeper_sim::{start, FaultRule, SimConfig};
use serde_json::{json, Value};

mod cloudflare_support;
use cloudflare_support::Account;

#[tokio::test]
async fn zones_come_in_pages_filtered_by_account_and_name_as_far_as_the_token_reaches() {
    let sim = start(SimConfig::default()).await.unwrap();
    let a = Account { sim: &sim };
    let account = sim.handshake.cloudflare.account_id.clone();
    let all = a.zones("", a.admin()).await;
    assert_eq!(all.status, 200, "{}", all.body);
    assert_eq!(
        Account::zone_names(&all),
        ["example.com", "example.net", "shop.example.org"]
    );
    assert_eq!(
        all.body["result_info"],
        json!({ "page": 1, "per_page": 20, "count": 3, "total_count": 3, "total_pages": 1 })
    );
    for z in all.body["result"].as_array().unwrap() {
        let id = z["id"].as_str().unwrap();
        assert!(
            id.len() == 32 && id.chars().all(|c| c.is_ascii_hexdigit()),
            "{id}"
        );
        assert_eq!(z["status"], "active");
        assert_eq!(z["account"]["id"], json!(account));
        assert!(z["account"]["name"].is_string());
    }
    assert!(all.headers["ratelimit"]
        .to_str()
        .unwrap()
        .starts_with("\"default\";r="));

    let first = a.zones("per_page=2&page=1", a.admin()).await;
    assert_eq!(Account::zone_names(&first), ["example.com", "example.net"]);
    assert_eq!(first.body["result_info"]["total_pages"], 2);
    let second = a.zones("per_page=2&page=2", a.admin()).await;
    assert_eq!(Account::zone_names(&second), ["shop.example.org"]);
    assert_eq!(second.body["result_info"]["count"], 1);

    let ours = a.zones(&format!("account.id={account}"), a.admin()).await;
    assert_eq!(ours.body["result_info"]["total_count"], 3);
    let other = a
        .zones("account.id=00000000000000000000000000000000", a.admin())
        .await;
    assert_eq!(
        (other.status.as_u16(), &other.body["result"]),
        (200, &json!([]))
    );
    let named = a.zones("name=example.net", a.admin()).await;
    assert_eq!(Account::zone_names(&named), ["example.net"]);
    assert_eq!(
        a.zones("name=example", a.admin()).await.body["result_info"]["total_count"],
        0
    );
    assert_eq!(
        a.zones("per_page=51", a.admin()).await.code(),
        (400, json!(1001))
    );
}

#[tokio::test]
async fn zones_need_a_known_token_and_show_as_far_as_it_reaches() {
    let sim = start(SimConfig::default()).await.unwrap();
    let a = Account { sim: &sim };
    let all = a.zones("", a.admin()).await;
    // Auth: no token, an unknown one.
    assert_eq!(a.zones("", "not-a-token").await.code(), (401, json!(1000)));
    let bare = Client::new()
        .get(format!("{}/cloudflare/client/v4/zones", sim.origin()))
        .send()
        .await
        .unwrap();
    assert_eq!(bare.status(), 401);

    // A token naming one zone sees that zone; one over the account sees them all.
    let net = all.body["result"][1]["id"].as_str().unwrap().to_owned();
    let dns = a
        .group("DNS Write", "com.cloudflare.api.account.zone")
        .await;
    let (_, one) = a
        .create(json!({ "name": "dns example.net",
            "policies": [{ "effect": "allow", "permission_groups": [{ "id": dns }],
                           "resources": { format!("com.cloudflare.api.account.zone.{net}"): "*" } }] }))
        .await;
    assert_eq!(
        Account::zone_names(&a.zones("", &one).await),
        ["example.net"]
    );
    assert_eq!(
        a.zones("name=example.com", &one).await.body["result"],
        json!([])
    );
    let settings = a
        .group("Account Settings Read", "com.cloudflare.api.account")
        .await;
    let (_, wide) = a
        .create(json!({ "name": "account settings",
            "policies": [{ "effect": "allow", "permission_groups": [{ "id": settings }], "resources": { a.key(): "*" } }] }))
        .await;
    assert_eq!(
        a.zones("", &wide).await.body["result_info"]["total_count"],
        3
    );

    let before = sim.call_count(scopekeeper_sim::Vendor::Cloudflare, "zones");
    sim.add_fault("cloudflare.zones=500@1".parse::<FaultRule>().unwrap());
    let failed = a.zones("", a.admin()).await;
    assert_eq!(
        (failed.status.as_u16(), failed.body["success"].as_bool()),
        (500, Some(false))
    );
    assert_eq!(a.zones("", a.admin()).await.status, 200, "only once");
    assert_eq!(
        sim.call_count(scopekeeper_sim::Vendor::Cloudflare, "zones"),
        before + 2,
        "each call counted, the failed one too"
    );
}

#[tokio::test]
async fn a_zone_a_policy_names_must_be_the_accounts_and_resources_come_back_as_sent() {
    let sim = start(SimConfig::default()).await.unwrap();
    let a = Account { sim: &sim };
    let zones = a.zones("", a.admin()).await;
    let com = zones.body["result"][0]["id"].as_str().unwrap().to_owned();
    let shop = zones.body["result"][2]["id"].as_str().unwrap().to_owned();
    let dns = a.group("DNS Read", "com.cloudflare.api.account.zone").await;
    let unknown = "ffffffffffffffffffffffffffffffff";
    let policy = |resources: Value| {
        json!({ "name": "zones", "policies": [{ "effect": "allow",
                "permission_groups": [{ "id": dns }], "resources": resources }] })
    };
    for resources in [
        json!({ format!("com.cloudflare.api.account.zone.{unknown}"): "*" }),
        json!({ a.key(): { format!("com.cloudflare.api.account.zone.{unknown}"): "*" } }),
    ] {
        let r = a
            .call(Method::POST, "/tokens", a.admin(), Some(policy(resources)))
            .await;
        assert_eq!(r.code(), (400, json!(1001)), "{}", r.body);
        let message = r.body["errors"][0]["message"].as_str().unwrap();
        assert!(
            message.contains(unknown) && message.contains("not a zone"),
            "{message}"
        );
    }
    let top = json!({ format!("com.cloudflare.api.account.zone.{com}"): "*" });
    let nested = json!({ a.key(): { format!("com.cloudflare.api.account.zone.{shop}"): "*" } });
    for resources in [top, nested] {
        let (id, value) = a.create(policy(resources.clone())).await;
        let one = a.get(&format!("/tokens/{id}"), a.admin()).await;
        assert_eq!(one.body["result"]["policies"][0]["resources"], resources);
        let listed = a.get("/tokens?per_page=50", a.admin()).await;
        let row = listed.body["result"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == json!(id))
            .unwrap()
            .clone();
        assert_eq!(row["policies"][0]["resources"], resources);
        assert_eq!(
            a.zones("", &value).await.body["result_info"]["total_count"],
            1
        );
    }
    // An update is checked the same way.
    let (id, _) = a.create(policy(json!({ a.key(): "*" }))).await;
    let r = a
        .call(
            Method::PUT,
            &format!("/tokens/{id}"),
            a.admin(),
            Some(policy(
                json!({ format!("com.cloudflare.api.account.zone.{unknown}"): "*" }),
            )),
        )
        .await;
    assert_eq!(r.code(), (400, json!(1001)));
}

#[tokio::test]
async fn not_in_is_kept_returned_and_enforced() {
    let sim = start(SimConfig::default()).await.unwrap();
    let a = Account { sim: &sim };
    let read = a
        .group("Account API Tokens Read", "com.cloudflare.api.account")
        .await;
    let body = |extra: Value| conditions_body(&a, &read, extra);

    // Refused from an address in `not_in` (the caller is 127.0.0.1).
    let not_in = json!({ "request_ip": { "in": ["127.0.0.0/8"], "not_in": ["127.0.0.1/32", "2001:db8::/32"] } });
    let (id, value) = a.create(body(json!({ "condition": not_in }))).await;
    let one = a.get(&format!("/tokens/{id}"), a.admin()).await;
    assert_eq!(one.body["result"]["condition"], not_in);
    assert_eq!(
        a.get("/tokens/verify", &value).await.code(),
        (403, json!(9109))
    );
    assert_eq!(a.get("/tokens", &value).await.code(), (403, json!(9109)));
    assert_eq!(a.zones("", &value).await.code(), (403, json!(9109)));
    let (_, elsewhere) = a
        .create(body(
            json!({ "condition": { "request_ip": { "not_in": ["198.51.100.0/24"] } } }),
        ))
        .await;
    assert_eq!(a.get("/tokens/verify", &elsewhere).await.status, 200);
}

#[tokio::test]
async fn not_before_is_kept_returned_and_enforced() {
    let sim = start(SimConfig::default()).await.unwrap();
    let a = Account { sim: &sim };
    let read = a
        .group("Account API Tokens Read", "com.cloudflare.api.account")
        .await;
    let body = |extra: Value| conditions_body(&a, &read, extra);
    // Not yet valid: kept and shown, refused until then.
    let (id, later) = a
        .create(body(
            json!({ "not_before": "2098-01-01T00:00:00Z", "expires_on": "2099-01-01T00:00:00Z" }),
        ))
        .await;
    let one = a.get(&format!("/tokens/{id}"), a.admin()).await;
    assert_eq!(one.body["result"]["not_before"], "2098-01-01T00:00:00Z");
    assert_eq!(one.body["result"]["expires_on"], "2099-01-01T00:00:00Z");
    assert_eq!(
        a.get("/tokens/verify", &later).await.code(),
        (401, json!(1000))
    );
    assert_eq!(a.get("/tokens", &later).await.code(), (401, json!(1000)));
    assert_eq!(a.zones("", &later).await.code(), (401, json!(1000)));
    let (_, now) = a
        .create(body(json!({ "not_before": "2020-01-01T00:00:00Z" })))
        .await;
    let v = a.get("/tokens/verify", &now).await;
    assert_eq!(
        (v.status.as_u16(), &v.body["result"]["not_before"]),
        (200, &json!("2020-01-01T00:00:00Z"))
    );

    // Checked: CIDRs in `not_in`, RFC 3339, `not_before` before `expires_on`.
    let bad = body(
        json!({ "not_before": "2099-06-01T00:00:00Z", "expires_on": "2099-01-01T00:00:00Z",
                           "condition": { "request_ip": { "not_in": ["10.0.0.1", "10.0.0.0/33"] } } }),
    );
    let r = a.call(Method::POST, "/tokens", a.admin(), Some(bad)).await;
    assert_eq!(r.code(), (400, json!(1001)));
    let text = r.body["errors"].to_string();
    for needle in [
        "not_before: must be before expires_on",
        "not_in: `10.0.0.1`",
        "not_in: `10.0.0.0/33`",
    ] {
        assert!(text.contains(needle), "{needle}: {text}");
    }
    let r = a
        .call(
            Method::POST,
            "/tokens",
            a.admin(),
            Some(body(json!({ "not_before": "tomorrow" }))),
        )
        .await;
    assert!(r.body["errors"]
        .to_string()
        .contains("not_before: must be an RFC 3339"));
}

/// A create body granting Account API Tokens Read (`read`) on the account, with `extra`'s
/// fields (a condition, `not_before`, `expires_on`) added.
fn conditions_body(a: &Account<'_>, read: &str, extra: Value) -> Value {
    let mut b = json!({ "name": "conditions",
        "policies": [{ "effect": "allow", "permission_groups": [{ "id": read }], "resources": { a.key(): "*" } }] });
    for (k, v) in extra.as_object().unwrap() {
        b[k] = v.clone();
    }
    b
}

#[tokio::test]
async fn the_users_account_is_listed_in_pages_and_by_its_name() {
    let sim = start(SimConfig::default()).await.unwrap();
    let a = Account { sim: &sim };
    let account = sim.handshake.cloudflare.account_id.clone();
    let all = a.at_root("accounts", "", a.admin()).await;
    assert_eq!(all.status, 200, "{}", all.body);
    assert_eq!(all.body["result"][0]["id"], json!(account));
    assert_eq!(all.body["result"][0]["name"], "Scopekeeper sandbox");
    assert_eq!(all.body["result_info"]["total_count"], 1);
    assert!(all.headers.contains_key("ratelimit"));
    let named = a
        .at_root("accounts", "name=Scopekeeper%20sandbox", a.admin())
        .await;
    assert_eq!(named.body["result_info"]["count"], 1);
    let other = a.at_root("accounts", "name=elsewhere", a.admin()).await;
    assert_eq!(other.body["result"], json!([]));
    let bad = a.at_root("accounts", "per_page=51", a.admin()).await;
    assert_eq!(
        (bad.status.as_u16(), &bad.body["errors"][0]["code"]),
        (400, &json!(1001))
    );
    let nobody = a.at_root("accounts", "", "not-a-token").await;
    assert_eq!(nobody.status.as_u16(), 401);
}
