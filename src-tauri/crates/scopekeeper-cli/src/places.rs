//! Where the desktop app keeps its files, so the CLI reads and writes the same ones: the config
//! dir and the data dir, each the platform's folder named after the app's identifier, as
//! Tauri's `app_config_dir` and `app_data_dir` name them, resolved into the core's [`Places`]
//! (which names every file in them). `$SCOPEKEEPER_CONFIG_DIR` and `$SCOPEKEEPER_DATA_DIR` name
//! those folders directly instead (tests, or a second set of connections).

use std::path::PathBuf;

use scopekeeper_core::places::Places;
use scopekeeper_core::secret_store::KEYRING_SERVICE;

/// The app's identifier, which names its folders (and files its keyring entries).
const APP_ID: &str = KEYRING_SERVICE;

fn home() -> Option<PathBuf> {
    std::env::var_os("HOME").map(PathBuf::from)
}

/// The platform's folder for configuration (`$XDG_CONFIG_HOME` or `~/.config` on Linux).
fn platform_config() -> Option<PathBuf> {
    if cfg!(target_os = "macos") {
        Some(home()?.join("Library/Application Support"))
    } else if cfg!(windows) {
        std::env::var_os("APPDATA").map(PathBuf::from)
    } else {
        std::env::var_os("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| Some(home()?.join(".config")))
    }
}

/// The platform's folder for data (`$XDG_DATA_HOME` or `~/.local/share` on Linux).
fn platform_data() -> Option<PathBuf> {
    if cfg!(target_os = "macos") || cfg!(windows) {
        platform_config()
    } else {
        std::env::var_os("XDG_DATA_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| Some(home()?.join(".local/share")))
    }
}

/// The app's config folder.
pub fn config_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("SCOPEKEEPER_CONFIG_DIR") {
        return Some(PathBuf::from(dir));
    }
    Some(platform_config()?.join(APP_ID))
}

/// The app's data folder.
pub fn data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("SCOPEKEEPER_DATA_DIR") {
        return Some(PathBuf::from(dir));
    }
    Some(platform_data()?.join(APP_ID))
}

/// The app's folders, for a command that uses both; `None` when either cannot be told (no
/// `$HOME` and no override). A command that uses one folder joins it with the file's name from
/// `scopekeeper_core::places`, so it works when only that folder can be told.
pub fn places() -> Option<Places> {
    Some(Places::new(config_dir()?, data_dir()?))
}

pub use scopekeeper_core::os_user::os_user;
