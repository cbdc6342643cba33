//! GitLab's words in the catalog's: a token's scopes are the catalog's scope ids as they are;
//! a group or project token's role (`access_level`) is the catalog scope `role:{name}`.

use serde_json::{json, Value};

use super::{Collection, GlToken};
use crate::vendor::adapter::CreateRequest;
use crate::vendor::{VendorError, VendorToken};

/// The roles a group or project token may hold, by `access_level` [C].
pub const ROLES: [(u8, &str); 6] = [
    (10, "role:guest"),
    (15, "role:planner"),
    (20, "role:reporter"),
    (30, "role:developer"),
    (40, "role:maintainer"),
    (50, "role:owner"),
];

/// The catalog scope of an `access_level`.
pub fn role_scope(level: u8) -> Option<&'static str> {
    ROLES.iter().find(|(l, _)| *l == level).map(|(_, s)| *s)
}

/// The `access_level` of a role scope.
pub fn level_of(scope: &str) -> Option<u8> {
    ROLES.iter().find(|(_, s)| *s == scope).map(|(l, _)| *l)
}

/// A token's end as an instant: GitLab tokens stop at midnight UTC on their date [C].
fn expiry(date: &str) -> String {
    format!("{date}T00:00:00Z")
}

/// GitLab's `expires_at` for a token whose last valid day is `last_day`: the day after, on whose
/// midnight (UTC) GitLab stops it.
fn day_after(last_day: &str) -> Option<String> {
    let d = chrono::NaiveDate::parse_from_str(last_day, "%Y-%m-%d").ok()?;
    Some(d.succ_opt()?.format("%Y-%m-%d").to_string())
}

/// A listed token in the one shape every adapter returns. `own` is the id of the token the
/// listing was read with.
pub(super) fn token(t: GlToken, personal: bool, own: Option<u64>) -> VendorToken {
    let mut scopes = t.scopes;
    if let Some(role) = t.access_level.and_then(role_scope) {
        scopes.push(role.to_owned());
    }
    VendorToken {
        scopes,
        created: t.created_at,
        created_by: if personal {
            t.user_id.map(|u| format!("user {u}"))
        } else {
            None
        },
        expires: t.expires_at.as_deref().map(expiry),
        allowlist: Vec::new(),
        security_level: None,
        partial: None,
        last_used: t.last_used_at,
        broad_reach: personal.then(|| "every group and project its user can reach".to_owned()),
        reach: Vec::new(),
        is_connection_credential: own == Some(t.id),
        credential_of: Vec::new(),
        listed_as: String::new(),
        id: t.id.to_string(),
        name: t.name,
    }
}

/// The create body for `req` on `collection`: GitLab's scopes, the role for a group or project
/// token (the highest one ticked), the expiry date. An error names what to change.
pub(super) fn create_body(
    collection: &Collection,
    req: &CreateRequest<'_>,
) -> Result<Value, VendorError> {
    let refuse = |message: String| VendorError::Validation {
        message,
        problems: Vec::new(),
    };
    let Some(kind) = collection.kind() else {
        return Err(refuse("This connection's base URL names no user, group or project, so it cannot say whose token to make. Add a connection for …/api/v4/users/{id}, …/groups/{id} or …/projects/{id}".into()));
    };
    if req.spec.kind != kind {
        return Err(refuse(format!(
            "This connection makes {kind} tokens; choose that kind, or a connection whose base URL names a {}",
            match req.spec.kind.as_str() {
                "personal" => "user (…/api/v4/users/{id})",
                "group" => "group (…/api/v4/groups/{id})",
                _ => "project (…/api/v4/projects/{id})",
            }
        )));
    }
    let scopes: Vec<&String> = req
        .scopes
        .iter()
        .filter(|s| level_of(s).is_none())
        .collect();
    let Some(expires) = req.spec.expires_on.as_deref().and_then(day_after) else {
        return Err(refuse(
            "GitLab tokens must expire: choose the last day it may be used (at most 364 days ahead)".into(),
        ));
    };
    let mut body = json!({ "name": req.spec.name, "scopes": scopes, "expires_at": expires });
    if let Some(d) = req.spec.description.as_deref().filter(|d| !d.is_empty()) {
        body["description"] = json!(d);
    }
    if kind != "personal" {
        let level = req.scopes.iter().filter_map(|s| level_of(s)).max();
        let Some(level) = level else {
            return Err(refuse(
                "Tick a role: a group or project token acts as a member with one".into(),
            ));
        };
        body["access_level"] = json!(level);
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_and_unknown_levels_have_no_scope() {
        for (l, s) in ROLES {
            assert_eq!(role_scope(l), Some(s));
            assert_eq!(level_of(s), Some(l));
        }
        assert_eq!(role_scope(5), None);
        assert_eq!(day_after("2026-12-31").as_deref(), Some("2027-01-01"));
        assert_eq!(day_after("2026-13-01"), None);
        assert_eq!(level_of("api"), None);
    }

    #[test]
    fn a_listed_project_token_carries_its_role_and_its_end_of_day() {
        let t: GlToken = serde_json::from_value(json!({
            "id": 9, "name": "ci", "scopes": ["read_api"], "active": true,
            "expires_at": "2027-01-31", "access_level": 30, "user_id": 77
        }))
        .unwrap();
        let v = token(t, false, Some(9));
        assert_eq!(v.scopes, ["read_api", "role:developer"]);
        assert_eq!(v.expires.as_deref(), Some("2027-01-31T00:00:00Z"));
        assert!(v.is_connection_credential);
        assert!(v.broad_reach.is_none() && v.created_by.is_none());
    }
}
