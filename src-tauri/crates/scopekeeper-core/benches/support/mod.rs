//! Shared by the audit and history benchmarks: a desk holding the four sandbox connections to
//! the simulators, seeded with a number of tokens, over loopback HTTP.

use std::sync::Arc;

use scopekeeper_core::action_log::ActionLog;
use scopekeeper_core::clock::SystemClock;
use scopekeeper_core::connection::ConnectionStore;
use scopekeeper_core::desk::Desk;
use scopekeeper_core::secret_store::MemorySecretStore;
use scopekeeper_core::vendor::{HttpPolicy, Vendor, VendorHttp};
use scopekeeper_sim::{start, RunningSim, SimConfig};

#[path = "../../tests/desk_support/sandbox.rs"]
mod sandbox;

/// The desk and what it needs kept alive: the simulators and its files.
pub struct SandboxDesk {
    pub desk: Desk,
    _sim: RunningSim,
    _dir: tempfile::TempDir,
}

/// Starts the simulators with `seed_tokens` tokens and a desk connected to all four.
pub async fn sandbox_desk(seed_tokens: usize) -> SandboxDesk {
    let sim = start(SimConfig {
        seed_tokens,
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
    desk.set_sandbox(sandbox::access(&sim));
    desk.add_sandbox_connections(&Vendor::ALL).await.unwrap();
    SandboxDesk {
        desk,
        _sim: sim,
        _dir: dir,
    }
}
