//! History: every audit run saved in the local SQLite history, what changed since the run
//! before, timelines, and the action log (its recent entries and its chain's state).
//!
//! The history is opened once at start-up. A damaged or newer database is never written; its
//! error (which names the file and what to do) is what every history command answers, and the
//! rest of the app works without it. The database calls block, so they run off the async
//! runtime's threads.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use scopekeeper_core::action_log::{ActionEntry, ChainState};
use scopekeeper_core::audit::AuditReport;
use scopekeeper_core::catalog::Catalog;
use scopekeeper_core::error::{ErrorKind, IpcError};
use scopekeeper_core::history::{
    Changes, ConnectionTimeline, HistoryStore, RunSummary, TokenTimeline,
};
use scopekeeper_core::vendor::Vendor;
use tauri::{AppHandle, Manager, Runtime};

use crate::commands::{
    ConnectionTimelineRequest, HistoryChangesRequest, HistoryRunsRequest, RecentActionsRequest,
    TokenTimelineRequest,
};
use crate::state::ScopekeeperExt;

/// The history (opened on first use: checking a year of it takes a moment, which start-up
/// should not wait for), and why the last save failed. An opening error is not kept: the next
/// call tries again (the CLI may have been migrating the file at that moment).
pub struct History {
    file: PathBuf,
    store: Mutex<Option<Arc<HistoryStore>>>,
    last_save: Mutex<Option<IpcError>>,
    pub(crate) log: PathBuf,
}

impl History {
    pub fn new(data_dir: &std::path::Path) -> Self {
        Self {
            file: data_dir.join(scopekeeper_core::history::FILE_NAME),
            store: Mutex::new(None),
            last_save: Mutex::new(None),
            log: data_dir.join("actions.jsonl"),
        }
    }

    /// The store, opening it if no one has yet (blocks: call it off the async threads).
    pub fn store(&self) -> Result<Arc<HistoryStore>, IpcError> {
        let mut slot = lock(&self.store);
        if let Some(store) = slot.as_ref() {
            return Ok(Arc::clone(store));
        }
        let store = Arc::new(HistoryStore::open(&self.file)?);
        *slot = Some(Arc::clone(&store));
        Ok(store)
    }
}

/// The history's store, from a blocking task.
pub(crate) async fn store_of<R: Runtime>(
    app: &AppHandle<R>,
) -> Result<Arc<HistoryStore>, IpcError> {
    let app = app.clone();
    blocking(move || app.state::<History>().store()).await
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Runs a blocking history call on the blocking pool.
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, IpcError> + Send + 'static,
) -> Result<T, IpcError> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|_| IpcError::new(ErrorKind::Internal, "A history task stopped unexpectedly."))?
}

/// Saves a finished audit; a failure is kept for [`since_last_audit`] to report (the audit
/// itself is shown either way).
pub async fn save_run<R: Runtime>(
    app: &AppHandle<R>,
    report: AuditReport,
    cats: Vec<(Vendor, Catalog)>,
) {
    let result = match store_of(app).await {
        Ok(store) => {
            blocking(move || {
                let refs: Vec<(Vendor, &Catalog)> = cats.iter().map(|(v, c)| (*v, c)).collect();
                store.save(&report, &refs).map(|_| ())
            })
            .await
        }
        Err(e) => Err(e),
    };
    *lock(&app.state::<History>().last_save) = result.err();
}

/// What changed between the last two audits (`None`: there is no earlier one), or why the
/// history cannot say.
#[tauri::command]
pub async fn since_last_audit<R: Runtime>(app: AppHandle<R>) -> Result<Option<Changes>, IpcError> {
    if let Some(e) = lock(&app.state::<History>().last_save).clone() {
        return Err(e);
    }
    let store = store_of(&app).await?;
    blocking(move || store.since_last()).await
}

/// The newest `limit` audit runs, newest first.
#[tauri::command]
pub async fn history_runs<R: Runtime>(
    app: AppHandle<R>,
    req: HistoryRunsRequest,
) -> Result<Vec<RunSummary>, IpcError> {
    let HistoryRunsRequest { limit } = req;
    let store = store_of(&app).await?;
    blocking(move || store.runs(limit.clamp(1, 1000) as usize)).await
}

/// What changed in run `to`, each connection compared with the latest earlier run that read
/// it (from nothing, for the first run).
#[tauri::command]
pub async fn history_changes<R: Runtime>(
    app: AppHandle<R>,
    req: HistoryChangesRequest,
) -> Result<Changes, IpcError> {
    let HistoryChangesRequest { to } = req;
    let store = store_of(&app).await?;
    blocking(move || match store.since(to, None)? {
        Some(changes) => Ok(changes),
        None => store.changes(None, to),
    })
    .await
}

/// Every run one token appears in, with what changed each time.
#[tauri::command]
pub async fn token_timeline<R: Runtime>(
    app: AppHandle<R>,
    req: TokenTimelineRequest,
) -> Result<Option<TokenTimeline>, IpcError> {
    let TokenTimelineRequest { key } = req;
    let store = store_of(&app).await?;
    blocking(move || store.token_timeline(&key)).await
}

/// Every run of one connection: its tokens, and how many came, went and changed.
#[tauri::command]
pub async fn connection_timeline<R: Runtime>(
    app: AppHandle<R>,
    req: ConnectionTimelineRequest,
) -> Result<Option<ConnectionTimeline>, IpcError> {
    let ConnectionTimelineRequest { connection_id } = req;
    let store = store_of(&app).await?;
    blocking(move || store.connection_timeline(&connection_id)).await
}

/// The action log's hash chain: intact, or the first broken entry.
#[tauri::command]
pub async fn log_chain_state<R: Runtime>(app: AppHandle<R>) -> Result<ChainState, IpcError> {
    let path = app.state::<History>().log.clone();
    blocking(move || scopekeeper_core::action_log::verify(&path)).await
}

#[tauri::command]
pub async fn recent_actions<R: Runtime>(
    app: AppHandle<R>,
    req: RecentActionsRequest,
) -> Result<Vec<ActionEntry>, IpcError> {
    let RecentActionsRequest { limit } = req;
    app.scopekeeper()
        .desk
        .recent_actions(limit.min(1000) as usize)
}
