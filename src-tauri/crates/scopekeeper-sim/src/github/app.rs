//! The GitHub App's own endpoints, called with its JWT [C: the installation token flow]:
//! `GET /app`, `GET /orgs/{org}/installation` and `POST /app/installations/{id}/access_tokens`.
//!
//! A new installation token [C: fields of the reply; I: the details]: `ghs_…`, an hour long
//! (`expires_at` RFC 3339 UTC), with the installation's permissions unless the body names fewer
//! (`permissions: {name: level}`) and every repository unless it names some (`repositories`
//! by name, `repository_ids`; then `repository_selection: "selected"` and the `repositories`
//! listed). Refusals: a permission or a level the installation lacks → 422 `The permissions
//! requested are not granted to this installation.` [I: as clients quote it]; a repository it
//! cannot reach → 422 `There is at least one repository that does not exist or is not
//! accessible to the parent installation.` [I: same]; a call without a JWT → 401 `A JSON web
//! token could not be decoded` [I]; an unknown installation → 404.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::Duration;
use serde_json::{json, Map, Value};

use super::model::{
    installation_secret, perms_json, Access, Kind, Permissions, Selection, Tenant, Token, APP_ID,
    APP_NAME, APP_SLUG, CLIENT_ID, INSTALLATION_ID, ORG, ORG_ID,
};
use super::{call, error, invalid, not_found, object, org, Caller, Req};
use crate::common::{self, now, rfc3339};
use crate::Sim;

type Params = Path<HashMap<String, String>>;

fn needs_jwt() -> Response {
    error(
        StatusCode::UNAUTHORIZED,
        "A JSON web token could not be decoded",
    )
}

fn owner() -> Value {
    json!({ "login": ORG, "id": ORG_ID, "type": "Organization" })
}

pub(super) async fn app(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let req = Req {
        peer,
        headers: &headers,
    };
    call(&sim, "app", req, |t, c| {
        if c != Caller::App {
            return needs_jwt();
        }
        let body = json!({
            "id": APP_ID,
            "slug": APP_SLUG,
            "client_id": CLIENT_ID,
            "name": APP_NAME,
            "owner": owner(),
            "description": "Audits and revokes the organisation's tokens (simulated).",
            "permissions": perms_json(&t.installation),
            "events": [],
            "installations_count": 1,
        });
        common::json(StatusCode::OK, body)
    })
    .await
}

pub(super) async fn installation(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(p): Params,
) -> Response {
    let req = Req {
        peer,
        headers: &headers,
    };
    let root = super::api_root(&headers);
    call(&sim, "installation", req, |t, c| {
        if c != Caller::App {
            return needs_jwt();
        }
        if let Err(r) = org(p.get("org").map(String::as_str).unwrap_or_default()) {
            return r;
        }
        let body = json!({
            "id": INSTALLATION_ID,
            "account": owner(),
            "repository_selection": "all",
            "access_tokens_url": format!("{root}/app/installations/{INSTALLATION_ID}/access_tokens"),
            "app_id": APP_ID,
            "app_slug": APP_SLUG,
            "target_id": ORG_ID,
            "target_type": "Organization",
            "permissions": perms_json(&t.installation),
            "events": [],
        });
        common::json(StatusCode::OK, body)
    })
    .await
}

/// The permissions a body asks for, each within the installation's; all of them when it names
/// none.
fn asked_permissions(t: &Tenant, b: &Map<String, Value>) -> Result<Permissions, Response> {
    let refused = || invalid("The permissions requested are not granted to this installation.");
    let Some(asked) = b.get("permissions").filter(|v| !v.is_null()) else {
        return Ok(t.installation.clone());
    };
    let asked = asked.as_object().ok_or_else(refused)?;
    let mut out = Permissions::new();
    for (name, level) in asked {
        let level = level.as_str().and_then(Access::parse).ok_or_else(refused)?;
        match t.installation.get(name) {
            Some(have) if *have >= level => {
                out.insert(name.clone(), level);
            }
            _ => return Err(refused()),
        }
    }
    if out.is_empty() {
        return Ok(t.installation.clone());
    }
    Ok(out)
}

/// The repositories a body names (by name or id); `None` when it names none.
fn asked_repositories(t: &Tenant, b: &Map<String, Value>) -> Result<Option<Vec<u64>>, Response> {
    let missing = || {
        invalid("There is at least one repository that does not exist or is not accessible to the parent installation.")
    };
    let mut ids: Vec<u64> = Vec::new();
    let list = |key: &str| -> Result<Vec<Value>, Response> {
        match b.get(key) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Array(a)) => Ok(a.clone()),
            Some(_) => Err(invalid(&format!(
                "Invalid request.\n\n\"{key}\" is not an array."
            ))),
        }
    };
    for v in list("repositories")? {
        let r = v
            .as_str()
            .and_then(|n| t.repo_named(n))
            .ok_or_else(missing)?;
        ids.push(r.id);
    }
    for v in list("repository_ids")? {
        let r = v
            .as_u64()
            .and_then(|id| t.repos.iter().find(|r| r.id == id))
            .ok_or_else(missing)?;
        ids.push(r.id);
    }
    ids.sort_unstable();
    ids.dedup();
    Ok((!ids.is_empty()).then_some(ids))
}

pub(super) async fn access_token(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(p): Params,
    body: Bytes,
) -> Response {
    let req = Req {
        peer,
        headers: &headers,
    };
    call(&sim, "token", req, |t, c| {
        if c != Caller::App {
            return needs_jwt();
        }
        let id = p.get("installation_id").and_then(|s| s.parse::<u64>().ok());
        if id != Some(INSTALLATION_ID) {
            return not_found();
        }
        let b = match object(&body) {
            Ok(b) => b,
            Err(r) => return r,
        };
        let (permissions, repos) =
            match asked_permissions(t, &b).and_then(|p| Ok((p, asked_repositories(t, &b)?))) {
                Ok(v) => v,
                Err(r) => return r,
            };
        mint(t, permissions, repos)
    })
    .await
}

/// Makes the installation token and answers 201 with it.
fn mint(t: &mut Tenant, permissions: Permissions, repos: Option<Vec<u64>>) -> Response {
    let now = now();
    let expires = now + Duration::hours(1);
    let selection = match &repos {
        Some(ids) => Selection::Subset(ids.clone()),
        None => Selection::All,
    };
    let token = Token {
        id: 0,
        name: "installation".into(),
        user: 0,
        secret: installation_secret(),
        kind: Kind::Installation {
            selection,
            permissions: permissions.clone(),
        },
        created_at: now,
        expires_at: Some(expires),
        last_used_at: None,
    };
    let i = t.push(token);
    let mut body = json!({
        "token": t.tokens[i].secret,
        "expires_at": rfc3339(expires),
        "permissions": perms_json(&permissions),
        "repository_selection": if repos.is_some() { "selected" } else { "all" },
    });
    if let Some(ids) = repos {
        let listed: Vec<Value> = t
            .repos
            .iter()
            .filter(|r| ids.contains(&r.id))
            .map(|r| r.json())
            .collect();
        body["repositories"] = Value::Array(listed);
    }
    common::json(StatusCode::CREATED, body)
}
