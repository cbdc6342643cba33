//! Scopekeeper's domain, shared by the desktop app, the CLI and the simulators.
//!
//! Owns everything that can be decided without a window: scope catalogs and their algebra
//! (resolve, reverse lookup, least-privilege suggestion, diff, search), secret handling, the
//! secret-store abstraction, and the types that cross IPC. It must never depend on tauri, GTK
//! or WebKit, so that every rule here compiles and tests headless.

pub mod action_log;
pub mod algebra;
pub mod audit;
pub mod catalog;
pub mod clock;
pub mod connection;
pub mod desk;
pub mod error;
pub mod evidence;
pub mod fsutil;
pub mod history;
pub mod ipc;
pub mod offboard;
pub mod os_user;
pub mod printable;
pub mod search;
pub mod secret;
pub mod secret_store;
pub mod service;
pub mod suggest;
pub mod token_spec;
pub mod typescript;
pub mod vendor;

/// Version of this crate, reported to the UI so a bug report names the exact engine.
pub const CORE_VERSION: &str = env!("CARGO_PKG_VERSION");
