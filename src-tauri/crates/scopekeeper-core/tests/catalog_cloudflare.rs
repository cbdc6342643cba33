//! The built-in Cloudflare catalog says what Cloudflare's published reference says, as stored in
//! the repository (`catalogs/reference/cloudflare-*.tsv`, each with its source and licence):
//! one scope per permission group, with its name and description, named by the rule the
//! adapter reads a connection's groups by; each token template as a preset.

use std::collections::BTreeSet;

use scopekeeper_core::catalog::builtin::builtin;
use scopekeeper_core::vendor::cloudflare::scope_id;

const PERMISSIONS: &str = include_str!("../catalogs/reference/cloudflare-permissions.tsv");
const TEMPLATES: &str = include_str!("../catalogs/reference/cloudflare-templates.tsv");

/// The data rows of a reference table (comments and the header left out).
fn rows(table: &str) -> Vec<Vec<&str>> {
    table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| l.split('\t').collect())
        .collect()
}

fn resource_scope(resource: &str) -> &'static str {
    match resource {
        "user" => "com.cloudflare.api.user",
        "account" => "com.cloudflare.api.account",
        "zone" => "com.cloudflare.api.account.zone",
        other => panic!("unknown resource {other}"),
    }
}

#[test]
fn every_permission_group_of_the_reference_is_one_scope_with_its_words() {
    let cat = builtin("cloudflare").expect("a built-in Cloudflare catalog");
    let table = rows(PERMISSIONS);
    assert_eq!(table.len(), 225, "the stored reference's permission groups");
    assert_eq!(
        cat.scopes().len(),
        table.len(),
        "one scope per permission group"
    );
    let per = |r: &str| table.iter().filter(|row| row[0] == r).count();
    assert_eq!((per("user"), per("account"), per("zone")), (6, 145, 74));
    for row in &table {
        let id = scope_id(resource_scope(row[0]), row[1]);
        let s = cat
            .scopes()
            .iter()
            .find(|s| s.id == id)
            .unwrap_or_else(|| panic!("no scope {id} for {} {}", row[0], row[1]));
        assert_eq!(s.name.as_deref(), Some(row[1]), "{id}");
        assert_eq!(s.description, row[2], "{id}");
        assert_eq!(s.group.as_deref(), Some(row[0]), "{id}");
    }
    // A sample, read against the documentation page itself.
    let dns = cat
        .scopes()
        .iter()
        .find(|s| s.id == "zone.dns-write")
        .unwrap();
    assert_eq!(dns.description, "Grants write access to DNS.");
    assert_eq!(dns.implies, ["zone.dns-read"], "Write includes Read");
}

#[test]
fn account_tokens_cannot_hold_user_permissions_and_elevated_groups_are_marked() {
    let cat = builtin("cloudflare").unwrap();
    let account = cat.kind("account-token").unwrap();
    let allowed: BTreeSet<&str> = account
        .scopes
        .as_ref()
        .unwrap()
        .iter()
        .map(String::as_str)
        .collect();
    assert!(!allowed.iter().any(|s| s.starts_with("user.")));
    assert_eq!(allowed.len(), 145 + 74);
    let elevated: BTreeSet<&str> = cat
        .scopes()
        .iter()
        .filter(|s| s.elevated)
        .map(|s| s.id.as_str())
        .collect();
    for id in [
        "user.api-tokens-write",
        "account.account-api-tokens-write",
        "account.account-settings-write",
        "account.billing-write",
    ] {
        assert!(elevated.contains(id), "{id} is elevated");
    }
    assert!(!elevated.contains("zone.dns-read"));
}

#[test]
fn every_template_of_the_reference_is_a_preset_with_its_groups() {
    let cat = builtin("cloudflare").unwrap();
    let templates = rows(TEMPLATES);
    let names: BTreeSet<&str> = templates.iter().map(|r| r[0]).collect();
    assert_eq!(names.len(), 7);
    let presets = &cat.def.presets;
    assert_eq!(presets.len(), names.len());
    for row in templates {
        let p = presets
            .iter()
            .find(|p| p.name == row[0])
            .unwrap_or_else(|| panic!("no preset {}", row[0]));
        // The template page's "User Memberships Read" is the user table's "Memberships Read".
        let name = if row[2] == "User Memberships Read" {
            "Memberships Read"
        } else {
            row[2]
        };
        let id = scope_id(resource_scope(row[1]), name);
        assert!(p.scopes.contains(&id), "{} lacks {id}", row[0]);
    }
}
