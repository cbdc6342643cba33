//! What only a desktop can do for a command: files the admin picks in the native dialog
//! (opened here, in Rust; the page never names a path) and the system browser.

use scopekeeper_core::error::{Error, ErrorKind};
use scopekeeper_core::ipc::{CatalogSummary, TokenSpec};
use scopekeeper_core::service;
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;
use ts_rs::TS;

use crate::dialog::{choose, file_name, Pick};
use crate::state::ScopekeeperExt;

/// A token spec read from the file the admin chose, and that file's name (to show).
#[derive(serde::Serialize, TS)]
pub struct LoadedSpec {
    pub spec: TokenSpec,
    pub file: String,
}

/// Opens a catalog file the admin picks and imports it; `None` when they cancel.
pub async fn import_catalog<R: Runtime>(
    app: &AppHandle<R>,
) -> Result<Option<CatalogSummary>, Error> {
    let dialog = app
        .dialog()
        .file()
        .set_title("Import a catalog file")
        .add_filter("Catalog (JSON or TOML)", &["json", "toml"]);
    let Some(path) = choose(dialog, Pick::Open).await else {
        return Ok(None);
    };
    let imported = service::import_catalog(&mut app.work().catalogs_mut(), &path);
    crate::memory::trim_soon();
    imported.map(Some)
}

/// Saves the spec where the admin chooses; the chosen file's name, or `None` when cancelled.
pub async fn export_token_spec<R: Runtime>(
    app: &AppHandle<R>,
    spec: TokenSpec,
) -> Result<Option<String>, Error> {
    let name = spec.name.trim();
    let suggested = format!("{}.json", if name.is_empty() { "token-spec" } else { name });
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
pub async fn load_token_spec<R: Runtime>(app: &AppHandle<R>) -> Result<Option<LoadedSpec>, Error> {
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

/// Opens `url` (a vendor's token page from the guided plan) in the system browser; the address.
pub fn open_in_browser(url: String) -> Result<String, Error> {
    open::that_detached(&url).map_err(|e| {
        let why = format!("Could not open a browser ({e}); copy the address instead: {url}");
        Error::new(ErrorKind::Internal, why)
    })?;
    Ok(url)
}
