//! A large report to look at: `cargo test -p scopekeeper-core write_report_pages -- --ignored`
//! writes the fixture's HTML page and a 10,000-token one to the temporary directory.

use std::collections::HashMap;

use super::super::tests::{token, DAY, NOW};
use super::tests::report;
use super::*;
use crate::audit::{assess, AssessInput, AuditSettings};
use crate::catalog::builtin::builtin;
use crate::vendor::Vendor;

/// A report of `n` tokens over four connections and forty owners, for a look at the page.
fn big(n: usize) -> AuditReport {
    let mb = builtin("mindbridge").unwrap();
    let cx = builtin("cortex").unwrap();
    let perms: Vec<&str> = mb.permissions().iter().map(|p| p.id.as_str()).collect();
    let conns = [
        ("c1", "Tenant <A>"),
        ("c4", "MB staging"),
        ("c5", "MB \"eu\" tenant"),
    ];
    let tokens = (0..n)
        .map(|k| {
            let mine: Vec<&str> = perms
                .iter()
                .copied()
                .skip(k % 5)
                .step_by(k % 7 + 1)
                .collect();
            let mut t = token(Vendor::MindBridge, &format!("tok-{k}"), &mine, &mine);
            if k % 10 == 0 {
                t = token(
                    Vendor::Cortex,
                    &format!("key-{k}"),
                    &["Instance Admin"],
                    &["Tenant-wide permissions"],
                );
                t.connection_id = "c2".into();
            } else {
                t.connection_id = conns[k % 3].0.into();
            }
            t.name = format!("automation {k:05}");
            t.owner = (k % 9 != 0).then(|| format!("user{}@example.com", k % 37));
            t.expires_ms = match k % 13 {
                0 => None,
                1 => Some(NOW - DAY),
                _ => Some(NOW + (k as i64 * 7919 % 200) * DAY),
            };
            if k % 3 == 0 {
                t.allowlist.clear();
            }
            t
        })
        .collect();
    let mut r = report();
    let mut order = HashMap::new();
    order.insert("c2".to_owned(), (1, "Cortex prod".to_owned()));
    for (i, (id, name)) in conns.iter().enumerate() {
        order.insert(
            id.to_string(),
            (if i == 0 { 0 } else { i + 1 }, name.to_string()),
        );
        if i > 0 {
            let mut o = r.outcomes[0].clone();
            (o.connection_id, o.label) = (id.to_string(), name.to_string());
            r.outcomes.push(o);
        }
    }
    let cats = [(Vendor::MindBridge, &mb), (Vendor::Cortex, &cx)];
    let settings = AuditSettings::default();
    let assessment = assess(
        tokens,
        &AssessInput {
            now_ms: NOW,
            settings: &settings,
            catalogs: &cats,
            templates: &HashMap::new(),
            connection_order: &order,
        },
    );
    for o in &mut r.outcomes {
        o.tokens = assessment
            .rows
            .iter()
            .filter(|x| x.token.connection_id == o.connection_id)
            .count();
    }
    r.assessment = assessment;
    r
}

/// `cargo test -p scopekeeper-core write_report_pages -- --ignored` writes the fixture's page
/// and a 10,000-token page to the temporary directory, to look at.
#[test]
#[ignore]
fn write_report_pages() {
    let dir = std::env::temp_dir();
    std::fs::write(dir.join("report-fixture.html"), html(&report())).unwrap();
    let big = big(10_000);
    assert_eq!(big.assessment.rows.len(), 10_000);
    std::fs::write(dir.join("report-big.html"), html(&big)).unwrap();
}
