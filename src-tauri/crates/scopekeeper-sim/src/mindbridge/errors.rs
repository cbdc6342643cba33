//! MindBridge's error envelope (`ActionableErrorResponse` with `problems[]`), and the body
//! checks every write shares: a JSON object, no property outside the model.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use super::model::READ_ONLY_FIELDS;
use crate::common;

pub(super) fn problem(kind: &str, identifier: &str, reason: &str, values: Vec<String>) -> Value {
    json!({
        "problemType": kind,
        "severity": "ERROR",
        "entityType": "API_TOKEN",
        "entityId": null,
        "identifier": identifier,
        "values": values,
        "reason": reason,
        "suggestedValues": [],
        "problemCount": 1,
    })
}

/// MindBridge's `ActionableErrorResponse`.
pub(super) fn problems_response(status: StatusCode, title: &str, problems: Vec<Value>) -> Response {
    common::json(
        status,
        json!({
            "type": format!("https://developer.mindbridge.ai/errors/{}", status.as_u16()),
            "title": title,
            "status": status.as_u16(),
            "instance": null,
            "origin": "scopekeeper-sim",
            "problemCount": problems.len(),
            "problems": problems,
            "entityType": "API_TOKEN",
            "entityId": null,
        }),
    )
}

pub(super) fn unauthorized(reason: &str) -> Response {
    problems_response(
        StatusCode::UNAUTHORIZED,
        "Unauthorized",
        vec![problem("UNKNOWN", "authorization", reason, vec![])],
    )
}

pub fn injected_error(status: StatusCode) -> Response {
    let (kind, reason) = match status.as_u16() {
        401 => ("UNKNOWN", "Invalid or revoked token"),
        403 => (
            "INSUFFICIENT_PERMISSION",
            "The API token lacks the permission api.api-tokens.write",
        ),
        409 => ("INVALID_STATE", "The entity was changed by someone else"),
        422 => ("ILLEGAL_ARGUMENT", "Injected validation failure"),
        423 => ("INVALID_STATE", "Retrieving your data, retry shortly"),
        429 => ("UNKNOWN", "Too many requests"),
        _ => ("UNKNOWN", "Internal server error"),
    };
    let values = if status == StatusCode::FORBIDDEN {
        vec!["api.api-tokens.write".to_owned()]
    } else {
        vec![]
    };
    problems_response(
        status,
        status.canonical_reason().unwrap_or("Error"),
        vec![problem(kind, "request", reason, values)],
    )
}

/// Parses a JSON object body, or answers 400.
pub(super) fn object_body(body: &[u8]) -> Result<serde_json::Map<String, Value>, Response> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        _ => Err(problems_response(
            StatusCode::BAD_REQUEST,
            "Bad Request",
            vec![problem(
                "INCORRECT_DATA_TYPE",
                "body",
                "The request body must be a JSON object",
                vec![],
            )],
        )),
    }
}

/// Problems for properties that are not in the model (read-only ones are ignored).
pub(super) fn unknown_properties(
    body: &serde_json::Map<String, Value>,
    allowed: &[&str],
) -> Vec<Value> {
    body.keys()
        .filter(|k| !allowed.contains(&k.as_str()) && !READ_ONLY_FIELDS.contains(&k.as_str()))
        .map(|k| {
            problem(
                "ILLEGAL_ARGUMENT",
                k,
                &format!("Unknown property {k}"),
                vec![k.clone()],
            )
        })
        .collect()
}

pub(super) fn invalid(problems: Vec<Value>) -> Response {
    problems_response(
        StatusCode::UNPROCESSABLE_ENTITY,
        "Unprocessable Entity",
        problems,
    )
}

pub(super) fn not_found(id: &str) -> Response {
    problems_response(
        StatusCode::NOT_FOUND,
        "Not Found",
        vec![problem(
            "UNKNOWN",
            "id",
            &format!("No API token with id {id}"),
            vec![id.to_owned()],
        )],
    )
}
