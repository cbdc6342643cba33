//! The content hash is the hash of the completed file as loaded, grants as written.

use super::file_hash;
use crate::catalog::load::completed_file;
use crate::catalog::{load_catalog_text, Format, Origin};

fn assert_hash_of_file_as_loaded(text: &str, format: Format) {
    let cat = load_catalog_text("t", text, format, Origin::BuiltIn).unwrap();
    let want = file_hash(&completed_file(text, format));
    assert_eq!(cat.content_hash(), want);
    assert!(
        cat.scopes()
            .iter()
            .all(|s| s.grants.as_ref().is_none_or(Vec::is_empty)),
        "the written grants are not kept"
    );
}

#[test]
fn grants_in_another_order_repeated_or_undeclared_hash_as_written() {
    let text = r#"{"vendor": "Acme", "notes": ["n"], "scopes": [
        {"id": "a", "grants": ["p2", "p1", "p2"]},
        {"id": "b", "name": "B", "description": "grants itself", "elevated": true},
        {"id": "c", "grants": []},
        {"id": "d", "grants": ["p1", "p3"], "implies": ["a"], "requires": ["b"]}
    ]}"#;
    assert_hash_of_file_as_loaded(text, Format::Json);
    let declared = r#"{"vendor": "Acme", "scopes": [{"id": "a", "grants": ["q", "p"]}],
        "permissions": [{"id": "p", "description": "P"}, {"id": "q", "name": "Q"}]}"#;
    assert_hash_of_file_as_loaded(declared, Format::Json);
    let toml = "vendor = \"T\"\n[[scopes]]\nid = \"x\"\ngrants = [\"z\", \"y\"]\n";
    assert_hash_of_file_as_loaded(toml, Format::Toml);
}

#[test]
fn built_in_and_gcp_hashes_are_those_of_their_files() {
    for text in [
        include_str!("../../catalogs/bright.json"),
        include_str!("../../catalogs/mindbridge.json"),
        include_str!("../../catalogs/cortex.json"),
        include_str!("../../catalogs/manifest.json"),
    ] {
        assert_hash_of_file_as_loaded(text, Format::Json);
    }
    let shared = std::env::var_os("SCOPEKEEPER_SHARED")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../../shared")
        });
    let gcp = shared.join("catalogs/bench/gcp-predefined-roles.json");
    let text = std::fs::read_to_string(&gcp)
        .unwrap_or_else(|e| panic!("{}: {e} (set SCOPEKEEPER_SHARED)", gcp.display()));
    assert_hash_of_file_as_loaded(&text, Format::Json);
}

#[test]
fn the_hash_is_computed_once() {
    let cat = crate::catalog::builtin::builtin("manifest").unwrap();
    let first: *const str = cat.content_hash();
    assert!(
        std::ptr::eq(first, cat.content_hash()),
        "kept, not recomputed"
    );
    assert_eq!(cat.content_hash().len(), 64);
}
