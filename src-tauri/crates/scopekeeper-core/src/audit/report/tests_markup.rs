//! The HTML report: self-contained (no script, nothing loaded from elsewhere), escaped
//! everywhere, the matrix as inline SVG with one row per token and lettered cells, and the
//! catalogs, the when and who, and every connection's outcome.

use super::tests::{report, COMMA_NAME, SCRIPT_NAME};
use super::*;

/// The matrices of the page (the overview's charts are not).
fn svgs(page: &str) -> Vec<&str> {
    page.split("<svg ")
        .skip(1)
        .filter(|s| s.starts_with("xmlns=\"http://www.w3.org/2000/svg\" class=\"matrix\""))
        .map(|s| &s[..s.find("</svg>").expect("every svg is closed")])
        .collect()
}

#[test]
fn html_escapes_every_value_and_loads_nothing() {
    let page = html(&report());
    assert!(
        !page.to_ascii_lowercase().contains("<script"),
        "a token named {SCRIPT_NAME} must not become a script"
    );
    assert!(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(
        page.contains("ci, &quot;reader&quot;"),
        "{COMMA_NAME} escaped"
    );
    assert!(page.contains("Tenant &lt;A&gt;") && !page.contains("Tenant <A>"));
    assert!(
        page.split("href=\"").skip(1).all(|l| l.starts_with('#')),
        "links stay inside the page"
    );
    for external in ["src=", "url(", "@import", "<link", "<img", "<iframe"] {
        assert!(
            !page.contains(external),
            "the page must not load {external}"
        );
    }
    assert!(
        page.contains("default-src 'none'"),
        "its CSP forbids loading"
    );
    assert!(page.starts_with("<!DOCTYPE html>") && page.trim_end().ends_with("</html>"));
}

#[test]
fn the_matrix_is_inline_svg_with_one_row_per_token_and_lettered_cells() {
    let r = report();
    let page = html(&r);
    let drawings = svgs(&page);
    assert_eq!(drawings.len(), r.assessment.blocks.len());
    for (svg, block) in drawings.iter().zip(&r.assessment.blocks) {
        let rows = r
            .assessment
            .rows
            .iter()
            .filter(|x| x.token.vendor == block.vendor)
            .count();
        assert_eq!(
            svg.matches("<g class=\"row\">").count(),
            rows,
            "{:?}",
            block.vendor
        );
        assert_eq!(svg.matches("<g ").count(), svg.matches("</g>").count());
        assert_eq!(
            svg.matches("transform=\"rotate(-45").count(),
            block.groups.len(),
            "a header per group"
        );
    }
    // The MindBridge admin credential holds every engagement permission: its cell says how many
    // of how many, and the highest access as a letter.
    let eng = r.assessment.blocks[0]
        .groups
        .iter()
        .find(|g| g.id == "engagements")
        .unwrap();
    let n = eng.permissions;
    assert!(
        drawings[0].contains(&format!(">{n}/{n} D</text>")),
        "{}",
        drawings[0]
    );
    // The narrow reader holds one engagement permission, read only.
    assert!(drawings[0].contains(&format!(">1/{n} R</text>")));
    // Cortex's Instance Admin role is elevated: A.
    assert!(drawings[1].contains(" A</text>"));
}

#[test]
fn html_names_when_who_catalogs_outcomes_and_findings_with_points() {
    let r = report();
    let page = html(&r);
    // One format for the time a person reads; the machine-readable one in the attribute.
    assert!(page.contains("<time datetime=\"2026-12-01T04:00:00+01:00\">"));
    assert!(page.contains(&format!(">{}</time>", super::utc_minute(r.generated_ms))));
    assert!(page.contains("by <strong>alice</strong>"));
    for b in &r.assessment.blocks {
        assert!(page.contains(&format!("<code>{}</code>", b.catalog_hash)));
        assert!(page.contains(&format!("<code>{}</code>", b.catalog_id)));
        assert!(page.contains(&b.catalog_origin));
        for s in &b.catalog_sources {
            assert!(page.contains(&esc(s)), "source {s}");
        }
    }
    assert!(page.contains("Could not be read: MindBridge refused the credential"));
    assert!(!page.contains("vendor_unauthorized"), "no internal names");
    assert!(page.contains("Old tenant"));
    let legacy = r
        .assessment
        .rows
        .iter()
        .find(|x| x.token.name == "legacy automation")
        .unwrap();
    for f in &legacy.findings {
        assert!(
            page.contains(&format!(
                "<code>{}</code></td><td class=\"num\">+{}</td>",
                f.rule, f.points
            )),
            "{} with its points",
            f.rule
        );
    }
    assert!(page.contains(&format!("score {} ({})", legacy.score, legacy.band)));
}
