//! The organisation's view of fine-grained tokens [C: paths, parameters and the grant's fields
//! from the API description; only GitHub Apps may call them]: `GET /orgs/{org}/personal-access-tokens`
//! (filters `owner[]` (at most 10), `repository`, `permission`, `last_used_before`,
//! `last_used_after`, `token_id[]`; `sort=created_at`, `direction` (default `desc`); pages),
//! `GET …/{pat_id}/repositories`, and revoking: `POST …` `{"action": "revoke", "pat_ids": […]}`
//! → 202, `POST …/{pat_id}` `{"action": "revoke"}` → 204. The `pat_id` is the grant's `id`.
//!
//! Choices [I]: the caller must be an installation token whose `organization_personal_access_tokens`
//! is read (to list) or write (to revoke), else 403 (`… by integration`; `… by personal access
//! token` for a personal token); `permission` takes a name (any level) or `name_level` (that
//! level or more); `repository` keeps grants whose selection covers it (`all` does); time bounds
//! are strict and drop never-used tokens; `created_at` is when access was granted; an unknown or
//! already revoked `pat_id` is 404 (a bulk revoke then revokes nothing); a bad body or filter is
//! 422; an account-level permission is listed under `other`.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

use super::model::{permission_level, Access, Grant, Kind, Level, Tenant, ORG_ID};
use super::pages::{page, Params};
use super::{api_root, by_integration, by_pat, call, invalid, not_found, object, org, Caller, Req};
use crate::common::{self, now, parse_rfc3339, rfc3339, Instant};
use crate::Sim;

type Ids = Path<HashMap<String, String>>;

/// The caller may read (or revoke) the organisation's grants; the 403 when not.
fn allowed(t: &Tenant, c: Caller, need: Access) -> Result<(), Response> {
    let Caller::Token(i) = c else {
        return Err(by_integration());
    };
    match &t.tokens[i].kind {
        Kind::Installation { permissions, .. } => permissions
            .get("organization_personal_access_tokens")
            .filter(|a| **a >= need)
            .map(|_| ())
            .ok_or_else(by_integration),
        _ => Err(by_pat()),
    }
}

/// A grant with its token's details, as the list shows it.
fn record(t: &Tenant, g: &Grant, root: &str, now: Instant) -> Value {
    let tok = t.token_by_id(g.token_id).expect("a grant's token exists");
    let (selection, permissions) = match &tok.kind {
        Kind::FineGrained {
            selection,
            permissions,
            ..
        } => (selection.name(), permissions.clone()),
        _ => ("none", Default::default()),
    };
    let mut split = [Map::new(), Map::new(), Map::new()];
    for (name, access) in &permissions {
        let at = match permission_level(name) {
            Some(Level::Organization) => 0,
            Some(Level::Repository) => 1,
            _ => 2,
        };
        split[at].insert(name.clone(), Value::from(access.name()));
    }
    let [organization, repository, other] = split;
    json!({
        "id": g.id,
        "owner": t.user(tok.user).map(|u| u.simple()),
        "repository_selection": selection,
        "repositories_url": format!("{root}/organizations/{ORG_ID}/personal-access-tokens/{}/repositories", g.id),
        "permissions": { "organization": organization, "repository": repository, "other": other },
        "access_granted_at": rfc3339(g.access_granted_at),
        "token_id": tok.id,
        "token_name": tok.name,
        "token_expired": !tok.active(now),
        "token_expires_at": tok.expires_at.map(rfc3339),
        "token_last_used_at": tok.last_used_at.map(rfc3339),
    })
}

/// What a grant's token may do and where.
fn holds<'a>(t: &'a Tenant, g: &Grant) -> Option<(u64, String, Option<Instant>, &'a Kind)> {
    let tok = t.token_by_id(g.token_id)?;
    let login = t.user(tok.user)?.login.clone();
    Some((tok.id, login, tok.last_used_at, &tok.kind))
}

/// A `permission` filter: the name and the least level it asks for.
fn permission_filter(s: &str) -> Result<(String, Access), Response> {
    if permission_level(s).is_some() {
        return Ok((s.to_owned(), Access::Read));
    }
    s.rsplit_once('_')
        .and_then(|(name, level)| Some((name, Access::parse(level)?)))
        .filter(|(name, _)| permission_level(name).is_some())
        .map(|(name, a)| (name.to_owned(), a))
        .ok_or_else(|| invalid("Invalid permission filter."))
}

/// The grants the list's filters keep, in its order.
fn select<'a>(t: &'a Tenant, q: &Params) -> Result<Vec<&'a Grant>, Response> {
    let owners = q.all("owner");
    if owners.len() > 10 {
        return Err(invalid("Only 10 owners may be given."));
    }
    let repo = q.get("repository").map(|n| t.repo_named(n).map(|r| r.id));
    let permission = q.get("permission").map(permission_filter).transpose()?;
    let bound = |key: &str| -> Result<Option<Instant>, Response> {
        q.get(key)
            .map(|s| parse_rfc3339(s).ok_or_else(|| invalid(&format!("Invalid {key}."))))
            .transpose()
    };
    let (before, after) = (bound("last_used_before")?, bound("last_used_after")?);
    let ids = q
        .all("token_id")
        .iter()
        .map(|s| s.parse::<u64>().map_err(|_| invalid("Invalid token_id.")))
        .collect::<Result<Vec<u64>, Response>>()?;
    if q.get("sort").is_some_and(|s| s != "created_at") {
        return Err(invalid("Invalid sort."));
    }
    let desc = match q.get("direction") {
        None | Some("desc") => true,
        Some("asc") => false,
        Some(_) => return Err(invalid("Invalid direction.")),
    };
    let mut out: Vec<&Grant> = t
        .grants
        .iter()
        .filter(|g| !g.revoked)
        .filter(|g| {
            let Some((token_id, login, used, kind)) = holds(t, g) else {
                return false;
            };
            let Kind::FineGrained {
                selection,
                permissions,
                ..
            } = kind
            else {
                return false;
            };
            (owners.is_empty() || owners.iter().any(|o| o.eq_ignore_ascii_case(&login)))
                && repo.is_none_or(|r| r.is_some_and(|id| selection.covers(id)))
                && permission
                    .as_ref()
                    .is_none_or(|(n, a)| permissions.get(n).is_some_and(|x| x >= a))
                && before.is_none_or(|b| used.is_some_and(|u| u < b))
                && after.is_none_or(|b| used.is_some_and(|u| u > b))
                && (ids.is_empty() || ids.contains(&token_id))
        })
        .collect();
    out.sort_by_key(|g| (g.access_granted_at, g.id));
    if desc {
        out.reverse();
    }
    Ok(out)
}

pub(super) async fn list(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    uri: Uri,
    Path(p): Ids,
    Query(q): Query<Vec<(String, String)>>,
) -> Response {
    let q = Params(q);
    let req = Req {
        peer,
        headers: &headers,
    };
    let root = api_root(&headers);
    call(&sim, "list", req, |t, c| {
        if let Err(r) = org(param(&p, "org")).and_then(|_| allowed(t, c, Access::Read)) {
            return r;
        }
        let now = now();
        match select(t, &q) {
            Ok(gs) => {
                let rows = gs.iter().map(|g| record(t, g, &root, now)).collect();
                page(rows, &q, &headers, &uri)
            }
            Err(r) => r,
        }
    })
    .await
}

fn param<'a>(p: &'a HashMap<String, String>, key: &str) -> &'a str {
    p.get(key).map(String::as_str).unwrap_or_default()
}

/// The index of the live grant `pat_id`, or the 404.
fn grant_index(t: &Tenant, pat_id: &str) -> Result<usize, Response> {
    let id = pat_id.parse::<u64>().map_err(|_| not_found())?;
    t.grants
        .iter()
        .position(|g| g.id == id && !g.revoked)
        .ok_or_else(not_found)
}

pub(super) async fn repositories(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    uri: Uri,
    Path(p): Ids,
    Query(q): Query<Vec<(String, String)>>,
) -> Response {
    let q = Params(q);
    let req = Req {
        peer,
        headers: &headers,
    };
    call(&sim, "list", req, |t, c| {
        let found = org(param(&p, "org"))
            .and_then(|_| allowed(t, c, Access::Read))
            .and_then(|_| grant_index(t, param(&p, "pat_id")));
        let g = match found {
            Ok(g) => &t.grants[g],
            Err(r) => return r,
        };
        let covers = |id: u64| match holds(t, g) {
            Some((_, _, _, Kind::FineGrained { selection, .. })) => selection.covers(id),
            _ => false,
        };
        let rows = t
            .repos
            .iter()
            .filter(|r| covers(r.id))
            .map(|r| r.json())
            .collect();
        page(rows, &q, &headers, &uri)
    })
    .await
}

/// A revoke body's `action`, which must be `revoke`; the 422 when not.
fn action(b: &Map<String, Value>) -> Result<(), Response> {
    match b.get("action").and_then(Value::as_str) {
        Some("revoke") => Ok(()),
        _ => Err(invalid(
            "Invalid request.\n\n\"action\" must be one of: revoke.",
        )),
    }
}

pub(super) async fn revoke_many(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(p): Ids,
    body: Bytes,
) -> Response {
    let req = Req {
        peer,
        headers: &headers,
    };
    call(&sim, "revoke", req, |t, c| {
        let b = match org(param(&p, "org"))
            .and_then(|_| allowed(t, c, Access::Write))
            .and_then(|_| object(&body))
            .and_then(|b| action(&b).map(|_| b))
        {
            Ok(b) => b,
            Err(r) => return r,
        };
        let ids: Option<Vec<String>> = b
            .get("pat_ids")
            .and_then(Value::as_array)
            .filter(|a| (1..=100).contains(&a.len()))
            .and_then(|a| {
                a.iter()
                    .map(|v| v.as_u64().map(|n| n.to_string()))
                    .collect()
            });
        let Some(ids) = ids else {
            return invalid(
                "Invalid request.\n\n\"pat_ids\" must be an array of 1 to 100 integers.",
            );
        };
        let found: Result<Vec<usize>, Response> = ids.iter().map(|s| grant_index(t, s)).collect();
        match found {
            Ok(all) => {
                for i in all {
                    t.grants[i].revoked = true;
                }
                common::json(StatusCode::ACCEPTED, json!({}))
            }
            Err(r) => r,
        }
    })
    .await
}

pub(super) async fn revoke_one(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(p): Ids,
    body: Bytes,
) -> Response {
    let req = Req {
        peer,
        headers: &headers,
    };
    call(&sim, "revoke", req, |t, c| {
        let found = org(param(&p, "org"))
            .and_then(|_| allowed(t, c, Access::Write))
            .and_then(|_| grant_index(t, param(&p, "pat_id")))
            .and_then(|i| object(&body).and_then(|b| action(&b)).map(|_| i));
        match found {
            Ok(i) => {
                t.grants[i].revoked = true;
                StatusCode::NO_CONTENT.into_response()
            }
            Err(r) => r,
        }
    })
    .await
}
