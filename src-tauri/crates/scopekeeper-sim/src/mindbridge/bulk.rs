//! `--seed-tokens`: many more tokens for the audit and its benchmarks, in a realistic and
//! deterministic mix — narrow readers, read/write integrations, broad and admin-equivalent
//! tokens, user and token administrators, SCIM provisioning; expired, expiring within two
//! weeks, long-lived; allowlisted (some too widely) or usable from anywhere; made by several
//! people. The same count gives the same tokens (names, permissions, offsets from now).

use chrono::Duration;

use super::model::{Tenant, Token, UserInfo};
use super::seed::PERMISSIONS;
use crate::common::{self, now, Mix};

/// Who made the seeded tokens.
const CREATORS: &[(&str, &str)] = &[
    ("65a1f0c2e4b0a1b2c3d4e5f6", "Jane Admin"),
    ("65a1f0c2e4b0a1b2c3d4e5f7", "Omar Haddad"),
    ("65a1f0c2e4b0a1b2c3d4e5f8", "Priya Natarajan"),
    ("65a1f0c2e4b0a1b2c3d4e5f9", "Lena Fischer"),
    ("65a1f0c2e4b0a1b2c3d4e5fa", "svc-provisioning"),
];

/// Allowlists, from a narrow office range to ones as wide as a `/8` or a `/32` of IPv6.
const ALLOWLISTS: &[&[&str]] = &[
    &["203.0.113.0/24"],
    &["198.51.100.10", "198.51.100.11"],
    &["192.0.2.0/28"],
    &["198.51.100.0/26", "2001:db8:1::/48"],
    &["10.0.0.0/8"],
    &["2001:db8::/32"],
];

const ENVIRONMENTS: &[&str] = &["prod", "staging", "dev"];

/// The kinds of token a tenant accumulates, with how common each is (weights).
#[derive(Clone, Copy)]
enum Profile {
    NarrowRead,
    ReadWrite,
    Broad,
    AdminEquivalent,
    UserAdmin,
    Scim,
}

const PROFILES: &[(Profile, u64, &[&str])] = &[
    (
        Profile::NarrowRead,
        35,
        &["ci-read", "dashboard", "audit-export", "bi-sync"],
    ),
    (
        Profile::ReadWrite,
        25,
        &["etl-loader", "file-drop", "webhook-relay", "task-sync"],
    ),
    (Profile::Broad, 15, &["integration", "data-platform"]),
    (
        Profile::AdminEquivalent,
        5,
        &["legacy-integration", "break-glass"],
    ),
    (Profile::UserAdmin, 10, &["user-admin", "token-rotation"]),
    (Profile::Scim, 10, &["scim-provisioning"]),
];

/// The resource areas of the permission enum (`api.<area>.<verb>`).
fn areas() -> Vec<&'static str> {
    let mut out: Vec<&str> = PERMISSIONS
        .iter()
        .filter_map(|p| p.strip_prefix("api.")?.rsplit_once('.').map(|(a, _)| a))
        .collect();
    out.dedup();
    out
}

fn of_area(area: &str, verbs: &[&str]) -> Vec<String> {
    PERMISSIONS
        .iter()
        .filter(|p| {
            p.strip_prefix("api.")
                .and_then(|r| r.rsplit_once('.'))
                .is_some_and(|(a, v)| a == area && verbs.contains(&v))
        })
        .map(|p| p.to_string())
        .collect()
}

fn permissions(profile: Profile, mix: &mut Mix, areas: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = match profile {
        Profile::NarrowRead => (0..mix.range(1, 2))
            .flat_map(|_| of_area(mix.pick::<&str>(areas), &["read"]))
            .collect(),
        Profile::ReadWrite => of_area(mix.pick::<&str>(areas), &["read", "write", "run"]),
        Profile::Broad => {
            let mut p = of_area_all(areas, &["read"]);
            for _ in 0..mix.range(3, 6) {
                p.extend(of_area(
                    mix.pick::<&str>(areas),
                    &["write", "delete", "run"],
                ));
            }
            p
        }
        Profile::AdminEquivalent => PERMISSIONS.iter().map(|p| p.to_string()).collect(),
        Profile::UserAdmin => {
            let mut p = of_area("users", &["read", "write", "delete"]);
            p.extend(of_area("api-tokens", &["read", "write", "delete"]));
            p
        }
        Profile::Scim => PERMISSIONS
            .iter()
            .filter(|p| p.starts_with("scim."))
            .map(|p| p.to_string())
            .collect(),
    };
    if out.is_empty() {
        out.push("api.organizations.read".into());
    }
    out.sort();
    out.dedup();
    out
}

fn of_area_all(areas: &[&str], verbs: &[&str]) -> Vec<String> {
    areas.iter().flat_map(|a| of_area(a, verbs)).collect()
}

/// Days from now to the expiry: expired, within two weeks, ordinary, or more than a year out
/// (never beyond MindBridge's two years).
fn expires_in_days(mix: &mut Mix) -> i64 {
    match mix.weighted(&[10, 10, 60, 20]) {
        0 => mix.range(-90, -1),
        1 => mix.range(1, 13),
        2 => mix.range(15, 365),
        _ => mix.range(366, 700),
    }
}

impl Tenant {
    /// Adds `n` tokens in the mix described above.
    pub fn seed_bulk(&mut self, n: usize) {
        let mut mix = Mix::new(0x4d69_6e64_4272_6964);
        let areas = areas();
        let weights: Vec<u64> = PROFILES.iter().map(|p| p.1).collect();
        let now = now();
        for i in 0..n {
            let (profile, _, purposes) = PROFILES[mix.weighted(&weights)];
            let (uid, uname) = *mix.pick(CREATORS);
            let by = UserInfo {
                id: uid.into(),
                name: uname.into(),
            };
            let expires = expires_in_days(&mut mix);
            // Made before now and before it expires, at most two years before its expiry.
            let created = mix.range((expires - 729).max(-700), expires.min(0) - 1);
            let allowed: Vec<String> = if mix.chance(45) {
                mix.pick(ALLOWLISTS).iter().map(|s| s.to_string()).collect()
            } else {
                Vec::new()
            };
            let name = format!(
                "{}-{}-{:04}",
                mix.pick(purposes),
                mix.pick(ENVIRONMENTS),
                i + 1
            );
            let permissions = permissions(profile, &mut mix, &areas);
            let id = self.new_id();
            let created = now + Duration::days(created);
            self.tokens.push(Token {
                user_id: format!("6{}", &id[1..]),
                id,
                version: 0,
                created,
                modified: created,
                created_by: by.clone(),
                modified_by: by,
                name,
                secret: common::random_alnum(48),
                expiry: now + Duration::days(expires),
                allowed,
                permissions,
            });
        }
    }
}
