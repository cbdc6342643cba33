//! Bright DAST (`{base}/api/…`), per shared/vendor-apis.md §1.
//!
//! Bright publishes no API for managing keys, so this simulates only what a key can be checked
//! against: `GET /api/v2/projects?limit=&offset=` with `Authorization: Api-Key <key>` (scheme
//! case-insensitive), 401 for an unknown or expired key, 403 for a key without `projects:read`
//! (or `projects:admin`). Keys have the documented 45-character shape.
//!
//! `POST /_sim/console/api-keys` is NOT a Bright API: it stands in for Bright's web console in
//! the sandbox ("create a key, it is shown once"), so the guided flow can be tried offline.
//! Choices where the docs are silent ([I]): errors are short `text/plain` bodies; the key infix
//! is `nexa` for organization keys, `nexp` for personal ones and `nexr` for project ones.

use std::sync::Arc;

use crate::common::Instant;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::common::{self, credential_after};
use crate::{gate, Sim, Vendor};

struct Key {
    secret: String,
    scopes: Vec<String>,
    expires: Option<Instant>,
}

pub struct Tenant {
    keys: Vec<Key>,
}

fn new_key(kind: &str) -> String {
    let infix = match kind {
        "personal" => 'p',
        "project" => 'r',
        _ => 'a',
    };
    format!(
        "{}.nex{infix}.{}",
        common::random_lower_alnum(7),
        common::random_lower_alnum(32)
    )
}

impl Tenant {
    /// An organization key that can read projects and create keys.
    pub fn seeded(admin_key: Option<String>) -> Self {
        let scopes = [
            "projects:read",
            "scans:read",
            "issues:read",
            "org:read",
            "org.api-keys",
        ];
        Tenant {
            keys: vec![Key {
                secret: admin_key.unwrap_or_else(|| new_key("organization")),
                scopes: scopes.iter().map(|s| s.to_string()).collect(),
                expires: None,
            }],
        }
    }

    pub fn admin_key(&self) -> &str {
        &self.keys[0].secret
    }

    fn authenticate(&self, headers: &HeaderMap) -> Result<&Key, Response> {
        let presented =
            credential_after(headers, "Api-Key").ok_or_else(|| error(StatusCode::UNAUTHORIZED))?;
        self.keys
            .iter()
            .find(|k| k.secret == presented && k.expires.is_none_or(|e| e > common::now()))
            .ok_or_else(|| error(StatusCode::UNAUTHORIZED))
    }
}

pub fn error(status: StatusCode) -> Response {
    let text = match status.as_u16() {
        401 => "Unauthorized",
        403 => "Forbidden: the API key lacks the required scope",
        429 => "Too Many Requests",
        _ => status.canonical_reason().unwrap_or("Error"),
    };
    (
        status,
        [("content-type", "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

pub fn routes() -> Router<Arc<Sim>> {
    Router::new()
        .route("/api/v2/projects", get(projects))
        .route("/_sim/console/api-keys", post(console_create))
}

#[derive(Deserialize)]
struct Page {
    limit: Option<usize>,
    offset: Option<usize>,
}

async fn projects(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    Query(page): Query<Page>,
) -> Response {
    if let Some(r) = gate(&sim, Vendor::Bright, "projects").await {
        return r;
    }
    let t = sim.bright.lock().expect("bright lock");
    let key = match t.authenticate(&headers) {
        Ok(k) => k,
        Err(r) => return r,
    };
    if !key
        .scopes
        .iter()
        .any(|s| s == "projects:read" || s == "projects:admin")
    {
        return error(StatusCode::FORBIDDEN);
    }
    let all = [
        json!({"id": "p7fk2mQx9Ls4Tn1bVc8Ha3", "name": "Sandbox storefront"}),
        json!({"id": "q2Rt5yUw8Zx1Cv4Bn7Ma6L", "name": "Sandbox payments API"}),
    ];
    let items: Vec<&Value> = all
        .iter()
        .skip(page.offset.unwrap_or(0))
        .take(page.limit.unwrap_or(10))
        .collect();
    common::json(StatusCode::OK, json!({ "items": items }))
}

async fn console_create(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    if let Some(r) = gate(&sim, Vendor::Bright, "console_create").await {
        return r;
    }
    let mut t = sim.bright.lock().expect("bright lock");
    if let Err(r) = t.authenticate(&headers) {
        return r;
    }
    let Ok(req) = serde_json::from_slice::<Value>(&body) else {
        return common::json(
            StatusCode::BAD_REQUEST,
            json!({"error": "body must be JSON"}),
        );
    };
    let scopes: Vec<String> = req
        .get("scopes")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect()
        })
        .unwrap_or_default();
    if scopes.is_empty() {
        return common::json(
            StatusCode::BAD_REQUEST,
            json!({"error": "select at least one scope"}),
        );
    }
    let kind = req
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or("personal");
    let expires = match req.get("expires_on").and_then(Value::as_str) {
        None => None,
        Some(d) => match common::parse_rfc3339(&format!("{d}T23:59:59Z")) {
            Some(e) => Some(e),
            None => {
                return common::json(
                    StatusCode::BAD_REQUEST,
                    json!({"error": "expires_on must be YYYY-MM-DD"}),
                )
            }
        },
    };
    let secret = new_key(kind);
    t.keys.push(Key {
        secret: secret.clone(),
        scopes,
        expires,
    });
    common::json(StatusCode::CREATED, json!({ "key": secret }))
}
