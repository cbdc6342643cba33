//! Unit tests of `client`.

use super::*;
use reqwest::StatusCode;

#[test]
fn key_lists_parse_in_either_casing() {
    let upper = json!({"reply": {"DATA": [{"id": 3, "roles": ["CLI"], "expiration": null}], "FILTER_COUNT": 1, "TOTAL_COUNT": 9}});
    let lower = json!({"reply": {"data": [{"id": 3, "roles": ["CLI"], "expiration": null}], "filter_count": 1, "total_count": 9}});
    let a = parse_key_list(&upper).unwrap();
    assert_eq!(a, parse_key_list(&lower).unwrap());
    assert_eq!(a[0].id, 3);
    assert!(parse_key_list(&json!({"reply": {}})).is_err());
}

#[test]
fn errors_map_from_the_reply_envelope() {
    let reply = |status: u16, body: &str| Reply {
        status: StatusCode::from_u16(status).unwrap(),
        headers: Default::default(),
        body: body.as_bytes().to_vec(),
        attempts: 1,
    };
    let e = error_from(&reply(
        403,
        r#"{"reply":{"err_code":403,"err_msg":"Insufficient permissions for api key","err_extra":"requires Public API View/Edit"}}"#,
    ));
    assert_eq!(
        e,
        VendorError::Forbidden {
            message: "Insufficient permissions for api key (requires Public API View/Edit)".into(),
            permission: Some("Public API View/Edit".into())
        }
    );
    let e = error_from(&reply(
        400,
        r#"{"data":{"err_msg":"bad role","metadata":{"err_extra":"x","err_code":400}}}"#,
    ));
    assert!(
        matches!(e, VendorError::Validation { ref problems, .. } if problems == &["x"]),
        "{e:?}"
    );
    assert!(matches!(
        error_from(&reply(500, "<html>")),
        VendorError::Unavailable { status: 500, .. }
    ));
}
