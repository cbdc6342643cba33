//! Guided creation for a vendor without a token API: the console checklist, opening the
//! vendor's console in the system browser, the sandbox's simulated console, and verifying a
//! pasted token. The sandbox console is the one place besides the single reveal that shows a
//! new key, once, as the vendor's console would.

use scopekeeper_core::desk::{GuidedPlan, PastedCheck};
use scopekeeper_core::error::{Error, ErrorKind};
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
) -> Result<GuidedPlan, Error> {
    app.scopekeeper().work.guided_plan(&req.id, &req.spec)
}

/// Opens the vendor's token page (from the guided plan, never a URL the page supplies) in the
/// system browser.
#[tauri::command]
pub async fn open_vendor_console<R: Runtime>(
    app: AppHandle<R>,
    req: OpenVendorConsoleRequest,
) -> Result<String, Error> {
    let url = app
        .scopekeeper()
        .work
        .vendor_console_url(&req.id, &req.spec)?;
    open::that_detached(&url).map_err(|e| {
        let why = format!("Could not open a browser ({e}); copy the address instead: {url}");
        Error::new(ErrorKind::Internal, why)
    })?;
    Ok(url)
}

#[tauri::command]
pub async fn verify_pasted_token<R: Runtime>(
    app: AppHandle<R>,
    req: VerifyPastedTokenRequest,
) -> Result<PastedCheck, Error> {
    let work = &app.scopekeeper().work;
    work.verify_pasted_token(&req.id, req.token, req.save_as, req.declared)
        .await
}

/// Sandbox only: creates the key in the simulated vendor console, as the admin would in the
/// real one, and shows it once.
#[tauri::command]
pub async fn sandbox_console_create<R: Runtime>(
    app: AppHandle<R>,
    req: SandboxConsoleCreateRequest,
) -> Result<String, Error> {
    let work = &app.scopekeeper().work;
    work.sandbox_console_create(&req.id, &req.spec).await
}
