//! A realistic simulated account: three zones (`example.com`, `example.net`,
//! `shop.example.org`, with fixed ids), the sandbox admin's account token, a handful of tokens an
//! account accumulates (narrow and broad, expiring, expired, disabled, restricted to addresses
//! or not, used lately or never), two user-owned tokens; and `--seed-tokens` many more in a
//! deterministic mix.

use chrono::Duration;
use serde_json::{json, Map, Value};

use super::model::{
    group_by_name, groups, Effect, Owner, Policy, Tenant, Token, Window, Zone, ACCOUNT_SCOPE,
    USER_SCOPE, ZONE_SCOPE,
};
use crate::common::{self, now, Mix};

const ACCOUNT_ID: &str = "8f2c0d1e4b5a69788f2c0d1e4b5a6978";
const USER_ID: &str = "3a7e5c9b1d2f40618a7e5c9b1d2f4061";
const ACCOUNT_NAME: &str = "Scopekeeper sandbox";
const ZONES: &[&str] = &[
    "0da42c8d2132a9ddaf714f9e7c920711",
    "1fb35d9e3243badebf825fae8da31822",
    "2ac46eaf4354cbefca936abf9eb42933",
];
/// The zones' names, in `ZONES`' order, and how many days ago each was added.
const ZONE_NAMES: &[(&str, i64)] = &[
    ("example.com", 800),
    ("example.net", 420),
    ("shop.example.org", 35),
];

/// One policy to seed: effect, groups as (scope, name), and where.
struct Seed {
    groups: &'static [(&'static str, &'static str)],
    reach: Reach,
}

#[derive(Clone, Copy)]
enum Reach {
    Account,
    AllAccounts,
    AllZonesOfAccount,
    AllZones,
    Zone(usize),
    User,
}

impl Tenant {
    fn resources(&self, reach: Reach) -> Map<String, Value> {
        let mut m = Map::new();
        match reach {
            Reach::Account => {
                m.insert(self.account_key(), json!("*"));
            }
            Reach::AllAccounts => {
                m.insert(format!("{ACCOUNT_SCOPE}.*"), json!("*"));
            }
            Reach::AllZonesOfAccount => {
                m.insert(
                    self.account_key(),
                    json!({ format!("{ZONE_SCOPE}.*"): "*" }),
                );
            }
            Reach::AllZones => {
                m.insert(format!("{ZONE_SCOPE}.*"), json!("*"));
            }
            Reach::Zone(i) => {
                m.insert(
                    format!("{ZONE_SCOPE}.{}", ZONES[i % ZONES.len()]),
                    json!("*"),
                );
            }
            Reach::User => {
                m.insert(self.user_key(), json!("*"));
            }
        }
        m
    }

    fn policy(&mut self, s: &Seed) -> Policy {
        self.next += 1;
        Policy {
            id: format!("{:032x}", self.next),
            effect: Effect::Allow,
            groups: s
                .groups
                .iter()
                .filter_map(|(scope, name)| group_by_name(scope, name).map(|g| g.id.clone()))
                .collect(),
            resources: self.resources(s.reach),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        owner: Owner,
        name: &str,
        seeds: &[Seed],
        when: When,
        ip_in: &[&str],
        secret: Option<String>,
    ) {
        let policies = seeds.iter().map(|s| self.policy(s)).collect();
        let id = self.new_id();
        let now = now();
        self.tokens.push(Token {
            id,
            owner,
            name: name.to_owned(),
            secret: secret.unwrap_or_else(|| common::random_alnum(40)),
            disabled: when.disabled,
            issued_on: now - Duration::days(when.age_days),
            modified_on: now - Duration::days(when.age_days),
            last_used_on: when.used_days_ago.map(|d| now - Duration::days(d)),
            not_before: None,
            expires_on: when.expires_in_days.map(|d| now + Duration::days(d)),
            ip_in: ip_in.iter().map(|s| (*s).to_owned()).collect(),
            ip_not_in: Vec::new(),
            policies,
        });
    }

    /// The account as the sandbox starts it; `admin` is the admin token's secret to keep.
    pub fn seeded(admin: Option<String>) -> Self {
        let now = now();
        let zones = ZONES
            .iter()
            .zip(ZONE_NAMES)
            .map(|(id, (name, age))| Zone {
                id: (*id).to_owned(),
                name: (*name).to_owned(),
                created_on: now - Duration::days(*age),
            })
            .collect();
        let mut t = Tenant {
            account_id: ACCOUNT_ID.into(),
            account_name: ACCOUNT_NAME.into(),
            zones,
            user_id: USER_ID.into(),
            tokens: Vec::new(),
            next: 0,
            window: Window::default(),
            retired: Vec::new(),
            extra: Vec::new(),
        };
        let admin_when = When {
            age_days: 3,
            expires_in_days: Some(300),
            used_days_ago: Some(0),
            disabled: false,
        };
        let here: &[&str] = &["127.0.0.1/32", "::1/128"];
        t.push(
            Owner::Account,
            "Scopekeeper sandbox admin",
            &[],
            admin_when,
            here,
            admin,
        );
        // The admin's credential holds every account and zone group, so any token the
        // builder offers stays within it (child within parent); usable from this machine only.
        let every = |scope: &str| -> Vec<String> {
            groups()
                .iter()
                .filter(|g| g.scope == scope)
                .map(|g| g.id.clone())
                .collect()
        };
        for (scope, reach) in [
            (ACCOUNT_SCOPE, Reach::Account),
            (ZONE_SCOPE, Reach::AllZonesOfAccount),
        ] {
            t.next += 1;
            let resources = t.resources(reach);
            t.tokens[0].policies.push(Policy {
                id: format!("{:032x}", t.next),
                effect: Effect::Allow,
                groups: every(scope),
                resources,
            });
        }
        for (owner, name, seeds, when, ips) in SEEDED {
            t.push(*owner, name, seeds, *when, ips, None);
        }
        t
    }

    /// `n` more account-owned tokens in a deterministic mix (the same `n`, the same tokens).
    pub fn seed_bulk(&mut self, n: usize) {
        let mut mix = Mix::new(0x0C10_0DF1_A4E0);
        for i in 0..n {
            let (label, seeds) = PROFILES[mix.weighted(&WEIGHTS)];
            let expires = match mix.weighted(&[10, 15, 45, 30]) {
                0 => Some(-mix.range(1, 300)),
                1 => Some(mix.range(1, 14)),
                2 => Some(mix.range(15, 365)),
                _ => None,
            };
            let used = (!mix.chance(20)).then(|| mix.range(0, 400));
            let zone = mix.range(0, 2) as usize;
            let seeds: Vec<Seed> = seeds
                .iter()
                .map(|s| Seed {
                    groups: s.groups,
                    reach: if let Reach::Zone(_) = s.reach {
                        Reach::Zone(zone)
                    } else {
                        s.reach
                    },
                })
                .collect();
            let ip: &[&str] = if mix.chance(50) {
                &[]
            } else {
                &["198.51.100.0/24"]
            };
            let when = When {
                age_days: mix.range(1, 900),
                expires_in_days: expires,
                used_days_ago: used,
                disabled: mix.chance(3),
            };
            self.push(
                Owner::Account,
                &format!("{label}-{i:05}"),
                &seeds,
                when,
                ip,
                None,
            );
        }
    }
}

/// When a seeded token was made, expires (days from now; negative: already), was last used.
#[derive(Clone, Copy)]
struct When {
    age_days: i64,
    expires_in_days: Option<i64>,
    used_days_ago: Option<i64>,
    disabled: bool,
}

const fn when(
    age_days: i64,
    expires_in_days: Option<i64>,
    used_days_ago: Option<i64>,
    disabled: bool,
) -> When {
    When {
        age_days,
        expires_in_days,
        used_days_ago,
        disabled,
    }
}

/// A seeded token: its owner, name, policies, dates and client addresses.
type Seeded = (
    Owner,
    &'static str,
    &'static [Seed],
    When,
    &'static [&'static str],
);

/// The tokens an account accumulates, after the admin's: narrow and broad, expiring, expired,
/// disabled, restricted to addresses or not, used lately or never; two user-owned.
#[rustfmt::skip]
const SEEDED: &[Seeded] = &[
    (Owner::Account, "dns-edit example.com", &[Seed { groups: &[(ZONE_SCOPE, "Zone Read"), (ZONE_SCOPE, "DNS Write")], reach: Reach::Zone(0) }], when(40, Some(90), Some(2), false), &["203.0.113.0/24"]),
    (Owner::Account, "workers-deploy ci", &[
        Seed { groups: &[(ACCOUNT_SCOPE, "Workers Scripts Write")], reach: Reach::Account },
        Seed { groups: &[(ZONE_SCOPE, "Workers Routes Write")], reach: Reach::AllZonesOfAccount },
    ], when(120, Some(30), Some(0), false), &[]),
    (Owner::Account, "read-everything", &[
        Seed { groups: &[(ACCOUNT_SCOPE, "Account Settings Read"), (ACCOUNT_SCOPE, "Account Analytics Read")], reach: Reach::AllAccounts },
        Seed { groups: &[(ZONE_SCOPE, "Zone Read"), (ZONE_SCOPE, "DNS Read"), (ZONE_SCOPE, "Analytics Read")], reach: Reach::AllZones },
    ], when(700, None, Some(200), false), &[]),
    (Owner::Account, "legacy token admin", &[Seed { groups: &[(ACCOUNT_SCOPE, "Account API Tokens Write"), (ACCOUNT_SCOPE, "Account Settings Write")], reach: Reach::Account }], when(900, None, None, false), &[]),
    (Owner::Account, "cache-purge (old)", &[Seed { groups: &[(ZONE_SCOPE, "Cache Purge")], reach: Reach::Zone(1) }], when(200, Some(-10), Some(15), false), &[]),
    (Owner::Account, "analytics-export", &[Seed { groups: &[(ACCOUNT_SCOPE, "Account Analytics Read")], reach: Reach::Account }], when(60, Some(200), Some(30), true), &[]),
    (Owner::User, "personal dns", &[Seed { groups: &[(ZONE_SCOPE, "DNS Write")], reach: Reach::AllZones }], when(30, Some(60), Some(5), false), &[]),
    (Owner::User, "user tokens admin", &[Seed { groups: &[(USER_SCOPE, "API Tokens Write")], reach: Reach::User }], when(10, Some(20), None, false), &[]),
];

const WEIGHTS: [u64; 6] = [35, 25, 15, 5, 10, 10];

const PROFILES: [(&str, &[Seed]); 6] = [
    (
        "dns-edit",
        &[Seed {
            groups: &[(ZONE_SCOPE, "Zone Read"), (ZONE_SCOPE, "DNS Write")],
            reach: Reach::Zone(0),
        }],
    ),
    (
        "workers-deploy",
        &[Seed {
            groups: &[(ACCOUNT_SCOPE, "Workers Scripts Write")],
            reach: Reach::Account,
        }],
    ),
    (
        "read-all",
        &[Seed {
            groups: &[(ZONE_SCOPE, "Zone Read"), (ZONE_SCOPE, "DNS Read")],
            reach: Reach::AllZones,
        }],
    ),
    (
        "token-admin",
        &[Seed {
            groups: &[(ACCOUNT_SCOPE, "Account API Tokens Write")],
            reach: Reach::Account,
        }],
    ),
    (
        "billing-read",
        &[Seed {
            groups: &[(ACCOUNT_SCOPE, "Billing Read")],
            reach: Reach::Account,
        }],
    ),
    (
        "cache-purge",
        &[Seed {
            groups: &[(ZONE_SCOPE, "Cache Purge")],
            reach: Reach::Zone(0),
        }],
    ),
];

/// Every group name the seed uses, so a test can check each is in the reference table.
#[cfg(test)]
pub(super) fn seeded_group_names() -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<_> = SEEDED
        .iter()
        .flat_map(|(_, _, s, _, _)| s.iter().flat_map(|x| x.groups.iter().copied()))
        .collect();
    out.extend(
        PROFILES
            .iter()
            .flat_map(|(_, s)| s.iter().flat_map(|x| x.groups.iter().copied())),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::super::model::group_by_name;

    #[test]
    fn every_group_the_seed_names_is_in_the_reference_table() {
        for (scope, name) in super::seeded_group_names() {
            assert!(group_by_name(scope, name).is_some(), "{scope} {name}");
        }
    }
}
