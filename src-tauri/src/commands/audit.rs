//! The audit: one run at a time, reading every connection with progress sent over a channel,
//! cancellable; the last report is kept here (in Rust) for the exports, so a report is never
//! taken from the page. Also the tokens' templates, and forgetting a token registered for the
//! audit.

use std::sync::Mutex;

use scopekeeper_core::audit::{
    self, templates, AuditProgress, AuditReport, AuditSettings, AuditSlot, TemplateStore,
};
use scopekeeper_core::catalog::Catalog;
use scopekeeper_core::error::{ErrorKind, IpcError};
use scopekeeper_core::vendor::Vendor;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime};

use crate::commands::{AssignTemplateRequest, ExportAuditRequest, ForgetRegisteredRequest};
use crate::dialog::{choose, file_name, Pick};
use crate::state::ScopekeeperExt;
use scopekeeper_core::audit::report::{render, ReportFormat};
use tauri_plugin_dialog::DialogExt;

/// The running audit (to cancel it) and the last finished one.
#[derive(Default)]
pub struct AuditRuns {
    running: AuditSlot,
    pub last: Mutex<Option<AuditReport>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// The settings file (`audit.toml` in the config dir); a broken one is an error naming its
/// place, so the admin can fix it (the defaults are never used silently instead).
pub fn audit_settings<R: Runtime>(app: &AppHandle<R>) -> Result<AuditSettings, IpcError> {
    AuditSettings::load(&config_dir(app)?.join("audit.toml")).map_err(|e| {
        IpcError::new(
            ErrorKind::InvalidInput,
            format!("The audit settings file is not valid: {e}. Fix or remove it, then run the audit again."),
        )
    })
}

fn config_dir<R: Runtime>(app: &AppHandle<R>) -> Result<std::path::PathBuf, IpcError> {
    app.path()
        .app_config_dir()
        .map_err(|e| IpcError::new(ErrorKind::Io, format!("No config folder: {e}")))
}

/// The templates assigned to tokens (`templates.json` in the config dir, shared with the CLI).
pub fn template_store<R: Runtime>(app: &AppHandle<R>) -> Result<TemplateStore, IpcError> {
    Ok(TemplateStore::new(&config_dir(app)?.join("templates.json")))
}

/// Every vendor's catalog, as the audit reads them.
fn catalogs<R: Runtime>(app: &AppHandle<R>) -> Vec<(Vendor, Catalog)> {
    let state = app.scopekeeper();
    Vendor::ALL
        .iter()
        .filter_map(|v| Some((*v, state.catalog(v.id()).ok()?)))
        .collect()
}

fn catalog_in(cats: &[(Vendor, Catalog)], v: Vendor) -> Option<Catalog> {
    cats.iter().find(|(w, _)| *w == v).map(|(_, c)| c.clone())
}

/// Runs the audit; `None` when it was cancelled.
#[tauri::command]
pub async fn run_audit<R: Runtime>(
    app: AppHandle<R>,
    on_progress: Channel<AuditProgress>,
) -> Result<Option<AuditReport>, IpcError> {
    let settings = audit_settings(&app)?;
    let cats = catalogs(&app);
    let templates = templates::resolved(&template_store(&app)?.load()?, &|v| catalog_in(&cats, v));
    let kept = cats.clone();
    let task_app = app.clone();
    let audit = async move {
        let state = task_app.scopekeeper();
        if state.desk.connections().iter().any(|c| c.sandbox) {
            state.sandbox.ensure(&state.desk).await?;
        }
        let labels: std::collections::HashMap<String, String> = state
            .desk
            .connections()
            .into_iter()
            .map(|c| (c.id, c.label))
            .collect();
        Ok(audit::run(
            &state.desk,
            &|v| catalog_in(&cats, v),
            &settings,
            &templates,
            &|id, p| {
                let _ = on_progress.send(AuditProgress {
                    connection_id: id.to_owned(),
                    label: labels.get(id).cloned().unwrap_or_default(),
                    progress: p,
                });
            },
        )
        .await)
    };
    let runs = app.state::<AuditRuns>();
    // `None`: cancelled, or replaced by a newer run.
    let Some(report) = runs.running.run(audit).await? else {
        return Ok(None);
    };
    *lock(&runs.last) = Some(report.clone());
    crate::commands::history::save_run(&app, report.clone(), kept).await;
    Ok(Some(report))
}

/// Stops the running audit (nothing it read is kept).
#[tauri::command]
pub fn cancel_audit<R: Runtime>(app: AppHandle<R>) {
    app.state::<AuditRuns>().running.cancel();
}

/// Saves the last audit as CSV, JSON or a self-contained HTML report where the admin chooses
/// (the native dialog, opened here); the file's name, or `None` when cancelled.
#[tauri::command]
pub async fn export_audit<R: Runtime>(
    app: AppHandle<R>,
    req: ExportAuditRequest,
) -> Result<Option<String>, IpcError> {
    let ExportAuditRequest { format } = req;
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
    let ext = format.extension();
    let what = match format {
        ReportFormat::Html => "HTML report",
        _ => ext,
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

/// Drops a revoked token from the last audit and judges the rest again (counts, twins), so an
/// export made afterwards neither lists nor counts it.
pub fn forget_token<R: Runtime>(app: &AppHandle<R>, connection_id: &str, token_id: &str) {
    forget_tokens(app, &[(connection_id, token_id)]);
}

/// [`forget_token`] for several tokens, judged again once.
pub fn forget_tokens<R: Runtime>(app: &AppHandle<R>, gone: &[(&str, &str)]) {
    let runs = app.state::<AuditRuns>();
    let Some(mut report) = lock(&runs.last).take() else {
        return;
    };
    report.assessment.rows.retain(|r| {
        !gone
            .iter()
            .any(|(c, t)| r.token.connection_id == *c && r.token.id == *t)
    });
    let cats = catalogs(app);
    let again = (|| -> Result<AuditReport, IpcError> {
        let templates =
            templates::resolved(&template_store(app)?.load()?, &|v| catalog_in(&cats, v));
        let settings = audit_settings(app)?;
        Ok(audit::reassess(
            &app.scopekeeper().desk,
            report.clone(),
            &|v| catalog_in(&cats, v),
            &settings,
            &templates,
        ))
    })();
    *lock(&runs.last) = Some(again.unwrap_or(report));
}

/// Assigns a token its template (`None` removes it), saves it, and judges the last audit again
/// against it without asking any vendor; the new report.
#[tauri::command]
pub async fn assign_template<R: Runtime>(
    app: AppHandle<R>,
    req: AssignTemplateRequest,
) -> Result<AuditReport, IpcError> {
    let AssignTemplateRequest {
        token_key,
        template,
    } = req;
    let invalid = |m: String| IpcError::new(ErrorKind::InvalidInput, m);
    let runs = app.state::<AuditRuns>();
    let Some(last) = lock(&runs.last).clone() else {
        return Err(invalid("Run the audit first.".into()));
    };
    let Some(row) = last
        .assessment
        .rows
        .iter()
        .find(|r| scopekeeper_core::audit::token_key(&r.token) == token_key)
    else {
        return Err(invalid(
            "That token is not in the last audit; run it again.".into(),
        ));
    };
    let cats = catalogs(&app);
    if let Some(t) = &template {
        if t.vendor != row.token.vendor {
            return Err(invalid(format!(
                "A {} template cannot be assigned to a {} token.",
                t.vendor, row.token.vendor
            )));
        }
        let cat = catalog_in(&cats, t.vendor)
            .ok_or_else(|| invalid(format!("No {} catalog.", t.vendor)))?;
        if let Some(unknown) = t.scopes.iter().find(|s| cat.scope_index(s).is_none()) {
            return Err(invalid(format!(
                "The template names `{unknown}`, which the {} catalog does not know.",
                t.vendor
            )));
        }
    }
    let store = template_store(&app)?;
    store.assign(&token_key, template)?;
    let templates = templates::resolved(&store.load()?, &|v| catalog_in(&cats, v));
    let report = audit::reassess(
        &app.scopekeeper().desk,
        last,
        &|v| catalog_in(&cats, v),
        &audit_settings(&app)?,
        &templates,
    );
    *lock(&runs.last) = Some(report.clone());
    Ok(report)
}

/// Forgets a token registered for the audit (it stays valid at the vendor).
#[tauri::command]
pub async fn forget_registered<R: Runtime>(
    app: AppHandle<R>,
    req: ForgetRegisteredRequest,
) -> Result<(), IpcError> {
    let ForgetRegisteredRequest { id, fingerprint } = req;
    app.scopekeeper()
        .desk
        .forget_registered(&id, &fingerprint)?;
    forget_token(&app, &id, &fingerprint);
    Ok(())
}
