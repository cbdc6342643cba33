//! Plain text for a terminal or a mail: a summary, then each connection (its outcome, then its
//! tokens riskiest first), each finding with its points, evidence and fix.

use std::fmt::Write;

use crate::audit::AuditRow;
use crate::audit::{AuditReport, ConnectionOutcome};
use crate::printable::printable;

use super::{day, expiry, severity};

/// The report as text.
pub fn text(report: &AuditReport) -> String {
    let a = &report.assessment;
    let [low, medium, high, critical] = a.by_severity;
    let mut out = format!(
        "Scopekeeper audit, {} by {}\nFindings: {critical} critical, {high} high, {medium} medium, {low} low; {} tokens over {} connections (dates UTC)\n",
        report.generated_at,
        report.actor,
        a.rows.len(),
        report.outcomes.len(),
    );
    for o in &report.outcomes {
        let mut rows: Vec<&AuditRow> = a
            .rows
            .iter()
            .filter(|r| r.token.connection_id == o.connection_id)
            .collect();
        rows.sort_by_key(|r| std::cmp::Reverse(r.score));
        connection(&mut out, o, &rows);
    }
    out
}

fn connection(out: &mut String, o: &ConnectionOutcome, rows: &[&AuditRow]) {
    let state = match (&o.error, o.unlisted) {
        (Some(e), _) => format!("could not be read: {}", printable(&e.message)),
        (None, true) => "the vendor has no API to list tokens".to_owned(),
        (None, false) => format!("{} tokens", o.tokens),
    };
    let _ = writeln!(
        out,
        "\n{} \u{b7} {}: {state}",
        o.vendor.name(),
        printable(&o.label)
    );
    for r in rows {
        token(out, r);
    }
}

fn token(out: &mut String, r: &AuditRow) {
    let t = &r.token;
    let credential = if t.is_connection_credential {
        " [the connection's credential]"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "  {:>3} {:<8} {} ({}){credential}",
        r.score,
        r.band,
        printable(&t.name),
        printable(&t.id)
    );
    let mut facts = Vec::new();
    if let Some(owner) = &t.owner {
        facts.push(format!("owner {}", printable(owner)));
    }
    if let Some(c) = t.created_ms {
        facts.push(format!("created {}", day(c)));
    }
    facts.push(format!("expires {}", expiry(t.expires_ms)));
    facts.push(super::allowlist_text(
        t,
        &format!("allowlist {}", printable(&t.allowlist.join(" "))),
    ));
    facts.push(format!("{} permissions", t.permissions.len()));
    let _ = writeln!(out, "      {}", facts.join(", "));
    for f in &r.findings {
        let _ = writeln!(
            out,
            "      - {} {} (+{}): {}\n        fix: {}",
            severity(f.severity),
            f.rule,
            f.points,
            printable(&f.evidence),
            f.fix
        );
    }
}
