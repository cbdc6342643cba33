//! Token specs: checking one, and exporting and loading one through a file the admin picks in
//! the native dialog (opened here, in Rust; the page never names a path).

use scopekeeper_core::ipc::{IpcError, SpecCheck, TokenSpec};
use scopekeeper_core::service;
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;
use ts_rs::TS;

use crate::commands::{CheckTokenSpecRequest, ExportTokenSpecRequest};
use crate::dialog::{choose, file_name, Pick};
use crate::state::ScopekeeperExt;

/// A token spec read from the file the admin chose, and that file's name (to show).
#[derive(serde::Serialize, TS)]
pub struct LoadedSpec {
    pub spec: TokenSpec,
    pub file: String,
}

#[tauri::command]
pub fn check_token_spec<R: Runtime>(
    app: AppHandle<R>,
    req: CheckTokenSpecRequest,
) -> Result<SpecCheck, IpcError> {
    let CheckTokenSpecRequest { spec } = req;
    let state = app.scopekeeper();
    let (today, zone) = (state.desk.today(), state.desk.zone_label());
    let catalogs = state.catalogs();
    service::check_token_spec(&catalogs, &spec, today, &zone)
}

/// Saves the spec where the admin chooses; the chosen file's name, or `None` when cancelled.
#[tauri::command]
pub async fn export_token_spec<R: Runtime>(
    app: AppHandle<R>,
    req: ExportTokenSpecRequest,
) -> Result<Option<String>, IpcError> {
    let ExportTokenSpecRequest { spec } = req;
    let suggested = format!(
        "{}.json",
        if spec.name.trim().is_empty() {
            "token-spec"
        } else {
            spec.name.trim()
        }
    );
    let dialog = app
        .dialog()
        .file()
        .set_title("Save the token spec")
        .add_filter("Token spec (JSON)", &["json"])
        .set_file_name(suggested);
    let Some(path) = choose(dialog, Pick::Save).await else {
        return Ok(None);
    };
    service::export_token_spec(&spec, &path)?;
    Ok(Some(file_name(&path)))
}

/// Reads a spec from the file the admin picks; `None` when they cancel.
#[tauri::command]
pub async fn load_token_spec<R: Runtime>(
    app: AppHandle<R>,
) -> Result<Option<LoadedSpec>, IpcError> {
    let dialog = app
        .dialog()
        .file()
        .set_title("Open a token spec")
        .add_filter("Token spec (JSON)", &["json"]);
    let Some(path) = choose(dialog, Pick::Open).await else {
        return Ok(None);
    };
    Ok(Some(LoadedSpec {
        spec: service::load_token_spec(&path)?,
        file: file_name(&path),
    }))
}
