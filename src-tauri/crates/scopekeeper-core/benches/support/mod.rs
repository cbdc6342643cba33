//! Shared by the audit and history benchmarks: a desk holding the four sandbox connections to
//! the simulators, seeded with a number of tokens, over loopback HTTP.

use std::sync::Arc;

use scopekeeper_core::action_log::ActionLog;
use scopekeeper_core::clock::SystemClock;
use scopekeeper_core::connection::ConnectionStore;
use scopekeeper_core::desk::{Desk, SandboxAccess};
use scopekeeper_core::secret::SecretString;
use scopekeeper_core::secret_store::MemorySecretStore;
use scopekeeper_core::vendor::{HttpPolicy, Vendor, VendorHttp};
use scopekeeper_sim::{start, RunningSim, SimConfig};

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
    SandboxDesk {
        desk,
        _sim: sim,
        _dir: dir,
    }
}
