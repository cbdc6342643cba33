//! SARIF 2.1.0 for code-scanning tools: one run, the rules of [`RULES`] as the tool's rules,
//! one result per finding (its rule id, a level from its severity, the token as a logical
//! location), and each connection that could not be read as a notification.

use serde_json::{json, Value};

use crate::audit::AuditReport;
use crate::audit::{Severity, RULES};

use super::labels;

/// The SARIF level of a severity: low → note, medium → warning, high and critical → error.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Low => "note",
        Severity::Medium => "warning",
        Severity::High | Severity::Critical => "error",
    }
}

fn rules() -> Vec<Value> {
    RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "shortDescription": { "text": r.title },
                "fullDescription": { "text": format!("{} ({} points towards the token's 0–100 risk score)", r.title, r.points) },
                "help": { "text": r.fix },
                "defaultConfiguration": { "level": level(r.severity) },
                "properties": { "severity": r.severity, "points": r.points },
            })
        })
        .collect()
}

fn results(report: &AuditReport) -> Vec<Value> {
    let labels = labels(report);
    let mut out = Vec::new();
    for row in &report.assessment.rows {
        let t = &row.token;
        let label = labels
            .get(t.connection_id.as_str())
            .copied()
            .unwrap_or(&t.connection_id);
        for f in &row.findings {
            let index = RULES.iter().position(|r| r.id == f.rule);
            out.push(json!({
                "ruleId": f.rule,
                "ruleIndex": index,
                "level": level(f.severity),
                "message": { "text": format!("{} \u{201c}{}\u{201d} ({label}): {}", t.vendor.name(), t.name, f.evidence) },
                "locations": [{
                    "logicalLocations": [{
                        "name": t.name,
                        "fullyQualifiedName": format!("{}/{}/{}", t.vendor.id(), label, t.id),
                        "kind": "resource",
                    }],
                }],
                "properties": {
                    "severity": f.severity,
                    "points": f.points,
                    "fix": f.fix,
                    "vendor": t.vendor.id(),
                    "connection": label,
                    "tokenId": t.id,
                    "tokenScore": row.score,
                    "tokenBand": row.band,
                },
            }));
        }
    }
    out
}

/// The report as a SARIF 2.1.0 log.
pub fn sarif(report: &AuditReport) -> String {
    let notifications: Vec<Value> = report
        .outcomes
        .iter()
        .filter_map(|o| {
            let e = o.error.as_ref()?;
            Some(json!({
                "level": "error",
                "message": { "text": format!("{} \u{201c}{}\u{201d} could not be read: {}", o.vendor.name(), o.label, e.message) },
                "descriptor": { "id": e.kind },
            }))
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "Scopekeeper",
                "version": crate::CORE_VERSION,
                "rules": rules(),
            }},
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "endTimeUtc": super::instant(report.generated_ms),
                "toolExecutionNotifications": notifications,
                "properties": { "actor": report.actor, "generatedAt": report.generated_at },
            }],
            "results": results(report),
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).expect("a SARIF log serializes");
    out.push('\n');
    out
}
