//! How Cloudflare's tokens map to Scopekeeper's terms: a permission group is a scope named
//! `{resource}.{name as a slug}` (the rule `scripts/catalogs/cloudflare.py` names the built-in
//! scopes by); a token's allow policies are its scopes; what they reach beyond named resources
//! is said in words; and the policies a new token is sent with.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::{CfGroup, CfToken};
use crate::vendor::{VendorError, VendorToken};

pub(super) const ACCOUNT: &str = "com.cloudflare.api.account";
pub(super) const ZONE: &str = "com.cloudflare.api.account.zone";
pub(super) const USER: &str = "com.cloudflare.api.user";

/// The catalog's id for a permission group: `account.`, `zone.` or `user.` and its name as a
/// slug (the rule `scripts/catalogs/cloudflare.py` names the built-in scopes by).
pub fn scope_id(resource_scope: &str, name: &str) -> String {
    let resource = match resource_scope {
        ZONE => "zone",
        ACCOUNT => "account",
        USER => "user",
        _ => "other",
    };
    let mut slug = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    format!("{resource}.{}", slug.trim_end_matches('-'))
}

/// Permission group id → catalog scope id, and back.
pub(super) struct Groups {
    by_id: HashMap<String, String>,
    pub(super) by_scope: HashMap<String, String>,
}

impl Groups {
    pub(super) fn new(list: Vec<CfGroup>) -> Self {
        let mut g = Groups {
            by_id: HashMap::new(),
            by_scope: HashMap::new(),
        };
        for x in list {
            let sid = scope_id(x.scopes.first().map(String::as_str).unwrap_or(""), &x.name);
            g.by_scope.insert(sid.clone(), x.id.clone());
            g.by_id.insert(x.id, sid);
        }
        g
    }

    /// The scopes a token's allow policies name (deny policies are not subtracted: the audit
    /// errs on the side of more power).
    pub(super) fn scopes_of(&self, t: &CfToken) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for p in t.policies.iter().filter(|p| p.effect == "allow") {
            for g in &p.permission_groups {
                let sid = self.scope_of(&g.id, g.name.as_deref());
                if !out.contains(&sid) {
                    out.push(sid);
                }
            }
        }
        out
    }

    /// What a token holds over all of `zones` in `account`, and what its deny policies take
    /// away there. A scope is held when, for each place it would apply (the account for an
    /// account scope; each zone chosen, or every zone of the account, for a zone scope), some
    /// allow policy naming its group covers it (policies may split the places between them),
    /// and no deny policy naming the group reaches any of those places. A deny policy whose
    /// resources are not plainly elsewhere counts as reaching them.
    pub(super) fn scopes_over(&self, t: &CfToken, account: &str, zones: &ZoneReach) -> Over {
        let places_left_alone = |sid: &str, r: &Map<String, Value>| match sid.split_once('.') {
            Some(("zone", _)) => match zones {
                ZoneReach::Only(ids) => ids
                    .iter()
                    .all(|z| deny_spares(r, account, &|id| !id.eq_ignore_ascii_case(z))),
                ZoneReach::Every => deny_spares(r, account, &|_| false),
                ZoneReach::Except(out) => deny_spares(r, account, &|id| {
                    out.iter().any(|o| o.eq_ignore_ascii_case(id))
                }),
            },
            _ => deny_spares_account(r, account),
        };
        let mut denied: Vec<String> = Vec::new();
        for p in t.policies.iter().filter(|p| p.effect != "allow") {
            for g in &p.permission_groups {
                let sid = self.scope_of(&g.id, g.name.as_deref());
                if !places_left_alone(&sid, &p.resources) && !denied.contains(&sid) {
                    denied.push(sid);
                }
            }
        }
        let targets: Vec<Option<&str>> = match zones {
            ZoneReach::Only(list) => list.iter().map(|z| Some(z.as_str())).collect(),
            ZoneReach::Every | ZoneReach::Except(_) => vec![None],
        };
        let allows = |gid: &str| {
            t.policies
                .iter()
                .filter(|p| p.effect == "allow")
                .filter(|p| p.permission_groups.iter().any(|g| g.id == gid))
                .map(|p| &p.resources)
                .collect::<Vec<_>>()
        };
        let held = self
            .scopes_of(t)
            .into_iter()
            .filter(|sid| !denied.contains(sid))
            .filter(|sid| {
                let Some(gid) = self.by_scope.get(sid) else {
                    return false;
                };
                let allows = allows(gid);
                match sid.split_once('.') {
                    Some(("zone", _)) => targets
                        .iter()
                        .all(|z| allows.iter().any(|r| covers(r, Some(account), *z))),
                    // The account itself, not zones under it.
                    Some(("account", _)) => allows.iter().any(|r| names_account(r, account)),
                    _ => false,
                }
            })
            .collect();
        Over { held, denied }
    }

    pub(super) fn scope_of(&self, group_id: &str, name: Option<&str>) -> String {
        self.by_id
            .get(group_id)
            .cloned()
            .unwrap_or_else(|| scope_id("", name.unwrap_or(group_id)))
    }
}

/// What a connection's token holds over the places a new token would reach (`held`), and the
/// scopes its deny policies take away somewhere there (`denied`: their permissions are not
/// held, whatever an allow of another group implies).
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Over {
    pub held: Vec<String>,
    pub denied: Vec<String>,
}

/// Where a new token's zone permissions apply, by zone id: every zone of the account, only
/// some, or every zone but some (an allow over every zone and a deny over those left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ZoneReach {
    Every,
    Only(Vec<String>),
    Except(Vec<String>),
}

/// Whether `resources` reach zone `zone` of `account` (`None`: every zone of it; an account
/// `None`: of every account, or of an account not known): the zone named, every zone, or the
/// account (whole, or with that zone or every zone under it), or every account.
pub(super) fn covers(
    resources: &Map<String, Value>,
    account: Option<&str>,
    zone: Option<&str>,
) -> bool {
    let all_zones = format!("{ZONE}.*");
    let this_zone = zone.map(|z| format!("{ZONE}.{z}"));
    let names_zone = |key: &str| key == all_zones || this_zone.as_deref() == Some(key);
    resources.iter().any(|(key, value)| {
        names_zone(key)
            || ((account.is_some_and(|a| key == &format!("{ACCOUNT}.{a}"))
                || key == &format!("{ACCOUNT}.*"))
                && match value {
                    Value::Object(inner) => inner.keys().any(|k| names_zone(k)),
                    other => other == "*",
                })
    })
}

/// Whether `resources` name `account` (or every account) as a whole (`"*"`), not only through
/// zones under it.
fn names_account(resources: &Map<String, Value>, account: &str) -> bool {
    [format!("{ACCOUNT}.{account}"), format!("{ACCOUNT}.*")]
        .iter()
        .any(|k| resources.get(k).is_some_and(|v| v == "*"))
}

/// A plain id: letters and digits (never `*`, never a nested name).
pub(super) fn plain_id(id: &str) -> bool {
    !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Whether a deny policy's `resources` plainly leave alone every zone of `account` that a new
/// token keeps (`spared(zone id)`: the zone is not one it keeps): each key names another
/// account, a user, or zones spared, directly or under the account's key. Anything else —
/// no resources, a wildcard, a key in another spelling — counts as reaching them.
fn deny_spares(
    resources: &Map<String, Value>,
    account: &str,
    spared: &dyn Fn(&str) -> bool,
) -> bool {
    let zone_spared = |key: &str| {
        key.strip_prefix(&format!("{ZONE}."))
            .is_some_and(|id| plain_id(id) && spared(id))
    };
    let ours = [format!("{ACCOUNT}.{account}"), format!("{ACCOUNT}.*")];
    !resources.is_empty()
        && resources.iter().all(|(key, value)| {
            zone_spared(key)
                || elsewhere(key, account)
                || (ours.contains(key)
                    && value.as_object().is_some_and(|inner| {
                        !inner.is_empty() && inner.keys().all(|k| zone_spared(k))
                    }))
        })
}

/// Whether a deny policy's `resources` plainly leave `account` itself alone: each key names
/// another account, a user, or a zone.
fn deny_spares_account(resources: &Map<String, Value>, account: &str) -> bool {
    !resources.is_empty()
        && resources.iter().all(|(key, _)| {
            elsewhere(key, account)
                || key
                    .strip_prefix(&format!("{ZONE}."))
                    .is_some_and(|id| id == "*" || plain_id(id))
        })
}

/// A key naming another account by id, or a user: not a place in `account`.
fn elsewhere(key: &str, account: &str) -> bool {
    let other_account = key
        .strip_prefix(&format!("{ACCOUNT}."))
        .is_some_and(|id| plain_id(id) && id != "zone" && !id.eq_ignore_ascii_case(account));
    let user = key.strip_prefix(&format!("{USER}.")).is_some_and(plain_id);
    other_account || user
}

/// What a token's allow policies reach beyond named resources, in words: every account, every
/// zone (of every account), every zone of one account. `None`: named resources only.
pub fn broad_reach(t: &CfToken) -> Option<String> {
    let mut out: Vec<String> = Vec::new();
    let mut say = |s: String| {
        if !out.contains(&s) {
            out.push(s);
        }
    };
    for p in t.policies.iter().filter(|p| p.effect == "allow") {
        for (key, value) in &p.resources {
            if key == &format!("{ACCOUNT}.*") {
                say("every account".into());
            } else if key == &format!("{ZONE}.*") {
                say("every zone of every account".into());
            } else if let Some(account) = key.strip_prefix(&format!("{ACCOUNT}.")) {
                let all_zones = value
                    .as_object()
                    .is_some_and(|z| z.contains_key(&format!("{ZONE}.*")));
                if all_zones {
                    say(format!("every zone of account {account}"));
                }
            }
        }
    }
    if !out.is_empty() && t.policies.iter().any(|p| p.effect == "deny") {
        out.push("less what its deny policies take away".into());
    }
    (!out.is_empty()).then(|| out.join("; "))
}

pub(super) fn token(t: CfToken, groups: &Groups, own_id: Option<&str>) -> VendorToken {
    VendorToken {
        broad_reach: broad_reach(&t),
        reach: Vec::new(),
        is_connection_credential: own_id == Some(t.id.as_str()),
        scopes: groups.scopes_of(&t),
        created: t.issued_on,
        created_by: None,
        expires: t.expires_on,
        allowlist: t
            .condition
            .and_then(|c| c.request_ip)
            .map(|r| r.allowed)
            .unwrap_or_default(),
        security_level: None,
        partial: None,
        last_used: t.last_used_on,
        credential_of: Vec::new(),
        listed_as: String::new(),
        id: t.id,
        name: t.name,
    }
}

/// A single address as Cloudflare wants it: a CIDR.
pub(super) fn cidr(entry: &str) -> String {
    match (entry.contains('/'), entry.contains(':')) {
        (true, _) => entry.to_owned(),
        (false, false) => format!("{entry}/32"),
        (false, true) => format!("{entry}/128"),
    }
}

/// The policies that grant `scopes` over the connection's account: account permissions on the
/// account, zone permissions on the zones named by id (`zones`), or on every zone of the
/// account. An error names the scope to untick.
pub(super) fn policies(
    groups: &Groups,
    account: Option<&str>,
    scopes: &[String],
    zones: &ZoneReach,
) -> Result<Vec<Value>, VendorError> {
    let refuse = |message: String| VendorError::Validation {
        message,
        problems: Vec::new(),
    };
    // Without an account in the base URL, a token's reach could only be every account and
    // every zone: refused rather than made that wide.
    let account = account.ok_or_else(|| {
        refuse("Scopekeeper makes Cloudflare tokens through an account's URL (…/client/v4/accounts/{account_id}), so that it names the account they reach. Edit the connection's base URL, or make this token in Cloudflare's dashboard".into())
    })?;
    let (mut on_account, mut on_zones) = (Vec::new(), Vec::new());
    for sid in scopes {
        let id = groups.by_scope.get(sid).ok_or_else(|| {
            refuse(format!("Cloudflare does not offer {sid} to this connection; untick it, or compare the catalog with what the connection offers"))
        })?;
        match sid.split_once('.').map(|(r, _)| r) {
            Some("account") => on_account.push(json!({ "id": id })),
            Some("zone") => on_zones.push(json!({ "id": id })),
            _ => return Err(refuse(format!(
                "{sid} is a user permission; Scopekeeper grants account and zone permissions only. Untick it, or make this token in Cloudflare's dashboard"
            ))),
        }
    }
    let account_key = format!("{ACCOUNT}.{account}");
    let mut out = Vec::new();
    if !on_account.is_empty() {
        let mut r = Map::new();
        r.insert(account_key.clone(), json!("*"));
        out.push(json!({ "effect": "allow", "permission_groups": on_account, "resources": r }));
    }
    if on_zones.is_empty() {
        return Ok(out);
    }
    let named = |ids: &[String]| -> Map<String, Value> {
        ids.iter()
            .map(|id| (format!("{ZONE}.{id}"), json!("*")))
            .collect()
    };
    let mut every = Map::new();
    every.insert(account_key, json!({ format!("{ZONE}.*"): "*" }));
    let allow = match zones {
        ZoneReach::Only(ids) => named(ids),
        ZoneReach::Every | ZoneReach::Except(_) => every,
    };
    out.push(json!({ "effect": "allow", "permission_groups": on_zones, "resources": allow }));
    if let ZoneReach::Except(ids) = zones {
        // A deny over nothing would leave the token on every zone while saying "all but".
        if ids.is_empty() {
            return Err(refuse(
                "Choose at least one zone to leave out, or choose every zone".into(),
            ));
        }
        out.push(
            json!({ "effect": "deny", "permission_groups": on_zones, "resources": named(ids) }),
        );
    }
    Ok(out)
}

#[cfg(test)]
#[path = "scopes_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "scopes_deny_tests.rs"]
mod deny_tests;
