//! An audit run as a report to keep or hand on: JSON (the report as it is), CSV (one row per
//! token), a self-contained HTML page (the overview's charts and the matrix as inline SVG, findings, scores, catalogs,
//! when and by whom, each connection's outcome), SARIF 2.1.0 (for code-scanning tools) and
//! plain text (for a terminal or a mail).
//!
//! Pure: a report is rendered from an [`AuditReport`] and nothing else, so it holds only what
//! that carries — never a secret, never a fingerprint longer than 12 hex characters. Every
//! format escapes what it prints (HTML, CSV quoting and formula injection, JSON by serde).

mod csv;
mod html;
mod overview_html;
mod overview_svg;
mod sarif;
mod svg;
mod text;

use std::collections::HashMap;

use crate::audit::AuditReport;

pub use csv::{cell as csv_cell, csv};
pub use html::html;
pub use sarif::sarif;
pub use text::text;

/// The formats a report is rendered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Text,
    Json,
    Csv,
    Html,
    Sarif,
}

impl ReportFormat {
    pub const ALL: [ReportFormat; 5] = [
        ReportFormat::Text,
        ReportFormat::Json,
        ReportFormat::Csv,
        ReportFormat::Html,
        ReportFormat::Sarif,
    ];

    /// `text`, `json`, `csv`, `html` or `sarif`.
    pub fn id(self) -> &'static str {
        match self {
            ReportFormat::Text => "text",
            ReportFormat::Json => "json",
            ReportFormat::Csv => "csv",
            ReportFormat::Html => "html",
            ReportFormat::Sarif => "sarif",
        }
    }

    pub fn parse(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.id() == id)
    }

    /// The file name extension a report in this format is saved with.
    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Text => "txt",
            ReportFormat::Sarif => "sarif",
            other => other.id(),
        }
    }
}

/// An instant as `YYYY-MM-DD HH:MM UTC`, the report's one format for a time.
pub(crate) fn utc_minute(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}

/// What a token's allowlist says: `listed` when it has one, "any address" when the vendor could
/// restrict it and it is not, "not supported" when the vendor has no allowlists.
pub(crate) fn allowlist_text(t: &crate::audit::AuditToken, listed: &str) -> String {
    if !t.allowlist.is_empty() {
        listed.to_owned()
    } else if t.vendor.adapter().capabilities().set_allowlist {
        "any address".to_owned()
    } else {
        "any address (the vendor has no allowlists)".to_owned()
    }
}

/// The report in `format`.
pub fn render(report: &AuditReport, format: ReportFormat) -> String {
    match format {
        ReportFormat::Text => text(report),
        ReportFormat::Json => json(report),
        ReportFormat::Csv => csv(report),
        ReportFormat::Html => html(report),
        ReportFormat::Sarif => sarif(report),
    }
}

/// The report as JSON, exactly as the app receives it.
pub fn json(report: &AuditReport) -> String {
    let mut out = serde_json::to_string_pretty(report).expect("an audit report serializes");
    out.push('\n');
    out
}

/// Connection id → its label, from the run's outcomes.
fn labels(report: &AuditReport) -> HashMap<&str, &str> {
    report
        .outcomes
        .iter()
        .map(|o| (o.connection_id.as_str(), o.label.as_str()))
        .collect()
}

/// A Unix-ms instant as RFC 3339 in UTC, to the second.
fn instant(ms: i64) -> String {
    crate::vendor::adapter::rfc3339_ms(ms)
}

/// A Unix-ms instant as its UTC day, `YYYY-MM-DD`.
fn day(ms: i64) -> String {
    instant(ms).chars().take(10).collect()
}

/// A severity as a word: low, medium, high, critical.
fn severity(s: crate::audit::Severity) -> &'static str {
    use crate::audit::Severity;
    match s {
        Severity::Low => "low",
        Severity::Medium => "medium",
        Severity::High => "high",
        Severity::Critical => "critical",
    }
}

/// Text made safe inside HTML and SVG, in element content and in quoted attributes alike; a
/// control character other than a line break or a tab is shown as U+FFFD.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c) => {
                out.push('\u{FFFD}')
            }
            c => out.push(c),
        }
    }
    out
}

/// Characters that reorder the text around them (embeddings, overrides, isolates): a name from
/// a vendor holding one could make a row read as another.
pub(super) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// When a token expires, for people: its day, or "never".
fn expiry(ms: Option<i64>) -> String {
    ms.map_or_else(|| "never".to_owned(), day)
}

#[cfg(test)]
pub(in crate::audit) mod tests;
#[cfg(test)]
mod tests_markup;
#[cfg(test)]
mod tests_overview;
#[cfg(test)]
mod tests_pages;
