//! The audit: run (progress over a channel) and cancel it, export the last report where the
//! admin chooses, assign a token its template, forget a token registered for the audit. The
//! last report lives in the core's workbench, never in the page.

use scopekeeper_core::audit::{AuditProgress, AuditReport};
use scopekeeper_core::error::Error;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime};

use crate::commands::{AssignTemplateRequest, ExportAuditRequest, ForgetRegisteredRequest};
use crate::state::ScopekeeperExt;

/// Runs the audit and saves it to the history; `None` when it was cancelled.
#[tauri::command]
pub async fn run_audit<R: Runtime>(
    app: AppHandle<R>,
    on_progress: Channel<AuditProgress>,
) -> Result<Option<AuditReport>, Error> {
    let send = move |p| drop(on_progress.send(p));
    app.scopekeeper().work.run_audit(send).await
}

#[tauri::command]
pub fn cancel_audit<R: Runtime>(app: AppHandle<R>) {
    app.scopekeeper().work.cancel_audit();
}

/// Saves the last audit as CSV, JSON or HTML where the admin chooses; the file's name, or
/// `None` when cancelled.
#[tauri::command]
pub async fn export_audit<R: Runtime>(
    app: AppHandle<R>,
    req: ExportAuditRequest,
) -> Result<Option<String>, Error> {
    crate::dialog::save(&app, app.scopekeeper().work.audit_export(&req.format)?).await
}

#[tauri::command]
pub async fn assign_template<R: Runtime>(
    app: AppHandle<R>,
    req: AssignTemplateRequest,
) -> Result<AuditReport, Error> {
    app.scopekeeper()
        .work
        .assign_template(&req.token_key, req.template)
}

#[tauri::command]
pub async fn forget_registered<R: Runtime>(
    app: AppHandle<R>,
    req: ForgetRegisteredRequest,
) -> Result<(), Error> {
    app.scopekeeper()
        .work
        .forget_registered(&req.id, &req.fingerprint)
}
