//! What the simulated GitLab instance holds: the scopes each token kind may carry (from the
//! reference table the built-in catalog is made from), users, a group and its projects,
//! memberships with their roles, and the access tokens with their secrets (no reply but a
//! create or a rotate carries one).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::NaiveDate;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::common::{self, Instant};

/// GitLab's scope table as its documentation lists it (the same table the built-in catalog is
/// generated from): `scope<TAB>personal<TAB>group<TAB>project<TAB>description`.
const REFERENCE: &str =
    include_str!("../../../scopekeeper-core/catalogs/reference/gitlab-scopes.tsv");

/// The roles a project or group token may hold [C]: guest, planner, reporter, developer,
/// maintainer, owner.
pub(super) const LEVELS: [u8; 6] = [10, 15, 20, 30, 40, 50];
pub(super) const MAINTAINER: u8 = 40;
pub(super) const OWNER: u8 = 50;

/// The kind of a token: whose it is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Kind {
    Personal,
    Project,
    Group,
}

/// Each scope with the kinds that may hold it (personal, group, project), once.
fn scopes() -> &'static [(String, [bool; 3])] {
    static SCOPES: OnceLock<Vec<(String, [bool; 3])>> = OnceLock::new();
    SCOPES.get_or_init(|| {
        REFERENCE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("scope\t") && !l.trim().is_empty())
            .filter_map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                let yes = |i: usize| f.get(i).is_some_and(|c| *c == "yes");
                Some((f.first()?.to_string(), [yes(1), yes(2), yes(3)]))
            })
            .collect()
    })
}

/// Whether `kind` may hold `scope`; `None` when GitLab has no such scope.
pub(super) fn scope_fits(kind: Kind, scope: &str) -> Option<bool> {
    let (_, kinds) = scopes().iter().find(|(s, _)| s == scope)?;
    Some(match kind {
        Kind::Personal => kinds[0],
        Kind::Group => kinds[1],
        Kind::Project => kinds[2],
    })
}

/// Who a token belongs to.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Owner {
    Personal,
    Project(u64),
    Group(u64),
}

impl Owner {
    pub(super) fn kind(self) -> Kind {
        match self {
            Owner::Personal => Kind::Personal,
            Owner::Project(_) => Kind::Project,
            Owner::Group(_) => Kind::Group,
        }
    }
}

pub(super) struct User {
    pub(super) id: u64,
    pub(super) username: String,
    pub(super) name: String,
    pub(super) admin: bool,
    pub(super) bot: bool,
}

impl User {
    /// `GET /user`: `is_admin` only for administrators [I].
    pub(super) fn json(&self) -> Value {
        let mut v = json!({
            "id": self.id, "username": self.username, "name": self.name,
            "state": "active", "bot": self.bot,
        });
        if self.admin {
            v["is_admin"] = Value::Bool(true);
        }
        v
    }
}

/// A group or a project: its id and full path (`platform`, `platform/api`).
pub(super) struct Space {
    pub(super) id: u64,
    pub(super) full_path: String,
    /// A project's group.
    pub(super) group: Option<u64>,
}

/// A user's role in a project or a group.
pub(super) struct Member {
    pub(super) user: u64,
    pub(super) at: Owner,
    pub(super) level: u8,
}

#[derive(Clone)]
pub(super) struct Token {
    pub(super) id: u64,
    pub(super) name: String,
    pub(super) description: String,
    pub(super) scopes: Vec<String>,
    pub(super) user_id: u64,
    pub(super) owner: Owner,
    /// Project and group tokens only.
    pub(super) access_level: Option<u8>,
    pub(super) created_at: Instant,
    pub(super) last_used_at: Option<Instant>,
    /// `None` only for tokens made before GitLab 16.0.
    pub(super) expires_at: Option<NaiveDate>,
    pub(super) revoked: bool,
    pub(super) secret: String,
    /// The rotation family: a token and every token rotated from it.
    pub(super) family: u64,
}

/// GitLab's time format: milliseconds, UTC (`2026-12-07T09:48:21.000Z`).
pub(super) fn stamp(t: Instant) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

impl Token {
    /// Not revoked and not expired: a token expires at midnight UTC on its date [C].
    pub(super) fn active(&self, today: NaiveDate) -> bool {
        !self.revoked && self.expires_at.is_none_or(|e| today < e)
    }

    pub(super) fn has(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }

    /// The token as list and get show it (never its secret).
    pub(super) fn record(&self, today: NaiveDate) -> Value {
        let mut v = json!({
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "revoked": self.revoked,
            "created_at": stamp(self.created_at),
            "scopes": self.scopes,
            "user_id": self.user_id,
            "last_used_at": self.last_used_at.map(stamp),
            "active": self.active(today),
            "expires_at": self.expires_at.map(|d| d.format("%Y-%m-%d").to_string()),
        });
        if let Some(level) = self.access_level {
            v["access_level"] = json!(level);
        }
        v
    }

    /// The record with the secret: only a create or a rotate answers this.
    pub(super) fn revealed(&self, today: NaiveDate) -> Value {
        let mut v = self.record(today);
        v["token"] = Value::String(self.secret.clone());
        v
    }
}

/// Requests counted in one key's current 60-second window.
#[derive(Clone, Copy)]
pub(super) struct Window {
    pub(super) started_ms: i64,
    pub(super) used: u32,
}

pub struct Tenant {
    pub(super) users: Vec<User>,
    pub(super) groups: Vec<Space>,
    pub(super) projects: Vec<Space>,
    pub(super) members: Vec<Member>,
    pub(super) tokens: Vec<Token>,
    pub(super) next_token: u64,
    pub(super) next_user: u64,
    /// Rate-limit windows, keyed `token:{id}` (or `ip:{addr}` for unauthenticated calls).
    pub(super) windows: BTreeMap<String, Window>,
}

/// A new secret: `glpat-` and 20 random letters and digits.
pub(super) fn new_secret() -> String {
    format!("glpat-{}", common::random_alnum(20))
}

impl Tenant {
    /// The sandbox's admin credential: root's first personal access token.
    pub fn admin_token(&self) -> &str {
        &self.tokens[0].secret
    }

    /// The project whose access tokens the sandbox's connection manages.
    pub fn project_id(&self) -> u64 {
        self.projects[0].id
    }

    pub fn group_id(&self) -> u64 {
        self.groups[0].id
    }

    pub fn admin_user_id(&self) -> u64 {
        self.users[0].id
    }

    pub(super) fn user(&self, id: u64) -> Option<&User> {
        self.users.iter().find(|u| u.id == id)
    }

    pub(super) fn is_admin(&self, user: u64) -> bool {
        self.user(user).is_some_and(|u| u.admin)
    }

    /// A user's role in a project (its own or its group's membership, the higher) or a group;
    /// administrators count as owners.
    pub(super) fn role(&self, user: u64, at: Owner) -> u8 {
        if self.is_admin(user) {
            return OWNER;
        }
        self.membership(user, at).unwrap_or(0)
    }

    /// A user's own role in a project (with its group's, the higher) or a group, as the members
    /// API shows it (`members/all`); `None` when not a member. Administrators are not members
    /// by being administrators.
    pub(super) fn membership(&self, user: u64, at: Owner) -> Option<u8> {
        let group = match at {
            Owner::Project(p) => self
                .projects
                .iter()
                .find(|x| x.id == p)
                .and_then(|x| x.group),
            _ => None,
        };
        self.members
            .iter()
            .filter(|m| {
                m.user == user && (m.at == at || group.is_some_and(|g| m.at == Owner::Group(g)))
            })
            .map(|m| m.level)
            .max()
    }

    /// A new bot user for a project or group token, a member of its project or group at the
    /// token's role: `project_{id}_bot_{hex}` / `group_{id}_bot_{hex}`, named like the token.
    pub(super) fn new_bot(&mut self, at: Owner, name: &str, level: u8) -> u64 {
        self.next_user += 1;
        let id = self.next_user;
        let hex = hex::encode(&Sha256::digest(format!("bot-{id}"))[..16]);
        let username = match at {
            Owner::Project(p) => format!("project_{p}_bot_{hex}"),
            Owner::Group(g) => format!("group_{g}_bot_{hex}"),
            Owner::Personal => format!("bot_{hex}"),
        };
        self.users.push(User {
            id,
            username,
            name: name.to_owned(),
            admin: false,
            bot: true,
        });
        self.members.push(Member {
            user: id,
            at,
            level,
        });
        id
    }

    /// Adds a token and answers its index. `family` `None` starts a new family.
    pub(super) fn push(&mut self, mut token: Token, family: Option<u64>) -> usize {
        self.next_token += 1;
        token.id = self.next_token;
        token.family = family.unwrap_or(token.id);
        self.tokens.push(token);
        self.tokens.len() - 1
    }

    /// What another admin does in GitLab's web UI: revokes every token named `name`;
    /// whether there was one.
    pub fn console_revoke(&mut self, name: &str) -> bool {
        let mut any = false;
        for t in self.tokens.iter_mut().filter(|t| t.name == name) {
            t.revoked = true;
            any = true;
        }
        any
    }

    /// Counts `observed` requests in the current window of the token whose secret is `secret`
    /// (a fresh window), so a test can reach the rate limit without 2,000 calls; whether the
    /// token exists.
    pub fn console_preset_rate(&mut self, secret: &str, observed: u32) -> bool {
        let Some(t) = self.tokens.iter().find(|t| t.secret == secret) else {
            return false;
        };
        let key = format!("token:{}", t.id);
        let window = Window {
            started_ms: common::now_ms(),
            used: observed,
        };
        self.windows.insert(key, window);
        true
    }
}
