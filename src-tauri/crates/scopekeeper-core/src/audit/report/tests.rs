//! The reports of one small audit run (a MindBridge tenant with an admin credential and two
//! oddly named tokens, a Cortex admin key that never expires, a tenant that could not be read):
//! JSON as serde writes it, CSV quoted and defused, SARIF levels and rules, text grouped by
//! connection; no hex string longer than 12 characters in any format.

use std::collections::HashMap;

use super::super::tests::{token, DAY, NOW};
use super::*;
use crate::audit::ConnectionOutcome;
use crate::audit::{assess, AssessInput, AuditSettings, Severity, RULES};
use crate::catalog::builtin::builtin;
use crate::error::{Error, ErrorKind};
use crate::vendor::Vendor;

pub(super) const SCRIPT_NAME: &str = "<script>alert('x')</script>";
pub(super) const COMMA_NAME: &str = "ci, \"reader\"";
/// When the admin credential was last used (the other tokens' vendors do not say).
pub(super) const LAST_USED: i64 = NOW - 2 * DAY - 3_600_000;
pub(super) const FORMULA_OWNER: &str = "=HYPERLINK(\"http://example.invalid\",\"x\")";

fn outcome(id: &str, label: &str, vendor: Vendor, tokens: usize) -> ConnectionOutcome {
    ConnectionOutcome {
        connection_id: id.into(),
        label: label.into(),
        vendor,
        tokens,
        error: None,
        unlisted: false,
    }
}

pub(in crate::audit) fn report() -> AuditReport {
    let mb = builtin("mindbridge").unwrap();
    let cx = builtin("cortex").unwrap();
    let all: Vec<String> = mb.permissions().iter().map(|p| p.id.clone()).collect();
    let mut admin = token(Vendor::MindBridge, "admin-credential", &[], &[]);
    admin.scopes = all.clone();
    admin.permissions = all;
    admin.allowlist.clear();
    admin.is_connection_credential = true;
    admin.last_used_ms = Some(LAST_USED);
    let mut script = token(
        Vendor::MindBridge,
        "tok-script",
        &["api.engagements.read"],
        &["api.engagements.read"],
    );
    script.name = SCRIPT_NAME.into();
    script.expires_ms = Some(NOW + 5 * DAY);
    let mut comma = token(
        Vendor::MindBridge,
        "tok-comma",
        &["api.webhooks.read"],
        &["api.webhooks.read"],
    );
    comma.name = COMMA_NAME.into();
    comma.owner = Some(FORMULA_OWNER.into());
    let cortex_perms = [
        "Tenant-wide permissions",
        "CLI Tools View/Edit",
        "CLI Tools View",
        "Public API View/Edit",
        "Public API View",
    ];
    let mut legacy = token(Vendor::Cortex, "key-4", &["Instance Admin"], &cortex_perms);
    legacy.connection_id = "c2".into();
    legacy.name = "legacy automation".into();
    legacy.expires_ms = None;
    legacy.allowlist.clear();
    let cats = [(Vendor::MindBridge, &mb), (Vendor::Cortex, &cx)];
    let order = HashMap::from([
        ("c1".to_owned(), (0, "Tenant <A>".to_owned())),
        ("c2".to_owned(), (1, "Cortex prod".to_owned())),
    ]);
    let settings = AuditSettings::default();
    let assessment = assess(
        vec![comma, script, legacy, admin],
        &AssessInput {
            now_ms: NOW,
            settings: &settings,
            catalogs: &cats,
            templates: &HashMap::new(),
            connection_order: &order,
        },
    );
    let mut broken = outcome("c3", "Old tenant", Vendor::MindBridge, 0);
    broken.error = Some(Error::new(
        ErrorKind::VendorUnauthorized,
        "MindBridge refused the credential: replace it in the connection.",
    ));
    AuditReport {
        generated_at: "2026-12-01T04:00:00+01:00".into(),
        generated_ms: NOW,
        actor: "alice".into(),
        selected_of: None,
        assessment,
        outcomes: vec![
            outcome("c1", "Tenant <A>", Vendor::MindBridge, 3),
            outcome("c2", "Cortex prod", Vendor::Cortex, 1),
            broken,
        ],
    }
}

/// A minimal RFC 4180 reader, to check the CSV reads back as written.
fn read_csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut cell) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') if cell.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => assert_eq!(chars.next(), Some('\n'), "CRLF line ends"),
            (false, '\n') => panic!("a bare LF ends a line"),
            (false, c) => cell.push(c),
        }
        if !quoted && c == '\r' {
            row.push(std::mem::take(&mut cell));
            rows.push(std::mem::take(&mut row));
        }
    }
    assert!(
        row.is_empty() && cell.is_empty(),
        "the last line ends with CRLF"
    );
    rows
}

#[test]
fn json_is_the_report_as_serde_writes_it() {
    let r = report();
    let parsed: serde_json::Value = serde_json::from_str(&json(&r)).unwrap();
    assert_eq!(parsed, serde_json::to_value(&r).unwrap());
    assert_eq!(render(&r, ReportFormat::Json), json(&r));
}

#[test]
fn csv_has_one_quoted_defused_row_per_token() {
    let r = report();
    let rows = read_csv(&csv(&r));
    assert_eq!(rows.len(), 1 + r.assessment.rows.len());
    assert_eq!(rows[0][0], "vendor");
    assert_eq!(rows[0].len(), 15);
    assert!(rows.iter().all(|row| row.len() == 15), "{rows:?}");
    let comma = rows.iter().find(|row| row[2] == "tok-comma").unwrap();
    assert_eq!(comma[3], COMMA_NAME, "a comma and quotes survive quoting");
    assert_eq!(comma[1], "Tenant <A>", "the connection's label");
    assert_eq!(
        comma[4],
        format!("'{FORMULA_OWNER}"),
        "a formula is defused"
    );
    let legacy = rows.iter().find(|row| row[2] == "key-4").unwrap();
    assert_eq!(legacy[7], "never");
    assert_eq!(
        rows[0][7..9],
        ["expires", "last_used"],
        "last use after expiry"
    );
    assert_eq!(legacy[8], "", "no last use: the vendor does not say");
    assert_eq!(legacy[10], "Instance Admin");
    assert_eq!(legacy[11], "5");
    let rules: Vec<&str> = legacy[14].split(' ').collect();
    assert!(
        rules.contains(&"no_expiry") && rules.contains(&"elevated_scope"),
        "{rules:?}"
    );
    let admin = rows
        .iter()
        .find(|row| row[2] == "admin-credential")
        .unwrap();
    assert_eq!(admin[12], r.assessment.rows[0].score.to_string());
    assert_eq!(admin[6], "2026-11-01T03:00:00Z", "created, RFC 3339 UTC");
    assert_eq!(admin[8], instant(LAST_USED), "last used, the same format");
    assert_eq!(admin[8], "2026-11-29T02:00:00Z");
}

#[test]
fn csv_cells_starting_like_a_formula_are_prefixed_and_quoted_when_needed() {
    for (raw, cell_text) in [
        ("=1+2", "'=1+2"),
        ("+cmd", "'+cmd"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("plain name", "plain name"),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("two\nlines", "\"two\nlines\""),
        ("=a,b", "\"'=a,b\""),
        ("x=1", "x=1"),
    ] {
        assert_eq!(csv::cell(raw), cell_text, "{raw:?}");
    }
}

#[test]
fn sarif_has_every_rule_and_one_result_per_finding_at_its_level() {
    let r = report();
    let log: serde_json::Value = serde_json::from_str(&sarif(&r)).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|x| x["id"].as_str().unwrap()).collect();
    assert_eq!(ids, RULES.iter().map(|x| x.id).collect::<Vec<_>>());
    let results = run["results"].as_array().unwrap();
    let findings: Vec<_> = r.assessment.rows.iter().flat_map(|x| &x.findings).collect();
    assert_eq!(results.len(), findings.len());
    for (res, f) in results.iter().zip(&findings) {
        assert_eq!(res["ruleId"], f.rule.as_str());
        let expected = match f.severity {
            Severity::Low => "note",
            Severity::Medium => "warning",
            Severity::High | Severity::Critical => "error",
        };
        assert_eq!(res["level"], expected, "{}", f.rule);
        let ix = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[ix]["id"], f.rule.as_str());
    }
    let level_of = |rule: &str| {
        results
            .iter()
            .find(|x| x["ruleId"] == rule)
            .map(|x| x["level"].as_str().unwrap().to_owned())
    };
    assert_eq!(level_of("admin_equivalent").as_deref(), Some("error"));
    assert_eq!(level_of("any_address").as_deref(), Some("warning"));
    assert_eq!(level_of("expiring_soon").as_deref(), Some("note"));
    let notes = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert_eq!(notes.len(), 1);
    assert!(notes[0]["message"]["text"]
        .as_str()
        .unwrap()
        .contains("Old tenant"));
    assert_eq!(notes[0]["descriptor"]["id"], "vendor_unauthorized");
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
}

#[test]
fn text_groups_by_connection_riskiest_first_with_each_fix() {
    let r = report();
    let t = text(&r);
    let at = |needle: &str| t.find(needle).unwrap_or_else(|| panic!("{needle} in\n{t}"));
    assert!(at("MindBridge \u{b7} Tenant <A>: 3 tokens") < at("Cortex \u{b7} Cortex prod"));
    assert!(at("admin-credential") < at(SCRIPT_NAME));
    assert!(at("Cortex prod") < at("legacy automation"));
    assert!(t.contains("Old tenant: could not be read: MindBridge refused the credential"));
    let fix = crate::audit::rule(crate::audit::RuleId::NoExpiry).fix;
    assert!(t.contains(&format!("fix: {fix}")), "{t}");
    assert!(t.contains("by alice") && t.contains("2026-12-01T04:00:00+01:00"));
    // Within a connection, scores never rise.
    let scores: Vec<u8> = t
        .lines()
        .skip_while(|l| !l.starts_with("MindBridge"))
        .take_while(|l| !l.starts_with("Cortex"))
        .filter_map(|l| l.split_whitespace().next()?.parse().ok())
        .collect();
    assert_eq!(scores.len(), 3, "{t}");
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
}

#[test]
fn text_from_a_vendor_cannot_move_the_terminal_or_forge_lines() {
    let mut r = report();
    r.assessment.rows[0].token.name = "evil\u{1b}[2J\r\n  0 none     forged (1)".into();
    r.assessment.rows[0].token.owner = Some("x\u{1b}]0;title\u{7}".into());
    r.outcomes[0].label = "Tenant\nfake: 0 tokens".into();
    let t = text(&r);
    assert!(
        !t.contains('\u{1b}') && !t.contains('\r') && !t.contains('\u{7}'),
        "{t:?}"
    );
    assert!(
        !t.lines().any(|l| l.starts_with("  0 none     forged")),
        "{t}"
    );
    assert!(!t.lines().any(|l| l.starts_with("fake:")), "{t}");
    assert!(t.contains("evil\\u{1b}[2J\\u{d}\\u{a}"), "{t}");
}

#[test]
fn no_format_carries_a_hex_string_longer_than_12() {
    let r = report();
    // The seed documents a built-in catalog cites are named by their own hash
    // (`002_5f19d93cb6fb5ae4.txt`): a document's name, not a token's fingerprint.
    let documents: Vec<&str> = r
        .assessment
        .blocks
        .iter()
        .flat_map(|b| &b.catalog_sources)
        .flat_map(|s| s.split(|c: char| !c.is_ascii_hexdigit()))
        .collect();
    for f in ReportFormat::ALL {
        let out = render(&r, f);
        // Runs of hex digits with a letter among them (decimal instants are not fingerprints).
        for run in out.split(|c: char| !c.is_ascii_hexdigit()) {
            assert!(
                run.len() <= 12
                    || run.bytes().all(|b| b.is_ascii_digit())
                    || documents.contains(&run),
                "{} carries {run}",
                f.id()
            );
        }
    }
    assert_eq!(ReportFormat::parse("sarif"), Some(ReportFormat::Sarif));
    assert_eq!(ReportFormat::parse("pdf"), None);
}

#[test]
fn an_empty_allowlist_reads_any_address_only_where_the_vendor_has_allowlists() {
    let r = report();
    let t = text(&r);
    let line_of = |name: &str| {
        let at = t.find(name).unwrap_or_else(|| panic!("{name} in\n{t}"));
        t[at..].lines().nth(1).unwrap_or_default().to_owned()
    };
    assert!(line_of("admin-credential").contains("any address"), "{t}");
    assert!(
        line_of("legacy automation").contains("any address (the vendor has no allowlists)"),
        "{t}"
    );
    assert!(html(&r).contains("the vendor has no allowlists"));
}
