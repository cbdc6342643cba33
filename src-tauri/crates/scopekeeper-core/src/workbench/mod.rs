//! The workbench: the one owner of what the app's commands work on — the catalogs, the desk,
//! the audit history, the last audit report and the offboarding sweep — and of the decisions
//! that span them: an audit saved to the history as it finishes, a revoked token leaving the
//! last report (judged again), a template checked before it is saved, a connection edit
//! dropping the sweep's plan. Built from [`Places`], it runs without a window, so the app's
//! commands are one-line delegations and every decision here is tested headless.
//!
//! One concern a file: `audit` (run, cancel, templates, the last report and its export),
//! `history` (the history opened lazily, each run saved, its queries, evidence packs), `sweep`
//! (the offboarding plan, its one-at-a-time revoke and outcome, connection edits), `tokens`
//! (revokes, which leave the last report), `desk_calls` (the desk's other calls, the sandbox
//! started first), `sandbox` (what the app's simulators give the workbench, and their
//! consoles).
//!
//! Invariants:
//! - the last audit report lives here only; callers get copies;
//! - a token revoked or forgotten here is dropped from the last report, which is judged again;
//! - a sweep revokes only tokens of the current plan, one revoke at a time, and saving or
//!   removing a connection drops the plan.
//!
//! Must never open a window, a file dialog or the clipboard (the app does), or name a vendor.

use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard, RwLockWriteGuard};

use crate::action_log::ActionLog;
use crate::audit::{AuditProgress, AuditReport, AuditSlot};
use crate::catalog::registry::CatalogRegistry;
use crate::catalog::Catalog;
use crate::clock::Clock;
use crate::connection::ConnectionStore;
use crate::desk::Desk;
use crate::error::{Error, ErrorKind};
use crate::places::{PlacedFile, Places};
use crate::secret_store::SecretStore;
use crate::sync::{read, write};
use crate::vendor::adapter::ListProgress;
use crate::vendor::{Vendor, VendorHttp};

mod audit;
mod desk_calls;
mod history;
mod sandbox;
mod sweep;
mod tokens;

/// What [`SandboxHost::ensure`] answers: a boxed future, so the host can be a trait object.
pub use futures_util::future::BoxFuture;

pub use sandbox::{NoSandbox, SandboxConsole, SandboxHost};

use history::LazyHistory;
use sweep::SweepState;

/// What the workbench's desk is built with, beside its files.
pub struct Tools {
    pub http: VendorHttp,
    pub clock: Arc<dyn Clock>,
    pub secrets: Arc<dyn SecretStore>,
    /// The OS user, recorded with every action and audit.
    pub actor: String,
}

/// A file the admin is about to save: what the save dialog asks, the name it suggests, how it
/// describes the file's type, and the bytes. Where it goes is the app's choice (its dialog).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    pub title: &'static str,
    pub suggested_name: String,
    pub filter: &'static str,
    pub extension: &'static str,
    pub bytes: Vec<u8>,
}

/// Everything the app's commands share; see the module's invariants.
pub struct Workbench {
    places: Places,
    catalogs: RwLock<CatalogRegistry>,
    desk: Arc<Desk>,
    secrets: Arc<dyn SecretStore>,
    clock: Arc<dyn Clock>,
    sandbox: Arc<dyn SandboxHost>,
    history: Arc<LazyHistory>,
    actor: String,
    audit: AuditSlot,
    last: Mutex<Option<AuditReport>>,
    sweep: SweepState,
}

impl Workbench {
    /// Opens the catalogs, the connections and the action log where `places` names them. The
    /// history is opened on first use ([`Workbench::open_history`] opens it ahead).
    pub fn open(places: Places, tools: Tools, sandbox: Arc<dyn SandboxHost>) -> Self {
        let desk = Desk::new(
            tools.http,
            Arc::clone(&tools.clock),
            Arc::clone(&tools.secrets),
            ConnectionStore::open(&places.connections()),
            ActionLog::new(&places.action_log()),
            tools.actor.clone(),
        );
        Self {
            catalogs: RwLock::new(CatalogRegistry::open(&places.imported_catalogs())),
            desk: Arc::new(desk),
            secrets: tools.secrets,
            clock: tools.clock,
            sandbox,
            history: Arc::new(LazyHistory::new(places.history())),
            actor: tools.actor,
            audit: AuditSlot::default(),
            last: Mutex::new(None),
            sweep: SweepState::default(),
            places,
        }
    }

    /// Every file Scopekeeper keeps on this machine, and whether it exists yet.
    pub fn files(&self) -> Vec<PlacedFile> {
        let named = self.places.named().into_iter();
        named
            .map(|(what, path)| PlacedFile {
                what: what.to_owned(),
                exists: path.exists(),
                path: path.display().to_string(),
            })
            .collect()
    }

    pub fn desk(&self) -> &Desk {
        &self.desk
    }

    /// The secret store (the OS keyring in the app).
    pub fn secrets(&self) -> Arc<dyn SecretStore> {
        Arc::clone(&self.secrets)
    }

    /// The catalogs, for reading. Every change to the registry is all-or-nothing, so a
    /// poisoned lock still holds a consistent one.
    pub fn catalogs(&self) -> RwLockReadGuard<'_, CatalogRegistry> {
        read(&self.catalogs)
    }

    /// The catalogs, for an import or a removal.
    pub fn catalogs_mut(&self) -> RwLockWriteGuard<'_, CatalogRegistry> {
        write(&self.catalogs)
    }

    /// A copy of one vendor's catalog, to use across an `.await`.
    pub fn catalog(&self, vendor: &str) -> Result<Catalog, Error> {
        self.catalogs()
            .get(vendor)
            .cloned()
            .ok_or_else(|| Error::new(ErrorKind::NotFound, format!("No catalog `{vendor}`.")))
    }

    /// Every built-in vendor's catalog as it is now, as the audit and the sweep read them.
    fn vendor_catalogs(&self) -> Vec<(Vendor, Catalog)> {
        let catalogs = self.catalogs();
        Vendor::ALL
            .iter()
            .filter_map(|v| Some((*v, catalogs.get(v.id())?.clone())))
            .collect()
    }

    /// Starts the sandbox first when connection `id` is a sandbox one.
    pub async fn ready(&self, id: &str) -> Result<(), Error> {
        if self.desk.connection(id)?.sandbox {
            self.sandbox.ensure(&self.desk).await?;
        }
        Ok(())
    }

    /// Starts the sandbox (for adding its connections, or its simulated consoles).
    pub async fn start_sandbox(&self) -> Result<(), Error> {
        self.sandbox.ensure(&self.desk).await
    }
}

/// The catalog of `vendor` among `cats`.
fn catalog_in(cats: &[(Vendor, Catalog)], vendor: Vendor) -> Option<Catalog> {
    cats.iter()
        .find(|(v, _)| *v == vendor)
        .map(|(_, c)| c.clone())
}

/// Starts the sandbox when any connection is a sandbox one (before reading them all).
async fn ready_all(desk: &Desk, sandbox: &dyn SandboxHost) -> Result<(), Error> {
    if desk.connections().iter().any(|c| c.sandbox) {
        sandbox.ensure(desk).await?;
    }
    Ok(())
}

/// Each connection's reading progress, named with the connection's label as it is now.
fn labelled<'a>(
    desk: &Desk,
    on_progress: &'a (dyn Fn(AuditProgress) + Send + Sync),
) -> impl Fn(&str, ListProgress) + Send + Sync + 'a {
    let labels: std::collections::HashMap<String, String> = desk
        .connections()
        .into_iter()
        .map(|c| (c.id, c.label))
        .collect();
    move |id: &str, progress: ListProgress| {
        on_progress(AuditProgress {
            connection_id: id.to_owned(),
            label: labels.get(id).cloned().unwrap_or_default(),
            progress,
        })
    }
}
