//! History and evidence: every audit run saved in the local SQLite history, what changed since
//! the run before, timelines, the action log's chain state, and signed evidence packs.
//!
//! The history is opened once at start-up. A damaged or newer database is never written; its
//! error (which names the file and what to do) is what every history command answers, and the
//! rest of the app works without it. The database calls block, so they run off the async
//! runtime's threads.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use scopekeeper_core::action_log::{ActionLog, ChainState};
use scopekeeper_core::audit::AuditReport;
use scopekeeper_core::catalog::Catalog;
use scopekeeper_core::clock::{Clock, SystemClock};
use scopekeeper_core::desk::KEYRING_TIMEOUT;
use scopekeeper_core::error::{ErrorKind, IpcError};
use scopekeeper_core::evidence::{self, EvidenceInput, PublicKeyInfo, VerifiedPack};
use scopekeeper_core::history::{
    Changes, ConnectionTimeline, HistoryStore, RunSummary, TokenTimeline,
};
use scopekeeper_core::secret_store::{run_keyring_call, OsKeyringStore};
use scopekeeper_core::token_spec::Day;
use scopekeeper_core::vendor::Vendor;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::DialogExt;

use crate::file_commands::{choose, file_name, Pick};
use crate::state::ScopekeeperExt;

/// The history (opened on first use: checking a year of it takes a moment, which start-up
/// should not wait for), and why the last save failed. An opening error is not kept: the next
/// call tries again (the CLI may have been migrating the file at that moment).
pub struct History {
    file: PathBuf,
    store: Mutex<Option<Arc<HistoryStore>>>,
    last_save: Mutex<Option<IpcError>>,
    log: PathBuf,
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
async fn store_of<R: Runtime>(app: &AppHandle<R>) -> Result<Arc<HistoryStore>, IpcError> {
    let app = app.clone();
    blocking(move || app.state::<History>().store()).await
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Runs a blocking history call on the blocking pool.
async fn blocking<T: Send + 'static>(
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
    limit: u32,
) -> Result<Vec<RunSummary>, IpcError> {
    let store = store_of(&app).await?;
    blocking(move || store.runs(limit.clamp(1, 1000) as usize)).await
}

/// What changed in run `to`, each connection compared with the latest earlier run that read
/// it (from nothing, for the first run).
#[tauri::command]
pub async fn history_changes<R: Runtime>(app: AppHandle<R>, to: i64) -> Result<Changes, IpcError> {
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
    key: String,
) -> Result<Option<TokenTimeline>, IpcError> {
    let store = store_of(&app).await?;
    blocking(move || store.token_timeline(&key)).await
}

/// Every run of one connection: its tokens, and how many came, went and changed.
#[tauri::command]
pub async fn connection_timeline<R: Runtime>(
    app: AppHandle<R>,
    connection_id: String,
) -> Result<Option<ConnectionTimeline>, IpcError> {
    let store = store_of(&app).await?;
    blocking(move || store.connection_timeline(&connection_id)).await
}

/// The action log's hash chain: intact, or the first broken entry.
#[tauri::command]
pub async fn log_chain_state<R: Runtime>(app: AppHandle<R>) -> Result<ChainState, IpcError> {
    let path = app.state::<History>().log.clone();
    blocking(move || scopekeeper_core::action_log::verify(&path)).await
}

/// The evidence signing key's public half, or `None` before the first pack (never creates one).
#[tauri::command]
pub async fn evidence_key<R: Runtime>(
    _app: AppHandle<R>,
) -> Result<Option<PublicKeyInfo>, IpcError> {
    run_keyring_call(KEYRING_TIMEOUT, || evidence::public_key(&OsKeyringStore)).await
}

/// Builds a signed evidence pack of the runs since `since` (`YYYY-MM-DD`, local; `None`: the
/// latest run), saves it where the admin chooses, and answers what it holds.
#[tauri::command]
pub async fn export_evidence<R: Runtime>(
    app: AppHandle<R>,
    since: Option<String>,
) -> Result<Option<(String, VerifiedPack)>, IpcError> {
    let since = since.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let since_ms = match &since {
        Some(text) => Some(SystemClock.start_of_day_ms(Day::parse(text).ok_or_else(|| {
            IpcError::new(
                ErrorKind::InvalidInput,
                format!("“{text}” is not a date: enter it as YYYY-MM-DD."),
            )
        })?)),
        None => None,
    };
    let store = store_of(&app).await?;
    let log = ActionLog::new(&app.state::<History>().log);
    let catalogs = evidence::catalog_identities(app.scopekeeper().catalogs().catalogs());
    let actor = scopekeeper_core::os_user::os_user();
    let input = blocking(move || {
        let (actions, chain) = evidence::log_range(&log, since_ms)?;
        let (snapshots, findings) = evidence::history_snapshots(&store, since_ms)?;
        if snapshots.is_empty() {
            return Err(IpcError::new(
                ErrorKind::NotFound,
                "No audit run is in that range: run the audit, or choose an earlier date.",
            ));
        }
        Ok(EvidenceInput {
            actor,
            since,
            snapshots,
            findings,
            actions,
            log_chain: Some(chain),
            catalogs,
        })
    })
    .await?;
    // The key may wait on a locked keyring: bounded like every keyring call.
    let bytes = run_keyring_call(KEYRING_TIMEOUT, move || {
        let key = evidence::signing_key(&OsKeyringStore)?;
        Ok::<_, IpcError>(evidence::build(input, &key, &SystemClock))
    })
    .await?;
    // A pack that would not verify is never written.
    let (bytes, pack) = blocking(move || {
        let pack = evidence::verify(&bytes, None).map_err(IpcError::from)?;
        Ok((bytes, pack))
    })
    .await?;
    let day = pack.created_at.get(..10).unwrap_or("pack").to_owned();
    let dialog = app
        .dialog()
        .file()
        .set_title("Save the evidence pack")
        .add_filter("Evidence pack (JSON)", &["json"])
        .set_file_name(format!("scopekeeper-evidence-{day}.json"));
    let Some(path) = choose(dialog, Pick::Save).await else {
        return Ok(None);
    };
    let tmp = format!(".{}.saving", file_name(&path));
    let to = path.clone();
    blocking(move || {
        scopekeeper_core::fsutil::write_atomically(&to, &tmp, &bytes).map_err(|e| {
            IpcError::new(
                ErrorKind::Io,
                format!("Cannot write {}: {e}. Choose another folder.", to.display()),
            )
        })
    })
    .await?;
    Ok(Some((file_name(&path), pack)))
}
