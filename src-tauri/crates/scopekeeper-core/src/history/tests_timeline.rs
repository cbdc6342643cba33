//! Timelines: a token's life across runs (first seen, unchanged, changed, vanished, back), and
//! a connection's runs with their counts of changes.

use super::tests::{run_at, save, store, tok, DAY, T0};
use super::*;

const READ: &str = "api.engagements.read";
const WRITE: &str = "api.engagements.write";

#[test]
fn a_token_timeline_shows_each_run_it_was_in_and_where_it_vanished() {
    let (_dir, s) = store();
    let t = tok("t", &[READ]);
    let mut wider = t.clone();
    wider.scopes.push(WRITE.into());
    wider.permissions.push(WRITE.into());
    let other = tok("other", &[READ]);
    save(&s, &run_at(T0, vec![other.clone()], None), None);
    save(
        &s,
        &run_at(T0 + DAY, vec![t.clone(), other.clone()], None),
        None,
    );
    save(
        &s,
        &run_at(T0 + 2 * DAY, vec![t.clone(), other.clone()], None),
        None,
    );
    save(
        &s,
        &run_at(T0 + 3 * DAY, vec![wider.clone(), other.clone()], None),
        None,
    );
    save(&s, &run_at(T0 + 4 * DAY, vec![other.clone()], None), None);
    save(&s, &run_at(T0 + 5 * DAY, vec![other.clone()], None), None);
    let mut failed = run_at(T0 + 6 * DAY, vec![], None);
    failed.outcomes[0].error = Some(Error::new(ErrorKind::VendorUnavailable, "down"));
    save(&s, &failed, None);
    save(&s, &run_at(T0 + 7 * DAY, vec![wider, other], None), None);

    let key = crate::audit::token_key(&t);
    let tl = s.token_timeline(&key).unwrap().expect("seen");
    assert_eq!(
        (tl.key.as_str(), tl.token_id.as_str(), tl.name.as_str()),
        (key.as_str(), "t", "t-name")
    );
    let events: Vec<(i64, TimelineEvent)> = tl
        .entries
        .iter()
        .map(|e| ((e.run.at_ms - T0) / DAY, e.event))
        .collect();
    use TimelineEvent::*;
    assert_eq!(
        events,
        [
            (1, FirstSeen),
            (2, Unchanged),
            (3, Changed),
            (4, Vanished),
            (7, Reappeared)
        ],
        "not before it existed, once when it vanished, not in the run that failed"
    );
    let changed = tl.entries[2].change.as_ref().unwrap();
    assert_eq!(changed.scopes_added, [WRITE]);
    assert_eq!((tl.entries[2].scopes, tl.entries[2].permissions), (2, 2));
    let vanished = tl.entries[3].change.as_ref().unwrap();
    assert_eq!(vanished.vanished, Some(super::Vanished::Gone));
    assert_eq!(tl.entries[3].score, None);
    assert_eq!(s.token_timeline("mindbridge/c1/nope").unwrap(), None);
}

#[test]
fn a_connection_timeline_counts_what_changed_between_its_readings() {
    let (_dir, s) = store();
    let a = tok("a", &[READ]);
    let b = tok("b", &[READ]);
    let mut b2 = b.clone();
    b2.allowlist.clear();
    save(&s, &run_at(T0, vec![a.clone(), b.clone()], None), None);
    let mut failed = run_at(T0 + DAY, vec![], None);
    failed.outcomes[0].error = Some(Error::new(ErrorKind::VendorUnauthorized, "refused"));
    save(&s, &failed, None);
    save(
        &s,
        &run_at(
            T0 + 2 * DAY,
            vec![b2, tok("c", &[READ]), tok("d", &[READ])],
            None,
        ),
        None,
    );

    let tl = s.connection_timeline("c1").unwrap().expect("runs");
    assert_eq!(
        (tl.label.as_str(), tl.vendor),
        ("MB prod", Vendor::MindBridge)
    );
    let rows: Vec<(u32, u32, u32, u32, bool)> = tl
        .entries
        .iter()
        .map(|e| (e.tokens, e.new, e.vanished, e.changed, e.error.is_some()))
        .collect();
    assert_eq!(
        rows,
        [(2, 0, 0, 0, false), (0, 0, 0, 0, true), (3, 2, 1, 1, false)],
        "the failed run is listed with its error and the next one compares with the last good one"
    );
    assert_eq!(s.connection_timeline("no-such").unwrap(), None);
}
