//! The audit screen with 10,000 tokens in the real WebKitGTK webview (the in-app sandbox seeded
//! through `SCOPEKEEPER_SANDBOX_SEED_TOKENS`), run by `make bench-ui`. It prints:
//!
//! - the audit run from the click to the data in the page (inventory, findings, IPC);
//! - first paint: from the data arriving to the matrix painted (goal <= 500 ms);
//! - a scroll step: script time from the scroll to the new rows in the DOM (goal <= 16 ms),
//!   and until painted;
//! - a chip filter: script time from the click to the filtered rows in the DOM (goal <= 16 ms).

use std::time::Duration;

use scopekeeper_e2e::{Harness, Options};

const TOKENS: &str = "10000";

#[tokio::main]
async fn main() {
    let app = Harness::start(Options {
        env: vec![("SCOPEKEEPER_SANDBOX_SEED_TOKENS".into(), TOKENS.into())],
        ..Options::default()
    })
    .await;
    app.click("[data-testid=nav-connections]").await;
    app.wait_for("[data-testid=sandbox-add]", Duration::from_secs(20))
        .await;
    app.click("[data-testid=sandbox-add]").await;
    app.wait_for(
        "[data-testid=connection-mindbridge-sandbox]",
        Duration::from_secs(30),
    )
    .await;
    app.click("[data-testid=nav-audit]").await;
    app.wait_for("[data-testid=audit-run]", Duration::from_secs(10))
        .await;
    let m = app
        .client()
        .execute_async(SCRIPT, vec![])
        .await
        .expect("measure the audit screen");
    let list = |k: &str| -> Vec<f64> {
        m[k].as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect()
    };
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let worst = |v: &[f64]| v.iter().copied().fold(0.0, f64::max);
    let (scroll, scroll_painted, chip) = (list("scroll"), list("scrollPainted"), list("chip"));
    println!("audit screen, {} tokens in the webview:", m["rows"]);
    println!(
        "  run (click to data in the page): {:.0} ms",
        m["run"].as_f64().unwrap()
    );
    println!(
        "  first paint after the data arrives: {:.0} ms (goal <= 500 ms)",
        m["firstPaint"].as_f64().unwrap()
    );
    println!(
        "  scroll step, script: median {:.1} ms, worst {:.1} ms (goal <= 16 ms); painted: median {:.1} ms",
        median(scroll.clone()),
        worst(&scroll),
        median(scroll_painted.clone()),
    );
    let floor = m["floor"].as_f64().unwrap();
    println!(
        "  this display's floor: an idle frame {:.1} ms; the same scroll step in a plain list of 10,000 text lines painted in {floor:.1} ms, so the matrix paints in {:.2}x of it",
        m["idle"].as_f64().unwrap(),
        median(scroll_painted) / floor.max(0.1)
    );
    println!(
        "  chip filter, script: median {:.1} ms, worst {:.1} ms (goal <= 16 ms)",
        median(chip.clone()),
        worst(&chip)
    );
    app.stop().await;
}

const SCRIPT: &str = r#"
const done = arguments[arguments.length - 1];
const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
const micro = () => new Promise((r) => setTimeout(r, 0));
(async () => {
  const idle = [];
  for (let i = 0; i < 10; i++) { const t = performance.now(); await frame(); idle.push(performance.now() - t); }
  idle.sort((a, b) => a - b);
  const t0 = performance.now();
  document.querySelector('[data-testid=audit-run]').click();
  while (!performance.getEntriesByName('scopekeeper:audit-data').length) await micro();
  const data = performance.getEntriesByName('scopekeeper:audit-data')[0].startTime;
  while (!document.querySelector('[data-testid=audit-row]')) await micro();
  await frame();
  const firstPaint = performance.now() - data;
  const run = data - t0;
  const rows = document.querySelector('[data-testid=audit-showing]').textContent.match(/of (\d+)/)[1];

  const scroller = document.querySelector('[data-testid=audit-matrix]');
  const firstRow = () => document.querySelector('[data-testid=audit-row]')?.getAttribute('aria-rowindex');
  const scroll = [], scrollPainted = [];
  for (let i = 0; i < 40; i++) {
    const before = firstRow();
    void scroller.scrollTop;
    const s = performance.now();
    scroller.scrollTop += 34 * 25;
    scroller.dispatchEvent(new Event('scroll'));
    // Microtasks only, so no frame is rendered in between: this is the script's own time.
    for (let k = 0; k < 100000 && firstRow() === before; k++) await Promise.resolve();
    scroll.push(performance.now() - s);
    await frame();
    scrollPainted.push(performance.now() - s);
  }
  // The floor: the same scroll step in a plain scrolling list of 10,000 lines of text, the same
  // size and place as the matrix.
  const plain = document.createElement('div');
  const box = scroller.getBoundingClientRect();
  plain.style.cssText = `position:fixed;left:${box.left}px;top:${box.top}px;width:${box.width}px;height:${box.height}px;overflow:auto;background:#fff;z-index:50`;
  plain.innerHTML = Array.from({ length: 10000 }, (_, i) => `<div style="height:34px">line ${i} of plain text</div>`).join('');
  document.body.appendChild(plain);
  await frame();
  const floor = [];
  for (let i = 0; i < 20; i++) {
    const s = performance.now();
    plain.scrollTop += 34 * 25;
    await frame();
    floor.push(performance.now() - s);
  }
  plain.remove();
  floor.sort((a, b) => a - b);
  const chip = [];
  const showing = () => document.querySelector('[data-testid=audit-showing]').textContent;
  for (let i = 0; i < 6; i++) {
    const before = showing();
    const s = performance.now();
    document.querySelector('[data-testid=chip-no_expiry]').click();
    for (let k = 0; k < 100000 && showing() === before; k++) await Promise.resolve();
    chip.push(performance.now() - s);
    await frame();
  }
  done({ floor: floor[10], run, firstPaint, rows: Number(rows), scroll, scrollPainted, chip, idle: idle[5] });
})();
"#;
