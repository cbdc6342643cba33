//! The desk's calls as the app's commands make them: the sandbox started first when the
//! connection is a sandbox one, the vendor's catalog looked up, and the check made before a
//! window acts on an answer (a console address to open must be https).

use super::Workbench;
use crate::action_log::ActionEntry;
use crate::connection::{Connection, ConnectionList};
use crate::desk::{
    ConnectionTest, CreatedToken, Declared, GuidedPlan, KeptInKeyring, PastedCheck, Reconciliation,
    TokenStatus, KEYRING_TIMEOUT,
};
use crate::error::{Error, ErrorKind};
use crate::secret::SecretString;
use crate::secret_store::{run_keyring_call, verify_round_trip, KeyringReport};
use crate::service;
use crate::token_spec::{SpecCheck, TokenSpec};
use crate::vendor::adapter::VendorInfo;
use crate::vendor::{Vendor, VendorToken};

fn invalid(m: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidInput, m)
}

impl Workbench {
    /// Writes, reads back and deletes a throwaway secret in the secret store (the OS keyring
    /// in the app), bounded like every keyring call.
    pub async fn keyring_check(&self) -> Result<KeyringReport, Error> {
        let store = self.secrets();
        run_keyring_call(KEYRING_TIMEOUT, move || verify_round_trip(store.as_ref())).await
    }

    /// The saved connections, why the file could not be read (if so), and every vendor.
    pub fn list_connections(&self) -> ConnectionList {
        let connections = self.desk.connections();
        ConnectionList {
            unlisted: connections
                .iter()
                .filter(|c| !self.desk.lists_through(c))
                .map(|c| c.id.clone())
                .collect(),
            connections,
            problem: self.desk.connections_problem(),
            vendors: VendorInfo::all(),
        }
    }

    /// Starts the sandbox and adds a connection per simulated vendor (once).
    pub async fn add_sandbox_connections(&self) -> Result<Vec<Connection>, Error> {
        self.start_sandbox().await?;
        self.desk.add_sandbox_connections(&Vendor::ALL).await
    }

    pub async fn test_connection(&self, id: &str) -> Result<ConnectionTest, Error> {
        self.ready(id).await?;
        let catalog = self.catalog(self.desk.connection(id)?.vendor.id())?;
        self.desk.test_connection(id, &catalog).await
    }

    /// What the connection's vendor offers now against its catalog.
    pub async fn catalog_drift(&self, id: &str) -> Result<crate::desk::ScopesAtVendor, Error> {
        self.ready(id).await?;
        let catalog = self.catalog(self.desk.connection(id)?.vendor.id())?;
        self.desk.catalog_drift(id, &catalog).await
    }

    pub async fn reach_items(
        &self,
        id: &str,
        kind: &str,
        area: &str,
    ) -> Result<crate::vendor::adapter::ReachList, Error> {
        self.ready(id).await?;
        let catalog = self.catalog(self.desk.connection(id)?.vendor.id())?;
        self.desk.reach_items(id, &catalog, kind, area).await
    }

    /// A connection's tokens at the vendor, filtered by the vendor where it can (`filter`).
    pub async fn list_vendor_tokens(
        &self,
        id: &str,
        filter: &crate::vendor::ListFilter,
    ) -> Result<Vec<VendorToken>, Error> {
        self.ready(id).await?;
        self.desk.list_tokens_filtered(id, filter).await
    }

    pub async fn create_token(&self, id: &str, spec: &TokenSpec) -> Result<CreatedToken, Error> {
        self.ready(id).await?;
        let catalog = self.catalog(&spec.vendor)?;
        self.desk.create_token(id, &catalog, spec).await
    }

    /// Creates a token straight into the OS keyring as `token:<entry>`: never shown, never
    /// copied.
    pub async fn create_into_keyring(
        &self,
        id: &str,
        spec: &TokenSpec,
        entry: &str,
    ) -> Result<KeptInKeyring, Error> {
        self.ready(id).await?;
        let catalog = self.catalog(&spec.vendor)?;
        self.desk
            .create_into_keyring(id, &catalog, spec, entry)
            .await
    }

    pub async fn token_status(&self, id: &str, token_id: &str) -> Result<TokenStatus, Error> {
        self.ready(id).await?;
        self.desk.token_status(id, token_id).await
    }

    pub async fn rename_token(
        &self,
        id: &str,
        token_id: &str,
        name: &str,
    ) -> Result<VendorToken, Error> {
        self.ready(id).await?;
        self.desk.rename_token(id, token_id, name).await
    }

    /// After a create whose reply was lost: lists the vendor's tokens and finds the one it may
    /// have made (never repeats the create).
    pub async fn reconcile_create(&self, id: &str) -> Result<Reconciliation, Error> {
        self.ready(id).await?;
        self.desk.reconcile_create(id).await
    }

    pub fn guided_plan(&self, id: &str, spec: &TokenSpec) -> Result<GuidedPlan, Error> {
        let catalog = self.catalog(&spec.vendor)?;
        self.desk.guided_plan(id, &catalog, spec)
    }

    /// The vendor's token page from the guided plan (never an address the page supplies), for
    /// the app to open in the system browser; only an https page.
    pub fn vendor_console_url(&self, id: &str, spec: &TokenSpec) -> Result<String, Error> {
        let url = self.guided_plan(id, spec)?.console_url;
        if !url.starts_with("https://") {
            return Err(invalid("This connection has no web console to open."));
        }
        Ok(url)
    }

    pub async fn verify_pasted_token(
        &self,
        id: &str,
        token: SecretString,
        save_as: Option<String>,
        declared: Option<Declared>,
    ) -> Result<PastedCheck, Error> {
        self.ready(id).await?;
        self.desk.verify_pasted(id, token, save_as, declared).await
    }

    /// The newest `limit` (at most 1000) entries of the action log.
    pub fn recent_actions(&self, limit: u32) -> Result<Vec<ActionEntry>, Error> {
        self.desk.recent_actions(limit.min(1000) as usize)
    }

    /// A token spec checked against its catalog, with "today" from the desk's clock.
    pub fn check_token_spec(&self, spec: &TokenSpec) -> Result<SpecCheck, Error> {
        let (today, zone) = (self.desk.today(), self.desk.zone_label());
        service::check_token_spec(&self.catalogs(), spec, today, &zone)
    }
}
