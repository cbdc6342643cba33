//! Prints where Scopekeeper's start-up time goes inside the page (navigation timing and the
//! moment the vendor list appeared), to guide work on time to interactive.

use scopekeeper_e2e::{Harness, Options};

#[tokio::main]
async fn main() {
    let app = Harness::start(Options {
        ready_css: "[data-testid=vendor-list] li[data-testid^=vendor-]",
        ..Options::default()
    })
    .await;
    let t = app
        .client()
        .execute(
            "const n = performance.getEntriesByType('navigation')[0];\n\
             const r = performance.getEntriesByType('resource').map(e => [e.name, Math.round(e.startTime), Math.round(e.duration)]);\n\
             return {marks: performance.getEntriesByType('mark').map(m => [m.name, Math.round(m.startTime)]), responseEnd: n.responseEnd, domInteractive: n.domInteractive, dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd, now: performance.now(), resources: r};",
            vec![],
        )
        .await
        .unwrap();
    println!("harness startup {:?}", app.startup());
    println!("{}", serde_json::to_string_pretty(&t).unwrap());
    app.stop().await;
}
