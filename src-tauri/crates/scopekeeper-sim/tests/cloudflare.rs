//! The Cloudflare simulator keeps the documented contract over real HTTP: the envelope, pages
//! of 5–50, the value shown once, roll, verify, delete, the permission each call needs, client
//! IP conditions, the rate-limit headers and the 429 past the quota, and injected faults.

use reqwest::{Client, Method, StatusCode};
use scopekeeper_sim::{start, FaultRule, SimConfig};
use serde_json::{json, Value};

mod cloudflare_support;
use cloudflare_support::Account;

#[tokio::test]
async fn the_listing_comes_in_pages_with_where_it_stands_and_never_a_value() {
    let sim = start(SimConfig::default()).await.unwrap();
    let a = Account { sim: &sim };
    let page = a
        .get("/tokens?per_page=5&page=1&include_expired=true", a.admin())
        .await;
    assert_eq!(page.status, 200);
    assert_eq!(page.body["success"], true);
    assert_eq!(page.body["result"].as_array().unwrap().len(), 5);
    assert_eq!(page.body["result_info"]["total_count"], 7);
    assert_eq!(page.body["result_info"]["total_pages"], 2);
    assert!(
        page.body["result"][0].get("value").is_none(),
        "a listing never carries a value"
    );
    let limit = page.headers["ratelimit"].to_str().unwrap();
    assert!(limit.starts_with("\"default\";r=1199;t="), "{limit}");
    assert_eq!(page.headers["ratelimit-policy"], "\"default\";q=1200;w=300");
    let unexpired = a.get("/tokens?per_page=50", a.admin()).await;
    assert_eq!(
        unexpired.body["result_info"]["total_count"], 6,
        "the expired one left out"
    );
    let bad = a.get("/tokens?per_page=51", a.admin()).await;
    assert_eq!(
        (bad.status, bad.body["success"].as_bool()),
        (StatusCode::BAD_REQUEST, Some(false))
    );
}

#[tokio::test]
async fn a_token_is_created_once_verified_rolled_and_deleted() {
    let sim = start(SimConfig::default()).await.unwrap();
    let a = Account { sim: &sim };
    let dns = a
        .group("DNS Write", "com.cloudflare.api.account.zone")
        .await;
    let (id, value) = a
        .create(json!({
            "name": "dns-edit new",
            "policies": [{ "effect": "allow", "permission_groups": [{ "id": dns }],
                           "resources": { a.key(): { "com.cloudflare.api.account.zone.*": "*" } } }],
            "expires_on": "2099-01-01T00:00:00Z",
        }))
        .await;
    assert_eq!(value.len(), 40);
    let v = a.get("/tokens/verify", &value).await;
    assert_eq!(
        (
            v.body["result"]["id"].as_str(),
            v.body["result"]["status"].as_str()
        ),
        (Some(id.as_str()), Some("active"))
    );
    let one = a.get(&format!("/tokens/{id}"), a.admin()).await;
    assert!(
        one.body["result"]["last_used_on"].is_string(),
        "stamped when used: {}",
        one.body
    );
    assert!(one.body["result"].get("value").is_none());
    assert_eq!(
        one.body["result"]["policies"][0]["permission_groups"][0]["name"],
        "DNS Write"
    );
    assert_eq!(
        a.get("/tokens", &value).await.code(),
        (403, json!(9109)),
        "it may not manage tokens"
    );

    // Rolled: a new value; the old one stops working at once.
    let rolled = a
        .call(
            Method::PUT,
            &format!("/tokens/{id}/value"),
            a.admin(),
            Some(json!({})),
        )
        .await;
    let new = rolled.body["result"].as_str().unwrap().to_owned();
    assert_ne!(new, value);
    assert_eq!(a.get("/tokens/verify", &value).await.status, 401);
    assert_eq!(a.get("/tokens/verify", &new).await.status, 200);

    let gone = a
        .call(Method::DELETE, &format!("/tokens/{id}"), a.admin(), None)
        .await;
    assert_eq!(
        (gone.status, &gone.body["result"]["id"]),
        (StatusCode::OK, &json!(id))
    );
    let again = a
        .call(Method::DELETE, &format!("/tokens/{id}"), a.admin(), None)
        .await;
    assert_eq!(again.code(), (404, json!(1003)));
    assert_eq!(
        a.get("/tokens/verify", &new).await.status,
        401,
        "a deleted token is refused"
    );
}

#[tokio::test]
async fn bad_bodies_other_accounts_and_refused_addresses_are_errors_that_say_why() {
    let sim = start(SimConfig::default()).await.unwrap();
    let a = Account { sim: &sim };
    let bad = json!({ "name": "", "policies": [{ "effect": "maybe", "permission_groups": [{ "id": "nope" }], "resources": { "com.example": "*" } }],
                      "expires_on": "2001-01-01T00:00:00Z", "condition": { "request_ip": { "in": ["10.0.0.1", "10.0.0.0/33"] } } });
    let r = a.call(Method::POST, "/tokens", a.admin(), Some(bad)).await;
    assert_eq!(r.status, 400);
    let messages: Vec<&str> = r.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["message"].as_str().unwrap())
        .collect();
    for needle in [
        "name",
        "effect",
        "unknown permission group",
        "not a resource",
        "in the future",
        "10.0.0.1",
        "10.0.0.0/33",
    ] {
        assert!(
            messages.iter().any(|m| m.contains(needle)),
            "{needle}: {messages:?}"
        );
    }
    let other = a.base().replace(
        &sim.handshake.cloudflare.account_id,
        "00000000000000000000000000000000",
    );
    let r = Client::new()
        .get(format!("{other}/tokens"))
        .bearer_auth(a.admin())
        .send()
        .await
        .unwrap();
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["errors"][0]["code"], 7003);

    // A token restricted to other addresses is refused from this one.
    let read = a
        .group("Account API Tokens Read", "com.cloudflare.api.account")
        .await;
    let (_, value) = a
        .create(json!({ "name": "office only", "condition": { "request_ip": { "in": ["203.0.113.0/24"] } },
            "policies": [{ "effect": "allow", "permission_groups": [{ "id": read }], "resources": { a.key(): "*" } }] }))
        .await;
    assert_eq!(a.get("/tokens", &value).await.code(), (403, json!(9109)));
    assert_eq!(
        a.get("/tokens", "not-a-token").await.code(),
        (401, json!(1000))
    );
}

#[tokio::test]
async fn past_the_quota_every_call_is_refused_with_retry_after_and_faults_use_the_envelope() {
    let sim = start(SimConfig::default()).await.unwrap();
    let a = Account { sim: &sim };
    let http = Client::new();
    for _ in 0..1200 {
        let r = http
            .get(format!("{}/tokens/verify", a.base()))
            .bearer_auth(a.admin())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
    let r = a.get("/tokens/verify", a.admin()).await;
    assert_eq!(r.status, 429);
    assert!(
        r.headers["retry-after"]
            .to_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            >= 1
    );
    assert!(r.headers["ratelimit"]
        .to_str()
        .unwrap()
        .starts_with("\"default\";r=0;"));

    sim.add_fault("cloudflare.create=503@1".parse::<FaultRule>().unwrap());
    let r = a
        .call(Method::POST, "/tokens", a.admin(), Some(json!({})))
        .await;
    assert_eq!(
        (r.status, r.body["success"].as_bool()),
        (StatusCode::SERVICE_UNAVAILABLE, Some(false))
    );
    assert_eq!(
        sim.call_count(scopekeeper_sim::Vendor::Cloudflare, "create"),
        1
    );
}
