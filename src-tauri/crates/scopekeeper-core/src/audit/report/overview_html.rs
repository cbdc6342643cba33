//! The HTML report's opening section: the app's overview of the run (tokens per band overall,
//! per connection and per owner, the expiry timeline, each vendor's heat strip, the ten riskiest
//! tokens), computed by [`Overview::of`] and drawn as inline SVG, each drawing followed by a
//! table of the same numbers whose links lead to the report's rows. A report is one run: no
//! trend.

use std::collections::HashMap;
use std::fmt::Write;

use crate::audit::overview::{Overview, OwnerBands, BANDS, WEEK_MS};
use crate::audit::AuditReport;

use super::overview_svg::{self as svg, label, Bar, ORDER};
use super::{esc, utc_minute};

/// How many owners the chart names; the rest are one line.
const OWNERS: usize = 10;
/// What a token no vendor named an owner for is listed under.
pub(super) const NO_OWNER: &str = "No owner recorded";

/// The id of a token's row in the tokens table (`i`: its index in the report's rows).
pub(super) fn row_id(i: usize) -> String {
    format!("token-{i}")
}

/// The id of a token's findings.
pub(super) fn findings_id(i: usize) -> String {
    format!("findings-{i}")
}

/// The id of a connection's line in the connections table (`i`: its index in the outcomes).
pub(super) fn connection_id(i: usize) -> String {
    format!("connection-{i}")
}

/// The id of a vendor's matrix.
pub(super) fn matrix_id(vendor: crate::vendor::Vendor) -> String {
    format!("matrix-{}", vendor.id())
}

/// Where a connection's name leads: its first token row, else its line in the connections table.
struct Anchors<'a> {
    connections: HashMap<&'a str, String>,
}

impl<'a> Anchors<'a> {
    fn of(report: &'a AuditReport) -> Self {
        let mut connections = HashMap::new();
        for (i, r) in report.assessment.rows.iter().enumerate() {
            connections
                .entry(r.token.connection_id.as_str())
                .or_insert_with(|| row_id(i));
        }
        for (i, o) in report.outcomes.iter().enumerate() {
            connections
                .entry(o.connection_id.as_str())
                .or_insert_with(|| connection_id(i));
        }
        Anchors { connections }
    }

    /// A connection's name, linked to its rows.
    fn connection(&self, id: &str, name: &str) -> String {
        match self.connections.get(id) {
            Some(to) => format!("<a href=\"#{to}\">{}</a>", label(name, 200)),
            None => label(name, 200),
        }
    }
}

/// The overview section.
pub(super) fn overview(out: &mut String, report: &AuditReport) {
    let o = Overview::of(report);
    let anchors = Anchors::of(report);
    let _ = writeln!(
        out,
        "<section id=\"overview\"><h2>Overview</h2><p>Every number here counts <em>tokens</em>, each once, in its risk band (the findings are counted above). {}.</p>",
        svg::band_words(&o.bands)
    );
    by_connection(out, &o, &anchors);
    expiry(out, &o);
    heat(out, &o, &anchors);
    riskiest(out, &o, report, &anchors);
    owners(out, &o, report);
    out.push_str("</section>\n");
}

fn figure(out: &mut String, title: &str, drawing: &str, about: &str) {
    let _ = writeln!(
        out,
        "<div class=\"fig\"><h3>{title}</h3><p class=\"meta\">{about}</p><div class=\"pair\"><div class=\"scroll chart-box\" tabindex=\"0\" role=\"region\" aria-label=\"{title} (the drawing; it scrolls)\">{drawing}</div>"
    );
}

/// A table head: the first column, the bands riskiest first, then `tail` headers.
fn bands_head(first: &str, tail: &[&str]) -> String {
    let mut head = format!("<table class=\"numbers\"><thead><tr><th>{first}</th>");
    for &b in &ORDER {
        let _ = write!(head, "<th class=\"num band-{0}\">{0}</th>", BANDS[b]);
    }
    for t in tail {
        let _ = write!(head, "<th class=\"num\">{t}</th>");
    }
    head.push_str("</tr></thead><tbody>");
    head
}

fn band_cells(bands: &[u32; 5]) -> String {
    let mut cells = String::new();
    for &b in &ORDER {
        let _ = write!(cells, "<td class=\"num\">{}</td>", bands[b]);
    }
    let _ = write!(
        cells,
        "<td class=\"num\">{}</td>",
        bands.iter().sum::<u32>()
    );
    cells
}

fn by_connection(out: &mut String, o: &Overview, anchors: &Anchors<'_>) {
    let mut bars = vec![Bar {
        label: "All connections",
        bands: o.bands,
    }];
    bars.extend(o.connections.iter().map(|c| Bar {
        label: &c.label,
        bands: c.bands,
    }));
    let drawing = svg::bands_chart("by-connection", "Risk by connection", &bars, "");
    figure(
        out,
        "Risk by connection",
        &drawing,
        "Tokens per risk band, riskiest band first; each bar against the largest. In the table, a connection’s name leads to its first token row.",
    );
    out.push_str(&bands_head("Connection", &["Tokens"]));
    let _ = write!(
        out,
        "<tr class=\"all\"><th scope=\"row\">All connections</th>{}</tr>",
        band_cells(&o.bands)
    );
    for c in &o.connections {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{} <span class=\"meta\">({})</span></th>{}</tr>",
            anchors.connection(&c.connection_id, &c.label),
            esc(c.vendor.name()),
            band_cells(&c.bands)
        );
    }
    out.push_str("</tbody></table></div></div>\n");
}

fn expiry(out: &mut String, o: &Overview) {
    let drawing = svg::expiry_chart(&o.expiry, o.now_ms);
    figure(out, "Expiry", &drawing, &format!("Tokens already expired, expiring in each of the next 13 weeks from {} (each column labelled with its week’s first day), later, and never.", utc_minute(o.now_ms)));
    out.push_str("<table class=\"numbers\"><thead><tr><th>When</th><th>From</th><th>Until before</th><th class=\"num\">Tokens</th></tr></thead><tbody>");
    let now = o.now_ms;
    let _ = write!(
        out,
        "<tr><th scope=\"row\">Expired</th><td></td><td>{}</td><td class=\"num\">{}</td></tr>",
        utc_minute(now),
        o.expiry.expired
    );
    for (i, n) in o.expiry.weeks.iter().enumerate() {
        let from = now + i as i64 * WEEK_MS;
        let _ = write!(
            out,
            "<tr><th scope=\"row\">Week {}</th><td>{}</td><td>{}</td><td class=\"num\">{n}</td></tr>",
            i + 1,
            utc_minute(from),
            utc_minute(from + WEEK_MS)
        );
    }
    let end = now + o.expiry.weeks.len() as i64 * WEEK_MS;
    let _ = write!(
        out,
        "<tr><th scope=\"row\">Later</th><td>{}</td><td></td><td class=\"num\">{}</td></tr><tr><th scope=\"row\">Never</th><td colspan=\"2\">no expiry</td><td class=\"num\">{}</td></tr></tbody></table>",
        utc_minute(end),
        o.expiry.later,
        o.expiry.never
    );
    out.push_str("</div></div>\n");
}

fn heat(out: &mut String, o: &Overview, anchors: &Anchors<'_>) {
    for block in &o.heat {
        let vendor = esc(block.vendor.name());
        let drawing = svg::heat_chart(block);
        let about = format!("Per connection and catalog group: how many tokens hold at most write (W), at most delete (D), or elevated/admin (A) access there, each token once under its highest; the large letter is the highest access any holds. The tokens are in <a href=\"#{}\">the {vendor} matrix</a>.", matrix_id(block.vendor));
        figure(
            out,
            &format!("Write, delete and admin access: {vendor}"),
            &drawing,
            &about,
        );
        out.push_str("<div class=\"scroll\"><table class=\"numbers heat-table\"><thead><tr><th>Connection</th>");
        for g in &block.groups {
            let _ = write!(out, "<th>{}</th>", label(g, 200));
        }
        out.push_str("</tr></thead><tbody>");
        for row in &block.rows {
            let _ = write!(
                out,
                "<tr><th scope=\"row\">{}</th>",
                anchors.connection(&row.connection_id, &row.label)
            );
            for cell in &row.cells {
                let held: Vec<String> = (0..3)
                    .filter(|&k| cell[k] > 0)
                    .map(|k| format!("{} {}", svg::HEAT_LETTERS[k], cell[k]))
                    .collect();
                let text = if held.is_empty() {
                    "none".to_owned()
                } else {
                    held.join(" · ")
                };
                let _ = write!(out, "<td>{text}</td>");
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table></div></div></div>\n");
    }
}

fn riskiest(out: &mut String, o: &Overview, report: &AuditReport, anchors: &Anchors<'_>) {
    let _ = write!(
        out,
        "<div class=\"fig\"><h3>The {} riskiest tokens</h3><p class=\"meta\">Highest score first, each with its weightiest finding and its fix; a token’s name leads to all its findings.</p>",
        o.top.len()
    );
    out.push_str("<table class=\"numbers top\"><thead><tr><th class=\"num\">#</th><th class=\"num\">Score</th><th>Band</th><th>Token</th><th>Connection</th><th>Finding</th><th>Fix</th></tr></thead><tbody>");
    let labels = super::labels(report);
    for (i, t) in o.top.iter().enumerate() {
        let conn = labels
            .get(t.connection_id.as_str())
            .copied()
            .unwrap_or(&t.connection_id);
        let _ = write!(
            out,
            "<tr><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"band-{band}\">{band}</td><td><a href=\"#{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            i + 1,
            t.score,
            findings_id(t.row as usize),
            label(&t.name, 200),
            anchors.connection(&t.connection_id, conn),
            esc(t.finding.as_deref().unwrap_or("")),
            esc(t.fix.as_deref().unwrap_or("")),
            band = esc(&t.band),
        );
    }
    out.push_str("</tbody></table></div>\n");
}

/// The first row of an owner's highest score: where its name leads.
fn riskiest_row(report: &AuditReport, owner: &OwnerBands) -> Option<usize> {
    report
        .assessment
        .rows
        .iter()
        .position(|r| r.token.owner == owner.owner && r.score == owner.top_score)
}

fn owners(out: &mut String, o: &Overview, report: &AuditReport) {
    let shown = &o.owners[..o.owners.len().min(OWNERS)];
    let rest = &o.owners[shown.len()..];
    let mut more = [0u32; 5];
    for r in rest {
        (0..5).for_each(|b| more[b] += r.bands[b]);
    }
    let note = if rest.is_empty() {
        String::new()
    } else {
        format!("{} more owners: {}", rest.len(), svg::band_words(&more))
    };
    let bars: Vec<Bar<'_>> = shown
        .iter()
        .map(|w| Bar {
            label: w.owner.as_deref().unwrap_or(NO_OWNER),
            bands: w.bands,
        })
        .collect();
    let drawing = svg::bands_chart("by-owner", "Risk by owner", &bars, &note);
    figure(out, "Risk by owner", &drawing, &format!("Tokens per owner or creator as the vendor names them, riskiest first (most critical tokens, then high, …); the first {OWNERS}. In the table, an owner’s name leads to its riskiest token."));
    out.push_str(&bands_head("Owner", &["Tokens", "Highest score"]));
    for w in shown {
        let name = label(w.owner.as_deref().unwrap_or(NO_OWNER), 200);
        let name = match riskiest_row(report, w) {
            Some(i) => format!("<a href=\"#{}\">{name}</a>", row_id(i)),
            None => name,
        };
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{name}</th>{}<td class=\"num\">{}</td></tr>",
            band_cells(&w.bands),
            w.top_score
        );
    }
    if !rest.is_empty() {
        let top = rest.iter().map(|w| w.top_score).max().unwrap_or(0);
        let _ = write!(
            out,
            "<tr class=\"more\"><th scope=\"row\">{} more owners</th>{}<td class=\"num\">{top}</td></tr>",
            rest.len(),
            band_cells(&more)
        );
    }
    out.push_str("</tbody></table></div></div>\n");
}
