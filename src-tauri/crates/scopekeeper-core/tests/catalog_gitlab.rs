//! The built-in GitLab catalog says what GitLab's published scope table says, as stored in the
//! repository (`catalogs/reference/gitlab-scopes.tsv`, with its source and licence): one scope
//! per row with its description, each kind offering exactly the scopes the table's availability
//! columns name; and a group or project token's role as a scope of its own.

use std::collections::BTreeSet;

use scopekeeper_core::algebra::{resolve, ResolveOptions};
use scopekeeper_core::catalog::builtin::builtin;
use scopekeeper_core::catalog::Catalog;

const SCOPES: &str = include_str!("../catalogs/reference/gitlab-scopes.tsv");
const ROLES: [&str; 6] = [
    "role:guest",
    "role:planner",
    "role:reporter",
    "role:developer",
    "role:maintainer",
    "role:owner",
];

/// The data rows of the reference table (comments and the header left out).
fn rows() -> Vec<Vec<&'static str>> {
    SCOPES
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| l.split('\t').collect())
        .collect()
}

fn kind_scopes<'a>(cat: &'a Catalog, kind: &str) -> BTreeSet<&'a str> {
    cat.kind(kind)
        .unwrap_or_else(|| panic!("kind {kind}"))
        .scopes
        .as_ref()
        .expect("each kind lists its scopes")
        .iter()
        .map(String::as_str)
        .collect()
}

#[test]
fn every_scope_of_the_reference_is_one_scope_with_its_words() {
    let cat = builtin("gitlab").expect("a built-in GitLab catalog");
    let table = rows();
    assert_eq!(table.len(), 17, "the stored reference's scopes");
    assert_eq!(cat.scopes().len(), table.len() + ROLES.len());
    for row in &table {
        let s = cat
            .scopes()
            .iter()
            .find(|s| s.id == row[0])
            .unwrap_or_else(|| panic!("no scope {}", row[0]));
        assert_eq!(s.description, row[4], "{}", row[0]);
        assert!(s.source.as_deref().unwrap().contains("access_token_scopes"));
    }
    // A sample, read against the documentation page itself.
    let read_api = cat.scopes().iter().find(|s| s.id == "read_api").unwrap();
    assert!(read_api
        .description
        .starts_with("Grants read access to the API for the token's scope."));
}

#[test]
fn each_kind_offers_the_scopes_its_column_names_and_roles_only_for_bots() {
    let cat = builtin("gitlab").unwrap();
    for (kind, column, count) in [("personal", 1, 17), ("group", 2, 13), ("project", 3, 11)] {
        let offered = kind_scopes(&cat, kind);
        let want: BTreeSet<&str> = rows()
            .into_iter()
            .filter(|r| r[column] == "yes")
            .map(|r| r[0])
            .collect();
        assert_eq!(want.len(), count, "{kind} in the reference");
        let without_roles: BTreeSet<&str> = offered
            .iter()
            .copied()
            .filter(|s| !s.starts_with("role:"))
            .collect();
        assert_eq!(without_roles, want, "{kind}");
        let roles = offered.iter().filter(|s| s.starts_with("role:")).count();
        assert_eq!(roles, if kind == "personal" { 0 } else { 6 }, "{kind}");
        let policy = cat.kind(kind).unwrap().policy.as_ref().unwrap();
        assert!(
            policy.expiry_required,
            "{kind}: GitLab 16.0+ requires a date"
        );
        // 365 days to GitLab's expiry date, the first day the token no longer works.
        assert_eq!(policy.expiry_max_days, Some(364), "{kind}");
        assert!(
            !policy.ip_allowlist,
            "{kind}: GitLab tokens have no address list"
        );
    }
    assert!(!kind_scopes(&cat, "project").contains("sudo"));
}

#[test]
fn elevated_scopes_and_roles_are_marked_and_a_higher_role_includes_the_lower() {
    let cat = builtin("gitlab").unwrap();
    let elevated: BTreeSet<&str> = cat
        .scopes()
        .iter()
        .filter(|s| s.elevated)
        .map(|s| s.id.as_str())
        .collect();
    let want: BTreeSet<&str> = ["api", "sudo", "admin_mode", "role:maintainer", "role:owner"]
        .into_iter()
        .collect();
    assert_eq!(elevated, want);
    let r = resolve(
        &cat,
        Some("project"),
        &["role:developer", "write_registry"],
        ResolveOptions::default(),
    );
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let ids: BTreeSet<&str> = r.scopes.iter().map(|s| s.id.as_str()).collect();
    for id in ["role:reporter", "role:guest", "read_registry"] {
        assert!(ids.contains(id), "{id} is added: {ids:?}");
    }
    assert!(!ids.contains("role:maintainer"));
    // A project token cannot hold a personal-only scope.
    let r = resolve(&cat, Some("project"), &["sudo"], ResolveOptions::default());
    assert!(
        r.warnings.iter().any(|w| w.code == "not_allowed_for_kind"),
        "{:?}",
        r.warnings
    );
    assert!(!r.scopes.iter().any(|s| s.id == "sudo"), "left out");
}

#[test]
fn every_preset_names_scopes_its_kind_offers() {
    let cat = builtin("gitlab").unwrap();
    assert!(cat.def.presets.len() >= 4);
    for p in &cat.def.presets {
        let kind = p.kind.as_deref().expect("each preset names its kind");
        let offered = kind_scopes(&cat, kind);
        for s in &p.scopes {
            assert!(offered.contains(s.as_str()), "{}: {s} on {kind}", p.id);
        }
        assert!(p.scopes.iter().any(|s| s.starts_with("role:")), "{}", p.id);
    }
}
