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

use std::collections::HashSet;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::common::{self, header_str, now_ms};
use crate::{gate, Sim, Vendor};

const DAY_MS: i64 = 24 * 3600 * 1000;
const WEEK_MS: i64 = 7 * DAY_MS;
/// Six months, counted as 183 days (the longest six consecutive months). [I]
const MAX_EXPIRATION_MS: i64 = 183 * DAY_MS;
const TIMESTAMP_SKEW_MS: i64 = 5 * 60 * 1000;

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

fn role_permissions(role: &str) -> &'static [&'static str] {
    ROLES.iter().find(|r| r.0 == role).map_or(&[], |r| r.2)
}

struct Key {
    id: i64,
    secret: String,
    creation_time: i64,
    created_by: String,
    roles: Vec<String>,
    advanced: bool,
    comment: Option<String>,
    expiration: Option<i64>,
}

impl Key {
    fn record(&self) -> Value {
        json!({
            "id": self.id,
            "creation_time": self.creation_time,
            "created_by": self.created_by,
            "user_name": format!("Public API - {}", self.id),
            "roles": self.roles,
            "security_level": if self.advanced { "advanced" } else { "standard" },
            "comment": self.comment,
            "expiration": self.expiration,
        })
    }

    fn holds(&self, permission: &str) -> bool {
        self.roles
            .iter()
            .any(|r| role_permissions(r).contains(&permission))
    }
}

pub struct Tenant {
    keys: Vec<Key>,
    next_id: i64,
    seen_nonces: HashSet<String>,
}

impl Tenant {
    /// A tenant whose key 1 is a primary key (PAPI Edit + the CLI roles), with other keys
    /// around it: narrow, Advanced and expiring soon, a never-expiring admin key, an expired one.
    pub fn seeded(admin_key: Option<String>) -> Self {
        let now = now_ms();
        // (roles, advanced, comment, expiration, created by)
        type Seed<'a> = (Vec<&'a str>, bool, Option<&'a str>, Option<i64>, &'a str);
        let seeds: Vec<Seed> = vec![
            (
                vec![
                    "Public API (PAPI) Edit",
                    "CLI Write Custom",
                    "CLI Read-Only Custom",
                ],
                false,
                Some("Primary key: provisions CLI keys"),
                Some(now + 150 * DAY_MS),
                "secops.admin@example.com",
            ),
            (
                vec!["CLI Read-Only Custom"],
                false,
                Some("Developer laptops: local scans"),
                Some(now + 30 * DAY_MS),
                "secops.admin@example.com",
            ),
            (
                vec!["CLI Write Custom"],
                true,
                Some("CI upload (pipeline)"),
                Some(now + 5 * DAY_MS),
                "platform.lead@example.com",
            ),
            (
                vec!["Instance Admin"],
                false,
                Some("legacy automation"),
                None,
                "former.admin@example.com",
            ),
            (
                vec!["CLI"],
                false,
                None,
                Some(now - 3 * DAY_MS),
                "platform.lead@example.com",
            ),
        ];
        let mut t = Tenant {
            keys: Vec::new(),
            next_id: 1,
            seen_nonces: HashSet::new(),
        };
        let mut admin_key = admin_key;
        for (i, (roles, advanced, comment, expiration, by)) in seeds.into_iter().enumerate() {
            let secret = if i == 0 { admin_key.take() } else { None };
            let id = t.next_id;
            t.next_id += 1;
            t.keys.push(Key {
                id,
                secret: secret.unwrap_or_else(|| common::random_alnum(128)),
                creation_time: now - (60 - i as i64 * 7) * DAY_MS,
                created_by: by.into(),
                roles: roles.into_iter().map(String::from).collect(),
                advanced,
                comment: comment.map(String::from),
                expiration,
            });
        }
        t
    }

    pub fn admin_key(&self) -> &str {
        &self.keys[0].secret
    }

    pub fn admin_key_id(&self) -> i64 {
        self.keys[0].id
    }

    /// The calling key's index, or the 401 to answer.
    fn authenticate(&mut self, headers: &HeaderMap) -> Result<usize, Response> {
        let denied = || {
            error(
                StatusCode::UNAUTHORIZED,
                "Public API request unauthorized",
                None,
            )
        };
        let id: i64 = header_str(headers, "x-xdr-auth-id")
            .and_then(|v| v.trim().parse().ok())
            .ok_or_else(denied)?;
        let auth = header_str(headers, "authorization").ok_or_else(denied)?;
        let idx = self
            .keys
            .iter()
            .position(|k| k.id == id)
            .ok_or_else(denied)?;
        let key = &self.keys[idx];
        if key.expiration.is_some_and(|e| e <= now_ms()) {
            return Err(denied());
        }
        if key.advanced {
            let nonce = header_str(headers, "x-xdr-nonce").ok_or_else(denied)?;
            let ts = header_str(headers, "x-xdr-timestamp").ok_or_else(denied)?;
            let ts_ms: i64 = ts.parse().map_err(|_| denied())?;
            if nonce.len() != 64
                || !nonce.bytes().all(|b| b.is_ascii_alphanumeric())
                || (now_ms() - ts_ms).abs() > TIMESTAMP_SKEW_MS
            {
                return Err(denied());
            }
            let expected = hex::encode(Sha256::digest(format!("{}{nonce}{ts}", key.secret)));
            if !auth.eq_ignore_ascii_case(&expected) || !self.seen_nonces.insert(nonce.to_owned()) {
                return Err(denied());
            }
        } else if auth != key.secret {
            return Err(denied());
        }
        Ok(idx)
    }

    fn require(&self, caller: usize, permission: &str) -> Result<(), Response> {
        if self.keys[caller].holds(permission) {
            Ok(())
        } else {
            Err(error(
                StatusCode::FORBIDDEN,
                "Insufficient permissions for api key",
                Some(format!("requires {permission}")),
            ))
        }
    }
}

/// The Public API error envelope.
pub fn error(status: StatusCode, msg: &str, extra: Option<String>) -> Response {
    common::json(
        status,
        json!({ "reply": { "err_code": status.as_u16(), "err_msg": msg, "err_extra": extra } }),
    )
}

fn bad_request(msg: impl Into<String>) -> Response {
    error(
        StatusCode::BAD_REQUEST,
        "Invalid request data",
        Some(msg.into()),
    )
}

/// `request_data` of a Public API body, or the 400 to answer.
fn request_data(body: &[u8]) -> Result<serde_json::Map<String, Value>, Response> {
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
async fn call(
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

async fn generate(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    call(
        &sim,
        "generate",
        &headers,
        Some("Public API View/Edit"),
        |t, caller| {
            let data = match request_data(&body) {
                Ok(d) => d,
                Err(r) => return r,
            };
            let roles: Option<Vec<String>> = data
                .get("roles")
                .and_then(Value::as_array)
                .and_then(|a| a.iter().map(|x| x.as_str().map(str::to_owned)).collect());
            let roles = match roles {
                Some(r) if !r.is_empty() => r,
                _ => return bad_request("roles must list at least one role name"),
            };
            if let Some(unknown) = roles.iter().find(|r| role_permissions(r).is_empty()) {
                return bad_request(format!("unknown role {unknown}"));
            }
            let advanced = match data.get("security_level").and_then(Value::as_str) {
                None | Some("standard") => false,
                Some("advanced") => true,
                Some(other) => {
                    return bad_request(format!(
                        "security_level must be standard or advanced, not {other}"
                    ))
                }
            };
            let now = now_ms();
            let expiration = match data.get("expiration") {
                None | Some(Value::Null) => now + WEEK_MS,
                Some(v) => match v.as_i64() {
                    Some(e) if e <= now => return bad_request("expiration must be in the future"),
                    Some(e) if e > now + MAX_EXPIRATION_MS => {
                        return bad_request("expiration may be at most six months from now")
                    }
                    Some(e) => e,
                    None => return bad_request("expiration must be epoch milliseconds"),
                },
            };
            let comment = match data.get("comment") {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => Some(s.clone()),
                Some(_) => return bad_request("comment must be a string"),
            };
            let id = t.next_id;
            t.next_id += 1;
            let secret = common::random_alnum(128);
            let created_by = format!("Public API - {}", t.keys[caller].id);
            t.keys.push(Key {
                id,
                secret: secret.clone(),
                creation_time: now,
                created_by,
                roles,
                advanced,
                comment,
                expiration: Some(expiration),
            });
            common::json(
                StatusCode::OK,
                json!({ "reply": { "id": id, "key": secret } }),
            )
        },
    )
    .await
}

/// Which keys a list of filters selects.
fn filtered<'a>(keys: &'a [Key], filters: &[Value]) -> Result<Vec<&'a Key>, Response> {
    let mut out: Vec<&Key> = keys.iter().collect();
    for f in filters {
        let field = f.get("field").and_then(Value::as_str).unwrap_or("");
        let op = f.get("operator").and_then(Value::as_str).unwrap_or("");
        let value = f.get("value").cloned().unwrap_or(Value::Null);
        match (field, op) {
            ("expiration", "gte" | "lte") => {
                let Some(v) = value.as_i64() else {
                    return Err(bad_request("expiration filters take epoch milliseconds"));
                };
                out.retain(|k| match k.expiration {
                    Some(e) => {
                        if op == "gte" {
                            e >= v
                        } else {
                            e <= v
                        }
                    }
                    None => op == "gte",
                });
            }
            ("roles", "contains") => {
                let wanted: Vec<&str> = value
                    .as_array()
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                out.retain(|k| wanted.iter().any(|w| k.roles.iter().any(|r| r == w)));
            }
            ("id", "in") => {
                let Some(ids) = value
                    .as_array()
                    .map(|a| a.iter().filter_map(Value::as_i64).collect::<Vec<_>>())
                else {
                    return Err(bad_request("id filters take a list of ids"));
                };
                out.retain(|k| ids.contains(&k.id));
            }
            _ => return Err(bad_request(format!("unsupported filter {field} {op}"))),
        }
    }
    Ok(out)
}

async fn list(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    call(&sim, "list", &headers, Some("Public API View"), |t, _| {
        let data = match request_data(&body) {
            Ok(d) => d,
            Err(r) => return r,
        };
        let filters = data.get("filters").and_then(Value::as_array).cloned().unwrap_or_default();
        let mut keys = match filtered(&t.keys, &filters) {
            Ok(k) => k,
            Err(r) => return r,
        };
        if let Some(sort) = data.get("sort") {
            match sort.get("field").and_then(Value::as_str) {
                Some("expiration") => keys.sort_by_key(|k| k.expiration.unwrap_or(i64::MAX)),
                Some("roles") => keys.sort_by(|a, b| a.roles.cmp(&b.roles)),
                _ => return bad_request("sort.field must be expiration or roles"),
            }
            if sort.get("keyword").and_then(Value::as_str) == Some("desc") {
                keys.reverse();
            }
        }
        let filter_count = keys.len();
        let from = data.get("search_from").and_then(Value::as_u64).unwrap_or(0) as usize;
        let to = data.get("search_to").and_then(Value::as_u64).map_or(usize::MAX, |v| v as usize);
        let page: Vec<Value> = keys.iter().skip(from).take(to.saturating_sub(from)).map(|k| k.record()).collect();
        common::json(
            StatusCode::OK,
            json!({ "reply": { "DATA": page, "FILTER_COUNT": filter_count, "TOTAL_COUNT": t.keys.len() } }),
        )
    })
    .await
}

async fn delete(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    call(
        &sim,
        "delete",
        &headers,
        Some("Public API View/Edit"),
        |t, _| {
            let data = match request_data(&body) {
                Ok(d) => d,
                Err(r) => return r,
            };
            let filters = data
                .get("filters")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            if filters.is_empty() {
                return bad_request("delete needs filters, e.g. id in [112]");
            }
            let ids: Vec<i64> = match filtered(&t.keys, &filters) {
                Ok(k) => k.iter().map(|k| k.id).collect(),
                Err(r) => return r,
            };
            t.keys.retain(|k| !ids.contains(&k.id));
            common::json(
                StatusCode::OK,
                json!({ "reply": { "update_count": ids.len() } }),
            )
        },
    )
    .await
}

async fn healthcheck(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> Response {
    call(&sim, "healthcheck", &headers, None, |_, _| {
        common::json(StatusCode::OK, json!({ "status": "available" }))
    })
    .await
}

async fn get_roles(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
    call(
        &sim,
        "get_roles",
        &headers,
        Some("Public API View"),
        |_, _| {
            let data = match request_data(&body) {
                Ok(d) => d,
                Err(r) => return r,
            };
            let names: Vec<&str> = data
                .get("role_names")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            if names.is_empty() {
                // Faithful quirk: an empty or missing role_names is a server error.
                return error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "An error occurred while processing XDR public API",
                    None,
                );
            }
            let reply: Vec<Value> = ROLES
                .iter()
                .filter(|r| names.contains(&r.0))
                .map(|(name, description, perms)| {
                    json!([{
                        "pretty_name": name,
                        "permissions": perms,
                        "insert_time": 1_700_000_000_000i64,
                        "update_time": 1_700_000_000_000i64,
                        "created_by": "system",
                        "description": description,
                        "groups": [],
                        "users": [],
                    }])
                })
                .collect();
            common::json(StatusCode::OK, json!({ "reply": reply }))
        },
    )
    .await
}
