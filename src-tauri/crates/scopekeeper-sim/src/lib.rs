//! Local simulators of the vendors' documented token APIs, over real HTTP on 127.0.0.1.
//!
//! One server serves every vendor under its own base URL: MindBridge at `{base}/mindbridge`
//! (API under `/api/v1/…`), Cortex at `{base}/cortex` (`/public_api/v1/…`), Bright at
//! `{base}/bright` (`/api/…`) and Manifest at `{base}/manifest` (`/v1/…`). Each follows the
//! contract in `shared/vendor-apis.md`: auth headers, permission checks, limits, status codes,
//! error envelopes and quirks (Cortex's upper-case `DATA`, MindBridge's `version` locking and
//! rejection of unknown properties). Where the public material is silent the simulator makes a
//! choice and says so in a comment marked `[I]` (inferred). Bright and Manifest publish no
//! token-management API, so they get only their verify endpoints plus a clearly separate
//! `/_sim/console/…` that stands in for the vendor's web console in the sandbox.
//!
//! The simulator is a test fixture and the app's sandbox: it holds sandbox secrets in memory
//! only and never writes a file. It must never be pointed at, or mistaken for, a real vendor.

// Handlers return early with a ready `Response` as the error: boxing it would buy nothing here.
#![allow(clippy::result_large_err)]

#[cfg(feature = "test-hooks")]
mod control;
pub mod faults;
mod replies;

mod bright;
mod common;
mod cortex;
mod manifest;
mod mindbridge;

use std::collections::BTreeMap;
use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde::{Deserialize, Serialize};

pub use faults::{AfterWork, Fault, FaultPlan, FaultRule, Vendor};
pub use mindbridge::Tenant as MindBridgeTenant;

/// The first credentials of each simulated tenant: what an admin would have for a real one.
/// Secrets by nature; `Debug` prints none of them. `Serialize` exists only for the
/// `scopekeeper-sim` binary's first stdout line, which is documented to carry them.
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Handshake {
    /// Bearer token for the simulator's own control endpoints (`/_sim/faults`, `/_sim/calls`):
    /// only whoever started it may inject faults or read call counts.
    pub control_token: String,
    pub mindbridge: MindBridgeAccess,
    pub cortex: CortexAccess,
    pub bright: BrightAccess,
    pub manifest: ManifestAccess,
}

#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct MindBridgeAccess {
    pub base_url: String,
    pub token: String,
}

#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct CortexAccess {
    pub base_url: String,
    pub api_key: String,
    pub api_key_id: i64,
}

#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct BrightAccess {
    pub base_url: String,
    pub api_key: String,
}

#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ManifestAccess {
    pub base_url: String,
    pub token: String,
}

impl fmt::Debug for Handshake {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handshake")
            .field("mindbridge", &self.mindbridge.base_url)
            .field("cortex", &self.cortex.base_url)
            .field("bright", &self.bright.base_url)
            .field("manifest", &self.manifest.base_url)
            .finish_non_exhaustive()
    }
}

/// One simulated tenant as the app's sandbox sees it, whatever the vendor: where it listens and
/// its admin credential (a secret), with the credential's key id where the vendor has one.
pub struct TenantAccess<'a> {
    /// The vendor's catalog id (`Vendor::id`).
    pub vendor: &'static str,
    pub base_url: &'a str,
    pub credential: &'a str,
    pub key_id: Option<i64>,
}

/// A request to a simulated vendor console (`/_sim/console/…`): where to post, the admin's
/// `Authorization` header (a secret) and the reply field holding the new key.
pub struct ConsoleCall {
    pub url: String,
    pub authorization: String,
    pub key_field: &'static str,
}

impl Handshake {
    /// Every simulated tenant, in [`Vendor::ALL`] order. The handshake's JSON stays one field
    /// per vendor (a documented contract); this is the same data keyed by vendor id.
    pub fn tenants(&self) -> Vec<TenantAccess<'_>> {
        Vendor::ALL
            .into_iter()
            .map(|v| {
                let (base_url, credential, key_id) = match v {
                    Vendor::MindBridge => (&self.mindbridge.base_url, &self.mindbridge.token, None),
                    Vendor::Cortex => (
                        &self.cortex.base_url,
                        &self.cortex.api_key,
                        Some(self.cortex.api_key_id),
                    ),
                    Vendor::Bright => (&self.bright.base_url, &self.bright.api_key, None),
                    Vendor::Manifest => (&self.manifest.base_url, &self.manifest.token, None),
                };
                TenantAccess {
                    vendor: v.id(),
                    base_url,
                    credential,
                    key_id,
                }
            })
            .collect()
    }

    /// How to make a key in the simulated console of the vendor with catalog id `vendor_id`;
    /// `None` for a vendor whose tokens are made through its API (no console is simulated).
    pub fn console(&self, vendor_id: &str) -> Option<ConsoleCall> {
        match vendor_id.parse::<Vendor>().ok()? {
            Vendor::Bright => Some(ConsoleCall {
                url: format!("{}/_sim/console/api-keys", self.bright.base_url),
                authorization: format!("Api-Key {}", self.bright.api_key),
                key_field: "key",
            }),
            Vendor::Manifest => Some(ConsoleCall {
                url: format!("{}/_sim/console/api-tokens", self.manifest.base_url),
                authorization: format!("Bearer {}", self.manifest.token),
                key_field: "token",
            }),
            Vendor::MindBridge | Vendor::Cortex => None,
        }
    }
}

/// Admin credentials to seed instead of fresh random ones (the app's sandbox passes back the
/// ones it already keeps in the keyring, so its saved connections keep working across runs).
#[derive(Clone, Default)]
pub struct SeedCredentials {
    pub mindbridge_token: Option<String>,
    pub cortex_api_key: Option<String>,
    pub bright_api_key: Option<String>,
    pub manifest_token: Option<String>,
}

impl SeedCredentials {
    /// Seeds the admin credential of the vendor with catalog id `vendor_id`; `false` when the
    /// simulator serves no such vendor.
    pub fn set(&mut self, vendor_id: &str, credential: String) -> bool {
        let slot = match vendor_id.parse::<Vendor>() {
            Ok(Vendor::MindBridge) => &mut self.mindbridge_token,
            Ok(Vendor::Cortex) => &mut self.cortex_api_key,
            Ok(Vendor::Bright) => &mut self.bright_api_key,
            Ok(Vendor::Manifest) => &mut self.manifest_token,
            Err(_) => return false,
        };
        *slot = Some(credential);
        true
    }
}

impl fmt::Debug for SeedCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SeedCredentials(<redacted>)")
    }
}

/// How to run a simulator.
#[derive(Debug, Clone, Default)]
pub struct SimConfig {
    /// 0 picks any free port.
    pub port: u16,
    pub faults: Vec<FaultRule>,
    pub seed: SeedCredentials,
    /// Extra tokens to seed, about half for MindBridge and half for Cortex, in a realistic,
    /// deterministic mix (0: only the handful every tenant starts with).
    pub seed_tokens: usize,
}

/// State shared by every handler.
pub(crate) struct Sim {
    #[cfg_attr(not(feature = "test-hooks"), allow(dead_code))]
    pub control_token: String,
    pub faults: FaultPlan,
    pub mindbridge: Mutex<mindbridge::Tenant>,
    pub cortex: Mutex<cortex::Tenant>,
    pub bright: Mutex<bright::Tenant>,
    pub manifest: Mutex<manifest::Tenant>,
}

/// What a handler does before its real work: count the call, and suffer any fault planned for
/// it. `Some(response)` is the faulty answer to send instead.
pub(crate) async fn gate(sim: &Sim, vendor: Vendor, op: &str) -> Option<Response> {
    match sim.faults.on_call(vendor, op)? {
        Fault::Slow { ms } => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            None
        }
        Fault::Timeout => {
            tokio::time::sleep(Duration::from_secs(24 * 3600)).await;
            None
        }
        Fault::LostReply => {
            // Picked up by `spoil_marked_replies` once the handler has done its work.
            let _ = replies::REPLY_FATE.try_with(|c| c.set(Some(replies::Fate::Lost)));
            None
        }
        Fault::AfterWork(how) => {
            let _ = replies::REPLY_FATE.try_with(|c| c.set(Some(replies::Fate::Spoiled(how))));
            None
        }
        Fault::MalformedJson => Some(
            (
                StatusCode::OK,
                [("content-type", "application/json")],
                "{\"id\": \"4b8360d0000000000000\", \"name\": ",
            )
                .into_response(),
        ),
        Fault::Oversized => {
            let mut body = String::with_capacity(8 << 20);
            body.push_str("{\"padding\":\"");
            body.extend(std::iter::repeat_n('x', 8 << 20));
            body.push_str("\"}");
            Some((StatusCode::OK, [("content-type", "application/json")], body).into_response())
        }
        Fault::Status(code) => Some(vendor_error(vendor, code, None)),
        Fault::RateLimited { retry_after_secs } => {
            Some(vendor_error(vendor, 429, Some(retry_after_secs)))
        }
    }
}

fn vendor_error(vendor: Vendor, code: u16, retry_after: Option<u64>) -> Response {
    let status = StatusCode::from_u16(code).expect("fault statuses are valid");
    let resp = match vendor {
        Vendor::MindBridge => mindbridge::injected_error(status),
        Vendor::Cortex => cortex::error(status, "Injected fault", None),
        Vendor::Bright => bright::error(status),
        Vendor::Manifest => manifest::error(status),
    };
    match retry_after {
        Some(s) => common::with_retry_after(resp, s),
        None => resp,
    }
}

/// A simulator serving on 127.0.0.1 until dropped.
pub struct RunningSim {
    pub addr: SocketAddr,
    pub handshake: Handshake,
    sim: Arc<Sim>,
    task: tokio::task::JoinHandle<()>,
}

impl RunningSim {
    /// `http://127.0.0.1:PORT`
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn add_fault(&self, rule: FaultRule) {
        self.sim.faults.add(rule);
    }

    pub fn clear_faults(&self) {
        self.sim.faults.clear();
    }

    /// Runs `edit` on the MindBridge tenant, as another admin would act in its console (see
    /// `console_delete`, `console_grant`); its answer.
    pub fn mindbridge_console<T>(&self, edit: impl FnOnce(&mut mindbridge::Tenant) -> T) -> T {
        edit(
            &mut self
                .sim
                .mindbridge
                .lock()
                .unwrap_or_else(|p| p.into_inner()),
        )
    }

    /// Calls received so far, keyed `vendor.op` (e.g. `mindbridge.create`).
    pub fn calls(&self) -> BTreeMap<String, u64> {
        self.sim.faults.calls()
    }

    /// How many calls of one operation were received.
    pub fn call_count(&self, vendor: Vendor, op: &str) -> u64 {
        self.calls()
            .get(&format!("{}.{op}", vendor.id()))
            .copied()
            .unwrap_or(0)
    }
}

impl Drop for RunningSim {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Binds 127.0.0.1:`port` and serves every simulated vendor on it.
pub async fn start(config: SimConfig) -> std::io::Result<RunningSim> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", config.port)).await?;
    let addr = listener.local_addr()?;
    let origin = format!("http://{addr}");
    let seed = config.seed;
    let mut mb = mindbridge::Tenant::seeded(seed.mindbridge_token);
    let mut cx = cortex::Tenant::seeded(seed.cortex_api_key);
    let to_cortex = config.seed_tokens / 2;
    mb.seed_bulk(config.seed_tokens - to_cortex);
    cx.seed_bulk(to_cortex);
    let br = bright::Tenant::seeded(seed.bright_api_key);
    let mf = manifest::Tenant::seeded(seed.manifest_token);
    let control_token = common::random_alnum(40);
    let handshake = Handshake {
        control_token: control_token.clone(),
        mindbridge: MindBridgeAccess {
            base_url: format!("{origin}/mindbridge"),
            token: mb.admin_token().to_owned(),
        },
        cortex: CortexAccess {
            base_url: format!("{origin}/cortex"),
            api_key: cx.admin_key().to_owned(),
            api_key_id: cx.admin_key_id(),
        },
        bright: BrightAccess {
            base_url: format!("{origin}/bright"),
            api_key: br.admin_key().to_owned(),
        },
        manifest: ManifestAccess {
            base_url: format!("{origin}/manifest"),
            token: mf.admin_token().to_owned(),
        },
    };
    let sim = Arc::new(Sim {
        control_token,
        faults: FaultPlan::new(config.faults),
        mindbridge: Mutex::new(mb),
        cortex: Mutex::new(cx),
        bright: Mutex::new(br),
        manifest: Mutex::new(mf),
    });
    let app = router(sim.clone());
    let task = tokio::spawn(async move {
        let service = app.into_make_service_with_connect_info::<SocketAddr>();
        if let Err(e) = axum::serve(listener, service).await {
            eprintln!("scopekeeper-sim: server stopped: {e}");
        }
    });
    Ok(RunningSim {
        addr,
        handshake,
        sim,
        task,
    })
}

fn router(sim: Arc<Sim>) -> Router {
    let vendors = Router::new()
        .nest("/mindbridge", mindbridge::routes())
        .nest("/cortex", cortex::routes())
        .nest("/bright", bright::routes())
        .nest("/manifest", manifest::routes());
    // Only with `test-hooks`: without it `/_sim/faults` and `/_sim/calls` are unknown paths (404).
    #[cfg(feature = "test-hooks")]
    let vendors = vendors.nest("/_sim", control::routes(&sim));
    vendors
        .layer(axum::middleware::from_fn(replies::spoil_marked_replies))
        .with_state(sim)
}
