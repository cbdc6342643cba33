//! The Scopekeeper desktop app: Tauri glue only.
//!
//! This crate wires plugins, managed state and commands to `scopekeeper-core` (which also holds
//! the OS-keyring store the CLI shares). Domain rules never live here: a command body is a short
//! delegation into the core.

pub mod boot;
pub mod clipboard;
pub mod commands;
mod dialog;
pub mod memory;
pub mod sandbox;
pub mod state;
pub mod test_hooks;

use std::sync::Arc;

use scopekeeper_core::places::Places;
use scopekeeper_core::secret_store::OsKeyringStore;
use state::{AppState, ScopekeeperExt};
use tauri::Manager;

/// Shrinks the window to the screen it opens on when the configured 1280×800 does not fit,
/// never below the supported minimum of 1024×700.
fn fit_to_screen<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>) {
    let Ok(Some(monitor)) = window.current_monitor() else {
        return;
    };
    let screen = monitor.size().to_logical::<f64>(monitor.scale_factor());
    let Ok(size) = window.inner_size() else {
        return;
    };
    let size = size.to_logical::<f64>(monitor.scale_factor());
    if size.width > screen.width || size.height > screen.height {
        let fitted = tauri::LogicalSize::new(
            size.width.min(screen.width).max(1024.0),
            size.height.min(screen.height).max(700.0),
        );
        let _ = window.set_size(fitted);
    }
}

/// Manages the state every command reaches, on the app's config and data folders.
fn setup(app: &mut tauri::App) -> Result<(), Box<dyn std::error::Error>> {
    let places = Places::new(app.path().app_config_dir()?, app.path().app_data_dir()?);
    app.manage(AppState::open(places, Arc::new(OsKeyringStore)));
    // Opening the imported catalogs parsed their text and grant strings, now freed: give that
    // memory back (GCP imported: the process's RSS +20 MiB after opening, +12 MiB once trimmed;
    // `make bench`, catalog_memory).
    memory::trim_soon();
    // Open (and check) the history in the background, so the first audit need not wait.
    let handle = app.handle().clone();
    std::thread::spawn(move || handle.scopekeeper().work.open_history());
    // The window is made here, not from the config, so that it is born with what its first
    // screen shows (`boot`); tauri.conf.json describes it with `"create": false`.
    let config = app
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == "main")
        .cloned()
        .ok_or("tauri.conf.json describes no \"main\" window")?;
    let window = tauri::WebviewWindowBuilder::from_config(app.handle(), &config)?
        .initialization_script(boot::script(app))
        .build()?;
    fit_to_screen(&window);
    Ok(())
}

/// Starts the app and blocks until its last window closes.
pub fn run() {
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(setup)
        .invoke_handler(commands::handler())
        .build(tauri::generate_context!());
    let app = match result {
        Ok(app) => app,
        Err(e) => {
            eprintln!("Scopekeeper could not start: {e}");
            std::process::exit(1);
        }
    };
    app.run(|handle, event| {
        // A token copied from Scopekeeper does not outlive it on the clipboard (a clipboard
        // manager would otherwise take it over when the app quits).
        if let tauri::RunEvent::Exit = event {
            if let Some(state) = handle.try_state::<AppState>() {
                state.clipboard.clear_if_ours();
            }
        }
    });
}
