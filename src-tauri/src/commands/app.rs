//! What the app is, for the header and the status screen (also sent with the window, `boot.rs`).

use scopekeeper_core::ipc::AppInfo;

/// This build: its name and version, the core's and Tauri's, the OS and the vendors.
pub fn describe_app(package: &tauri::PackageInfo) -> AppInfo {
    AppInfo::describe(&package.name, &package.version.to_string(), tauri::VERSION)
}
