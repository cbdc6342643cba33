//! GitHub (`{base}/github/…`, standing for `https://api.github.com`), per
//! `docs/vendors/github.md`.
//!
//! One organisation, `acme` (owner `sk-admin`; members `dev-alice`, `dev-bob`,
//! `contractor-eve`), with the repositories `acme/api` (private), `acme/web` (public) and
//! `acme/infra` (private); the GitHub App "Scopekeeper sandbox" (id 1001) installed on it
//! (installation 5001, every repository). Endpoints: `GET /user`, `GET /repos/{owner}/{repo}`
//! and `…/issues` (`repos`); `GET /app`, `GET /orgs/{org}/installation` and
//! `POST /app/installations/{id}/access_tokens` with the App's JWT (`app`, `jwt`); with an
//! installation token, `GET /installation/repositories` and `DELETE /installation/token`
//! (`installation`); the organisation's view of fine-grained tokens: list, a grant's
//! repositories, revoke one or many (`grants`, `pages`).
//!
//! Auth [I: `Authorization: Bearer` or `token`]: a classic token (`ghp_`), a fine-grained one
//! (`github_pat_`), an installation token (`ghs_` [C]) or, for the App's endpoints, a JWT.
//! Every reply carries the rate-limit headers (`limit`) and `x-github-api-version-selected`;
//! a classic token's replies carry `X-OAuth-Scopes` [C], an expiring personal token's
//! `GitHub-Authentication-Token-Expiration` (`YYYY-MM-DD HH:MM:SS UTC` [I: as clients parse
//! it]). Errors are `{"message", "documentation_url", "status"}` [I: as clients quote GitHub's
//! bodies]. A personal token's `last_used_at` is stamped on each call it makes.
//!
//! Files: `model` (what the instance holds), `seed`, `jwt` (the App's key and JWT checks),
//! `limit` (the hourly limit), `pages` (list pages and `Link`), `repos`, `app`, `installation`
//! and `grants` (handlers). A fault with a `Retry-After` (`github.<op>=403:<secs>` or
//! `=429:<secs>`) answers as a secondary rate limit.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::Response;
use axum::routing::{delete, get, post};
use axum::Router;
use serde_json::{json, Value};

use crate::common::{self, credential_after, now, Instant};
use crate::{gate, Sim, Vendor};

mod app;
mod grants;
mod installation;
mod jwt;
mod limit;
mod model;
mod pages;
mod repos;
mod seed;

pub use model::Tenant;

use model::{Kind, ORG};

/// Where `lib.rs` mounts GitHub: `Link` URLs start with it.
pub(super) const MOUNT: &str = "/github";
const DOCS: &str = "https://docs.github.com/rest";
/// [C] the REST API version the docs' URLs name; every reply says it was used.
const API_VERSION: &str = "2022-11-28";

/// GitHub's error body with a given `documentation_url`.
pub(super) fn error_at(status: StatusCode, message: &str, docs: &str) -> Response {
    let body = json!({
        "message": message,
        "documentation_url": docs,
        "status": status.as_u16().to_string(),
    });
    common::json(status, body)
}

/// GitHub's error body: `{"message", "documentation_url", "status": "<code>"}`.
pub(super) fn error(status: StatusCode, message: &str) -> Response {
    error_at(status, message, DOCS)
}

fn bad_credentials() -> Response {
    error(StatusCode::UNAUTHORIZED, "Bad credentials")
}

pub(super) fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "Not Found")
}

/// 403 for an installation token or the App [I: the wording, as clients quote it].
pub(super) fn by_integration() -> Response {
    error(
        StatusCode::FORBIDDEN,
        "Resource not accessible by integration",
    )
}

/// 403 for a personal token [I: the wording, after the integration's].
pub(super) fn by_pat() -> Response {
    error(
        StatusCode::FORBIDDEN,
        "Resource not accessible by personal access token",
    )
}

/// 422 with GitHub's validation shape [I: `errors` kept short].
pub(super) fn invalid(message: &str) -> Response {
    let body = json!({
        "message": message,
        "documentation_url": DOCS,
        "status": "422",
    });
    common::json(StatusCode::UNPROCESSABLE_ENTITY, body)
}

/// [I] the page a secondary limit's body points to.
const SECONDARY_DOCS: &str =
    "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits";

/// An injected secondary rate limit (a fault with a `Retry-After`, 403 or 429 [C: either status,
/// a message saying a secondary limit was exceeded, `retry-after` when present]; the wording [I]
/// as clients quote it). `lib.rs` adds the `Retry-After` header.
pub fn injected_secondary_limit(status: StatusCode) -> Response {
    error_at(
        status,
        "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        SECONDARY_DOCS,
    )
}

/// An injected fault in GitHub's shape.
pub fn injected_error(status: StatusCode) -> Response {
    let text = match status.as_u16() {
        401 => "Bad credentials",
        403 => "Forbidden",
        409 => "Conflict",
        422 => "Validation Failed",
        // [I] a secondary limit's wording.
        429 => "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        500 => "Server Error",
        _ => status.canonical_reason().unwrap_or("Error"),
    };
    error(status, text)
}

/// Who is calling.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Caller {
    /// The App, with a valid JWT.
    App,
    /// The token at this index.
    Token(usize),
}

/// What a handler gets from the request.
pub(super) struct Req<'a> {
    pub(super) peer: SocketAddr,
    pub(super) headers: &'a HeaderMap,
}

/// The credential after `Bearer` or `token`.
fn presented(headers: &HeaderMap) -> Option<&str> {
    credential_after(headers, "Bearer").or_else(|| credential_after(headers, "token"))
}

/// The caller, or the 401.
fn authenticate(t: &Tenant, headers: &HeaderMap, now: Instant) -> Result<Caller, Response> {
    let Some(secret) = presented(headers) else {
        return Err(error(StatusCode::UNAUTHORIZED, "Requires authentication"));
    };
    if jwt::looks_like_jwt(secret) {
        return jwt::verify(&t.key, secret, now.timestamp())
            .map(|_| Caller::App)
            .map_err(|r| error(StatusCode::UNAUTHORIZED, r.message()));
    }
    t.tokens
        .iter()
        .position(|x| x.secret == secret && x.active(now))
        .map(Caller::Token)
        .ok_or_else(bad_credentials)
}

/// The caller's rate-limit counter.
fn meter(t: &Tenant, caller: &Result<Caller, Response>, req: &Req) -> limit::Meter {
    match caller {
        Ok(Caller::App) => limit::Meter {
            key: "app".into(),
            limit: limit::APP,
            who: format!("app ID {}", model::APP_ID),
        },
        Ok(Caller::Token(i)) => {
            let tok = &t.tokens[*i];
            let installation = matches!(tok.kind, Kind::Installation { .. });
            limit::Meter {
                key: format!("token:{}", tok.id),
                limit: if installation {
                    limit::INSTALLATION
                } else {
                    limit::PERSONAL
                },
                who: if installation {
                    format!("installation ID {}", model::INSTALLATION_ID)
                } else {
                    format!("user ID {}", tok.user)
                },
            }
        }
        Err(_) => limit::Meter {
            key: format!("ip:{}", req.peer.ip()),
            limit: limit::ANONYMOUS,
            who: req.peer.ip().to_string(),
        },
    }
}

/// The prologue every handler shares: fault gate, auth, the hourly limit; then `work` under the
/// lock with the caller. Every reply is dressed with GitHub's headers (`dress`).
pub(super) async fn call(
    sim: &Sim,
    op: &str,
    req: Req<'_>,
    work: impl FnOnce(&mut Tenant, Caller) -> Response,
) -> Response {
    let fault = gate(sim, Vendor::GitHub, op).await;
    let mut t = sim.github.lock().expect("github lock");
    let now = now();
    let caller = authenticate(&t, req.headers, now);
    let m = meter(&t, &caller, &req);
    let who = caller.as_ref().ok().copied();
    if let Some(mut r) = fault {
        limit::headers(r.headers_mut(), limit::peek(&t, &m, now.timestamp()));
        return dress(&t, who, r);
    }
    let standing = match limit::spend(&mut t, &m, now.timestamp()) {
        Ok(s) => s,
        Err(r) => return dress(&t, who, r),
    };
    let mut resp = match caller {
        Err(r) => r,
        Ok(c) => {
            if let Caller::Token(i) = c {
                t.tokens[i].last_used_at = Some(now);
            }
            work(&mut t, c)
        }
    };
    limit::headers(resp.headers_mut(), standing);
    dress(&t, who, resp)
}

/// The version header; a classic token's `X-OAuth-Scopes` (and `X-Accepted-OAuth-Scopes` in
/// place of `X-Accepted-GitHub-Permissions` [C]); an expiring personal token's expiry.
fn dress(t: &Tenant, who: Option<Caller>, mut resp: Response) -> Response {
    let h = resp.headers_mut();
    h.insert(
        "x-github-api-version-selected",
        HeaderValue::from_static(API_VERSION),
    );
    let tok = match who {
        Some(Caller::Token(i)) => &t.tokens[i],
        _ => {
            h.remove("x-accepted-oauth-scopes");
            return resp;
        }
    };
    match &tok.kind {
        Kind::Classic { scopes } => {
            h.remove("x-accepted-github-permissions");
            h.insert("x-oauth-scopes", text(&scopes.join(", ")));
            if !h.contains_key("x-accepted-oauth-scopes") {
                h.insert("x-accepted-oauth-scopes", HeaderValue::from_static(""));
            }
        }
        _ => {
            h.remove("x-accepted-oauth-scopes");
        }
    }
    let personal = !matches!(tok.kind, Kind::Installation { .. });
    if let (true, Some(e)) = (personal, tok.expires_at) {
        let stamp = e.format("%Y-%m-%d %H:%M:%S UTC").to_string();
        h.insert("github-authentication-token-expiration", text(&stamp));
    }
    resp
}

fn text(s: &str) -> HeaderValue {
    HeaderValue::from_str(s).expect("ASCII header")
}

/// The organisation a path names (case-insensitive [C]; or its numeric id), or the 404.
pub(super) fn org(name: &str) -> Result<(), Response> {
    if name.eq_ignore_ascii_case(ORG) || name == model::ORG_ID.to_string() {
        Ok(())
    } else {
        Err(not_found())
    }
}

/// An optional JSON object body (empty means none); anything else is a 400 [I: GitHub's text].
pub(super) fn object(body: &[u8]) -> Result<serde_json::Map<String, Value>, Response> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(serde_json::Map::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        _ => Err(error(StatusCode::BAD_REQUEST, "Problems parsing JSON")),
    }
}

/// `http://{host}/github`: the API root as the caller reached it.
pub(super) fn api_root(headers: &HeaderMap) -> String {
    let host = common::header_str(headers, "host").unwrap_or("127.0.0.1");
    format!("http://{host}{MOUNT}")
}

/// The request's path below the mount, for `Link` URLs.
pub(super) fn path_of(uri: &Uri) -> &str {
    uri.path()
}

/// Every route, relative to the mount (like `https://api.github.com`).
pub fn routes() -> Router<Arc<Sim>> {
    let pats = "/orgs/{org}/personal-access-tokens";
    Router::new()
        .route("/user", get(repos::user))
        .route("/repos/{owner}/{repo}", get(repos::repo))
        .route("/repos/{owner}/{repo}/issues", get(repos::issues))
        .route(
            "/installation/repositories",
            get(installation::repositories),
        )
        .route("/installation/token", delete(installation::revoke))
        .route("/app", get(app::app))
        .route("/orgs/{org}/installation", get(app::installation))
        .route(
            "/app/installations/{installation_id}/access_tokens",
            post(app::access_token),
        )
        .route(pats, get(grants::list).post(grants::revoke_many))
        .route(&format!("{pats}/{{pat_id}}"), post(grants::revoke_one))
        .route(
            &format!("{pats}/{{pat_id}}/repositories"),
            get(grants::repositories),
        )
        .route(
            "/organizations/{org}/personal-access-tokens/{pat_id}/repositories",
            get(grants::repositories),
        )
}
