//! The audit at scale, over loopback HTTP to the simulators seeded with `--seed-tokens N`
//! (about N/2 MindBridge tokens, N/2 Cortex keys) through the four sandbox connections: the
//! inventory alone, and inventory plus findings and scores, for 1k, 5k and 10k tokens, with the
//! cost per 1,000 tokens (linear when it stays flat). Goal: 10,000 tokens inventoried in <= 2 s.
//!
//! Run with `make bench` (or `cargo bench -p scopekeeper-core --bench audit`).

mod support;

use std::time::{Duration, Instant};

use scopekeeper_core::audit::AuditSettings;
use scopekeeper_core::catalog::registry::CatalogRegistry;
use scopekeeper_core::vendor::Vendor;

const RUNS: usize = 3;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[tokio::main]
async fn main() {
    let catalogs = CatalogRegistry::builtins_only();
    let catalog_of = |v: Vendor| catalogs.get(v.id()).cloned();
    println!("audit over the four sandbox connections (median of {RUNS}):");
    for n in [1_000usize, 5_000, 10_000] {
        let sandbox = support::sandbox_desk(n).await;
        let desk = &sandbox.desk;
        let (mut inventory, mut whole) = (Vec::new(), Vec::new());
        let mut tokens = 0;
        for _ in 0..RUNS {
            let t = Instant::now();
            let inv = scopekeeper_core::audit::inventory(desk, &catalog_of, &|_, _| {}).await;
            inventory.push(t.elapsed());
            tokens = inv.tokens.len();
            assert!(inv.outcomes.iter().all(|o| o.error.is_none()));
            let t = Instant::now();
            let report = scopekeeper_core::audit::run(
                desk,
                &catalog_of,
                &AuditSettings::default(),
                &Default::default(),
                &|_, _| {},
            )
            .await;
            whole.push(t.elapsed());
            assert_eq!(report.assessment.rows.len(), tokens);
        }
        let (i, w) = (median(inventory), median(whole));
        let per_k = |d: Duration| d.as_secs_f64() * 1e6 / tokens as f64;
        println!(
            "  {tokens:>6} tokens: inventory {:.0} ms ({:.1} ms per 1,000), with findings and scores {:.0} ms ({:.1} ms per 1,000){}",
            i.as_secs_f64() * 1e3,
            per_k(i),
            w.as_secs_f64() * 1e3,
            per_k(w),
            if n == 10_000 { " (goal: inventory <= 2000 ms)" } else { "" }
        );
    }
}
