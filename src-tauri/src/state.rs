//! The one managed [`AppState`] and the extension trait commands reach it through.

use std::sync::Arc;

use scopekeeper_core::clock::SystemClock;
use scopekeeper_core::places::Places;
use scopekeeper_core::secret_store::SecretStore;
use scopekeeper_core::vendor::{HttpPolicy, VendorHttp};
use scopekeeper_core::workbench::{SandboxHost, Tools, Workbench};
use tauri::{Manager, Runtime, State};

use crate::clipboard::ClipboardKeeper;
use crate::sandbox::Sandbox;

/// Everything the commands share: the core's workbench (which runs the in-app simulators
/// through [`Sandbox`], its sandbox host), and the clipboard, which only a desktop has.
/// Managed once, at start-up.
pub struct AppState {
    pub work: Workbench,
    pub clipboard: Arc<ClipboardKeeper>,
}

impl AppState {
    /// The workbench on the files `places` names, with `secrets` (the OS keyring in the app).
    pub fn open(places: Places, secrets: Arc<dyn SecretStore>) -> Self {
        let http = VendorHttp::new(HttpPolicy::default());
        http.prepare_in_background();
        let tools = Tools {
            http,
            clock: Arc::new(SystemClock),
            secrets,
            actor: scopekeeper_core::os_user::os_user(),
        };
        let sandbox: Arc<dyn SandboxHost> = Arc::new(Sandbox::default());
        Self {
            work: Workbench::open(places, tools, sandbox),
            clipboard: Arc::default(),
        }
    }
}

/// `app.scopekeeper()` from anything that can reach managed state.
pub trait ScopekeeperExt<R: Runtime> {
    fn scopekeeper(&self) -> State<'_, AppState>;
    /// The core's workbench, where every command's body lives.
    fn work(&self) -> &Workbench;
}

impl<R: Runtime, M: Manager<R>> ScopekeeperExt<R> for M {
    fn scopekeeper(&self) -> State<'_, AppState> {
        self.state::<AppState>()
    }

    fn work(&self) -> &Workbench {
        &self.state::<AppState>().inner().work
    }
}
