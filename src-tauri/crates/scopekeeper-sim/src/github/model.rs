//! What the simulated GitHub holds: the permission names fine-grained tokens may carry and the
//! classic scopes with their parents (from the reference tables the built-in catalog is made
//! from), the people, the organisation `acme` and its repositories, the GitHub App and its
//! installation, every token with its secret, and the organisation's grants to fine-grained
//! tokens.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde_json::{json, Value};

use super::jwt::AppKey;
use crate::common::{self, Instant};

/// The fine-grained permissions table: `permission<TAB>title<TAB>level<TAB>access<TAB>…`.
const FINE_GRAINED: &str = include_str!(
    "../../../scopekeeper-core/catalogs/reference/github-fine-grained-permissions.tsv"
);
/// The classic scopes table: `scope<TAB>parent<TAB>description`.
const CLASSIC: &str =
    include_str!("../../../scopekeeper-core/catalogs/reference/github-classic-scopes.tsv");

pub(super) const ORG: &str = "acme";
/// [I] the organisation's numeric id (it appears in a grant's `repositories_url` [C: shape]).
pub(super) const ORG_ID: u64 = 4001;
pub(super) const APP_ID: u64 = 1001;
/// [I] a client id the JWT's `iss` may name instead of the app id.
pub(super) const CLIENT_ID: &str = "Iv1.sandbox1001";
pub(super) const APP_SLUG: &str = "scopekeeper-sandbox";
pub(super) const APP_NAME: &str = "Scopekeeper sandbox";
pub(super) const INSTALLATION_ID: u64 = 5001;

/// The level a fine-grained permission applies at [C].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Level {
    Organization,
    Repository,
    Account,
}

/// Rows of a reference table (comments, the header and blank lines left out), split on tabs.
fn rows(table: &'static str, header: &str) -> impl Iterator<Item = Vec<&'static str>> {
    let header = format!("{header}\t");
    table
        .lines()
        .filter(move |l| !l.starts_with('#') && !l.starts_with(&header) && !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
}

/// Each fine-grained permission with its level, once.
fn permissions() -> &'static [(&'static str, Level)] {
    static TABLE: OnceLock<Vec<(&'static str, Level)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        rows(FINE_GRAINED, "permission")
            .filter_map(|f| {
                let level = match *f.get(2)? {
                    "organization" => Level::Organization,
                    "repository" => Level::Repository,
                    "account" => Level::Account,
                    _ => return None,
                };
                Some((f[0], level))
            })
            .collect()
    })
}

/// The level of a fine-grained permission; `None` when GitHub has no such permission.
pub(super) fn permission_level(name: &str) -> Option<Level> {
    permissions()
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, l)| *l)
}

/// Each classic scope with its parent, once.
fn classic() -> &'static [(&'static str, &'static str)] {
    static TABLE: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        rows(CLASSIC, "scope")
            .map(|f| (f[0], f.get(1).copied().unwrap_or("")))
            .collect()
    })
}

/// Whether `scope` is a classic scope.
#[cfg(test)]
pub(super) fn is_classic_scope(scope: &str) -> bool {
    classic().iter().any(|(s, _)| *s == scope)
}

/// A classic token's scope list as GitHub keeps it: scopes implied by another held scope dropped
/// (`user,gist,user:email` → `user,gist`) [C].
pub(super) fn normalise(scopes: &[&str]) -> Vec<String> {
    let parent = |s: &str| classic().iter().find(|(x, _)| *x == s).map(|(_, p)| *p);
    scopes
        .iter()
        .filter(|s| parent(s).is_none_or(|p| p.is_empty() || !scopes.contains(&p)))
        .map(|s| (*s).to_owned())
        .collect()
}

/// An access level: read < write < admin [C].
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub(super) enum Access {
    Read,
    Write,
    Admin,
}

impl Access {
    pub(super) fn parse(s: &str) -> Option<Self> {
        match s {
            "read" => Some(Access::Read),
            "write" => Some(Access::Write),
            "admin" => Some(Access::Admin),
            _ => None,
        }
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            Access::Read => "read",
            Access::Write => "write",
            Access::Admin => "admin",
        }
    }
}

/// Permission name → access.
pub(super) type Permissions = BTreeMap<String, Access>;

pub(super) fn perms(list: &[(&str, Access)]) -> Permissions {
    list.iter().map(|(n, a)| ((*n).to_owned(), *a)).collect()
}

/// A flat permissions map as JSON: `{"issues": "write", …}`.
pub(super) fn perms_json(p: &Permissions) -> Value {
    Value::Object(
        p.iter()
            .map(|(n, a)| (n.clone(), Value::from(a.name())))
            .collect(),
    )
}

pub(super) struct User {
    pub(super) id: u64,
    pub(super) login: String,
    pub(super) name: String,
}

impl User {
    /// A simple user, as `owner` fields show one.
    pub(super) fn simple(&self) -> Value {
        json!({ "login": self.login, "id": self.id, "type": "User", "site_admin": false })
    }
}

/// A repository of `acme`.
pub(super) struct Repo {
    pub(super) id: u64,
    pub(super) name: String,
    pub(super) private: bool,
}

impl Repo {
    pub(super) fn json(&self) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "full_name": format!("{ORG}/{}", self.name),
            "private": self.private,
            "visibility": if self.private { "private" } else { "public" },
            "owner": { "login": ORG, "id": ORG_ID, "type": "Organization" },
        })
    }
}

/// Which repositories a token reaches: every one of the organisation's, some, or none [C].
#[derive(Clone, PartialEq, Eq, Debug)]
pub(super) enum Selection {
    All,
    Subset(Vec<u64>),
    None,
}

impl Selection {
    pub(super) fn covers(&self, repo: u64) -> bool {
        match self {
            Selection::All => true,
            Selection::Subset(ids) => ids.contains(&repo),
            Selection::None => false,
        }
    }

    /// The grant's `repository_selection` [C].
    pub(super) fn name(&self) -> &'static str {
        match self {
            Selection::All => "all",
            Selection::Subset(_) => "subset",
            Selection::None => "none",
        }
    }
}

/// What kind of token, with what it may do.
#[derive(Clone, Debug)]
pub(super) enum Kind {
    /// `ghp_…`: OAuth scopes, normalised.
    Classic { scopes: Vec<String> },
    /// `github_pat_…`: a resource owner (the organisation, or the user alone), repositories and
    /// permissions.
    FineGrained {
        org: bool,
        selection: Selection,
        permissions: Permissions,
    },
    /// `ghs_…`: the App's installation on `acme`, an hour long.
    Installation {
        selection: Selection,
        permissions: Permissions,
    },
}

#[derive(Clone, Debug)]
pub(super) struct Token {
    pub(super) id: u64,
    pub(super) name: String,
    /// The user a personal token belongs to (0 for an installation token).
    pub(super) user: u64,
    pub(super) secret: String,
    pub(super) kind: Kind,
    pub(super) created_at: Instant,
    /// `None`: never expires (classic tokens may; fine-grained ones only by an old exemption).
    pub(super) expires_at: Option<Instant>,
    pub(super) last_used_at: Option<Instant>,
}

impl Token {
    pub(super) fn active(&self, now: Instant) -> bool {
        self.expires_at.is_none_or(|e| now < e)
    }
}

/// The organisation's approval of a fine-grained token (the `pat_id` of the org endpoints).
pub(super) struct Grant {
    pub(super) id: u64,
    pub(super) token_id: u64,
    pub(super) access_granted_at: Instant,
    pub(super) revoked: bool,
}

/// Requests counted in one credential's current hour.
#[derive(Clone, Copy)]
pub(super) struct Window {
    /// Unix seconds.
    pub(super) started: i64,
    pub(super) used: u32,
}

pub struct Tenant {
    pub(super) users: Vec<User>,
    pub(super) repos: Vec<Repo>,
    pub(super) tokens: Vec<Token>,
    pub(super) grants: Vec<Grant>,
    pub(super) next_token: u64,
    pub(super) next_grant: u64,
    /// What the installation may be given, and to which repositories.
    pub(super) installation: Permissions,
    /// Rate-limit windows, keyed `token:{id}`, `app` or `ip:{addr}`.
    pub(super) windows: BTreeMap<String, Window>,
    pub(super) key: AppKey,
}

/// `ghp_` and 36 letters and digits [I: the length].
pub(super) fn classic_secret() -> String {
    format!("ghp_{}", common::random_alnum(36))
}

/// `github_pat_`, 22 letters and digits, `_`, 59 more [I: the lengths].
pub(super) fn fine_grained_secret() -> String {
    format!(
        "github_pat_{}_{}",
        common::random_alnum(22),
        common::random_alnum(59)
    )
}

/// `ghs_` and 36 letters and digits [C: the prefix; I: the length].
pub(super) fn installation_secret() -> String {
    format!("ghs_{}", common::random_alnum(36))
}

impl Tenant {
    /// The App's private key, PKCS#1 PEM: the sandbox connection's credential.
    pub fn app_key_pem(&self) -> &str {
        self.key.pem()
    }

    pub fn app_id(&self) -> u64 {
        APP_ID
    }

    pub fn installation_id(&self) -> u64 {
        INSTALLATION_ID
    }

    pub fn org(&self) -> &str {
        ORG
    }

    /// `sk-admin`'s classic token (the first token).
    pub fn classic_token(&self) -> &str {
        &self.tokens[0].secret
    }

    /// `sk-admin`'s fine-grained token (the second).
    pub fn fine_grained_token(&self) -> &str {
        &self.tokens[1].secret
    }

    pub(super) fn user(&self, id: u64) -> Option<&User> {
        self.users.iter().find(|u| u.id == id)
    }

    pub(super) fn repo_named(&self, name: &str) -> Option<&Repo> {
        self.repos
            .iter()
            .find(|r| r.name.eq_ignore_ascii_case(name))
    }

    /// Adds a token; its index.
    pub(super) fn push(&mut self, mut token: Token) -> usize {
        self.next_token += 1;
        token.id = self.next_token;
        self.tokens.push(token);
        self.tokens.len() - 1
    }

    /// The token with id `id` (ids are given in order from 1, so it is usually at `id - 1`).
    pub(super) fn token_by_id(&self, id: u64) -> Option<&Token> {
        let at = usize::try_from(id).ok()?.checked_sub(1)?;
        match self.tokens.get(at) {
            Some(t) if t.id == id => Some(t),
            _ => self.tokens.iter().find(|t| t.id == id),
        }
    }

    /// The organisation's grant to a token, unless revoked.
    pub(super) fn grant_of(&self, token_id: u64) -> Option<&Grant> {
        self.grants
            .iter()
            .find(|g| g.token_id == token_id && !g.revoked)
    }

    /// Approves the organisation-owned fine-grained token at `idx`; the grant's id.
    pub(super) fn approve(&mut self, idx: usize, at: Instant) -> u64 {
        self.next_grant += 1;
        let id = self.next_grant;
        self.grants.push(Grant {
            id,
            token_id: self.tokens[idx].id,
            access_granted_at: at,
            revoked: false,
        });
        id
    }
}
