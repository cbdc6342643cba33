//! The GitHub simulator keeps its contract over real HTTP: the App's JWT checks, installation
//! tokens (the installation's permissions or fewer, an hour long), `/user` with each kind of
//! token and its headers, repository access, the rate-limit headers and the 403 past the limit,
//! and injected faults. (The organisation's view of fine-grained tokens: `github_orgs.rs`.)

use scopekeeper_sim::{start, FaultRule, SimConfig, Vendor};
use serde_json::json;

mod github_support;
use github_support::*;

#[tokio::test]
async fn a_valid_jwt_reaches_the_apps_endpoints_in_every_issuer_form() {
    let sim = start(SimConfig::default()).await.unwrap();
    let api = Api { sim: &sim };
    let app = api.get("/app", &api.jwt()).await;
    assert_eq!(app.status, 200, "{}", app.body);
    assert_eq!(
        (app.body["id"].as_u64(), app.body["slug"].as_str()),
        (Some(1001), Some("scopekeeper-sandbox"))
    );
    assert_eq!(app.body["owner"]["login"], "acme");
    assert_eq!(
        app.body["permissions"]["organization_personal_access_tokens"],
        "write"
    );
    let inst = api.get("/orgs/ACME/installation", &api.jwt()).await;
    assert_eq!(inst.status, 200, "the org name ignores case: {}", inst.body);
    assert_eq!(inst.body["id"], 5001);
    assert_eq!(inst.body["account"]["type"], "Organization");
    assert_eq!(inst.body["repository_selection"], "all");
    let now = unix_now();
    for iss in [json!("1001"), json!("Iv1.sandbox1001")] {
        // The docs' own example: `iat` a minute back, `exp` ten minutes on.
        let jwt = api.jwt_with(json!({ "iat": now - 60, "exp": now + 600, "iss": iss }));
        assert_eq!(api.get("/app", &jwt).await.status, 200, "iss {iss}");
    }
    let other = api.get("/orgs/umbrella/installation", &api.jwt()).await;
    assert_eq!(other.status, 404);
    let with_pat = api.get("/app", api.classic()).await;
    assert_eq!(with_pat.status, 401, "the App's endpoints take only a JWT");
    assert_eq!(
        with_pat.body["message"],
        "A JSON web token could not be decoded"
    );
    let on_user = api.get("/user", &api.jwt()).await;
    assert_eq!(
        (on_user.status.as_u16(), on_user.body["message"].as_str()),
        (403, Some("Resource not accessible by integration"))
    );
}

#[tokio::test]
async fn a_bad_jwt_is_refused_with_githubs_401s() {
    let sim = start(SimConfig::default()).await.unwrap();
    let api = Api { sim: &sim };
    let now = unix_now();
    let good = api.jwt();
    let (head, sig) = good.rsplit_once('.').unwrap();
    let flipped: String = sig
        .chars()
        .enumerate()
        .map(|(i, c)| match (i, c) {
            (10, 'A') => 'B',
            (10, _) => 'A',
            (_, c) => c,
        })
        .collect();
    let undecodable = "A JSON web token could not be decoded";
    let too_far = "'Expiration time' claim ('exp') is too far in the future";
    let cases = [
        (format!("{head}.{flipped}"), undecodable),
        (
            api.jwt_with(json!({ "iat": now - 30, "exp": now + 540, "iss": 999 })),
            undecodable,
        ),
        (
            api.jwt_with(json!({ "iat": now - 900, "exp": now - 300, "iss": 1001 })),
            "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
        ),
        (
            api.jwt_with(json!({ "iat": now, "exp": now + 900, "iss": 1001 })),
            too_far,
        ),
        (
            api.jwt_with(json!({ "iat": now + 300, "exp": now + 500, "iss": 1001 })),
            "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued",
        ),
        (
            sign(
                &api.app_key(),
                json!({ "alg": "HS256", "typ": "JWT" }),
                json!({ "iat": now - 30, "exp": now + 540, "iss": 1001 }),
            ),
            undecodable,
        ),
        ("eyJhbGciOi.not.ajwt".to_owned(), undecodable),
    ];
    for (jwt, message) in cases {
        let r = api.get("/app", &jwt).await;
        assert_eq!(r.status, 401, "{jwt}");
        assert_eq!(r.body["message"], message, "{jwt}");
        assert_eq!(r.body["documentation_url"], "https://docs.github.com/rest");
        assert_eq!(r.body["status"], "401");
    }
}

#[tokio::test]
async fn installation_tokens_carry_the_installations_permissions_or_fewer_for_an_hour() {
    let sim = start(SimConfig::default()).await.unwrap();
    let api = Api { sim: &sim };
    let all = api.mint(json!({})).await;
    assert_eq!(all.status, 201, "{}", all.body);
    let token = all.body["token"].as_str().unwrap();
    assert!(token.starts_with("ghs_") && token.len() == 40, "{token}");
    let expires = chrono::DateTime::parse_from_rfc3339(all.body["expires_at"].as_str().unwrap())
        .unwrap()
        .timestamp();
    assert!((expires - unix_now() - 3600).abs() <= 5, "an hour long");
    assert_eq!(all.body["repository_selection"], "all");
    let perms = all.body["permissions"].as_object().unwrap();
    assert_eq!(perms.len(), 7, "{perms:?}");
    assert_eq!(perms["issues"], "write");
    let narrow = api
        .mint(json!({ "permissions": { "issues": "read" }, "repositories": ["api"] }))
        .await;
    assert_eq!(narrow.status, 201, "{}", narrow.body);
    assert_eq!(narrow.body["permissions"], json!({ "issues": "read" }));
    assert_eq!(narrow.body["repository_selection"], "selected");
    assert_eq!(narrow.body["repositories"][0]["full_name"], "acme/api");
    let refused = "The permissions requested are not granted to this installation.";
    for asked in [
        json!({ "administration": "write" }),
        json!({ "members": "write" }),
    ] {
        let r = api.mint(json!({ "permissions": asked })).await;
        assert_eq!(
            (r.status.as_u16(), r.body["message"].as_str()),
            (422, Some(refused))
        );
    }
    let unknown = api.mint(json!({ "repositories": ["nope"] })).await;
    assert_eq!(unknown.status, 422, "{}", unknown.body);
    let jwt = api.jwt();
    let elsewhere = api
        .post("/app/installations/42/access_tokens", &jwt, json!({}))
        .await;
    assert_eq!(elsewhere.status, 404);
    let by_pat = api
        .post(
            "/app/installations/5001/access_tokens",
            api.classic(),
            json!({}),
        )
        .await;
    assert_eq!(by_pat.status, 401);

    let narrow = narrow.body["token"].as_str().unwrap();
    let issues = api.get("/repos/acme/api/issues", narrow).await;
    assert_eq!(issues.status, 200, "{}", issues.body);
    let repo = api.get("/repos/acme/api", narrow).await;
    assert_eq!(
        (repo.status.as_u16(), repo.body["message"].as_str()),
        (403, Some("Resource not accessible by integration")),
        "no metadata permission"
    );
    let repo = api.get("/repos/acme/api", token).await;
    assert_eq!(repo.status, 200);
    assert_eq!(
        repo.header("x-accepted-github-permissions"),
        "metadata=read"
    );
    let me = api.get("/user", token).await;
    assert_eq!(me.status, 403);
    assert_eq!(me.body["message"], "Resource not accessible by integration");
    assert!(sim.github_console(|t| t.console_expire(token)));
    let late = api.get("/repos/acme/api", token).await;
    assert_eq!(
        (late.status.as_u16(), late.body["message"].as_str()),
        (401, Some("Bad credentials"))
    );
}

/// `GitHub-Authentication-Token-Expiration` as GitHub writes it, about `days` from now.
fn expires_in(r: &Reply, days: i64) {
    let v = r.header("github-authentication-token-expiration");
    let t = chrono::NaiveDateTime::parse_from_str(v, "%Y-%m-%d %H:%M:%S UTC")
        .unwrap_or_else(|_| panic!("{v:?}"));
    let left = t.and_utc().timestamp() - unix_now();
    assert!((left - days * 86400).abs() < 60, "{v}");
}

#[tokio::test]
async fn user_shows_a_classic_tokens_scopes_and_a_personal_tokens_expiry() {
    let sim = start(SimConfig::default()).await.unwrap();
    let api = Api { sim: &sim };
    let classic = api.get("/user", api.classic()).await;
    assert_eq!(classic.status, 200, "{}", classic.body);
    assert_eq!(
        (
            &classic.body["login"],
            &classic.body["id"],
            &classic.body["type"]
        ),
        (&json!("sk-admin"), &json!(9001), &json!("User"))
    );
    assert_eq!(classic.body["site_admin"], false);
    assert_eq!(classic.header("x-oauth-scopes"), "repo, read:org, workflow");
    assert!(classic.has("x-accepted-oauth-scopes"));
    assert_eq!(classic.header("x-accepted-oauth-scopes"), "");
    expires_in(&classic, 30);
    let fine = api.get("/user", api.fine_grained()).await;
    assert_eq!(
        (fine.status.as_u16(), &fine.body["login"]),
        (200, &json!("sk-admin"))
    );
    assert!(
        !fine.has("x-oauth-scopes"),
        "a fine-grained token has no scopes"
    );
    assert!(!fine.has("x-accepted-oauth-scopes"));
    expires_in(&fine, 5);
    assert_eq!(fine.header("x-github-api-version-selected"), "2022-11-28");

    let repo = api.get("/repos/acme/api", api.classic()).await;
    assert_eq!(
        (repo.status.as_u16(), &repo.body["private"]),
        (200, &json!(true))
    );
    assert_eq!(repo.header("x-accepted-oauth-scopes"), "repo");
    assert!(
        !repo.has("x-accepted-github-permissions"),
        "classic actors get scopes"
    );
    let repo = api.get("/repos/acme/api", api.fine_grained()).await;
    assert_eq!(repo.status, 200);
    assert_eq!(
        repo.header("x-accepted-github-permissions"),
        "metadata=read"
    );
    assert!(!repo.has("x-accepted-oauth-scopes"));

    let bad = api
        .get("/user", "ghp_000000000000000000000000000000000000")
        .await;
    assert_eq!(
        bad.body,
        json!({ "message": "Bad credentials", "documentation_url": "https://docs.github.com/rest", "status": "401" })
    );
    assert_eq!(api.get("/user", "").await.status, 401);
}

#[tokio::test]
async fn a_fine_grained_token_reaches_only_its_repositories_with_its_permissions() {
    let sim = start(SimConfig::default()).await.unwrap();
    let api = Api { sim: &sim };
    let (web_only, contents_only) = sim.github_console(|t| {
        let web = t.console_grant(
            "dev-alice",
            "web",
            &[("metadata", "read")],
            Some(&["web"]),
            Some(30),
        );
        let contents = t.console_grant("dev-bob", "c", &[("contents", "read")], None, None);
        (web.unwrap().1, contents.unwrap().1)
    });
    let hidden = api.get("/repos/acme/api", &web_only).await;
    assert_eq!(
        hidden.status, 404,
        "outside its selection, a private repository is hidden"
    );
    assert_eq!(api.get("/repos/acme/web", &web_only).await.status, 200);
    let denied = api.get("/repos/acme/api", &contents_only).await;
    assert_eq!(
        (denied.status.as_u16(), denied.body["message"].as_str()),
        (
            403,
            Some("Resource not accessible by personal access token")
        )
    );
    assert!(!api
        .get("/user", &contents_only)
        .await
        .has("github-authentication-token-expiration"));
    assert_eq!(
        api.get("/repos/acme/missing", api.classic()).await.status,
        404
    );
    assert_eq!(api.get("/repos/other/api", api.classic()).await.status, 404);
    assert!(sim
        .github_console(|t| t.console_grant("nobody", "x", &[], None, None))
        .is_none());
}

#[tokio::test]
async fn every_reply_carries_the_rate_limit_and_past_it_a_403() {
    let sim = start(SimConfig::default()).await.unwrap();
    let api = Api { sim: &sim };
    let first = api.get("/user", api.classic()).await;
    assert_eq!(
        (
            first.header("x-ratelimit-limit"),
            first.header("x-ratelimit-remaining"),
            first.header("x-ratelimit-used"),
            first.header("x-ratelimit-resource"),
        ),
        ("5000", "4999", "1", "core")
    );
    let reset: i64 = first.header("x-ratelimit-reset").parse().unwrap();
    assert!(reset > unix_now() && reset <= unix_now() + 3600);
    let token = api.installation_token().await;
    assert!(sim.github_console(|t| t.console_preset_rate(&token, 4999)));
    let last = api.get("/repos/acme/api", &token).await;
    assert_eq!(
        (last.status.as_u16(), last.header("x-ratelimit-remaining")),
        (200, "0")
    );
    let over = api.get("/repos/acme/api", &token).await;
    assert_eq!(over.status, 403);
    assert_eq!(over.header("x-ratelimit-remaining"), "0");
    assert_eq!(
        over.body["message"],
        "API rate limit exceeded for installation ID 5001."
    );
    let other = api.get("/user", api.classic()).await;
    assert_eq!(
        (other.status.as_u16(), other.header("x-ratelimit-used")),
        (200, "2")
    );
    assert!(!sim.github_console(|t| t.console_preset_rate("ghp_unknown", 1)));
}

#[tokio::test]
async fn injected_faults_answer_in_githubs_shape() {
    let sim = start(SimConfig::default()).await.unwrap();
    let api = Api { sim: &sim };
    let token = api.installation_token().await;
    sim.add_fault("github.list=500@1".parse::<FaultRule>().unwrap());
    let path = "/orgs/acme/personal-access-tokens";
    let failed = api.get(path, &token).await;
    assert_eq!(failed.status, 500);
    assert_eq!(
        failed.body,
        json!({ "message": "Server Error", "documentation_url": "https://docs.github.com/rest", "status": "500" })
    );
    assert_eq!(failed.header("x-ratelimit-limit"), "5000");
    assert_eq!(api.get(path, &token).await.status, 200, "only once");
    assert_eq!(sim.call_count(Vendor::GitHub, "list"), 2);
    sim.add_fault("github.user=429:7@1".parse::<FaultRule>().unwrap());
    let limited = api.get("/user", api.classic()).await;
    assert_eq!(
        (limited.status.as_u16(), limited.header("retry-after")),
        (429, "7")
    );
    assert!(limited.body["message"]
        .as_str()
        .unwrap()
        .contains("secondary rate limit"));
    assert_eq!(sim.call_count(Vendor::GitHub, "token"), 1);
}
