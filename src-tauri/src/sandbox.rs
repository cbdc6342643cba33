//! The sandbox: the vendor simulators (`scopekeeper-sim`) running inside the app on 127.0.0.1,
//! so a new user can create, verify and revoke tokens with no vendor account. Started on first
//! use; seeded with the sandbox credentials already in the keyring so saved sandbox connections
//! keep working across runs. Tokens made in the sandbox live only until the app quits.

use scopekeeper_core::desk::{Desk, SandboxAccess};
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
    pub async fn ensure(&self, desk: &Desk) -> Result<(), IpcError> {
        let mut running = self.running.lock().await;
        if running.is_some() {
            return Ok(());
        }
        let mut seed = SeedCredentials::default();
        for (vendor, secret) in desk.sandbox_credentials().await? {
            let s = Some(secret.expose_secret().to_owned());
            match vendor {
                Vendor::MindBridge => seed.mindbridge_token = s,
                Vendor::Cortex => seed.cortex_api_key = s,
                Vendor::Bright => seed.bright_api_key = s,
                Vendor::Manifest => seed.manifest_token = s,
            }
        }
        let sim = scopekeeper_sim::start(SimConfig {
            port: 0,
            faults: Vec::new(),
            seed,
            // Many more tokens, for trying the audit at scale and for its benchmarks.
            seed_tokens: std::env::var("SCOPEKEEPER_SANDBOX_SEED_TOKENS")
                .ok()
                .and_then(|n| n.parse().ok())
                .unwrap_or(0),
        })
        .await
        .map_err(|e| {
            IpcError::new(
                ErrorKind::Internal,
                format!("The sandbox could not start: {e}"),
            )
        })?;
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
        *running = Some(sim);
        Ok(())
    }

    /// Creates a key in a simulated vendor console (Bright or Manifest), as the admin would in
    /// the real console, and returns it (shown once, as the console would).
    pub async fn console_create(
        &self,
        desk: &Desk,
        vendor: Vendor,
        body: serde_json::Value,
    ) -> Result<String, IpcError> {
        self.ensure(desk).await?;
        let (url, auth, field) = {
            let running = self.running.lock().await;
            let h = &running.as_ref().expect("ensured").handshake;
            match vendor {
                Vendor::Bright => (
                    format!("{}/_sim/console/api-keys", h.bright.base_url),
                    format!("Api-Key {}", h.bright.api_key),
                    "key",
                ),
                Vendor::Manifest => (
                    format!("{}/_sim/console/api-tokens", h.manifest.base_url),
                    format!("Bearer {}", h.manifest.token),
                    "token",
                ),
                other @ (Vendor::MindBridge | Vendor::Cortex) => {
                    return Err(IpcError::new(
                        ErrorKind::InvalidInput,
                        format!("{other} has an API; no console to simulate."),
                    ))
                }
            }
        };
        let client = desk.http().loopback_client().map_err(|e| {
            IpcError::new(
                ErrorKind::VendorUnavailable,
                format!("The sandbox console cannot be reached: {e}"),
            )
        })?;
        let resp = client
            .post(url)
            .header("authorization", auth)
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
        match v.get(field).and_then(|k| k.as_str()) {
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
