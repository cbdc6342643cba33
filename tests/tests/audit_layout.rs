//! The matrix owns the window: with the sandbox seeded with 10,000 tokens, the tokens section
//! scrolled into view and the admin's focus in the matrix, the filters fold into one line and
//! at least 14 token rows are fully visible at 1280×800, 10 at 1024×700 (the window resized
//! through WebDriver). Grouping by owner and by scope, and sorting by expiry, put the first rows
//! in that order (read from the rows' data attributes). Screenshots of each state, light and
//! dark, at 1024×700.

mod support;

use std::time::{Duration, Instant};

use scopekeeper_e2e::{Harness, KeyringMode, Options};
use serde::Deserialize;
use support::*;

/// Seeding, listing and judging 10,000 tokens in a debug build takes a while.
const AUDIT: Duration = Duration::from_secs(180);

#[derive(Debug, Deserialize)]
struct Shown {
    /// Token rows entirely inside the window and below the matrix's sticky header.
    rows: usize,
    inner: (f64, f64),
    folded: bool,
}

/// What an admin sees of the matrix now: the token rows wholly visible.
async fn shown(app: &Harness) -> Shown {
    let v = app
        .client()
        .execute(
            r#"const scroller = document.querySelector('[data-testid=audit-matrix]');
            const box = scroller.getBoundingClientRect();
            const head = scroller.querySelector('thead').getBoundingClientRect();
            const top = Math.max(0, head.bottom, box.top);
            const bottom = Math.min(window.innerHeight, box.top + scroller.clientHeight);
            const rows = [...scroller.querySelectorAll('[data-testid=audit-row]')].filter((r) => {
              const b = r.getBoundingClientRect();
              return b.height > 0 && b.top >= top - 0.5 && b.bottom <= bottom + 0.5;
            }).length;
            const folded = document.querySelector('[data-testid=audit-filters]').hidden;
            return { rows, inner: [window.innerWidth, window.innerHeight], folded };"#,
            vec![],
        )
        .await
        .expect("measure the matrix");
    serde_json::from_value(v).expect("the matrix's measures")
}

/// Scrolls the tokens section into view, as an admin scrolls down to it, and clicks into the
/// matrix (its header, which moves nothing): the filters fold.
async fn into_the_matrix(app: &Harness) {
    app.client()
        .execute(
            "document.getElementById('audit-tokens').scrollIntoView({ block: 'start' });",
            vec![],
        )
        .await
        .expect("scroll to the tokens");
    app.click("[data-testid=audit-matrix] thead th.sticky-col")
        .await;
    let start = Instant::now();
    while !shown(app).await.folded {
        assert!(
            start.elapsed() < LONG,
            "the filters did not fold with the focus in the matrix"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Folding made the matrix taller: once it has laid out the rows that shows (the same
    // count twice, 200 ms apart), the section is brought into view again.
    let mut last = usize::MAX;
    loop {
        tokio::time::sleep(Duration::from_millis(200)).await;
        app.client()
            .execute(
                "document.getElementById('audit-tokens').scrollIntoView({ block: 'start' });",
                vec![],
            )
            .await
            .expect("scroll to the tokens");
        let now = shown(app).await.rows;
        if now == last || start.elapsed() > LONG {
            break;
        }
        last = now;
    }
}

/// The rows as the matrix lists them: each group header (`by`, label) and the token rows'
/// attributes, in order, from the top of the list.
async fn first_items(app: &Harness) -> Vec<serde_json::Value> {
    let v = app
        .client()
        .execute(
            r#"return [...document.querySelectorAll('[data-testid=audit-matrix] tbody tr:not(.spacer)')].slice(0, 40).map((tr) =>
                tr.dataset.testid === 'audit-group-row'
                  ? { head: tr.dataset.label, by: tr.dataset.by }
                  : tr.dataset.testid === 'audit-row'
                    ? { score: Number(tr.dataset.score), expires: tr.dataset.expires, owner: tr.dataset.owner }
                    : { vendor: tr.textContent.trim() });"#,
            vec![],
        )
        .await
        .expect("read the rows");
    v.as_array().expect("a list").clone()
}

/// The token rows under the first group header of kind `by`, up to the next header.
fn first_group(items: &[serde_json::Value], by: &str) -> (String, Vec<serde_json::Value>) {
    let at = items
        .iter()
        .position(|i| i["by"] == by)
        .unwrap_or_else(|| panic!("no group by {by} among the first rows: {items:?}"));
    let rows: Vec<_> = items[at + 1..]
        .iter()
        .take_while(|i| i.get("score").is_some())
        .cloned()
        .collect();
    assert!(rows.len() >= 2, "the first {by} group: {items:?}");
    (items[at]["head"].as_str().unwrap().to_owned(), rows)
}

/// Picks a grouping or an order in the tokens header (unfolding the filters first when folded),
/// and waits until the matrix's first header says it.
async fn choose(app: &Harness, select: &str, value: &str, by: &str) {
    if shown(app).await.folded {
        app.click("[data-testid=audit-filters-toggle]").await;
    }
    app.select(&format!("[data-testid={select}]"), value).await;
    let start = Instant::now();
    while !first_items(app).await.iter().any(|i| i["by"] == by) {
        assert!(start.elapsed() < LONG, "the matrix never grouped by {by}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // The select's native menu may still be closing (a screenshot taken meanwhile can fail).
    tokio::time::sleep(Duration::from_millis(500)).await;
}

/// Expiry order: the never-expiring first ("never"), then soonest.
fn assert_expiry_order(rows: &[serde_json::Value], what: &str) {
    let exp: Vec<Option<f64>> = rows
        .iter()
        .map(|r| r["expires"].as_str().unwrap().parse::<f64>().ok())
        .collect();
    let never = exp.iter().take_while(|e| e.is_none()).count();
    let dated: Vec<f64> = exp[never..]
        .iter()
        .map(|e| {
            e.unwrap_or_else(|| {
                panic!("{what}: a never-expiring token after a dated one: {rows:?}")
            })
        })
        .collect();
    assert!(
        dated.windows(2).all(|w| w[0] <= w[1]),
        "{what}: not soonest first: {rows:?}"
    );
}

async fn the_matrix_owns_the_window(dark: bool) {
    let theme = if dark { "dark" } else { "light" };
    let app = Harness::start(Options {
        keyring: KeyringMode::Unlocked,
        dark,
        env: vec![("SCOPEKEEPER_SANDBOX_SEED_TOKENS".into(), "10000".into())],
        ..Options::default()
    })
    .await;
    add_sandbox(&app, "mindbridge").await;
    app.click("[data-testid=nav-audit]").await;
    app.click("[data-testid=audit-run]").await;
    app.wait_for("[data-testid=audit-row]", AUDIT).await;
    let showing = app.text_of("[data-testid=audit-showing]").await;
    assert!(seeded_count(&showing, " of ") >= 9_900, "{showing}");

    into_the_matrix(&app).await;
    let big = shown(&app).await;
    assert_eq!(big.inner, (1280.0, 800.0), "the window's inner size");
    assert!(
        big.rows >= 14,
        "{} token rows visible at 1280×800",
        big.rows
    );
    let line = app.text_of("[data-testid=audit-showing]").await;
    assert!(
        line.starts_with("Showing ") && seeded_count(&line, "Showing ") >= 9_900,
        "the folded line: {line}"
    );
    app.screenshot(&format!("90-audit-matrix-1280x800-{theme}"))
        .await;

    app.client()
        .set_window_size(1024, 700)
        .await
        .expect("resize the window through WebDriver");
    into_the_matrix(&app).await;
    let small = shown(&app).await;
    app.screenshot(&format!("91-audit-matrix-1024x700-{theme}"))
        .await;
    assert_eq!(small.inner, (1024.0, 700.0), "the window's inner size");
    assert!(
        small.rows >= 10,
        "{} token rows visible at 1024×700",
        small.rows
    );
    eprintln!(
        "{theme}: {} token rows visible at 1280×800, {} at 1024×700",
        big.rows, small.rows
    );

    groupings_and_order(&app, theme).await;
    app.stop().await;
}

/// By owner, then sorted by expiry, then by scope: the first group's rows in that order.
async fn groupings_and_order(app: &Harness, theme: &str) {
    // By owner: the first owner's rows all carry that owner, riskiest first.
    choose(app, "audit-group", "owner", "owner").await;
    app.screenshot(&format!("92-audit-by-owner-1024x700-{theme}"))
        .await;
    let (owner, rows) = first_group(&first_items(app).await, "owner");
    for r in &rows {
        assert_eq!(r["owner"], owner.as_str(), "{rows:?}");
    }
    let scores: Vec<f64> = rows.iter().map(|r| r["score"].as_f64().unwrap()).collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "not riskiest first: {scores:?}"
    );

    // Sorted by expiry within each owner, then grouped by scope (the order kept).
    choose(app, "audit-sort", "expiry", "owner").await;
    let (_, rows) = first_group(&first_items(app).await, "owner");
    assert_expiry_order(&rows, "by owner");
    choose(app, "audit-group", "scope", "scope").await;
    into_the_matrix(app).await;
    let line = app.text_of("[data-testid=audit-showing]").await;
    assert!(
        line.contains("grouped by scope held directly") && line.contains("sorted by expiry"),
        "the folded line names the grouping and the order: {line}"
    );
    app.screenshot(&format!("93-audit-by-scope-expiry-folded-1024x700-{theme}"))
        .await;
    let (_, rows) = first_group(&first_items(app).await, "scope");
    assert_expiry_order(&rows, "by scope");
    app.click("[data-testid=audit-filters-toggle]").await;
    app.screenshot(&format!("94-audit-filters-unfolded-1024x700-{theme}"))
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_matrix_owns_the_window_light() {
    the_matrix_owns_the_window(false).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_matrix_owns_the_window_dark() {
    the_matrix_owns_the_window(true).await;
}

/// The count after `after` in the "Showing N of M tokens" line: 10,000 seeded, less GitLab's
/// revoked ones (history, not inventory), plus each tenant's own.
fn seeded_count(line: &str, after: &str) -> usize {
    line.split(after)
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .map(|n| n.replace(',', ""))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}
