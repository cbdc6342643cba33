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
use scopekeeper_core::catalog::registry::CatalogRegistry;
use state::AppState;
use tauri::Manager;

/// Starts the app and blocks until its last window closes.
pub fn run() {
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            // Imported catalogs live in the app's data dir and survive restarts.
            let catalogs = match app.path().app_data_dir() {
                Ok(dir) => CatalogRegistry::open(&dir.join("catalogs")),
                Err(_) => CatalogRegistry::builtins_only(),
            };
            app.manage(AppState::new(Arc::new(OsKeyringStore), catalogs));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::keyring_check,
            commands::list_catalogs,
            commands::catalog_view,
            commands::resolve_selection,
            commands::search_catalogs,
            commands::permission_grants,
            commands::suggest_scopes,
            commands::diff_selections,
            commands::scope_dependents,
            commands::check_token_spec,
            commands::import_catalog,
            commands::remove_catalog,
            commands::export_token_spec,
            commands::load_token_spec,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Scopekeeper could not start: {e}");
        std::process::exit(1);
    }
}
