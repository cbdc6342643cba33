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

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::Duration;
use serde_json::{json, Value};

use crate::common::Instant;

use crate::common::{self, credential_after, now, parse_rfc3339, rfc3339};
use crate::{gate, Sim, Vendor};

/// The permission enum of doc 002 (64 values).
pub const PERMISSIONS: &[&str] = &[
    "api.organizations.read",
    "api.organizations.write",
    "api.organizations.delete",
    "api.engagements.read",
    "api.engagements.write",
    "api.engagements.delete",
    "api.analyses.read",
    "api.analyses.write",
    "api.analyses.delete",
    "api.analyses.run",
    "api.analysis-sources.read",
    "api.analysis-sources.write",
    "api.analysis-sources.delete",
    "api.file-manager.read",
    "api.file-manager.write",
    "api.file-manager.delete",
    "api.reporting-period-config.read",
    "api.reporting-period-config.write",
    "api.reporting-period-config.delete",
    "api.libraries.read",
    "api.libraries.write",
    "api.libraries.delete",
    "api.account-groupings.read",
    "api.account-groupings.write",
    "api.account-groupings.delete",
    "api.engagement-account-groupings.read",
    "api.engagement-account-groupings.write",
    "api.engagement-account-groupings.delete",
    "api.users.read",
    "api.users.write",
    "api.users.delete",
    "api.data-tables.read",
    "api.api-tokens.read",
    "api.api-tokens.write",
    "api.api-tokens.delete",
    "api.tasks.read",
    "api.tasks.write",
    "api.tasks.delete",
    "api.admin-reports.run",
    "api.analysis-types.read",
    "api.analysis-source-types.read",
    "api.analysis-type-configuration.read",
    "api.analysis-type-configuration.write",
    "api.analysis-type-configuration.delete",
    "api.risk-ranges.read",
    "api.risk-ranges.write",
    "api.risk-ranges.delete",
    "api.filters.read",
    "api.filters.write",
    "api.filters.delete",
    "api.file-infos.read",
    "api.webhooks.read",
    "api.webhooks.write",
    "api.webhooks.delete",
    "api.connections.read",
    "api.connections.write",
    "api.connections.delete",
    "api.connection-data-sources.read",
    "api.connection-data-sources.write",
    "api.connection-data-sources.delete",
    "scim.user.read",
    "scim.user.write",
    "scim.user.delete",
    "scim.user.schema",
];

const READ_ONLY_FIELDS: &[&str] = &[
    "id",
    "version",
    "creationDate",
    "lastModifiedDate",
    "createdUserInfo",
    "lastModifiedUserInfo",
    "userId",
    "partialToken",
    "token",
];

#[derive(Clone)]
struct UserInfo {
    id: String,
    name: String,
}

impl UserInfo {
    fn json(&self) -> Value {
        json!({ "userId": self.id, "userName": self.name })
    }
}

#[derive(Clone)]
struct Token {
    id: String,
    version: i64,
    created: Instant,
    modified: Instant,
    created_by: UserInfo,
    modified_by: UserInfo,
    user_id: String,
    name: String,
    secret: String,
    expiry: Instant,
    allowed: Vec<String>,
    permissions: Vec<String>,
}

impl Token {
    fn record(&self) -> Value {
        json!({
            "id": self.id,
            "version": self.version,
            "creationDate": rfc3339(self.created),
            "lastModifiedDate": rfc3339(self.modified),
            "createdUserInfo": self.created_by.json(),
            "lastModifiedUserInfo": self.modified_by.json(),
            "userId": self.user_id,
            "name": self.name,
            "partialToken": partial(&self.secret),
            "expiry": rfc3339(self.expiry),
            "allowedAddresses": self.allowed,
            "permissions": self.permissions,
        })
    }

    fn as_user(&self) -> UserInfo {
        UserInfo {
            id: self.user_id.clone(),
            name: self.name.clone(),
        }
    }
}

/// What the UI shows of a token: its last four characters. [I]
fn partial(secret: &str) -> String {
    let tail: String = secret
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("…{tail}")
}

pub struct Tenant {
    tokens: Vec<Token>,
    admin_secret: String,
    next: u64,
}

impl Tenant {
    /// A tenant with an admin token (every permission) and a realistic spread of other tokens:
    /// narrow and broad, allowlisted and not, expiring soon, expired.
    pub fn seeded(admin_secret: Option<String>) -> Self {
        let admin_secret = admin_secret.unwrap_or_else(|| common::random_alnum(48));
        let mut t = Tenant {
            tokens: Vec::new(),
            admin_secret: admin_secret.clone(),
            next: 1,
        };
        let jane = UserInfo {
            id: "65a1f0c2e4b0a1b2c3d4e5f6".into(),
            name: "Jane Admin".into(),
        };
        let now = now();
        let days = Duration::days;
        let all: Vec<&str> = PERMISSIONS.to_vec();
        // (name, secret, created days ago (negative), expires in days, permissions, allowlist)
        type Seed<'a> = (
            &'a str,
            Option<String>,
            i64,
            i64,
            Vec<&'a str>,
            Vec<&'a str>,
        );
        let seeds: Vec<Seed> = vec![
            (
                "Scopekeeper sandbox admin",
                Some(admin_secret),
                -30,
                700,
                all.clone(),
                vec![],
            ),
            (
                "ci-read",
                None,
                -120,
                45,
                vec!["api.engagements.read", "api.analyses.read"],
                vec!["203.0.113.0/24"],
            ),
            (
                "etl-loader",
                None,
                -200,
                9,
                vec![
                    "api.file-manager.read",
                    "api.file-manager.write",
                    "api.analysis-sources.write",
                    "api.analyses.run",
                ],
                vec!["198.51.100.10", "198.51.100.11"],
            ),
            ("legacy-integration", None, -400, 320, all, vec![]),
            (
                "scim-provisioning",
                None,
                -60,
                300,
                vec![
                    "scim.user.read",
                    "scim.user.write",
                    "scim.user.delete",
                    "scim.user.schema",
                ],
                vec!["192.0.2.0/28"],
            ),
            (
                "webhook-relay",
                None,
                -15,
                150,
                vec!["api.webhooks.read", "api.webhooks.write"],
                vec![],
            ),
            (
                "quarterly-reporting",
                None,
                -380,
                -5,
                vec!["api.admin-reports.run", "api.organizations.read"],
                vec![],
            ),
        ];
        for (name, secret, created, expires, perms, allowed) in seeds {
            let created = now + days(created);
            let id = t.new_id();
            t.tokens.push(Token {
                user_id: format!("6{}", &id[1..]),
                id,
                version: 0,
                created,
                modified: created,
                created_by: jane.clone(),
                modified_by: jane.clone(),
                name: name.into(),
                secret: secret.unwrap_or_else(|| common::random_alnum(48)),
                expiry: now + days(expires),
                allowed: allowed.into_iter().map(String::from).collect(),
                permissions: perms.into_iter().map(String::from).collect(),
            });
        }
        t
    }

    pub fn admin_token(&self) -> &str {
        &self.admin_secret
    }

    fn new_id(&mut self) -> String {
        let id = format!("4b8360d0{:016x}", self.next);
        self.next += 1;
        id
    }

    /// The caller's token, or the 401 to answer.
    fn authenticate(&self, headers: &HeaderMap, peer: SocketAddr) -> Result<usize, Response> {
        let presented = credential_after(headers, "Bearer")
            .ok_or_else(|| unauthorized("Missing bearer token"))?;
        let idx = self
            .tokens
            .iter()
            .position(|t| t.secret == presented)
            .ok_or_else(|| unauthorized("Invalid or revoked token"))?;
        let token = &self.tokens[idx];
        if token.expiry <= now() {
            return Err(unauthorized("Token expired"));
        }
        if !common::ip_allowed(&token.allowed, peer.ip()) {
            return Err(unauthorized(
                "Request address is not allowed for this token",
            ));
        }
        Ok(idx)
    }

    fn require(&self, caller: usize, permission: &str) -> Result<(), Response> {
        if self.tokens[caller]
            .permissions
            .iter()
            .any(|p| p == permission)
        {
            return Ok(());
        }
        Err(problems_response(
            StatusCode::FORBIDDEN,
            "Forbidden",
            vec![problem(
                "INSUFFICIENT_PERMISSION",
                "permissions",
                &format!("The API token lacks the permission {permission}"),
                vec![permission.to_owned()],
            )],
        ))
    }
}

fn problem(kind: &str, identifier: &str, reason: &str, values: Vec<String>) -> Value {
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
fn problems_response(status: StatusCode, title: &str, problems: Vec<Value>) -> Response {
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

fn unauthorized(reason: &str) -> Response {
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
        .route("/api/v1/api-tokens", post(create))
        .route("/api/v1/api-tokens/query", post(query))
        .route("/api/v1/api-tokens/current", get(current))
        .route(
            "/api/v1/api-tokens/{id}",
            get(get_one).put(rename).delete(delete),
        )
        .route("/api/v1/users/current", get(user_current))
}

/// Parses a JSON object body, or answers 400.
fn object_body(body: &[u8]) -> Result<serde_json::Map<String, Value>, Response> {
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
fn unknown_properties(body: &serde_json::Map<String, Value>, allowed: &[&str]) -> Vec<Value> {
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

fn invalid(problems: Vec<Value>) -> Response {
    problems_response(
        StatusCode::UNPROCESSABLE_ENTITY,
        "Unprocessable Entity",
        problems,
    )
}

async fn create(
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
            let mut problems = unknown_properties(
                &body,
                &["name", "expiry", "permissions", "allowedAddresses"],
            );
            let now = now();
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
            let expiry = match body
                .get("expiry")
                .and_then(Value::as_str)
                .map(|s| (s, parse_rfc3339(s)))
            {
                Some((_, Some(e))) => {
                    let limit = two_years_after(now);
                    if e <= now {
                        problems.push(problem(
                            "GREATER_VALUE_REQUIRED",
                            "expiry",
                            "expiry must be in the future",
                            vec![rfc3339(e)],
                        ));
                    } else if e > limit {
                        problems.push(problem(
                            "LESS_VALUE_REQUIRED",
                            "expiry",
                            "An API token may be active for at most 2 years",
                            vec![rfc3339(e)],
                        ));
                    }
                    Some(e)
                }
                Some((raw, None)) => {
                    problems.push(problem(
                        "INCORRECT_DATA_TYPE",
                        "expiry",
                        "expiry must be a date-time with a time zone, e.g. 2027-01-31T00:00:00Z",
                        vec![raw.to_owned()],
                    ));
                    None
                }
                None => {
                    problems.push(problem(
                        "ILLEGAL_ARGUMENT",
                        "expiry",
                        "expiry is required",
                        vec![],
                    ));
                    None
                }
            };
            let permissions = strings(body.get("permissions"));
            match &permissions {
                Some(p) if !p.is_empty() => {
                    let unknown: Vec<String> = p
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
                }
                _ => problems.push(problem(
                    "ILLEGAL_ARGUMENT",
                    "permissions",
                    "permissions must list at least one permission",
                    vec![],
                )),
            }
            let allowed = match body.get("allowedAddresses") {
                None | Some(Value::Null) => Some(Vec::new()),
                other => strings(other),
            };
            match &allowed {
                Some(list) => {
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
                }
                None => problems.push(problem(
                    "INCORRECT_DATA_TYPE",
                    "allowedAddresses",
                    "allowedAddresses must be a list of strings",
                    vec![],
                )),
            }
            if !problems.is_empty() {
                return invalid(problems);
            }
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
                name: name.expect("validated"),
                secret: common::random_alnum(48),
                expiry: expiry.expect("validated"),
                allowed: allowed.expect("validated"),
                permissions: permissions.expect("validated"),
            };
            let mut reply = token.record();
            reply["token"] = Value::String(token.secret.clone());
            t.tokens.push(token);
            common::json(StatusCode::CREATED, reply)
        },
    )
    .await
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

async fn query(
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
                serde_json::Map::new()
            } else {
                match object_body(&body) {
                    Ok(b) => b,
                    Err(r) => return r,
                }
            };
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
            let (page, size) = match (number("page", 0), number("size", 20)) {
                (Ok(p), Ok(s)) if (1..=100).contains(&s) => (p, s),
                (Err(r), _) | (_, Err(r)) => return r,
                _ => {
                    return invalid(vec![problem(
                        "ILLEGAL_ARGUMENT",
                        "size",
                        "size must be between 1 and 100",
                        vec![],
                    )])
                }
            };
            let mut matched = Vec::new();
            for tok in &t.tokens {
                match matches(&Value::Object(filter.clone()), tok) {
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
            if let Some(sort) = params.get("sort") {
                let (field, dir) = sort.split_once(',').unwrap_or((sort.as_str(), "asc"));
                match field {
                    "name" => matched.sort_by(|a, b| a.name.cmp(&b.name)),
                    "creationDate" => matched.sort_by_key(|a| a.created),
                    "expiry" => matched.sort_by_key(|a| a.expiry),
                    other => {
                        return invalid(vec![problem(
                            "ILLEGAL_ARGUMENT",
                            "sort",
                            &format!("cannot sort by {other}"),
                            vec![],
                        )])
                    }
                }
                if dir.eq_ignore_ascii_case("desc") {
                    matched.reverse();
                }
            }
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
        },
    )
    .await
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

fn not_found(id: &str) -> Response {
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

async fn get_one(
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

async fn current(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    call(&sim, "current", peer, &headers, None, |t, caller| {
        common::json(StatusCode::OK, t.tokens[caller].record())
    })
    .await
}

async fn rename(
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

async fn delete(
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

async fn user_current(
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
