//! The GitHub simulator's organisation view of fine-grained tokens over real HTTP: the list in
//! pages with `Link`, its filters and order, a grant's repositories, who may call it, revoking
//! one or many grants (and what a revoked token can still do), and the deterministic bulk seed.

use std::collections::HashSet;

use reqwest::Method;
use scopekeeper_sim::{start, RunningSim, SeedCredentials, SimConfig};
use serde_json::{json, Value};

mod github_support;
use github_support::*;

async fn sim(seed_tokens: usize) -> RunningSim {
    start(SimConfig {
        seed_tokens,
        ..SimConfig::default()
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn the_list_comes_in_pages_linked_by_link_newest_grant_first() {
    let sim = sim(500).await;
    let api = Api { sim: &sim };
    let token = api.installation_token().await;
    let (grants, pages) = every_grant(&api, &token, "per_page=20").await;
    assert_eq!(
        grants.len(),
        6 + 50,
        "the 6 usual grants and a tenth of 500"
    );
    assert_eq!(pages, 3);
    let ids: HashSet<u64> = grants.iter().map(|g| g["id"].as_u64().unwrap()).collect();
    assert_eq!(ids.len(), grants.len());
    let first = api.get(&format!("{LIST}?per_page=20"), &token).await;
    let rels = links(first.header("link"));
    let last = rels.iter().find(|(r, _)| r == "last").unwrap();
    assert!(
        last.1
            .ends_with("/github/orgs/acme/personal-access-tokens?per_page=20&page=3"),
        "{rels:?}"
    );
    let default = api.get(LIST, &token).await;
    assert_eq!(default.body.as_array().unwrap().len(), 30, "30 by default");
    let big = api.get(&format!("{LIST}?per_page=500"), &token).await;
    assert_eq!(big.body.as_array().unwrap().len(), 56, "at most 100 a page");
    assert!(!big.has("link"), "one page: no Link");
    let granted = |g: &Value| g["access_granted_at"].as_str().unwrap().to_owned();
    let times: Vec<String> = grants.iter().map(granted).collect();
    assert!(
        times.windows(2).all(|w| w[0] >= w[1]),
        "newest first by default"
    );
    let (asc, _) = every_grant(&api, &token, "per_page=100&direction=asc").await;
    assert!(asc.windows(2).all(|w| granted(&w[0]) <= granted(&w[1])));
    let g = &grants[0];
    for key in [
        "token_id",
        "token_name",
        "token_expired",
        "repositories_url",
        "owner",
    ] {
        assert!(g.get(key).is_some(), "{key}: {g}");
    }
    assert_eq!(g["owner"]["type"], "User");
    let mix = |pred: &dyn Fn(&Value) -> bool| grants.iter().filter(|g| pred(g)).count();
    assert!(mix(&|g| g["token_expired"] == true) >= 3);
    assert!(mix(&|g| g["token_expires_at"].is_null()) >= 2);
    assert!(mix(&|g| g["token_last_used_at"].is_null()) >= 3);
    assert!(mix(&|g| g["repository_selection"] == "subset") >= 10);
    assert!(mix(&|g| g["repository_selection"] == "none") >= 2);
}

#[tokio::test]
async fn the_seeded_grants_show_their_permissions_by_level() {
    let sim = sim(0).await;
    let api = Api { sim: &sim };
    let token = api.installation_token().await;
    let r = api.get(&format!("{LIST}?per_page=100"), &token).await;
    let by_name = |n: &str| -> Value {
        r.body
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["token_name"] == n)
            .cloned()
            .unwrap()
    };
    let alice = by_name("deploy-api");
    assert_eq!(alice["owner"]["login"], "dev-alice");
    assert_eq!(alice["repository_selection"], "subset");
    assert_eq!(alice["permissions"]["repository"]["contents"], "write");
    assert_eq!(alice["token_expired"], false);
    let bob = by_name("legacy-admin");
    assert!(bob["token_expires_at"].is_null() && bob["token_last_used_at"].is_null());
    assert_eq!(bob["repository_selection"], "all");
    let eve = by_name("contractor-audit");
    assert_eq!(eve["token_expired"], true);
    assert_eq!(
        eve["permissions"]["organization"],
        json!({ "members": "read", "organization_administration": "read" })
    );
    assert_eq!(eve["permissions"]["repository"], json!({}));
    assert_eq!(
        by_name("ci-bot")["permissions"]["repository"]["secrets"],
        "write"
    );
    assert_eq!(by_name("Scopekeeper admin")["owner"]["login"], "sk-admin");
    let repos_url = alice["repositories_url"].as_str().unwrap();
    let repos = call_url(Method::GET, repos_url, &token, None).await;
    assert_eq!(repos.status, 200, "{repos_url}: {}", repos.body);
    let names: Vec<&str> = repos
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["full_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["acme/api"]);
    let path = format!("{LIST}/{}/repositories", bob["id"]);
    assert_eq!(
        api.get(&path, &token).await.body.as_array().unwrap().len(),
        3,
        "all: api, web and infra"
    );
    assert_eq!(
        api.get(&format!("{LIST}/1/repositories"), &token)
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn filters_narrow_the_list() {
    let sim = sim(200).await;
    let api = Api { sim: &sim };
    let token = api.installation_token().await;
    let get = |q: String| {
        let (api, token) = (&api, &token);
        async move { every_grant(api, token, &q).await.0 }
    };
    let eve = get("owner[]=contractor-eve&per_page=100".into()).await;
    assert!(!eve.is_empty() && eve.iter().all(|g| g["owner"]["login"] == "contractor-eve"));
    let two = get("owner[]=contractor-eve&owner[]=dev-bob&per_page=100".into()).await;
    assert!(two.len() > eve.len());
    let on_web = get("repository=web&per_page=100".into()).await;
    let on_web: Vec<String> = on_web
        .iter()
        .map(|g| g["token_name"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        on_web.contains(&"web-triage".to_owned()) && on_web.contains(&"legacy-admin".to_owned())
    );
    assert!(
        !on_web.contains(&"deploy-api".to_owned())
            && !on_web.contains(&"contractor-audit".to_owned())
    );
    let admins = get("permission=administration_write&per_page=100".into()).await;
    assert!(admins
        .iter()
        .all(|g| g["permissions"]["repository"]["administration"] == "write"));
    assert!(admins.iter().any(|g| g["token_name"] == "legacy-admin"));
    let since = (chrono::Utc::now() - chrono::Duration::days(2))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let recent = get(format!("last_used_after={since}&per_page=100")).await;
    assert!(!recent.is_empty());
    assert!(recent.iter().all(|g| g["token_last_used_at"]
        .as_str()
        .is_some_and(|t| *t > *since)));
    let id = recent[0]["token_id"].as_u64().unwrap();
    assert_eq!(get(format!("token_id[]={id}")).await.len(), 1);
    let owners: String = (0..11).map(|i| format!("owner[]=u{i}&")).collect();
    for bad in [
        owners.as_str(),
        "sort=name",
        "direction=up",
        "last_used_before=yesterday",
    ] {
        let r = api.get(&format!("{LIST}?{bad}"), &token).await;
        assert_eq!(r.status, 422, "{bad}: {}", r.body);
    }
}

#[tokio::test]
async fn only_an_installation_token_with_the_permission_may_list_or_revoke() {
    let sim = sim(0).await;
    let api = Api { sim: &sim };
    for (who, message) in [
        (
            api.classic().to_owned(),
            "Resource not accessible by personal access token",
        ),
        (
            api.fine_grained().to_owned(),
            "Resource not accessible by personal access token",
        ),
        (api.jwt(), "Resource not accessible by integration"),
    ] {
        let r = api.get(LIST, &who).await;
        assert_eq!(
            (r.status.as_u16(), r.body["message"].as_str()),
            (403, Some(message))
        );
    }
    let minted = api
        .mint(json!({ "permissions": { "organization_personal_access_tokens": "read" } }))
        .await;
    let reader = minted.body["token"].as_str().unwrap();
    assert_eq!(api.get(LIST, reader).await.status, 200);
    let grants = api.get(LIST, reader).await;
    let id = grants.body[0]["id"].as_u64().unwrap();
    let revoke = api
        .post(
            &format!("{LIST}/{id}"),
            reader,
            json!({ "action": "revoke" }),
        )
        .await;
    assert_eq!(revoke.status, 403, "revoking needs write");
    let issues_only = api
        .mint(json!({ "permissions": { "issues": "read" } }))
        .await;
    let r = api
        .get(LIST, issues_only.body["token"].as_str().unwrap())
        .await;
    assert_eq!(r.status, 403);
    let writer = api.installation_token().await;
    assert_eq!(
        api.get("/orgs/umbrella/personal-access-tokens", &writer)
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn a_revoked_grant_leaves_the_list_and_its_token_the_orgs_private_repositories() {
    let sim = sim(0).await;
    let api = Api { sim: &sim };
    let token = api.installation_token().await;
    let (one, secret) = sim
        .github_console(|t| {
            let read = [("metadata", "read")];
            t.console_grant("dev-alice", "to-revoke", &read, None, Some(10))
        })
        .unwrap();
    assert_eq!(api.get("/repos/acme/api", &secret).await.status, 200);
    let listed = api.listed(&token).await;
    assert!(listed.len() == 7 && listed.contains(&"to-revoke".to_owned()));
    let r = api.revoke(&token, one).await;
    assert_eq!(r.status, 204, "{}", r.body);
    let listed = api.listed(&token).await;
    assert!(!listed.contains(&"to-revoke".to_owned()) && listed.len() == 6);
    assert_eq!(api.get("/repos/acme/api", &secret).await.status, 404);
    let public = api.get("/repos/acme/web", &secret).await;
    assert_eq!(public.status, 200, "public resources still");
    let me = api.get("/user", &secret).await;
    assert_eq!(me.status, 200, "the token itself works");
    assert_eq!(api.revoke(&token, one).await.status, 404, "gone");
}

#[tokio::test]
async fn a_bulk_revoke_takes_every_grant_named_or_none() {
    let sim = sim(0).await;
    let api = Api { sim: &sim };
    let token = api.installation_token().await;
    let all = api.get(&format!("{LIST}?per_page=100"), &token).await;
    let id = |g: &Value| g["id"].as_u64().unwrap();
    let ids: Vec<u64> = all
        .body
        .as_array()
        .unwrap()
        .iter()
        .take(2)
        .map(id)
        .collect();
    for bad in [
        json!({ "action": "approve", "pat_ids": ids }),
        json!({ "action": "revoke" }),
        json!({ "action": "revoke", "pat_ids": [] }),
        json!({ "action": "revoke", "pat_ids": ["one"] }),
    ] {
        let r = api.post(LIST, &token, bad.clone()).await;
        assert_eq!(r.status, 422, "{bad}");
    }
    let unknown = json!({ "action": "revoke", "pat_ids": [ids[0], 999_999] });
    assert_eq!(api.post(LIST, &token, unknown).await.status, 404);
    assert_eq!(api.listed(&token).await.len(), 6, "nothing revoked");
    let bulk = json!({ "action": "revoke", "pat_ids": ids });
    let r = api.post(LIST, &token, bulk).await;
    assert_eq!(r.status, 202, "{}", r.body);
    let left = api.get(&format!("{LIST}?per_page=100"), &token).await;
    let left: Vec<u64> = left.body.as_array().unwrap().iter().map(id).collect();
    assert_eq!(left.len(), 4);
    assert!(ids.iter().all(|id| !left.contains(id)));
}

#[tokio::test]
async fn the_bulk_seed_is_deterministic_and_a_seeded_key_is_kept() {
    let shape = |gs: Vec<Value>| -> Vec<(Value, Value, Value, Value)> {
        gs.into_iter()
            .map(|g| {
                (
                    g["token_name"].clone(),
                    g["owner"]["login"].clone(),
                    g["permissions"].clone(),
                    g["repository_selection"].clone(),
                )
            })
            .collect()
    };
    let (a, b) = (sim(100).await, sim(100).await);
    let (api_a, api_b) = (Api { sim: &a }, Api { sim: &b });
    let (ta, tb) = (
        api_a.installation_token().await,
        api_b.installation_token().await,
    );
    let q = "per_page=100&direction=asc";
    let ga = every_grant(&api_a, &ta, q).await.0;
    assert_eq!(ga.len(), 6 + 10);
    assert_eq!(shape(ga), shape(every_grant(&api_b, &tb, q).await.0));

    let pem = other_key_pem();
    assert_ne!(pem, a.handshake.github.token);
    let mut seed = SeedCredentials::default();
    assert!(seed.set("github", pem.clone()));
    let kept = start(SimConfig {
        seed,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    assert_eq!(kept.handshake.github.token, pem);
    let api = Api { sim: &kept };
    assert_eq!(api.get("/app", &api.jwt()).await.status, 200);
    let t = kept.handshake.tenants();
    let gh = t.iter().find(|t| t.vendor == "github").unwrap();
    assert_eq!((gh.credential, gh.key_id), (pem.as_str(), Some(1001)));
    assert!(gh.base_url.ends_with("/github/orgs/acme"));
    assert!(kept.handshake.console("github").is_none());
    assert!(!format!("{:?}", kept.handshake).contains("PRIVATE KEY"));
}
