//! The audit at scale, over loopback HTTP to the simulators seeded with `--seed-tokens N`
//! (about N/2 MindBridge tokens, N/2 Cortex keys) through the four sandbox connections: the
//! inventory alone, and inventory plus findings and scores, for 1k, 5k and 10k tokens, with the
//! cost per 1,000 tokens (linear when it stays flat). Goal: 10,000 tokens inventoried in <= 2 s.
//!
//! Run with `make bench` (or `cargo bench -p scopekeeper-core --bench audit`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use scopekeeper_core::action_log::ActionLog;
use scopekeeper_core::audit::AuditSettings;
use scopekeeper_core::catalog::registry::CatalogRegistry;
use scopekeeper_core::clock::SystemClock;
use scopekeeper_core::connection::ConnectionStore;
use scopekeeper_core::desk::{Desk, SandboxAccess};
use scopekeeper_core::secret::SecretString;
use scopekeeper_core::secret_store::MemorySecretStore;
use scopekeeper_core::vendor::{HttpPolicy, Vendor, VendorHttp};
use scopekeeper_sim::{start, SimConfig};

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
        let sim = start(SimConfig {
            seed_tokens: n,
            ..SimConfig::default()
        })
        .await
        .expect("the simulator starts");
        let dir = tempfile::tempdir().unwrap();
        let desk = Desk::new(
            VendorHttp::new(HttpPolicy::default()),
            Arc::new(SystemClock),
            Arc::new(MemorySecretStore::new()),
            ConnectionStore::open(&dir.path().join("connections.json")),
            ActionLog::new(&dir.path().join("actions.jsonl")),
            "bench".into(),
        );
        let h = &sim.handshake;
        let s = |v: &str| SecretString::from(v.to_owned());
        desk.set_sandbox(SandboxAccess {
            mindbridge: (h.mindbridge.base_url.clone(), s(&h.mindbridge.token)),
            cortex: (
                h.cortex.base_url.clone(),
                s(&h.cortex.api_key),
                h.cortex.api_key_id,
            ),
            bright: (h.bright.base_url.clone(), s(&h.bright.api_key)),
            manifest: (h.manifest.base_url.clone(), s(&h.manifest.token)),
        });
        desk.add_sandbox_connections(&[
            (Vendor::MindBridge, "api-token"),
            (Vendor::Cortex, "api-key"),
            (Vendor::Bright, "organization"),
            (Vendor::Manifest, "api-token"),
        ])
        .await
        .unwrap();
        let (mut inventory, mut whole) = (Vec::new(), Vec::new());
        let mut tokens = 0;
        for _ in 0..RUNS {
            let t = Instant::now();
            let inv = desk.inventory(&catalog_of, &|_, _| {}).await;
            inventory.push(t.elapsed());
            tokens = inv.tokens.len();
            assert!(inv.outcomes.iter().all(|o| o.error.is_none()));
            let t = Instant::now();
            let report = desk
                .audit(
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
