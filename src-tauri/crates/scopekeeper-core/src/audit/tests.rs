//! The audit engine on the built-in catalogs: each rule fires on the token it describes and not
//! on a well-kept one; the score adds the points and caps at 100.

use super::*;
use crate::catalog::builtin::builtin;

pub(super) const NOW: i64 = 1_796_094_000_000; // 2026-12-01T03:00:00Z
pub(super) const DAY: i64 = 86_400_000;

pub(super) fn token(vendor: Vendor, id: &str, scopes: &[&str], permissions: &[&str]) -> AuditToken {
    AuditToken {
        vendor,
        connection_id: "c1".into(),
        id: id.into(),
        name: id.into(),
        created_ms: Some(NOW - 30 * DAY),
        expires_ms: Some(NOW + 45 * DAY),
        last_used_ms: None,
        allowlist: vec!["203.0.113.0/24".into()],
        scopes: scopes.iter().map(|s| s.to_string()).collect(),
        permissions: permissions.iter().map(|s| s.to_string()).collect(),
        is_connection_credential: false,
        credential_of: Vec::new(),
        listed_as: String::new(),
        owner: None,
        source: TokenSource::VendorApi,
        broad_reach: None,
        reach: Vec::new(),
    }
}

fn rules_of(t: &AuditToken, ctx: &AuditContext<'_>) -> Vec<String> {
    findings(t, ctx)
        .into_iter()
        .map(|f| f.rule.to_string())
        .collect()
}

/// The context a token is judged in at `NOW`: no template, no parent, nothing needed, strong
/// groups not computed ahead.
pub(super) fn plain_ctx<'a>(
    catalog: &'a crate::catalog::Catalog,
    max_days: Option<u32>,
    twins: &'a Twins,
    settings: &'a AuditSettings,
) -> AuditContext<'a> {
    AuditContext {
        now_ms: NOW,
        catalog,
        max_days,
        template: None,
        parent: None,
        needed: &[],
        twins,
        settings,
        strong: None,
    }
}

#[test]
fn the_rules_table_has_one_entry_per_rule_and_bands_cover_every_score() {
    let mut ids: Vec<&str> = RULES.iter().map(|r| r.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), RULES.len());
    assert_eq!(band(0), "none");
    assert_eq!(band(24), "low");
    assert_eq!(band(25), "medium");
    assert_eq!(band(74), "high");
    assert_eq!(band(100), "critical");
}

#[test]
fn a_well_kept_token_has_no_finding_and_an_admin_credential_many() {
    let mb = builtin("mindbridge").unwrap();
    let all_perms: Vec<String> = mb.permissions().iter().map(|p| p.id.clone()).collect();
    let narrow = token(
        Vendor::MindBridge,
        "narrow",
        &["api.engagements.read"],
        &["api.engagements.read"],
    );
    let mut admin = token(Vendor::MindBridge, "admin", &[], &[]);
    admin.scopes = all_perms.clone();
    admin.permissions = all_perms;
    admin.allowlist.clear();
    admin.expires_ms = Some(NOW + 700 * DAY);
    admin.is_connection_credential = true;
    let needed = ["api.api-tokens.read".to_owned()];
    let (twins, settings) = (Twins::default(), AuditSettings::default());
    let ctx = AuditContext {
        needed: &needed,
        ..plain_ctx(&mb, Some(730), &twins, &settings)
    };
    assert!(
        findings(&narrow, &ctx).is_empty(),
        "{:?}",
        findings(&narrow, &ctx)
    );
    assert_eq!(score(&findings(&narrow, &ctx)), 0);
    let got = rules_of(&admin, &ctx);
    for r in [
        "admin_equivalent",
        "any_address",
        "longer_than_a_year",
        "credential_broader_than_needed",
    ] {
        assert!(got.iter().any(|g| g == r), "{r} in {got:?}");
    }
    let s = score(&findings(&admin, &ctx));
    assert_eq!(s, 35 + 15 + 10 + 10);
    assert_eq!(band(s), "high");
}

#[test]
fn lifetimes_addresses_and_comparisons_are_flagged() {
    let mb = builtin("mindbridge").unwrap();
    let template = ["api.tasks.read".to_owned()];
    let parent = ["api.tasks.read".to_owned(), "api.tasks.write".to_owned()];
    let mut t = token(
        Vendor::MindBridge,
        "t",
        &["api.tasks.read", "api.users.read", "ghost.scope"],
        &["api.tasks.read", "api.users.read"],
    );
    t.expires_ms = Some(NOW + 9 * DAY);
    t.allowlist = vec!["10.0.0.0/8".into()];
    t.source = TokenSource::CreatedHere;
    let twin = AuditToken {
        id: "twin".into(),
        name: "twin".into(),
        ..t.clone()
    };
    let all = [t.clone(), twin];
    let (twins, settings) = (Twins::new(&all), AuditSettings::default());
    let ctx = AuditContext {
        template: Some(&template),
        parent: Some(&parent),
        ..plain_ctx(&mb, Some(730), &twins, &settings)
    };
    let got = rules_of(&t, &ctx);
    for r in [
        "expiring_soon",
        "wide_allowlist",
        "excess_over_template",
        "broader_than_parent",
        "duplicate_permissions",
        "unknown_scope",
    ] {
        assert!(got.iter().any(|g| g == r), "{r} in {got:?}");
    }
    let mut expired = t.clone();
    expired.expires_ms = Some(NOW - 5 * DAY);
    assert!(rules_of(&expired, &ctx).contains(&"expired_still_present".to_owned()));
}

#[test]
fn dates_at_the_ends_of_i64_are_judged_without_overflow() {
    let mb = builtin("mindbridge").unwrap();
    let t = token(
        Vendor::MindBridge,
        "t",
        &["api.tasks.read"],
        &["api.tasks.read"],
    );
    let twins = Twins::new(std::slice::from_ref(&t));
    let settings = AuditSettings::default();
    let ctx = plain_ctx(&mb, Some(730), &twins, &settings);
    let evidence = |created: Option<i64>, expires: i64, rule: &str| {
        let t = AuditToken {
            created_ms: created,
            expires_ms: Some(expires),
            ..t.clone()
        };
        let found = findings(&t, &ctx);
        found
            .iter()
            .find(|f| f.rule == rule)
            .unwrap_or_else(|| panic!("{rule} for {created:?}..{expires}: {found:?}"))
            .evidence
            .clone()
    };
    assert_eq!(
        evidence(None, i64::MIN, "expired_still_present"),
        "expired before any calendar date"
    );
    assert!(evidence(None, i64::MAX, "beyond_vendor_maximum").starts_with("valid "));
    assert_eq!(
        evidence(Some(i64::MIN), i64::MAX, "longer_than_a_year"),
        "valid past any calendar date"
    );
    assert_eq!(
        evidence(Some(i64::MIN), NOW + 30 * DAY, "longer_than_a_year"),
        "valid past any calendar date"
    );
}

#[test]
fn a_cortex_key_without_expiry_is_flagged_but_not_for_an_allowlist_cortex_cannot_set() {
    let cx = builtin("cortex").unwrap();
    let mut k = token(
        Vendor::Cortex,
        "7",
        &["Instance Admin"],
        &["Tenant-wide permissions"],
    );
    k.expires_ms = None;
    k.allowlist.clear();
    let (twins, settings) = (Twins::default(), AuditSettings::default());
    let ctx = plain_ctx(&cx, Some(180), &twins, &settings);
    let got = rules_of(&k, &ctx);
    assert!(
        got.contains(&"no_expiry".to_owned()) && got.contains(&"elevated_scope".to_owned()),
        "{got:?}"
    );
    assert!(!got.contains(&"any_address".to_owned()), "{got:?}");
}

#[test]
fn the_score_caps_at_100() {
    let many: Vec<AuditFinding> = RULES
        .iter()
        .map(|r| AuditFinding {
            rule: r.id,
            title: String::new(),
            severity: r.severity,
            points: r.points,
            token_id: "t".into(),
            evidence: String::new(),
            fix: r.fix.into(),
        })
        .collect();
    assert_eq!(score(&many), 100);
}

#[test]
fn access_levels_read_from_the_permission() {
    assert_eq!(access_level("api.engagements.read", ""), Access::Read);
    assert_eq!(access_level("api.engagements.write", ""), Access::Write);
    assert_eq!(access_level("delete:asset", ""), Access::Delete);
    assert_eq!(access_level("roles/owner", ""), Access::Admin);
    assert_eq!(access_level("Public API View/Edit", ""), Access::Write);
    assert_eq!(Access::Delete.letter(), 'D');
    // Whole words: "set" inside "asset", "put" inside "compute" are not writes.
    assert_eq!(access_level("read:asset", ""), Access::Read);
    assert_eq!(access_level("read:enrichment-setting", ""), Access::Read);
    assert_eq!(access_level("compute.instances.get", ""), Access::Read);
    assert_eq!(access_level("compute.instances.setTags", ""), Access::Write);
    assert_eq!(
        access_level("compute.instances.createTagBinding", ""),
        Access::Write
    );
    assert_eq!(
        access_level("resourcemanager.projects.setIamPolicy", ""),
        Access::Admin
    );
    assert_eq!(access_level("scim.user.delete", ""), Access::Delete);
}

#[test]
fn the_readme_shows_the_same_rules_table() {
    let readme = include_str!("../../../../../README.md");
    for r in RULES {
        let row = format!("| `{}` | {:?} | {} |", r.id, r.severity, r.points).to_lowercase();
        assert!(
            readme.to_lowercase().contains(&row),
            "README lacks the row for {}",
            r.id
        );
    }
}
