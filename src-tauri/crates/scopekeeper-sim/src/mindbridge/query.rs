//! `POST /api-tokens/query`: needs `api.api-tokens.read`; 0-based pages of 1–100, an optional
//! `sort`, and a small part of MindBridge-QL as the body.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use super::call;
use super::errors::{invalid, object_body, problem};
use super::model::Token;
use crate::common;
use crate::Sim;

pub(super) async fn query(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
    body: Bytes,
) -> Response {
    call(
        &sim,
        "query",
        peer,
        &headers,
        Some("api.api-tokens.read"),
        |t, _| {
            let filter = if body.is_empty() {
                Value::Object(serde_json::Map::new())
            } else {
                match object_body(&body) {
                    Ok(b) => Value::Object(b),
                    Err(r) => return r,
                }
            };
            let (page, size) = match page_and_size(&params) {
                Ok(p) => p,
                Err(r) => return r,
            };
            let mut matched = Vec::new();
            for tok in &t.tokens {
                match matches(&filter, tok) {
                    Ok(true) => matched.push(tok),
                    Ok(false) => {}
                    Err(reason) => {
                        return invalid(vec![problem(
                            "ILLEGAL_ARGUMENT",
                            "filter",
                            &reason,
                            vec![],
                        )])
                    }
                }
            }
            if let Err(r) = sort(&mut matched, params.get("sort")) {
                return r;
            }
            one_page(&matched, page, size)
        },
    )
    .await
}

/// `page` (0-based) and `size` (1–100, default 20), or the 422 to answer.
fn page_and_size(params: &HashMap<String, String>) -> Result<(usize, usize), Response> {
    let number = |key: &str, default: usize| -> Result<usize, Response> {
        match params.get(key) {
            None => Ok(default),
            Some(v) => v.parse().map_err(|_| {
                invalid(vec![problem(
                    "INCORRECT_DATA_TYPE",
                    key,
                    "must be a whole number",
                    vec![v.clone()],
                )])
            }),
        }
    };
    let (page, size) = (number("page", 0)?, number("size", 20)?);
    if !(1..=100).contains(&size) {
        return Err(invalid(vec![problem(
            "ILLEGAL_ARGUMENT",
            "size",
            "size must be between 1 and 100",
            vec![],
        )]));
    }
    Ok((page, size))
}

/// `sort=field[,asc|desc]` over `name`, `creationDate`, `expiry`.
fn sort(matched: &mut [&Token], sort: Option<&String>) -> Result<(), Response> {
    let Some(sort) = sort else { return Ok(()) };
    let (field, dir) = sort.split_once(',').unwrap_or((sort.as_str(), "asc"));
    match field {
        "name" => matched.sort_by(|a, b| a.name.cmp(&b.name)),
        "creationDate" => matched.sort_by_key(|a| a.created),
        "expiry" => matched.sort_by_key(|a| a.expiry),
        other => {
            return Err(invalid(vec![problem(
                "ILLEGAL_ARGUMENT",
                "sort",
                &format!("cannot sort by {other}"),
                vec![],
            )]))
        }
    }
    if dir.eq_ignore_ascii_case("desc") {
        matched.reverse();
    }
    Ok(())
}

fn one_page(matched: &[&Token], page: usize, size: usize) -> Response {
    let total = matched.len();
    let content: Vec<Value> = matched
        .iter()
        .skip(page * size)
        .take(size)
        .map(|t| t.record())
        .collect();
    let total_pages = total.div_ceil(size);
    let n = content.len();
    common::json(
        StatusCode::OK,
        json!({
            "pageNumber": page,
            "totalPages": total_pages,
            "numberOfElements": n,
            "totalElements": total,
            "content": content,
            // Deprecated duplicates the real API still sends.
            "pageSize": size,
            "size": size,
            "number": page,
            "first": page == 0,
            "last": page + 1 >= total_pages,
        }),
    )
}

/// A small part of MindBridge-QL: `{}` (all), `{"field": value}`, `{"field": {"$eq"|"$ne"|"$in": …}}`,
/// `{"$and": […]}`, `{"$or": […]}` over `id`, `name`, `userId` and `permissions` (contains).
fn matches(filter: &Value, tok: &Token) -> Result<bool, String> {
    let Value::Object(map) = filter else {
        return Err("a filter must be a JSON object".into());
    };
    for (key, cond) in map {
        let ok = match key.as_str() {
            "$and" | "$or" => {
                let parts = cond.as_array().ok_or(format!("{key} takes a list"))?;
                let results = parts
                    .iter()
                    .map(|p| matches(p, tok))
                    .collect::<Result<Vec<_>, _>>()?;
                if key == "$and" {
                    results.into_iter().all(|b| b)
                } else {
                    results.into_iter().any(|b| b)
                }
            }
            field => {
                let values: Vec<&str> = match field {
                    "id" => vec![&tok.id],
                    "name" => vec![&tok.name],
                    "userId" => vec![&tok.user_id],
                    "permissions" => tok.permissions.iter().map(String::as_str).collect(),
                    other => return Err(format!("cannot filter on {other}")),
                };
                let has = |v: &Value| v.as_str().is_some_and(|s| values.contains(&s));
                match cond {
                    Value::Object(op) if op.len() == 1 => {
                        let (name, arg) = op.iter().next().expect("one entry");
                        match name.as_str() {
                            "$eq" => has(arg),
                            "$ne" => !has(arg),
                            "$in" => arg.as_array().ok_or("$in takes a list")?.iter().any(has),
                            other => return Err(format!("unknown operator {other}")),
                        }
                    }
                    Value::String(_) => has(cond),
                    _ => return Err(format!("unsupported condition on {field}")),
                }
            }
        };
        if !ok {
            return Ok(false);
        }
    }
    Ok(true)
}
