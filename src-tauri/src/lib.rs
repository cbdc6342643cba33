//! The Scopekeeper desktop app: Tauri glue only.
//!
//! This crate wires plugins, managed state and commands to `scopekeeper-core`, and implements
//! the OS-keyring [`SecretStore`](scopekeeper_core::secret_store::SecretStore). Domain rules
//! never live here: a command body is a short delegation into the core.

pub mod commands;
pub mod keyring_store;
pub mod state;

use std::sync::Arc;

use keyring_store::OsKeyringStore;
use state::AppState;

/// Starts the app and blocks until its last window closes.
pub fn run() {
    let state = AppState::new(Arc::new(OsKeyringStore));
    let result = tauri::Builder::default()
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::keyring_check,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Scopekeeper could not start: {e}");
        std::process::exit(1);
    }
}
