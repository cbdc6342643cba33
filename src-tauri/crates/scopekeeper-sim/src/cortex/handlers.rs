//! The key API's calls: generate, list (with filters), delete, healthcheck, get_roles.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use crate::common::{self, now_ms};
use crate::Sim;

use super::tenant::{role_permissions, Key};
use super::*;

pub(super) async fn generate(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
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

pub(super) async fn list(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Response {
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

pub(super) async fn delete(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
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

pub(super) async fn healthcheck(State(sim): State<Arc<Sim>>, headers: HeaderMap) -> Response {
    call(&sim, "healthcheck", &headers, None, |_, _| {
        common::json(StatusCode::OK, json!({ "status": "available" }))
    })
    .await
}

pub(super) async fn get_roles(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
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
