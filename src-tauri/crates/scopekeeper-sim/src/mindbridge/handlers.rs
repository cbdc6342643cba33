//! The calls on one token and on the caller: get, current, rename (needs the current
//! `version`; a stale one answers 409), delete (204), `users/current` (no permission needed).

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::call;
use super::errors::{
    invalid, not_found, object_body, problem, problems_response, unknown_properties,
};
use crate::common::{self, now};
use crate::Sim;

pub(super) async fn get_one(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    call(
        &sim,
        "get",
        peer,
        &headers,
        Some("api.api-tokens.read"),
        |t, _| match t.tokens.iter().find(|x| x.id == id) {
            Some(tok) => common::json(StatusCode::OK, tok.record()),
            None => not_found(&id),
        },
    )
    .await
}

pub(super) async fn current(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    call(&sim, "current", peer, &headers, None, |t, caller| {
        common::json(StatusCode::OK, t.tokens[caller].record())
    })
    .await
}

pub(super) async fn rename(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    call(
        &sim,
        "rename",
        peer,
        &headers,
        Some("api.api-tokens.write"),
        |t, caller| {
            let body = match object_body(&body) {
                Ok(b) => b,
                Err(r) => return r,
            };
            let mut problems = unknown_properties(&body, &["name", "version"]);
            let name = body
                .get("name")
                .and_then(Value::as_str)
                .filter(|s| !s.trim().is_empty());
            if name.is_none() {
                problems.push(problem(
                    "ILLEGAL_ARGUMENT",
                    "name",
                    "name is required and must not be empty",
                    vec![],
                ));
            }
            let version = body.get("version").and_then(Value::as_i64);
            if version.is_none() {
                problems.push(problem(
                    "ILLEGAL_ARGUMENT",
                    "version",
                    "version is required",
                    vec![],
                ));
            }
            if !problems.is_empty() {
                return invalid(problems);
            }
            let by = t.tokens[caller].as_user();
            let Some(tok) = t.tokens.iter_mut().find(|x| x.id == id) else {
                return not_found(&id);
            };
            if Some(tok.version) != version {
                return problems_response(
                    StatusCode::CONFLICT,
                    "Conflict",
                    vec![problem(
                        "INVALID_STATE",
                        "version",
                        "The API token was changed since you read it; read it again and retry",
                        vec![tok.version.to_string()],
                    )],
                );
            }
            tok.name = name.expect("validated").to_owned();
            tok.version += 1;
            tok.modified = now();
            tok.modified_by = by;
            common::json(StatusCode::OK, tok.record())
        },
    )
    .await
}

pub(super) async fn delete(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    call(
        &sim,
        "delete",
        peer,
        &headers,
        Some("api.api-tokens.delete"),
        |t, _| match t.tokens.iter().position(|x| x.id == id) {
            Some(i) => {
                t.tokens.remove(i);
                StatusCode::NO_CONTENT.into_response()
            }
            None => not_found(&id),
        },
    )
    .await
}

pub(super) async fn user_current(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    // Documented as needing no permission.
    call(&sim, "users_current", peer, &headers, None, |t, caller| {
        let tok = &t.tokens[caller];
        common::json(
            StatusCode::OK,
            json!({
                "id": tok.user_id,
                "firstName": tok.name,
                "lastName": "",
                "role": "ROLE_ADMIN",
                "serviceAccount": true,
                "enabled": true,
            }),
        )
    })
    .await
}
