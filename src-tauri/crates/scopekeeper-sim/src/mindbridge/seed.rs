//! The permission enum of doc 002 and a realistic seeded tenant.

use chrono::Duration;

use super::model::{Tenant, Token, UserInfo};
use crate::common::{self, now};

/// The permission enum of doc 002 (64 values).
pub(super) const PERMISSIONS: &[&str] = &[
    "api.organizations.read",
    "api.organizations.write",
    "api.organizations.delete",
    "api.engagements.read",
    "api.engagements.write",
    "api.engagements.delete",
    "api.analyses.read",
    "api.analyses.write",
    "api.analyses.delete",
    "api.analyses.run",
    "api.analysis-sources.read",
    "api.analysis-sources.write",
    "api.analysis-sources.delete",
    "api.file-manager.read",
    "api.file-manager.write",
    "api.file-manager.delete",
    "api.reporting-period-config.read",
    "api.reporting-period-config.write",
    "api.reporting-period-config.delete",
    "api.libraries.read",
    "api.libraries.write",
    "api.libraries.delete",
    "api.account-groupings.read",
    "api.account-groupings.write",
    "api.account-groupings.delete",
    "api.engagement-account-groupings.read",
    "api.engagement-account-groupings.write",
    "api.engagement-account-groupings.delete",
    "api.users.read",
    "api.users.write",
    "api.users.delete",
    "api.data-tables.read",
    "api.api-tokens.read",
    "api.api-tokens.write",
    "api.api-tokens.delete",
    "api.tasks.read",
    "api.tasks.write",
    "api.tasks.delete",
    "api.admin-reports.run",
    "api.analysis-types.read",
    "api.analysis-source-types.read",
    "api.analysis-type-configuration.read",
    "api.analysis-type-configuration.write",
    "api.analysis-type-configuration.delete",
    "api.risk-ranges.read",
    "api.risk-ranges.write",
    "api.risk-ranges.delete",
    "api.filters.read",
    "api.filters.write",
    "api.filters.delete",
    "api.file-infos.read",
    "api.webhooks.read",
    "api.webhooks.write",
    "api.webhooks.delete",
    "api.connections.read",
    "api.connections.write",
    "api.connections.delete",
    "api.connection-data-sources.read",
    "api.connection-data-sources.write",
    "api.connection-data-sources.delete",
    "scim.user.read",
    "scim.user.write",
    "scim.user.delete",
    "scim.user.schema",
];

impl Tenant {
    /// A tenant with an admin token (every permission) and a realistic spread of other tokens:
    /// narrow and broad, allowlisted and not, expiring soon, expired.
    pub fn seeded(admin_secret: Option<String>) -> Self {
        let admin_secret = admin_secret.unwrap_or_else(|| common::random_alnum(48));
        let mut t = Tenant {
            tokens: Vec::new(),
            admin_secret: admin_secret.clone(),
            next: 1,
        };
        let jane = UserInfo {
            id: "65a1f0c2e4b0a1b2c3d4e5f6".into(),
            name: "Jane Admin".into(),
        };
        // The legacy token was made by someone who has since left (the offboarding sweep's
        // example; the Cortex tenant has keys by the same person under an e-mail address).
        let former = UserInfo {
            id: "65a1f0c2e4b0a1b2c3d4e5fb".into(),
            name: "Former Admin".into(),
        };
        let now = now();
        let days = Duration::days;
        for (name, secret, created, expires, perms, allowed) in seeds(admin_secret) {
            let by = if name == "legacy-integration" {
                &former
            } else {
                &jane
            };
            let created = now + days(created);
            let id = t.new_id();
            t.tokens.push(Token {
                user_id: format!("6{}", &id[1..]),
                id,
                version: 0,
                created,
                modified: created,
                created_by: by.clone(),
                modified_by: by.clone(),
                name: name.into(),
                secret: secret.unwrap_or_else(|| common::random_alnum(48)),
                expiry: now + days(expires),
                allowed: allowed.into_iter().map(String::from).collect(),
                permissions: perms.into_iter().map(String::from).collect(),
            });
        }
        t
    }
}

/// (name, secret, created days ago (negative), expires in days, permissions, allowlist)
type Seed = (
    &'static str,
    Option<String>,
    i64,
    i64,
    Vec<&'static str>,
    Vec<&'static str>,
);

/// The tenant's tokens: narrow and broad, allowlisted and not, expiring soon, expired.
fn seeds(admin_secret: String) -> Vec<Seed> {
    let all: Vec<&'static str> = PERMISSIONS.to_vec();
    vec![
        (
            "Scopekeeper sandbox admin",
            Some(admin_secret),
            -30,
            700,
            all.clone(),
            vec![],
        ),
        (
            "ci-read",
            None,
            -120,
            45,
            vec!["api.engagements.read", "api.analyses.read"],
            vec!["203.0.113.0/24"],
        ),
        (
            "etl-loader",
            None,
            -200,
            9,
            vec![
                "api.file-manager.read",
                "api.file-manager.write",
                "api.analysis-sources.write",
                "api.analyses.run",
            ],
            vec!["198.51.100.10", "198.51.100.11"],
        ),
        ("legacy-integration", None, -400, 320, all, vec![]),
        (
            "scim-provisioning",
            None,
            -60,
            300,
            vec![
                "scim.user.read",
                "scim.user.write",
                "scim.user.delete",
                "scim.user.schema",
            ],
            vec!["192.0.2.0/28"],
        ),
        (
            "webhook-relay",
            None,
            -15,
            150,
            vec!["api.webhooks.read", "api.webhooks.write"],
            vec![],
        ),
        (
            "quarterly-reporting",
            None,
            -380,
            -5,
            vec!["api.admin-reports.run", "api.organizations.read"],
            vec![],
        ),
    ]
}
