//! The AppStream metadata a software centre shows (`packaging/…metainfo.xml`) links nowhere it
//! cannot reach: no placeholder host, and any screenshot is one of the repository's own
//! `docs/` images.

use std::path::Path;

fn metainfo() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../packaging/app.scopekeeper.desktop.metainfo.xml");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text of every `<tag>…</tag>` in `xml`.
fn elements<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    xml.split(open.as_str())
        .skip(1)
        .filter_map(|rest| rest.split(close.as_str()).next())
        .collect()
}

#[test]
fn no_link_points_at_a_placeholder_host() {
    let xml = metainfo();
    for placeholder in ["example.invalid", "example.com", "example.org"] {
        assert!(
            !xml.contains(placeholder),
            "the metainfo links to the placeholder host {placeholder}"
        );
    }
}

#[test]
fn every_screenshot_is_one_of_the_repositorys_docs_images() {
    let xml = metainfo();
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
    for url in elements(&xml, "image") {
        assert!(url.starts_with("https://"), "{url} is not https");
        let file = url.rsplit('/').next().unwrap_or_default();
        assert!(
            url.contains("/docs/") && docs.join(file).is_file(),
            "{url} is not an image in docs/"
        );
    }
}
