//! The overview of the reports' small run, and of rows bent to each edge: every count is of
//! tokens, each token lands in exactly one band, one expiry bar and one heat cell per group.

use super::super::report::tests::report;
use super::super::tests::DAY;
use super::*;

#[test]
fn bands_count_tokens_not_findings_per_connection_and_in_all() {
    let r = report();
    let o = Overview::of(&r);
    let rows = &r.assessment.rows;
    assert_eq!(o.tokens as usize, rows.len());
    assert_eq!(o.bands.iter().sum::<u32>() as usize, rows.len());
    let findings: usize = rows.iter().map(|r| r.findings.len()).sum();
    assert!(
        findings > rows.len(),
        "the fixture has more findings than tokens"
    );
    for (i, name) in BANDS.iter().enumerate() {
        let want = rows.iter().filter(|r| r.band == *name).count() as u32;
        assert_eq!(o.bands[i], want, "band {name}");
    }
    // Every outcome is a bar, in the report's order, the unreadable one empty.
    let ids: Vec<&str> = o
        .connections
        .iter()
        .map(|c| c.connection_id.as_str())
        .collect();
    assert_eq!(ids, ["c1", "c2", "c3"]);
    assert_eq!(o.connections[0].label, "Tenant <A>");
    for c in &o.connections {
        let want = rows
            .iter()
            .filter(|r| r.token.connection_id == c.connection_id)
            .count();
        assert_eq!(
            c.bands.iter().sum::<u32>() as usize,
            want,
            "{}",
            c.connection_id
        );
    }
    assert_eq!(o.connections[2].bands, [0; 5]);
}

#[test]
fn expiry_counts_each_token_once_expired_by_week_later_and_never() {
    let mut r = report();
    let now = r.generated_ms;
    let at = [
        Some(now - 1),                      // expired
        Some(now),                          // expired: the instant itself is past
        Some(now + 1),                      // week 0
        Some(now + WEEK_MS - 1),            // week 0
        Some(now + WEEK_MS),                // week 1
        Some(now + 90 * DAY),               // week 12
        Some(now + WEEKS as i64 * WEEK_MS), // later
        Some(i64::MAX),                     // later, without overflow
        None,                               // never
    ];
    let template = r.assessment.rows[0].clone();
    r.assessment.rows = at
        .iter()
        .map(|e| {
            let mut row = template.clone();
            row.token.expires_ms = *e;
            row
        })
        .collect();
    let e = Overview::of(&r).expiry;
    assert_eq!(e.expired, 2);
    assert_eq!(e.weeks.len(), WEEKS);
    assert_eq!((e.weeks[0], e.weeks[1], e.weeks[12]), (2, 1, 1));
    assert_eq!(e.weeks.iter().sum::<u32>(), 4);
    assert_eq!((e.later, e.never), (2, 1));
}

#[test]
fn heat_counts_tokens_under_their_highest_access_per_group_per_connection() {
    let mut r = report();
    // Two tokens of connection c1 bent to known letters.
    let width = r.assessment.blocks[0].groups.len();
    assert!(width >= 3, "MindBridge has several groups");
    let mb: Vec<usize> = (0..r.assessment.rows.len())
        .filter(|&i| r.assessment.rows[i].token.vendor == Vendor::MindBridge)
        .collect();
    for (k, &i) in mb.iter().enumerate() {
        let mut letters = vec![b'-'; width];
        letters[0] = [b'W', b'D', b'A'][k % 3];
        letters[1] = b'R';
        letters[2] = b'W';
        r.assessment.rows[i].access = String::from_utf8(letters).unwrap();
    }
    let o = Overview::of(&r);
    let block = o
        .heat
        .iter()
        .find(|b| b.vendor == Vendor::MindBridge)
        .unwrap();
    assert_eq!(block.groups.len(), width);
    assert_eq!(
        block.rows.len(),
        1,
        "one connection of MindBridge holds tokens"
    );
    let row = &block.rows[0];
    assert_eq!(row.label, "Tenant <A>");
    let n = mb.len() as u32;
    let per = |k: usize| mb.iter().enumerate().filter(|(j, _)| j % 3 == k).count() as u32;
    assert_eq!(row.cells[0], [per(0), per(1), per(2)]);
    assert_eq!(row.cells[1], [0, 0, 0], "read is not counted");
    assert_eq!(row.cells[2], [n, 0, 0]);
    // Cortex's connection is its own block.
    assert!(o
        .heat
        .iter()
        .any(|b| b.vendor == Vendor::Cortex && b.rows[0].connection_id == "c2"));
}

#[test]
fn the_riskiest_ten_come_first_with_their_weightiest_finding_and_its_fix() {
    let mut r = report();
    let template = r.assessment.rows[0].clone();
    let mut rows = Vec::new();
    for i in 0..14u8 {
        let mut row = template.clone();
        row.token.id = format!("t{i}");
        row.token.name = format!("token {i:02}");
        row.score = i * 7; // 0 (not risky at all) … 91
        rows.push(row);
    }
    r.assessment.rows = rows;
    let o = Overview::of(&r);
    assert_eq!(o.top.len(), TOP);
    let scores: Vec<u8> = o.top.iter().map(|t| t.score).collect();
    assert_eq!(scores, [91, 84, 77, 70, 63, 56, 49, 42, 35, 28]);
    let first = &o.top[0];
    assert_eq!(first.row, 13);
    assert_eq!(r.assessment.rows[first.row as usize].token.id, first.id);
    let worst = template.findings.iter().map(|f| f.points).max().unwrap();
    let rule_id = first.rule.unwrap();
    assert_eq!(rule(rule_id).points, worst);
    assert_eq!(first.fix.as_deref(), Some(rule(rule_id).fix));

    // A run of well-kept tokens has no riskiest list.
    for row in r.assessment.rows.iter_mut() {
        row.score = 0;
    }
    assert!(Overview::of(&r).top.is_empty());
}

#[test]
fn owners_are_ranked_by_their_worst_tokens_and_the_unowned_are_one_entry() {
    let mut r = report();
    let template = r.assessment.rows[0].clone();
    let mk = |owner: Option<&str>, band: &str, score: u8| {
        let mut row = template.clone();
        row.token.owner = owner.map(str::to_owned);
        row.band = band.into();
        row.score = score;
        row
    };
    r.assessment.rows = vec![
        mk(Some("bob"), "high", 60),
        mk(Some("bob"), "high", 55),
        mk(Some("bob"), "low", 5),
        mk(Some("carol"), "critical", 80),
        mk(None, "medium", 30),
        mk(None, "medium", 30),
        mk(Some("dave"), "high", 70),
    ];
    let o = Overview::of(&r);
    let names: Vec<Option<&str>> = o.owners.iter().map(|o| o.owner.as_deref()).collect();
    assert_eq!(names, [Some("carol"), Some("bob"), Some("dave"), None]);
    assert_eq!(o.owners[1].bands, [0, 1, 0, 2, 0]);
    assert_eq!(o.owners[1].top_score, 60);
    assert_eq!(o.owners[3].bands, [0, 0, 2, 0, 0]);
}

#[test]
fn a_band_name_the_overview_does_not_know_counts_as_critical() {
    assert_eq!(band_index("none"), 0);
    assert_eq!(band_index("critical"), 4);
    assert_eq!(band_index("surprising"), 4);
}
