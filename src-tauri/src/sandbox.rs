//! The sandbox: the vendor simulators (`scopekeeper-sim`) running inside the app on 127.0.0.1,
//! so a new user can create, verify and revoke tokens with no vendor account. Started on first
//! use; seeded with the sandbox credentials already in the keyring so saved sandbox connections
//! keep working across runs. Tokens made in the sandbox live only until the app quits.

use scopekeeper_core::desk::{Desk, SandboxAccess, SandboxTenant};
use scopekeeper_core::error::{Error, ErrorKind};
use scopekeeper_core::secret::{ExposeSecret, SecretString};
use scopekeeper_core::vendor::Vendor;
use scopekeeper_core::workbench::{BoxFuture, SandboxConsole, SandboxHost};
use scopekeeper_sim::{RunningSim, SeedCredentials, SimConfig};
use tokio::sync::Mutex;

#[derive(Default)]
pub struct Sandbox {
    running: Mutex<Option<RunningSim>>,
}

impl Sandbox {
    /// Starts the simulators if they are not running, and tells the desk where they are.
    pub async fn start(&self, desk: &Desk) -> Result<(), Error> {
        let mut running = self.running.lock().await;
        if running.is_some() {
            return Ok(());
        }
        let mut seed = SeedCredentials::default();
        for (vendor, secret) in desk.sandbox_credentials().await? {
            seed.set(vendor.id(), secret.expose_secret().to_owned());
        }
        let sim = scopekeeper_sim::start(SimConfig {
            port: 0,
            faults: Vec::new(),
            seed,
            // Many more tokens, for trying the audit at scale and for its benchmarks.
            seed_tokens: crate::test_hooks::sandbox_seed_tokens(),
        })
        .await
        .map_err(|e| {
            Error::new(
                ErrorKind::Internal,
                format!("The sandbox could not start: {e}"),
            )
        })?;
        let mut access = SandboxAccess::default();
        for t in sim.handshake.tenants() {
            if let Some(vendor) = Vendor::parse(t.vendor) {
                let tenant = SandboxTenant {
                    base_url: t.base_url.to_owned(),
                    credential: SecretString::from(t.credential.to_owned()),
                    key_id: t.key_id,
                };
                access.insert(vendor, tenant);
            }
        }
        desk.set_sandbox(access);
        *running = Some(sim);
        Ok(())
    }
}

impl SandboxHost for Sandbox {
    fn ensure<'a>(&'a self, desk: &'a Desk) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(self.start(desk))
    }

    fn console(&self, vendor: Vendor) -> BoxFuture<'_, Option<SandboxConsole>> {
        Box::pin(async move {
            let running = self.running.lock().await;
            let call = running.as_ref()?.handshake.console(vendor.id())?;
            Some(SandboxConsole {
                url: call.url,
                authorization: SecretString::from(call.authorization),
                key_field: call.key_field,
            })
        })
    }
}
