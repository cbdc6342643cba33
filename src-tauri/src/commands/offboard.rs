//! The offboarding sweep: a dry run that reads every connection, then a bulk revoke of what the
//! admin ticked and confirmed. The plan and the outcome stay here (in Rust): a revoke is only
//! of tokens the last dry run found, and the CSV is written from Rust's own copy.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use scopekeeper_core::audit::AuditProgress;
use scopekeeper_core::error::{ErrorKind, IpcError};
use scopekeeper_core::offboard::{self, sweep_csv, SweepOutcome, SweepPlan, SweepResult};
use scopekeeper_core::vendor::Vendor;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::DialogExt;

use crate::commands::{SweepPlanRequest, SweepRevokeRequest};
use crate::dialog::{choose, file_name, Pick};
use crate::state::ScopekeeperExt;

/// The last dry run and the last revoke's outcome.
#[derive(Default)]
pub struct Sweeps {
    plan: Mutex<Option<SweepPlan>>,
    outcome: Mutex<Option<(String, Vec<SweepOutcome>)>>,
    /// A revoke is running: a second one would count the first one's tokens again.
    revoking: AtomicBool,
}

/// Forgets the last dry run (a connection was edited or removed: the plan's token ids may now
/// name other tokens), so nothing is revoked before a new one.
pub fn forget_plan<R: Runtime>(app: &AppHandle<R>) {
    *lock(&app.state::<Sweeps>().plan) = None;
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// The dry run: every token matching `query`, with what revoking it would break.
#[tauri::command]
pub async fn sweep_plan<R: Runtime>(
    app: AppHandle<R>,
    req: SweepPlanRequest,
    on_progress: Channel<AuditProgress>,
) -> Result<SweepPlan, IpcError> {
    let SweepPlanRequest { query } = req;
    forget_plan(&app);
    let state = app.scopekeeper();
    if state.desk.connections().iter().any(|c| c.sandbox) {
        state.sandbox.ensure(&state.desk).await?;
    }
    let cats: Vec<(Vendor, scopekeeper_core::catalog::Catalog)> = Vendor::ALL
        .iter()
        .filter_map(|v| Some((*v, state.catalog(v.id()).ok()?)))
        .collect();
    let labels: std::collections::HashMap<String, String> = state
        .desk
        .connections()
        .into_iter()
        .map(|c| (c.id, c.label))
        .collect();
    let plan = offboard::sweep_plan(
        &state.desk,
        &query,
        &|v| cats.iter().find(|(w, _)| *w == v).map(|(_, c)| c.clone()),
        &|id, p| {
            let _ = on_progress.send(AuditProgress {
                connection_id: id.to_owned(),
                label: labels.get(id).cloned().unwrap_or_default(),
                progress: p,
            });
        },
    )
    .await?;
    *lock(&app.state::<Sweeps>().plan) = Some(plan.clone());
    Ok(plan)
}

/// Revokes the ticked tokens of the last dry run once `typed` is their number; each outcome
/// is sent as it settles, and all of them are the answer.
#[tauri::command]
pub async fn sweep_revoke<R: Runtime>(
    app: AppHandle<R>,
    req: SweepRevokeRequest,
    on_progress: Channel<SweepOutcome>,
) -> Result<Vec<SweepOutcome>, IpcError> {
    let SweepRevokeRequest { targets, typed } = req;
    let sweeps = app.state::<Sweeps>();
    let Some(plan) = lock(&sweeps.plan).clone() else {
        return Err(IpcError::new(
            ErrorKind::InvalidInput,
            "Run the dry run first: it lists what would be revoked.",
        ));
    };
    if sweeps.revoking.swap(true, Ordering::SeqCst) {
        return Err(IpcError::new(
            ErrorKind::Conflict,
            "A sweep is already revoking; wait for its outcome.",
        ));
    }
    let out = offboard::sweep_revoke(&app.scopekeeper().desk, &plan, &targets, &typed, &|o| {
        let _ = on_progress.send(o.clone());
    })
    .await;
    sweeps.revoking.store(false, Ordering::SeqCst);
    let out = out?;
    // Only tokens that are gone leave the last audit; a failed one is still there.
    let gone: Vec<(&str, &str)> = out
        .iter()
        .filter(|o| matches!(o.result, SweepResult::Revoked | SweepResult::AlreadyGone))
        .map(|o| (o.connection_id.as_str(), o.token_id.as_str()))
        .collect();
    crate::commands::audit::forget_tokens(&app, &gone);
    *lock(&sweeps.outcome) = Some((plan.summary.clone(), out.clone()));
    Ok(out)
}

/// Saves the last revoke's outcome as CSV where the admin chooses; its file name, or `None`
/// when cancelled.
#[tauri::command]
pub async fn export_sweep<R: Runtime>(app: AppHandle<R>) -> Result<Option<String>, IpcError> {
    let Some((summary, out)) = lock(&app.state::<Sweeps>().outcome).clone() else {
        return Err(IpcError::new(
            ErrorKind::InvalidInput,
            "Revoke first: there is no outcome to save yet.",
        ));
    };
    let day = out
        .first()
        .and_then(|o| o.at.get(..10))
        .unwrap_or("sweep")
        .to_owned();
    let dialog = app
        .dialog()
        .file()
        .set_title("Save the sweep's outcome")
        .add_filter("csv", &["csv"])
        .set_file_name(format!("scopekeeper-offboarding-{day}.csv"));
    let Some(path) = choose(dialog, Pick::Save).await else {
        return Ok(None);
    };
    let tmp = format!(".{}.saving", file_name(&path));
    scopekeeper_core::fsutil::write_atomically(&path, &tmp, sweep_csv(&summary, &out).as_bytes())
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
