//! Cortex Public API keys (`{base}/public_api/v1/…`), per shared/vendor-apis.md §3.
//!
//! Standard auth (`Authorization: <key>`, `x-xdr-auth-id: <id>`) and Advanced auth
//! (`Authorization: sha256_hex(key + nonce + timestamp)` with `x-xdr-nonce` and
//! `x-xdr-timestamp`); a key is used at its own security level only, and an Advanced nonce is
//! accepted once. Keys carry roles; generating and deleting need `Public API View/Edit`.
//! Expiration defaults to one week and may be at most six months away. Lists answer with the
//! upper-case `DATA` / `FILTER_COUNT` / `TOTAL_COUNT` the real tenants send, and never the key.
//! `rbac/get_roles` answers nested arrays, and 500 when `role_names` is empty. Errors use the
//! `{"reply":{"err_code","err_msg","err_extra"}}` envelope.
//!
//! Choices where the docs are silent ([I]): invalid request data answers 400; listing keys and
//! reading roles need `Public API View`; timestamps older than five minutes are refused; the
//! permission names are the catalog's (`CLI Tools View`, …).
//!
//! Files: `tenant` (keys, roles, seeded tenant, both auth levels), `bulk` (`--seed-tokens`:
//! many more keys in a realistic mix), `handlers` (generate, list, delete, healthcheck,
//! get_roles).

use std::sync::Arc;

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};

use crate::{common, gate, Sim, Vendor};

mod bulk;
mod handlers;
mod tenant;

use handlers::*;
pub use tenant::Tenant;

pub(super) const DAY_MS: i64 = 24 * 3600 * 1000;
pub(super) const WEEK_MS: i64 = 7 * DAY_MS;
/// Six months, counted as 183 days (the longest six consecutive months). [I]
pub(super) const MAX_EXPIRATION_MS: i64 = 183 * DAY_MS;
pub(super) const TIMESTAMP_SKEW_MS: i64 = 5 * 60 * 1000;

/// Roles and the component permissions each grants (doc 003 and the IAM permission model).
pub const ROLES: &[(&str, &str, &[&str])] = &[
    (
        "CLI Read-Only Custom",
        "Run CLI scans locally, no upload",
        &["CLI Tools View"],
    ),
    (
        "CLI Write Custom",
        "Run CLI scans and upload results",
        &["CLI Tools View/Edit", "CLI Tools View"],
    ),
    (
        "Public API (PAPI) Edit",
        "Generate and manage API keys",
        &["Public API View/Edit", "Public API View"],
    ),
    (
        "CLI",
        "Built-in CLI role",
        &["CLI Tools View/Edit", "CLI Tools View"],
    ),
    (
        "CLI Read Only",
        "Built-in read-only CLI role",
        &["CLI Tools View"],
    ),
    (
        "Instance Admin",
        "Full administrative access to the tenant",
        &[
            "Tenant-wide permissions",
            "CLI Tools View/Edit",
            "CLI Tools View",
            "Public API View/Edit",
            "Public API View",
        ],
    ),
    (
        "Account Admin",
        "Full administrative access to the account",
        &[
            "Tenant-wide permissions",
            "CLI Tools View/Edit",
            "CLI Tools View",
            "Public API View/Edit",
            "Public API View",
        ],
    ),
];

/// The Public API error envelope.
pub fn error(status: StatusCode, msg: &str, extra: Option<String>) -> Response {
    common::json(
        status,
        json!({ "reply": { "err_code": status.as_u16(), "err_msg": msg, "err_extra": extra } }),
    )
}

pub(super) fn bad_request(msg: impl Into<String>) -> Response {
    error(
        StatusCode::BAD_REQUEST,
        "Invalid request data",
        Some(msg.into()),
    )
}

/// `request_data` of a Public API body, or the 400 to answer.
pub(super) fn request_data(body: &[u8]) -> Result<serde_json::Map<String, Value>, Response> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(mut m)) => match m.remove("request_data") {
            Some(Value::Object(d)) => Ok(d),
            _ => Err(bad_request("the body must be {\"request_data\": {…}}")),
        },
        _ => Err(error(StatusCode::BAD_REQUEST, "Invalid JSON", None)),
    }
}

pub fn routes() -> Router<Arc<Sim>> {
    Router::new()
        .route("/public_api/v1/api_keys/generate", post(generate))
        .route("/public_api/v1/api_keys/get_api_keys", post(list))
        .route("/public_api/v1/api_keys/delete", post(delete))
        .route("/public_api/v1/healthcheck", get(healthcheck))
        .route("/public_api/v1/rbac/get_roles", post(get_roles))
}

/// Runs the common prologue (fault gate, auth, permission) and then `work` under the lock.
pub(super) async fn call(
    sim: &Sim,
    op: &str,
    headers: &HeaderMap,
    permission: Option<&str>,
    work: impl FnOnce(&mut Tenant, usize) -> Response,
) -> Response {
    if let Some(r) = gate(sim, Vendor::Cortex, op).await {
        return r;
    }
    let mut t = sim.cortex.lock().expect("cortex lock");
    let caller = match t.authenticate(headers) {
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
