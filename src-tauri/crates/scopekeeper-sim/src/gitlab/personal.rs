//! `GET /user` and the personal access tokens API: list (administrators see every personal
//! token, others their own [C]), get, rotate and revoke by id or `self`, and an administrator's
//! create for a user. Someone else's token or a missing one is 401 for a non-administrator;
//! only administrators get 404 [C].

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use super::body::{draft, rotate_expiry};
use super::model::{new_secret, Kind, Owner, Tenant, Token};
use super::pages::{page, select, Params};
use super::{
    bad_request, call, forbidden, message, not_found, param_error, today, unauthorized, which,
    Need, Req, Which,
};
use crate::common::{self, now};
use crate::Sim;

type Ids = Path<HashMap<String, String>>;

pub(super) async fn user(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let req = Req {
        peer,
        headers: &headers,
        uri: &uri,
    };
    call(&sim, "user", req, Need::Profile, |t, me| {
        match t.user(t.tokens[me].user_id) {
            Some(u) => common::json(StatusCode::OK, u.json()),
            None => unauthorized(),
        }
    })
    .await
}

pub(super) async fn list(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    uri: Uri,
    Query(q): Query<Vec<(String, String)>>,
) -> Response {
    let q = Params(q);
    let req = Req {
        peer,
        headers: &headers,
        uri: &uri,
    };
    call(&sim, "list", req, Need::Read, |t, me| {
        let caller = t.tokens[me].user_id;
        let admin = t.is_admin(caller);
        let only = match q.get("user_id").map(str::parse::<u64>) {
            None => None,
            Some(Ok(u)) => Some(u),
            Some(Err(_)) => return param_error("user_id is invalid"),
        };
        if !admin && only.is_some_and(|u| u != caller) {
            return unauthorized();
        }
        let theirs: Vec<&Token> = t
            .tokens
            .iter()
            .filter(|x| x.owner == Owner::Personal && (admin || x.user_id == caller))
            .filter(|x| only.is_none_or(|u| x.user_id == u))
            .collect();
        let today = today();
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

/// The personal token `id` as the caller may see it: an administrator any, others their own.
fn visible(t: &Tenant, me: usize, id: u64) -> Result<usize, Response> {
    let caller = t.tokens[me].user_id;
    let admin = t.is_admin(caller);
    match t
        .tokens
        .iter()
        .position(|x| x.id == id && x.owner == Owner::Personal)
    {
        Some(i) if admin || t.tokens[i].user_id == caller => Ok(i),
        None if admin => Err(not_found("")),
        _ => Err(unauthorized()),
    }
}

/// The need of a call on `id` or `self`: `self` takes `on_self`, an id `on_id`.
fn need_of(params: &HashMap<String, String>, key: &str, on_self: Need, on_id: Need) -> Need {
    match which(params, key) {
        Ok(Which::Me) => on_self,
        Ok(Which::Id(_)) => on_id,
        Err(_) => Need::Any,
    }
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
    let need = need_of(&params, "id", Need::Any, Need::Read);
    call(&sim, "get", req, need, |t, me| {
        let i = match which(&params, "id") {
            Ok(Which::Me) => me,
            Ok(Which::Id(id)) => match visible(t, me, id) {
                Ok(i) => i,
                Err(r) => return r,
            },
            Err(r) => return r,
        };
        common::json(StatusCode::OK, t.tokens[i].record(today()))
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
    let need = need_of(&params, "id", Need::Any, Need::Write);
    call(&sim, "revoke", req, need, |t, me| {
        let i = match which(&params, "id") {
            Ok(Which::Me) => me,
            Ok(Which::Id(id)) => match visible(t, me, id) {
                Ok(i) => i,
                Err(r) => return r,
            },
            Err(r) => return r,
        };
        t.tokens[i].revoked = true;
        StatusCode::NO_CONTENT.into_response()
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
    let need = need_of(&params, "id", Need::Rotate, Need::Write);
    call(&sim, "rotate", req, need, |t, me| {
        let i = match which(&params, "id") {
            Ok(Which::Me) if t.tokens[me].owner != Owner::Personal => {
                return message(StatusCode::METHOD_NOT_ALLOWED, "405 Method Not Allowed")
            }
            Ok(Which::Me) => me,
            Ok(Which::Id(id)) => match visible(t, me, id) {
                Ok(i) => i,
                Err(r) => return r,
            },
            Err(r) => return r,
        };
        rotated(t, i, &body)
    })
    .await
}

/// Rotates token `i`: revoked, and a new one in its family with the same name, scopes, user
/// and role; 200 with its record and value [C]. A token already revoked is refused, and every
/// active token of its family revoked (reuse detection) [C].
pub(super) fn rotated(t: &mut Tenant, i: usize, body: &[u8]) -> Response {
    let family = t.tokens[i].family;
    if t.tokens[i].revoked {
        for x in t.tokens.iter_mut().filter(|x| x.family == family) {
            x.revoked = true;
        }
        // [I] the wording.
        return bad_request("Token already revoked");
    }
    let today = today();
    let expires_at = match rotate_expiry(body, today) {
        Ok(d) => d,
        Err(r) => return r,
    };
    t.tokens[i].revoked = true;
    let new = Token {
        created_at: now(),
        last_used_at: None,
        expires_at: Some(expires_at),
        revoked: false,
        secret: new_secret(),
        ..t.tokens[i].clone()
    };
    let j = t.push(new, Some(family));
    common::json(StatusCode::OK, t.tokens[j].revealed(today))
}

/// `POST /users/:user_id/personal_access_tokens`: administrators only [C].
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
        if !t.is_admin(t.tokens[me].user_id) {
            return forbidden();
        }
        let Some(Ok(user)) = params.get("user_id").map(|s| s.parse::<u64>()) else {
            return param_error("user_id is invalid");
        };
        if t.user(user).is_none() {
            return not_found("User");
        }
        let d = match draft(&body, Kind::Personal, today()) {
            Ok(d) => d,
            Err(r) => return r,
        };
        let token = Token {
            id: 0,
            name: d.name,
            description: d.description,
            scopes: d.scopes,
            user_id: user,
            owner: Owner::Personal,
            access_level: None,
            created_at: now(),
            last_used_at: None,
            expires_at: Some(d.expires_at),
            revoked: false,
            secret: new_secret(),
            family: 0,
        };
        let i = t.push(token, None);
        common::json(StatusCode::CREATED, t.tokens[i].revealed(today()))
    })
    .await
}
