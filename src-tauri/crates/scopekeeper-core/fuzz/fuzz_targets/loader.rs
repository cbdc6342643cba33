//! The loader must never panic, whatever the bytes, in either syntax, and every diagnostic it
//! returns must point inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scopekeeper_core::catalog::{load_catalog_text, Format, Origin};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for format in [Format::Json, Format::Toml] {
        if let Err(errors) = load_catalog_text("fuzz", text, format, Origin::BuiltIn) {
            assert!(!errors.0.is_empty());
            let lines = text.lines().count() + 2;
            for d in &errors.0 {
                assert!(d.line >= 1 && d.line <= lines && d.column >= 1, "{d}");
            }
        }
    }
});
