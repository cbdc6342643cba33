//! The sandbox: the vendor simulators (`scopekeeper-sim`) running inside the app on 127.0.0.1,
//! so a new user can create, verify and revoke tokens with no vendor account. Started on first
//! use; seeded with the sandbox credentials already in the keyring so saved sandbox connections
//! keep working across runs. Tokens made in the sandbox live only until the app quits.

use scopekeeper_core::desk::{Desk, SandboxAccess, SandboxTenant};
use scopekeeper_core::error::{ErrorKind, IpcError};
use scopekeeper_core::secret::{ExposeSecret, SecretString};
use scopekeeper_core::vendor::Vendor;
use scopekeeper_sim::{RunningSim, SeedCredentials, SimConfig};
use tokio::sync::Mutex;

#[derive(Default)]
pub struct Sandbox {
    running: Mutex<Option<RunningSim>>,
}

impl Sandbox {
    /// Starts the simulators if they are not running, and tells the desk where they are.
    pub async fn start(&self, desk: &Desk) -> Result<(), IpcError> {
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
            IpcError::new(
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

    /// Creates a key in a simulated vendor console (a vendor with no token API), as the admin
    /// would in the real console, and returns it (shown once, as the console would).
    pub async fn console_create(
        &self,
        desk: &Desk,
        vendor: Vendor,
        body: serde_json::Value,
    ) -> Result<String, IpcError> {
        self.start(desk).await?;
        let call = {
            let running = self.running.lock().await;
            let h = &running.as_ref().expect("ensured").handshake;
            h.console(vendor.id()).ok_or_else(|| {
                IpcError::new(
                    ErrorKind::InvalidInput,
                    format!("{vendor} has an API; no console to simulate."),
                )
            })?
        };
        let client = desk.http().loopback_client().map_err(|e| {
            IpcError::new(
                ErrorKind::VendorUnavailable,
                format!("The sandbox console cannot be reached: {e}"),
            )
        })?;
        let resp = client
            .post(call.url)
            .header("authorization", call.authorization)
            .json(&body)
            .send()
            .await
            .map_err(|e| {
                IpcError::new(
                    ErrorKind::VendorUnavailable,
                    format!("The sandbox console did not answer: {e}"),
                )
            })?;
        let status = resp.status();
        let v: serde_json::Value = resp.json().await.unwrap_or_default();
        match v.get(call.key_field).and_then(|k| k.as_str()) {
            Some(k) if status.is_success() => Ok(k.to_owned()),
            _ => {
                let why = v
                    .pointer("/errors/0")
                    .or_else(|| v.get("error"))
                    .and_then(|m| m.as_str())
                    .unwrap_or("refused")
                    .to_owned();
                Err(IpcError::new(
                    ErrorKind::VendorValidation,
                    format!("The sandbox console refused: {why}"),
                ))
            }
        }
    }
}
