//! End-to-end harness: runs the real Scopekeeper binary in its real WebKitGTK webview and
//! drives it through WebDriver, as a person would.
//!
//! Each [`Harness`] owns a private world and tears it down on drop: an Xvfb display, a private
//! D-Bus session bus, a throwaway gnome-keyring (unlocked, locked, or absent) whose files live
//! in a temporary `XDG_DATA_HOME`, private config/data dirs for the app, and a `tauri-driver`
//! (which starts `WebKitWebDriver`, which starts the app). Nothing touches the developer's own
//! display, keyring or settings. Screenshots go to `target/e2e-screenshots/`.
//!
//! The harness never builds the app: `make test` builds it first. A missing binary or tool is a
//! test failure with a message saying what to run, never a silent skip.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use fantoccini::Client;

pub use axe::Violation;
pub use fantoccini;
pub use memory::{ProcessMemory, TreeMemory};

mod axe;
mod desktop;
mod harness;
mod memory;

/// What kind of Secret Service the app finds on its session bus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyringMode {
    /// gnome-keyring with a default collection created and unlocked (a logged-in desktop).
    Unlocked,
    /// gnome-keyring running, but no collection unlocked and no prompt can be answered.
    Locked,
    /// No Secret Service on the bus at all.
    Absent,
}

/// How to start a harness.
#[derive(Debug, Clone)]
pub struct Options {
    pub keyring: KeyringMode,
    /// Xvfb screen size; also the largest the window can be.
    pub screen: (u32, u32),
    /// Ask GTK (and so the webview's `prefers-color-scheme`) for the dark theme.
    pub dark: bool,
    /// Another binary to drive instead of the app (benchmarks compare with a blank window).
    pub app: Option<PathBuf>,
    /// What must be on the page before the harness hands over.
    pub ready_css: &'static str,
    /// Extra environment for the app (and everything else on this desktop).
    pub env: Vec<(String, String)>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            keyring: KeyringMode::Unlocked,
            screen: (1280, 800),
            dark: false,
            app: None,
            ready_css: "#app > *",
            env: Vec::new(),
        }
    }
}

/// A private display, session bus, keyring and app dirs: everything but the app.
pub struct PrivateDesktop {
    children: Vec<(&'static str, Child)>,
    env: Vec<(String, String)>,
    _root: tempfile::TempDir,
}

/// One running app, driven over WebDriver, on its own [`PrivateDesktop`].
pub struct Harness {
    client: Option<Client>,
    screenshots: PathBuf,
    desktop: PrivateDesktop,
    /// From asking WebDriver for a session to `ready_css` being on the page.
    startup: Duration,
}

/// The workspace root (this crate lives in `tests/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// A catalog from `../shared/catalogs/bench` (or `$SCOPEKEEPER_SHARED/catalogs/bench`).
pub fn bench_catalog(file: &str) -> PathBuf {
    let shared = std::env::var_os("SCOPEKEEPER_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("../shared"));
    let p = shared.join("catalogs/bench").join(file);
    assert!(
        p.is_file(),
        "bench catalog {} is needed (set SCOPEKEEPER_SHARED to the shared/ folder)",
        p.display()
    );
    p
}

/// The app binary under test: `$SCOPEKEEPER_APP`, or the debug build `make build` produces.
pub fn app_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("SCOPEKEEPER_APP") {
        return PathBuf::from(p);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    target.join("debug").join("scopekeeper-desktop")
}

fn find_tool(name: &str, env_override: &str) -> PathBuf {
    if let Some(p) = std::env::var_os(env_override) {
        return PathBuf::from(p);
    }
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        dirs.push(PathBuf::from(home).join("bin"));
    }
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo/bin"));
    }
    dirs.into_iter()
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!("`{name}` is not installed (or set {env_override}); `make test` installs it")
        })
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free TCP port on 127.0.0.1")
}

fn wait_until(what: &str, limit: Duration, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(
            start.elapsed() < limit,
            "timed out after {limit:?} waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Whether a Secret Service owns its well-known name on the bus described by `env`.
fn secret_service_is_up(env: &[(String, String)]) -> bool {
    Command::new("dbus-send")
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            "string:org.freedesktop.secrets",
        ])
        .output()
        .map(|o| o.status.success() && String::from_utf8_lossy(&o.stdout).contains("true"))
        .unwrap_or(false)
}

fn path_str(p: &Path) -> String {
    p.to_str().expect("harness paths are UTF-8").to_owned()
}
