//! Bright (shared/vendor-apis.md §1): no public API manages keys, so Scopekeeper checks a key's
//! shape offline and verifies it with the documented probe `GET /api/v2/projects?limit=1`.

use regex::Regex;
use reqwest::{StatusCode, Url};
use serde::Serialize;
use std::sync::OnceLock;
use ts_rs::TS;

use crate::secret::{ExposeSecret, SecretString};
use crate::vendor::{endpoint, Retry, VendorError, VendorHttp};

/// What the key's infix says (`nexa`, `nexp`, `nexr`). Which level each letter means is not
/// documented; Scopekeeper only reports the letter.
pub fn check_key_format(key: &str) -> Result<char, String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^[A-Za-z0-9+/=]{7}\.nex([apr])\.[A-Za-z0-9+/=]{32}$").expect("valid regex")
    });
    let key = key.trim();
    match re.captures(key) {
        Some(c) => Ok(c[1].chars().next().expect("one letter")),
        None => Err(format!(
            "A Bright API key has 45 characters shaped like xxxxxxx.nexa.<32 characters>; this has {} characters and does not match",
            key.chars().count()
        )),
    }
}

/// What the probe showed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BrightProbe {
    /// The key is accepted by Bright.
    pub valid: bool,
    /// The key can read projects (`projects:read`); a valid key without it answers 403.
    pub can_read_projects: bool,
}

/// `GET {base}/api/v2/projects?limit=1&offset=0` with `Authorization: Api-Key <key>`.
pub async fn verify(
    http: &VendorHttp,
    base: &Url,
    key: &SecretString,
) -> Result<BrightProbe, VendorError> {
    let url = endpoint(base, "/api/v2/projects");
    let reply = http
        .send(Retry::Idempotent, |c| {
            c.get(&url)
                .query(&[("limit", "1"), ("offset", "0")])
                .header("authorization", format!("Api-Key {}", key.expose_secret()))
        })
        .await
        .map_err(|e| e.scrubbed(key.expose_secret()))?;
    match reply.status {
        s if s.is_success() => {
            let v: serde_json::Value = reply.json()?;
            if v.get("items").is_none_or(|i| !i.is_array()) {
                return Err(VendorError::BadResponse {
                    message: "Bright's project list had no items".into(),
                });
            }
            Ok(BrightProbe {
                valid: true,
                can_read_projects: true,
            })
        }
        StatusCode::FORBIDDEN => Ok(BrightProbe {
            valid: true,
            can_read_projects: false,
        }),
        StatusCode::UNAUTHORIZED => Err(VendorError::Unauthorized {
            message: "Bright does not accept this API key (wrong, expired or deleted)".into(),
        }),
        StatusCode::TOO_MANY_REQUESTS => Err(VendorError::RateLimited {
            retry_after_secs: reply.retry_after_secs(),
        }),
        s if s.is_server_error() => Err(VendorError::Unavailable {
            status: s.as_u16(),
            message: "Bright is failing".into(),
        }),
        s => Err(VendorError::BadResponse {
            message: format!("unexpected HTTP {} from Bright", s.as_u16()),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_format_follows_the_documented_pattern() {
        assert_eq!(
            check_key_format("weobbz5.nexa.vennegtzr2h7urpxgtksetz2kwppdgj0"),
            Ok('a')
        );
        assert_eq!(
            check_key_format("w0iikzf.nexp.aeish9lhiag7ledmsdwpwcbilagupc3r"),
            Ok('p')
        );
        assert_eq!(
            check_key_format("0zmcwpe.nexr.0vlon8mp7lvxzjuvgjy88olrhadhiukk "),
            Ok('r')
        );
        let e = check_key_format("weobbz5.nexq.vennegtzr2h7urpxgtksetz2kwppdgj0").unwrap_err();
        assert!(e.contains("45 characters"), "{e}");
        assert!(check_key_format("short").is_err());
    }
}
