//! GitLab access tokens (`{base}/api/v4/…`), per `docs/vendors/gitlab.md`.
//!
//! One instance: the administrator `root`, three people, the group `platform` (id 3) and its
//! projects `platform/api` (7) and `platform/web` (8). Personal tokens under
//! `/personal_access_tokens…` (list with filters, get, rotate, revoke, `self`) and
//! `/users/:id/personal_access_tokens` (an administrator's create); project and group tokens
//! under `/projects/:id/access_tokens…` and `/groups/:id/access_tokens…` (list, create, get,
//! rotate, revoke, `self`), each made for a new bot user; `GET /user`; and
//! `GET /projects/:id/members/all/:user_id` (also for groups) for a user's role there [C]. `PRIVATE-TOKEN`,
//! `Authorization: Bearer` or `private_token` [C]; a token's `last_used_at` is stamped on each
//! call it makes. Lists come in pages with GitLab's headers [C]; every reply carries the
//! `RateLimit-*` headers (see `limit`).
//!
//! Scopes [C]: reads need `read_api` or `api`, writes `api`; `GET /user` also takes
//! `read_user`; a self-rotate takes `api` or `self_rotate`; `DELETE …/self` takes any scope.
//! Roles [C]: project tokens need Maintainer on the project, group tokens Owner on the group
//! (administrators count as owners); a new token's role may not exceed its creator's.
//! Choices where the docs are silent ([I]): `GET …/self` takes any scope; the `scope` of an
//! `insufficient_scope` body lists every scope that would do; a project or group token may not
//! create tokens (403) but may list, get and revoke as its role allows; `…/access_tokens/self`
//! with a token that is not that project's or group's answers 401; revoking twice answers 204;
//! an administrator's list and `GET /personal_access_tokens/:id` show personal tokens only (not
//! bots'); rotating an expired (not revoked) token is allowed.
//!
//! Files: `model` (the instance), `seed`, `limit` (the throttle), `body` (create and rotate
//! bodies), `pages` (filters, sort, pagination headers), `personal` and `resource` (handlers).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use serde_json::{json, Value};

use crate::common::{self, credential_after, header_str, now};
use crate::{gate, Sim, Vendor};

mod body;
mod limit;
mod model;
mod pages;
mod personal;
mod resource;
mod seed;

pub use model::Tenant;

/// `{"message": text}` with a status: GitLab's usual error body [C].
pub fn message(status: StatusCode, text: &str) -> Response {
    common::json(status, json!({ "message": text }))
}

/// A parameter problem as Grape reports it: 400 `{"error": "<field> is missing"}` [C].
fn param_error(text: &str) -> Response {
    common::json(StatusCode::BAD_REQUEST, json!({ "error": text }))
}

/// A 400 with `{"message": "400 Bad request - <text>"}` [C].
fn bad_request(text: &str) -> Response {
    message(
        StatusCode::BAD_REQUEST,
        &format!("400 Bad request - {text}"),
    )
}

/// A model validation error: 400 `{"message": {"<field>": ["<error>"]}}` [C].
fn invalid(field: &str, error: &str) -> Response {
    common::json(
        StatusCode::BAD_REQUEST,
        json!({ "message": { field: [error] } }),
    )
}

fn unauthorized() -> Response {
    message(StatusCode::UNAUTHORIZED, "401 Unauthorized")
}

fn forbidden() -> Response {
    message(StatusCode::FORBIDDEN, "403 Forbidden")
}

fn not_found(what: &str) -> Response {
    let text = if what.is_empty() {
        "404 Not Found".to_owned()
    } else {
        format!("404 {what} Not Found")
    };
    message(StatusCode::NOT_FOUND, &text)
}

/// An injected fault in GitLab's shape.
pub fn injected_error(status: StatusCode) -> Response {
    let text = match status.as_u16() {
        401 => "401 Unauthorized",
        403 => "403 Forbidden",
        409 => "409 Conflict",
        422 => "422 Unprocessable Entity",
        429 => return limit::too_many(None, 1),
        500 => "500 Internal Server Error",
        _ => status.canonical_reason().unwrap_or("Error"),
    };
    message(status, text)
}

/// Today in UTC: expiry dates are compared with it.
fn today() -> NaiveDate {
    now().date_naive()
}

/// What a call needs of its caller's scopes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Need {
    /// Any valid token.
    Any,
    Read,
    Write,
    /// `GET /user`.
    Profile,
    /// A self-rotate.
    Rotate,
}

impl Need {
    /// The scopes that satisfy the need (empty: any).
    fn scopes(self) -> &'static [&'static str] {
        match self {
            Need::Any => &[],
            Need::Read => &["api", "read_api"],
            Need::Write => &["api"],
            Need::Profile => &["api", "read_api", "read_user"],
            Need::Rotate => &["api", "self_rotate"],
        }
    }
}

/// What a handler gets from the request.
struct Req<'a> {
    peer: SocketAddr,
    headers: &'a HeaderMap,
    uri: &'a Uri,
}

/// The presented token: `PRIVATE-TOKEN`, `Authorization: Bearer`, or `private_token` [C].
fn presented<'a>(req: &Req<'a>) -> Option<&'a str> {
    header_str(req.headers, "private-token")
        .or_else(|| credential_after(req.headers, "Bearer"))
        .or_else(|| {
            req.uri
                .query()?
                .split('&')
                .find_map(|kv| kv.strip_prefix("private_token="))
        })
}

/// The caller's token index, stamped as used; or the 401.
fn authenticate(t: &Tenant, req: &Req) -> Result<usize, Response> {
    let secret = presented(req).ok_or_else(unauthorized)?;
    let today = today();
    let idx = t
        .tokens
        .iter()
        .position(|x| x.secret == secret && x.active(today))
        .ok_or_else(unauthorized)?;
    Ok(idx)
}

/// The prologue every handler shares: fault gate, auth, the throttle, the scope; then `work`
/// under the lock with the caller's index. Every reply carries the rate-limit headers.
async fn call(
    sim: &Sim,
    op: &str,
    req: Req<'_>,
    need: Need,
    work: impl FnOnce(&mut Tenant, usize) -> Response,
) -> Response {
    let fault = gate(sim, Vendor::GitLab, op).await;
    let mut t = sim.gitlab.lock().expect("gitlab lock");
    let caller = authenticate(&t, &req);
    let key = match &caller {
        Ok(i) => format!("token:{}", t.tokens[*i].id),
        Err(_) => format!("ip:{}", req.peer.ip()),
    };
    if let Some(mut r) = fault {
        limit::headers(r.headers_mut(), limit::peek(&t, &key));
        return r;
    }
    let standing = match limit::spend(&mut t, &key) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let mut resp = match caller {
        Err(r) => r,
        Ok(i) => {
            t.tokens[i].last_used_at = Some(now());
            let ok = need.scopes().is_empty() || need.scopes().iter().any(|s| t.tokens[i].has(s));
            if ok {
                work(&mut t, i)
            } else {
                insufficient_scope(need)
            }
        }
    };
    limit::headers(resp.headers_mut(), standing);
    resp
}

/// 403 in the OAuth shape GitLab uses for a missing scope [C].
fn insufficient_scope(need: Need) -> Response {
    common::json(
        StatusCode::FORBIDDEN,
        json!({
            "error": "insufficient_scope",
            "error_description": "The request requires higher privileges than provided by the access token.",
            "scope": need.scopes().join(" "),
        }),
    )
}

/// A path's numeric id, `self`, or the 400 Grape gives for a non-number [C].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Which {
    Me,
    Id(u64),
}

fn which(params: &HashMap<String, String>, key: &str) -> Result<Which, Response> {
    match params.get(key).map(String::as_str) {
        Some("self") => Ok(Which::Me),
        Some(s) => s
            .parse()
            .map(Which::Id)
            .map_err(|_| param_error(&format!("{key} is invalid"))),
        None => Err(not_found("")),
    }
}

/// An optional JSON object body (empty means none); malformed JSON is a 400 [I: Grape's text].
fn object(body: &[u8]) -> Result<serde_json::Map<String, Value>, Response> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(serde_json::Map::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        _ => Err(param_error("message body does not match declared format")),
    }
}

/// Where `lib.rs` mounts the instance: links in pagination headers start with it.
pub(super) const MOUNT: &str = "/gitlab";

fn resource_routes(router: Router<Arc<Sim>>, kind: &str, param: &str) -> Router<Arc<Sim>> {
    let base = format!("/api/v4/{kind}/{{{param}}}/access_tokens");
    router
        .route(&base, get(resource::list).post(resource::create))
        .route(
            &format!("{base}/{{token_id}}"),
            get(resource::get_one).delete(resource::revoke),
        )
        .route(
            &format!("{base}/{{token_id}}/rotate"),
            post(resource::rotate),
        )
        .route(
            &format!("/api/v4/{kind}/{{{param}}}/members/all/{{user_id}}"),
            get(resource::member),
        )
}

/// Every route under `/api/v4` (not nested, so a handler's `Uri` keeps the `/api/v4` path).
pub fn routes() -> Router<Arc<Sim>> {
    let api = Router::new()
        .route("/api/v4/user", get(personal::user))
        .route("/api/v4/personal_access_tokens", get(personal::list))
        .route(
            "/api/v4/personal_access_tokens/{id}",
            get(personal::get_one).delete(personal::revoke),
        )
        .route(
            "/api/v4/personal_access_tokens/{id}/rotate",
            post(personal::rotate),
        )
        .route(
            "/api/v4/users/{user_id}/personal_access_tokens",
            post(personal::create),
        );
    let api = resource_routes(api, "projects", "project_id");
    resource_routes(api, "groups", "group_id")
}
