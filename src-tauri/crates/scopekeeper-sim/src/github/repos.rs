//! `GET /user`, `GET /repos/{owner}/{repo}` and `GET /repos/{owner}/{repo}/issues`: where a
//! token's kind, scopes, permissions and repository selection show.
//!
//! Rules: a classic token reaches `acme`'s private repositories with `repo` (every seeded user is
//! a member) [C: scopes page]; a fine-grained or installation token needs the permission the
//! endpoint names (`metadata` read, `issues` read) [C: the permissions table] and the repository
//! in its selection. Choices [I]: any token reads a public repository; a fine-grained token whose
//! resource owner is its user, or whose grant was revoked, or whose selection leaves the
//! repository out, gets 404 for a private one; one that reaches it without the permission gets
//! 403 (`Resource not accessible by personal access token` / `… by integration`); the App's JWT
//! gets 403 `… by integration` here and on `/user`.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::json;

use super::model::{Access, Kind, Repo, Tenant, ORG};
use super::{by_integration, by_pat, call, not_found, Caller, Req};
use crate::common;
use crate::Sim;

type Params = Path<HashMap<String, String>>;

pub(super) async fn user(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let req = Req {
        peer,
        headers: &headers,
    };
    call(&sim, "user", req, |t, c| {
        let Caller::Token(i) = c else {
            return by_integration();
        };
        if matches!(t.tokens[i].kind, Kind::Installation { .. }) {
            return by_integration();
        }
        match t.user(t.tokens[i].user) {
            Some(u) => {
                let mut v = u.simple();
                v["name"] = json!(u.name);
                common::json(StatusCode::OK, v)
            }
            None => super::not_found(),
        }
    })
    .await
}

/// Whether the caller may use `permission` at `need` on `repo`; the 403 or 404 when not.
pub(super) fn reach(
    t: &Tenant,
    c: Caller,
    repo: &Repo,
    permission: &str,
    need: Access,
) -> Result<(), Response> {
    if !repo.private && need == Access::Read {
        return Ok(());
    }
    let Caller::Token(i) = c else {
        return Err(by_integration());
    };
    let tok = &t.tokens[i];
    let (selection, perms, refuse): (_, _, fn() -> Response) = match &tok.kind {
        Kind::Classic { scopes } => {
            let ok = scopes.iter().any(|s| s == "repo");
            return if ok { Ok(()) } else { Err(not_found()) };
        }
        Kind::FineGrained {
            org,
            selection,
            permissions,
        } => {
            if !*org || t.grant_of(tok.id).is_none() {
                return Err(not_found());
            }
            (selection, permissions, by_pat)
        }
        Kind::Installation {
            selection,
            permissions,
        } => (selection, permissions, by_integration),
    };
    if !selection.covers(repo.id) {
        return Err(if repo.private { not_found() } else { refuse() });
    }
    if perms.get(permission).is_some_and(|a| *a >= need) {
        Ok(())
    } else {
        Err(refuse())
    }
}

/// The repository a path names, or the 404.
fn named<'a>(t: &'a Tenant, p: &HashMap<String, String>) -> Result<&'a Repo, Response> {
    let owner = p.get("owner").map(String::as_str).unwrap_or_default();
    let name = p.get("repo").map(String::as_str).unwrap_or_default();
    if !owner.eq_ignore_ascii_case(ORG) {
        return Err(not_found());
    }
    t.repo_named(name).ok_or_else(not_found)
}

/// Names what the call checks for: `X-Accepted-GitHub-Permissions` and, for classic tokens,
/// `X-Accepted-OAuth-Scopes` (`dress` keeps the one that fits the caller) [C: the headers].
fn accepted(mut r: Response, permission: &str, scope: &str) -> Response {
    let h = r.headers_mut();
    let value = HeaderValue::from_str(permission).expect("ASCII");
    h.insert("x-accepted-github-permissions", value);
    let value = HeaderValue::from_str(scope).expect("ASCII");
    h.insert("x-accepted-oauth-scopes", value);
    r
}

pub(super) async fn repo(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(p): Params,
) -> Response {
    let req = Req {
        peer,
        headers: &headers,
    };
    call(&sim, "repo", req, |t, c| {
        let r = named(t, &p).and_then(|r| reach(t, c, r, "metadata", Access::Read).map(|_| r));
        let r = match r {
            Ok(r) => common::json(StatusCode::OK, r.json()),
            Err(e) => e,
        };
        accepted(r, "metadata=read", "repo")
    })
    .await
}

pub(super) async fn issues(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(p): Params,
) -> Response {
    let req = Req {
        peer,
        headers: &headers,
    };
    call(&sim, "repo", req, |t, c| {
        let r = named(t, &p).and_then(|r| reach(t, c, r, "issues", Access::Read).map(|_| r));
        let r = match r {
            // [I] two open issues in every repository.
            Ok(r) => common::json(
                StatusCode::OK,
                json!([
                    { "id": r.id * 100 + 2, "number": 2, "title": "Rotate the deploy key", "state": "open" },
                    { "id": r.id * 100 + 1, "number": 1, "title": "Audit token scopes", "state": "open" },
                ]),
            ),
            Err(e) => e,
        };
        accepted(r, "issues=read", "repo")
    })
    .await
}
