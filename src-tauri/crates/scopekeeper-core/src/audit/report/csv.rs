//! CSV: one row per token (its last use empty when the vendor does not say), RFC 4180 (CRLF line ends, fields quoted when they hold a comma, a
//! quote or a line break). A cell a spreadsheet would run as a formula (one starting with `=`,
//! `+`, `-`, `@`, a tab or a carriage return) is prefixed with `'`, so a token named by someone
//! else cannot run anything in the admin's spreadsheet.

use crate::audit::AuditReport;
use crate::audit::TokenSource;

use super::{instant, labels};

const HEADER: &[&str] = &[
    "vendor",
    "connection",
    "token_id",
    "name",
    "owner",
    "source",
    "created",
    "expires",
    "last_used",
    "allowlist",
    "scopes",
    "permissions",
    "score",
    "band",
    "rules",
];

/// One row per token, in the report's order, under a header row.
pub fn csv(report: &AuditReport) -> String {
    let labels = labels(report);
    let mut out = String::new();
    line(&mut out, HEADER.iter().copied());
    for row in &report.assessment.rows {
        let t = &row.token;
        let rules: Vec<&str> = row.findings.iter().map(|f| f.rule.as_str()).collect();
        let cells = [
            t.vendor.id().to_owned(),
            labels
                .get(t.connection_id.as_str())
                .copied()
                .unwrap_or(&t.connection_id)
                .to_owned(),
            t.id.clone(),
            t.name.clone(),
            t.owner.clone().unwrap_or_default(),
            source(t.source).to_owned(),
            t.created_ms.map(instant).unwrap_or_default(),
            t.expires_ms.map_or_else(|| "never".to_owned(), instant),
            t.last_used_ms.map(instant).unwrap_or_default(),
            t.allowlist.join(" "),
            t.scopes.join("; "),
            t.permissions.len().to_string(),
            row.score.to_string(),
            row.band.clone(),
            rules.join(" "),
        ];
        line(&mut out, cells.iter().map(String::as_str));
    }
    out
}

fn source(s: TokenSource) -> &'static str {
    match s {
        TokenSource::VendorApi => "vendor_api",
        TokenSource::CreatedHere => "created_here",
        TokenSource::Registered => "registered",
    }
}

fn line<'a>(out: &mut String, cells: impl Iterator<Item = &'a str>) {
    for (i, c) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&cell(c));
    }
    out.push_str("\r\n");
}

/// One field: defused against formula injection, then quoted when it must be.
pub fn cell(value: &str) -> String {
    let defused = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if defused.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}
