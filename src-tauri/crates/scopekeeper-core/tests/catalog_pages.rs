//! Pages of the GCP bench catalog (../shared/catalogs/bench beside the repository, or
//! `$SCOPEKEEPER_SHARED/catalogs/bench`) against the whole view: paged through, every row's
//! grants name the same permissions as `Catalog::view`'s string grants, and a filter picks the
//! scopes the page's own filter (lower-cased `includes`) picked from the whole view.

use std::path::PathBuf;

use scopekeeper_core::catalog::page::{ScopeQuery, PAGE_LIMIT_MAX};
use scopekeeper_core::catalog::view::ScopeView;
use scopekeeper_core::catalog::{load_catalog_file, Catalog};

fn gcp() -> Catalog {
    let shared = std::env::var_os("SCOPEKEEPER_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../../shared"));
    let path = shared.join("catalogs/bench/gcp-predefined-roles.json");
    load_catalog_file(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (set SCOPEKEEPER_SHARED)", path.display()))
}

/// Every matching row, page by page.
fn all_rows(cat: &Catalog, filter: &str, in_grants: bool) -> Vec<(String, Vec<u32>)> {
    let mut rows = Vec::new();
    loop {
        let page = cat.scope_rows(
            None,
            &ScopeQuery {
                filter,
                in_grants,
                offset: rows.len() as u32,
                limit: PAGE_LIMIT_MAX,
                around: None,
            },
        );
        assert_eq!(page.offset as usize, rows.len());
        assert!(page.rows.len() <= PAGE_LIMIT_MAX as usize);
        let done = page.rows.is_empty();
        rows.extend(page.rows.into_iter().map(|r| (r.id, r.grants)));
        if done {
            assert_eq!(rows.len(), page.total as usize);
            return rows;
        }
    }
}

/// What the catalog page's filter kept before paging, from every scope as the view showed it.
fn page_filter(scopes: &[ScopeView], filter: &str) -> Vec<String> {
    let f = filter.trim().to_lowercase();
    let hit = |s: &ScopeView| {
        [Some(&s.id), s.name.as_ref(), Some(&s.description)]
            .into_iter()
            .flatten()
            .chain(&s.grants)
            .any(|t| t.to_lowercase().contains(&f))
    };
    scopes
        .iter()
        .filter(|s| hit(s))
        .map(|s| s.id.clone())
        .collect()
}

#[test]
fn gcp_pages_grant_what_the_whole_view_grants() {
    let cat = gcp();
    let view = cat.view(None);
    let scopes = cat.scope_views(None);
    let rows = all_rows(&cat, "", true);
    assert_eq!(rows.len(), scopes.len());
    assert_eq!(view.scope_count as usize, scopes.len());
    let mut edges = 0;
    for (id, grants) in &rows {
        let scope = scopes.iter().find(|s| &s.id == id).unwrap();
        let named: Vec<&str> = grants
            .iter()
            .map(|&i| view.permissions[i as usize].id.as_str())
            .collect();
        assert_eq!(named, scope.grants, "{id}");
        edges += grants.len();
    }
    assert!(edges > 100_000, "GCP has its 165,000 grants: {edges}");
}

#[test]
fn gcp_filters_pick_what_the_page_picked() {
    let cat = gcp();
    let scopes = cat.scope_views(None);
    for filter in ["storage.objects.GET", "Viewer", "bigquery data", "zzzz"] {
        let mut got: Vec<String> = all_rows(&cat, filter, true)
            .into_iter()
            .map(|r| r.0)
            .collect();
        let mut want = page_filter(&scopes, filter);
        assert_eq!(want.is_empty(), filter == "zzzz", "{filter}");
        got.sort();
        want.sort();
        assert_eq!(got, want, "{filter}");
    }
}
