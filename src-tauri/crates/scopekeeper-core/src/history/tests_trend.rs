//! The trend: the newest runs oldest first, each with its tokens per band (as the run's own
//! rows have them) and what came, went and widened since the run before it.

use super::tests::{run_at, save, store, tok, DAY, T0};
use crate::audit::overview::band_index;

const READ: &str = "api.engagements.read";
const WRITE: &str = "api.engagements.write";

#[test]
fn each_run_has_its_bands_and_what_changed_since_the_one_before() {
    let (_dir, s) = store();
    assert!(s.trend(12).unwrap().is_empty(), "no run, no trend");
    let r1 = run_at(T0, vec![tok("a", &[READ]), tok("b", &[READ])], None);
    let mut never = tok("c", &[READ, WRITE]);
    never.expires_ms = None;
    let r2 = run_at(T0 + DAY, vec![tok("a", &[READ, WRITE]), never], None);
    let r3 = run_at(T0 + 2 * DAY, vec![tok("a", &[READ, WRITE])], None);
    for r in [&r1, &r2, &r3] {
        save(&s, r, None);
    }
    let t = s.trend(12).unwrap();
    assert_eq!(t.len(), 3);
    assert!(
        t.windows(2).all(|w| w[0].at_ms < w[1].at_ms),
        "oldest first"
    );
    for (point, report) in t.iter().zip([&r1, &r2, &r3]) {
        let mut want = [0u32; 5];
        for row in &report.assessment.rows {
            want[band_index(&row.band)] += 1;
        }
        assert_eq!(point.bands, want, "run at {}", point.at);
        assert_eq!(point.tokens as usize, report.assessment.rows.len());
        assert!(point.damaged.is_none());
    }
    assert!(
        t[0].changes.is_none(),
        "the first run compares with nothing"
    );
    let c2 = t[1].changes.as_ref().unwrap();
    assert_eq!((c2.new, c2.vanished, c2.widened), (1, 1, 1));
    let c3 = t[2].changes.as_ref().unwrap();
    assert_eq!((c3.new, c3.vanished, c3.widened), (0, 1, 0));

    // Only the newest `limit`, still oldest first.
    let two = s.trend(2).unwrap();
    assert_eq!(
        two.iter().map(|p| p.id).collect::<Vec<_>>(),
        [t[1].id, t[2].id]
    );
}
