//! The Cloudflare client against a small hostile server on 127.0.0.1 (raw HTTP, canned
//! replies): a `total_pages` that is too low hides no token; a server repeating its pages is
//! stopped; a refusal inside a 200 is the refusal it names (never an unclear create); a reply
//! that puts a value where a record belongs never shows that value in the error.

use scopekeeper_core::secret::SecretString;
use scopekeeper_core::vendor::cloudflare::Cloudflare;
use scopekeeper_core::vendor::{check_base_url, HttpPolicy, VendorError, VendorHttp};
use serde_json::{json, Value};

mod hostile_support;
use hostile_support::{page_number, serve, Canned};

/// Serves `reply(path_and_query)` as JSON with status 200 to every request; its base URL.
async fn hostile(reply: impl Fn(&str) -> Value + Send + Sync + 'static) -> String {
    let origin = serve(move |t| Canned::json(200, reply(t))).await;
    format!("{origin}/client/v4/accounts/0123456789abcdef0123456789abcdef")
}

fn client(base: &str) -> Cloudflare {
    Cloudflare::new(
        VendorHttp::new(HttpPolicy::default()),
        check_base_url(base).unwrap(),
        SecretString::from("admin-credential-0000000000000000000000".to_owned()),
    )
}

fn tokens(from: usize, n: usize) -> Vec<Value> {
    (from..from + n)
        .map(|i| json!({ "id": format!("t{i:04}"), "name": format!("token {i}") }))
        .collect()
}

#[tokio::test]
async fn a_total_pages_that_is_too_low_hides_no_token() {
    // 60 tokens; every page claims there is only one page.
    let base = hostile(|t| {
        let rows = match page_number(t) { 1 => tokens(0, 50), 2 => tokens(50, 10), _ => vec![] };
        json!({ "success": true, "errors": [], "result": rows, "result_info": { "page": 1, "total_pages": 1 } })
    })
    .await;
    let all = client(&base).list_all(10_000, &|_, _, _| {}).await.unwrap();
    assert_eq!(all.len(), 60);
}

#[tokio::test]
async fn a_server_repeating_its_pages_is_stopped_and_nothing_is_kept() {
    let base = hostile(|_| json!({ "success": true, "errors": [], "result": tokens(0, 50), "result_info": { "total_pages": 99 } })).await;
    let e = client(&base)
        .list_all(10_000, &|_, _, _| {})
        .await
        .unwrap_err();
    assert!(
        matches!(&e, VendorError::BadResponse { message } if message.contains("repeated")),
        "{e:?}"
    );
}

#[tokio::test]
async fn a_refusal_inside_a_200_is_the_refusal_it_names() {
    let base = hostile(|t| {
        let code = if t.contains("verify") { 9109 } else { 1001 };
        json!({ "success": false, "errors": [{ "code": code, "message": "refused" }], "result": null })
    })
    .await;
    let cf = client(&base);
    assert!(matches!(
        cf.verify().await,
        Err(VendorError::Forbidden { .. })
    ));
    // A create refused this way was not made: a plain refusal, not an unclear outcome.
    let e = cf.create(&json!({ "name": "x" })).await.err().unwrap();
    assert!(matches!(e, VendorError::Validation { .. }), "{e:?}");
}

#[tokio::test]
async fn a_value_where_a_record_belongs_never_shows_in_the_error() {
    let value = "SECRETVALUE-0123456789abcdefghijklmnopqrst";
    let base = hostile(move |_| json!({ "success": true, "errors": [], "result": value })).await;
    let e = client(&base)
        .create(&json!({ "name": "x" }))
        .await
        .err()
        .unwrap();
    let shown = e.to_string();
    assert!(matches!(e, VendorError::BadResponse { .. }), "{e:?}");
    assert!(
        !shown.contains(value) && !format!("{e:?}").contains(value),
        "{shown}"
    );
    assert!(shown.contains("not the JSON expected"), "{shown}");
}
