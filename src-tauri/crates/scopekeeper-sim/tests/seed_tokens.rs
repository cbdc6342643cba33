//! `seed_tokens`: the simulated tenants list the extra tokens (MindBridge page by page), in a
//! realistic mix, the same on every run. Of 500: 100 to Cloudflare, 50 to GitLab, 50 to GitHub,
//! 150 each to MindBridge and Cortex.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use scopekeeper_sim::{start, RunningSim, SimConfig};
use serde_json::{json, Value};

async fn sim(seed_tokens: usize) -> RunningSim {
    start(SimConfig {
        seed_tokens,
        ..SimConfig::default()
    })
    .await
    .unwrap()
}

/// Every MindBridge token, read in pages of 100 as the app reads them.
async fn mindbridge_tokens(sim: &RunningSim) -> (Vec<Value>, usize) {
    let h = &sim.handshake.mindbridge;
    let mut all = Vec::new();
    let mut pages = 0;
    loop {
        let page: Value = reqwest::Client::new()
            .post(format!(
                "{}/api/v1/api-tokens/query?page={pages}&size=100",
                h.base_url
            ))
            .bearer_auth(&h.token)
            .json(&json!({}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        pages += 1;
        let content = page["content"].as_array().unwrap();
        assert!(content.len() <= 100);
        all.extend(content.iter().cloned());
        if page["last"] == true {
            assert_eq!(page["totalElements"], all.len());
            return (all, pages);
        }
    }
}

async fn cortex_keys(sim: &RunningSim) -> Vec<Value> {
    let h = &sim.handshake.cortex;
    let reply: Value = reqwest::Client::new()
        .post(format!(
            "{}/public_api/v1/api_keys/get_api_keys",
            h.base_url
        ))
        .header("authorization", &h.api_key)
        .header("x-xdr-auth-id", h.api_key_id.to_string())
        .json(&json!({ "request_data": {} }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    reply["reply"]["DATA"].as_array().unwrap().clone()
}

fn ms(rfc3339: &Value) -> i64 {
    DateTime::parse_from_rfc3339(rfc3339.as_str().unwrap())
        .unwrap()
        .timestamp_millis()
}

const DAY: i64 = 24 * 3600 * 1000;

fn count(items: &[Value], pred: impl Fn(&Value) -> bool) -> usize {
    items.iter().filter(|t| pred(t)).count()
}

#[tokio::test]
async fn five_hundred_seeded_tokens_are_listed_in_a_realistic_mix() {
    let sim = sim(500).await;
    let (mb, pages) = mindbridge_tokens(&sim).await;
    assert_eq!(
        mb.len(),
        7 + 150,
        "the 7 usual tokens and half of what Cloudflare, GitLab and GitHub leave"
    );
    assert_eq!(pages, 2, "MindBridge pages by 100");
    let names: HashSet<&str> = mb.iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), mb.len(), "every token has its own name");
    mindbridge_mix(&mb);

    let cx = cortex_keys(&sim).await;
    assert_eq!(cx.len(), 5 + 150);
    cortex_mix(&cx);

    let cf = cloudflare_tokens(&sim).await;
    assert_eq!(
        cf.len(),
        7 + 100,
        "the 7 usual account tokens and a fifth of 500"
    );
    cloudflare_mix(&cf);

    let gl = gitlab_tokens(&sim).await;
    assert_eq!(
        gl.len(),
        5 + 50,
        "the 5 usual project tokens of platform/api and a tenth of 500"
    );
    gitlab_mix(&gl);
}

/// Every project token of the sandbox project, page by page (100 a page).
async fn gitlab_tokens(sim: &RunningSim) -> Vec<Value> {
    let h = &sim.handshake.gitlab;
    let mut all = Vec::new();
    let mut page = "1".to_owned();
    while !page.is_empty() {
        let r = reqwest::Client::new()
            .get(format!(
                "{}/access_tokens?per_page=100&page={page}",
                h.base_url
            ))
            .header("private-token", &h.token)
            .send()
            .await
            .unwrap();
        page = r.headers()["x-next-page"].to_str().unwrap().to_owned();
        let rows: Value = r.json().await.unwrap();
        all.extend(rows.as_array().unwrap().iter().cloned());
    }
    all
}

fn gitlab_mix(gl: &[Value]) {
    let n = gl.len();
    let names: HashSet<&str> = gl.iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), n, "every token has its own name");
    let level = |l: u64| count(gl, move |t| t["access_level"] == l);
    for (what, k) in [
        ("inactive", count(gl, |t| t["active"] == false)),
        ("revoked", count(gl, |t| t["revoked"] == true)),
        ("never used", count(gl, |t| t["last_used_at"].is_null())),
        (
            "with api",
            count(gl, |t| t["scopes"].to_string().contains("\"api\"")),
        ),
        ("reporters", level(20)),
        ("developers", level(30)),
        ("maintainers", level(40)),
    ] {
        assert!(k > 0 && k < n, "{what}: {k} of {n}");
    }
    assert!(
        gl.iter().all(|t| t.get("token").is_none()),
        "a listing never carries a secret"
    );
}

/// Every account token, page by page (50 a page), expired ones included.
async fn cloudflare_tokens(sim: &RunningSim) -> Vec<Value> {
    let h = &sim.handshake.cloudflare;
    let mut all = Vec::new();
    for page in 1.. {
        let reply: Value = reqwest::Client::new()
            .get(format!(
                "{}/tokens?per_page=50&page={page}&include_expired=true",
                h.base_url
            ))
            .bearer_auth(&h.token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let rows = reply["result"].as_array().unwrap();
        all.extend(rows.iter().cloned());
        if page >= reply["result_info"]["total_pages"].as_u64().unwrap() as usize {
            return all;
        }
    }
    unreachable!()
}

fn cloudflare_mix(cf: &[Value]) {
    let names: HashSet<&str> = cf.iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), cf.len(), "every token has its own name");
    let n = cf.len();
    let expired = count(cf, |t| t["status"] == "expired");
    let never_used = count(cf, |t| t.get("last_used_on").is_none());
    let anywhere = count(cf, |t| t.get("condition").is_none());
    let no_expiry = count(cf, |t| t.get("expires_on").is_none());
    let every_zone = count(cf, |t| {
        t.to_string().contains("com.cloudflare.api.account.zone.*")
    });
    for (what, k) in [
        ("expired", expired),
        ("never used", never_used),
        ("usable from anywhere", anywhere),
        ("without expiry", no_expiry),
        ("on every zone", every_zone),
    ] {
        assert!(k > 0 && k < n, "{what}: {k} of {n}");
    }
}

fn mindbridge_mix(mb: &[Value]) {
    let now = Utc::now().timestamp_millis();
    let expiry = |t: &Value| ms(&t["expiry"]);
    let perms = |t: &Value| t["permissions"].as_array().unwrap().len();
    let allow = |t: &Value| t["allowedAddresses"].as_array().unwrap().clone();
    let mix = [
        ("expired", count(mb, |t| expiry(t) < now)),
        (
            "expiring within 14 days",
            count(mb, |t| (now..now + 14 * DAY).contains(&expiry(t))),
        ),
        (
            "valid for more than a year",
            count(mb, |t| expiry(t) > now + 366 * DAY),
        ),
        ("allowlisted", count(mb, |t| !allow(t).is_empty())),
        (
            "usable from any address",
            count(mb, |t| allow(t).is_empty()),
        ),
        (
            "allowlisted as wide as a /8",
            count(mb, |t| allow(t).iter().any(|a| a == "10.0.0.0/8")),
        ),
        ("narrow (≤ 3 permissions)", count(mb, |t| perms(t) <= 3)),
        ("holding every permission", count(mb, |t| perms(t) == 64)),
        (
            "managing users or tokens",
            count(mb, |t| {
                t["permissions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|p| p == "api.users.delete" || p == "api.api-tokens.write")
            }),
        ),
    ];
    for (what, n) in mix {
        assert!(n >= 5, "only {n} MindBridge tokens {what}");
    }
    let creators: HashSet<&str> = mb
        .iter()
        .map(|t| t["createdUserInfo"]["userName"].as_str().unwrap())
        .collect();
    assert!(creators.len() >= 4, "{creators:?}");
    for t in mb {
        let life = expiry(t) - ms(&t["creationDate"]);
        assert!(
            life > 0 && life <= 730 * DAY,
            "{} lives {} days",
            t["name"],
            life / DAY
        );
        assert!(t.get("token").is_none(), "a listing never carries a secret");
    }
}

fn cortex_mix(cx: &[Value]) {
    let now = Utc::now().timestamp_millis();
    let exp = |k: &Value| k["expiration"].as_i64();
    let has_role = |k: &Value, r: &str| {
        k["roles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x.as_str() == Some(r))
    };
    let mix = [
        ("never expiring", count(cx, |k| exp(k).is_none())),
        ("expired", count(cx, |k| exp(k).is_some_and(|e| e < now))),
        (
            "expiring within 14 days",
            count(cx, |k| {
                exp(k).is_some_and(|e| (now..now + 14 * DAY).contains(&e))
            }),
        ),
        (
            "beyond six months",
            count(cx, |k| exp(k).is_some_and(|e| e > now + 183 * DAY)),
        ),
        (
            "admins",
            count(cx, |k| {
                has_role(k, "Instance Admin") || has_role(k, "Account Admin")
            }),
        ),
        (
            "narrow readers",
            count(cx, |k| has_role(k, "CLI Read-Only Custom")),
        ),
        ("advanced", count(cx, |k| k["security_level"] == "advanced")),
    ];
    for (what, n) in mix {
        assert!(n >= 5, "only {n} Cortex keys {what}");
    }
    let creators: HashSet<&str> = cx
        .iter()
        .map(|k| k["created_by"].as_str().unwrap())
        .collect();
    assert!(creators.len() >= 4, "{creators:?}");
}

#[tokio::test]
async fn the_seed_is_deterministic_and_zero_adds_nothing() {
    let shape = |mb: Vec<Value>| -> Vec<(Value, Value, Value)> {
        mb.into_iter()
            .map(|t| {
                (
                    t["name"].clone(),
                    t["permissions"].clone(),
                    t["allowedAddresses"].clone(),
                )
            })
            .collect()
    };
    let (a, b) = (sim(40).await, sim(40).await);
    assert_eq!(
        shape(mindbridge_tokens(&a).await.0),
        shape(mindbridge_tokens(&b).await.0)
    );
    let roles =
        |keys: Vec<Value>| -> Vec<Value> { keys.iter().map(|k| k["roles"].clone()).collect() };
    assert_eq!(roles(cortex_keys(&a).await), roles(cortex_keys(&b).await));
    let gitlab = |tokens: Vec<Value>| -> Vec<(Value, Value, Value)> {
        tokens
            .into_iter()
            .map(|t| {
                (
                    t["name"].clone(),
                    t["scopes"].clone(),
                    t["expires_at"].clone(),
                )
            })
            .collect()
    };
    assert_eq!(
        gitlab(gitlab_tokens(&a).await),
        gitlab(gitlab_tokens(&b).await)
    );

    let plain = sim(0).await;
    assert_eq!(mindbridge_tokens(&plain).await.0.len(), 7);
    assert_eq!(cortex_keys(&plain).await.len(), 5);
}
