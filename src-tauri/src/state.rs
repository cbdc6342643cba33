//! The one managed [`AppState`] and the extension trait commands reach it through.

use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use scopekeeper_core::catalog::registry::CatalogRegistry;
use scopekeeper_core::catalog::Catalog;
use scopekeeper_core::desk::Desk;
use scopekeeper_core::error::{ErrorKind, IpcError};
use scopekeeper_core::secret_store::SecretStore;
use tauri::{Manager, Runtime, State};

use crate::clipboard::ClipboardKeeper;
use crate::sandbox::Sandbox;

/// Everything the commands share. Managed once, at start-up.
pub struct AppState {
    secrets: Arc<dyn SecretStore>,
    catalogs: RwLock<CatalogRegistry>,
    pub desk: Desk,
    pub sandbox: Sandbox,
    pub clipboard: Arc<ClipboardKeeper>,
}

impl AppState {
    pub fn new(secrets: Arc<dyn SecretStore>, catalogs: CatalogRegistry, desk: Desk) -> Self {
        Self {
            secrets,
            catalogs: RwLock::new(catalogs),
            desk,
            sandbox: Sandbox::default(),
            clipboard: Arc::default(),
        }
    }

    /// The secret store (the OS keyring in the app).
    pub fn secrets(&self) -> Arc<dyn SecretStore> {
        Arc::clone(&self.secrets)
    }

    /// The catalogs, for reading. A poisoned lock still holds a consistent registry (every
    /// change to it is all-or-nothing), so it is used as is.
    pub fn catalogs(&self) -> RwLockReadGuard<'_, CatalogRegistry> {
        self.catalogs.read().unwrap_or_else(|p| p.into_inner())
    }

    /// The catalogs, for an import or a removal.
    pub fn catalogs_mut(&self) -> RwLockWriteGuard<'_, CatalogRegistry> {
        self.catalogs.write().unwrap_or_else(|p| p.into_inner())
    }

    /// A copy of one vendor's catalog, to use across an `.await`.
    pub fn catalog(&self, vendor: &str) -> Result<Catalog, IpcError> {
        self.catalogs()
            .get(vendor)
            .cloned()
            .ok_or_else(|| IpcError::new(ErrorKind::NotFound, format!("No catalog `{vendor}`.")))
    }

    /// Starts the sandbox first when the connection is a sandbox one.
    pub async fn ready(&self, connection_id: &str) -> Result<(), IpcError> {
        if self.desk.connection(connection_id)?.sandbox {
            self.sandbox.ensure(&self.desk).await?;
        }
        Ok(())
    }
}

/// `app.scopekeeper()` from anything that can reach managed state.
pub trait ScopekeeperExt<R: Runtime> {
    fn scopekeeper(&self) -> State<'_, AppState>;
}

impl<R: Runtime, M: Manager<R>> ScopekeeperExt<R> for M {
    fn scopekeeper(&self) -> State<'_, AppState> {
        self.state::<AppState>()
    }
}
