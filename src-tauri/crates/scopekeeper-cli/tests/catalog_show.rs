//! `scopekeeper catalog show --json` keeps its documented shape byte for byte: the output is
//! compared with the core's `CatalogView` and every scope as it showed them, serialized the way
//! the CLI always printed them, less the fields the paged view added after the shape was
//! documented.

mod support;
use support::*;

use scopekeeper_core::catalog::builtin::builtins;
use scopekeeper_core::catalog::view::{CatalogView, ScopeView};
use scopekeeper_core::catalog::{load_catalog_file, Catalog};
use scopekeeper_core::printable::printable_json;

/// What `catalog show --json` printed before the paged view: pretty JSON of the view up to
/// `presets` with every scope (`Catalog::scope_views`) between `key_kinds` and `permissions`,
/// escaped for a terminal, and a line break.
fn documented(view: &CatalogView, scopes: &[ScopeView]) -> String {
    let json = serde_json::to_string_pretty(view).unwrap();
    let cut = json
        .rfind(",\n  \"scope_count\": ")
        .expect("scope_count follows presets");
    assert!(
        json[cut..].contains("\"defaults\": "),
        "defaults comes last"
    );
    let at = json
        .find(",\n  \"permissions\": ")
        .expect("permissions follows key_kinds");
    let listed = serde_json::to_string_pretty(scopes)
        .unwrap()
        .replace('\n', "\n  ");
    let json = format!("{},\n  \"scopes\": {listed}{}", &json[..at], &json[at..cut]);
    format!("{}\n}}\n", printable_json(&json))
}

fn assert_prints(args: &[&str], cat: &Catalog, kind: Option<&str>) {
    let o = sk(args);
    assert!(o.status.success(), "{args:?}: {}", out(&o));
    let want = documented(&cat.view(kind), &cat.scope_views(kind));
    assert!(
        o.stdout == want.as_bytes(),
        "{args:?} printed {} bytes, the documented shape has {}",
        o.stdout.len(),
        want.len()
    );
}

#[test]
fn built_in_catalogs_print_the_documented_shape_for_every_kind() {
    for cat in builtins() {
        assert_prints(&["--json", "catalog", "show", &cat.id], &cat, None);
        for k in &cat.kinds {
            let args = ["catalog", "show", &cat.id, "--kind", &k.id, "--json"];
            assert_prints(&args, &cat, Some(&k.id));
        }
    }
}

#[test]
fn gcp_prints_the_documented_shape() {
    let path = bench("gcp-predefined-roles.json");
    let cat = load_catalog_file(&path).unwrap();
    let file = path.to_str().unwrap();
    assert_prints(
        &["catalog", "show", "--catalog", file, "--json"],
        &cat,
        None,
    );
}
