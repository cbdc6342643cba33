//! The HTML report's overview: its numbers are the counts of the report's own rows (counted
//! here from the rows, not by asking the overview again), every drawing is an image with its
//! numbers in its label, nothing runs and nothing a vendor named breaks out of the markup.

use std::collections::HashMap;

use super::super::tests::DAY;
use super::tests::{report, FORMULA_OWNER};
use super::*;
use crate::audit::AuditRow;

/// The bands in the order the tables print them: riskiest first.
const RISKIEST_FIRST: [&str; 5] = ["critical", "high", "medium", "low", "none"];
const HOSTILE_LABEL: &str = "\"><script>alert(1)</script>\u{1b}[2J\u{0}";
const HOSTILE_OWNER: &str = "O'Brien\" onmouseover=\"x";

fn overview(page: &str) -> &str {
    let start = page.find("<section id=\"overview\">").expect("an overview");
    &page[start..start + page[start..].find("</section>").unwrap()]
}

/// Tokens per band (riskiest first) of the rows `pick` keeps, as the tables print them,
/// followed by their total.
fn cells<'a>(rows: impl Iterator<Item = &'a AuditRow>) -> String {
    let mut n = [0usize; 5];
    for r in rows {
        n[RISKIEST_FIRST.iter().position(|b| *b == r.band).unwrap()] += 1;
    }
    let mut out: String = n
        .iter()
        .map(|k| format!("<td class=\"num\">{k}</td>"))
        .collect();
    out.push_str(&format!(
        "<td class=\"num\">{}</td>",
        n.iter().sum::<usize>()
    ));
    out
}

fn with_hostile_names() -> AuditReport {
    let mut r = report();
    r.outcomes[0].label = HOSTILE_LABEL.into();
    r.assessment.rows[0].token.owner = Some(HOSTILE_OWNER.into());
    r
}

#[test]
fn the_overview_opens_the_report_and_counts_tokens_per_band_per_connection() {
    let r = report();
    let page = html(&r);
    let ov = overview(&page);
    assert!(page.find("id=\"overview\"").unwrap() < page.find("<h2>Connections</h2>").unwrap());
    let rows = &r.assessment.rows;
    let all = cells(rows.iter());
    assert!(
        ov.contains(&format!("All connections</th>{all}</tr>")),
        "{all}"
    );
    let bands: Vec<&str> = rows.iter().map(|x| x.band.as_str()).collect();
    assert!(
        RISKIEST_FIRST.iter().filter(|b| bands.contains(b)).count() >= 2,
        "the fixture spans bands: {bands:?}"
    );
    for o in &r.outcomes {
        let mine = rows
            .iter()
            .filter(|x| x.token.connection_id == o.connection_id);
        let line = format!(
            "{}</a> <span class=\"meta\">({})</span></th>{}</tr>",
            esc(&o.label),
            esc(o.vendor.name()),
            cells(mine)
        );
        assert!(ov.contains(&line), "{line}");
    }
    // The drawing's label carries the same numbers.
    let n = |band: &str, conn: &str| {
        rows.iter()
            .filter(|x| x.band == band && x.token.connection_id == conn)
            .count()
    };
    let c1 = rows
        .iter()
        .filter(|x| x.token.connection_id == "c1")
        .count();
    let words = format!(
        "Tenant &lt;A&gt;: {c1} tokens ({} critical, {} high, {} medium, {} low, {} none)",
        n("critical", "c1"),
        n("high", "c1"),
        n("medium", "c1"),
        n("low", "c1"),
        n("none", "c1")
    );
    assert!(ov.contains(&words), "{words}");
    assert!(!ov.contains("trend"), "a report is one run");
    for tag in ["div", "table", "tr", "svg", "g", "a"] {
        assert_eq!(
            ov.matches(&format!("<{tag} ")).count() + ov.matches(&format!("<{tag}>")).count(),
            ov.matches(&format!("</{tag}>")).count(),
            "every <{tag}> is closed"
        );
    }
}

#[test]
fn the_expiry_table_counts_expired_each_week_later_and_never_from_the_report_instant() {
    let r = report();
    let page = html(&r);
    let ov = overview(&page);
    let now = r.generated_ms;
    let (mut expired, mut weeks, mut later, mut never) = (0, [0; 13], 0, 0);
    for row in &r.assessment.rows {
        match row.token.expires_ms {
            None => never += 1,
            Some(at) if at <= now => expired += 1,
            Some(at) if at - now < 13 * 7 * DAY => weeks[((at - now) / (7 * DAY)) as usize] += 1,
            Some(_) => later += 1,
        }
    }
    assert_eq!(
        (weeks[0], weeks[6], never),
        (1, 2, 1),
        "the fixture's expiries"
    );
    let minute = super::utc_minute;
    assert!(ov.contains(&format!(
        "Expired</th><td></td><td>{}</td><td class=\"num\">{expired}</td>",
        minute(now)
    )));
    for (i, n) in weeks.iter().enumerate() {
        let from = now + i as i64 * 7 * DAY;
        let line = format!(
            "Week {}</th><td>{}</td><td>{}</td><td class=\"num\">{n}</td>",
            i + 1,
            minute(from),
            minute(from + 7 * DAY)
        );
        assert!(ov.contains(&line), "{line}");
    }
    assert!(ov.contains(&format!(
        "Later</th><td>{}</td><td></td><td class=\"num\">{later}</td>",
        minute(now + 13 * 7 * DAY)
    )));
    assert!(ov.contains(&format!("no expiry</td><td class=\"num\">{never}</td>")));
    assert!(
        ov.contains(&format!("Never: {never}")),
        "in the drawing's label"
    );
    assert!(minute(now).ends_with(" UTC"), "the zone is stated");
}

#[test]
fn the_heat_table_counts_write_delete_and_admin_per_connection_and_group() {
    let r = report();
    let page = html(&r);
    let ov = overview(&page);
    let mut nonzero = 0;
    for b in &r.assessment.blocks {
        for o in r.outcomes.iter().filter(|o| o.vendor == b.vendor) {
            let mine: Vec<&AuditRow> = r
                .assessment
                .rows
                .iter()
                .filter(|x| x.token.connection_id == o.connection_id)
                .collect();
            if mine.is_empty() {
                continue;
            }
            let mut tds = String::new();
            for g in 0..b.groups.len() {
                let held: Vec<String> = ['W', 'D', 'A']
                    .iter()
                    .filter_map(|&l| {
                        let n = mine
                            .iter()
                            .filter(|x| x.access.chars().nth(g) == Some(l))
                            .count();
                        (n > 0).then(|| format!("{l} {n}"))
                    })
                    .collect();
                nonzero += held.len();
                let text = if held.is_empty() {
                    "none".to_owned()
                } else {
                    held.join(" · ")
                };
                tds.push_str(&format!("<td>{text}</td>"));
            }
            let line = format!("{}</a></th>{tds}</tr>", esc(&o.label));
            assert!(ov.contains(&line), "{line}");
        }
        assert!(ov.contains(&format!("href=\"#matrix-{}\"", b.vendor.id())));
    }
    assert!(
        nonzero >= 2,
        "the fixture holds write, delete or admin somewhere"
    );
    assert!(ov.contains(">A</text>"), "the admin letter drawn large");
}

#[test]
fn the_riskiest_tokens_lead_to_their_findings_with_the_weightiest_finding_and_fix() {
    let r = report();
    let page = html(&r);
    let ov = overview(&page);
    let rows = &r.assessment.rows;
    let scored = rows.iter().filter(|x| x.score > 0).count();
    let table = &ov[ov.find("<table class=\"numbers top\">").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    assert_eq!(table.matches("<tr>").count() - 1, scored.min(10));
    let max = rows.iter().map(|x| x.score).max().unwrap();
    let first = &table[table.find("<tbody>").unwrap()..];
    let first = &first[..first.find("</tr>").unwrap()];
    assert!(first.contains(&format!("<td class=\"num\">{max}</td>")));
    let best = (0..rows.len())
        .find(|&i| {
            rows[i].score == max
                && first.contains(&format!(
                    "<a href=\"#findings-{i}\">{}</a>",
                    esc(&rows[i].token.name)
                ))
        })
        .expect("the first is a token of the highest score, linked to its findings");
    assert!(page.contains(&format!("<article id=\"findings-{best}\">")));
    let heaviest = rows[best].findings.iter().map(|f| f.points).max().unwrap();
    assert!(
        rows[best].findings.iter().any(|f| f.points == heaviest
            && first.contains(&format!(
                "<td>{}</td><td>{}</td>",
                esc(&f.title),
                esc(&f.fix)
            ))),
        "{first}"
    );
}

#[test]
fn owners_are_counted_from_the_rows_the_first_ten_named_the_rest_one_line() {
    // Twelve more owners, each with a copy of a row.
    let mut r = report();
    let copies: Vec<AuditRow> = (0..12)
        .map(|k| {
            let mut x = r.assessment.rows[k % r.assessment.rows.len()].clone();
            x.token.owner = Some(format!("owner-{k:02}"));
            x
        })
        .collect();
    r.assessment.rows.extend(copies);
    let page = html(&r);
    let ov = overview(&page);
    let table = &ov[ov.rfind("<table class=\"numbers\">").unwrap()..];
    let mut owners: HashMap<Option<&str>, Vec<&AuditRow>> = HashMap::new();
    for x in &r.assessment.rows {
        owners.entry(x.token.owner.as_deref()).or_default().push(x);
    }
    assert_eq!(owners.len(), 14);
    let mut named = 0;
    for (owner, mine) in &owners {
        let name = esc(owner.unwrap_or("No owner recorded"));
        let top = mine.iter().map(|x| x.score).max().unwrap();
        let line = format!(
            "{name}</a></th>{}<td class=\"num\">{top}</td>",
            cells(mine.iter().copied())
        );
        named += usize::from(table.contains(&line));
    }
    assert_eq!(named, 10, "ten owners named, each with its counts");
    let more = &table[table
        .find("<tr class=\"more\">")
        .expect("the rest on one line")..];
    assert!(more.contains(">4 more owners</th>"));
    let totals: usize = table
        .split("</tr>")
        .filter_map(|tr| tr.rsplit("<td class=\"num\">").nth(1))
        .map(|td| td[..td.find('<').unwrap()].parse::<usize>().unwrap())
        .sum();
    assert_eq!(
        totals,
        r.assessment.rows.len(),
        "every token under one owner line"
    );
    let few = html(&report());
    assert!(overview(&few).contains(&format!("{}</a></th>", esc(FORMULA_OWNER))));
    assert!(
        !few.contains("<tr class=\"more\">"),
        "three owners: no rest"
    );
}

#[test]
fn hostile_labels_and_owners_stay_text_in_the_drawings_and_tables() {
    let r = with_hostile_names();
    let page = html(&r);
    let ov = overview(&page);
    assert!(!page.to_ascii_lowercase().contains("<script"));
    assert!(
        !page.contains('\u{1b}') && !page.contains('\u{0}'),
        "no control character"
    );
    let label = "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\u{FFFD}[2J\u{FFFD}";
    let owner = "O&#39;Brien&quot; onmouseover=&quot;x";
    assert!(ov.matches(label).count() >= 4, "in the drawings and tables");
    assert!(
        ov.matches(owner).count() >= 3,
        "in the drawing, its label and the table"
    );
    assert!(!page.contains("onmouseover=\""));
    // A name that would reorder the row around it is shown with the mark in its place.
    let mut bidi = report();
    bidi.outcomes[1].label = "prod\u{202E}nimda\u{2066}".into();
    let page = html(&bidi);
    assert!(!page.contains('\u{202E}') && !page.contains('\u{2066}'));
    assert!(overview(&page).contains("prod\u{FFFD}nimda\u{FFFD}"));
    let drawings: Vec<&str> = ov.split("<svg ").skip(1).collect();
    assert!(
        drawings.len() >= 4,
        "connections, expiry, heat per vendor, owners"
    );
    for d in drawings {
        assert!(d.contains("</svg>"));
        assert!(d.starts_with("xmlns=\"http://www.w3.org/2000/svg\" class=\"chart "));
        let aria = &d[d.find("aria-label=\"").unwrap() + 12..];
        let aria = &aria[..aria.find('"').unwrap()];
        assert!(
            d[d.find(aria).unwrap() + aria.len()..].starts_with("\"><title>"),
            "the label ends where it should: {aria}"
        );
        assert!(!aria.contains('<') && aria.chars().any(|c| c.is_ascii_digit()));
        assert!(d.contains("role=\"img\""));
        assert!(
            !d[..d.find("</svg>").unwrap()].contains("<a "),
            "nothing to focus inside an image"
        );
    }
}

#[test]
fn every_link_is_inside_the_page_and_finds_its_target() {
    let page = html(&with_hostile_names());
    let links: Vec<&str> = page.split("href=\"").skip(1).collect();
    assert!(links.len() > 5);
    for l in links {
        let target = &l[..l.find('"').unwrap()];
        let id = target
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("{target} leaves the page"));
        assert!(page.contains(&format!("id=\"{id}\"")), "{id}");
    }
}
