//! A create or update body, checked: a name of 1–120 characters, at least one policy, each
//! with a known effect, known permission groups of the owner's kinds, and resources Cloudflare
//! names, every zone named (`com.cloudflare.api.account.zone.<id>`, at top level or under an
//! account key) one of the account's [I: a 400 with code 1001 like any other problem; the real
//! code is unknown]; addresses as CIDRs (`in` and `not_in`); `expires_on` in the future and
//! after `not_before`. Every problem is reported at once.

use serde_json::{json, Map, Value};

use super::model::{group_by_id, Effect, Owner, Policy, USER_SCOPE};
use crate::common::{parse_rfc3339, valid_ip_entry, Instant};

/// A body that passed every check.
pub(super) struct Draft {
    pub(super) name: String,
    pub(super) policies: Vec<Policy>,
    pub(super) not_before: Option<Instant>,
    pub(super) expires_on: Option<Instant>,
    pub(super) ip_in: Vec<String>,
    pub(super) ip_not_in: Vec<String>,
    /// `Some` when the body set `status`.
    pub(super) disabled: Option<bool>,
}

fn problem(message: String) -> Value {
    json!({ "code": 1001, "message": message })
}

pub(super) fn draft(
    body: &[u8],
    owner: Owner,
    now: Instant,
    zones: &[String],
    mut new_policy_id: impl FnMut() -> String,
) -> Result<Draft, Vec<Value>> {
    let Ok(Value::Object(b)) = serde_json::from_slice::<Value>(body) else {
        return Err(vec![problem(
            "The request body must be a JSON object".into(),
        )]);
    };
    let mut p = Vec::new();
    let name = b.get("name").and_then(Value::as_str).unwrap_or("").trim();
    if name.is_empty() || name.chars().count() > 120 {
        p.push(problem("name: must be 1 to 120 characters".into()));
    }
    let policies = policies(&b, owner, zones, &mut p, &mut new_policy_id);
    let time = |key: &str, p: &mut Vec<Value>| match b.get(key) {
        None | Some(Value::Null) => None,
        Some(v) => {
            let t = v.as_str().and_then(parse_rfc3339);
            if t.is_none() {
                p.push(problem(format!("{key}: must be an RFC 3339 date-time")));
            }
            t
        }
    };
    let not_before = time("not_before", &mut p);
    let expires_on = time("expires_on", &mut p);
    if expires_on.is_some_and(|e| e <= now) {
        p.push(problem("expires_on: must be in the future".into()));
    }
    if let (Some(nb), Some(e)) = (not_before, expires_on) {
        if nb >= e {
            p.push(problem("not_before: must be before expires_on".into()));
        }
    }
    let ip_in = ips(&b, "in", &mut p);
    let ip_not_in = ips(&b, "not_in", &mut p);
    let disabled = match b.get("status").and_then(Value::as_str) {
        None => None,
        Some("active") => Some(false),
        Some("disabled") => Some(true),
        Some(s) => {
            p.push(problem(format!("status: `{s}` is not active or disabled")));
            None
        }
    };
    if !p.is_empty() {
        return Err(p);
    }
    Ok(Draft {
        name: name.to_owned(),
        policies,
        not_before,
        expires_on,
        ip_in,
        ip_not_in,
        disabled,
    })
}

/// `condition.request_ip.{key}`: CIDRs only.
fn ips(b: &Map<String, Value>, key: &str, p: &mut Vec<Value>) -> Vec<String> {
    let list: Vec<String> = b
        .get("condition")
        .and_then(|c| c.get("request_ip"))
        .and_then(|r| r.get(key))
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|v| v.as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default();
    for e in &list {
        if !e.contains('/') || !valid_ip_entry(e) {
            p.push(problem(format!(
                "condition.request_ip.{key}: `{e}` is not a CIDR"
            )));
        }
    }
    list
}

fn policies(
    b: &Map<String, Value>,
    owner: Owner,
    zones: &[String],
    p: &mut Vec<Value>,
    new_id: &mut impl FnMut() -> String,
) -> Vec<Policy> {
    let list = b.get("policies").and_then(Value::as_array);
    if list.is_none_or(|l| l.is_empty()) {
        p.push(problem("policies: at least one policy is required".into()));
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, pol) in list.into_iter().flatten().enumerate() {
        let effect = match pol.get("effect").and_then(Value::as_str) {
            Some("allow") => Effect::Allow,
            Some("deny") => Effect::Deny,
            _ => {
                p.push(problem(format!(
                    "policies[{i}].effect: must be allow or deny"
                )));
                Effect::Deny
            }
        };
        let groups: Vec<String> = pol
            .get("permission_groups")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .map(|g| g.get("id").and_then(Value::as_str).unwrap_or("").to_owned())
                    .collect()
            })
            .unwrap_or_default();
        if groups.is_empty() {
            p.push(problem(format!(
                "policies[{i}].permission_groups: at least one is required"
            )));
        }
        for g in &groups {
            match group_by_id(g) {
                None => p.push(problem(format!("policies[{i}]: unknown permission group `{g}`"))),
                Some(x) if owner == Owner::Account && x.scope == USER_SCOPE => p.push(problem(
                    format!("policies[{i}]: `{}` is a user permission; an account-owned token cannot hold it", x.name),
                )),
                Some(_) => {}
            }
        }
        let resources = pol
            .get("resources")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        if resources.is_empty() {
            p.push(problem(format!(
                "policies[{i}].resources: at least one is required"
            )));
        }
        for (k, v) in &resources {
            if !resource_ok(k, v) {
                p.push(problem(format!(
                    "policies[{i}].resources: `{k}` is not a resource Cloudflare names"
                )));
                continue;
            }
            unknown_zones(i, k, v, zones, p);
        }
        out.push(Policy {
            id: new_id(),
            effect,
            groups,
            resources,
        });
    }
    out
}

/// A problem for each zone a resource names that the account lacks.
fn unknown_zones(i: usize, key: &str, value: &Value, zones: &[String], p: &mut Vec<Value>) {
    for zone in zones_named(key, value) {
        if !zones.iter().any(|z| z == zone) {
            p.push(problem(format!(
                "policies[{i}].resources: zone `{zone}` is not a zone of the account"
            )));
        }
    }
}

/// The zone ids a (well-formed) resource names, `*` left out.
fn zones_named<'a>(key: &'a str, value: &'a Value) -> Vec<&'a str> {
    const ZONE: &str = "com.cloudflare.api.account.zone.";
    let nested = value.as_object().into_iter().flat_map(|m| m.keys());
    std::iter::once(key)
        .chain(nested.map(String::as_str))
        .filter_map(|k| k.strip_prefix(ZONE))
        .filter(|id| *id != "*")
        .collect()
}

/// `com.cloudflare.api.user.<id>`, `com.cloudflare.api.account.<id|*>`,
/// `com.cloudflare.api.account.zone.<id|*>` to `"*"`; or an account to an object of zones.
fn resource_ok(key: &str, value: &Value) -> bool {
    let id_ok =
        |id: &str| id == "*" || (!id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric()));
    let tail = |prefix: &str| key.strip_prefix(prefix).filter(|id| id_ok(id));
    if let Some(zone) = tail("com.cloudflare.api.account.zone.") {
        return !zone.is_empty() && value == "*";
    }
    if tail("com.cloudflare.api.user.").is_some_and(|id| id != "*") {
        return value == "*";
    }
    if tail("com.cloudflare.api.account.").is_some() {
        return match value {
            Value::String(s) => s == "*",
            Value::Object(zones) => {
                !zones.is_empty()
                    && zones.iter().all(|(z, v)| {
                        z.strip_prefix("com.cloudflare.api.account.zone.")
                            .is_some_and(id_ok)
                            && v == "*"
                    })
            }
            _ => false,
        };
    }
    false
}
