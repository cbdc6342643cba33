//! Manifest Cyber (`{base}/v1/…`), per shared/vendor-apis.md §4.
//!
//! Manifest publishes no API for managing tokens, so this simulates what a token can be checked
//! against: `GET /v1/health` (no auth) and `GET /v1/organization` with a Bearer token (401 for
//! an unknown or expired token).
//!
//! `POST /_sim/console/api-tokens` is NOT a Manifest API: it stands in for Manifest's web console
//! (Settings → Account → API Tokens) in the sandbox: unique name, `view-all` required, expiry
//! within a year, token shown once. Choices where the docs are silent ([I]): error bodies are
//! `{"success":false,"errors":[…]}`; tokens are 64 random alphanumerics.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use chrono::Duration;
use serde_json::{json, Value};

use crate::common::Instant;

use crate::common::{self, credential_after};
use crate::{gate, Sim, Vendor};

struct Token {
    secret: String,
    name: String,
    expires: Instant,
}

pub struct Tenant {
    tokens: Vec<Token>,
}

impl Tenant {
    pub fn seeded(admin_token: Option<String>) -> Self {
        Tenant {
            tokens: vec![Token {
                secret: admin_token.unwrap_or_else(|| common::random_alnum(64)),
                name: "Scopekeeper sandbox admin".into(),
                expires: common::now() + Duration::days(300),
            }],
        }
    }

    pub fn admin_token(&self) -> &str {
        &self.tokens[0].secret
    }

    fn authenticate(&self, headers: &HeaderMap) -> Result<&Token, Response> {
        let presented =
            credential_after(headers, "Bearer").ok_or_else(|| error(StatusCode::UNAUTHORIZED))?;
        self.tokens
            .iter()
            .find(|t| t.secret == presented && t.expires > common::now())
            .ok_or_else(|| error(StatusCode::UNAUTHORIZED))
    }
}

pub fn error(status: StatusCode) -> Response {
    let msg = match status.as_u16() {
        401 => "Unauthorized",
        403 => "Forbidden",
        409 => "A token with this name already exists",
        _ => status.canonical_reason().unwrap_or("Error"),
    };
    common::json(status, json!({ "success": false, "errors": [msg] }))
}

pub fn routes() -> Router<Arc<Sim>> {
    Router::new()
        .route("/v1/health", get(health))
        .route("/v1/organization", get(organization))
        .route("/_sim/console/api-tokens", post(console_create))
}

async fn health(State(sim): State<Arc<Sim>>) -> Response {
    if let Some(r) = gate(&sim, Vendor::Manifest, "health").await {
        return r;
    }
    common::json(StatusCode::OK, json!({ "success": true, "status": "ok" }))
}

async fn organization(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> Response {
    if let Some(r) = gate(&sim, Vendor::Manifest, "organization").await {
        return r;
    }
    let t = sim.manifest.lock().expect("manifest lock");
    match t.authenticate(&headers) {
        Ok(_) => common::json(
            StatusCode::OK,
            json!({ "success": true, "data": { "_id": "6650c0ffee0000000000000a", "name": "Sandbox Organization", "isParent": false } }),
        ),
        Err(r) => r,
    }
}

async fn console_create(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    if let Some(r) = gate(&sim, Vendor::Manifest, "console_create").await {
        return r;
    }
    let mut t = sim.manifest.lock().expect("manifest lock");
    if let Err(r) = t.authenticate(&headers) {
        return r;
    }
    let bad = |msg: &str| {
        common::json(
            StatusCode::BAD_REQUEST,
            json!({ "success": false, "errors": [msg] }),
        )
    };
    let Ok(req) = serde_json::from_slice::<Value>(&body) else {
        return bad("body must be JSON");
    };
    let name = req
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
        .to_owned();
    if name.is_empty() {
        return bad("name is required");
    }
    if t.tokens.iter().any(|x| x.name == name) {
        return error(StatusCode::CONFLICT);
    }
    let scopes: Vec<&str> = req
        .get("scopes")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if !scopes.contains(&"view-all") {
        return bad("view-all is required for every token");
    }
    let days = req
        .get("expires_in_days")
        .and_then(Value::as_i64)
        .unwrap_or(90);
    if !(1..=365).contains(&days) {
        return bad("tokens expire within 1 year");
    }
    let secret = common::random_alnum(64);
    t.tokens.push(Token {
        secret: secret.clone(),
        name,
        expires: common::now() + Duration::days(days),
    });
    common::json(
        StatusCode::CREATED,
        json!({ "success": true, "token": secret }),
    )
}
