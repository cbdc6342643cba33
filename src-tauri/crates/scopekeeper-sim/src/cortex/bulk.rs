//! `--seed-tokens`: many more API keys for the audit and its benchmarks, in a realistic and
//! deterministic mix of the tenant's roles — mostly CLI readers and uploaders, some key
//! managers, a few Instance and Account Admins; Standard and Advanced; keys that never expire,
//! have expired, expire within two weeks or were made before the six-month limit (legacy);
//! made by several people and by the primary key. Cortex keys have no IP allowlist.

use crate::common::{self, now_ms, Mix};

use super::tenant::{Key, Tenant};
use super::DAY_MS;

/// Role sets and how common each is (weights).
const ROLE_SETS: &[(&[&str], u64)] = &[
    (&["CLI Read-Only Custom"], 30),
    (&["CLI Write Custom"], 20),
    (&["CLI Read Only"], 10),
    (&["CLI"], 10),
    (&["CLI Write Custom", "CLI Read-Only Custom"], 7),
    (&["Public API (PAPI) Edit"], 8),
    (&["Public API (PAPI) Edit", "CLI Write Custom"], 3),
    (&["Instance Admin"], 8),
    (&["Account Admin"], 4),
];

const CREATORS: &[&str] = &[
    "secops.admin@example.com",
    "platform.lead@example.com",
    "appsec.engineer@example.com",
    "devops.oncall@example.com",
    "former.admin@example.com",
    "Public API - 1",
];

const PURPOSES: &[&str] = &[
    "Developer laptop: local scans",
    "CI upload (pipeline)",
    "Nightly image scan",
    "Release gate",
    "SIEM export",
    "Key rotation job",
    "legacy automation",
];

/// Epoch ms of the expiry: none, expired, within two weeks, ordinary (within six months), or
/// beyond the six months (made before the limit).
fn expiration(mix: &mut Mix, now: i64) -> Option<i64> {
    let days = match mix.weighted(&[15, 10, 10, 55, 10]) {
        0 => return None,
        1 => mix.range(-60, -1),
        2 => mix.range(1, 13),
        3 => mix.range(15, 180),
        _ => mix.range(184, 400),
    };
    Some(now + days * DAY_MS)
}

impl Tenant {
    /// Adds `n` keys in the mix described above.
    pub fn seed_bulk(&mut self, n: usize) {
        let mut mix = Mix::new(0x436f_7274_6578_4b79);
        let weights: Vec<u64> = ROLE_SETS.iter().map(|r| r.1).collect();
        let now = now_ms();
        for _ in 0..n {
            let roles = ROLE_SETS[mix.weighted(&weights)].0;
            let id = self.next_id;
            self.next_id += 1;
            let comment = mix
                .chance(80)
                .then(|| format!("{} #{id}", mix.pick(PURPOSES)));
            let created_by = (*mix.pick(CREATORS)).to_owned();
            let expiration = expiration(&mut mix, now);
            self.keys.push(Key {
                id,
                secret: common::random_alnum(128),
                creation_time: now - mix.range(1, 400) * DAY_MS,
                created_by,
                roles: roles.iter().map(|r| r.to_string()).collect(),
                advanced: mix.chance(25),
                comment,
                expiration,
            });
        }
    }
}
