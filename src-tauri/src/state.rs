//! The one managed [`AppState`] and the extension trait commands reach it through.

use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use scopekeeper_core::catalog::registry::CatalogRegistry;
use scopekeeper_core::secret_store::SecretStore;
use tauri::{Manager, Runtime, State};

/// Everything the commands share. Managed once, at start-up.
pub struct AppState {
    secrets: Arc<dyn SecretStore>,
    catalogs: RwLock<CatalogRegistry>,
}

impl AppState {
    pub fn new(secrets: Arc<dyn SecretStore>, catalogs: CatalogRegistry) -> Self {
        Self {
            secrets,
            catalogs: RwLock::new(catalogs),
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
