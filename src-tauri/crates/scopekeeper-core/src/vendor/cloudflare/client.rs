//! Cloudflare API tokens (`docs/vendors/cloudflare.md`): list (pages), create, get, delete,
//! roll the value, verify the caller, and the permission groups. Bearer auth; every reply is
//! the `{success, errors, messages, result}` envelope.
//!
//! The base URL names whose tokens these are: `…/client/v4/accounts/{account_id}` for an
//! account's tokens, `…/client/v4/user` for the signed-in user's own. Every call is
//! `{base}/tokens…`.

use reqwest::{Method, StatusCode, Url};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::secret::{ExposeSecret, SecretString};
use crate::vendor::{endpoint, Reply, Retry, VendorError, VendorHttp};

/// A token as Cloudflare lists it (never its value).
#[derive(Debug, Clone, Deserialize)]
pub struct CfToken {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub issued_on: Option<String>,
    #[serde(default)]
    pub last_used_on: Option<String>,
    #[serde(default)]
    pub expires_on: Option<String>,
    #[serde(default)]
    pub condition: Option<Condition>,
    #[serde(default)]
    pub policies: Vec<CfPolicy>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Condition {
    #[serde(default)]
    pub request_ip: Option<RequestIp>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct RequestIp {
    #[serde(default, rename = "in")]
    pub allowed: Vec<String>,
    #[serde(default)]
    pub not_in: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CfPolicy {
    #[serde(default)]
    pub effect: String,
    #[serde(default)]
    pub permission_groups: Vec<GroupRef>,
    #[serde(default)]
    pub resources: Map<String, Value>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GroupRef {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
}

/// A permission group as `…/tokens/permission_groups` lists it.
#[derive(Debug, Clone, Deserialize)]
pub struct CfGroup {
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// `com.cloudflare.api.user`, `com.cloudflare.api.account` or `…account.zone`.
    #[serde(default)]
    pub scopes: Vec<String>,
}

/// What `…/tokens/verify` says of the caller.
#[derive(Debug, Clone, Deserialize)]
pub struct Verified {
    pub id: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub expires_on: Option<String>,
}

/// Where a listing page stands.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PageInfo {
    #[serde(default)]
    pub page: usize,
    #[serde(default)]
    pub total_pages: usize,
}

#[derive(Deserialize)]
struct Envelope<T> {
    #[serde(default)]
    success: bool,
    #[serde(default)]
    errors: Vec<Message>,
    result: Option<T>,
    #[serde(default)]
    result_info: Option<PageInfo>,
}

#[derive(Deserialize)]
struct Message {
    #[serde(default)]
    code: Option<i64>,
    #[serde(default)]
    message: String,
}

impl Message {
    fn describe(&self) -> String {
        let said = crate::vendor::error::vendor_said(&self.message);
        match self.code {
            Some(c) => format!("{said} (code {c})"),
            None => said,
        }
    }
}

/// A token just made, with its value, which Cloudflare never returns again.
pub struct CfCreated {
    pub token: CfToken,
    pub value: SecretString,
}

/// One collection of Cloudflare tokens (an account's or a user's), reached with one token.
pub struct Cloudflare {
    pub(super) http: VendorHttp,
    pub(super) base: Url,
    pub(super) token: SecretString,
}

impl Cloudflare {
    pub fn new(http: VendorHttp, base: Url, token: SecretString) -> Self {
        Self { http, base, token }
    }

    /// The account id a base URL names (`…/accounts/{id}`), `None` for a user's tokens.
    pub fn account_id(base: &Url) -> Option<String> {
        let segs: Vec<&str> = base.path_segments()?.filter(|s| !s.is_empty()).collect();
        let at = segs.iter().rposition(|s| *s == "accounts")?;
        segs.get(at + 1).map(|s| (*s).to_owned())
    }

    pub(super) async fn call(
        &self,
        retry: Retry,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
    ) -> Result<Reply, VendorError> {
        let reply = self.raw(retry, method, path, query, body).await?;
        if reply.status.is_success() {
            Ok(reply)
        } else {
            Err(error_from(&reply).scrubbed(self.token.expose_secret()))
        }
    }

    /// The reply whatever its status.
    async fn raw(
        &self,
        retry: Retry,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
    ) -> Result<Reply, VendorError> {
        let url = endpoint(&self.base, path);
        let secret = self.token.expose_secret();
        let reply = self
            .http
            .send(retry, |c| {
                let mut rb = c
                    .request(method.clone(), &url)
                    .bearer_auth(secret)
                    .header("accept", "application/json")
                    .query(query);
                if let Some(b) = body {
                    rb = rb.json(b);
                }
                rb
            })
            .await
            .map_err(|e| e.scrubbed(secret))?;
        Ok(reply)
    }

    /// The envelope's `result`, or why there is none. A refusal in a successful reply
    /// (`success: false` with its errors) is the refusal it names, not an unclear outcome; a
    /// success without a result is (the work may have been done).
    pub(super) fn result<T: DeserializeOwned>(
        &self,
        reply: &Reply,
    ) -> Result<(T, Option<PageInfo>), VendorError> {
        let env: Envelope<T> = reply.json()?;
        match (env.success, env.result) {
            (true, Some(r)) => Ok((r, env.result_info)),
            (false, _) if !env.errors.is_empty() => {
                Err(refusal(&env.errors).scrubbed(self.token.expose_secret()))
            }
            _ => Err(VendorError::BadResponse {
                message: "Cloudflare answered without a result".into(),
            }),
        }
    }

    /// `GET {base}/tokens/verify`: the calling token itself.
    pub async fn verify(&self) -> Result<Verified, VendorError> {
        let r = self
            .call(Retry::Idempotent, Method::GET, "/tokens/verify", &[], None)
            .await?;
        Ok(self.result(&r)?.0)
    }

    /// `GET {base}/tokens/permission_groups`.
    pub async fn permission_groups(&self) -> Result<Vec<CfGroup>, VendorError> {
        let r = self
            .call(
                Retry::Idempotent,
                Method::GET,
                "/tokens/permission_groups",
                &[],
                None,
            )
            .await?;
        Ok(self.result(&r)?.0)
    }

    /// `GET {base}/tokens?page=&per_page=` (1-based pages, expired tokens included).
    pub async fn list_page(
        &self,
        page: usize,
        per_page: usize,
    ) -> Result<(Vec<CfToken>, PageInfo), VendorError> {
        let q = [
            ("page", page.to_string()),
            ("per_page", per_page.to_string()),
            ("include_expired", "true".to_owned()),
        ];
        let r = self
            .call(Retry::Idempotent, Method::GET, "/tokens", &q, None)
            .await?;
        let (rows, info) = self.result(&r)?;
        Ok((rows, info.unwrap_or_default()))
    }

    /// `GET {base}/tokens/{id}`.
    pub async fn get(&self, id: &str) -> Result<CfToken, VendorError> {
        let path = format!("/tokens/{}", segment(id));
        let r = self
            .call(Retry::Idempotent, Method::GET, &path, &[], None)
            .await?;
        Ok(self.result(&r)?.0)
    }

    /// `POST {base}/tokens`. Never retried: a lost reply may mean the token exists.
    pub async fn create(&self, body: &Value) -> Result<CfCreated, VendorError> {
        #[derive(Deserialize)]
        struct Made {
            #[serde(flatten)]
            token: CfToken,
            #[serde(default)]
            value: Option<String>,
        }
        let r = self
            .call(Retry::Never, Method::POST, "/tokens", &[], Some(body))
            .await?;
        let made: Made = self.result(&r)?.0;
        let Some(value) = made.value.filter(|v| !v.is_empty()) else {
            return Err(VendorError::BadResponse {
                message: format!(
                    "Cloudflare created the token {} but its reply carried no value; revoke it and try again",
                    made.token.id
                ),
            });
        };
        Ok(CfCreated {
            token: made.token,
            value: SecretString::from(value),
        })
    }

    /// `PUT {base}/tokens/{id}/value`: a new value, the same policies; the old value stops
    /// working. Never retried: a second roll would void the value the first one returned.
    pub async fn roll(&self, id: &str) -> Result<SecretString, VendorError> {
        let path = format!("/tokens/{}/value", segment(id));
        let r = self
            .call(
                Retry::Never,
                Method::PUT,
                &path,
                &[],
                Some(&Value::Object(Map::new())),
            )
            .await?;
        let value: String = self.result(&r)?.0;
        if value.is_empty() {
            return Err(VendorError::BadResponse {
                message:
                    "Cloudflare rolled the token but its reply carried no value; roll it again"
                        .into(),
            });
        }
        Ok(SecretString::from(value))
    }

    /// `DELETE {base}/tokens/{id}`. A 404 on a retried attempt counts as done: the earlier
    /// attempt deleted the token and its reply was lost.
    pub async fn delete(&self, id: &str) -> Result<(), VendorError> {
        let path = format!("/tokens/{}", segment(id));
        let reply = self
            .raw(Retry::Idempotent, Method::DELETE, &path, &[], None)
            .await?;
        if reply.status.is_success()
            || (reply.status == StatusCode::NOT_FOUND && reply.attempts > 1)
        {
            Ok(())
        } else {
            Err(error_from(&reply).scrubbed(self.token.expose_secret()))
        }
    }
}

fn segment(id: &str) -> String {
    url::form_urlencoded::byte_serialize(id.as_bytes()).collect()
}

/// A refusal Cloudflare sent in its envelope, by its error code (the codes the simulator
/// answers with are inferred; see `docs/vendors/cloudflare.md`).
fn refusal(errors: &[Message]) -> VendorError {
    let message = errors.first().map(Message::describe).unwrap_or_default();
    match errors.first().and_then(|e| e.code) {
        Some(1000) => VendorError::Unauthorized { message },
        Some(9109) => VendorError::Forbidden {
            message,
            permission: None,
        },
        Some(1003 | 7003) => VendorError::NotFound { message },
        _ => VendorError::Validation {
            problems: errors
                .iter()
                .take(crate::vendor::error::MAX_PROBLEMS)
                .map(Message::describe)
                .collect(),
            message,
        },
    }
}

/// Maps a Cloudflare error reply to a [`VendorError`].
fn error_from(reply: &Reply) -> VendorError {
    let env: Option<Envelope<Value>> = serde_json::from_slice(&reply.body).ok();
    let problems: Vec<String> = env
        .map(|e| e.errors.iter().map(Message::describe).collect())
        .unwrap_or_default();
    VendorError::from_status(reply, problems)
}
