//! Project and group access tokens: `/projects/:id/access_tokens…` and
//! `/groups/:id/access_tokens…` (a numeric id or the URL-encoded full path) with list, create,
//! get, rotate and revoke, and `self` for get and rotate [C]. The caller needs Maintainer on
//! the project or Owner on the group (administrators count as owners) [C]; a project or group
//! token may rotate only itself (401 otherwise) [C] and may not create one (403) [C for
//! projects, I for groups].

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use super::body::draft;
use super::model::{Owner, Tenant, Token, MAINTAINER, OWNER};
use super::pages::{page, select, Params};
use super::personal::rotated;
use super::{
    bad_request, call, forbidden, not_found, param_error, today, unauthorized, which, Need, Req,
    Which,
};
use crate::common::{self, now};
use crate::Sim;

type Ids = Path<HashMap<String, String>>;

/// The project or group the path names, by id or full path; or its 404 [C].
fn place(t: &Tenant, params: &HashMap<String, String>) -> Result<Owner, Response> {
    let (key, list, what) = match params.get("project_id") {
        Some(p) => (p, &t.projects, "Project"),
        None => (
            params.get("group_id").ok_or_else(|| not_found(""))?,
            &t.groups,
            "Group",
        ),
    };
    let found = list
        .iter()
        .find(|s| key.parse::<u64>().is_ok_and(|id| id == s.id) || *key == s.full_path)
        .ok_or_else(|| not_found(what))?;
    Ok(match what {
        "Project" => Owner::Project(found.id),
        _ => Owner::Group(found.id),
    })
}

/// The caller's role at `at`, when it may manage that place's tokens; or the 403 [C].
fn manager(t: &Tenant, me: usize, at: Owner) -> Result<u8, Response> {
    let role = t.role(t.tokens[me].user_id, at);
    let needed = if matches!(at, Owner::Group(_)) {
        OWNER
    } else {
        MAINTAINER
    };
    if role >= needed {
        Ok(role)
    } else {
        Err(forbidden())
    }
}

/// The place and the caller's right to manage it, then the token `id` there (404 [I] wording).
fn target(
    t: &Tenant,
    me: usize,
    params: &HashMap<String, String>,
    id: u64,
) -> Result<usize, Response> {
    let at = place(t, params)?;
    manager(t, me, at)?;
    t.tokens
        .iter()
        .position(|x| x.id == id && x.owner == at)
        .ok_or_else(|| not_found(""))
}

/// `self` at a place: the caller, when it is one of that place's tokens (else 401 [I]).
fn itself(t: &Tenant, me: usize, params: &HashMap<String, String>) -> Result<usize, Response> {
    let at = place(t, params)?;
    if t.tokens[me].owner == at {
        Ok(me)
    } else {
        Err(unauthorized())
    }
}

fn need_of(params: &HashMap<String, String>, on_self: Need, on_id: Need) -> Need {
    match which(params, "token_id") {
        Ok(Which::Me) => on_self,
        Ok(Which::Id(_)) => on_id,
        Err(_) => Need::Any,
    }
}

pub(super) async fn list(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    uri: Uri,
    Path(params): Ids,
    Query(q): Query<Vec<(String, String)>>,
) -> Response {
    let q = Params(q);
    let req = Req {
        peer,
        headers: &headers,
        uri: &uri,
    };
    call(&sim, "list", req, Need::Read, |t, me| {
        let at = match place(t, &params).and_then(|at| manager(t, me, at).map(|_| at)) {
            Ok(at) => at,
            Err(r) => return r,
        };
        let today = today();
        let theirs: Vec<&Token> = t.tokens.iter().filter(|x| x.owner == at).collect();
        match select(theirs, &q, today) {
            Ok(rows) => page(
                rows.iter().map(|x| x.record(today)).collect(),
                &q,
                &headers,
                &uri,
            ),
            Err(r) => r,
        }
    })
    .await
}

pub(super) async fn get_one(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    uri: Uri,
    Path(params): Ids,
) -> Response {
    let req = Req {
        peer,
        headers: &headers,
        uri: &uri,
    };
    let need = need_of(&params, Need::Any, Need::Read);
    call(&sim, "get", req, need, |t, me| {
        let found = match which(&params, "token_id") {
            Ok(Which::Me) => itself(t, me, &params),
            Ok(Which::Id(id)) => target(t, me, &params, id),
            Err(r) => Err(r),
        };
        match found {
            Ok(i) => common::json(StatusCode::OK, t.tokens[i].record(today())),
            Err(r) => r,
        }
    })
    .await
}

pub(super) async fn revoke(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    uri: Uri,
    Path(params): Ids,
) -> Response {
    let req = Req {
        peer,
        headers: &headers,
        uri: &uri,
    };
    call(&sim, "revoke", req, Need::Write, |t, me| {
        let found = match which(&params, "token_id") {
            Ok(Which::Id(id)) => target(t, me, &params, id),
            _ => Err(param_error("token_id is invalid")),
        };
        match found {
            Ok(i) => {
                t.tokens[i].revoked = true;
                StatusCode::NO_CONTENT.into_response()
            }
            Err(r) => r,
        }
    })
    .await
}

pub(super) async fn rotate(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    uri: Uri,
    Path(params): Ids,
    body: Bytes,
) -> Response {
    let req = Req {
        peer,
        headers: &headers,
        uri: &uri,
    };
    let need = need_of(&params, Need::Rotate, Need::Write);
    call(&sim, "rotate", req, need, |t, me| {
        let bot = t.tokens[me].owner != Owner::Personal;
        let found = match which(&params, "token_id") {
            Ok(Which::Me) => itself(t, me, &params),
            // A project or group token may rotate only itself [C].
            Ok(Which::Id(id)) if bot && id != t.tokens[me].id => Err(unauthorized()),
            Ok(Which::Id(_)) if bot => itself(t, me, &params),
            Ok(Which::Id(id)) => target(t, me, &params, id),
            Err(r) => Err(r),
        };
        match found {
            Ok(i) => rotated(t, i, &body),
            Err(r) => r,
        }
    })
    .await
}

pub(super) async fn create(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    uri: Uri,
    Path(params): Ids,
    body: Bytes,
) -> Response {
    let req = Req {
        peer,
        headers: &headers,
        uri: &uri,
    };
    call(&sim, "create", req, Need::Write, |t, me| {
        let (at, role) = match place(t, &params).and_then(|at| Ok((at, manager(t, me, at)?))) {
            Ok(v) => v,
            Err(r) => return r,
        };
        if t.tokens[me].owner != Owner::Personal {
            return forbidden();
        }
        let d = match draft(&body, at.kind(), today()) {
            Ok(d) => d,
            Err(r) => return r,
        };
        let level = d.access_level.unwrap_or(MAINTAINER);
        if level > role {
            // [I] the wording.
            return bad_request("Access level of the token can't be greater than the access level of the user who created the token");
        }
        let user_id = t.new_bot(at, &d.name, level);
        let token = Token {
            id: 0,
            name: d.name,
            description: d.description,
            scopes: d.scopes,
            user_id,
            owner: at,
            access_level: Some(level),
            created_at: now(),
            last_used_at: None,
            expires_at: Some(d.expires_at),
            revoked: false,
            secret: super::model::new_secret(),
            family: 0,
        };
        let i = t.push(token, None);
        common::json(StatusCode::CREATED, t.tokens[i].revealed(today()))
    })
    .await
}

/// `GET …/members/all/:user_id`: the user's role there, inherited membership included [C];
/// 404 when not a member (an administrator is not one by being one).
pub(super) async fn member(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    uri: Uri,
    Path(params): Ids,
) -> Response {
    let req = Req {
        peer,
        headers: &headers,
        uri: &uri,
    };
    call(&sim, "member", req, Need::Read, |t, _| {
        let at = match place(t, &params) {
            Ok(at) => at,
            Err(r) => return r,
        };
        let Some(Ok(user)) = params.get("user_id").map(|s| s.parse::<u64>()) else {
            return param_error("user_id is invalid");
        };
        match (t.user(user), t.membership(user, at)) {
            (Some(u), Some(level)) => {
                let mut v = u.json();
                v["access_level"] = level.into();
                common::json(StatusCode::OK, v)
            }
            _ => not_found(""),
        }
    })
    .await
}
