//! `POST /api-tokens`: needs `api.api-tokens.write`; a body outside the model, a missing or
//! past expiry, one beyond two years, an unknown permission or a bad address answers 422 with
//! every problem; otherwise 201 with the secret, which no later call returns.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::Duration;
use serde_json::{Map, Value};

use super::call;
use super::errors::{invalid, object_body, problem, unknown_properties};
use super::model::Token;
use super::seed::PERMISSIONS;
use crate::common::{self, now, parse_rfc3339, rfc3339, Instant};
use crate::Sim;

/// A create body that passed every check.
struct Draft {
    name: String,
    expiry: Instant,
    permissions: Vec<String>,
    allowed: Vec<String>,
}

pub(super) async fn create(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    call(
        &sim,
        "create",
        peer,
        &headers,
        Some("api.api-tokens.write"),
        |t, caller| {
            let body = match object_body(&body) {
                Ok(b) => b,
                Err(r) => return r,
            };
            let now = now();
            let draft = match draft(&body, now) {
                Ok(d) => d,
                Err(problems) => return invalid(problems),
            };
            let by = t.tokens[caller].as_user();
            let id = t.new_id();
            let token = Token {
                user_id: format!("6{}", &id[1..]),
                id,
                version: 0,
                created: now,
                modified: now,
                created_by: by.clone(),
                modified_by: by,
                name: draft.name,
                secret: common::random_alnum(48),
                expiry: draft.expiry,
                allowed: draft.allowed,
                permissions: draft.permissions,
            };
            let mut reply = token.record();
            reply["token"] = Value::String(token.secret.clone());
            t.tokens.push(token);
            common::json(StatusCode::CREATED, reply)
        },
    )
    .await
}

/// Every problem with a create body, or the token to make.
fn draft(body: &Map<String, Value>, now: Instant) -> Result<Draft, Vec<Value>> {
    let mut problems =
        unknown_properties(body, &["name", "expiry", "permissions", "allowedAddresses"]);
    let name = match body.get("name") {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        _ => {
            problems.push(problem(
                "ILLEGAL_ARGUMENT",
                "name",
                "name is required and must not be empty",
                vec![],
            ));
            None
        }
    };
    let expiry = expiry(body.get("expiry"), now, &mut problems);
    let permissions = permissions(body.get("permissions"), &mut problems);
    let allowed = allowed(body.get("allowedAddresses"), &mut problems);
    match (name, expiry, permissions, allowed) {
        (Some(name), Some(expiry), Some(permissions), Some(allowed)) if problems.is_empty() => {
            Ok(Draft {
                name,
                expiry,
                permissions,
                allowed,
            })
        }
        _ => Err(problems),
    }
}

fn expiry(v: Option<&Value>, now: Instant, problems: &mut Vec<Value>) -> Option<Instant> {
    let Some(raw) = v.and_then(Value::as_str) else {
        problems.push(problem(
            "ILLEGAL_ARGUMENT",
            "expiry",
            "expiry is required",
            vec![],
        ));
        return None;
    };
    let Some(e) = parse_rfc3339(raw) else {
        problems.push(problem(
            "INCORRECT_DATA_TYPE",
            "expiry",
            "expiry must be a date-time with a time zone, e.g. 2027-01-31T00:00:00Z",
            vec![raw.to_owned()],
        ));
        return None;
    };
    if e <= now {
        problems.push(problem(
            "GREATER_VALUE_REQUIRED",
            "expiry",
            "expiry must be in the future",
            vec![rfc3339(e)],
        ));
    } else if e > two_years_after(now) {
        problems.push(problem(
            "LESS_VALUE_REQUIRED",
            "expiry",
            "An API token may be active for at most 2 years",
            vec![rfc3339(e)],
        ));
    }
    Some(e)
}

fn permissions(v: Option<&Value>, problems: &mut Vec<Value>) -> Option<Vec<String>> {
    let Some(list) = strings(v).filter(|p| !p.is_empty()) else {
        problems.push(problem(
            "ILLEGAL_ARGUMENT",
            "permissions",
            "permissions must list at least one permission",
            vec![],
        ));
        return None;
    };
    let unknown: Vec<String> = list
        .iter()
        .filter(|x| !PERMISSIONS.contains(&x.as_str()))
        .cloned()
        .collect();
    if !unknown.is_empty() {
        problems.push(problem(
            "ILLEGAL_ARGUMENT",
            "permissions",
            "Unknown permission",
            unknown,
        ));
    }
    Some(list)
}

fn allowed(v: Option<&Value>, problems: &mut Vec<Value>) -> Option<Vec<String>> {
    let list = match v {
        None | Some(Value::Null) => Some(Vec::new()),
        other => strings(other),
    };
    let Some(list) = list else {
        problems.push(problem(
            "INCORRECT_DATA_TYPE",
            "allowedAddresses",
            "allowedAddresses must be a list of strings",
            vec![],
        ));
        return None;
    };
    let bad: Vec<String> = list
        .iter()
        .filter(|a| !common::valid_ip_entry(a))
        .cloned()
        .collect();
    if !bad.is_empty() {
        problems.push(problem(
            "ILLEGAL_ARGUMENT",
            "allowedAddresses",
            "Each allowed address must be an IPv4 or IPv6 address or CIDR block",
            bad,
        ));
    }
    Some(list)
}

fn two_years_after(t: Instant) -> Instant {
    t.checked_add_months(chrono::Months::new(24))
        .unwrap_or_else(|| t + Duration::days(730))
}

fn strings(v: Option<&Value>) -> Option<Vec<String>> {
    v?.as_array()?
        .iter()
        .map(|x| x.as_str().map(str::to_owned))
        .collect()
}
