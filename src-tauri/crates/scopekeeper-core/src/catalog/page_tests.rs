//! Pages of scopes: order, filters, `around`, the limit, kinds.

use super::*;
use crate::catalog::builtin::builtins;
use crate::catalog::view::ScopeView;
use crate::catalog::{load_catalog_text, Format, Origin};

/// Groups interleaved in the file, a scope without a group, a group without a name, a kind
/// that carries half of the scopes.
const ACME: &str = r#"{"vendor": "Acme", "id": "acme",
  "groups": [{"id": "g1", "name": "First group"}, {"id": "g2"}, {"id": "other"}],
  "key_kinds": [{"id": "all"}, {"id": "narrow", "scopes": ["b:read", "a:write", "c"]}],
  "scopes": [
    {"id": "b:read", "name": "Read B", "description": "Reads the Bees", "group": "g2",
     "grants": ["p.b.get"], "default": true},
    {"id": "a:read", "description": "reads a", "group": "g1", "grants": ["p.a.get"]},
    {"id": "loose", "description": "no group"},
    {"id": "a:write", "group": "g1", "grants": ["p.a.get", "p.a.SET"], "implies": ["a:read"],
     "default": true},
    {"id": "c", "group": "other", "grants": ["p.c"], "requires": ["b:read"]},
    {"id": "b:write", "group": "g2", "grants": ["p.b.get", "p.b.set"]}
  ],
  "permissions": [{"id": "p.a.get"}, {"id": "p.a.SET"}, {"id": "p.b.get"}, {"id": "p.b.set"},
                  {"id": "p.c"}]}"#;

fn acme() -> Catalog {
    load_catalog_text("acme.json", ACME, Format::Json, Origin::BuiltIn).unwrap()
}

fn query(filter: &str, in_grants: bool) -> ScopeQuery<'_> {
    ScopeQuery {
        filter,
        in_grants,
        offset: 0,
        limit: 100,
        around: None,
    }
}

fn ids(page: &ScopePage) -> Vec<&str> {
    page.rows.iter().map(|r| r.id.as_str()).collect()
}

fn spans(page: &ScopePage) -> Vec<(&str, &str, u32, u32)> {
    page.groups
        .iter()
        .map(|g| (g.id.as_str(), g.title.as_str(), g.start, g.count))
        .collect()
}

#[test]
fn groups_come_in_order_of_their_first_scope_and_scopes_in_catalog_order() {
    let page = acme().scope_rows(None, &query("", true));
    assert_eq!(page.total, 6);
    assert_eq!(
        ids(&page),
        ["b:read", "b:write", "a:read", "a:write", "loose", "c"]
    );
    assert_eq!(
        spans(&page),
        [
            ("g2", "g2", 0, 2),
            ("g1", "First group", 2, 2),
            ("", "Scopes", 4, 1),
            ("other", "other", 5, 1)
        ]
    );
}

#[test]
fn the_filter_ignores_case_and_reaches_grants_only_when_asked() {
    let cat = acme();
    let page = cat.scope_rows(None, &query("SET", true));
    assert_eq!(ids(&page), ["a:write", "b:write"], "p.a.SET, p.b.set");
    // g1's first matching scope comes before g2's: the order the page showed before paging.
    assert_eq!(
        spans(&page),
        [("g1", "First group", 0, 1), ("g2", "g2", 1, 1)]
    );
    assert_eq!(cat.scope_rows(None, &query("SET", false)).total, 0);
    let bees = |in_grants| ids(&cat.scope_rows(None, &query("bees", in_grants))).len();
    assert_eq!(
        (bees(true), bees(false)),
        (1, 0),
        "descriptions only with grants"
    );
    let page = cat.scope_rows(None, &query("  READ ", false));
    assert_eq!(ids(&page), ["b:read", "a:read"], "trimmed; id or name");
    assert_eq!(
        ids(&cat.scope_rows(None, &query("read b", false))),
        ["b:read"]
    );
}

#[test]
fn an_empty_result_has_no_rows_and_no_groups() {
    let page = acme().scope_rows(None, &query("zzz", true));
    assert_eq!(
        page,
        ScopePage {
            total: 0,
            offset: 0,
            rows: vec![],
            groups: vec![]
        }
    );
}

#[test]
fn a_kinds_rows_point_at_its_own_permissions() {
    let cat = acme();
    let page = cat.scope_rows(Some("narrow"), &query("", true));
    assert_eq!(ids(&page), ["b:read", "a:write", "c"]);
    let view = cat.view(Some("narrow"));
    let perms: Vec<&str> = view.permissions.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(perms, ["p.a.get", "p.a.SET", "p.b.get", "p.c"]);
    assert_eq!(page.rows[1].grants, [0, 1]);
    assert_eq!(page.rows[2].grants, [3]);
    assert!(page.rows[1].implies.is_empty(), "narrow lacks a:read");
    assert_eq!(page.rows[2].requires.len(), 1);
    assert_eq!(view.scope_count, 3);
    assert_eq!(view.defaults, ["b:read", "a:write"]);
    assert_eq!(cat.view(None).scope_count, 6);
    assert!(cat
        .scope_rows(Some("nobody"), &query("", true))
        .rows
        .is_empty());
}

/// Every row of every built-in kind is the view's scope with grants as indices.
#[test]
fn rows_are_the_views_scopes_with_grants_as_indices() {
    for cat in builtins() {
        let kinds = std::iter::once(None).chain(cat.kinds.iter().map(|k| Some(k.id.as_str())));
        for kind in kinds {
            let view = cat.view(kind);
            let scopes = cat.scope_views(kind);
            let page = cat.scope_rows(kind, &query("", true));
            assert_eq!(page.total as usize, scopes.len());
            for row in &page.rows {
                let scope = scopes.iter().find(|s| s.id == row.id).unwrap();
                let grants = row
                    .grants
                    .iter()
                    .map(|&i| view.permissions[i as usize].id.clone())
                    .collect();
                let as_view = ScopeView {
                    id: row.id.clone(),
                    name: row.name.clone(),
                    description: row.description.clone(),
                    group: row.group.clone(),
                    grants,
                    implies: row.implies.clone(),
                    requires: row.requires.clone(),
                    default: row.default,
                    required: row.required,
                    elevated: row.elevated,
                    kinds: row.kinds.clone(),
                    source: row.source.clone(),
                };
                assert_eq!(&as_view, scope, "{} {kind:?}", cat.id);
            }
        }
    }
}

/// A catalog of `n` scopes in ten groups of consecutive scopes, `s0000`…
fn numbered(n: usize) -> Catalog {
    let scopes: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"id": "s{i:04}", "group": "g{}"}}"#, i * 10 / n))
        .collect();
    let text = format!(r#"{{"vendor": "N", "scopes": [{}]}}"#, scopes.join(","));
    load_catalog_text("n.json", &text, Format::Json, Origin::BuiltIn).unwrap()
}

#[test]
fn around_finds_the_page_that_holds_a_scope_else_the_offset_is_used() {
    let cat = numbered(1200);
    let at = |around, offset, filter| {
        cat.scope_rows(
            None,
            &ScopeQuery {
                filter,
                in_grants: true,
                offset,
                limit: 100,
                around: Some(around),
            },
        )
    };
    let page = at("s0700", 0, "");
    assert_eq!((page.offset, page.rows.len()), (650, 100));
    assert_eq!(page.rows[50].id, "s0700");
    let page = at("s0010", 300, "");
    assert_eq!((page.offset, page.rows[10].id.as_str()), (0, "s0010"));
    let page = at("s1190", 0, "");
    assert_eq!((page.offset, page.rows.len()), (1140, 60));
    let page = at("nowhere", 300, "");
    assert_eq!((page.offset, page.rows[0].id.as_str()), (300, "s0300"));
    let page = at("s0700", 5, "s1");
    assert_eq!(page.total, 200, "s1000…s1199");
    assert_eq!((page.offset, page.rows[0].id.as_str()), (5, "s1005"));
    assert_eq!(page.groups.len(), 2, "only the matching groups");
    assert_eq!(page.groups[1].start, 80);
}

#[test]
fn a_page_holds_at_most_500_rows_and_an_offset_past_the_end_none() {
    let cat = numbered(1200);
    let mut q = query("", true);
    q.limit = u32::MAX;
    q.offset = 600;
    let page = cat.scope_rows(None, &q);
    assert_eq!(
        (page.offset, page.rows.len()),
        (600, PAGE_LIMIT_MAX as usize)
    );
    assert_eq!(page.groups.len(), 10, "every group, not only the page's");
    q.offset = 5000;
    let page = cat.scope_rows(None, &q);
    assert_eq!((page.offset, page.rows.len(), page.total), (1200, 0, 1200));
}

#[test]
fn folding_matches_javascripts_lower_case() {
    assert!(contains_folded("Storage.Objects.GET", "objects.get"));
    assert!(contains_folded("ÉCRITURE Ünïcode", "ünï"));
    assert!(!contains_folded("ab", "abc"));
    assert!(contains_folded("x", ""));
}
