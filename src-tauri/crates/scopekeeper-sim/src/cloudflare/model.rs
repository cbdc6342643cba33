//! What the simulated Cloudflare account holds: the permission groups (from the reference table
//! the built-in catalog is made from), the account, its user, and their tokens with their
//! secrets (no reply but a create or a roll carries one).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use crate::common::{rfc3339, Instant};

/// Cloudflare's permission groups as its documentation lists them (the same table the
/// built-in catalog is generated from), one `resource<TAB>name<TAB>description` per line.
const REFERENCE: &str =
    include_str!("../../../scopekeeper-core/catalogs/reference/cloudflare-permissions.tsv");

pub(super) const USER_SCOPE: &str = "com.cloudflare.api.user";
pub(super) const ACCOUNT_SCOPE: &str = "com.cloudflare.api.account";
pub(super) const ZONE_SCOPE: &str = "com.cloudflare.api.account.zone";

/// One permission group as `GET …/tokens/permission_groups` lists it.
pub(super) struct Group {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) description: String,
    /// `com.cloudflare.api.user`, `…account` or `…account.zone`.
    pub(super) scope: &'static str,
}

/// Every permission group, once. A group's id is derived from its scope and name, so the same
/// group has the same id on every run (the real ids are Cloudflare's; the adapter never
/// assumes them: it reads them from `permission_groups`). [I]
pub(super) fn groups() -> &'static [Group] {
    static GROUPS: OnceLock<Vec<Group>> = OnceLock::new();
    GROUPS.get_or_init(|| {
        let mut out: Vec<Group> = Vec::new();
        for line in REFERENCE.lines() {
            if line.starts_with('#') || line.starts_with("resource\t") || line.trim().is_empty() {
                continue;
            }
            let mut f = line.split('\t');
            let (Some(res), Some(name)) = (f.next(), f.next()) else {
                continue;
            };
            let scope = match res {
                "user" => USER_SCOPE,
                "account" => ACCOUNT_SCOPE,
                "zone" => ZONE_SCOPE,
                _ => continue,
            };
            if out.iter().any(|g| g.scope == scope && g.name == name) {
                continue;
            }
            let digest = Sha256::digest(format!("{scope}|{name}"));
            out.push(Group {
                id: hex::encode(&digest[..16]),
                name: name.to_owned(),
                description: f.next().unwrap_or_default().to_owned(),
                scope,
            });
        }
        out
    })
}

/// `user`, `account` or `zone` as Cloudflare's scope.
fn scope_of(resource: &str) -> &'static str {
    match resource {
        "user" => USER_SCOPE,
        "zone" => ZONE_SCOPE,
        _ => ACCOUNT_SCOPE,
    }
}

pub(super) fn group_by_id(id: &str) -> Option<&'static Group> {
    groups().iter().find(|g| g.id == id)
}

pub(super) fn group_by_name(scope: &str, name: &str) -> Option<&'static Group> {
    groups().iter().find(|g| g.scope == scope && g.name == name)
}

/// Who owns a token: a user (`/user/tokens`) or the account (`/accounts/{id}/tokens`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Owner {
    User,
    Account,
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub(super) enum Effect {
    Allow,
    Deny,
}

#[derive(Clone, Debug)]
pub(super) struct Policy {
    pub(super) id: String,
    pub(super) effect: Effect,
    /// Permission group ids.
    pub(super) groups: Vec<String>,
    /// As sent: `{"com.cloudflare.api.account.<id>": "*"}`, or an account key mapping to
    /// `{"com.cloudflare.api.account.zone.*": "*"}`.
    pub(super) resources: Map<String, Value>,
}

impl Policy {
    fn json(&self) -> Value {
        json!({
            "id": self.id,
            "effect": match self.effect { Effect::Allow => "allow", Effect::Deny => "deny" },
            "permission_groups": self.groups.iter().map(|g| {
                let name = group_by_id(g).map(|x| x.name.as_str()).unwrap_or_default();
                json!({ "id": g, "name": name })
            }).collect::<Vec<_>>(),
            "resources": self.resources,
        })
    }

    /// Whether the policy's resources reach `key` (`com.cloudflare.api.account.<id>` or
    /// `com.cloudflare.api.user.<id>`): named, or every account.
    fn reaches(&self, key: &str) -> bool {
        self.resources.contains_key(key)
            || (key.starts_with("com.cloudflare.api.account.")
                && self.resources.contains_key("com.cloudflare.api.account.*"))
    }
}

#[derive(Clone)]
pub(super) struct Token {
    pub(super) id: String,
    pub(super) owner: Owner,
    pub(super) name: String,
    pub(super) secret: String,
    /// `active` or `disabled`; `expired` is worked out from `expires_on`.
    pub(super) disabled: bool,
    pub(super) issued_on: Instant,
    pub(super) modified_on: Instant,
    pub(super) last_used_on: Option<Instant>,
    pub(super) not_before: Option<Instant>,
    pub(super) expires_on: Option<Instant>,
    pub(super) ip_in: Vec<String>,
    pub(super) ip_not_in: Vec<String>,
    pub(super) policies: Vec<Policy>,
}

impl Token {
    pub(super) fn status(&self, now: Instant) -> &'static str {
        if self.expires_on.is_some_and(|e| e <= now) {
            "expired"
        } else if self.disabled {
            "disabled"
        } else {
            "active"
        }
    }

    /// The token as list and get show it (never its secret).
    pub(super) fn record(&self, now: Instant) -> Value {
        let mut v = json!({
            "id": self.id,
            "name": self.name,
            "status": self.status(now),
            "issued_on": rfc3339(self.issued_on),
            "modified_on": rfc3339(self.modified_on),
            "policies": self.policies.iter().map(Policy::json).collect::<Vec<_>>(),
        });
        let o = v.as_object_mut().expect("an object");
        for (k, t) in [
            ("last_used_on", self.last_used_on),
            ("not_before", self.not_before),
            ("expires_on", self.expires_on),
        ] {
            if let Some(t) = t {
                o.insert(k.into(), Value::String(rfc3339(t)));
            }
        }
        if !self.ip_in.is_empty() || !self.ip_not_in.is_empty() {
            let mut ip = Map::new();
            if !self.ip_in.is_empty() {
                ip.insert("in".into(), json!(self.ip_in));
            }
            if !self.ip_not_in.is_empty() {
                ip.insert("not_in".into(), json!(self.ip_not_in));
            }
            o.insert("condition".into(), json!({ "request_ip": ip }));
        }
        v
    }

    /// Whether the token holds permission group `name` (of `scope`) over resource `key`: an
    /// allow policy names it and reaches the resource, and no deny policy does.
    pub(super) fn holds(&self, scope: &str, name: &str, key: &str) -> bool {
        let Some(g) = group_by_name(scope, name) else {
            return false;
        };
        let names = |p: &&Policy| p.groups.contains(&g.id) && p.reaches(key);
        let allowed = self
            .policies
            .iter()
            .filter(|p| p.effect == Effect::Allow)
            .any(|p| names(&p));
        let denied = self
            .policies
            .iter()
            .filter(|p| p.effect == Effect::Deny)
            .any(|p| names(&p));
        allowed && !denied
    }
}

/// Requests per token in the current five-minute window.
#[derive(Default)]
pub(super) struct Window {
    pub(super) started_ms: i64,
    pub(super) used: BTreeMap<String, u32>,
}

/// A zone of the account (a domain on Cloudflare).
pub(super) struct Zone {
    /// 32 hex characters [C: the length].
    pub(super) id: String,
    pub(super) name: String,
    pub(super) created_on: Instant,
}

pub struct Tenant {
    pub(super) account_id: String,
    /// [I] the account's display name, as a zone's `account.name` shows it.
    pub(super) account_name: String,
    pub(super) zones: Vec<Zone>,
    pub(super) user_id: String,
    pub(super) tokens: Vec<Token>,
    pub(super) next: u64,
    pub(super) window: Window,
    /// Groups this account no longer offers, and groups it offers beyond the reference table
    /// (as the real one drifts from the documentation): what `permission_groups` lists.
    pub(super) retired: Vec<String>,
    pub(super) extra: Vec<(&'static str, String)>,
}

impl Tenant {
    pub fn account_id(&self) -> &str {
        &self.account_id
    }

    /// The sandbox's admin credential: the first account-owned token.
    pub fn admin_token(&self) -> &str {
        &self.tokens[0].secret
    }

    pub(super) fn account_key(&self) -> String {
        format!("{ACCOUNT_SCOPE}.{}", self.account_id)
    }

    /// The ids of the account's zones.
    pub(super) fn zone_ids(&self) -> Vec<String> {
        self.zones.iter().map(|z| z.id.clone()).collect()
    }

    pub(super) fn user_key(&self) -> String {
        format!("{USER_SCOPE}.{}", self.user_id)
    }

    /// A fresh 32-character token id.
    pub(super) fn new_id(&mut self) -> String {
        self.next += 1;
        hex::encode(&Sha256::digest(format!("token-{}-{}", self.account_id, self.next))[..16])
    }

    /// Cloudflare stops offering group `name` of `resource` (`user`, `account`, `zone`).
    pub fn console_retire_group(&mut self, resource: &str, name: &str) {
        if let Some(g) = group_by_name(scope_of(resource), name) {
            self.retired.push(g.id.clone());
        }
    }

    /// Cloudflare starts offering a group the reference table does not list.
    pub fn console_offer_group(&mut self, resource: &str, name: &str) {
        self.extra.push((scope_of(resource), name.to_owned()));
    }

    /// The user the user-owned tokens belong to.
    pub fn user_id(&self) -> &str {
        &self.user_id
    }

    /// What the user does in Cloudflare's dashboard: makes a user-owned token, never expiring,
    /// whose one allow policy grants the groups named (`(resource, name)`, resource `user`,
    /// `account` or `zone`) over `resources` (as a policy names them); its value.
    pub fn console_user_token(
        &mut self,
        name: &str,
        groups: &[(&str, &str)],
        resources: Map<String, Value>,
    ) -> String {
        let groups = groups
            .iter()
            .filter_map(|(r, n)| group_by_name(scope_of(r), n).map(|g| g.id.clone()))
            .collect();
        let (id, policy_id) = (self.new_id(), self.new_id());
        let secret = crate::common::random_alnum(40);
        let now = crate::common::now();
        self.tokens.push(Token {
            id,
            owner: Owner::User,
            name: name.to_owned(),
            secret: secret.clone(),
            disabled: false,
            issued_on: now,
            modified_on: now,
            last_used_on: None,
            not_before: None,
            expires_on: None,
            ip_in: Vec::new(),
            ip_not_in: Vec::new(),
            policies: vec![Policy {
                id: policy_id,
                effect: Effect::Allow,
                groups,
                resources,
            }],
        });
        secret
    }

    /// [`Tenant::console_user_token`] over the user and the account, each as a whole.
    pub fn console_user_token_on_account(&mut self, name: &str, groups: &[(&str, &str)]) -> String {
        let mut over = Map::new();
        over.insert(self.user_key(), json!("*"));
        over.insert(self.account_key(), json!("*"));
        self.console_user_token(name, groups, over)
    }

    /// What another admin does in Cloudflare's dashboard: deletes the token named `name`;
    /// whether there was one.
    pub fn console_delete(&mut self, name: &str) -> bool {
        let before = self.tokens.len();
        self.tokens.retain(|t| t.name != name);
        self.tokens.len() < before
    }
}
