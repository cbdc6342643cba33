//! What an installation token does for itself [C: the paths, the reply's `total_count`,
//! `repository_selection` and `repositories`, pages of `per_page` (default 30, at most 100) and
//! `page`; 204 on revoke, after which the token no longer works]:
//! `GET /installation/repositories` (`repos`) lists the repositories the token reaches (every
//! one of the organisation's when it was minted for all, else the ones named), and
//! `DELETE /installation/token` (`revoke`) revokes the token the request carries.
//!
//! Choices [I]: a personal token gets 403 `Resource not accessible by personal access token`,
//! the App's JWT 403 `Resource not accessible by integration`; `repository_selection` is `all`
//! or `selected` as on the token's creation; a revoked token ends at once, like an expired one,
//! so it then gets 401 `Bad credentials`.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use chrono::Duration;
use serde_json::{json, Value};

use super::model::{Kind, Selection, Tenant};
use super::pages::{page_in, Params};
use super::{by_integration, by_pat, call, Caller, Req};
use crate::common::now;
use crate::Sim;

/// The caller's index when it is an installation token; the 403 when not.
fn installation_token(t: &Tenant, c: Caller) -> Result<usize, Response> {
    match c {
        Caller::Token(i) if matches!(t.tokens[i].kind, Kind::Installation { .. }) => Ok(i),
        Caller::Token(_) => Err(by_pat()),
        Caller::App => Err(by_integration()),
    }
}

pub(super) async fn repositories(
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
    };
    call(&sim, "repos", req, |t, c| {
        let i = match installation_token(t, c) {
            Ok(i) => i,
            Err(r) => return r,
        };
        let Kind::Installation { selection, .. } = &t.tokens[i].kind else {
            return by_integration();
        };
        let rows: Vec<Value> = t
            .repos
            .iter()
            .filter(|r| selection.covers(r.id))
            .map(|r| r.json())
            .collect();
        let total = rows.len();
        let named = if *selection == Selection::All {
            "all"
        } else {
            "selected"
        };
        page_in(rows, &q, &headers, &uri, |shown| {
            json!({ "total_count": total, "repository_selection": named, "repositories": shown })
        })
    })
    .await
}

pub(super) async fn revoke(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let req = Req {
        peer,
        headers: &headers,
    };
    call(&sim, "revoke", req, |t, c| match installation_token(t, c) {
        Ok(i) => {
            t.tokens[i].expires_at = Some(now() - Duration::seconds(1));
            StatusCode::NO_CONTENT.into_response()
        }
        Err(r) => r,
    })
    .await
}
