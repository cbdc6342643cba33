//! The token calls: list (pages), create (the value once), get, update, delete, roll the
//! value, verify the caller, and the permission groups.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use super::body::draft;
use super::model::{groups, Owner, Token};
use super::{call, error, ok, Need, Place, Tenant};
use crate::common::{self, now, rfc3339};
use crate::Sim;

type Params = Path<HashMap<String, String>>;

/// The most tokens each owner may hold [C].
fn quota(owner: Owner) -> usize {
    match owner {
        Owner::User => 50,
        Owner::Account => 500,
    }
}

fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, 1003, "Token not found")
}

/// The index of the path's token, if the owner holds it.
fn find(t: &Tenant, place: &Place) -> Option<usize> {
    let id = place.id.as_deref()?;
    t.tokens
        .iter()
        .position(|x| x.owner == place.owner && x.id == id)
}

fn bad_request(problems: Vec<Value>) -> Response {
    common::json(
        StatusCode::BAD_REQUEST,
        json!({ "success": false, "errors": problems, "messages": [], "result": null }),
    )
}

pub(super) async fn list(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(params): Params,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    call(&sim, "list", (peer, &headers, &params), Need::Read, |t, place, _| {
        let number = |k: &str, d: usize| q.get(k).map_or(Some(d), |v| v.parse::<usize>().ok());
        let (Some(page), Some(per_page)) = (number("page", 1), number("per_page", 20)) else {
            return bad_request(vec![json!({"code": 1001, "message": "page and per_page must be numbers"})]);
        };
        if page < 1 || !(5..=50).contains(&per_page) {
            return bad_request(vec![json!({"code": 1001, "message": "per_page must be 5 to 50 and page at least 1"})]);
        }
        let now = now();
        let with_expired = q.get("include_expired").is_some_and(|v| v == "true");
        let mut mine: Vec<&Token> = t
            .tokens
            .iter()
            .filter(|x| x.owner == place.owner)
            .filter(|x| with_expired || x.status(now) != "expired" || place.owner == Owner::User)
            .collect();
        if q.get("direction").is_some_and(|d| d == "desc") {
            mine.reverse();
        }
        let total = mine.len();
        let rows: Vec<Value> = mine
            .iter()
            .skip((page - 1).saturating_mul(per_page))
            .take(per_page)
            .map(|x| x.record(now))
            .collect();
        common::json(
            StatusCode::OK,
            json!({
                "success": true, "errors": [], "messages": [],
                "result": rows,
                "result_info": {
                    "page": page, "per_page": per_page, "count": rows.len(),
                    "total_count": total, "total_pages": total.div_ceil(per_page),
                },
            }),
        )
    })
    .await
}

pub(super) async fn create(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(params): Params,
    body: Bytes,
) -> Response {
    call(
        &sim,
        "create",
        (peer, &headers, &params),
        Need::Write,
        |t, place, _| {
            let now = now();
            let zones = t.zone_ids();
            let mut n = 0;
            let d = match draft(&body, place.owner, now, &zones, || {
                n += 1;
                format!("{:032x}", (t.next + 1) * 1000 + n)
            }) {
                Ok(d) => d,
                Err(p) => return bad_request(p),
            };
            if t.tokens.iter().filter(|x| x.owner == place.owner).count() >= quota(place.owner) {
                return error(
                    StatusCode::BAD_REQUEST,
                    1001,
                    "The maximum number of API tokens has been reached",
                );
            }
            let token = Token {
                id: t.new_id(),
                owner: place.owner,
                name: d.name,
                secret: common::random_alnum(40),
                disabled: d.disabled.unwrap_or(false),
                issued_on: now,
                modified_on: now,
                last_used_on: None,
                not_before: d.not_before,
                expires_on: d.expires_on,
                ip_in: d.ip_in,
                ip_not_in: d.ip_not_in,
                policies: d.policies,
            };
            let mut result = token.record(now);
            result["value"] = Value::String(token.secret.clone());
            t.tokens.push(token);
            ok(result)
        },
    )
    .await
}

pub(super) async fn get_one(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(params): Params,
) -> Response {
    call(
        &sim,
        "get",
        (peer, &headers, &params),
        Need::Read,
        |t, place, _| match find(t, &place) {
            Some(i) => ok(t.tokens[i].record(now())),
            None => not_found(),
        },
    )
    .await
}

/// `PUT …/tokens/{id}`: the whole token again (name, policies, condition, dates, status).
pub(super) async fn update(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(params): Params,
    body: Bytes,
) -> Response {
    call(
        &sim,
        "update",
        (peer, &headers, &params),
        Need::Write,
        |t, place, _| {
            let Some(i) = find(t, &place) else {
                return not_found();
            };
            let now = now();
            let old = t.tokens[i].policies.clone();
            let zones = t.zone_ids();
            let mut k = 0;
            let d = match draft(&body, place.owner, now, &zones, || {
                k += 1;
                old.get(k - 1)
                    .map(|p| p.id.clone())
                    .unwrap_or_else(|| format!("{:032x}", k))
            }) {
                Ok(d) => d,
                Err(p) => return bad_request(p),
            };
            let tok = &mut t.tokens[i];
            tok.name = d.name;
            tok.policies = d.policies;
            tok.not_before = d.not_before;
            tok.expires_on = d.expires_on;
            tok.ip_in = d.ip_in;
            tok.ip_not_in = d.ip_not_in;
            if let Some(dis) = d.disabled {
                tok.disabled = dis;
            }
            tok.modified_on = now;
            ok(tok.record(now))
        },
    )
    .await
}

pub(super) async fn delete(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(params): Params,
) -> Response {
    call(
        &sim,
        "delete",
        (peer, &headers, &params),
        Need::Write,
        |t, place, _| match find(t, &place) {
            Some(i) => {
                let gone = t.tokens.remove(i);
                ok(json!({ "id": gone.id }))
            }
            None => not_found(),
        },
    )
    .await
}

/// `PUT …/tokens/{id}/value` with `{}`: a new secret, the same policies; the old one stops
/// working at once [C].
pub(super) async fn roll(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(params): Params,
    body: Bytes,
) -> Response {
    call(
        &sim,
        "roll",
        (peer, &headers, &params),
        Need::Write,
        |t, place, _| {
            if !matches!(serde_json::from_slice::<Value>(&body), Ok(Value::Object(_))) {
                return bad_request(vec![
                    json!({"code": 1001, "message": "The request body must be a JSON object"}),
                ]);
            }
            let Some(i) = find(t, &place) else {
                return not_found();
            };
            let secret = common::random_alnum(40);
            t.tokens[i].secret = secret.clone();
            t.tokens[i].modified_on = now();
            ok(Value::String(secret))
        },
    )
    .await
}

/// `GET …/tokens/verify`: the caller itself, when it belongs to the path's owner.
pub(super) async fn verify(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(params): Params,
) -> Response {
    call(
        &sim,
        "verify",
        (peer, &headers, &params),
        Need::Nothing,
        |t, place, me| {
            let tok = &t.tokens[me];
            if tok.owner != place.owner {
                return error(StatusCode::UNAUTHORIZED, 1000, "Invalid API Token");
            }
            let now = now();
            let mut r = json!({ "id": tok.id, "status": tok.status(now) });
            if let Some(e) = tok.expires_on {
                r["expires_on"] = Value::String(rfc3339(e));
            }
            if let Some(nb) = tok.not_before {
                r["not_before"] = Value::String(rfc3339(nb));
            }
            ok(r)
        },
    )
    .await
}

pub(super) async fn permission_groups(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(params): Params,
) -> Response {
    call(&sim, "permission_groups", (peer, &headers, &params), Need::Read, |t, place, _| {
        let for_owner = |scope: &str| place.owner == Owner::User || scope != super::USER_SCOPE;
        let mut list: Vec<Value> = groups()
            .iter()
            .filter(|g| for_owner(g.scope) && !t.retired.contains(&g.id))
            .map(|g| json!({ "id": g.id, "name": g.name, "description": g.description, "scopes": [g.scope] }))
            .collect();
        list.extend(t.extra.iter().filter(|(s, _)| for_owner(s)).enumerate().map(|(i, (s, name))| {
            json!({ "id": format!("{:032x}", 0xe0_0000 + i), "name": name, "description": "", "scopes": [s] })
        }));
        ok(Value::Array(list))
    })
    .await
}
