//! The Cloudflare simulator keeps the documented contract over real HTTP: the envelope, pages
//! of 5–50, the value shown once, roll, verify, delete, the permission each call needs, client
//! IP conditions, the rate-limit headers and the 429 past the quota, and injected faults.

use reqwest::{Client, StatusCode};
use scopekeeper_sim::{start, FaultRule, RunningSim, SimConfig};
use serde_json::{json, Value};

async fn sim() -> RunningSim {
    start(SimConfig::default()).await.unwrap()
}

async fn call(
    method: reqwest::Method,
    url: &str,
    token: &str,
    body: Option<Value>,
) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    let mut rb = Client::new().request(method, url).bearer_auth(token);
    if let Some(b) = body {
        rb = rb.json(&b);
    }
    let r = rb.send().await.unwrap();
    let (status, headers) = (r.status(), r.headers().clone());
    (status, headers, r.json().await.unwrap())
}

async fn groups(base: &str, token: &str) -> Vec<Value> {
    let (s, _, v) = call(
        reqwest::Method::GET,
        &format!("{base}/tokens/permission_groups"),
        token,
        None,
    )
    .await;
    assert_eq!(s, 200, "{v}");
    v["result"].as_array().unwrap().clone()
}

fn group_id(groups: &[Value], name: &str, scope: &str) -> String {
    groups
        .iter()
        .find(|g| g["name"] == name && g["scopes"][0] == scope)
        .unwrap_or_else(|| panic!("no group {name}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_token_is_listed_in_pages_created_once_rolled_verified_and_deleted() {
    let sim = sim().await;
    let (base, admin) = (
        &sim.handshake.cloudflare.base_url,
        &sim.handshake.cloudflare.token,
    );
    let acct = &sim.handshake.cloudflare.account_id;
    // Pages of five, with where they stand; expired tokens only when asked for.
    let (s, h, page) = call(
        reqwest::Method::GET,
        &format!("{base}/tokens?per_page=5&page=1&include_expired=true"),
        admin,
        None,
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(page["success"], true);
    assert_eq!(page["result"].as_array().unwrap().len(), 5);
    assert_eq!(page["result_info"]["total_count"], 7);
    assert_eq!(page["result_info"]["total_pages"], 2);
    assert!(
        page["result"][0].get("value").is_none(),
        "a listing never carries a value"
    );
    assert!(
        h["ratelimit"]
            .to_str()
            .unwrap()
            .starts_with("\"default\";r=1199;t="),
        "{h:?}"
    );
    assert_eq!(h["ratelimit-policy"], "\"default\";q=1200;w=300");
    let (_, _, unexpired) = call(
        reqwest::Method::GET,
        &format!("{base}/tokens?per_page=50"),
        admin,
        None,
    )
    .await;
    assert_eq!(
        unexpired["result_info"]["total_count"], 6,
        "the expired one left out"
    );

    let g = groups(base, admin).await;
    let dns = group_id(&g, "DNS Write", "com.cloudflare.api.account.zone");
    let body = json!({
        "name": "dns-edit new",
        "policies": [{ "effect": "allow", "permission_groups": [{ "id": dns }],
                       "resources": { format!("com.cloudflare.api.account.{acct}"): { "com.cloudflare.api.account.zone.*": "*" } } }],
        "expires_on": "2099-01-01T00:00:00Z",
    });
    let (s, _, made) = call(
        reqwest::Method::POST,
        &format!("{base}/tokens"),
        admin,
        Some(body),
    )
    .await;
    assert_eq!(s, 200, "{made}");
    let (id, value) = (
        made["result"]["id"].as_str().unwrap().to_owned(),
        made["result"]["value"].as_str().unwrap().to_owned(),
    );
    assert_eq!(value.len(), 40);
    assert_eq!(
        made["result"]["policies"][0]["permission_groups"][0]["name"],
        "DNS Write"
    );

    // The new token verifies itself, and is stamped as used.
    let (s, _, v) = call(
        reqwest::Method::GET,
        &format!("{base}/tokens/verify"),
        &value,
        None,
    )
    .await;
    assert_eq!(
        (
            s,
            v["result"]["id"].as_str(),
            v["result"]["status"].as_str()
        ),
        (StatusCode::OK, Some(id.as_str()), Some("active"))
    );
    let (_, _, one) = call(
        reqwest::Method::GET,
        &format!("{base}/tokens/{id}"),
        admin,
        None,
    )
    .await;
    assert!(one["result"]["last_used_on"].is_string(), "{one}");
    assert!(one["result"].get("value").is_none());
    // It may not manage tokens.
    let (s, _, e) = call(
        reqwest::Method::GET,
        &format!("{base}/tokens"),
        &value,
        None,
    )
    .await;
    assert_eq!(
        (s, &e["errors"][0]["code"]),
        (StatusCode::FORBIDDEN, &json!(9109))
    );

    // Rolled: a new value; the old one stops working at once.
    let (s, _, rolled) = call(
        reqwest::Method::PUT,
        &format!("{base}/tokens/{id}/value"),
        admin,
        Some(json!({})),
    )
    .await;
    assert_eq!(s, 200);
    let new_value = rolled["result"].as_str().unwrap();
    assert_ne!(new_value, value);
    let (s, _, _) = call(
        reqwest::Method::GET,
        &format!("{base}/tokens/verify"),
        &value,
        None,
    )
    .await;
    assert_eq!(s, 401);
    let (s, _, _) = call(
        reqwest::Method::GET,
        &format!("{base}/tokens/verify"),
        new_value,
        None,
    )
    .await;
    assert_eq!(s, 200);

    let (s, _, gone) = call(
        reqwest::Method::DELETE,
        &format!("{base}/tokens/{id}"),
        admin,
        None,
    )
    .await;
    assert_eq!((s, &gone["result"]["id"]), (StatusCode::OK, &json!(id)));
    let (s, _, e) = call(
        reqwest::Method::DELETE,
        &format!("{base}/tokens/{id}"),
        admin,
        None,
    )
    .await;
    assert_eq!(
        (s, &e["errors"][0]["code"]),
        (StatusCode::NOT_FOUND, &json!(1003))
    );
    let (s, _, _) = call(
        reqwest::Method::GET,
        &format!("{base}/tokens/verify"),
        new_value,
        None,
    )
    .await;
    assert_eq!(s, 401, "a deleted token is refused");
}

#[tokio::test]
async fn bad_bodies_other_accounts_and_refused_addresses_are_errors_that_say_why() {
    let sim = sim().await;
    let (base, admin) = (
        &sim.handshake.cloudflare.base_url,
        &sim.handshake.cloudflare.token,
    );
    let g = groups(base, admin).await;
    assert!(
        g.iter()
            .all(|x| x["scopes"][0] != "com.cloudflare.api.user"),
        "an account lists no user groups"
    );
    let bad = json!({ "name": "", "policies": [{ "effect": "maybe", "permission_groups": [{ "id": "nope" }], "resources": { "com.example": "*" } }],
                      "expires_on": "2001-01-01T00:00:00Z", "condition": { "request_ip": { "in": ["10.0.0.1", "10.0.0.0/33"] } } });
    let (s, _, e) = call(
        reqwest::Method::POST,
        &format!("{base}/tokens"),
        admin,
        Some(bad),
    )
    .await;
    assert_eq!(s, 400);
    let messages: Vec<&str> = e["errors"]
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
    let (s, _, e) = call(
        reqwest::Method::GET,
        &format!("{base}/tokens?per_page=51"),
        admin,
        None,
    )
    .await;
    assert_eq!(
        (s, e["success"].as_bool()),
        (StatusCode::BAD_REQUEST, Some(false))
    );
    let other = base.replace(
        &sim.handshake.cloudflare.account_id,
        "00000000000000000000000000000000",
    );
    let (s, _, e) = call(
        reqwest::Method::GET,
        &format!("{other}/tokens"),
        admin,
        None,
    )
    .await;
    assert_eq!(
        (s, &e["errors"][0]["code"]),
        (StatusCode::NOT_FOUND, &json!(7003))
    );

    // A token restricted to other addresses is refused from this one.
    let acct = &sim.handshake.cloudflare.account_id;
    let read = group_id(&g, "Account API Tokens Read", "com.cloudflare.api.account");
    let body = json!({ "name": "office only", "condition": { "request_ip": { "in": ["203.0.113.0/24"] } },
        "policies": [{ "effect": "allow", "permission_groups": [{ "id": read }], "resources": { format!("com.cloudflare.api.account.{acct}"): "*" } }] });
    let (_, _, made) = call(
        reqwest::Method::POST,
        &format!("{base}/tokens"),
        admin,
        Some(body),
    )
    .await;
    let value = made["result"]["value"].as_str().unwrap();
    let (s, _, e) = call(reqwest::Method::GET, &format!("{base}/tokens"), value, None).await;
    assert_eq!(
        (s, &e["errors"][0]["code"]),
        (StatusCode::FORBIDDEN, &json!(9109))
    );
    let (s, _, _) = call(
        reqwest::Method::GET,
        &format!("{base}/tokens"),
        "not-a-token",
        None,
    )
    .await;
    assert_eq!(s, 401);
}

#[tokio::test]
async fn past_the_quota_every_call_is_refused_with_retry_after_and_faults_use_the_envelope() {
    let sim = sim().await;
    let (base, admin) = (
        &sim.handshake.cloudflare.base_url,
        &sim.handshake.cloudflare.token,
    );
    let http = Client::new();
    for _ in 0..1200 {
        let r = http
            .get(format!("{base}/tokens/verify"))
            .bearer_auth(admin)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
    let r = http
        .get(format!("{base}/tokens/verify"))
        .bearer_auth(admin)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    assert!(
        r.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            >= 1
    );
    assert!(r.headers()["ratelimit"]
        .to_str()
        .unwrap()
        .starts_with("\"default\";r=0;"));

    sim.add_fault("cloudflare.create=503@1".parse::<FaultRule>().unwrap());
    let (s, _, e) = call(
        reqwest::Method::POST,
        &format!("{base}/tokens"),
        &sim.handshake.cloudflare.token,
        Some(json!({})),
    )
    .await;
    assert_eq!(
        (s, e["success"].as_bool()),
        (StatusCode::SERVICE_UNAVAILABLE, Some(false))
    );
    assert_eq!(
        sim.call_count(scopekeeper_sim::Vendor::Cloudflare, "create"),
        1
    );
}
