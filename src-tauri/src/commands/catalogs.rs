//! The catalogs and the token builder's questions about them: list, view, resolve, search,
//! grants, suggest, diff, dependents; importing a catalog the admin picks and removing one.
//! Each body is a short delegation into `scopekeeper_core::service`.

use scopekeeper_core::ipc::{
    CatalogSummary, CatalogView, Grant, IpcError, Resolution, SearchResults, SelectionDiff,
    Suggestion,
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
    service::list_catalogs(&app.scopekeeper().catalogs())
}

#[tauri::command]
pub fn catalog_view<R: Runtime>(
    app: AppHandle<R>,
    req: CatalogViewRequest,
) -> Result<CatalogView, IpcError> {
    let CatalogViewRequest { vendor, kind } = req;
    // The reply can be megabytes (GCP): give the memory back once it has been sent.
    crate::memory::trim_soon();
    service::catalog_view(&app.scopekeeper().catalogs(), &vendor, kind.as_deref())
}

#[tauri::command]
pub fn resolve_selection<R: Runtime>(
    app: AppHandle<R>,
    req: ResolveSelectionRequest,
) -> Result<Resolution, IpcError> {
    let ResolveSelectionRequest {
        vendor,
        kind,
        scopes,
        defaults,
    } = req;
    let state = app.scopekeeper();
    let catalogs = state.catalogs();
    let defaults = defaults.unwrap_or(true);
    service::resolve_selection(&catalogs, &vendor, kind.as_deref(), &scopes, defaults)
}

#[tauri::command]
pub async fn search_catalogs<R: Runtime>(
    app: AppHandle<R>,
    req: SearchCatalogsRequest,
) -> SearchResults {
    let SearchCatalogsRequest { query, limit } = req;
    service::search(&app.scopekeeper().catalogs(), &query, limit as usize)
}

#[tauri::command]
pub fn permission_grants<R: Runtime>(
    app: AppHandle<R>,
    req: PermissionGrantsRequest,
) -> Result<Vec<Grant>, IpcError> {
    let PermissionGrantsRequest { vendor, permission } = req;
    service::permission_grants(&app.scopekeeper().catalogs(), &vendor, &permission)
}

#[tauri::command]
pub fn suggest_scopes<R: Runtime>(
    app: AppHandle<R>,
    req: SuggestScopesRequest,
) -> Result<Suggestion, IpcError> {
    let SuggestScopesRequest {
        vendor,
        kind,
        needs,
        mode,
    } = req;
    service::suggest_scopes(
        &app.scopekeeper().catalogs(),
        &vendor,
        kind.as_deref(),
        &needs,
        mode.unwrap_or_default(),
    )
}

#[tauri::command]
pub fn diff_selections<R: Runtime>(
    app: AppHandle<R>,
    req: DiffSelectionsRequest,
) -> Result<SelectionDiff, IpcError> {
    let DiffSelectionsRequest {
        vendor,
        kind,
        from,
        to,
    } = req;
    let state = app.scopekeeper();
    let catalogs = state.catalogs();
    service::diff_selections(&catalogs, &vendor, kind.as_deref(), &from, &to)
}

#[tauri::command]
pub fn scope_dependents<R: Runtime>(
    app: AppHandle<R>,
    req: ScopeDependentsRequest,
) -> Result<Vec<String>, IpcError> {
    let ScopeDependentsRequest {
        vendor,
        kind,
        selected,
        scope,
    } = req;
    let state = app.scopekeeper();
    let catalogs = state.catalogs();
    service::scope_dependents(&catalogs, &vendor, kind.as_deref(), &selected, &scope)
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

#[tauri::command]
pub fn remove_catalog<R: Runtime>(
    app: AppHandle<R>,
    req: RemoveCatalogRequest,
) -> Result<(), IpcError> {
    let RemoveCatalogRequest { vendor } = req;
    service::remove_catalog(&mut app.scopekeeper().catalogs_mut(), &vendor)
}
