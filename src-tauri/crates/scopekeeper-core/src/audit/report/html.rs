//! A self-contained HTML report: one file with its styles inline, no script, no external
//! resource (its Content-Security-Policy forbids loading any), every value escaped. It opens
//! with the overview's charts (see `overview_html`), then says when and by whom, how each connection went, which catalogs (ids, origins, versions,
//! sources) the tokens were judged against, the matrix as inline SVG, and every token's score
//! with its findings, their points and fixes.

use std::fmt::Write;

use crate::audit::AuditReport;
use crate::audit::AuditRow;

use super::overview_html::{connection_id, findings_id, matrix_id, overview, row_id};
use super::{day, esc, expiry, labels, severity, svg};

const STYLE: &str = "
body{font:14px/1.45 system-ui,sans-serif;color:#1b1f24;margin:2rem auto;max-width:1200px;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{margin-top:2rem;border-bottom:1px solid #ccd;padding-bottom:.2rem}
table{border-collapse:collapse;margin:.5rem 0;width:100%}th,td{border:1px solid #d5d8de;padding:.25rem .45rem;text-align:left;vertical-align:top}
th{background:#f1f3f6}.num{text-align:right}.meta{color:#4a5260}.error{color:#a3190b}
.sev-critical{color:#9f1239;font-weight:600}.sev-high{color:#b91c1c;font-weight:600}.sev-medium{color:#a21caf}.sev-low{color:#475569}
.scroll{overflow-x:auto;border:1px solid #d5d8de;margin:.5rem 0}
svg.matrix{font:11px system-ui,sans-serif}svg.matrix .band{fill:transparent}svg.matrix .row:nth-of-type(even) .band{fill:#f6f7f9}
svg.matrix .score{font-weight:600}svg.matrix .head text{font-weight:600}
article{border:1px solid #d5d8de;border-radius:4px;padding:.5rem .8rem;margin:.8rem 0}
code{font-family:ui-monospace,monospace;font-size:.92em}
a{color:#1d4ed8}.fig{margin:1rem 0 1.6rem}.pair{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:flex-start}.pair>*{max-width:100%}.fig h3{margin:.2rem 0}.fig .meta{margin:.2rem 0 .4rem}
.chart-box{border:none}svg.chart{font:12px system-ui,sans-serif}svg.chart .head{font-weight:600}
svg.by-connection,svg.by-owner,svg.expiry{max-width:100%;height:auto}
svg.heat .letter{font-weight:700;font-size:17px}svg.heat .count{font-size:10px}
table.numbers{width:auto;min-width:40%}.heat-table td{white-space:nowrap}tr.all>*{font-weight:600}tr.more>*{font-style:italic}
.band-critical{color:#9f1239;font-weight:600}.band-high{color:#b91c1c;font-weight:600}.band-medium{color:#a21caf}.band-low{color:#475569}.band-none{color:#4a5260}
@media print{body{margin:0;max-width:none;font-size:11px}.scroll{overflow:visible;border:none}svg.chart{max-width:100%;height:auto}
h2,h3{break-after:avoid}.fig,article,tr{break-inside:avoid}a{color:inherit;text-decoration:none}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
";

/// The report as one HTML page.
pub fn html(report: &AuditReport) -> String {
    let a = &report.assessment;
    let [low, medium, high, critical] = a.by_severity;
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Scopekeeper audit, {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(&report.generated_at)
    );
    let _ = writeln!(
        out,
        "<header><h1>Scopekeeper audit</h1><p class=\"meta\">Generated <time datetime=\"{0}\">{5}</time> by <strong>{1}</strong> with Scopekeeper {2}. Dates are days in UTC.</p><p><span class=\"sev-critical\">{critical} critical</span>, <span class=\"sev-high\">{high} high</span>, <span class=\"sev-medium\">{medium} medium</span>, <span class=\"sev-low\">{low} low</span> findings over {3} tokens and {4} connections.</p></header>",
        esc(&report.generated_at),
        esc(&report.actor),
        crate::CORE_VERSION,
        a.rows.len(),
        report.outcomes.len(),
        super::utc_minute(report.generated_ms)
    );
    if let Some(of) = report.selected_of {
        let _ = writeln!(
            out,
            "<p class=\"note\" data-selection>A selection: {} of the {of} tokens this audit judged. Every count and chart below is of the selection.</p>",
            a.rows.len()
        );
    }
    out.push_str("<main>\n");
    overview(&mut out, report);
    connections(&mut out, report);
    catalogs(&mut out, report);
    matrices(&mut out, report);
    tokens(&mut out, report);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn connections(out: &mut String, report: &AuditReport) {
    out.push_str("<section><h2>Connections</h2><table><thead><tr><th>Connection</th><th>Vendor</th><th class=\"num\">Tokens</th><th>Outcome</th></tr></thead><tbody>\n");
    let mut seen = std::collections::HashSet::new();
    for (i, o) in report.outcomes.iter().enumerate() {
        let id = if seen.insert(o.connection_id.as_str()) {
            format!(" id=\"{}\"", connection_id(i))
        } else {
            String::new()
        };
        let outcome = match (&o.error, o.unlisted) {
            (Some(e), _) => format!(
                "<span class=\"error\">Could not be read: {}</span>",
                esc(&e.message)
            ),
            (None, true) => "The vendor has no API to list tokens".to_owned(),
            (None, false) => "Read".to_owned(),
        };
        let _ = writeln!(
            out,
            "<tr{id}><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{outcome}</td></tr>",
            esc(&o.label),
            esc(o.vendor.name()),
            o.tokens
        );
    }
    out.push_str("</tbody></table></section>\n");
}

fn catalogs(out: &mut String, report: &AuditReport) {
    out.push_str("<section><h2>Catalogs</h2><p>The tokens were judged against these catalogs; the version is the first 12 hex characters of the SHA-256 of the catalog as loaded.</p><table><thead><tr><th>Vendor</th><th>Catalog</th><th>Origin</th><th>Version</th><th>Sources</th></tr></thead><tbody>\n");
    for b in &report.assessment.blocks {
        let sources: Vec<String> = b.catalog_sources.iter().map(|s| esc(s)).collect();
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td><code>{}</code></td><td>{}</td><td><code>{}</code></td><td>{}</td></tr>",
            esc(b.vendor.name()),
            esc(&b.catalog_id),
            esc(&b.catalog_origin),
            esc(&b.catalog_hash),
            sources.join("<br>")
        );
    }
    out.push_str("</tbody></table></section>\n");
}

fn matrices(out: &mut String, report: &AuditReport) {
    out.push_str("<section><h2>Tokens × permissions</h2><p>Each cell: permissions held of the group's total, and the highest access there: <strong>R</strong> read, <strong>W</strong> write, <strong>D</strong> delete, <strong>A</strong> elevated/admin. An empty cell holds nothing of the group.</p>\n");
    for b in &report.assessment.blocks {
        let rows: Vec<&AuditRow> = report
            .assessment
            .rows
            .iter()
            .filter(|r| r.token.vendor == b.vendor)
            .collect();
        let _ = writeln!(
            out,
            "<h3 id=\"{}\">{1}</h3><div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{1} matrix (it scrolls)\">{2}</div>",
            matrix_id(b.vendor),
            esc(b.vendor.name()),
            svg::matrix(b, &rows)
        );
    }
    out.push_str("</section>\n");
}

fn tokens(out: &mut String, report: &AuditReport) {
    let labels = labels(report);
    out.push_str("<section><h2>Tokens</h2><table><thead><tr><th class=\"num\">Score</th><th>Band</th><th>Token</th><th>Vendor</th><th>Connection</th><th>Owner</th><th>Expires</th><th>Allowlist</th><th class=\"num\">Permissions</th><th class=\"num\">Findings</th></tr></thead><tbody>\n");
    for (i, r) in report.assessment.rows.iter().enumerate() {
        let t = &r.token;
        let _ = writeln!(
            out,
            "<tr id=\"{}\"><td class=\"num\">{}</td><td>{}</td><td>{}{}<br><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            row_id(i),
            r.score,
            esc(&r.band),
            esc(&t.name),
            if t.is_connection_credential { " (the connection's credential)" } else { "" },
            esc(&t.id),
            esc(t.vendor.name()),
            esc(labels.get(t.connection_id.as_str()).copied().unwrap_or(&t.connection_id)),
            esc(t.owner.as_deref().unwrap_or("")),
            expiry(t.expires_ms),
            super::allowlist_text(t, &esc(&t.allowlist.join(" "))),
            t.permissions.len(),
            r.findings.len()
        );
    }
    out.push_str("</tbody></table>\n<h2>Findings per token</h2>\n");
    for (i, r) in report.assessment.rows.iter().enumerate() {
        if !r.findings.is_empty() {
            findings(out, i, r);
        }
    }
    out.push_str("</section>\n");
}

fn findings(out: &mut String, i: usize, r: &AuditRow) {
    let t = &r.token;
    let created = t.created_ms.map(day).unwrap_or_else(|| "unknown".into());
    let _ = write!(
        out,
        "<article id=\"{}\"><h3>{} <small>score {} ({})</small></h3><p class=\"meta\">{} token <code>{}</code>, created {created}, expires {}; scopes: {}</p><table><thead><tr><th>Severity</th><th>Rule</th><th class=\"num\">Points</th><th>Evidence</th><th>Fix</th></tr></thead><tbody>",
        findings_id(i),
        esc(&t.name),
        r.score,
        esc(&r.band),
        esc(t.vendor.name()),
        esc(&t.id),
        expiry(t.expires_ms),
        esc(&t.scopes.join(", "))
    );
    for f in &r.findings {
        let sev = severity(f.severity);
        let _ = write!(
            out,
            "<tr><td class=\"sev-{sev}\">{sev}</td><td><code>{}</code></td><td class=\"num\">+{}</td><td>{}</td><td>{}</td></tr>",
            esc(f.rule.as_str()),
            f.points,
            esc(&f.evidence),
            esc(&f.fix)
        );
    }
    out.push_str("</tbody></table></article>\n");
}
