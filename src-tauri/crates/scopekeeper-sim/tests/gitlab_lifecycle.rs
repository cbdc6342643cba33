//! The GitLab simulator's token lifecycle over real HTTP: rotate (and reuse detection), the
//! `self` endpoints, the personal token list as an administrator and as a user, revoke, and
//! the scope each call needs.

use reqwest::Method;
use scopekeeper_sim::{start, SimConfig};
use serde_json::json;

mod gitlab_support;
use gitlab_support::*;

#[tokio::test]
async fn a_rotated_token_replaces_the_old_and_rotating_a_revoked_one_revokes_its_family() {
    let sim = start(SimConfig::default()).await.unwrap();
    let api = Api { sim: &sim };
    let made = api
        .made("/projects/7/access_tokens", api.admin(), json!({ "name": "deploy", "scopes": ["read_registry", "write_registry"], "access_level": 30 }))
        .await;
    let (id, old) = (made["id"].as_u64().unwrap(), secret(&made));
    let r = api
        .post(
            &format!("/projects/7/access_tokens/{id}/rotate"),
            api.admin(),
            json!({}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let new = secret(&r.body);
    assert_ne!(r.body["id"].as_u64(), Some(id), "a new token");
    assert_eq!(
        (
            &r.body["scopes"],
            &r.body["access_level"],
            &r.body["user_id"]
        ),
        (&made["scopes"], &made["access_level"], &made["user_id"])
    );
    assert_eq!(r.body["expires_at"], in_days(7), "one week by default");
    assert_eq!(api.get("/user", &old).await.status, 401);
    assert_eq!(
        api.get("/user", &new).await.status,
        403,
        "no read scope, but a valid token"
    );
    assert_eq!(
        api.get("/projects/7/access_tokens/self", &new).await.status,
        200
    );
    let chosen = api
        .post(
            &format!("/projects/7/access_tokens/{}/rotate", r.body["id"]),
            api.admin(),
            json!({ "expires_at": in_days(30) }),
        )
        .await;
    assert_eq!(chosen.body["expires_at"], in_days(30));
    let newest = secret(&chosen.body);

    // The first one again: it was revoked, so every active token of its family is revoked.
    let again = api
        .post(
            &format!("/projects/7/access_tokens/{id}/rotate"),
            api.admin(),
            json!({}),
        )
        .await;
    assert_eq!(
        (again.status.as_u16(), again.body),
        (
            400,
            json!({"message": "400 Bad request - Token already revoked"})
        )
    );
    assert_eq!(
        api.get("/user", &newest).await.status,
        401,
        "reuse detection"
    );
}

#[tokio::test]
async fn a_personal_token_is_rotated_by_its_owner_or_by_itself() {
    let sim = start(SimConfig::default()).await.unwrap();
    let api = Api { sim: &sim };
    let alice = api.personal(2, &["api"]).await;
    let me = api.get("/personal_access_tokens/self", &alice).await;
    let rotated = api
        .post(
            &format!("/personal_access_tokens/{}/rotate", me.body["id"]),
            &alice,
            json!({}),
        )
        .await;
    assert_eq!(rotated.status, 200, "{}", rotated.body);
    let selfie = api
        .post(
            "/personal_access_tokens/self/rotate",
            &secret(&rotated.body),
            json!({}),
        )
        .await;
    assert_eq!(
        (selfie.status.as_u16(), selfie.body["name"].as_str()),
        (200, Some("for 2"))
    );
}

#[tokio::test]
async fn self_endpoints_answer_for_the_calling_token_only() {
    let sim = start(SimConfig::default()).await.unwrap();
    let api = Api { sim: &sim };
    let me = api.get("/personal_access_tokens/self", api.admin()).await;
    assert_eq!(
        (me.body["id"].as_u64(), me.body["name"].as_str()),
        (Some(1), Some("Scopekeeper admin"))
    );
    let made = api
        .made(
            "/projects/7/access_tokens",
            api.admin(),
            json!({ "name": "rotator", "scopes": ["self_rotate"], "access_level": 10 }),
        )
        .await;
    let bot = secret(&made);
    let own = api.get("/projects/7/access_tokens/self", &bot).await;
    assert_eq!(own.body["id"], made["id"]);
    assert_eq!(
        api.get("/projects/8/access_tokens/self", &bot).await.status,
        401,
        "not that project's"
    );
    assert_eq!(
        api.post("/projects/7/access_tokens/1/rotate", &bot, json!({}))
            .await
            .status,
        403,
        "self_rotate is no api"
    );
    let rotated = api
        .post("/projects/7/access_tokens/self/rotate", &bot, json!({}))
        .await;
    assert_eq!(rotated.status, 200, "{}", rotated.body);
    let strong = api
        .made(
            "/projects/7/access_tokens",
            api.admin(),
            json!({ "name": "strong", "scopes": ["api"], "access_level": 40 }),
        )
        .await;
    let other = api
        .post(
            &format!("/projects/7/access_tokens/{}/rotate", rotated.body["id"]),
            &secret(&strong),
            json!({}),
        )
        .await;
    assert_eq!(other.status, 401, "a project token may rotate only itself");
    let create = api
        .post(
            "/projects/7/access_tokens",
            &secret(&strong),
            json!({ "name": "x", "scopes": ["api"] }),
        )
        .await;
    assert_eq!(create.status, 403, "only a personal token creates");
    let as_personal = api
        .post(
            "/personal_access_tokens/self/rotate",
            &secret(&strong),
            json!({}),
        )
        .await;
    assert_eq!(as_personal.status, 405, "not a personal token");

    let alice = api.personal(2, &["read_api"]).await;
    let gone = api
        .call(Method::DELETE, "/personal_access_tokens/self", &alice, None)
        .await;
    assert_eq!(gone.status, 204, "any scope may revoke itself");
    assert_eq!(
        api.get("/personal_access_tokens/self", &alice).await.status,
        401
    );
}

#[tokio::test]
async fn the_personal_list_is_everyones_for_an_administrator_and_ones_own_otherwise() {
    let sim = start(SimConfig::default()).await.unwrap();
    let api = Api { sim: &sim };
    let all = api.get("/personal_access_tokens", api.admin()).await;
    let users: Vec<u64> = all
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["user_id"].as_u64().unwrap())
        .collect();
    assert_eq!(users, [1, 1, 2, 3, 4], "every person's, no bot's");
    let bob = api
        .get("/personal_access_tokens?user_id=3", api.admin())
        .await;
    assert_eq!(names(&bob), ["migration"]);
    assert!(
        bob.body[0]["expires_at"].is_null(),
        "from before GitLab 16.0"
    );
    let found = api
        .get(
            "/personal_access_tokens?search=LAP&state=active&revoked=false",
            api.admin(),
        )
        .await;
    assert_eq!(names(&found), ["laptop"]);
    let sorted = api
        .get("/personal_access_tokens?sort=name_asc", api.admin())
        .await;
    assert_eq!(
        names(&sorted),
        [
            "Scopekeeper admin",
            "break-glass",
            "dashboard",
            "laptop",
            "migration"
        ]
    );
    let old = api
        .get(
            "/personal_access_tokens?created_before=2000-01-01",
            api.admin(),
        )
        .await;
    assert_eq!(old.header("x-total"), "0");
    let unused = api
        .get(
            "/personal_access_tokens?last_used_after=2000-01-01T00:00:00Z",
            api.admin(),
        )
        .await;
    assert!(
        !names(&unused).contains(&"break-glass".to_owned()),
        "never used"
    );
    assert_eq!(
        api.get("/personal_access_tokens?sort=sideways", api.admin())
            .await
            .status,
        400
    );
}

#[tokio::test]
async fn a_user_sees_only_their_own_personal_tokens() {
    let sim = start(SimConfig::default()).await.unwrap();
    let api = Api { sim: &sim };
    let bob = api
        .get("/personal_access_tokens?user_id=3", api.admin())
        .await;
    let alice = api.personal(2, &["read_api"]).await;
    let own = api.get("/personal_access_tokens", &alice).await;
    assert_eq!(names(&own), ["laptop", "for 2"]);
    assert_eq!(
        api.get("/personal_access_tokens?user_id=3", &alice)
            .await
            .status,
        401
    );
    let bobs = bob.body[0]["id"].as_u64().unwrap();
    let peek = api
        .get(&format!("/personal_access_tokens/{bobs}"), &alice)
        .await;
    assert_eq!(
        (peek.status.as_u16(), peek.body),
        (401, json!({"message": "401 Unauthorized"}))
    );
    assert_eq!(
        api.get("/personal_access_tokens/9999", &alice).await.status,
        401
    );
    let missing = api.get("/personal_access_tokens/9999", api.admin()).await;
    assert_eq!(
        (missing.status.as_u16(), missing.body),
        (404, json!({"message": "404 Not Found"}))
    );
    let me = api.get("/user", &alice).await;
    assert_eq!(
        (me.body["username"].as_str(), me.body.get("is_admin")),
        (Some("alice"), None)
    );
    let no = api
        .post(
            "/users/3/personal_access_tokens",
            &alice,
            json!({ "name": "x", "scopes": ["api"] }),
        )
        .await;
    assert_eq!(no.status, 403, "administrators only");
    let nobody = api
        .post(
            "/users/404/personal_access_tokens",
            api.admin(),
            json!({ "name": "x", "scopes": ["api"] }),
        )
        .await;
    assert_eq!(nobody.body, json!({"message": "404 User Not Found"}));
}

#[tokio::test]
async fn a_revoked_token_is_refused_and_a_reader_may_not_write() {
    let sim = start(SimConfig::default()).await.unwrap();
    let api = Api { sim: &sim };
    let made = api
        .made(
            "/projects/7/access_tokens",
            api.admin(),
            json!({ "name": "reader", "scopes": ["read_api"], "access_level": 40 }),
        )
        .await;
    let reader = secret(&made);
    assert_eq!(
        api.get("/projects/7/access_tokens", &reader).await.status,
        200
    );
    let write = api
        .post("/projects/7/access_tokens/self/rotate", &reader, json!({}))
        .await;
    assert_eq!(write.status, 403);
    let denied = api
        .call(
            Method::DELETE,
            &format!("/projects/7/access_tokens/{}", made["id"]),
            &reader,
            None,
        )
        .await;
    assert_eq!(
        (denied.status.as_u16(), denied.body),
        (
            403,
            json!({
                "error": "insufficient_scope",
                "error_description": "The request requires higher privileges than provided by the access token.",
                "scope": "api",
            })
        )
    );
    let gone = api
        .call(
            Method::DELETE,
            &format!("/projects/7/access_tokens/{}", made["id"]),
            api.admin(),
            None,
        )
        .await;
    assert_eq!(gone.status, 204);
    let refused = api.get("/user", &reader).await;
    assert_eq!(
        (refused.status.as_u16(), &refused.body),
        (401, &json!({"message": "401 Unauthorized"}))
    );
    assert_eq!(
        refused.header("ratelimit-limit"),
        "2000",
        "a 401 carries the headers too"
    );
    let listed = api
        .get(
            &format!("/projects/7/access_tokens/{}", made["id"]),
            api.admin(),
        )
        .await;
    assert_eq!(
        (
            listed.body["revoked"].as_bool(),
            listed.body["active"].as_bool()
        ),
        (Some(true), Some(false))
    );
    let inactive = api
        .get("/projects/7/access_tokens?state=inactive", api.admin())
        .await;
    assert_eq!(
        inactive.header("x-total"),
        "3",
        "revoked and expired, seeded and new"
    );
}
