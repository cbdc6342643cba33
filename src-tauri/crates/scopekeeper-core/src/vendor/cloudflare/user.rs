//! User-owned tokens made through the user's URL (`…/client/v4/user`): user permissions over
//! the user the connection's token acts for; account permissions over every account, the
//! accounts chosen, or every account but some; zone permissions over every zone (of every
//! account), the zones chosen, or every zone but some. "But some" is an allow over all and a
//! deny over those left out. And what the connection's own token holds over those places
//! (child within parent), read conservatively: a deny whose resources are not plainly
//! elsewhere counts as reaching them.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::scopes::{covers, plain_id, Groups, Over, ZoneReach, ACCOUNT, USER, ZONE};
use super::{CfToken, Cloudflare};
use crate::vendor::adapter::{CreateRequest, MAX_REACH_ITEMS};
use crate::vendor::VendorError;

/// Where a new user-owned token's permissions apply. Accounts and zones by id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct UserPlaces {
    /// The user the connection's token acts for.
    pub user: String,
    pub accounts: ZoneReach,
    pub zones: ZoneReach,
    /// Each chosen zone's account, where the listing said (a policy may reach a zone through
    /// its account).
    pub zone_accounts: HashMap<String, String>,
}

/// The user a token acts for: the one user its allow policies name
/// (`com.cloudflare.api.user.<id>`); `None` when they name none, or more than one.
pub(super) fn user_of(t: &CfToken) -> Option<String> {
    let mut found: Option<String> = None;
    for p in t.policies.iter().filter(|p| p.effect == "allow") {
        for key in p.resources.keys() {
            let Some(id) = user_key(key) else {
                continue;
            };
            match &found {
                Some(f) if !f.eq_ignore_ascii_case(id) => return None,
                _ => found = Some(id.to_owned()),
            }
        }
    }
    found
}

fn refuse(message: String) -> VendorError {
    VendorError::Validation {
        message,
        problems: Vec::new(),
    }
}

/// The allow (and, for "every … but", deny) policies granting `groups` over `reach`: `every`
/// names them all, `one(id)` names one.
fn over(
    groups: Vec<Value>,
    reach: &ZoneReach,
    every: &str,
    one: &dyn Fn(&str) -> String,
    what: &str,
) -> Result<Vec<Value>, VendorError> {
    if groups.is_empty() {
        return Ok(Vec::new());
    }
    let named = |ids: &[String]| -> Map<String, Value> {
        ids.iter().map(|id| (one(id), json!("*"))).collect()
    };
    let mut all = Map::new();
    all.insert(every.to_owned(), json!("*"));
    Ok(match reach {
        ZoneReach::Every => {
            vec![json!({ "effect": "allow", "permission_groups": groups, "resources": all })]
        }
        ZoneReach::Only(ids) => {
            vec![json!({ "effect": "allow", "permission_groups": groups, "resources": named(ids) })]
        }
        ZoneReach::Except(ids) if ids.is_empty() => {
            return Err(refuse(format!(
                "Choose at least one {what} to leave out, or choose every {what}"
            )))
        }
        ZoneReach::Except(ids) => vec![
            json!({ "effect": "allow", "permission_groups": groups, "resources": all }),
            json!({ "effect": "deny", "permission_groups": groups, "resources": named(ids) }),
        ],
    })
}

/// The policies that grant `scopes` over `places`. An error names the scope to untick.
pub(super) fn user_policies(
    groups: &Groups,
    places: &UserPlaces,
    scopes: &[String],
) -> Result<Vec<Value>, VendorError> {
    let (mut on_user, mut on_accounts, mut on_zones) = (Vec::new(), Vec::new(), Vec::new());
    for sid in scopes {
        let id = groups.by_scope.get(sid).ok_or_else(|| {
            refuse(format!("Cloudflare does not offer {sid} to this connection; untick it, or compare the catalog with what the connection offers"))
        })?;
        match sid.split_once('.').map(|(r, _)| r) {
            Some("user") => on_user.push(json!({ "id": id })),
            Some("account") => on_accounts.push(json!({ "id": id })),
            Some("zone") => on_zones.push(json!({ "id": id })),
            _ => {
                return Err(refuse(format!(
                    "{sid} is neither a user, an account nor a zone permission: untick it"
                )))
            }
        }
    }
    let mut out = Vec::new();
    if !on_user.is_empty() {
        let mut r = Map::new();
        r.insert(format!("{USER}.{}", places.user), json!("*"));
        out.push(json!({ "effect": "allow", "permission_groups": on_user, "resources": r }));
    }
    let account = |id: &str| format!("{ACCOUNT}.{id}");
    let zone = |id: &str| format!("{ZONE}.{id}");
    out.extend(over(
        on_accounts,
        &places.accounts,
        &format!("{ACCOUNT}.*"),
        &account,
        "account",
    )?);
    out.extend(over(
        on_zones,
        &places.zones,
        &format!("{ZONE}.*"),
        &zone,
        "zone",
    )?);
    Ok(out)
}

/// Whether `id` is one of `ids` (ids compared without regard to case).
fn among(ids: &[String], id: &str) -> bool {
    ids.iter().any(|x| x.eq_ignore_ascii_case(id))
}

/// Whether a place of this kind named by `id` is left alone by a deny over it: it is not one
/// the new token reaches.
fn spared(reach: &ZoneReach, id: &str) -> bool {
    match reach {
        ZoneReach::Every => false,
        ZoneReach::Only(ids) => !among(ids, id),
        ZoneReach::Except(out) => among(out, id),
    }
}

impl Groups {
    /// What `t` holds over `places`, and what its deny policies take away there.
    pub(super) fn held_by_user(&self, t: &CfToken, places: &UserPlaces) -> Over {
        let mut denied: Vec<String> = Vec::new();
        for p in t.policies.iter().filter(|p| p.effect != "allow") {
            for g in &p.permission_groups {
                let sid = self.scope_of(&g.id, g.name.as_deref());
                if !deny_spares(&sid, &p.resources, places) && !denied.contains(&sid) {
                    denied.push(sid);
                }
            }
        }
        let held = self
            .scopes_of(t)
            .into_iter()
            .filter(|sid| !denied.contains(sid))
            .filter(|sid| {
                let Some(gid) = self.by_scope.get(sid) else {
                    return false;
                };
                let allows: Vec<&Map<String, Value>> = t
                    .policies
                    .iter()
                    .filter(|p| p.effect == "allow")
                    .filter(|p| p.permission_groups.iter().any(|g| &g.id == gid))
                    .map(|p| &p.resources)
                    .collect();
                allows_reach(sid, &allows, places)
            })
            .collect();
        Over { held, denied }
    }
}

/// Whether the allow policies naming scope `sid` together reach every place it would apply.
fn allows_reach(sid: &str, allows: &[&Map<String, Value>], places: &UserPlaces) -> bool {
    let any = |test: &dyn Fn(&Map<String, Value>) -> bool| allows.iter().any(|r| test(r));
    let whole = |r: &Map<String, Value>, key: &str| r.get(key).is_some_and(|v| v == "*");
    let every_account = format!("{ACCOUNT}.*");
    match sid.split_once('.').map(|(r, _)| r) {
        Some("user") => any(&|r| {
            r.iter().any(|(k, v)| {
                v == "*" && user_key(k).is_some_and(|id| id.eq_ignore_ascii_case(&places.user))
            })
        }),
        Some("account") => match &places.accounts {
            ZoneReach::Only(ids) => ids
                .iter()
                .all(|a| any(&|r| whole(r, &format!("{ACCOUNT}.{a}")) || whole(r, &every_account))),
            ZoneReach::Every | ZoneReach::Except(_) => any(&|r| whole(r, &every_account)),
        },
        Some("zone") => match &places.zones {
            ZoneReach::Only(ids) => ids.iter().all(|z| {
                let account = places.zone_accounts.get(z).map(String::as_str);
                any(&|r| covers(r, account, Some(z)))
            }),
            ZoneReach::Every | ZoneReach::Except(_) => any(&|r| covers(r, None, None)),
        },
        _ => false,
    }
}

/// Whether a deny policy's `resources` plainly leave alone every place scope `sid` would apply
/// in the new token: each key names another user, an account or zone spared, or (for user and
/// account scopes) a place of another kind. No resources, a wildcard over what is kept, or a
/// key in another spelling counts as reaching them.
fn deny_spares(sid: &str, resources: &Map<String, Value>, places: &UserPlaces) -> bool {
    let kind = sid.split_once('.').map(|(r, _)| r).unwrap_or("");
    // What Cloudflare does with a deny over the user for account and zone groups is not
    // documented: only another user's key plainly spares them.
    let other_user =
        |key: &str| user_key(key).is_some_and(|id| !id.eq_ignore_ascii_case(&places.user));
    let zone_spared =
        |key: &str| zone_key(key).is_some_and(|id| plain_id(id) && spared(&places.zones, id));
    !resources.is_empty()
        && resources.iter().all(|(key, value)| match kind {
            "user" => other_user(key) || key.starts_with(&format!("{ACCOUNT}.")),
            "account" => {
                other_user(key)
                    || zone_key(key).is_some_and(|id| id == "*" || plain_id(id))
                    || account_key(key)
                        .is_some_and(|id| plain_id(id) && spared(&places.accounts, id))
            }
            "zone" => {
                other_user(key)
                    || zone_spared(key)
                    || (account_key(key).is_some()
                        && value.as_object().is_some_and(|inner| {
                            !inner.is_empty() && inner.keys().all(|k| zone_spared(k))
                        }))
            }
            _ => false,
        })
}

/// Where `req` puts a user-owned token for `user`: the accounts and zones its spec names, by
/// id (a name this token cannot see is refused, named). An area its scopes do not touch, or
/// does not narrow, is every one.
pub(super) async fn user_places(
    cf: &Cloudflare,
    user: String,
    req: &CreateRequest<'_>,
) -> Result<UserPlaces, VendorError> {
    let narrowed = |area: &str, prefix: &str| {
        let (only, except) = (req.spec.reach_in(area), req.spec.reach_except(area));
        let touched = req.scopes.iter().any(|s| s.starts_with(prefix));
        only.or(except)
            .filter(|_| touched)
            .map(|names| (names, only.is_some()))
    };
    let reach = |ids: Vec<String>, only: bool| {
        if only {
            ZoneReach::Only(ids)
        } else {
            ZoneReach::Except(ids)
        }
    };
    let mut places = UserPlaces {
        user,
        accounts: ZoneReach::Every,
        zones: ZoneReach::Every,
        zone_accounts: HashMap::new(),
    };
    if let Some((names, only)) = narrowed("accounts", "account.") {
        let (listed, more) = cf.accounts(MAX_REACH_ITEMS).await?;
        let found = cf.find_accounts(names, &listed, more).await?;
        places.accounts = reach(found.into_iter().map(|a| a.id).collect(), only);
    }
    if let Some((names, only)) = narrowed("zones", "zone.") {
        let (listed, more) = cf.zones(None, MAX_REACH_ITEMS).await?;
        let found = cf.find_zones(None, names, &listed, more).await?;
        for z in &found {
            if let Some(a) = z.account.as_ref().filter(|a| plain_id(&a.id)) {
                places.zone_accounts.insert(z.id.clone(), a.id.clone());
            }
        }
        places.zones = reach(found.into_iter().map(|z| z.id).collect(), only);
    }
    Ok(places)
}

/// The user a resource key names by a plain id.
fn user_key(key: &str) -> Option<&str> {
    key.strip_prefix(USER)?
        .strip_prefix('.')
        .filter(|id| plain_id(id))
}

/// The zone a resource key names (an id or `*`).
fn zone_key(key: &str) -> Option<&str> {
    key.strip_prefix(ZONE)?.strip_prefix('.')
}

/// The account a resource key names (an id or `*`), zone keys aside.
fn account_key(key: &str) -> Option<&str> {
    let id = key.strip_prefix(ACCOUNT)?.strip_prefix('.')?;
    (zone_key(key).is_none() && id != "zone").then_some(id)
}

/// The places `scopes` reach, in words, for the parent check's message.
pub(super) fn describe(
    places: &UserPlaces,
    scopes: &[String],
    names: &dyn Fn(&str) -> String,
) -> String {
    let part = |reach: &ZoneReach, what: &str, area: &str| match reach {
        ZoneReach::Every => format!("every {what}"),
        ZoneReach::Only(_) => format!("the {what}s chosen ({})", names(area)),
        ZoneReach::Except(_) => format!("every {what} except {}", names(area)),
    };
    let has = |prefix: &str| scopes.iter().any(|s| s.starts_with(prefix));
    let parts: Vec<String> = [
        has("account.").then(|| part(&places.accounts, "account", "accounts")),
        has("zone.").then(|| part(&places.zones, "zone", "zones")),
        has("user.").then(|| "the user".to_owned()),
    ]
    .into_iter()
    .flatten()
    .collect();
    parts.join(", ")
}

#[cfg(test)]
#[path = "user_tests.rs"]
mod tests;
