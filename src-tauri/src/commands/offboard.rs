//! The offboarding sweep: a dry run that reads every connection (progress over a channel),
//! a bulk revoke of what the admin ticked and confirmed (each outcome over a channel), and its
//! outcome saved as CSV where the admin chooses. The plan lives in the core's workbench.

use scopekeeper_core::audit::AuditProgress;
use scopekeeper_core::error::Error;
use scopekeeper_core::offboard::{SweepOutcome, SweepPlan};
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime};

use crate::commands::{SweepPlanRequest, SweepRevokeRequest};
use crate::state::ScopekeeperExt;

#[tauri::command]
pub async fn sweep_plan<R: Runtime>(
    app: AppHandle<R>,
    req: SweepPlanRequest,
    on_progress: Channel<AuditProgress>,
) -> Result<SweepPlan, Error> {
    let send = move |p| drop(on_progress.send(p));
    app.scopekeeper().work.sweep_plan(&req.query, send).await
}

#[tauri::command]
pub async fn sweep_revoke<R: Runtime>(
    app: AppHandle<R>,
    req: SweepRevokeRequest,
    on_progress: Channel<SweepOutcome>,
) -> Result<Vec<SweepOutcome>, Error> {
    let send = move |o: &SweepOutcome| drop(on_progress.send(o.clone()));
    app.scopekeeper()
        .work
        .sweep_revoke(&req.targets, &req.typed, send)
        .await
}

#[tauri::command]
pub async fn export_sweep<R: Runtime>(app: AppHandle<R>) -> Result<Option<String>, Error> {
    crate::dialog::save(&app, app.scopekeeper().work.sweep_export()?).await
}
