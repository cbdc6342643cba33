//! The GitLab client against a small hostile server on 127.0.0.1 (raw HTTP, canned replies):
//! an `x-total-pages` that is too low hides no token; a server repeating its pages is stopped;
//! a create reply that puts the value where the record belongs, or leaves the value out, is
//! refused without showing it; a 403 names the scope the token lacks; a base URL that names no
//! collection is refused before anything is sent.

use scopekeeper_core::secret::SecretString;
use scopekeeper_core::vendor::gitlab::{parse_base, Collection, GitLab};
use scopekeeper_core::vendor::{check_base_url, HttpPolicy, VendorError, VendorHttp};
use serde_json::{json, Value};

mod hostile_support;
use hostile_support::{page_number, serve, Canned};

fn client(base: &str) -> GitLab {
    GitLab::new(
        VendorHttp::new(HttpPolicy::default()),
        &check_base_url(base).unwrap(),
        SecretString::from("glpat-admin-credential-0000000000".to_owned()),
    )
    .unwrap()
}

async fn project(reply: impl Fn(&str) -> Canned + Send + Sync + 'static) -> GitLab {
    client(&format!("{}/api/v4/projects/7", serve(reply).await))
}

fn tokens(from: u64, n: u64) -> Value {
    (from..from + n)
        .map(|i| json!({ "id": i, "name": format!("token {i}"), "scopes": ["read_api"], "access_level": 10 }))
        .collect()
}

#[tokio::test]
async fn a_total_pages_that_is_too_low_hides_no_token() {
    // 150 tokens; every page claims there is only one page.
    let gl = project(|t| {
        let rows = match page_number(t) {
            1 => tokens(0, 100),
            2 => tokens(100, 50),
            _ => json!([]),
        };
        Canned::json(200, rows).header("x-total-pages", "1")
    })
    .await;
    let all = gl.list_all(10_000, &|_, _, _| {}).await.unwrap();
    assert_eq!(all.len(), 150);
}

#[tokio::test]
async fn a_server_repeating_its_pages_is_stopped_and_nothing_is_kept() {
    let gl = project(|_| Canned::json(200, tokens(0, 100)).header("x-total-pages", "99")).await;
    let e = gl.list_all(10_000, &|_, _, _| {}).await.unwrap_err();
    assert!(
        matches!(&e, VendorError::BadResponse { message } if message.contains("repeated") && message.contains("GitLab")),
        "{e:?}"
    );
}

#[tokio::test]
async fn a_create_reply_without_a_record_or_a_value_is_refused_without_showing_it() {
    let value = "glpat-SECRETVALUE0123456789";
    let gl = project(move |_| Canned::json(201, json!(value))).await;
    let e = gl.create(&json!({ "name": "x" })).await.err().unwrap();
    let shown = format!("{e} {e:?}");
    assert!(matches!(e, VendorError::BadResponse { .. }), "{e:?}");
    assert!(!shown.contains(value), "{shown}");

    let gl = project(|_| Canned::json(201, json!({ "id": 41, "name": "x", "scopes": [] }))).await;
    let e = gl.create(&json!({ "name": "x" })).await.err().unwrap();
    assert!(e.to_string().contains("carried no value"), "{e}");
    assert!(
        e.to_string().contains("41"),
        "names the token to revoke: {e}"
    );
}

#[tokio::test]
async fn a_403_names_the_scope_the_token_lacks_and_validation_lists_each_field() {
    let gl = project(|t| {
        if t.contains("rotate") {
            Canned::json(400, json!({ "message": { "expires_at": ["must be in the future"], "name": ["is too long"] } }))
        } else {
            Canned::json(403, json!({ "error": "insufficient_scope", "error_description": "needs more", "scope": "api" }))
        }
    })
    .await;
    let e = gl.create(&json!({ "name": "x" })).await.err().unwrap();
    assert!(
        matches!(&e, VendorError::Forbidden { permission: Some(p), .. } if p == "api"),
        "{e:?}"
    );
    let e = gl.rotate("5", None).await.err().unwrap();
    match e {
        VendorError::Validation { problems, .. } => assert_eq!(
            problems,
            ["expires_at must be in the future", "name is too long"]
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_base_url_names_the_collection_or_is_refused() {
    let p = |u: &str| parse_base(&check_base_url(u).unwrap());
    let (api, c) = p("https://gitlab.example.com/gl/api/v4/projects/platform%2Fapi").unwrap();
    assert_eq!(api.as_str(), "https://gitlab.example.com/gl/api/v4");
    assert_eq!(c, Collection::Project("platform%2Fapi".into()));
    assert_eq!(
        p("https://gitlab.com/api/v4/").unwrap().1,
        Collection::Instance
    );
    assert_eq!(
        p("https://gitlab.com/api/v4/groups/3").unwrap().1,
        Collection::Group("3".into())
    );
    assert_eq!(
        p("https://gitlab.com/api/v4/users/2").unwrap().1,
        Collection::User("2".into())
    );
    for bad in [
        "https://gitlab.com/",
        "https://gitlab.com/api/v4/projects",
        "https://gitlab.com/api/v4/projects/7/issues",
    ] {
        assert!(
            matches!(p(bad), Err(VendorError::InvalidBaseUrl { .. })),
            "{bad}"
        );
    }
}
