//! GitHub's words in the catalog's: a fine-grained permission at a level is the scope
//! `{permission}:{level}`; a grant becomes the one token shape every listing returns; a chosen
//! set of scopes becomes the `permissions` object GitHub takes; the console checklist for the
//! tokens only GitHub's settings make.

use serde_json::{Map, Value};

use super::Grant;
use crate::connection::Connection;
use crate::token_spec::TokenSpec;
use crate::vendor::adapter::ConsoleSteps;
use crate::vendor::VendorToken;

const LEVELS: [&str; 3] = ["read", "write", "admin"];

/// The scopes a `{permission: level}` object (or one nested per repository / organization /
/// other, as a grant lists them) names.
pub fn scopes_of(permissions: &Map<String, Value>) -> Vec<String> {
    let mut out = Vec::new();
    for (name, v) in permissions {
        match v {
            Value::String(level) => out.push(format!("{name}:{level}")),
            Value::Object(inner) => out.extend(scopes_of(inner)),
            _ => {}
        }
    }
    out.sort();
    out
}

/// The `permissions` object for `scopes`: each permission at the highest level chosen.
pub fn permissions_of(scopes: &[String]) -> Map<String, Value> {
    let mut out = Map::new();
    for s in scopes {
        let Some((name, level)) = s.rsplit_once(':') else {
            continue;
        };
        let rank = |l: &str| LEVELS.iter().position(|x| *x == l);
        let Some(r) = rank(level) else { continue };
        let higher = out
            .get(name)
            .and_then(Value::as_str)
            .and_then(rank)
            .is_some_and(|have| have >= r);
        if !higher {
            out.insert(name.to_owned(), Value::String(level.to_owned()));
        }
    }
    out
}

/// A grant in the one shape every adapter's listing returns.
pub(super) fn token(g: Grant) -> VendorToken {
    let broad = g.repository_selection.as_deref() == Some("all");
    VendorToken {
        id: g.id.to_string(),
        name: g.token_name.unwrap_or_else(|| format!("token {}", g.id)),
        scopes: scopes_of(&g.permissions),
        created: g.access_granted_at,
        created_by: g.owner.map(|o| o.login),
        expires: g.token_expires_at,
        allowlist: Vec::new(),
        security_level: None,
        partial: None,
        last_used: g.token_last_used_at,
        broad_reach: broad.then(|| "every repository of the organization".to_owned()),
        reach: Vec::new(),
        is_connection_credential: false,
        credential_of: Vec::new(),
        listed_as: String::new(),
    }
}

/// The settings page where a token of `kind` is made (GitHub.com, or the Enterprise Server
/// host the base URL names).
fn settings_url(conn: &Connection, kind: &str) -> String {
    let host = reqwest::Url::parse(&conn.base_url)
        .ok()
        .filter(|u| !conn.sandbox && !crate::vendor::is_loopback(u))
        .and_then(|u| u.host_str().map(str::to_owned))
        .filter(|h| h != "api.github.com")
        .unwrap_or_else(|| "github.com".into());
    let page = if kind == "classic" {
        "settings/tokens/new"
    } else {
        "settings/personal-access-tokens/new"
    };
    format!("https://{host}/{page}")
}

/// The exact console steps for a fine-grained or classic token (`None` for installation
/// tokens, which the API makes).
pub(super) fn console_steps(conn: &Connection, spec: &TokenSpec) -> Option<ConsoleSteps> {
    let url = settings_url(conn, &spec.kind);
    let expiry = match spec.expires_on.as_deref() {
        Some(d) => format!("Expiration: Custom, {d}."),
        None => "Expiration: the shortest your work allows (GitHub offers 7, 30, 60 and 90 days, or a date).".into(),
    };
    let steps = match spec.kind.as_str() {
        "fine-grained" => {
            let owner = match &super::parse_base(&reqwest::Url::parse(&conn.base_url).ok()?).1 {
                super::Place::Org(o) => format!("Resource owner: {o}."),
                super::Place::Root => "Resource owner: the account or organization the token is for.".into(),
            };
            let perms = permissions_of(&spec.scopes)
                .into_iter()
                .map(|(p, l)| format!("{p}: {}", l.as_str().unwrap_or_default()))
                .collect::<Vec<_>>()
                .join(", ");
            vec![
                format!("Open {url} (Settings → Developer settings → Personal access tokens → Fine-grained tokens → Generate new token)."),
                format!("Token name: {}.", spec.name),
                expiry,
                owner,
                "Repository access: Only select repositories, and pick only those it needs.".into(),
                format!("Permissions, nothing else: {perms}."),
                "Generate token, copy it, and paste it here to verify.".into(),
            ]
        }
        "classic" => vec![
            format!("Open {url} (Settings → Developer settings → Personal access tokens → Tokens (classic) → Generate new token)."),
            format!("Note: {}.", spec.name),
            expiry,
            format!("Tick only: {}.", spec.scopes.join(", ")),
            "Generate token, copy it, and paste it here to verify.".into(),
        ],
        _ => return None,
    };
    Some(ConsoleSteps {
        console_url: url,
        steps,
    })
}

/// A level's place: read < write < admin.
pub(super) fn rank(level: &serde_json::Value) -> usize {
    ["read", "write", "admin"]
        .iter()
        .position(|x| Some(*x) == level.as_str())
        .unwrap_or(usize::MAX)
}

/// The most grants whose repositories one listing asks for (one call each).
const MAX_REPOSITORY_LOOKUPS: usize = 500;

/// The grants as tokens, each limited to chosen repositories with their names (asked eight at a
/// time, for at most [`MAX_REPOSITORY_LOOKUPS`] grants). A lookup that fails leaves the names
/// unknown: the listing itself stands.
pub(super) async fn with_repositories(
    gh: &super::GitHub,
    grants: Vec<super::Grant>,
) -> Vec<VendorToken> {
    use futures_util::stream::{self, StreamExt};
    let selected: Vec<u64> = grants
        .iter()
        .filter(|g| g.repository_selection.as_deref() == Some("subset"))
        .map(|g| g.id)
        .take(MAX_REPOSITORY_LOOKUPS)
        .collect();
    let named: std::collections::HashMap<u64, Vec<String>> = stream::iter(selected)
        .map(|id| async move { (id, gh.grant_repositories(id).await) })
        .buffer_unordered(8)
        .filter_map(|(id, r)| async move {
            r.ok().map(|(mut names, more)| {
                if more {
                    names.push("and more".into());
                }
                (id, names)
            })
        })
        .collect()
        .await;
    grants
        .into_iter()
        .map(|g| {
            let reach = named.get(&g.id).cloned().unwrap_or_default();
            VendorToken { reach, ..token(g) }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn permissions_take_the_highest_level_and_scopes_read_them_back() {
        let chosen: Vec<String> = ["contents:read", "contents:write", "metadata:read", "repo"]
            .map(String::from)
            .to_vec();
        let p = permissions_of(&chosen);
        assert_eq!(
            Value::Object(p.clone()),
            json!({"contents": "write", "metadata": "read"})
        );
        assert_eq!(scopes_of(&p), ["contents:write", "metadata:read"]);
        let nested = json!({"organization": {"members": "read"}, "repository": {"issues": "write"}, "other": {}});
        assert_eq!(
            scopes_of(nested.as_object().unwrap()),
            ["issues:write", "members:read"]
        );
    }
}
