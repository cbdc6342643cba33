//! Local simulators of the vendors' documented token APIs, over real HTTP on 127.0.0.1.
//!
//! One server serves every vendor under its own base URL: MindBridge at `{base}/mindbridge`
//! (API under `/api/v1/…`), Cortex at `{base}/cortex` (`/public_api/v1/…`), Bright at
//! `{base}/bright` (`/api/…`), Manifest at `{base}/manifest` (`/v1/…`), Cloudflare at
//! `{base}/cloudflare` (`/client/v4/…`), GitLab at `{base}/gitlab` (`/api/v4/…`) and GitHub at
//! `{base}/github` (its API root, like `https://api.github.com`). Each follows the contract in
//! `shared/vendor-apis.md` (Cloudflare: `docs/vendors/cloudflare.md`; GitLab:
//! `docs/vendors/gitlab.md`; GitHub: `docs/vendors/github.md`): auth headers, permission checks, limits, status codes,
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
mod cloudflare;
mod common;
mod cortex;
mod github;
mod gitlab;
mod handshake;
mod manifest;
mod mindbridge;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Router;

pub use cloudflare::Tenant as CloudflareTenant;
pub use faults::{AfterWork, Fault, FaultPlan, FaultRule, Vendor};
pub use github::Tenant as GitHubTenant;
pub use gitlab::Tenant as GitLabTenant;
pub use handshake::{
    BrightAccess, CloudflareAccess, ConsoleCall, CortexAccess, GitHubAccess, GitLabAccess,
    Handshake, ManifestAccess, MindBridgeAccess, SeedCredentials, TenantAccess,
};
pub use mindbridge::Tenant as MindBridgeTenant;

/// How to run a simulator.
#[derive(Debug, Clone, Default)]
pub struct SimConfig {
    /// 0 picks any free port.
    pub port: u16,
    pub faults: Vec<FaultRule>,
    pub seed: SeedCredentials,
    /// Extra tokens to seed (a fifth for Cloudflare, a tenth each for GitLab and GitHub, the rest
    /// about half for MindBridge and half for Cortex), in a realistic, deterministic mix (0: only the handful
    /// every tenant starts with).
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
    pub cloudflare: Mutex<cloudflare::Tenant>,
    pub gitlab: Mutex<gitlab::Tenant>,
    pub github: Mutex<github::Tenant>,
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
        Fault::ForbiddenRetry { retry_after_secs } => {
            Some(vendor_error(vendor, 403, Some(retry_after_secs)))
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
        Vendor::Cloudflare => cloudflare::injected_error(status),
        Vendor::GitLab => gitlab::injected_error(status),
        // With a `Retry-After`, GitHub's 403 or 429 is a secondary rate limit.
        Vendor::GitHub if retry_after.is_some() => github::injected_secondary_limit(status),
        Vendor::GitHub => github::injected_error(status),
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

    /// Runs `edit` on the Cloudflare account, as another admin would act in its dashboard.
    pub fn cloudflare_console<T>(&self, edit: impl FnOnce(&mut cloudflare::Tenant) -> T) -> T {
        edit(
            &mut self
                .sim
                .cloudflare
                .lock()
                .unwrap_or_else(|p| p.into_inner()),
        )
    }

    /// Runs `edit` on the GitLab instance, as another administrator would act in its web UI
    /// (see `console_revoke`, `console_preset_rate`).
    pub fn gitlab_console<T>(&self, edit: impl FnOnce(&mut gitlab::Tenant) -> T) -> T {
        edit(&mut self.sim.gitlab.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// Runs `edit` on the GitHub organisation, as another owner would act in GitHub's settings
    /// (see `console_grant`, `console_preset_rate`).
    pub fn github_console<T>(&self, edit: impl FnOnce(&mut github::Tenant) -> T) -> T {
        edit(&mut self.sim.github.lock().unwrap_or_else(|p| p.into_inner()))
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
    let mut cf = cloudflare::Tenant::seeded(seed.cloudflare_token);
    let mut gl = gitlab::Tenant::seeded(seed.gitlab_token);
    let mut gh = github::Tenant::seeded(seed.github_token);
    // A fifth to Cloudflare (an account holds at most 500 tokens in the real one; the
    // simulator lets a test or a benchmark go past it), a tenth to GitLab (project tokens of
    // `platform/api`), a tenth to GitHub (grants of `acme`), the rest halved as before.
    let n = config.seed_tokens;
    let to_cloudflare = n / 5;
    let to_gitlab = n / 10;
    let to_github = n / 10;
    let rest = n - to_cloudflare - to_gitlab - to_github;
    let to_cortex = rest / 2;
    mb.seed_bulk(rest - to_cortex);
    cx.seed_bulk(to_cortex);
    cf.seed_bulk(to_cloudflare);
    gl.seed_bulk(to_gitlab);
    gh.seed_bulk(to_github);
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
        cloudflare: CloudflareAccess {
            base_url: format!("{origin}/cloudflare/client/v4/accounts/{}", cf.account_id()),
            token: cf.admin_token().to_owned(),
            account_id: cf.account_id().to_owned(),
        },
        gitlab: gitlab_access(&origin, &gl),
        github: github_access(&origin, &gh),
    };
    let sim = Arc::new(Sim {
        control_token,
        faults: FaultPlan::new(config.faults),
        mindbridge: Mutex::new(mb),
        cortex: Mutex::new(cx),
        bright: Mutex::new(br),
        manifest: Mutex::new(mf),
        cloudflare: Mutex::new(cf),
        gitlab: Mutex::new(gl),
        github: Mutex::new(gh),
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

/// The GitLab instance's API and the project whose access tokens the sandbox manages.
fn gitlab_access(origin: &str, gl: &gitlab::Tenant) -> GitLabAccess {
    let api_url = format!("{origin}/gitlab/api/v4");
    GitLabAccess {
        base_url: format!("{api_url}/projects/{}", gl.project_id()),
        token: gl.admin_token().to_owned(),
        api_url,
        project_id: gl.project_id(),
        group_id: gl.group_id(),
        admin_user_id: gl.admin_user_id(),
    }
}

/// GitHub's API root and the organisation seen through the App, whose key is the credential.
fn github_access(origin: &str, gh: &github::Tenant) -> GitHubAccess {
    let api_url = format!("{origin}/github");
    GitHubAccess {
        base_url: format!("{api_url}/orgs/{}", gh.org()),
        token: gh.app_key_pem().to_owned(),
        app_id: gh.app_id(),
        installation_id: gh.installation_id(),
        org: gh.org().to_owned(),
        api_url,
        classic_token: gh.classic_token().to_owned(),
        fine_grained_token: gh.fine_grained_token().to_owned(),
    }
}

fn router(sim: Arc<Sim>) -> Router {
    let vendors = Router::new()
        .nest("/mindbridge", mindbridge::routes())
        .nest("/cortex", cortex::routes())
        .nest("/bright", bright::routes())
        .nest("/manifest", manifest::routes())
        .nest("/cloudflare", cloudflare::routes())
        .nest("/gitlab", gitlab::routes())
        .nest("/github", github::routes());
    // Only with `test-hooks`: without it `/_sim/faults` and `/_sim/calls` are unknown paths (404).
    #[cfg(feature = "test-hooks")]
    let vendors = vendors.nest("/_sim", control::routes(&sim));
    vendors
        .layer(axum::middleware::from_fn(replies::spoil_marked_replies))
        .with_state(sim)
}
