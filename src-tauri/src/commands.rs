//! IPC commands. Each is a short delegation into `scopekeeper-core`; errors cross as
//! `{ kind, message }` ([`IpcError`]) and no reply ever carries a secret.

use scopekeeper_core::desk::KEYRING_TIMEOUT;
use scopekeeper_core::ipc::{
    AppInfo, CatalogSummary, CatalogView, Grant, IpcError, KeyringReport, Resolution,
    SearchResults, SelectionDiff, SpecCheck, Suggestion, TokenSpec,
};
use scopekeeper_core::secret_store::{run_keyring_call, verify_round_trip};
use scopekeeper_core::service;
use scopekeeper_core::suggest::SuggestMode;
use tauri::{AppHandle, Runtime};

use crate::state::ScopekeeperExt;

// Commands that answer the UI as it starts or types are async: they run on the async runtime
// and answer at once, instead of queueing behind the main (GTK) thread.

#[tauri::command]
pub async fn app_info<R: Runtime>(app: AppHandle<R>) -> AppInfo {
    describe_app(app.package_info())
}

/// This build, for the header and the status screen (also sent with the window, `boot.rs`).
pub fn describe_app(package: &tauri::PackageInfo) -> AppInfo {
    AppInfo::describe(&package.name, &package.version.to_string(), tauri::VERSION)
}

/// Writes, reads back and deletes a throwaway secret in the OS keyring.
#[tauri::command]
pub async fn keyring_check<R: Runtime>(app: AppHandle<R>) -> Result<KeyringReport, IpcError> {
    let store = app.scopekeeper().secrets();
    run_keyring_call(KEYRING_TIMEOUT, move || verify_round_trip(store.as_ref())).await
}

// ---- catalogs and the token builder -------------------------------------------------------

#[tauri::command]
pub async fn list_catalogs<R: Runtime>(app: AppHandle<R>) -> Vec<CatalogSummary> {
    service::list_catalogs(&app.scopekeeper().catalogs())
}

#[tauri::command]
pub fn catalog_view<R: Runtime>(
    app: AppHandle<R>,
    vendor: String,
    kind: Option<String>,
) -> Result<CatalogView, IpcError> {
    // The reply can be megabytes (GCP): give the memory back once it has been sent.
    crate::memory::trim_soon();
    service::catalog_view(&app.scopekeeper().catalogs(), &vendor, kind.as_deref())
}

#[tauri::command]
pub fn resolve_selection<R: Runtime>(
    app: AppHandle<R>,
    vendor: String,
    kind: Option<String>,
    scopes: Vec<String>,
    defaults: Option<bool>,
) -> Result<Resolution, IpcError> {
    let state = app.scopekeeper();
    let catalogs = state.catalogs();
    let defaults = defaults.unwrap_or(true);
    service::resolve_selection(&catalogs, &vendor, kind.as_deref(), &scopes, defaults)
}

#[tauri::command]
pub async fn search_catalogs<R: Runtime>(
    app: AppHandle<R>,
    query: String,
    limit: u32,
) -> SearchResults {
    service::search(&app.scopekeeper().catalogs(), &query, limit as usize)
}

#[tauri::command]
pub fn permission_grants<R: Runtime>(
    app: AppHandle<R>,
    vendor: String,
    permission: String,
) -> Result<Vec<Grant>, IpcError> {
    service::permission_grants(&app.scopekeeper().catalogs(), &vendor, &permission)
}

#[tauri::command]
pub fn suggest_scopes<R: Runtime>(
    app: AppHandle<R>,
    vendor: String,
    kind: Option<String>,
    needs: Vec<String>,
    mode: Option<SuggestMode>,
) -> Result<Suggestion, IpcError> {
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
    vendor: String,
    kind: Option<String>,
    from: Vec<String>,
    to: Vec<String>,
) -> Result<SelectionDiff, IpcError> {
    let state = app.scopekeeper();
    let catalogs = state.catalogs();
    service::diff_selections(&catalogs, &vendor, kind.as_deref(), &from, &to)
}

#[tauri::command]
pub fn scope_dependents<R: Runtime>(
    app: AppHandle<R>,
    vendor: String,
    kind: Option<String>,
    selected: Vec<String>,
    scope: String,
) -> Result<Vec<String>, IpcError> {
    let state = app.scopekeeper();
    let catalogs = state.catalogs();
    service::scope_dependents(&catalogs, &vendor, kind.as_deref(), &selected, &scope)
}

#[tauri::command]
pub fn check_token_spec<R: Runtime>(
    app: AppHandle<R>,
    spec: TokenSpec,
) -> Result<SpecCheck, IpcError> {
    let state = app.scopekeeper();
    let (today, zone) = (state.desk.today(), state.desk.zone_label());
    let catalogs = state.catalogs();
    service::check_token_spec(&catalogs, &spec, today, &zone)
}

#[tauri::command]
pub fn remove_catalog<R: Runtime>(app: AppHandle<R>, vendor: String) -> Result<(), IpcError> {
    service::remove_catalog(&mut app.scopekeeper().catalogs_mut(), &vendor)
}
