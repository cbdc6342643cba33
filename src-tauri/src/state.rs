//! The one managed [`AppState`] and the extension trait commands reach it through.

use std::sync::Arc;

use scopekeeper_core::secret_store::SecretStore;
use tauri::{Manager, Runtime, State};

/// Everything the commands share. Managed once, at start-up.
pub struct AppState {
    secrets: Arc<dyn SecretStore>,
}

impl AppState {
    pub fn new(secrets: Arc<dyn SecretStore>) -> Self {
        Self { secrets }
    }

    /// The secret store (the OS keyring in the app).
    pub fn secrets(&self) -> Arc<dyn SecretStore> {
        Arc::clone(&self.secrets)
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
