//! The catalogs and the token builder's questions about them: list, view, resolve, search,
//! grants, suggest, diff, dependents; importing a catalog the admin picks and removing one.
//! Each body is a delegation into `scopekeeper_core::service` on the workbench's catalogs.

use scopekeeper_core::error::Error;
use scopekeeper_core::ipc::{
    CatalogSummary, CatalogView, Grant, Resolution, SearchResults, SelectionDiff, Suggestion,
};
use scopekeeper_core::service;
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

use crate::commands::{
    CatalogViewRequest, DiffSelectionsRequest, PermissionGrantsRequest, RemoveCatalogRequest,
    ResolveSelectionRequest, ScopeDependentsRequest, SearchCatalogsRequest, SuggestScopesRequest,
};
use crate::dialog::{choose, Pick};
use crate::state::ScopekeeperExt;

#[tauri::command]
pub async fn list_catalogs<R: Runtime>(app: AppHandle<R>) -> Vec<CatalogSummary> {
    service::list_catalogs(&app.scopekeeper().work.catalogs())
}

#[tauri::command]
pub fn catalog_view<R: Runtime>(
    app: AppHandle<R>,
    req: CatalogViewRequest,
) -> Result<CatalogView, Error> {
    // The reply can be megabytes (GCP): give the memory back once it has been sent.
    crate::memory::trim_soon();
    let state = app.scopekeeper();
    let catalogs = state.work.catalogs();
    service::catalog_view(&catalogs, &req.vendor, req.kind.as_deref())
}

#[tauri::command]
pub fn resolve_selection<R: Runtime>(
    app: AppHandle<R>,
    req: ResolveSelectionRequest,
) -> Result<Resolution, Error> {
    let (state, defaults) = (app.scopekeeper(), req.defaults.unwrap_or(true));
    let catalogs = state.work.catalogs();
    let kind = req.kind.as_deref();
    service::resolve_selection(&catalogs, &req.vendor, kind, &req.scopes, defaults)
}

#[tauri::command]
pub async fn search_catalogs<R: Runtime>(
    app: AppHandle<R>,
    req: SearchCatalogsRequest,
) -> SearchResults {
    service::search(
        &app.scopekeeper().work.catalogs(),
        &req.query,
        req.limit as usize,
    )
}

#[tauri::command]
pub fn permission_grants<R: Runtime>(
    app: AppHandle<R>,
    req: PermissionGrantsRequest,
) -> Result<Vec<Grant>, Error> {
    let state = app.scopekeeper();
    let catalogs = state.work.catalogs();
    service::permission_grants(&catalogs, &req.vendor, &req.permission)
}

#[tauri::command]
pub fn suggest_scopes<R: Runtime>(
    app: AppHandle<R>,
    req: SuggestScopesRequest,
) -> Result<Suggestion, Error> {
    let (state, mode) = (app.scopekeeper(), req.mode.unwrap_or_default());
    let catalogs = state.work.catalogs();
    let kind = req.kind.as_deref();
    service::suggest_scopes(&catalogs, &req.vendor, kind, &req.needs, mode)
}

#[tauri::command]
pub fn diff_selections<R: Runtime>(
    app: AppHandle<R>,
    req: DiffSelectionsRequest,
) -> Result<SelectionDiff, Error> {
    let (state, kind) = (app.scopekeeper(), req.kind.as_deref());
    let catalogs = state.work.catalogs();
    service::diff_selections(&catalogs, &req.vendor, kind, &req.from, &req.to)
}

#[tauri::command]
pub fn scope_dependents<R: Runtime>(
    app: AppHandle<R>,
    req: ScopeDependentsRequest,
) -> Result<Vec<String>, Error> {
    let (state, kind) = (app.scopekeeper(), req.kind.as_deref());
    let catalogs = state.work.catalogs();
    service::scope_dependents(&catalogs, &req.vendor, kind, &req.selected, &req.scope)
}

/// Opens a catalog file the admin picks and imports it; `None` when they cancel.
#[tauri::command]
pub async fn import_catalog<R: Runtime>(
    app: AppHandle<R>,
) -> Result<Option<CatalogSummary>, Error> {
    let dialog = app
        .dialog()
        .file()
        .set_title("Import a catalog file")
        .add_filter("Catalog (JSON or TOML)", &["json", "toml"]);
    let Some(path) = choose(dialog, Pick::Open).await else {
        return Ok(None);
    };
    let imported = service::import_catalog(&mut app.scopekeeper().work.catalogs_mut(), &path);
    crate::memory::trim_soon();
    imported.map(Some)
}

#[tauri::command]
pub fn remove_catalog<R: Runtime>(
    app: AppHandle<R>,
    req: RemoveCatalogRequest,
) -> Result<(), Error> {
    service::remove_catalog(&mut app.scopekeeper().work.catalogs_mut(), &req.vendor)
}
