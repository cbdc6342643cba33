//! The vendor-neutral layers name no vendor: the desk (`src/desk/`, `src/connection.rs`), the
//! audit's run and inventory (`src/audit/{run,inventory}.rs`), the sweep (`src/offboard/`), the
//! workbench (`src/workbench/`, `src/places.rs`), the app's Tauri glue (`src-tauri/src/`) and
//! the page (`ui/src/`). Vendor specifics live behind the adapter (`src/vendor/<vendor>/`) and
//! in the simulators, so adding a vendor touches none of these. A name is a built-in vendor's
//! id or display name, matched case-insensitively as a whole word. Left out: the generated IPC
//! bindings (`ui/src/api/bindings.ts`, written from the core's types), unit-test fixtures
//! (`*.test.ts`, a Rust file's `#[cfg(test)]` part).

use std::path::{Path, PathBuf};

use scopekeeper_core::vendor::Vendor;

fn names() -> Vec<String> {
    let mut out: Vec<String> = Vendor::ALL
        .into_iter()
        .flat_map(|v| [v.id().to_lowercase(), v.name().to_lowercase()])
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Whether `line` holds `word` (lower case) with no letter or digit on either side.
fn holds_word(line: &str, word: &str) -> bool {
    let lower = line.to_lowercase();
    let bytes = lower.as_bytes();
    let mut from = 0;
    while let Some(at) = lower[from..].find(word) {
        let start = from + at;
        let end = start + word.len();
        let before = start == 0 || !bytes[start - 1].is_ascii_alphanumeric();
        let after = end == bytes.len() || !bytes[end].is_ascii_alphanumeric();
        if before && after {
            return true;
        }
        from = start + 1;
    }
    false
}

fn is_scanned(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let source = ["rs", "ts", "svelte", "js", "css", "html"]
        .iter()
        .any(|ext| path.extension().is_some_and(|e| e == *ext));
    source && !name.ends_with(".test.ts") && name != "bindings.ts"
}

fn files_under(root: &Path, out: &mut Vec<PathBuf>) {
    let entries =
        std::fs::read_dir(root).unwrap_or_else(|e| panic!("cannot read {}: {e}", root.display()));
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, out);
        } else if is_scanned(&path) {
            out.push(path);
        }
    }
}

/// Every `file:line: text` naming a vendor under `roots`.
fn vendor_mentions(roots: &[PathBuf]) -> Vec<String> {
    let names = names();
    let mut files = Vec::new();
    for root in roots {
        if root.is_dir() {
            files_under(root, &mut files);
        } else {
            files.push(root.clone());
        }
    }
    assert!(files.len() > 20, "too few files scanned: {files:?}");
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            if file.extension().is_some_and(|e| e == "rs") && line.trim() == "#[cfg(test)]" {
                break;
            }
            if names.iter().any(|w| holds_word(line, w)) {
                found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn the_desk_the_app_glue_and_the_page_name_no_vendor() {
    let core = Path::new(env!("CARGO_MANIFEST_DIR"));
    let repo = core.join("../../..").canonicalize().unwrap();
    let roots = [
        core.join("src/desk"),
        core.join("src/connection.rs"),
        core.join("src/audit/run.rs"),
        core.join("src/audit/inventory.rs"),
        core.join("src/offboard"),
        core.join("src/workbench"),
        core.join("src/places.rs"),
        repo.join("src-tauri/src"),
        repo.join("ui/src"),
    ];
    let found = vendor_mentions(&roots);
    assert!(
        found.is_empty(),
        "vendor names outside the adapters (move them behind `VendorAdapter` or into the \
         simulators):\n{}",
        found.join("\n")
    );
}

#[test]
fn a_name_is_matched_as_a_whole_word_in_any_case() {
    assert!(holds_word("Vendor::MindBridge => x", "mindbridge"));
    assert!(holds_word("simulated CORTEX APIs", "cortex"));
    assert!(holds_word("seed.bright_api_key", "bright"));
    assert!(!holds_word("a brightness slider", "bright"));
    assert!(!holds_word("MindBridgeAccess", "mindbridge"));
}
