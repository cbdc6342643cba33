//! The app itself: what it is, and whether the OS keyring works.

use scopekeeper_core::desk::KEYRING_TIMEOUT;
use scopekeeper_core::ipc::{AppInfo, IpcError, KeyringReport};
use scopekeeper_core::secret_store::{run_keyring_call, verify_round_trip};
use tauri::{AppHandle, Runtime};

use crate::state::ScopekeeperExt;

// Commands that answer the UI as it starts or types are async: they run on the async runtime
// and answer at once, instead of queueing behind the main (GTK) thread.

#[tauri::command]
pub async fn app_info<R: Runtime>(app: AppHandle<R>) -> AppInfo {
    describe_app(app.package_info())
}

/// This build, for the header and the status screen (also sent with the window, `boot.rs`).
pub fn describe_app(package: &tauri::PackageInfo) -> AppInfo {
    AppInfo::describe(&package.name, &package.version.to_string(), tauri::VERSION)
}

/// Writes, reads back and deletes a throwaway secret in the OS keyring.
#[tauri::command]
pub async fn keyring_check<R: Runtime>(app: AppHandle<R>) -> Result<KeyringReport, IpcError> {
    let store = app.scopekeeper().secrets();
    run_keyring_call(KEYRING_TIMEOUT, move || verify_round_trip(store.as_ref())).await
}
