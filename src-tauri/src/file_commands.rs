//! Files the admin chooses: importing a catalog, exporting and loading a token spec. The path
//! comes only from a native dialog opened here, in Rust; the webview never names a path, so it
//! can read or write no file the person did not pick (and its capability grants no dialog or
//! filesystem permission).

use std::path::PathBuf;

use scopekeeper_core::ipc::{CatalogSummary, IpcError, TokenSpec};
use scopekeeper_core::service;
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder};

use crate::state::ScopekeeperExt;

/// A token spec read from the file the admin chose, and that file's name (to show).
#[derive(serde::Serialize)]
pub struct LoadedSpec {
    pub spec: TokenSpec,
    pub file: String,
}

pub(crate) enum Pick {
    Open,
    Save,
}

/// Shows the dialog and waits for the person's choice; `None` when cancelled.
pub(crate) async fn choose<R: Runtime>(
    dialog: FileDialogBuilder<R>,
    pick: Pick,
) -> Option<PathBuf> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let answer = move |p: Option<tauri_plugin_dialog::FilePath>| {
        let _ = tx.send(p.and_then(|p| p.into_path().ok()));
    };
    match pick {
        Pick::Open => dialog.pick_file(answer),
        Pick::Save => dialog.save_file(answer),
    }
    rx.await.ok().flatten()
}

pub(crate) fn file_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Opens a catalog file the admin picks and imports it; `None` when they cancel.
#[tauri::command]
pub async fn import_catalog<R: Runtime>(
    app: AppHandle<R>,
) -> Result<Option<CatalogSummary>, IpcError> {
    let dialog = app
        .dialog()
        .file()
        .set_title("Import a catalog file")
        .add_filter("Catalog (JSON or TOML)", &["json", "toml"]);
    let Some(path) = choose(dialog, Pick::Open).await else {
        return Ok(None);
    };
    let imported = service::import_catalog(&mut app.scopekeeper().catalogs_mut(), &path);
    crate::memory::trim_soon();
    imported.map(Some)
}

/// Saves the spec where the admin chooses; the chosen file's name, or `None` when cancelled.
#[tauri::command]
pub async fn export_token_spec<R: Runtime>(
    app: AppHandle<R>,
    spec: TokenSpec,
) -> Result<Option<String>, IpcError> {
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
