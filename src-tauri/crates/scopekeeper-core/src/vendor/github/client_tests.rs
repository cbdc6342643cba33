//! Unit tests of `client`.

use super::*;

#[test]
fn a_secondary_limit_is_a_rate_limit_with_or_without_retry_after() {
    let reply = |retry: Option<&str>, message: &str| {
        let mut headers = reqwest::header::HeaderMap::new();
        if let Some(r) = retry {
            headers.insert("retry-after", r.parse().unwrap());
        }
        Reply {
            status: StatusCode::FORBIDDEN,
            headers,
            body: serde_json::json!({ "message": message })
                .to_string()
                .into_bytes(),
            attempts: 1,
        }
    };
    let limited = |e: VendorError| matches!(e, VendorError::RateLimited { .. });
    assert!(limited(error_from(&reply(Some("60"), "slow down"))));
    assert!(limited(error_from(&reply(
        None,
        "You have exceeded a secondary rate limit. Please wait a few minutes."
    ))));
    assert!(
        matches!(
            error_from(&reply(None, "Resource not accessible by integration")),
            VendorError::Forbidden { .. }
        ),
        "a plain 403 is a missing permission"
    );
}
