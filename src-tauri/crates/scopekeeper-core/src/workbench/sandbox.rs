//! The sandbox as the workbench sees it: something that starts the simulators and names their
//! consoles ([`SandboxHost`]; the app runs them in-process), and a key made in a simulated
//! vendor console for a vendor with no token API, as the admin would in the real one.

use super::{BoxFuture, Workbench};
use crate::desk::Desk;
use crate::error::{Error, ErrorKind};
use crate::secret::{ExposeSecret, SecretString};
use crate::token_spec::{Day, TokenSpec};
use crate::vendor::Vendor;

/// Where a simulated vendor console makes a key: its address, the authorization header (the
/// simulated tenant's admin credential), and the reply's field that holds the new key.
pub struct SandboxConsole {
    pub url: String,
    pub authorization: SecretString,
    pub key_field: &'static str,
}

/// What runs the sandbox's simulators for the workbench (the app, in-process; tests, a running
/// simulator or nothing). The workbench asks before a call to a sandbox connection.
pub trait SandboxHost: Send + Sync {
    /// Starts the simulators unless they run, and tells `desk` where they are.
    fn ensure<'a>(&'a self, desk: &'a Desk) -> BoxFuture<'a, Result<(), Error>>;

    /// The running simulators' console for `vendor`; `None` when it has a token API instead
    /// (or nothing runs).
    fn console(&self, vendor: Vendor) -> BoxFuture<'_, Option<SandboxConsole>>;
}

/// A [`SandboxHost`] that starts nothing: where no sandbox runs, or it was set up beforehand.
pub struct NoSandbox;

impl SandboxHost for NoSandbox {
    fn ensure<'a>(&'a self, _desk: &'a Desk) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(async { Ok(()) })
    }

    fn console(&self, _vendor: Vendor) -> BoxFuture<'_, Option<SandboxConsole>> {
        Box::pin(async { None })
    }
}

fn unavailable(m: String) -> Error {
    Error::new(ErrorKind::VendorUnavailable, m)
}

impl Workbench {
    /// What to send a simulated vendor console to create the key the guided plan describes, as
    /// the admin would fill in the real console: the connection's vendor and the form. Only
    /// sandbox connections have one.
    pub fn sandbox_console_form(
        &self,
        id: &str,
        spec: &TokenSpec,
    ) -> Result<(Vendor, serde_json::Value), Error> {
        let conn = self.desk.connection(id)?;
        if !conn.sandbox {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                "Only sandbox connections have a simulated console.",
            ));
        }
        let catalog = self.catalog(conn.vendor.id())?;
        let plan = self.desk.guided_plan(id, &catalog, spec)?;
        let scopes: Vec<String> = plan.checklist.into_iter().map(|c| c.scope).collect();
        let form = serde_json::json!({
            "name": spec.name,
            "kind": spec.kind,
            "scopes": scopes,
            "expires_on": spec.expires_on,
            "expires_in_days": spec.expires_on.as_deref()
                .and_then(Day::parse)
                .map(|d| self.desk.today().days_until(d).max(1)),
        });
        Ok((conn.vendor, form))
    }

    /// Creates the key the guided plan describes in the simulated console of sandbox
    /// connection `id` (the sandbox started first), and answers it: shown once, as the
    /// vendor's console would.
    pub async fn sandbox_console_create(
        &self,
        id: &str,
        spec: &TokenSpec,
    ) -> Result<String, Error> {
        let (vendor, form) = self.sandbox_console_form(id, spec)?;
        self.start_sandbox().await?;
        let console = self.sandbox.console(vendor).await.ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidInput,
                format!("{vendor} has an API; no console to simulate."),
            )
        })?;
        let client = self
            .desk
            .http()
            .loopback_client()
            .map_err(|e| unavailable(format!("The sandbox console cannot be reached: {e}")))?;
        let resp = client
            .post(&console.url)
            .header("authorization", console.authorization.expose_secret())
            .json(&form)
            .send()
            .await
            .map_err(|e| unavailable(format!("The sandbox console did not answer: {e}")))?;
        let status = resp.status();
        let reply: serde_json::Value = resp.json().await.unwrap_or_default();
        match reply.get(console.key_field).and_then(|k| k.as_str()) {
            Some(key) if status.is_success() => Ok(key.to_owned()),
            _ => {
                let why = reply
                    .pointer("/errors/0")
                    .or_else(|| reply.get("error"))
                    .and_then(|m| m.as_str())
                    .unwrap_or("refused");
                Err(Error::new(
                    ErrorKind::VendorValidation,
                    format!("The sandbox console refused: {why}"),
                ))
            }
        }
    }
}
