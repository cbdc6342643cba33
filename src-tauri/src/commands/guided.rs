//! Guided creation for a vendor without a token API: the console checklist, opening the
//! vendor's console, the sandbox's simulated console, and verifying a pasted token. The
//! sandbox console is the one place besides the single reveal that shows a new key, once, as
//! the vendor's console would.

use scopekeeper_core::desk::{GuidedPlan, PastedCheck};
use scopekeeper_core::error::{ErrorKind, IpcError};
use tauri::{AppHandle, Runtime};

use crate::commands::{
    GuidedPlanRequest, OpenVendorConsoleRequest, SandboxConsoleCreateRequest,
    VerifyPastedTokenRequest,
};
use crate::state::ScopekeeperExt;

#[tauri::command]
pub async fn guided_plan<R: Runtime>(
    app: AppHandle<R>,
    req: GuidedPlanRequest,
) -> Result<GuidedPlan, IpcError> {
    let GuidedPlanRequest { id, spec } = req;
    let state = app.scopekeeper();
    let catalog = state.catalog(&spec.vendor)?;
    state.desk.guided_plan(&id, &catalog, &spec)
}

/// Opens the vendor's token page (from the guided plan, never a URL the page supplies) in the
/// system browser. Only https pages are opened.
#[tauri::command]
pub async fn open_vendor_console<R: Runtime>(
    app: AppHandle<R>,
    req: OpenVendorConsoleRequest,
) -> Result<String, IpcError> {
    let OpenVendorConsoleRequest { id, spec } = req;
    let state = app.scopekeeper();
    let catalog = state.catalog(&spec.vendor)?;
    let url = state.desk.guided_plan(&id, &catalog, &spec)?.console_url;
    if !url.starts_with("https://") {
        return Err(IpcError::new(
            ErrorKind::InvalidInput,
            "This connection has no web console to open.",
        ));
    }
    open::that_detached(&url).map_err(|e| {
        IpcError::new(
            ErrorKind::Internal,
            format!("Could not open a browser ({e}); copy the address instead: {url}"),
        )
    })?;
    Ok(url)
}

#[tauri::command]
pub async fn verify_pasted_token<R: Runtime>(
    app: AppHandle<R>,
    req: VerifyPastedTokenRequest,
) -> Result<PastedCheck, IpcError> {
    let VerifyPastedTokenRequest {
        id,
        token,
        save_as,
        declared,
    } = req;
    let state = app.scopekeeper();
    state.ready(&id).await?;
    state
        .desk
        .verify_pasted(&id, token, save_as, declared)
        .await
}

/// Sandbox only: creates the key in the simulated vendor console, as the admin would in the
/// real one, and shows it once.
#[tauri::command]
pub async fn sandbox_console_create<R: Runtime>(
    app: AppHandle<R>,
    req: SandboxConsoleCreateRequest,
) -> Result<String, IpcError> {
    let SandboxConsoleCreateRequest { id, spec } = req;
    let state = app.scopekeeper();
    let conn = state.desk.connection(&id)?;
    if !conn.sandbox {
        return Err(IpcError::new(
            ErrorKind::InvalidInput,
            "Only sandbox connections have a simulated console.",
        ));
    }
    let catalog = state.catalog(conn.vendor.id())?;
    let plan = state.desk.guided_plan(&id, &catalog, &spec)?;
    let scopes: Vec<String> = plan.checklist.into_iter().map(|c| c.scope).collect();
    let body = serde_json::json!({
        "name": spec.name,
        "kind": spec.kind,
        "scopes": scopes,
        "expires_on": spec.expires_on,
        "expires_in_days": spec.expires_on.as_deref()
            .and_then(scopekeeper_core::token_spec::Day::parse)
            .map(|d| state.desk.today().days_until(d).max(1)),
    });
    state
        .sandbox
        .console_create(&state.desk, conn.vendor, body)
        .await
}
