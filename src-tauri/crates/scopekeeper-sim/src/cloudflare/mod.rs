//! Cloudflare API tokens (`{base}/client/v4/…`), per `docs/vendors/cloudflare.md`.
//!
//! Account-owned tokens under `/accounts/{account_id}/tokens…`, user-owned ones under
//! `/user/tokens…`, each with list (pages of 5–50), create (the value shown once), get,
//! update, delete, roll the value (`PUT …/{id}/value`), verify (the caller itself) and
//! `permission_groups`; the account's zones (`GET /zones`, `zones`: what a token reaches,
//! paged, filtered by `account.id` and `name`); the user's accounts (`GET /accounts`). Bearer
//! auth; every reply is the `{success, errors, messages, result}` envelope and carries the `Ratelimit` /
//! `Ratelimit-Policy` headers (1,200 requests per five minutes per token; past it, 429 with
//! `Retry-After`). A token's `last_used_on` is stamped on
//! each call it makes.
//!
//! Permissions: account token calls need *Account API Tokens Read* (reads) or *Write* over the
//! account; user token calls need *API Tokens Read* / *Write* over the user. Choices where the
//! docs are silent ([I]): an unknown, disabled, expired or not-yet-valid token answers 401 with
//! code 1000; a missing permission or a refused address answers 403 with code 9109; a bad body
//! answers 400 with code 1001 and every problem; an unknown token 404 with code 1003; another
//! account's path 404 with code 7003; a create may grant any group (Cloudflare checks the
//! user's own rights, which the simulator does not model), but a zone it names must be one of the
//! account's; the zones listed are those the token's allow policies reach, whatever their
//! permission groups (the account, every account or every zone: all of them; else the zones
//! named) — see `zones`.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::{get, put};
use axum::Router;
use serde_json::{json, Value};

use crate::common::{self, credential_after, now, now_ms};
use crate::{gate, Sim, Vendor};

mod body;
mod handlers;
mod model;
mod seed;
mod zones;

pub use model::Tenant;
use model::{Owner, ACCOUNT_SCOPE, USER_SCOPE};

/// Requests a token may make in a window, and the window (seconds) [C].
const QUOTA: u32 = 1200;
const WINDOW_SECS: i64 = 300;

/// The error envelope: `{success: false, errors: [{code, message}], messages: [], result: null}`.
pub fn error(status: StatusCode, code: u32, message: &str) -> Response {
    errors(status, vec![json!({ "code": code, "message": message })])
}

fn errors(status: StatusCode, errors: Vec<Value>) -> Response {
    common::json(
        status,
        json!({ "success": false, "errors": errors, "messages": [], "result": null }),
    )
}

/// An injected fault in Cloudflare's envelope.
pub fn injected_error(status: StatusCode) -> Response {
    let (code, msg) = match status.as_u16() {
        401 => (1000, "Invalid API Token"),
        403 => (9109, "Unauthorized to access requested resource"),
        409 => (1002, "The token was changed by another request"),
        422 => (1001, "Injected validation failure"),
        429 => (
            971,
            "Please wait and consider throttling your request speed",
        ),
        _ => (1100, "Internal server error"),
    };
    error(status, code, msg)
}

fn ok(result: Value) -> Response {
    common::json(
        StatusCode::OK,
        json!({ "success": true, "errors": [], "messages": [], "result": result }),
    )
}

/// Which token collection a path names.
#[derive(Clone)]
struct Place {
    owner: Owner,
    /// The token id in the path, if any.
    id: Option<String>,
}

fn place(t: &Tenant, params: &HashMap<String, String>) -> Result<Place, Response> {
    let owner = match params.get("account_id") {
        Some(a) if *a == t.account_id => Owner::Account,
        Some(a) => {
            return Err(error(
                StatusCode::NOT_FOUND,
                7003,
                &format!("Could not route to /accounts/{a}/tokens, perhaps your object identifier is invalid?"),
            ))
        }
        None => Owner::User,
    };
    Ok(Place {
        owner,
        id: params.get("token_id").cloned(),
    })
}

/// What a call needs of its caller.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Need {
    /// Only a valid token (verify).
    Nothing,
    Read,
    Write,
}

/// The prologue every handler shares: fault gate, auth, the rate limit, the permission; then
/// `work` under the lock, with the caller's index. Every reply gets the rate-limit headers.
async fn call(
    sim: &Sim,
    op: &str,
    (peer, headers, params): (SocketAddr, &HeaderMap, &HashMap<String, String>),
    need: Need,
    work: impl FnOnce(&mut Tenant, Place, usize) -> Response,
) -> Response {
    if let Some(r) = gate(sim, Vendor::Cloudflare, op).await {
        return r;
    }
    let mut t = sim.cloudflare.lock().expect("cloudflare lock");
    let place = match place(&t, params) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let caller = match authenticate(&mut t, headers, peer) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let (left, reset) = match spend(&mut t, caller) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let mut resp = match permitted(&t, caller, place.owner, need) {
        Ok(()) => work(&mut t, place, caller),
        Err(r) => r,
    };
    rate_headers(resp.headers_mut(), left, reset);
    resp
}

fn authenticate(t: &mut Tenant, headers: &HeaderMap, peer: SocketAddr) -> Result<usize, Response> {
    let invalid = || error(StatusCode::UNAUTHORIZED, 1000, "Invalid API Token");
    let presented = credential_after(headers, "Bearer").ok_or_else(invalid)?;
    let idx = t
        .tokens
        .iter()
        .position(|x| x.secret == presented)
        .ok_or_else(invalid)?;
    let now = now();
    let tok = &t.tokens[idx];
    if tok.status(now) != "active" || tok.not_before.is_some_and(|nb| nb > now) {
        return Err(invalid());
    }
    let ip = peer.ip();
    let inside = |list: &[String]| !list.is_empty() && common::ip_allowed(list, ip);
    if (!tok.ip_in.is_empty() && !inside(&tok.ip_in)) || inside(&tok.ip_not_in) {
        return Err(error(
            StatusCode::FORBIDDEN,
            9109,
            "Cannot use the access token from location",
        ));
    }
    t.tokens[idx].last_used_on = Some(now);
    Ok(idx)
}

/// Counts one request against the caller's window: what is left and the seconds to its reset,
/// or the 429 to answer.
fn spend(t: &mut Tenant, caller: usize) -> Result<(u32, i64), Response> {
    let now = now_ms();
    if now - t.window.started_ms >= WINDOW_SECS * 1000 {
        t.window.started_ms = now;
        t.window.used.clear();
    }
    let reset = (WINDOW_SECS - (now - t.window.started_ms) / 1000).max(1);
    let used = t
        .window
        .used
        .entry(t.tokens[caller].id.clone())
        .or_default();
    if *used >= QUOTA {
        let mut r = error(
            StatusCode::TOO_MANY_REQUESTS,
            971,
            "Please wait and consider throttling your request speed",
        );
        rate_headers(r.headers_mut(), 0, reset);
        return Err(common::with_retry_after(r, reset as u64));
    }
    *used += 1;
    Ok((QUOTA - *used, reset))
}

fn rate_headers(h: &mut HeaderMap, left: u32, reset: i64) {
    let value = |s: String| HeaderValue::from_str(&s).expect("ASCII header");
    h.insert(
        "ratelimit",
        value(format!("\"default\";r={left};t={reset}")),
    );
    h.insert(
        "ratelimit-policy",
        value(format!("\"default\";q={QUOTA};w={WINDOW_SECS}")),
    );
}

fn permitted(t: &Tenant, caller: usize, owner: Owner, need: Need) -> Result<(), Response> {
    let tok = &t.tokens[caller];
    let (scope, key, read, write) = match owner {
        Owner::Account => (
            ACCOUNT_SCOPE,
            t.account_key(),
            "Account API Tokens Read",
            "Account API Tokens Write",
        ),
        Owner::User => (
            USER_SCOPE,
            t.user_key(),
            "API Tokens Read",
            "API Tokens Write",
        ),
    };
    let ok = match need {
        Need::Nothing => true,
        Need::Read => tok.holds(scope, read, &key) || tok.holds(scope, write, &key),
        Need::Write => tok.holds(scope, write, &key),
    };
    if ok {
        Ok(())
    } else {
        Err(error(
            StatusCode::FORBIDDEN,
            9109,
            "Unauthorized to access requested resource",
        ))
    }
}

fn tokens_routes() -> Router<Arc<Sim>> {
    Router::new()
        .route("/tokens", get(handlers::list).post(handlers::create))
        .route("/tokens/verify", get(handlers::verify))
        .route(
            "/tokens/permission_groups",
            get(handlers::permission_groups),
        )
        .route(
            "/tokens/{token_id}",
            get(handlers::get_one)
                .put(handlers::update)
                .delete(handlers::delete),
        )
        .route("/tokens/{token_id}/value", put(handlers::roll))
}

pub fn routes() -> Router<Arc<Sim>> {
    Router::new()
        .nest("/client/v4/accounts/{account_id}", tokens_routes())
        .nest("/client/v4/user", tokens_routes())
        .route("/client/v4/zones", get(zones::list))
        .route("/client/v4/accounts", get(zones::accounts))
}
