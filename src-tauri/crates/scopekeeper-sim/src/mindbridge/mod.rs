//! MindBridge API tokens (`{base}/api/v1/api-tokens…`), per shared/vendor-apis.md §2.
//!
//! Bearer auth; a deleted or expired token, or a call from outside its `allowedAddresses`, is
//! refused with 401. Create needs `api.api-tokens.write` and answers 201 with the secret, which
//! no later call returns. Bodies with properties outside the model are rejected with a
//! `problems[]` body; read-only properties are ignored. Lifetime at most 2 years. Rename needs
//! the current `version`. Query pages are 0-based.
//!
//! Choices where the docs are silent ([I]): validation failures answer 422, a stale `version`
//! answers 409, a call from a disallowed address answers 401; permissions for read and delete
//! are `api.api-tokens.read` / `.delete`; `users/current` needs no permission (documented).
//!
//! Files: `model` (tokens), `seed` (the permission enum, a realistic tenant), `bulk`
//! (`--seed-tokens`: many more in a realistic mix), `auth` (bearer,
//! allowlist, permissions), `errors` (the `problems[]` envelope, body checks), `query` (pages,
//! sort, MindBridge-QL), `create`, `handlers` (get, current, rename, delete, users/current).

use std::net::SocketAddr;
use std::sync::Arc;

use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;

use crate::{gate, Sim, Vendor};

mod auth;
mod bulk;
mod create;
mod errors;
mod handlers;
mod model;
mod query;
mod seed;

pub use errors::injected_error;
pub use model::Tenant;

/// The prologue every handler shares (fault gate, auth, permission), then `work` under the lock.
async fn call(
    sim: &Sim,
    op: &str,
    peer: SocketAddr,
    headers: &HeaderMap,
    permission: Option<&str>,
    work: impl FnOnce(&mut Tenant, usize) -> Response,
) -> Response {
    if let Some(r) = gate(sim, Vendor::MindBridge, op).await {
        return r;
    }
    let mut t = sim.mindbridge.lock().expect("mindbridge lock");
    let caller = match t.authenticate(headers, peer) {
        Ok(c) => c,
        Err(r) => return r,
    };
    if let Some(p) = permission {
        if let Err(r) = t.require(caller, p) {
            return r;
        }
    }
    work(&mut t, caller)
}

pub fn routes() -> Router<Arc<Sim>> {
    Router::new()
        .route("/api/v1/api-tokens", post(create::create))
        .route("/api/v1/api-tokens/query", post(query::query))
        .route("/api/v1/api-tokens/current", get(handlers::current))
        .route(
            "/api/v1/api-tokens/{id}",
            get(handlers::get_one)
                .put(handlers::rename)
                .delete(handlers::delete),
        )
        .route("/api/v1/users/current", get(handlers::user_current))
}
