//! The catalogs Scopekeeper ships with, built from the seed documents and embedded at build.
//!
//! Each file in `catalogs/` is ordinary catalog JSON (the same format users import), so the
//! built-ins go through exactly the same loader and validation as any imported file.

use super::{load_catalog_text, Catalog, Format, Origin};

/// (vendor id, file name, text) of every built-in catalog.
const BUILT_IN: [(&str, &str, &str); 7] = [
    (
        "bright",
        "bright.json",
        include_str!("../../catalogs/bright.json"),
    ),
    (
        "mindbridge",
        "mindbridge.json",
        include_str!("../../catalogs/mindbridge.json"),
    ),
    (
        "cortex",
        "cortex.json",
        include_str!("../../catalogs/cortex.json"),
    ),
    (
        "manifest",
        "manifest.json",
        include_str!("../../catalogs/manifest.json"),
    ),
    (
        "cloudflare",
        "cloudflare.json",
        include_str!("../../catalogs/cloudflare.json"),
    ),
    (
        "gitlab",
        "gitlab.json",
        include_str!("../../catalogs/gitlab.json"),
    ),
    (
        "github",
        "github.json",
        include_str!("../../catalogs/github.json"),
    ),
];

/// The ids of the built-in catalogs, in display order.
pub fn builtin_ids() -> impl Iterator<Item = &'static str> {
    BUILT_IN.iter().map(|(id, _, _)| *id)
}

/// Loads one built-in catalog by vendor id.
pub fn builtin(id: &str) -> Option<Catalog> {
    BUILT_IN
        .iter()
        .find(|(i, _, _)| *i == id)
        .map(|(_, name, text)| {
            load_catalog_text(name, text, Format::Json, Origin::BuiltIn).unwrap_or_else(|e| {
                panic!("built-in catalog {name} is invalid (a build bug):\n{e}")
            })
        })
}

/// Every built-in catalog.
pub fn builtins() -> Vec<Catalog> {
    builtin_ids().filter_map(builtin).collect()
}
