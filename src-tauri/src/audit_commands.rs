//! The audit: one run at a time, reading every connection with progress sent over a channel,
//! cancellable; the last report is kept here (in Rust) for the exports, so a report is never
//! taken from the page.

use std::collections::HashMap;
use std::sync::Mutex;

use scopekeeper_core::audit::AuditSettings;
use scopekeeper_core::desk::{AuditProgress, AuditReport};
use scopekeeper_core::error::{ErrorKind, IpcError};
use scopekeeper_core::vendor::Vendor;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime};

use crate::state::ScopekeeperExt;

/// The running audit (to cancel it) and the last finished one.
#[derive(Default)]
pub struct AuditRuns {
    running: Mutex<Option<tauri::async_runtime::JoinHandle<()>>>,
    pub last: Mutex<Option<AuditReport>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// The settings file (`audit.toml` in the config dir); a broken one is an error naming its
/// place, so the admin can fix it (the defaults are never used silently instead).
pub fn audit_settings<R: Runtime>(app: &AppHandle<R>) -> Result<AuditSettings, IpcError> {
    let dir = app
        .path()
        .app_config_dir()
        .map_err(|e| IpcError::new(ErrorKind::Io, format!("No config folder: {e}")))?;
    AuditSettings::load(&dir.join("audit.toml")).map_err(|e| {
        IpcError::new(
            ErrorKind::InvalidInput,
            format!("The audit settings file is not valid: {e}. Fix or remove it, then run the audit again."),
        )
    })
}

/// Runs the audit; `None` when it was cancelled.
#[tauri::command]
pub async fn run_audit<R: Runtime>(
    app: AppHandle<R>,
    on_progress: Channel<AuditProgress>,
) -> Result<Option<AuditReport>, IpcError> {
    let settings = audit_settings(&app)?;
    let (tx, rx) = tokio::sync::oneshot::channel();
    let task_app = app.clone();
    let task = tauri::async_runtime::spawn(async move {
        let state = task_app.scopekeeper();
        if state.desk.connections().iter().any(|c| c.sandbox) {
            if let Err(e) = state.sandbox.ensure(&state.desk).await {
                let _ = tx.send(Err(e));
                return;
            }
        }
        let catalogs: Vec<_> = Vendor::ALL
            .iter()
            .filter_map(|v| Some((*v, state.catalog(v.id()).ok()?)))
            .collect();
        let report = state
            .desk
            .audit(
                &|v| {
                    catalogs
                        .iter()
                        .find(|(w, _)| *w == v)
                        .map(|(_, c)| c.clone())
                },
                &settings,
                &HashMap::new(),
                &|id, p| {
                    let _ = on_progress.send(AuditProgress {
                        connection_id: id.to_owned(),
                        progress: p,
                    });
                },
            )
            .await;
        let _ = tx.send(Ok(report));
    });
    let runs = app.state::<AuditRuns>();
    if let Some(previous) = lock(&runs.running).replace(task) {
        previous.abort();
    }
    match rx.await {
        Ok(Ok(report)) => {
            *lock(&runs.last) = Some(report.clone());
            Ok(Some(report))
        }
        Ok(Err(e)) => Err(e),
        // The task was aborted: cancelled, or replaced by a newer run.
        Err(_) => Ok(None),
    }
}

/// Stops the running audit (nothing it read is kept).
#[tauri::command]
pub fn cancel_audit<R: Runtime>(app: AppHandle<R>) {
    if let Some(task) = lock(&app.state::<AuditRuns>().running).take() {
        task.abort();
    }
}
