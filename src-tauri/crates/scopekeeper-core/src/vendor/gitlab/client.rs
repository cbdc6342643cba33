//! GitLab access tokens (`docs/vendors/gitlab.md`): the REST API v4, `PRIVATE-TOKEN` auth,
//! numbered pages with `x-total-pages`, errors as `{"message": …}` or `{"error": …}`.
//!
//! The base URL names whose tokens these are ([`Collection`]): `…/api/v4/projects/{id}` for a
//! project's access tokens, `…/api/v4/groups/{id}` for a group's, `…/api/v4/users/{id}` for one
//! user's personal tokens (made by an administrator), `…/api/v4` for every personal token an
//! administrator can see.

use reqwest::{Method, StatusCode, Url};
use serde::Deserialize;
use serde_json::Value;

use super::words::{error_from, parse_base, segment};
use crate::secret::{ExposeSecret, SecretString};
use crate::vendor::paging::Paging;
use crate::vendor::{endpoint, Reply, Retry, VendorError, VendorHttp};

/// Tokens per page (GitLab allows up to 100) [C].
pub const PER_PAGE: usize = 100;

/// A token as GitLab lists it (never its value).
#[derive(Debug, Clone, Deserialize)]
pub struct GlToken {
    pub id: u64,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub scopes: Vec<String>,
    #[serde(default)]
    pub user_id: Option<u64>,
    #[serde(default)]
    pub active: bool,
    #[serde(default)]
    pub revoked: bool,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub last_used_at: Option<String>,
    /// A date (`YYYY-MM-DD`); the token stops at midnight UTC on it.
    #[serde(default)]
    pub expires_at: Option<String>,
    /// A group or project token's role.
    #[serde(default)]
    pub access_level: Option<u8>,
}

/// Who a token acts as (`GET /user`).
#[derive(Debug, Clone, Deserialize)]
pub struct GlUser {
    pub id: u64,
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub is_admin: bool,
    #[serde(default)]
    pub bot: bool,
}

/// A token just made or rotated, with its value, which GitLab never returns again.
pub struct GlMade {
    pub token: GlToken,
    pub value: SecretString,
}

/// Whose tokens a connection manages, from its base URL. Ids stay as the URL spells them (a
/// number, or a full path such as `platform%2Fapi`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Collection {
    /// Every personal token an administrator can see.
    Instance,
    User(String),
    Project(String),
    Group(String),
}

impl Collection {
    /// The catalog key kind of the tokens made here (`None`: none are made here).
    pub fn kind(&self) -> Option<&'static str> {
        match self {
            Self::Instance => None,
            Self::User(_) => Some("personal"),
            Self::Group(_) => Some("group"),
            Self::Project(_) => Some("project"),
        }
    }

    /// The path listing (and, for groups and projects, creating) the collection's tokens.
    fn tokens(&self) -> String {
        match self {
            Self::Instance | Self::User(_) => "/personal_access_tokens".into(),
            Self::Project(p) => format!("/projects/{p}/access_tokens"),
            Self::Group(g) => format!("/groups/{g}/access_tokens"),
        }
    }

    /// The path of one token (`self` for the caller).
    fn one(&self, id: &str) -> String {
        format!("{}/{}", self.tokens(), segment(id))
    }
}

/// One collection of GitLab tokens, reached with one token.
pub struct GitLab {
    http: VendorHttp,
    /// `…/api/v4`.
    api: Url,
    pub collection: Collection,
    token: SecretString,
    /// Sent with every listing page.
    filter: Vec<(&'static str, String)>,
}

impl GitLab {
    pub fn new(http: VendorHttp, base: &Url, token: SecretString) -> Result<Self, VendorError> {
        let (api, collection) = parse_base(base)?;
        Ok(Self {
            http,
            api,
            collection,
            token,
            filter: Vec::new(),
        })
    }

    /// The same client, its listings filtered by GitLab (`search`, `state`, `created_*`,
    /// `last_used_*`; [`crate::vendor::ListFilter::query`]).
    pub fn filtered(mut self, filter: Vec<(&'static str, String)>) -> Self {
        self.filter = filter;
        self
    }

    async fn call(
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
        let url = endpoint(&self.api, path);
        let secret = self.token.expose_secret();
        self.http
            .send(retry, |c| {
                let mut rb = c
                    .request(method.clone(), &url)
                    .header("private-token", secret)
                    .header("accept", "application/json")
                    .query(query);
                if let Some(b) = body {
                    rb = rb.json(b);
                }
                rb
            })
            .await
            .map_err(|e| e.scrubbed(secret))
    }

    /// `GET /user`: who the token acts as.
    pub async fn user(&self) -> Result<GlUser, VendorError> {
        let r = self
            .call(Retry::Idempotent, Method::GET, "/user", &[], None)
            .await?;
        r.json()
    }

    /// The calling token's own record: `GET /personal_access_tokens/self`, or the group's or
    /// project's `…/access_tokens/self` when `as_bot` (a group or project token).
    pub async fn own_token(&self, as_bot: bool) -> Result<GlToken, VendorError> {
        let path = if as_bot {
            self.collection.one("self")
        } else {
            "/personal_access_tokens/self".into()
        };
        let r = self
            .call(Retry::Idempotent, Method::GET, &path, &[], None)
            .await?;
        r.json()
    }

    /// One page of the collection's tokens that are not revoked (1-based), and the total pages
    /// GitLab states.
    pub async fn list_page(
        &self,
        page: usize,
        per_page: usize,
    ) -> Result<(Vec<GlToken>, Option<usize>), VendorError> {
        // Revoked tokens can never work again: left out by GitLab's own filter [C].
        let mut q = vec![
            ("page", page.to_string()),
            ("per_page", per_page.to_string()),
            ("revoked", "false".to_owned()),
        ];
        if let Collection::User(u) = &self.collection {
            q.push(("user_id", u.clone()));
        }
        q.extend(self.filter.iter().cloned());
        let path = self.collection.tokens();
        let r = self
            .call(Retry::Idempotent, Method::GET, &path, &q, None)
            .await?;
        let total = r
            .headers
            .get("x-total-pages")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok());
        Ok((r.json()?, total))
    }

    /// Every token of the collection, read under the shared paging bounds, calling
    /// `on_page(tokens so far, pages read, total pages)` after each page.
    pub async fn list_all(
        &self,
        max_tokens: usize,
        on_page: &(dyn Fn(usize, usize, usize) + Send + Sync),
    ) -> Result<Vec<GlToken>, VendorError> {
        let paging = Paging {
            vendor: "GitLab",
            per_page: PER_PAGE,
            max_tokens,
            on_page,
        };
        paging
            .read_all(
                |page| self.list_page(page, PER_PAGE),
                |t: &GlToken| t.id.to_string(),
            )
            .await
    }

    /// Creates a token in the collection. Never retried: a lost reply may mean it exists.
    pub async fn create(&self, body: &Value) -> Result<GlMade, VendorError> {
        let path = match &self.collection {
            Collection::Instance => return Err(VendorError::Internal {
                message:
                    "To make a personal token, name its user in the base URL (…/api/v4/users/{id})."
                        .into(),
            }),
            Collection::User(u) => format!("/users/{u}/personal_access_tokens"),
            c => c.tokens(),
        };
        let r = self
            .call(Retry::Never, Method::POST, &path, &[], Some(body))
            .await?;
        made(&r, "created")
    }

    /// `POST …/{id}/rotate`: the token revoked, a new one with the same scopes and role in its
    /// place (a new id). Never retried: a second rotate would revoke what the first returned.
    pub async fn rotate(&self, id: &str, expires_at: Option<&str>) -> Result<GlMade, VendorError> {
        let body = match expires_at {
            Some(d) => serde_json::json!({ "expires_at": d }),
            None => serde_json::json!({}),
        };
        let path = format!("{}/rotate", self.collection.one(id));
        let r = self
            .call(Retry::Never, Method::POST, &path, &[], Some(&body))
            .await?;
        made(&r, "rotated")
    }

    /// `DELETE …/{id}`. A 404 on a retried attempt counts as done: the earlier attempt revoked
    /// the token and its reply was lost.
    pub async fn revoke(&self, id: &str) -> Result<(), VendorError> {
        let path = self.collection.one(id);
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

    /// The access level `user_id` holds in project or group `id` (inherited membership
    /// included); 0 when not a member. `GET /{projects|groups}/{id}/members/all/{user_id}` [C].
    pub async fn member_level(&self, id: &str, user_id: u64) -> Result<u8, VendorError> {
        #[derive(Deserialize)]
        struct Member {
            #[serde(default)]
            access_level: u8,
        }
        let home = match &self.collection {
            Collection::Group(_) => "groups",
            _ => "projects",
        };
        let path = format!("/{home}/{id}/members/all/{user_id}");
        match self
            .call(Retry::Idempotent, Method::GET, &path, &[], None)
            .await
        {
            Ok(r) => Ok(r.json::<Member>()?.access_level),
            Err(VendorError::NotFound { .. }) => Ok(0),
            Err(e) => Err(e),
        }
    }

    /// The API root (`…/api/v4`).
    pub fn api(&self) -> &Url {
        &self.api
    }
}

/// A create's or rotate's reply: the record and its value.
fn made(r: &Reply, what: &str) -> Result<GlMade, VendorError> {
    let mut v: serde_json::Map<String, Value> = r.json()?;
    let value = v.remove("token");
    let token: GlToken =
        serde_json::from_value(Value::Object(v)).map_err(|_| VendorError::BadResponse {
            message: format!("GitLab {what} a token but its reply was not a token record"),
        })?;
    match value {
        Some(Value::String(value)) if !value.is_empty() => Ok(GlMade {
            token,
            value: SecretString::from(value),
        }),
        _ => Err(VendorError::BadResponse {
            message: format!(
                "GitLab {what} token {} but its reply carried no value; revoke it and try again",
                token.id
            ),
        }),
    }
}
