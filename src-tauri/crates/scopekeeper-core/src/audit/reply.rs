//! What the app's audit screen receives: the report as the page reads it, leaner than the
//! report itself. Each rule's texts (title and fix), severity and points come once per reply,
//! in `rules`; a finding names its rule and carries only its evidence. A token's effective
//! permissions are not sent: no view of the page reads them (the drawer resolves a token's
//! scopes through `resolve_selection` when it opens). The reply borrows the report: it is
//! written straight from it, never copied.
//!
//! The report files (JSON, CSV, HTML, SARIF) and the CLI keep the full [`AuditReport`].

use std::collections::BTreeMap;

use serde::Serialize;
use ts_rs::TS;

use super::{
    rule, AuditFinding, AuditReport, AuditRow, AuditToken, ChipCount, ConnectionOutcome,
    CredentialUse, MatrixBlock, Overview, RuleId, Severity, TokenSource,
};
use crate::ipc::Json;
use crate::vendor::Vendor;

/// The last audit as the audit screen reads it ([`AuditReport`] with each rule's texts once).
#[derive(Debug, Serialize, TS)]
pub struct AuditReply<'a> {
    /// RFC 3339, local time with its offset.
    pub generated_at: &'a str,
    #[ts(type = "number")]
    pub generated_ms: i64,
    /// The OS user who ran it.
    pub actor: &'a str,
    /// Every rule a finding of this report names, once: what a finding's `rule` refers to.
    pub rules: BTreeMap<RuleId, RuleText>,
    pub assessment: AuditReplyAssessment<'a>,
    pub outcomes: &'a [ConnectionOutcome],
    /// What the overview's charts draw.
    pub overview: Overview,
}

/// A rule as this report judged it: its texts, its severity (the settings may change it) and
/// its points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RuleText {
    /// What the rule means, for a person.
    pub title: &'static str,
    pub severity: Severity,
    pub points: u8,
    pub fix: &'static str,
}

/// The assessment, its rows as the page reads them.
#[derive(Debug, Serialize, TS)]
pub struct AuditReplyAssessment<'a> {
    pub rows: Vec<AuditReplyRow<'a>>,
    pub blocks: &'a [MatrixBlock],
    pub chips: &'a [ChipCount],
    /// Findings per severity: low, medium, high, critical.
    pub by_severity: [u32; 4],
}

/// One row of the matrix: a token, its findings, its score and its cells (named `AuditRow` on
/// the page, which never sees the report's own rows).
#[derive(Debug, Serialize, TS)]
#[ts(rename = "AuditRow")]
pub struct AuditReplyRow<'a> {
    pub token: AuditReplyToken<'a>,
    pub findings: Vec<AuditReplyFinding<'a>>,
    pub score: u8,
    pub band: &'a str,
    /// The template it is judged against, when one is assigned.
    pub template: Option<&'a str>,
    /// Permissions held per group of its vendor's block.
    pub held: &'a [u16],
    /// One letter per group: its highest access there (R, W, D, A; `-` none).
    pub access: &'a str,
    /// The findings-strip chips it counts under.
    pub chips: &'a [String],
    /// Scopes it holds through the ones it carries (what they imply), for the scope columns.
    pub implied_scopes: &'a [String],
}

/// A token as the page reads it: [`AuditToken`] without its effective permissions.
#[derive(Debug, Serialize, TS)]
pub struct AuditReplyToken<'a> {
    pub vendor: Vendor,
    pub connection_id: &'a str,
    pub id: &'a str,
    pub name: &'a str,
    /// Unix ms, when the vendor says.
    #[ts(type = "number | null")]
    pub created_ms: Option<i64>,
    /// Unix ms; `None` means it never expires.
    #[ts(type = "number | null")]
    pub expires_ms: Option<i64>,
    /// Unix ms, when the vendor reports last use.
    #[ts(type = "number | null")]
    pub last_used_ms: Option<i64>,
    /// Empty: usable from any address (where the vendor supports an allowlist).
    pub allowlist: &'a [String],
    pub scopes: &'a [String],
    /// The connection's own admin credential.
    pub is_connection_credential: bool,
    /// Every saved connection that signs in with this token (this one's own included).
    pub credential_of: &'a [CredentialUse],
    /// The connection's identity when the token was listed; a revoke carries it back.
    pub listed_as: &'a str,
    /// Who owns or created it, where the vendor says.
    pub owner: Option<&'a str>,
    pub source: TokenSource,
    pub broad_reach: Option<&'a str>,
    pub reach: &'a [String],
}

/// One finding: its rule (texts, severity and points in the reply's `rules`) and its evidence.
#[derive(Debug, Serialize, TS)]
pub struct AuditReplyFinding<'a> {
    pub rule: RuleId,
    pub evidence: &'a str,
}

impl<'a> AuditReply<'a> {
    /// The reply for `report`, borrowing it.
    pub fn of(report: &'a AuditReport) -> Self {
        let a = &report.assessment;
        let mut rules = BTreeMap::new();
        for f in a.rows.iter().flat_map(|r| &r.findings) {
            let text = rules.entry(f.rule).or_insert_with(|| rule_text(f));
            // One severity and one score per rule in a run (the audit's settings and the
            // rule's points), so the table can stand for every finding of it.
            debug_assert!(
                text.severity == f.severity && text.points == f.points,
                "rule {:?} judged two ways in one run",
                f.rule
            );
        }
        AuditReply {
            generated_at: &report.generated_at,
            generated_ms: report.generated_ms,
            actor: &report.actor,
            rules,
            assessment: AuditReplyAssessment {
                rows: a.rows.iter().map(row).collect(),
                blocks: &a.blocks,
                chips: &a.chips,
                by_severity: a.by_severity,
            },
            outcomes: &report.outcomes,
            overview: Overview::of(report),
        }
    }

    /// `report`'s reply written as JSON, as the page receives it.
    pub fn json(report: &AuditReport) -> Json<AuditReply<'static>> {
        Json::write(&AuditReply::of(report))
    }
}

/// A finding's rule as the report judged it. Within one report every finding of a rule has
/// its rule's title and fix, and the severity and points the report's settings gave it.
fn rule_text(f: &AuditFinding) -> RuleText {
    let r = rule(f.rule);
    RuleText {
        title: r.title,
        severity: f.severity,
        points: f.points,
        fix: r.fix,
    }
}

fn row(r: &AuditRow) -> AuditReplyRow<'_> {
    AuditReplyRow {
        token: token(&r.token),
        findings: r
            .findings
            .iter()
            .map(|f| AuditReplyFinding {
                rule: f.rule,
                evidence: &f.evidence,
            })
            .collect(),
        score: r.score,
        band: &r.band,
        template: r.template.as_deref(),
        held: &r.held,
        access: &r.access,
        chips: &r.chips,
        implied_scopes: &r.implied_scopes,
    }
}

fn token(t: &AuditToken) -> AuditReplyToken<'_> {
    AuditReplyToken {
        vendor: t.vendor,
        connection_id: &t.connection_id,
        id: &t.id,
        name: &t.name,
        created_ms: t.created_ms,
        expires_ms: t.expires_ms,
        last_used_ms: t.last_used_ms,
        allowlist: &t.allowlist,
        scopes: &t.scopes,
        is_connection_credential: t.is_connection_credential,
        credential_of: &t.credential_of,
        listed_as: &t.listed_as,
        owner: t.owner.as_deref(),
        source: t.source,
        broad_reach: t.broad_reach.as_deref(),
        reach: &t.reach,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde_json::{json, Value};

    use super::*;
    use crate::audit::report::tests::report;

    #[test]
    fn the_reply_is_the_report_with_each_rule_once_and_no_permissions() {
        let report = report();
        let reply: Value = serde_json::from_str(AuditReply::json(&report).text()).unwrap();

        // Every finding's rule, severity, points, title and fix are its rule's entry.
        let rules = reply["rules"].as_object().expect("a rule table");
        let mut named = BTreeSet::new();
        for (sent, row) in reply["assessment"]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .zip(&report.assessment.rows)
        {
            let findings = sent["findings"].as_array().unwrap();
            assert_eq!(findings.len(), row.findings.len());
            for (f, kept) in findings.iter().zip(&row.findings) {
                let id = f["rule"].as_str().unwrap();
                named.insert(id.to_owned());
                assert_eq!(json!(kept.rule), f["rule"]);
                assert_eq!(
                    rules[id],
                    json!({
                        "title": kept.title,
                        "severity": kept.severity,
                        "points": kept.points,
                        "fix": kept.fix,
                    }),
                    "{id}"
                );
            }
        }
        assert!(
            named.len() >= 3,
            "the sample names several rules: {named:?}"
        );
        assert_eq!(
            rules.keys().cloned().collect::<BTreeSet<_>>(),
            named,
            "the table holds the rules the findings name, each once"
        );

        // The rest is the report as it is written, without the tokens' permissions and with
        // each finding its rule and evidence.
        let mut expected = serde_json::to_value(&report).unwrap();
        for row in expected["assessment"]["rows"].as_array_mut().unwrap() {
            assert!(row["token"]
                .as_object_mut()
                .unwrap()
                .remove("permissions")
                .is_some());
            for f in row["findings"].as_array_mut().unwrap() {
                *f = json!({ "rule": f["rule"], "evidence": f["evidence"] });
            }
        }
        let mut sent = reply;
        sent.as_object_mut().unwrap().remove("rules");
        // And the overview the charts draw, of this report.
        let overview = sent.as_object_mut().unwrap().remove("overview").unwrap();
        assert_eq!(
            overview,
            serde_json::to_value(super::super::Overview::of(&report)).unwrap()
        );
        assert_eq!(sent, expected);
    }

    #[test]
    fn a_report_without_findings_has_an_empty_rule_table() {
        let mut report = report();
        for row in &mut report.assessment.rows {
            row.findings.clear();
        }
        let reply: Value = serde_json::from_str(AuditReply::json(&report).text()).unwrap();
        assert_eq!(reply["rules"], json!({}));
    }
}
