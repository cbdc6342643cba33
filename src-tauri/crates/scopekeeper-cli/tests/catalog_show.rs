//! `scopekeeper catalog show --json` keeps its documented shape byte for byte: the output is
//! compared with the core's whole `CatalogView` serialized the way the CLI always printed it,
//! less the fields the paged view added after the shape was documented.

mod support;
use support::*;

use scopekeeper_core::catalog::builtin::builtins;
use scopekeeper_core::catalog::load_catalog_file;
use scopekeeper_core::catalog::view::CatalogView;
use scopekeeper_core::printable::printable_json;

/// What `catalog show --json` printed before the paged view: pretty JSON of the view up to
/// `presets`, escaped for a terminal, and a line break.
fn documented(view: &CatalogView) -> String {
    let json = serde_json::to_string_pretty(view).unwrap();
    let cut = json
        .rfind(",\n  \"scope_count\": ")
        .expect("scope_count follows presets");
    assert!(
        json[cut..].contains("\"defaults\": "),
        "defaults comes last"
    );
    format!("{}\n}}\n", printable_json(&json[..cut]))
}

fn assert_prints(args: &[&str], view: &CatalogView) {
    let o = sk(args);
    assert!(o.status.success(), "{args:?}: {}", out(&o));
    let want = documented(view);
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
        assert_prints(&["--json", "catalog", "show", &cat.id], &cat.view(None));
        for k in &cat.kinds {
            let args = ["catalog", "show", &cat.id, "--kind", &k.id, "--json"];
            assert_prints(&args, &cat.view(Some(&k.id)));
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
        &cat.view(None),
    );
}
