//! Cortex API keys (shared/vendor-apis.md §3): generate, list (`get_api_keys`), delete,
//! healthcheck and `rbac/get_roles`, with Standard or Advanced authentication.

use std::sync::Arc;

use reqwest::Url;
use serde::Deserialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::clock::Clock;
use crate::secret::{ExposeSecret, SecretString};
use crate::vendor::{endpoint, Reply, Retry, VendorError, VendorHttp};

pub use super::types::*;

/// A Cortex tenant, reached with one API key.
pub struct Cortex {
    http: VendorHttp,
    base: Url,
    key_id: i64,
    key: SecretString,
    level: SecurityLevel,
    clock: Arc<dyn Clock>,
}

impl Cortex {
    /// `base` is the API URL (`https://api-{tenant-fqdn}`); the Public API lives under `/public_api/v1`.
    pub fn new(
        http: VendorHttp,
        base: Url,
        key_id: i64,
        key: SecretString,
        level: SecurityLevel,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            http,
            base,
            key_id,
            key,
            level,
            clock,
        }
    }

    /// The auth headers for one request (fresh nonce and timestamp for Advanced).
    fn auth_headers(&self) -> Vec<(&'static str, String)> {
        let mut h = vec![("x-xdr-auth-id", self.key_id.to_string())];
        match self.level {
            SecurityLevel::Standard => {
                h.push(("authorization", self.key.expose_secret().to_owned()))
            }
            SecurityLevel::Advanced => {
                let nonce = nonce();
                let ts = self.clock.now_ms().to_string();
                let digest = Sha256::digest(format!("{}{nonce}{ts}", self.key.expose_secret()));
                h.push(("authorization", hex::encode(digest)));
                h.push(("x-xdr-nonce", nonce));
                h.push(("x-xdr-timestamp", ts));
            }
        }
        h
    }

    async fn call(
        &self,
        retry: Retry,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Reply, VendorError> {
        let url = endpoint(&self.base, &format!("/public_api/v1{path}"));
        let reply = self
            .http
            .send(retry, |c| {
                let mut rb = c
                    .request(method.clone(), &url)
                    .header("accept", "application/json");
                for (k, v) in self.auth_headers() {
                    rb = rb.header(k, v);
                }
                if let Some(b) = body {
                    rb = rb.json(b);
                }
                rb
            })
            .await
            .map_err(|e| e.scrubbed(self.key.expose_secret()))?;
        if reply.status.is_success() {
            Ok(reply)
        } else {
            Err(error_from(&reply).scrubbed(self.key.expose_secret()))
        }
    }

    /// `POST /public_api/v1/api_keys/generate`. Never retried.
    pub async fn generate(&self, req: &CxGenerate) -> Result<CxGenerated, VendorError> {
        let mut data = json!({ "roles": req.roles, "security_level": req.security_level.as_str() });
        if let Some(e) = req.expiration {
            data["expiration"] = json!(e);
        }
        if let Some(c) = &req.comment {
            data["comment"] = json!(c);
        }
        let reply = self
            .call(
                Retry::Never,
                reqwest::Method::POST,
                "/api_keys/generate",
                Some(&json!({ "request_data": data })),
            )
            .await?;
        #[derive(Deserialize)]
        struct Generated {
            id: i64,
            key: String,
        }
        #[derive(Deserialize)]
        struct Envelope {
            reply: Generated,
        }
        let env: Envelope = reply.json()?;
        if env.reply.key.is_empty() {
            return Err(VendorError::BadResponse {
                message: format!(
                    "Cortex generated key {} but returned no secret; delete it and try again",
                    env.reply.id
                ),
            });
        }
        Ok(CxGenerated {
            id: env.reply.id,
            secret: SecretString::from(env.reply.key),
        })
    }

    /// `POST /public_api/v1/api_keys/get_api_keys`. Accepts the upper-case `DATA` most tenants
    /// send and the lower-case `data` of the schema.
    pub async fn list(&self, filters: &[CxFilter]) -> Result<Vec<CxKey>, VendorError> {
        let body = json!({ "request_data": { "filters": filters.iter().map(CxFilter::json).collect::<Vec<_>>() } });
        let reply = self
            .call(
                Retry::Idempotent,
                reqwest::Method::POST,
                "/api_keys/get_api_keys",
                Some(&body),
            )
            .await?;
        parse_key_list(&reply.json()?)
    }

    /// `POST /public_api/v1/api_keys/delete`: deletes keys by id. `update_count` is what the last attempt deleted; when an earlier
    /// attempt's reply was lost, that attempt did the work and the retry deletes nothing, so
    /// `retried` tells the caller a zero count means "already gone".
    pub async fn delete(&self, ids: &[i64]) -> Result<CxDeleted, VendorError> {
        let body = json!({ "request_data": { "filters": [CxFilter::IdIn(ids.to_vec()).json()] } });
        // Deleting by id is idempotent: a repeat deletes nothing more.
        let reply = self
            .call(
                Retry::Idempotent,
                reqwest::Method::POST,
                "/api_keys/delete",
                Some(&body),
            )
            .await?;
        let v: Value = reply.json()?;
        let update_count = v
            .pointer("/reply/update_count")
            .and_then(Value::as_u64)
            .ok_or_else(|| VendorError::BadResponse {
                message: "Cortex's delete reply had no update_count".into(),
            })?;
        Ok(CxDeleted {
            update_count,
            retried: reply.attempts > 1,
        })
    }

    /// `GET /public_api/v1/healthcheck`: whether the key is accepted and the tenant available.
    pub async fn healthcheck(&self) -> Result<String, VendorError> {
        let reply = self
            .call(
                Retry::Idempotent,
                reqwest::Method::GET,
                "/healthcheck",
                None,
            )
            .await?;
        let v: Value = reply.json()?;
        v.get("status")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| VendorError::BadResponse {
                message: "Cortex's healthcheck had no status".into(),
            })
    }

    /// `POST /public_api/v1/rbac/get_roles` for these role names (Cortex answers 500 to an
    /// empty list, so an empty request is answered here without a call).
    pub async fn get_roles(&self, names: &[String]) -> Result<Vec<CortexRole>, VendorError> {
        if names.is_empty() {
            return Ok(Vec::new());
        }
        let body = json!({ "request_data": { "role_names": names } });
        let reply = self
            .call(
                Retry::Idempotent,
                reqwest::Method::POST,
                "/rbac/get_roles",
                Some(&body),
            )
            .await?;
        let v: Value = reply.json()?;
        let mut out = Vec::new();
        // `reply` holds nested arrays of roles; accept a flat list too.
        fn collect(v: &Value, out: &mut Vec<CortexRole>) -> Result<(), VendorError> {
            match v {
                Value::Array(items) => items.iter().try_for_each(|i| collect(i, out)),
                Value::Object(_) => {
                    out.push(serde_json::from_value(v.clone()).map_err(|e| {
                        VendorError::BadResponse {
                            message: format!("a Cortex role was not the shape expected: {e}"),
                        }
                    })?);
                    Ok(())
                }
                _ => Err(VendorError::BadResponse {
                    message: "Cortex's roles reply was not a list".into(),
                }),
            }
        }
        collect(v.get("reply").unwrap_or(&Value::Null), &mut out)?;
        Ok(out)
    }

    /// This key's own record: `get_api_keys` filtered by its id.
    pub async fn own_key(&self) -> Result<Option<CxKey>, VendorError> {
        Ok(self
            .list(&[CxFilter::IdIn(vec![self.key_id])])
            .await?
            .into_iter()
            .next())
    }
}

/// The keys of a `get_api_keys` reply, from `reply.DATA` or `reply.data`.
fn parse_key_list(v: &Value) -> Result<Vec<CxKey>, VendorError> {
    let data = v
        .get("reply")
        .and_then(|r| r.get("DATA").or_else(|| r.get("data")))
        .cloned()
        .ok_or_else(|| VendorError::BadResponse {
            message: "Cortex's key list had neither reply.DATA nor reply.data".into(),
        })?;
    serde_json::from_value(data).map_err(|e| VendorError::BadResponse {
        message: format!("Cortex's key list was not the shape expected: {e}"),
    })
}

/// 64 random alphanumerics.
fn nonce() -> String {
    const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut bytes = [0u8; 64];
    getrandom::fill(&mut bytes).expect("the OS random source works");
    bytes
        .iter()
        .map(|b| ALNUM[*b as usize % ALNUM.len()] as char)
        .collect()
}

/// Maps a Cortex error reply (`{"reply":{"err_code","err_msg","err_extra"}}`, or the IAM
/// `{"data":{"err_msg","metadata":{…}}}`) to a [`VendorError`].
fn error_from(reply: &Reply) -> VendorError {
    let v: Value = serde_json::from_slice(&reply.body).unwrap_or(Value::Null);
    let env = v
        .get("reply")
        .or_else(|| v.get("data"))
        .unwrap_or(&Value::Null);
    let msg = env
        .get("err_msg")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let extra = env
        .get("err_extra")
        .or_else(|| env.pointer("/metadata/err_extra"))
        .and_then(|e| {
            e.as_str()
                .map(str::to_owned)
                .or_else(|| (!e.is_null()).then(|| e.to_string()))
        });
    let message = match (&msg, &extra) {
        (Some(m), Some(x)) => format!("{m} ({x})"),
        (Some(m), None) => m.clone(),
        (None, _) => format!("HTTP {}", reply.status.as_u16()),
    };
    match reply.status.as_u16() {
        401 => VendorError::Unauthorized { message },
        402 => VendorError::Forbidden {
            message: format!("{message}: the tenant lacks a license for this API"),
            permission: None,
        },
        403 => VendorError::Forbidden {
            permission: extra
                .as_deref()
                .and_then(|x| x.strip_prefix("requires "))
                .map(str::to_owned),
            message,
        },
        404 => VendorError::NotFound { message },
        409 => VendorError::Conflict { message },
        423 => VendorError::Locked { message },
        429 => VendorError::RateLimited {
            retry_after_secs: reply.retry_after_secs(),
        },
        400 | 422 => VendorError::Validation {
            problems: extra.into_iter().collect(),
            message: msg.unwrap_or(message),
        },
        s if s >= 500 => VendorError::Unavailable { status: s, message },
        s => VendorError::BadResponse {
            message: format!("unexpected HTTP {s}"),
        },
    }
}

#[cfg(test)]
mod tests;
