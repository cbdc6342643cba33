//! A realistic simulated instance: `root` (an administrator) and three people, the group
//! `platform` with its projects `platform/api` and `platform/web`, their memberships, and the
//! tokens such an instance accumulates: the sandbox admin's and a break-glass one, project
//! tokens (narrow and broad, expiring soon, revoked, expired), group tokens, personal tokens
//! (one from before GitLab 16.0 that never expires); and `--seed-tokens` many more project
//! tokens in a deterministic mix.

use chrono::Duration;

use super::model::{new_secret, Member, Owner, Space, Tenant, Token, User};
use crate::common::{now, Mix};

const ROOT: u64 = 1;
const ALICE: u64 = 2;
const BOB: u64 = 3;
const CAROL: u64 = 4;
const GROUP: u64 = 3;
const API: u64 = 7;
const WEB: u64 = 8;

/// When a seeded token was made, expires (days from now; negative: already; `None`: never),
/// was last used (days ago), and whether it was revoked.
#[derive(Clone, Copy)]
struct When {
    age_days: i64,
    expires_in_days: Option<i64>,
    used_days_ago: Option<i64>,
    revoked: bool,
}

const fn when(age: i64, expires: Option<i64>, used: Option<i64>, revoked: bool) -> When {
    When {
        age_days: age,
        expires_in_days: expires,
        used_days_ago: used,
        revoked,
    }
}

/// A seeded token: its owner, the user of a personal one, name, scopes, role and dates.
type Seeded<'a> = (Owner, u64, &'a str, &'a [&'a str], Option<u8>, When);

/// The tokens an instance accumulates, after the admin's.
#[rustfmt::skip]
const SEEDED: &[Seeded<'static>] = &[
    (Owner::Personal, ROOT, "break-glass", &["api", "sudo", "admin_mode"], None, when(60, Some(30), None, false)),
    (Owner::Project(API), 0, "ci-deploy", &["read_repository", "write_registry", "read_registry"], Some(30), when(20, Some(90), Some(0), false)),
    (Owner::Project(API), 0, "renovate", &["api"], Some(40), when(65, Some(300), Some(1), false)),
    (Owner::Project(API), 0, "release-bot", &["api", "write_repository"], Some(40), when(360, Some(5), Some(3), false)),
    (Owner::Project(API), 0, "old-deploy", &["read_repository"], Some(30), when(200, Some(100), Some(120), true)),
    (Owner::Project(API), 0, "staging-ci", &["read_api"], Some(30), when(377, Some(-12), Some(13), false)),
    (Owner::Project(WEB), 0, "web-preview", &["read_api", "read_repository"], Some(30), when(40, Some(180), Some(2), false)),
    (Owner::Group(GROUP), 0, "group-ci", &["read_api"], Some(20), when(90, Some(200), Some(0), false)),
    (Owner::Group(GROUP), 0, "group-admin", &["api"], Some(50), when(30, Some(100), None, false)),
    (Owner::Personal, ALICE, "laptop", &["read_api", "read_repository"], None, when(100, Some(150), Some(0), false)),
    (Owner::Personal, BOB, "migration", &["api"], None, when(1000, None, Some(400), false)),
    (Owner::Personal, CAROL, "dashboard", &["read_api"], None, when(20, Some(60), Some(4), false)),
];

fn person(id: u64, username: &str, name: &str, admin: bool) -> User {
    User {
        id,
        username: username.to_owned(),
        name: name.to_owned(),
        admin,
        bot: false,
    }
}

impl Tenant {
    /// Adds a seeded token (a project or group one with its new bot user).
    fn seed(&mut self, s: &Seeded<'_>, secret: Option<String>) {
        let (owner, user, name, scopes, level, w) = *s;
        let user_id = match owner {
            Owner::Personal => user,
            at => self.new_bot(at, name, level.unwrap_or(40)),
        };
        let now = now();
        let token = Token {
            id: 0,
            name: name.to_owned(),
            description: String::new(),
            scopes: scopes.iter().map(|x| (*x).to_owned()).collect(),
            user_id,
            owner,
            access_level: level,
            created_at: now - Duration::days(w.age_days),
            last_used_at: w
                .used_days_ago
                .map(|d| now - Duration::days(d) - Duration::minutes(17)),
            expires_at: w
                .expires_in_days
                .map(|d| now.date_naive() + Duration::days(d)),
            revoked: w.revoked,
            secret: secret.unwrap_or_else(new_secret),
            family: 0,
        };
        self.push(token, None);
    }

    /// The instance as the sandbox starts it; `admin` is the admin token's secret to keep.
    pub fn seeded(admin: Option<String>) -> Self {
        let space = |id: u64, path: &str, group: Option<u64>| Space {
            id,
            full_path: path.to_owned(),
            group,
        };
        let member = |user: u64, at: Owner, level: u8| Member { user, at, level };
        let mut t = Tenant {
            users: vec![
                person(ROOT, "root", "Administrator", true),
                person(ALICE, "alice", "Alice Nguyen", false),
                person(BOB, "bob", "Bob Ortega", false),
                person(CAROL, "carol", "Carol Ames", false),
            ],
            groups: vec![space(GROUP, "platform", None)],
            projects: vec![
                space(API, "platform/api", Some(GROUP)),
                space(WEB, "platform/web", Some(GROUP)),
            ],
            members: vec![
                member(ALICE, Owner::Project(API), 40),
                member(BOB, Owner::Project(API), 30),
                member(CAROL, Owner::Group(GROUP), 50),
            ],
            tokens: Vec::new(),
            next_token: 0,
            next_user: CAROL,
            windows: Default::default(),
        };
        let admin_seed: Seeded = (
            Owner::Personal,
            ROOT,
            "Scopekeeper admin",
            &["api"],
            None,
            when(3, Some(300), Some(0), false),
        );
        t.seed(&admin_seed, admin);
        for s in SEEDED {
            t.seed(s, None);
        }
        t
    }

    /// `n` more project tokens in `platform/api`, in a deterministic mix (the same `n`, the
    /// same tokens): narrow and broad, every role, expired, expiring soon, revoked, a few from
    /// before expiry was required, used lately, long ago or never.
    pub fn seed_bulk(&mut self, n: usize) {
        let mut mix = Mix::new(0x6111_AB70_4E45);
        for i in 0..n {
            let (label, scopes, level) = PROFILES[mix.weighted(&WEIGHTS)];
            let level = if mix.chance(20) {
                *mix.pick(&[10, 20, 30, 40])
            } else {
                level
            };
            let age = mix.range(1, 700);
            let expires = match mix.weighted(&[12, 10, 70, 8]) {
                0 => Some(-mix.range(1, 300)),
                1 => Some(mix.range(1, 14)),
                2 => Some(mix.range(15, 365)),
                _ => None,
            };
            let used = (!mix.chance(20)).then(|| mix.range(0, age));
            let name = format!("{label}-{i:05}");
            let s: Seeded = (
                Owner::Project(API),
                0,
                &name,
                scopes,
                Some(level),
                when(age, expires, used, mix.chance(5)),
            );
            self.seed(&s, None);
        }
    }
}

const WEIGHTS: [u64; 6] = [30, 20, 15, 15, 10, 10];

/// A bulk token's name, scopes and usual role.
#[rustfmt::skip]
const PROFILES: [(&str, &[&str], u8); 6] = [
    ("ci-read", &["read_api", "read_repository"], 20),
    ("deploy", &["read_repository", "read_registry", "write_registry"], 30),
    ("release", &["api", "write_repository"], 40),
    ("bot-api", &["api"], 40),
    ("runner", &["create_runner", "manage_runner"], 40),
    ("mirror", &["read_repository", "write_repository", "self_rotate"], 30),
];

#[cfg(test)]
mod tests {
    use super::super::model::{scope_fits, Kind};
    use super::{PROFILES, SEEDED};

    #[test]
    fn every_scope_the_seed_names_fits_its_kind_in_the_reference_table() {
        for (owner, _, name, scopes, _, _) in SEEDED {
            for s in *scopes {
                assert_eq!(scope_fits(owner.kind(), s), Some(true), "{name}: {s}");
            }
        }
        for (name, scopes, _) in PROFILES {
            for s in scopes {
                assert_eq!(scope_fits(Kind::Project, s), Some(true), "{name}: {s}");
            }
        }
    }
}
