//! "Since the last audit" per connection: after an audit of one connection, the next full audit
//! compares every other connection with the last run that read it, and a connection no earlier
//! run read is "not compared", never a list of new tokens.

use super::tests::{run_reading, store, tok, DAY, T0};
use super::*;
use crate::audit::AuditReport;
use crate::audit::AuditToken;
use crate::catalog::builtin::builtin;

const READ: &str = "api.engagements.read";
const WRITE: &str = "api.engagements.write";

/// A MindBridge token `id` of connection `c`.
fn tok_of(c: &str, id: &str, scopes: &[&str]) -> AuditToken {
    AuditToken {
        connection_id: c.into(),
        ..tok(id, scopes)
    }
}

/// A run at `at_ms` that read each of `conns` (id, tokens), connection `c` labelled "MB c".
fn run_of(at_ms: i64, conns: &[(&str, Vec<AuditToken>)]) -> AuditReport {
    let conns: Vec<_> = conns
        .iter()
        .map(|(c, t)| (*c, format!("MB {c}"), t.clone()))
        .collect();
    run_reading(at_ms, &conns, &builtin("mindbridge").unwrap())
}

fn save_run(s: &HistoryStore, report: &AuditReport) -> RunSummary {
    let cat = builtin("mindbridge").unwrap();
    s.save(report, &[(Vendor::MindBridge, &cat)]).unwrap()
}

#[test]
fn after_a_partial_audit_each_connection_compares_with_its_own_last_reading() {
    let (_dir, s) = store();
    let c1 = || vec![tok_of("c1", "a", &[READ])];
    let c2 = |scopes: &[&str]| {
        vec![
            tok_of("c2", "b", scopes),
            tok_of("c2", "c", &["api.analyses.read"]),
        ]
    };
    let full = save_run(&s, &run_of(T0, &[("c1", c1()), ("c2", c2(&[READ]))]));
    let partial = save_run(&s, &run_of(T0 + DAY, &[("c1", c1())]));
    // c2's token b widened between the full audit and now; nothing else moved.
    let now = save_run(
        &s,
        &run_of(T0 + 2 * DAY, &[("c1", c1()), ("c2", c2(&[READ, WRITE]))]),
    );

    let c = s.since_last().unwrap().unwrap();
    assert_eq!(c.from.as_ref().map(|f| f.id), Some(partial.id));
    assert_eq!(c.counts.new, 0, "no token of c2 is new: {:?}", c.tokens);
    let changed: Vec<(&str, ChangeKind)> = c
        .tokens
        .iter()
        .map(|t| (t.token_id.as_str(), t.kind))
        .collect();
    assert_eq!(changed, [("b", ChangeKind::Changed)]);
    assert_eq!(c.tokens[0].scopes_added, [WRITE]);
    assert!(c.not_compared.is_empty(), "{:?}", c.not_compared);
    let base: Vec<(&str, i64)> = c
        .baselines
        .iter()
        .map(|b| (b.connection_id.as_str(), b.run.id))
        .collect();
    assert_eq!(
        base,
        [("c2", full.id)],
        "c2 is compared with the full audit"
    );

    // Until a day before the partial run, both compare with the full audit.
    let c = s.since(now.id, Some(T0 + DAY - 1)).unwrap().unwrap();
    assert_eq!(c.from.as_ref().map(|f| f.id), Some(full.id));
    assert!(c.baselines.is_empty() && c.counts.new == 0 && c.counts.widened == 1);
}

#[test]
fn a_connection_no_earlier_run_read_is_not_compared_never_new() {
    let (_dir, s) = store();
    save_run(&s, &run_of(T0, &[("c1", vec![tok_of("c1", "a", &[READ])])]));
    let both = run_of(
        T0 + DAY,
        &[
            ("c1", vec![tok_of("c1", "a", &[READ])]),
            ("c2", vec![tok_of("c2", "b", &[READ])]),
        ],
    );
    let later = save_run(&s, &both);
    for c in [
        s.since_last().unwrap().unwrap(),
        s.changes(s.previous(later.id).unwrap().map(|r| r.id), later.id)
            .unwrap(),
    ] {
        assert_eq!(c.counts.new, 0, "{:?}", c.tokens);
        assert!(c.tokens.is_empty(), "{:?}", c.tokens);
        let not: Vec<&str> = c
            .not_compared
            .iter()
            .map(|n| n.connection_id.as_str())
            .collect();
        assert_eq!(not, ["c2"]);
    }
}
