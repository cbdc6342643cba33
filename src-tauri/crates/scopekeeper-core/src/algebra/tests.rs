//! Unit tests of `algebra`.

use super::*;
use crate::catalog::builtin::builtin;

fn ids(r: &[ResolvedScope]) -> Vec<&str> {
    r.iter().map(|s| s.id.as_str()).collect()
}

#[test]
fn manifest_view_all_is_added_as_required_and_24_permissions_result() {
    let m = builtin("manifest").unwrap();
    let r = resolve(
        &m,
        None,
        &["manage-sboms-and-vex"],
        ResolveOptions::default(),
    );
    assert_eq!(ids(&r.added), ["view-all"]);
    assert!(matches!(
        r.added[0].reasons[0],
        Reason::RequiredForAll { .. }
    ));
    assert_eq!(r.permissions.len(), 24);
    assert!(r.errors.is_empty() && r.warnings.is_empty());
}

#[test]
fn bright_scans_run_adds_projects_read_with_its_reason() {
    let b = builtin("bright").unwrap();
    let r = resolve(
        &b,
        Some("personal"),
        &["scans:run"],
        ResolveOptions::default(),
    );
    let added = r
        .added
        .iter()
        .find(|s| s.id == "projects:read")
        .expect("added");
    assert_eq!(
        added.reasons[0].describe(),
        "required by scans:run: projects:read is required for running a scan"
    );
    // `user` is selected by default for personal keys.
    assert!(r.added.iter().any(|s| s.id == "user"));
}

#[test]
fn bright_bare_scans_expands_to_every_scans_scope() {
    let b = builtin("bright").unwrap();
    let r = resolve(&b, Some("personal"), &["scans"], ResolveOptions::default());
    for s in [
        "scans:read",
        "scans:manage",
        "scans:run",
        "scans:stop",
        "scans:delete",
        "projects:read",
    ] {
        assert!(
            ids(&r.scopes).contains(&s),
            "{s} missing from {:?}",
            ids(&r.scopes)
        );
    }
}

#[test]
fn organization_keys_leave_out_what_they_cannot_carry() {
    let b = builtin("bright").unwrap();
    let r = resolve(
        &b,
        Some("organization"),
        &["scans:run", "user"],
        ResolveOptions::default(),
    );
    assert!(
        !ids(&r.scopes).contains(&"projects:read"),
        "org keys have no projects:*"
    );
    assert_eq!(r.warnings[0].code, "not_allowed_for_kind");
    let r = resolve(&b, Some("nope"), &[], ResolveOptions::default());
    assert_eq!(r.errors[0].code, "unknown_kind");
}

#[test]
fn elevated_scopes_warn_and_unknown_scopes_error() {
    let m = builtin("manifest").unwrap();
    let r = resolve(
        &m,
        None,
        &["manage-people", "ghost"],
        ResolveOptions::default(),
    );
    assert!(r.warnings.iter().any(|w| w.code == "elevated"));
    assert_eq!(r.errors[0].code, "unknown_scope");
}

#[test]
fn reverse_lookup_follows_implication() {
    let b = builtin("bright").unwrap();
    let g = grants(&b, "scans:stop").unwrap();
    let scans = g
        .iter()
        .find(|g| g.scope == "scans")
        .expect("bare scans grants it");
    assert_eq!(scans.via, ["scans:stop"]);
    assert!(grants(&b, "nope").is_none());
}

#[test]
fn dependents_say_what_goes_with_a_scope() {
    let b = builtin("bright").unwrap();
    assert_eq!(
        dependents(&b, Some("personal"), &["scans:run"], "scans:run"),
        ["projects:read"]
    );
}
