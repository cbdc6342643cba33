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

use crate::file_commands::{choose, file_name, Pick};
use crate::state::ScopekeeperExt;
use scopekeeper_core::audit::report::{render, ReportFormat};
use tauri_plugin_dialog::DialogExt;

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

/// Saves the last audit as CSV, JSON or a self-contained HTML report where the admin chooses
/// (the native dialog, opened here); the file's name, or `None` when cancelled.
#[tauri::command]
pub async fn export_audit<R: Runtime>(
    app: AppHandle<R>,
    format: String,
) -> Result<Option<String>, IpcError> {
    let invalid = |m: &str| IpcError::new(ErrorKind::InvalidInput, m);
    let format = ReportFormat::parse(&format)
        .filter(|f| {
            matches!(
                f,
                ReportFormat::Csv | ReportFormat::Json | ReportFormat::Html
            )
        })
        .ok_or_else(|| invalid("Export as CSV, JSON or HTML."))?;
    let Some(report) = lock(&app.state::<AuditRuns>().last).clone() else {
        return Err(invalid(
            "Run the audit first: there is nothing to export yet.",
        ));
    };
    let day = report.generated_at.get(..10).unwrap_or("report");
    let (what, ext) = match format {
        ReportFormat::Csv => ("CSV", "csv"),
        ReportFormat::Json => ("JSON", "json"),
        _ => ("HTML report", "html"),
    };
    let dialog = app
        .dialog()
        .file()
        .set_title("Export the audit")
        .add_filter(what, &[ext])
        .set_file_name(format!("scopekeeper-audit-{day}.{ext}"));
    let Some(path) = choose(dialog, Pick::Save).await else {
        return Ok(None);
    };
    let tmp = format!(".{}.saving", file_name(&path));
    scopekeeper_core::fsutil::write_atomically(&path, &tmp, render(&report, format).as_bytes())
        .map_err(|e| {
            IpcError::new(
                ErrorKind::Io,
                format!(
                    "Cannot write {}: {e}. Choose another folder.",
                    path.display()
                ),
            )
        })?;
    Ok(Some(file_name(&path)))
}

/// Drops a revoked token from the last audit, so an export made afterwards does not list it.
pub fn forget_token<R: Runtime>(app: &AppHandle<R>, connection_id: &str, token_id: &str) {
    if let Some(report) = lock(&app.state::<AuditRuns>().last).as_mut() {
        report
            .assessment
            .rows
            .retain(|r| !(r.token.connection_id == connection_id && r.token.id == token_id));
    }
}
