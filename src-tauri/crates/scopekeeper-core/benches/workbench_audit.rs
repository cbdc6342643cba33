//! The app's audit path at scale: the workbench (as the desktop app holds it) over the four
//! sandbox connections to the simulators seeded with 10,000 tokens, `run_audit_reply` (what the
//! app's `run_audit` calls) until it answers (read, judge, save to the history while the
//! page's reply is written, keep as the last report), against the engine's own `audit::run`
//! over the same desk in the same runs; the difference is what the workbench adds, with what
//! one copy of the report costs, and the page's reply written alone beside the whole report
//! written as JSON (what the app sent before the reply type), with their sizes. Then since-last
//! (what the app asks right after).
//!
//! Run with `cargo bench -p scopekeeper-core --bench workbench_audit` (or, quicker and less
//! honest, `cargo test -p scopekeeper-core --bench workbench_audit`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use scopekeeper_core::audit::{AuditReply, AuditReport, AuditSettings};
use scopekeeper_core::catalog::registry::CatalogRegistry;
use scopekeeper_core::clock::SystemClock;
use scopekeeper_core::desk::{Desk, SandboxAccess};
use scopekeeper_core::error::Error;
use scopekeeper_core::places::Places;
use scopekeeper_core::secret_store::MemorySecretStore;
use scopekeeper_core::vendor::{HttpPolicy, Vendor, VendorHttp};
use scopekeeper_core::workbench::{BoxFuture, SandboxConsole, SandboxHost, Tools, Workbench};
use scopekeeper_sim::{start, SimConfig};

#[path = "../tests/desk_support/sandbox.rs"]
mod sandbox;

const TOKENS: usize = 10_000;
const RUNS: usize = 5;

/// Points the desk at the simulators' tenants; no consoles.
struct SimHost(SandboxAccess);

impl SandboxHost for SimHost {
    fn ensure<'a>(&'a self, desk: &'a Desk) -> BoxFuture<'a, Result<(), Error>> {
        desk.set_sandbox(self.0.clone());
        Box::pin(async { Ok(()) })
    }

    fn console(&self, _: Vendor) -> BoxFuture<'_, Option<SandboxConsole>> {
        Box::pin(async { None })
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1e3)
}

#[tokio::main]
async fn main() {
    let sim = start(SimConfig {
        seed_tokens: TOKENS,
        ..SimConfig::default()
    })
    .await
    .expect("the simulator starts");
    let dir = tempfile::tempdir().unwrap();
    let places = Places::new(dir.path().join("config"), dir.path().join("data"));
    let tools = Tools {
        http: VendorHttp::new(HttpPolicy::default()),
        clock: Arc::new(SystemClock),
        secrets: Arc::new(MemorySecretStore::new()),
        actor: "bench".into(),
    };
    let wb = Workbench::open(places, tools, Arc::new(SimHost(sandbox::access(&sim))));
    wb.start_sandbox().await.unwrap();
    wb.desk()
        .add_sandbox_connections(&Vendor::ALL)
        .await
        .unwrap();
    wb.open_history();
    let (mut engine, mut app, mut since) = (Vec::new(), Vec::new(), Vec::new());
    let (mut copy, mut reply, mut whole) = (Vec::new(), Vec::new(), Vec::new());
    let (mut tokens, mut sizes) = (0, (0, 0));
    for _ in 0..RUNS {
        let registry = CatalogRegistry::builtins_only();
        let catalog_of = |v: Vendor| registry.get(v.id()).cloned();
        let t = Instant::now();
        let report = scopekeeper_core::audit::run(
            wb.desk(),
            &catalog_of,
            &AuditSettings::default(),
            &Default::default(),
            &|_, _| {},
        )
        .await;
        engine.push(t.elapsed());
        tokens = report.assessment.rows.len();
        let t = Instant::now();
        let answered = wb
            .run_audit_reply(|_| {})
            .await
            .unwrap()
            .expect("not cancelled");
        app.push(t.elapsed());
        let t = Instant::now();
        let report = wb.last_report().expect("kept as the last report");
        copy.push(t.elapsed());
        assert_eq!(report.assessment.rows.len(), tokens);
        sizes = written(&report, answered.text(), &mut reply, &mut whole);
        let t = Instant::now();
        wb.since_last_audit().await.expect("the run was saved");
        since.push(t.elapsed());
    }
    let (e, a) = (median(engine), median(app));
    println!("the app's audit over {tokens} sandbox tokens (median of {RUNS}):");
    let row = |label: &str, d: Duration| println!("  {label:<47} {}", ms(d));
    row("audit::run (read and judge):", e);
    row("Workbench::run_audit_reply (until it answers):", a);
    println!(
        "  {:<47} {} ({:.2}x the engine)",
        "what the workbench adds:",
        ms(a.saturating_sub(e)),
        a.as_secs_f64() / e.as_secs_f64()
    );
    row("one copy of the report:", median(copy));
    row("the page's reply written as JSON:", median(reply));
    row("the whole report written as JSON:", median(whole));
    println!(
        "  {:<47} {:.1} MB (the whole report {:.1} MB)",
        "the reply's size:",
        sizes.0 as f64 / 1e6,
        sizes.1 as f64 / 1e6
    );
    row("since last, right after:", median(since));
}

/// Times the page's reply and the whole report written as JSON (the reply the app answered must
/// be the one written here); their sizes.
fn written(
    report: &AuditReport,
    answered: &str,
    reply: &mut Vec<Duration>,
    whole: &mut Vec<Duration>,
) -> (usize, usize) {
    let t = Instant::now();
    let json = AuditReply::json(report);
    reply.push(t.elapsed());
    assert_eq!(json.text(), answered);
    let t = Instant::now();
    let report_json = serde_json::to_vec(&Some(report)).unwrap();
    whole.push(t.elapsed());
    (json.text().len(), report_json.len())
}
