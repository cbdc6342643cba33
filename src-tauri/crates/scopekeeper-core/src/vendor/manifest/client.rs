//! Manifest (shared/vendor-apis.md §4): no public API manages tokens, so Scopekeeper verifies a
//! token with the documented authentication test `GET /v1/organization`.

use reqwest::{StatusCode, Url};
use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use crate::secret::{ExposeSecret, SecretString};
use crate::vendor::{endpoint, Retry, VendorError, VendorHttp};

/// What the authentication test showed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ManifestOrg {
    /// The organization the token belongs to, when Manifest names it.
    pub name: Option<String>,
}

/// `GET {base}/v1/organization` with `Authorization: Bearer <token>`.
pub async fn verify(
    http: &VendorHttp,
    base: &Url,
    token: &SecretString,
) -> Result<ManifestOrg, VendorError> {
    let url = endpoint(base, "/v1/organization");
    let reply = http
        .send(Retry::Idempotent, |c| {
            c.get(&url).bearer_auth(token.expose_secret())
        })
        .await
        .map_err(|e| e.scrubbed(token.expose_secret()))?;
    match reply.status {
        s if s.is_success() => {
            let v: Value = reply.json()?;
            if v.get("success").and_then(Value::as_bool) == Some(false) {
                return Err(VendorError::BadResponse {
                    message: "Manifest answered success: false".into(),
                });
            }
            Ok(ManifestOrg {
                name: v
                    .pointer("/data/name")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            })
        }
        StatusCode::UNAUTHORIZED => Err(VendorError::Unauthorized {
            message: "Manifest does not accept this token (wrong, expired or deleted)".into(),
        }),
        StatusCode::FORBIDDEN => Err(VendorError::Forbidden {
            message: "Manifest refused this token".into(),
            permission: None,
        }),
        StatusCode::TOO_MANY_REQUESTS => Err(VendorError::RateLimited {
            retry_after_secs: reply.retry_after_secs(),
        }),
        s if s.is_server_error() => Err(VendorError::Unavailable {
            status: s.as_u16(),
            message: "Manifest is failing".into(),
        }),
        s => Err(VendorError::BadResponse {
            message: format!("unexpected HTTP {} from Manifest", s.as_u16()),
        }),
    }
}
