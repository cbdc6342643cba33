//! MindBridge API tokens (shared/vendor-apis.md §2): create, query pages, get, current,
//! rename, delete. Bearer auth with the admin's API token.

use reqwest::{StatusCode, Url};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use ts_rs::TS;

use crate::secret::{ExposeSecret, SecretString};
use crate::vendor::{endpoint, Reply, Retry, VendorError, VendorHttp};

/// One token as MindBridge lists it (never with its secret).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "MindBridgeToken")]
pub struct MbToken {
    pub id: String,
    pub version: i64,
    #[serde(default)]
    pub creation_date: Option<String>,
    #[serde(default)]
    pub last_modified_date: Option<String>,
    #[serde(default)]
    #[ts(type = "{ userId?: string | null, userName?: string | null } | null")]
    pub created_user_info: Option<UserInfo>,
    #[serde(default)]
    pub user_id: Option<String>,
    pub name: String,
    #[serde(default)]
    pub partial_token: Option<String>,
    pub expiry: String,
    #[serde(default)]
    pub allowed_addresses: Vec<String>,
    #[serde(default)]
    pub permissions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserInfo {
    #[serde(default)]
    pub user_id: Option<String>,
    #[serde(default)]
    pub user_name: Option<String>,
}

/// A page of a query (0-based).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MbPage {
    #[serde(default)]
    pub page_number: usize,
    #[serde(default)]
    pub total_pages: usize,
    #[serde(default)]
    pub total_elements: usize,
    #[serde(default)]
    pub content: Vec<MbToken>,
}

/// What to create.
#[derive(Debug, Clone)]
pub struct MbCreate {
    pub name: String,
    /// RFC 3339 with a zone, e.g. `2027-01-31T00:00:00Z`.
    pub expiry: String,
    pub permissions: Vec<String>,
    pub allowed_addresses: Vec<String>,
}

/// A token just created: its record and its secret, which MindBridge never returns again.
pub struct MbCreated {
    pub token: MbToken,
    pub secret: SecretString,
}

impl std::fmt::Debug for MbCreated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MbCreated")
            .field("token", &self.token)
            .finish_non_exhaustive()
    }
}

#[derive(Deserialize)]
struct CreatedReply {
    #[serde(flatten)]
    token: MbToken,
    #[serde(rename = "token")]
    secret: Option<String>,
}

/// A MindBridge tenant, reached with one API token.
pub struct MindBridge {
    http: VendorHttp,
    base: Url,
    token: SecretString,
}

impl MindBridge {
    /// `base` is the tenant URL (`https://{tenant}.mindbridge.ai`); the API lives under `/api/v1`.
    pub fn new(http: VendorHttp, base: Url, token: SecretString) -> Self {
        Self { http, base, token }
    }

    async fn call(
        &self,
        retry: Retry,
        method: reqwest::Method,
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
        method: reqwest::Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
    ) -> Result<Reply, VendorError> {
        let url = endpoint(&self.base, &format!("/api/v1{path}"));
        let reply = self
            .http
            .send(retry, |c| {
                let mut rb = c
                    .request(method.clone(), &url)
                    .bearer_auth(self.token.expose_secret())
                    .header("accept", "application/json")
                    .query(query);
                if let Some(b) = body {
                    rb = rb.json(b);
                }
                rb
            })
            .await
            .map_err(|e| e.scrubbed(self.token.expose_secret()))?;
        Ok(reply)
    }

    /// `POST /api/v1/api-tokens` (201). Never retried.
    pub async fn create(&self, req: &MbCreate) -> Result<MbCreated, VendorError> {
        let body = json!({
            "name": req.name,
            "expiry": req.expiry,
            "permissions": req.permissions,
            "allowedAddresses": req.allowed_addresses,
        });
        let reply = self
            .call(
                Retry::Never,
                reqwest::Method::POST,
                "/api-tokens",
                &[],
                Some(&body),
            )
            .await?;
        let parsed: CreatedReply = reply.json()?;
        let secret = parsed.secret.filter(|s| !s.is_empty()).ok_or_else(|| VendorError::BadResponse {
            message: "MindBridge created the token but its reply carried no token; revoke it and try again".into(),
        })?;
        Ok(MbCreated {
            token: parsed.token,
            secret: SecretString::from(secret),
        })
    }

    /// `POST /api/v1/api-tokens/query?page=&size=` with a MindBridge-QL filter (`{}` = all).
    pub async fn query_page(
        &self,
        filter: &Value,
        page: usize,
        size: usize,
    ) -> Result<MbPage, VendorError> {
        self.query_page_reply(filter, page, size).await?.json()
    }

    /// [`Self::query_page`]'s reply, not yet decoded (so the next page can be on its way while
    /// this one is decoded).
    pub(super) async fn query_page_reply(
        &self,
        filter: &Value,
        page: usize,
        size: usize,
    ) -> Result<Reply, VendorError> {
        let q = [("page", page.to_string()), ("size", size.to_string())];
        // A query only reads: safe to repeat.
        self.call(
            Retry::Idempotent,
            reqwest::Method::POST,
            "/api-tokens/query",
            &q,
            Some(filter),
        )
        .await
    }

    /// `GET /api/v1/api-tokens/{id}`
    pub async fn get(&self, id: &str) -> Result<MbToken, VendorError> {
        self.call(
            Retry::Idempotent,
            reqwest::Method::GET,
            &format!("/api-tokens/{}", path_segment(id)),
            &[],
            None,
        )
        .await?
        .json()
    }

    /// `GET /api/v1/api-tokens/current`: the calling token itself, with its permissions.
    pub async fn current(&self) -> Result<MbToken, VendorError> {
        self.call(
            Retry::Idempotent,
            reqwest::Method::GET,
            "/api-tokens/current",
            &[],
            None,
        )
        .await?
        .json()
    }

    /// `PUT /api/v1/api-tokens/{id}` with the current `version` (optimistic locking).
    pub async fn rename(&self, id: &str, version: i64, name: &str) -> Result<MbToken, VendorError> {
        let body = json!({ "version": version, "name": name });
        self.call(
            Retry::Never,
            reqwest::Method::PUT,
            &format!("/api-tokens/{}", path_segment(id)),
            &[],
            Some(&body),
        )
        .await?
        .json()
    }

    /// `DELETE /api/v1/api-tokens/{id}`. A 404 on a retried attempt counts as done: the
    /// earlier attempt deleted the token and its reply was lost.
    pub async fn delete(&self, id: &str) -> Result<(), VendorError> {
        let path = format!("/api-tokens/{}", path_segment(id));
        let reply = self
            .raw(Retry::Idempotent, reqwest::Method::DELETE, &path, &[], None)
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

fn path_segment(id: &str) -> String {
    url::form_urlencoded::byte_serialize(id.as_bytes()).collect()
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct ActionableError {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    problems: Vec<Problem>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Problem {
    #[serde(default)]
    problem_type: Option<String>,
    #[serde(default)]
    identifier: Option<String>,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    values: Vec<Value>,
}

impl Problem {
    fn describe(&self) -> String {
        let values: Vec<String> = self
            .values
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| v.to_string())
            })
            .collect();
        let mut s = match (&self.identifier, &self.reason) {
            (Some(i), Some(r)) => format!("{i}: {r}"),
            (None, Some(r)) => r.clone(),
            (Some(i), None) => i.clone(),
            (None, None) => self
                .problem_type
                .clone()
                .unwrap_or_else(|| "problem".into()),
        };
        if !values.is_empty() {
            s.push_str(&format!(" ({})", values.join(", ")));
        }
        s
    }
}

/// Maps a MindBridge error reply (`ActionableErrorResponse`) to a [`VendorError`].
fn error_from(reply: &Reply) -> VendorError {
    let parsed: ActionableError = serde_json::from_slice(&reply.body).unwrap_or_default();
    let problems: Vec<String> = parsed.problems.iter().map(Problem::describe).collect();
    let summary = problems
        .first()
        .cloned()
        .or(parsed.title.clone())
        .unwrap_or_else(|| format!("HTTP {}", reply.status.as_u16()));
    match reply.status {
        StatusCode::UNAUTHORIZED => VendorError::Unauthorized { message: summary },
        StatusCode::FORBIDDEN => VendorError::Forbidden {
            permission: parsed
                .problems
                .iter()
                .find(|p| p.problem_type.as_deref() == Some("INSUFFICIENT_PERMISSION"))
                .and_then(|p| p.values.first())
                .and_then(Value::as_str)
                .map(str::to_owned),
            message: summary,
        },
        StatusCode::NOT_FOUND => VendorError::NotFound { message: summary },
        StatusCode::CONFLICT => VendorError::Conflict { message: summary },
        StatusCode::LOCKED => VendorError::Locked { message: summary },
        StatusCode::TOO_MANY_REQUESTS => VendorError::RateLimited {
            retry_after_secs: reply.retry_after_secs(),
        },
        s if s.is_client_error() => VendorError::Validation {
            message: if problems.len() > 1 {
                format!("{} problems; the first: {summary}", problems.len())
            } else {
                summary
            },
            problems,
        },
        s if s.is_server_error() => VendorError::Unavailable {
            status: s.as_u16(),
            message: summary,
        },
        s => VendorError::BadResponse {
            message: format!("unexpected HTTP {}", s.as_u16()),
        },
    }
}
