//! A realistic simulated organisation: `sk-admin` (its owner) and three members, the
//! repositories `acme/api` (private), `acme/web` (public) and `acme/infra` (private), the App's
//! installation, and the tokens such an organisation accumulates: the admin's classic and
//! fine-grained tokens, the organisation's grants to fine-grained tokens (narrow and broad,
//! expiring soon, expired, one old non-expiring exemption, a CI bot's), classic tokens (one that never expires), a token
//! whose resource owner is its user; and `--seed-tokens` many more grants in a deterministic mix.
//! Console hooks let a test act as another owner would in GitHub's settings.

use chrono::Duration;

use super::jwt::AppKey;
use super::model::{
    classic_secret, fine_grained_secret, normalise, perms, Access, Kind, Repo, Selection, Tenant,
    Token, User, Window,
};
use crate::common::{now, Mix};

use Access::{Read, Write};

const ADMIN: u64 = 9001;
const ALICE: u64 = 9002;
const BOB: u64 = 9003;
const EVE: u64 = 9004;
const API: u64 = 7001;
const WEB: u64 = 7002;
const INFRA: u64 = 7003;

/// When a seeded token was made, expires (days from now; negative: already; `None`: never),
/// and was last used (days ago).
#[derive(Clone, Copy)]
struct When {
    age_days: i64,
    expires_in_days: Option<i64>,
    used_days_ago: Option<i64>,
}

const fn when(age: i64, expires: Option<i64>, used: Option<i64>) -> When {
    When {
        age_days: age,
        expires_in_days: expires,
        used_days_ago: used,
    }
}

/// A seeded grant: user, token name (or a bulk one's label), permissions, selection, dates.
type Seeded = (
    u64,
    &'static str,
    &'static [(&'static str, Access)],
    Sel,
    When,
);

/// A selection in a constant.
#[derive(Clone, Copy)]
enum Sel {
    All,
    Api,
    Web,
    Both,
    None,
}

impl Sel {
    fn selection(self) -> Selection {
        match self {
            Sel::All => Selection::All,
            Sel::Api => Selection::Subset(vec![API]),
            Sel::Web => Selection::Subset(vec![WEB]),
            Sel::Both => Selection::Subset(vec![API, WEB]),
            Sel::None => Selection::None,
        }
    }
}

/// The organisation's grants after the admin's.
#[rustfmt::skip]
const GRANTS: &[Seeded] = &[
    (ALICE, "deploy-api", &[("contents", Write), ("pull_requests", Write), ("metadata", Read)], Sel::Api, when(30, Some(60), Some(1))),
    (BOB, "legacy-admin", &[("administration", Write), ("metadata", Read)], Sel::All, when(400, None, None)),
    (EVE, "contractor-audit", &[("members", Read), ("organization_administration", Read)], Sel::None, when(100, Some(-10), Some(12))),
    (ADMIN, "ci-bot", &[("actions", Write), ("secrets", Write), ("metadata", Read)], Sel::All, when(120, Some(90), Some(0))),
    (ALICE, "web-triage", &[("issues", Read), ("metadata", Read)], Sel::Web, when(15, Some(30), Some(3))),
];

fn person(id: u64, login: &str, name: &str) -> User {
    User {
        id,
        login: login.to_owned(),
        name: name.to_owned(),
    }
}

impl Tenant {
    /// Adds a token made `w.age_days` ago; its index.
    fn seed(&mut self, user: u64, name: &str, kind: Kind, w: When) -> usize {
        let now = now();
        let secret = match kind {
            Kind::Classic { .. } => classic_secret(),
            _ => fine_grained_secret(),
        };
        self.push(Token {
            id: 0,
            name: name.to_owned(),
            user,
            secret,
            kind,
            created_at: now - Duration::days(w.age_days),
            expires_at: w.expires_in_days.map(|d| now + Duration::days(d)),
            last_used_at: w
                .used_days_ago
                .map(|d| now - Duration::days(d) - Duration::minutes(17)),
        })
    }

    /// Adds an organisation-owned fine-grained token and its grant (an hour after it was made).
    fn seed_grant(&mut self, s: &Seeded, name: &str) -> usize {
        let (user, _, list, sel, w) = *s;
        let kind = Kind::FineGrained {
            org: true,
            selection: sel.selection(),
            permissions: perms(list),
        };
        let i = self.seed(user, name, kind, w);
        let at = self.tokens[i].created_at + Duration::hours(1);
        self.approve(i, at);
        i
    }

    /// The organisation as the sandbox starts it; `key_pem` is the App's key to keep.
    pub fn seeded(key_pem: Option<String>) -> Self {
        let repo = |id: u64, name: &str, private: bool| Repo {
            id,
            name: name.to_owned(),
            private,
        };
        let mut t = Tenant {
            users: vec![
                person(ADMIN, "sk-admin", "Scopekeeper Admin"),
                person(ALICE, "dev-alice", "Alice Nguyen"),
                person(BOB, "dev-bob", "Bob Ortega"),
                person(EVE, "contractor-eve", "Eve Marsh"),
            ],
            repos: vec![
                repo(API, "api", true),
                repo(WEB, "web", false),
                repo(INFRA, "infra", true),
            ],
            tokens: Vec::new(),
            grants: Vec::new(),
            next_token: 0,
            next_grant: 25_000,
            installation: perms(&[
                ("organization_personal_access_tokens", Write),
                ("organization_personal_access_token_requests", Read),
                ("members", Read),
                ("metadata", Read),
                ("contents", Read),
                ("issues", Write),
                ("pull_requests", Write),
            ]),
            windows: Default::default(),
            key: AppKey::new(key_pem.as_deref()),
        };
        let classic = |s: &[&str]| Kind::Classic {
            scopes: normalise(s),
        };
        let admin_scopes = classic(&["repo", "read:org", "workflow"]);
        t.seed(
            ADMIN,
            "Scopekeeper admin (classic)",
            admin_scopes,
            when(10, Some(30), Some(0)),
        );
        let admin: Seeded = (
            ADMIN,
            "Scopekeeper admin",
            &[("metadata", Read), ("issues", Write)],
            Sel::All,
            when(25, Some(5), Some(0)),
        );
        t.seed_grant(&admin, admin.1);
        for g in GRANTS {
            t.seed_grant(g, g.1);
        }
        t.seed(
            BOB,
            "old-laptop",
            classic(&["repo", "admin:org"]),
            when(900, None, Some(200)),
        );
        let gists = classic(&["gist", "user", "user:email"]);
        t.seed(ALICE, "gist-sync", gists, when(40, Some(50), Some(2)));
        let own = Kind::FineGrained {
            org: false,
            selection: Selection::All,
            permissions: perms(&[("contents", Read), ("metadata", Read)]),
        };
        t.seed(EVE, "dotfiles", own, when(20, Some(70), Some(5)));
        t
    }

    /// `n` more grants in a deterministic mix (the same `n`, the same grants): narrow and broad,
    /// every member, all, some or no repositories, expired, expiring soon, a few that never
    /// expire, used lately, long ago or never.
    pub fn seed_bulk(&mut self, n: usize) {
        let mut mix = Mix::new(0x6177_4B5F_5041_5453);
        for i in 0..n {
            let (label, list, org_only) = PROFILES[mix.weighted(&WEIGHTS)];
            let user = *mix.pick(&[ADMIN, ALICE, ALICE, BOB, BOB, EVE]);
            let sel = if org_only {
                Sel::None
            } else {
                *mix.pick(&[Sel::All, Sel::Api, Sel::Api, Sel::Web, Sel::Both])
            };
            let age = mix.range(1, 500);
            let expires = match mix.weighted(&[12, 10, 72, 6]) {
                0 => Some(-mix.range(1, 200)),
                1 => Some(mix.range(1, 7)),
                2 => Some(mix.range(8, 366)),
                _ => None,
            };
            let used = (!mix.chance(20)).then(|| mix.range(0, age));
            let name = format!("{label}-{i:05}");
            self.seed_grant(&(user, label, list, sel, when(age, expires, used)), &name);
        }
    }

    /// What another owner does in GitHub's settings: `login` makes a fine-grained token owned
    /// by the organisation (`repos` `None`: every repository; `Some(&[])`: none) and the
    /// organisation approves it. The grant's id and the token's secret; `None` for an unknown
    /// user, permission, level or repository.
    pub fn console_grant(
        &mut self,
        login: &str,
        name: &str,
        permissions: &[(&str, &str)],
        repos: Option<&[&str]>,
        expires_in_days: Option<i64>,
    ) -> Option<(u64, String)> {
        let user = self.users.iter().find(|u| u.login == login)?.id;
        let mut p = perms(&[]);
        for (n, a) in permissions {
            super::model::permission_level(n)?;
            p.insert((*n).to_owned(), Access::parse(a)?);
        }
        let selection = match repos {
            None => Selection::All,
            Some([]) => Selection::None,
            Some(names) => Selection::Subset(
                names
                    .iter()
                    .map(|n| self.repo_named(n).map(|r| r.id))
                    .collect::<Option<Vec<u64>>>()?,
            ),
        };
        let kind = Kind::FineGrained {
            org: true,
            selection,
            permissions: p,
        };
        let i = self.seed(user, name, kind, when(0, expires_in_days, None));
        let id = self.approve(i, now());
        Some((id, self.tokens[i].secret.clone()))
    }

    /// Ends the token whose secret is `secret` now, as its hour or its expiry date running out
    /// would; whether the token exists.
    pub fn console_expire(&mut self, secret: &str) -> bool {
        let now = now();
        let Some(t) = self.tokens.iter_mut().find(|t| t.secret == secret) else {
            return false;
        };
        t.expires_at = Some(now - Duration::seconds(1));
        true
    }

    /// Counts `used` requests in the current hour of the token whose secret is `secret` (a fresh
    /// hour), so a test can reach the limit without 5,000 calls; whether the token exists.
    pub fn console_preset_rate(&mut self, secret: &str, used: u32) -> bool {
        let Some(t) = self.tokens.iter().find(|t| t.secret == secret) else {
            return false;
        };
        let key = format!("token:{}", t.id);
        let started = now().timestamp();
        self.windows.insert(key, Window { started, used });
        true
    }
}

const WEIGHTS: [u64; 6] = [30, 20, 20, 10, 10, 10];

/// A bulk grant's name, permissions, and whether they are organisation permissions only.
type Profile = (&'static str, &'static [(&'static str, Access)], bool);

#[rustfmt::skip]
const PROFILES: [Profile; 6] = [
    ("ci-read", &[("contents", Read), ("metadata", Read)], false),
    ("deploy", &[("contents", Write), ("deployments", Write), ("metadata", Read)], false),
    ("triage", &[("issues", Write), ("pull_requests", Write), ("metadata", Read)], false),
    ("org-reader", &[("members", Read), ("organization_projects", Read)], true),
    ("repo-admin", &[("administration", Write), ("metadata", Read)], false),
    ("actions", &[("actions", Write), ("secrets", Write), ("metadata", Read)], false),
];

#[cfg(test)]
mod tests {
    use super::super::model::{is_classic_scope, permission_level, Access, Tenant};
    use super::{GRANTS, PROFILES};

    #[test]
    fn every_permission_and_scope_the_seed_names_is_in_the_reference_tables() {
        let lists = GRANTS
            .iter()
            .map(|g| g.2)
            .chain(PROFILES.iter().map(|p| p.1));
        for list in lists {
            for (name, _) in list {
                assert!(permission_level(name).is_some(), "{name}");
            }
        }
        let t = Tenant::seeded(None);
        for name in t.installation.keys() {
            let app_only = name.starts_with("organization_personal_access_token");
            assert!(app_only || permission_level(name).is_some(), "{name}");
        }
        for s in ["repo", "read:org", "workflow", "admin:org", "gist", "user"] {
            assert!(is_classic_scope(s), "{s}");
        }
        assert!(Access::Read < Access::Write);
    }
}
