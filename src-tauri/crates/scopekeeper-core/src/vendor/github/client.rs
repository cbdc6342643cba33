//! GitHub's REST API (`docs/vendors/github.md`): `Authorization: Bearer`, the
//! `application/vnd.github+json` media type and API version 2022-11-28; errors as
//! `{"message": …}`; numbered pages with a `Link` header.
//!
//! The base URL says what a connection is ([`Place`]): the API root (`https://api.github.com`,
//! `https://HOST/api/v3`) for a personal token, checked and described but never listing; or
//! `…/orgs/{org}` for an organization seen through a GitHub App (its private key is the
//! credential, its App ID the connection's key id), which lists and revokes the fine-grained
//! tokens that reach the organization and makes installation tokens.

use reqwest::{Method, StatusCode, Url};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::secret::{ExposeSecret, SecretString};
use crate::vendor::paging::Paging;
use crate::vendor::{endpoint, Reply, Retry, VendorError, VendorHttp};

/// Grants per page (GitHub allows up to 100) [C].
pub const PER_PAGE: usize = 100;

/// What a connection's base URL names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The API root: a personal token's own view.
    Root,
    /// An organization, through a GitHub App installed on it.
    Org(String),
}

/// Who a token acts as (`GET /user`), with what GitHub's reply headers say of the token.
#[derive(Debug, Clone)]
pub struct Me {
    pub login: String,
    /// `X-OAuth-Scopes`: a classic token's scopes (`None`: not a classic token).
    pub scopes: Option<Vec<String>>,
    /// `GitHub-Authentication-Token-Expiration`, as GitHub writes it.
    pub expires: Option<String>,
}

/// An App's installation on an organization.
#[derive(Debug, Clone, Deserialize)]
pub struct Installation {
    pub id: u64,
    #[serde(default)]
    pub permissions: Map<String, Value>,
    #[serde(default)]
    pub repository_selection: Option<String>,
}

/// A fine-grained token's access to the organization, as the organization lists it.
#[derive(Debug, Clone, Deserialize)]
pub struct Grant {
    /// The grant's id (`pat_id`): what a revoke names.
    pub id: u64,
    #[serde(default)]
    pub owner: Option<Owner>,
    #[serde(default)]
    pub repository_selection: Option<String>,
    #[serde(default)]
    pub permissions: Map<String, Value>,
    #[serde(default)]
    pub access_granted_at: Option<String>,
    #[serde(default)]
    pub token_name: Option<String>,
    #[serde(default)]
    pub token_expired: bool,
    #[serde(default)]
    pub token_expires_at: Option<String>,
    #[serde(default)]
    pub token_last_used_at: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Owner {
    #[serde(default)]
    pub login: String,
}

/// An installation token just made: its value (never returned again) and its end.
pub struct InstallationToken {
    pub value: SecretString,
    pub expires_at: Option<String>,
    pub permissions: Map<String, Value>,
}

/// GitHub, reached with one bearer credential (a token, or an App's JWT).
pub struct GitHub {
    http: VendorHttp,
    api: Url,
    pub place: Place,
    auth: SecretString,
}

impl GitHub {
    pub fn new(http: VendorHttp, base: &Url, auth: SecretString) -> Self {
        let (api, place) = parse_base(base);
        Self {
            http,
            api,
            place,
            auth,
        }
    }

    /// The organization a connection names, or why it must.
    pub fn org(&self) -> Result<&str, VendorError> {
        match &self.place {
            Place::Org(o) => Ok(o),
            Place::Root => Err(VendorError::Validation {
                message: "This needs an organization connection: base URL …/orgs/{org}, with a GitHub App's ID and private key".into(),
                problems: Vec::new(),
            }),
        }
    }

    async fn raw(
        &self,
        retry: Retry,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
    ) -> Result<Reply, VendorError> {
        let url = endpoint(&self.api, path);
        let secret = self.auth.expose_secret();
        self.http
            .send(retry, |c| {
                let mut rb = c
                    .request(method.clone(), &url)
                    .bearer_auth(secret)
                    .header("accept", "application/vnd.github+json")
                    .header("x-github-api-version", "2022-11-28")
                    .query(query);
                if let Some(b) = body {
                    rb = rb.json(b);
                }
                rb
            })
            .await
            .map_err(|e| e.scrubbed(secret))
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
            Err(error_from(&reply).scrubbed(self.auth.expose_secret()))
        }
    }

    /// `GET /user`, with the token's scopes and end from the reply's headers.
    pub async fn me(&self) -> Result<Me, VendorError> {
        #[derive(Deserialize)]
        struct User {
            login: String,
        }
        let r = self
            .call(Retry::Idempotent, Method::GET, "/user", &[], None)
            .await?;
        let header = |name: &str| {
            r.headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let scopes = header("x-oauth-scopes").map(|s| {
            s.split(',')
                .map(|x| x.trim().to_owned())
                .filter(|x| !x.is_empty())
                .collect()
        });
        let expires = header("github-authentication-token-expiration");
        Ok(Me {
            login: r.json::<User>()?.login,
            scopes,
            expires,
        })
    }

    /// `GET /orgs/{org}/installation` (with the App's JWT).
    pub async fn installation(&self) -> Result<Installation, VendorError> {
        let path = format!("/orgs/{}/installation", segment(self.org()?));
        let r = self
            .call(Retry::Idempotent, Method::GET, &path, &[], None)
            .await?;
        r.json()
    }

    /// `POST /app/installations/{id}/access_tokens` (with the App's JWT). Never retried.
    pub async fn installation_token(
        &self,
        id: u64,
        permissions: &Map<String, Value>,
        repositories: Option<&[String]>,
    ) -> Result<InstallationToken, VendorError> {
        #[derive(Deserialize)]
        struct Made {
            #[serde(default)]
            expires_at: Option<String>,
            #[serde(default)]
            permissions: Map<String, Value>,
        }
        let path = format!("/app/installations/{id}/access_tokens");
        let mut body = serde_json::json!({ "permissions": permissions });
        if let Some(names) = repositories {
            body["repositories"] = serde_json::json!(names);
        }
        let r = self
            .call(Retry::Never, Method::POST, &path, &[], Some(&body))
            .await?;
        let mut v: Map<String, Value> = r.json()?;
        let value = match v.remove("token") {
            Some(Value::String(t)) if !t.is_empty() => SecretString::from(t),
            _ => {
                return Err(VendorError::BadResponse {
                    message: "GitHub made an installation token but its reply carried no value; it ends within the hour, make another".into(),
                })
            }
        };
        let made: Made =
            serde_json::from_value(Value::Object(v)).map_err(|_| VendorError::BadResponse {
                message:
                    "GitHub made an installation token but its reply was not the record expected"
                        .into(),
            })?;
        Ok(InstallationToken {
            value,
            expires_at: made.expires_at,
            permissions: made.permissions,
        })
    }

    /// One page of the fine-grained tokens with access to the organization, and the last page
    /// number the `Link` header names.
    async fn grants_page(&self, page: usize) -> Result<(Vec<Grant>, Option<usize>), VendorError> {
        let path = format!("/orgs/{}/personal-access-tokens", segment(self.org()?));
        let q = [
            ("page", page.to_string()),
            ("per_page", PER_PAGE.to_string()),
        ];
        let r = self
            .call(Retry::Idempotent, Method::GET, &path, &q, None)
            .await?;
        let last = r
            .headers
            .get("link")
            .and_then(|v| v.to_str().ok())
            .and_then(last_page);
        Ok((r.json()?, last))
    }

    /// Every grant, under the shared paging bounds.
    pub async fn grants(
        &self,
        max_tokens: usize,
        on_page: &(dyn Fn(usize, usize, usize) + Send + Sync),
    ) -> Result<Vec<Grant>, VendorError> {
        let paging = Paging {
            vendor: "GitHub",
            per_page: PER_PAGE,
            max_tokens,
            on_page,
        };
        paging
            .read_all(|page| self.grants_page(page), |g: &Grant| g.id.to_string())
            .await
    }

    /// The names of the repositories a grant reaches (`GET …/personal-access-tokens/{pat_id}/
    /// repositories`, its first page of 100), and whether GitHub lists more.
    pub async fn grant_repositories(
        &self,
        pat_id: u64,
    ) -> Result<(Vec<String>, bool), VendorError> {
        #[derive(Deserialize)]
        struct Named {
            name: String,
        }
        let path = format!(
            "/orgs/{}/personal-access-tokens/{pat_id}/repositories",
            segment(self.org()?)
        );
        let q = [("per_page", PER_PAGE.to_string())];
        let r = self
            .call(Retry::Idempotent, Method::GET, &path, &q, None)
            .await?;
        let more = r
            .headers
            .get("link")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|l| l.contains("rel=\"next\""));
        let named: Vec<Named> = r.json()?;
        Ok((named.into_iter().map(|n| n.name).collect(), more))
    }

    /// `POST /orgs/{org}/personal-access-tokens/{pat_id}` `{action: revoke}`: the token loses
    /// its access to the organization. A 404 on a retried attempt counts as done.
    pub async fn revoke_grant(&self, pat_id: &str) -> Result<(), VendorError> {
        let path = format!(
            "/orgs/{}/personal-access-tokens/{}",
            segment(self.org()?),
            segment(pat_id)
        );
        let body = serde_json::json!({ "action": "revoke" });
        let reply = self
            .raw(Retry::Idempotent, Method::POST, &path, &[], Some(&body))
            .await?;
        if reply.status.is_success()
            || (reply.status == StatusCode::NOT_FOUND && reply.attempts > 1)
        {
            Ok(())
        } else {
            Err(error_from(&reply).scrubbed(self.auth.expose_secret()))
        }
    }
}

/// The API root and what a base URL names.
pub fn parse_base(base: &Url) -> (Url, Place) {
    let segs: Vec<&str> = base
        .path_segments()
        .map(|s| s.filter(|x| !x.is_empty()).collect())
        .unwrap_or_default();
    let mut api = base.clone();
    api.set_query(None);
    match segs.as_slice() {
        [rest @ .., "orgs", org] => {
            api.set_path(&format!("/{}", rest.join("/")));
            (api, Place::Org((*org).to_owned()))
        }
        _ => (api, Place::Root),
    }
}

/// The `page=` of the `rel="last"` link, when the header names one.
fn last_page(link: &str) -> Option<usize> {
    link.split(',')
        .find(|part| part.contains("rel=\"last\""))
        .and_then(|part| {
            part.split(['?', '&', '>'])
                .find_map(|kv| kv.strip_prefix("page="))
        })
        .and_then(|n| n.parse().ok())
}

fn segment(id: &str) -> String {
    url::form_urlencoded::byte_serialize(id.as_bytes()).collect()
}

/// Maps a GitHub error reply to a [`VendorError`]: a 403 with no requests left is the rate
/// limit, whatever its words.
fn error_from(reply: &Reply) -> VendorError {
    let spent = reply
        .headers
        .get("x-ratelimit-remaining")
        .is_some_and(|v| v.as_bytes() == b"0");
    // The primary limit spent, or a secondary limit: a 403 that says when to come back, or
    // that says it is one.
    let said = serde_json::from_slice::<Value>(&reply.body)
        .ok()
        .and_then(|v| {
            v.get("message")
                .and_then(Value::as_str)
                .map(str::to_lowercase)
        })
        .is_some_and(|m| m.contains("secondary rate limit"));
    let secondary =
        reply.status == StatusCode::FORBIDDEN && (reply.retry_after_secs().is_some() || said);
    if reply.status == StatusCode::FORBIDDEN && (spent || secondary) {
        let reset = reply
            .headers
            .get("x-ratelimit-reset")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<i64>().ok())
            .map(|at| (at - chrono::Utc::now().timestamp()).max(1) as u64);
        return VendorError::RateLimited {
            retry_after_secs: reply.retry_after_secs().or(reset),
        };
    }
    let problems = serde_json::from_slice::<Value>(&reply.body)
        .ok()
        .and_then(|v| v.get("message").and_then(Value::as_str).map(str::to_owned))
        .into_iter()
        .collect();
    VendorError::from_status(reply, problems)
}

#[cfg(test)]
#[path = "client_tests.rs"]
mod tests;
