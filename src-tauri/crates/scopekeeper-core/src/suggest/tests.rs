//! Unit tests of `suggest`.

use super::*;
use crate::catalog::builtin::builtin;

#[test]
fn manifest_triage_needs_one_scope_besides_the_required_one() {
    let m = builtin("manifest").unwrap();
    let s = suggest(&m, None, &["create:vulnerability-triage", "read:asset"]);
    assert_eq!(s.scopes, ["manage-vulnerability-triage"]);
    assert!(s.exact);
    assert!(s.uncoverable.is_empty() && s.unknown.is_empty());
}

#[test]
fn uncoverable_and_unknown_permissions_are_reported() {
    let b = builtin("bright").unwrap();
    let s = suggest(
        &b,
        Some("organization"),
        &["projects:read", "nope", "scans:read"],
    );
    assert_eq!(s.uncoverable, ["projects:read"]);
    assert_eq!(s.unknown, ["nope"]);
    assert_eq!(s.scopes, ["scans:read"]);
}

/// A tie on size: {p1,p2,p3} needed; X={p1,p2} (and 48 more), Y={p1} (and 1 more),
/// Z={p2,p3} (and 1 more). Both {X,Z} and {Y,Z} take two scopes; {Y,Z} grants far less.
#[test]
fn ties_on_size_go_to_the_smaller_union_not_a_superset_coverage() {
    let scopes = vec![
        serde_json::json!({"id": "X", "grants": (0..48).map(|i| format!("x{i}")).chain(["p1".into(), "p2".into()]).collect::<Vec<String>>()}),
        serde_json::json!({"id": "Y", "grants": ["p1", "y"]}),
        serde_json::json!({"id": "Z", "grants": ["p2", "p3", "z"]}),
    ];
    let text = serde_json::json!({"vendor": "T", "scopes": scopes}).to_string();
    let cat = catalog(&text);
    for mode in [SuggestMode::FewestScopes, SuggestMode::FewestExcess] {
        let s = suggest_with(&cat, None, &["p1", "p2", "p3"], mode);
        assert_eq!(s.scopes, ["Y", "Z"], "{mode:?}");
        assert_eq!(s.excess_permissions, 2);
        assert!(s.exact);
    }
}

#[test]
fn fewest_excess_takes_more_narrow_scopes_over_one_broad_one() {
    let text = serde_json::json!({"vendor": "T", "scopes": [
        {"id": "admin", "grants": ["a", "b", "c", "d", "e", "f"]},
        {"id": "ra", "grants": ["a"]},
        {"id": "rb", "grants": ["b"]},
    ]})
    .to_string();
    let cat = catalog(&text);
    let few = suggest_with(&cat, None, &["a", "b"], SuggestMode::FewestScopes);
    assert_eq!(few.scopes, ["admin"]);
    assert_eq!(few.excess_permissions, 4);
    let least = suggest_with(&cat, None, &["a", "b"], SuggestMode::FewestExcess);
    assert_eq!(least.scopes, ["ra", "rb"]);
    assert_eq!(least.excess_permissions, 0);
}

#[test]
fn prefers_the_narrow_scope_over_an_admin_role() {
    let c = builtin("cortex").unwrap();
    let s = suggest(&c, None, &["CLI Tools View"]);
    assert_eq!(s.scopes.len(), 1);
    assert!(
        s.scopes[0] == "CLI Read-Only Custom" || s.scopes[0] == "CLI Read Only",
        "{:?}",
        s.scopes
    );
    assert_eq!(s.excess_permissions, 0);
}

/// A catalog from JSON text.
fn catalog(text: &str) -> crate::catalog::Catalog {
    crate::catalog::load_catalog_text(
        "t.json",
        text,
        crate::catalog::Format::Json,
        crate::catalog::Origin::BuiltIn,
    )
    .unwrap()
}
