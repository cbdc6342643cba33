//! IPC commands. Each is a short delegation into `scopekeeper-core`; errors cross as
//! `{ kind, message }` ([`IpcError`]) and no reply ever carries a secret.

use std::time::Duration;

use scopekeeper_core::ipc::{AppInfo, IpcError, KeyringReport};
use scopekeeper_core::secret_store::verify_round_trip;
use tauri::{AppHandle, Runtime};

use crate::keyring_store::run_keyring_call;
use crate::state::ScopekeeperExt;

/// How long a keyring call may take before the admin is told it is stuck (a locked keyring can
/// wait forever on an unlock prompt nobody sees).
const KEYRING_TIMEOUT: Duration = Duration::from_secs(15);

#[tauri::command]
pub fn app_info<R: Runtime>(app: AppHandle<R>) -> AppInfo {
    let package = app.package_info();
    AppInfo::describe(&package.name, &package.version.to_string(), tauri::VERSION)
}

/// Writes, reads back and deletes a throwaway secret in the OS keyring.
#[tauri::command]
pub async fn keyring_check<R: Runtime>(app: AppHandle<R>) -> Result<KeyringReport, IpcError> {
    let store = app.scopekeeper().secrets();
    run_keyring_call(KEYRING_TIMEOUT, move || verify_round_trip(store.as_ref())).await
}
