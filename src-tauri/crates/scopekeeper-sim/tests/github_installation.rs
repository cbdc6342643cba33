//! The GitHub simulator's installation-token endpoints over real HTTP: the repositories a token
//! reaches (all of the organisation's or the selected ones) in pages with `Link`, revoking the
//! token a request carries, and the secondary rate limit as an injected fault.

use reqwest::Method;
use scopekeeper_sim::{start, FaultRule, SimConfig, Vendor};
use serde_json::{json, Value};

mod github_support;
use github_support::*;

const REPOS: &str = "/installation/repositories";

/// The `full_name`s in a listing.
fn full_names(r: &Reply) -> Vec<&str> {
    r.body["repositories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["full_name"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn an_installation_token_lists_the_repositories_it_reaches_in_pages() {
    let sim = start(SimConfig::default()).await.unwrap();
    let api = Api { sim: &sim };
    let all = api.installation_token().await;
    let r = api.get(REPOS, &all).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["total_count"], 3);
    assert_eq!(r.body["repository_selection"], "all");
    assert_eq!(full_names(&r), ["acme/api", "acme/web", "acme/infra"]);
    let api_repo = &r.body["repositories"][0];
    assert_eq!(
        (
            &api_repo["name"],
            &api_repo["private"],
            &api_repo["owner"]["login"]
        ),
        (&json!("api"), &json!(true), &json!("acme"))
    );
    assert!(api_repo["id"].is_u64());
    assert!(!r.has("link"), "one page");
    assert_eq!(r.header("x-ratelimit-limit"), "5000");

    // Two a page: `Link` to the next and last; the total stays the whole count.
    let first = api.get(&format!("{REPOS}?per_page=2"), &all).await;
    assert_eq!(full_names(&first), ["acme/api", "acme/web"]);
    assert_eq!(first.body["total_count"], 3);
    let rels = links(first.header("link"));
    let next = &rels.iter().find(|(rel, _)| rel == "next").unwrap().1;
    assert!(
        next.ends_with("/github/installation/repositories?per_page=2&page=2"),
        "{next}"
    );
    assert!(rels.iter().any(|(rel, _)| rel == "last"));
    let second = call_url(Method::GET, next, &all, None).await;
    assert_eq!(full_names(&second), ["acme/infra"]);
    assert_eq!(second.body["total_count"], 3);
    let rels = links(second.header("link"));
    assert!(
        rels.iter().any(|(rel, _)| rel == "prev") && !rels.iter().any(|(rel, _)| rel == "next")
    );

    // Minted for some repositories: only those, `selected`.
    let minted = api.mint(json!({ "repositories": ["infra", "api"] })).await;
    let some = minted.body["token"].as_str().unwrap();
    let r = api.get(REPOS, some).await;
    assert_eq!(r.body["repository_selection"], "selected");
    assert_eq!(r.body["total_count"], 2);
    assert_eq!(full_names(&r), ["acme/api", "acme/infra"]);
    let paged = api.get(&format!("{REPOS}?per_page=1&page=2"), some).await;
    assert_eq!(full_names(&paged), ["acme/infra"]);
    assert_eq!(paged.body["total_count"], 2);

    // Only an installation token.
    let classic = api.get(REPOS, api.classic()).await;
    assert_eq!(
        (classic.status.as_u16(), classic.body["message"].as_str()),
        (
            403,
            Some("Resource not accessible by personal access token")
        )
    );
    assert_eq!(api.get(REPOS, &api.jwt()).await.status, 403);
    assert_eq!(api.get(REPOS, "").await.status, 401);
    assert_eq!(
        api.get(REPOS, "ghs_unknown").await.body["message"],
        "Bad credentials"
    );
    assert_eq!(sim.call_count(Vendor::GitHub, "repos"), 9);
}

#[tokio::test]
async fn deleting_the_installation_token_revokes_it_and_only_it() {
    let sim = start(SimConfig::default()).await.unwrap();
    let api = Api { sim: &sim };
    let doomed = api.installation_token().await;
    let other = api.installation_token().await;
    assert_eq!(api.get(REPOS, &doomed).await.status, 200);
    let gone = api
        .call(Method::DELETE, "/installation/token", &doomed, None)
        .await;
    assert_eq!(gone.status, 204);
    assert_eq!(gone.body, Value::String(String::new()), "no content");
    for (method, path) in [
        (Method::GET, REPOS),
        (Method::DELETE, "/installation/token"),
    ] {
        let r = api.call(method, path, &doomed, None).await;
        assert_eq!(
            (r.status.as_u16(), r.body["message"].as_str()),
            (401, Some("Bad credentials"))
        );
    }
    assert_eq!(api.get("/repos/acme/api", &doomed).await.status, 401);
    assert_eq!(
        api.get(REPOS, &other).await.status,
        200,
        "another token is untouched"
    );
    let classic = api
        .call(Method::DELETE, "/installation/token", api.classic(), None)
        .await;
    assert_eq!(classic.status, 403, "a personal token is not revoked here");
    assert_eq!(api.get("/user", api.classic()).await.status, 200);
    assert_eq!(sim.call_count(Vendor::GitHub, "revoke"), 3);
}

#[tokio::test]
async fn a_secondary_rate_limit_fault_is_a_403_with_retry_after_and_githubs_message() {
    let sim = start(SimConfig::default()).await.unwrap();
    let api = Api { sim: &sim };
    let token = api.installation_token().await;
    sim.add_fault("github.repos=403:60@1".parse::<FaultRule>().unwrap());
    let limited = api.get(REPOS, &token).await;
    assert_eq!(
        (limited.status.as_u16(), limited.header("retry-after")),
        (403, "60")
    );
    assert!(limited.body["message"]
        .as_str()
        .unwrap()
        .starts_with("You have exceeded a secondary rate limit"));
    assert!(limited.body["documentation_url"]
        .as_str()
        .unwrap()
        .contains("secondary-rate-limits"));
    assert_eq!(limited.body["status"], "403");
    assert!(limited.has("x-ratelimit-remaining"));
    assert_eq!(api.get(REPOS, &token).await.status, 200, "only once");
    // A 429 works the same way; a bare 403 is a plain refusal.
    sim.add_fault("github.revoke=429:5@1".parse::<FaultRule>().unwrap());
    let r = api
        .call(Method::DELETE, "/installation/token", &token, None)
        .await;
    assert_eq!((r.status.as_u16(), r.header("retry-after")), (429, "5"));
    assert!(r.body["message"]
        .as_str()
        .unwrap()
        .contains("secondary rate limit"));
    sim.add_fault("github.repos=403@1".parse::<FaultRule>().unwrap());
    let plain = api.get(REPOS, &token).await;
    assert_eq!(
        (plain.status.as_u16(), plain.has("retry-after")),
        (403, false)
    );
    assert_eq!(plain.body["message"], "Forbidden");
}
