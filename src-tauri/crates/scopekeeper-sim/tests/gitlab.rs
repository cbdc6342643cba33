//! The GitLab simulator keeps the documented contract over real HTTP: pages and their headers,
//! the value shown once, roles and the creator's ceiling, body checks, the rate-limit headers
//! and the 429 past the quota, and injected faults. (Rotate, `self`, the personal list and
//! revoke: `gitlab_lifecycle.rs`.)

use reqwest::Client;
use scopekeeper_sim::{start, FaultRule, SimConfig, Vendor};
use serde_json::json;

mod gitlab_support;
use gitlab_support::*;

#[tokio::test]
async fn lists_come_in_pages_with_gitlabs_headers_and_never_a_value() {
    let sim = start(SimConfig {
        seed_tokens: 300,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let api = Api { sim: &sim };
    let (mut page, mut ids) = ("1".to_owned(), Vec::new());
    while !page.is_empty() {
        let path = format!("/projects/7/access_tokens?per_page=10&page={page}&sort=name_asc");
        let r = api.get(&path, api.admin()).await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(
            (r.header("x-total"), r.header("x-total-pages")),
            ("35", "4")
        );
        assert_eq!(
            (r.header("x-page"), r.header("x-per-page")),
            (page.as_str(), "10")
        );
        let link = r.header("link");
        assert!(
            link.contains("rel=\"first\"") && link.contains("rel=\"last\""),
            "{link}"
        );
        assert!(link.contains("/gitlab/api/v4/projects/7/access_tokens?sort=name_asc&page=4&per_page=10>; rel=\"last\""), "{link}");
        assert_eq!(link.contains("rel=\"next\""), page != "4", "{link}");
        assert_eq!(r.header("x-prev-page").is_empty(), page == "1");
        for t in r.body.as_array().unwrap() {
            assert!(t.get("token").is_none(), "a listing never carries a value");
            assert!(t["access_level"].is_u64());
            ids.push(t["id"].as_u64().unwrap());
        }
        page = r.header("x-next-page").to_owned();
    }
    assert_eq!(ids.len(), 35, "5 seeded and a tenth of 300");
    let big = api
        .get(
            "/projects/platform%2Fapi/access_tokens?per_page=500",
            api.admin(),
        )
        .await;
    assert_eq!(
        (big.header("x-per-page"), big.body.as_array().unwrap().len()),
        ("100", 35)
    );
    let bad = api
        .get("/projects/7/access_tokens?page=two", api.admin())
        .await;
    assert_eq!(
        (bad.status.as_u16(), bad.body.clone()),
        (400, json!({"error": "page is invalid"}))
    );
    let missing = api.get("/projects/99/access_tokens", api.admin()).await;
    assert_eq!(missing.body, json!({"message": "404 Project Not Found"}));
    let group = api.get("/groups/platform/access_tokens", api.admin()).await;
    assert_eq!((group.status.as_u16(), group.header("x-total")), (200, "2"));
}

#[tokio::test]
async fn a_project_token_is_shown_once_works_as_its_bot_and_is_stamped_when_used() {
    let sim = start(SimConfig::default()).await.unwrap();
    let api = Api { sim: &sim };
    let made = api
        .made("/projects/7/access_tokens", api.admin(), json!({ "name": "ci clone", "scopes": ["read_api"], "access_level": 20, "description": "clones" }))
        .await;
    let (id, value) = (made["id"].as_u64().unwrap(), secret(&made));
    assert!(value.starts_with("glpat-") && value.len() == 26, "{value}");
    assert_eq!(
        (made["access_level"].as_u64(), made["active"].as_bool()),
        (Some(20), Some(true))
    );
    assert_eq!(
        made["expires_at"],
        in_days(365),
        "the maximum lifetime by default"
    );
    assert!(made["last_used_at"].is_null());
    let me = api.get("/user", &value).await;
    assert_eq!(
        (me.body["bot"].as_bool(), me.body.get("is_admin")),
        (Some(true), None)
    );
    assert!(
        me.body["username"]
            .as_str()
            .unwrap()
            .starts_with("project_7_bot_"),
        "{}",
        me.body
    );
    assert_eq!(me.body["id"], made["user_id"]);
    let one = api
        .get(&format!("/projects/7/access_tokens/{id}"), api.admin())
        .await;
    assert!(
        one.body["last_used_at"].is_string(),
        "stamped when used: {}",
        one.body
    );
    assert!(one.body.get("token").is_none(), "never shown again");
    let member = api
        .get(
            &format!("/projects/7/members/all/{}", made["user_id"]),
            api.admin(),
        )
        .await;
    assert_eq!(member.body["access_level"], 20);
    let root = api.get("/user", api.admin()).await;
    assert_eq!(
        (
            root.body["username"].as_str(),
            root.body["is_admin"].as_bool()
        ),
        (Some("root"), Some(true))
    );
}

#[tokio::test]
async fn a_role_above_the_creators_and_bad_bodies_are_refused() {
    let sim = start(SimConfig::default()).await.unwrap();
    let api = Api { sim: &sim };
    let alice = api.personal(2, &["api"]).await;
    let too_high = api
        .post(
            "/projects/7/access_tokens",
            &alice,
            json!({ "name": "x", "scopes": ["read_api"], "access_level": 50 }),
        )
        .await;
    assert_eq!(too_high.status, 400);
    assert!(
        too_high.body["message"]
            .as_str()
            .unwrap()
            .contains("can't be greater"),
        "{}",
        too_high.body
    );
    api.made(
        "/projects/7/access_tokens",
        &alice,
        json!({ "name": "x", "scopes": ["read_api"], "access_level": 40 }),
    )
    .await;
    let group = api
        .post(
            "/groups/3/access_tokens",
            &alice,
            json!({ "name": "g", "scopes": ["read_api"] }),
        )
        .await;
    assert_eq!(
        (group.status.as_u16(), group.body.clone()),
        (403, json!({"message": "403 Forbidden"}))
    );
    let bob = api.personal(3, &["api"]).await;
    assert_eq!(
        api.get("/projects/7/access_tokens", &bob).await.status,
        403,
        "a developer"
    );
}

#[tokio::test]
async fn bad_bodies_are_refused_in_gitlabs_shapes() {
    let sim = start(SimConfig::default()).await.unwrap();
    let api = Api { sim: &sim };
    let far = in_days(366);
    let past = in_days(-1);
    for (body, status, expected) in [
        (
            json!({ "name": "x" }),
            400,
            json!({"error": "scopes is missing"}),
        ),
        (
            json!({}),
            400,
            json!({"error": "name is missing, scopes is missing"}),
        ),
        (
            json!({ "name": "x", "scopes": ["sudo"] }),
            400,
            json!({"message": {"scopes": ["can only contain available scopes"]}}),
        ),
        (
            json!({ "name": "x", "scopes": ["read_virtual_registry"] }),
            400,
            json!({"message": {"scopes": ["can only contain available scopes"]}}),
        ),
        (
            json!({ "name": "x", "scopes": ["root_everything"] }),
            400,
            json!({"error": "scopes does not have a valid value"}),
        ),
        (
            json!({ "name": "x", "scopes": ["api"], "access_level": 35 }),
            400,
            json!({"error": "access_level does not have a valid value"}),
        ),
        (
            json!({ "name": "x", "scopes": ["api"], "expires_at": far }),
            400,
            json!({"message": "400 Bad request - Expires at must expire in 365 days"}),
        ),
        (
            json!({ "name": "x", "scopes": ["api"], "expires_at": past }),
            400,
            json!({"message": {"expires_at": ["must be in the future"]}}),
        ),
        (
            json!({ "name": "x", "scopes": ["api"], "expires_at": "soon" }),
            400,
            json!({"error": "expires_at is invalid"}),
        ),
    ] {
        let r = api
            .post("/projects/7/access_tokens", api.admin(), body.clone())
            .await;
        assert_eq!((r.status.as_u16(), r.body), (status, expected), "{body}");
    }
    let group_scope = api
        .post(
            "/groups/3/access_tokens",
            api.admin(),
            json!({ "name": "x", "scopes": ["read_virtual_registry"], "expires_at": in_days(365) }),
        )
        .await;
    assert_eq!(group_scope.status, 201, "a group token may hold it");
    let garbled = Client::new()
        .post(format!(
            "{}/projects/7/access_tokens",
            sim.handshake.gitlab.api_url
        ))
        .header("private-token", api.admin())
        .header("content-type", "application/json")
        .body("{\"name\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(garbled.status(), 400);
}

#[tokio::test]
async fn past_the_quota_gitlab_says_retry_later_and_faults_use_its_shape() {
    let sim = start(SimConfig::default()).await.unwrap();
    let api = Api { sim: &sim };
    let first = api.get("/user", api.admin()).await;
    assert_eq!(
        [
            "ratelimit-limit",
            "ratelimit-name",
            "ratelimit-observed",
            "ratelimit-remaining"
        ]
        .map(|h| first.header(h)),
        ["2000", "throttle_authenticated_api", "1", "1999"]
    );
    assert!(
        first.header("ratelimit-reset").parse::<i64>().unwrap() > chrono::Utc::now().timestamp()
    );
    let alice = api.personal(2, &["api"]).await;
    let admin = api.admin().to_owned();
    assert!(sim.gitlab_console(|t| t.console_preset_rate(&admin, 1999)));
    let last = api.get("/user", api.admin()).await;
    assert_eq!(
        (last.status.as_u16(), last.header("ratelimit-remaining")),
        (200, "0")
    );
    let r = api.get("/user", api.admin()).await;
    assert_eq!(
        (r.status.as_u16(), r.body.as_str()),
        (429, Some("Retry later\n"))
    );
    assert!(r.header("retry-after").parse::<u64>().unwrap() >= 1);
    assert!(
        r.header("ratelimit-resettime").ends_with(" GMT"),
        "{}",
        r.header("ratelimit-resettime")
    );
    assert_eq!(r.header("ratelimit-observed"), "2001");
    assert_eq!(
        api.get("/user", &alice).await.status,
        200,
        "counted per token"
    );

    sim.add_fault("gitlab.create=500@1".parse::<FaultRule>().unwrap());
    let body = json!({ "name": "x", "scopes": ["api"] });
    let r = api.post("/projects/7/access_tokens", &alice, body).await;
    assert_eq!(
        (r.status.as_u16(), &r.body),
        (500, &json!({"message": "500 Internal Server Error"}))
    );
    assert_eq!(r.header("ratelimit-limit"), "2000");
    sim.add_fault("gitlab.list=429:7@1".parse::<FaultRule>().unwrap());
    let r = api.get("/projects/7/access_tokens", &alice).await;
    assert_eq!(
        (r.status.as_u16(), r.header("retry-after"), r.body.as_str()),
        (429, "7", Some("Retry later\n"))
    );
    assert_eq!(
        sim.call_count(Vendor::GitLab, "create"),
        2,
        "alice's token and the faulted one"
    );
    assert!(sim.gitlab_console(|t| t.console_revoke("laptop")));
}
