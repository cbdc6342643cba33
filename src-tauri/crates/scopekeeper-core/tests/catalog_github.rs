//! The built-in GitHub catalog says what GitHub's published references say, as stored in the
//! repository (`catalogs/reference/github-*.tsv`, each with its source and licence): a scope per
//! fine-grained permission and access level, with its title and words; every classic scope with
//! its place in the hierarchy; the three kinds each offering their own.

use std::collections::BTreeSet;

use scopekeeper_core::algebra::{resolve, ResolveOptions};
use scopekeeper_core::catalog::builtin::builtin;

const FINE: &str = include_str!("../catalogs/reference/github-fine-grained-permissions.tsv");
const CLASSIC: &str = include_str!("../catalogs/reference/github-classic-scopes.tsv");

/// The data rows of a reference table (comments and the header left out).
fn rows(table: &str) -> Vec<Vec<&str>> {
    table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| l.split('\t').collect())
        .collect()
}

#[test]
fn every_fine_grained_permission_is_a_scope_per_access_level_with_its_words() {
    let cat = builtin("github").expect("a built-in GitHub catalog");
    let table = rows(FINE);
    assert_eq!(table.len(), 66, "the stored reference's permissions");
    let per = |l: &str| table.iter().filter(|r| r[2] == l).count();
    assert_eq!(
        (per("repository"), per("organization"), per("account")),
        (26, 26, 14)
    );
    let mut levels = 0;
    for row in &table {
        for access in row[3].split(',') {
            levels += 1;
            let id = format!("{}:{access}", row[0]);
            let s = cat
                .scopes()
                .iter()
                .find(|s| s.id == id)
                .unwrap_or_else(|| panic!("no scope {id}"));
            assert!(s.name.as_deref().unwrap().starts_with(row[1]), "{id}");
            assert!(s.description.starts_with(row[5]), "{id}");
            assert_eq!(s.group.as_deref(), Some(row[2]), "{id}");
        }
    }
    let fine = cat.kind("fine-grained").unwrap().scopes.as_ref().unwrap();
    assert_eq!(fine.len(), levels, "one scope per permission and level");
    // A sample, read against the documentation page itself.
    let contents = cat
        .scopes()
        .iter()
        .find(|s| s.id == "contents:write")
        .unwrap();
    assert_eq!(contents.implies, ["contents:read"], "write includes read");
    assert_eq!(contents.requires[0].scope(), "metadata:read");
}

#[test]
fn every_classic_scope_is_a_scope_and_a_parent_includes_its_children() {
    let cat = builtin("github").unwrap();
    let table = rows(CLASSIC);
    assert_eq!(table.len(), 39, "the stored reference's classic scopes");
    let classic: BTreeSet<&str> = cat
        .kind("classic")
        .unwrap()
        .scopes
        .as_ref()
        .unwrap()
        .iter()
        .map(String::as_str)
        .collect();
    assert_eq!(classic.len(), 39);
    for row in &table {
        let s = cat.scopes().iter().find(|s| s.id == row[0]).unwrap();
        assert_eq!(s.description, row[2], "{}", row[0]);
        if !row[1].is_empty() {
            let parent = cat.scopes().iter().find(|s| s.id == row[1]).unwrap();
            assert!(
                parent.implies.iter().any(|c| c == row[0]),
                "{} under {}",
                row[0],
                row[1]
            );
        }
    }
    let r = resolve(&cat, Some("classic"), &["repo"], ResolveOptions::default());
    let ids: BTreeSet<&str> = r.scopes.iter().map(|s| s.id.as_str()).collect();
    assert!(
        ids.contains("repo:status") && ids.contains("public_repo"),
        "{ids:?}"
    );
    assert!(
        r.warnings.iter().any(|w| w.code == "elevated"),
        "repo is elevated"
    );
}

#[test]
fn kinds_offer_their_own_and_elevated_scopes_are_marked() {
    let cat = builtin("github").unwrap();
    let install: BTreeSet<&str> = cat
        .kind("installation")
        .unwrap()
        .scopes
        .as_ref()
        .unwrap()
        .iter()
        .map(String::as_str)
        .collect();
    assert!(install.contains("contents:read") && !install.contains("emails:read"));
    assert!(!install.contains("repo"), "no classic scope on an App");
    for id in [
        "administration:write",
        "workflows:write",
        "members:write",
        "repo",
        "admin:org",
        "delete_repo",
    ] {
        let s = cat.scopes().iter().find(|s| s.id == id).unwrap();
        assert!(s.elevated, "{id} is elevated");
    }
    assert!(
        !cat.scopes()
            .iter()
            .find(|s| s.id == "contents:read")
            .unwrap()
            .elevated
    );
    let r = resolve(
        &cat,
        Some("fine-grained"),
        &["issues:write"],
        ResolveOptions::default(),
    );
    let ids: BTreeSet<&str> = r.scopes.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        BTreeSet::from(["issues:read", "issues:write", "metadata:read"])
    );
    for p in &cat.def.presets {
        let kind = p.kind.as_deref().unwrap();
        let offered = cat.kind(kind).unwrap().scopes.as_ref().unwrap();
        assert!(p.scopes.iter().all(|s| offered.contains(s)), "{}", p.id);
    }
}
