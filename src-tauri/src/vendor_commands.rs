//! IPC commands for connections, vendor tokens, one-time secrets and the action log. Each is a
//! short delegation into [`scopekeeper_core::desk::Desk`]; none returns a secret except
//! `reveal_created_token`, the single reveal of a newly created token (and the sandbox console,
//! which shows its new key once as the vendor's console would).

use scopekeeper_core::action_log::ActionEntry;
use scopekeeper_core::connection::{Connection, ConnectionInput, ConnectionList};
use scopekeeper_core::desk::{
    ConnectionTest, CopyWhat, CreatedToken, Declared, GuidedPlan, KeptInKeyring, PastedCheck,
    Reconciliation, RevokeChoice, TokenStatus,
};
use scopekeeper_core::error::{ErrorKind, IpcError};
use scopekeeper_core::secret::SecretString;
use scopekeeper_core::token_spec::TokenSpec;
use scopekeeper_core::vendor::adapter::{Vendor, VendorInfo};
use scopekeeper_core::vendor::VendorToken;
use tauri::{AppHandle, Runtime};

use crate::clipboard::clear_after;
use crate::state::ScopekeeperExt;

#[tauri::command]
pub async fn list_connections<R: Runtime>(app: AppHandle<R>) -> ConnectionList {
    let desk = &app.scopekeeper().desk;
    ConnectionList {
        connections: desk.connections(),
        problem: desk.connections_problem(),
        vendors: VendorInfo::all(),
    }
}

#[tauri::command]
pub async fn save_connection<R: Runtime>(
    app: AppHandle<R>,
    input: ConnectionInput,
) -> Result<Connection, IpcError> {
    let state = app.scopekeeper();
    let catalog = state.catalog(&input.vendor)?;
    crate::offboard_commands::forget_plan(&app);
    state.desk.save_connection(input, &catalog).await
}

#[tauri::command]
pub async fn remove_connection<R: Runtime>(app: AppHandle<R>, id: String) -> Result<(), IpcError> {
    crate::offboard_commands::forget_plan(&app);
    app.scopekeeper().desk.remove_connection(&id).await
}

/// Starts the sandbox and adds a connection per simulated vendor (once).
#[tauri::command]
pub async fn add_sandbox_connections<R: Runtime>(
    app: AppHandle<R>,
) -> Result<Vec<Connection>, IpcError> {
    let state = app.scopekeeper();
    state.sandbox.ensure(&state.desk).await?;
    state.desk.add_sandbox_connections(&Vendor::ALL).await
}

#[tauri::command]
pub async fn test_connection<R: Runtime>(
    app: AppHandle<R>,
    id: String,
) -> Result<ConnectionTest, IpcError> {
    let state = app.scopekeeper();
    state.ready(&id).await?;
    let catalog = state.catalog(state.desk.connection(&id)?.vendor.id())?;
    state.desk.test_connection(&id, &catalog).await
}

#[tauri::command]
pub async fn list_vendor_tokens<R: Runtime>(
    app: AppHandle<R>,
    id: String,
) -> Result<Vec<VendorToken>, IpcError> {
    let state = app.scopekeeper();
    state.ready(&id).await?;
    state.desk.list_tokens(&id).await
}

#[tauri::command]
pub async fn create_token<R: Runtime>(
    app: AppHandle<R>,
    id: String,
    spec: TokenSpec,
) -> Result<CreatedToken, IpcError> {
    let state = app.scopekeeper();
    state.ready(&id).await?;
    let catalog = state.catalog(&spec.vendor)?;
    state.desk.create_token(&id, &catalog, &spec).await
}

/// Creates a token straight into the OS keyring as `token:<entry>`: never shown, never copied.
#[tauri::command]
pub async fn create_into_keyring<R: Runtime>(
    app: AppHandle<R>,
    id: String,
    spec: TokenSpec,
    entry: String,
) -> Result<KeptInKeyring, IpcError> {
    let state = app.scopekeeper();
    state.ready(&id).await?;
    let catalog = state.catalog(&spec.vendor)?;
    state
        .desk
        .create_into_keyring(&id, &catalog, &spec, &entry)
        .await
}

/// The single reveal of a newly created token.
#[tauri::command]
pub async fn reveal_created_token<R: Runtime>(
    app: AppHandle<R>,
    token_id: String,
) -> Result<String, IpcError> {
    app.scopekeeper().desk.reveal_pending(&token_id)
}

/// Copies the new token (or its env-var line) from Rust; cleared after 30 s if unchanged.
#[tauri::command]
pub async fn copy_created_token<R: Runtime>(
    app: AppHandle<R>,
    token_id: String,
    what: CopyWhat,
) -> Result<u64, IpcError> {
    let state = app.scopekeeper();
    let text = state.desk.pending_for_copy(&token_id, what)?;
    let after = clear_after();
    state.clipboard.copy_then_clear(&text, after)?;
    Ok(after.as_secs())
}

#[tauri::command]
pub async fn save_created_token<R: Runtime>(
    app: AppHandle<R>,
    token_id: String,
    name: String,
) -> Result<String, IpcError> {
    app.scopekeeper().desk.save_pending(&token_id, &name).await
}

/// The admin left the result screen of `token_id`: its secret is dropped (a newer token's
/// secret, created since, is kept).
#[tauri::command]
pub async fn discard_created_token<R: Runtime>(app: AppHandle<R>, token_id: String) -> bool {
    app.scopekeeper().desk.discard_pending_of(&token_id)
}

#[tauri::command]
pub async fn token_status<R: Runtime>(
    app: AppHandle<R>,
    id: String,
    token_id: String,
) -> Result<TokenStatus, IpcError> {
    let state = app.scopekeeper();
    state.ready(&id).await?;
    state.desk.token_status(&id, &token_id).await
}

#[tauri::command]
pub async fn rename_token<R: Runtime>(
    app: AppHandle<R>,
    id: String,
    token_id: String,
    name: String,
) -> Result<VendorToken, IpcError> {
    let state = app.scopekeeper();
    state.ready(&id).await?;
    state.desk.rename_token(&id, &token_id, &name).await
}

/// Revokes a token once its replacement exists (rotate, narrow), logged as one chain.
#[tauri::command]
pub async fn revoke_replaced<R: Runtime>(
    app: AppHandle<R>,
    id: String,
    old_token_id: String,
    new_token_id: String,
) -> Result<(), IpcError> {
    let state = app.scopekeeper();
    state.ready(&id).await?;
    state
        .desk
        .revoke_replaced(&id, &old_token_id, &new_token_id)
        .await?;
    crate::audit_commands::forget_token(&app, &id, &old_token_id);
    Ok(())
}

#[tauri::command]
pub async fn revoke_token<R: Runtime>(
    app: AppHandle<R>,
    id: String,
    token_id: String,
    choice: RevokeChoice,
) -> Result<(), IpcError> {
    let state = app.scopekeeper();
    state.ready(&id).await?;
    state.desk.revoke_token(&id, &token_id, &choice).await?;
    crate::audit_commands::forget_token(&app, &id, &token_id);
    Ok(())
}

/// After a create whose reply was lost: lists the vendor's tokens and finds the one it may
/// have made (never repeats the create).
#[tauri::command]
pub async fn reconcile_create<R: Runtime>(
    app: AppHandle<R>,
    id: String,
) -> Result<Reconciliation, IpcError> {
    let state = app.scopekeeper();
    state.ready(&id).await?;
    state.desk.reconcile_create(&id).await
}

#[tauri::command]
pub async fn guided_plan<R: Runtime>(
    app: AppHandle<R>,
    id: String,
    spec: TokenSpec,
) -> Result<GuidedPlan, IpcError> {
    let state = app.scopekeeper();
    let catalog = state.catalog(&spec.vendor)?;
    state.desk.guided_plan(&id, &catalog, &spec)
}

/// Opens the vendor's token page (from the guided plan, never a URL the page supplies) in the
/// system browser. Only https pages are opened.
#[tauri::command]
pub async fn open_vendor_console<R: Runtime>(
    app: AppHandle<R>,
    id: String,
    spec: TokenSpec,
) -> Result<String, IpcError> {
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
    id: String,
    token: SecretString,
    save_as: Option<String>,
    declared: Option<Declared>,
) -> Result<PastedCheck, IpcError> {
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
    id: String,
    spec: TokenSpec,
) -> Result<String, IpcError> {
    let state = app.scopekeeper();
    let conn = state.desk.connection(&id)?;
    if !conn.sandbox {
        return Err(IpcError::new(
            scopekeeper_core::error::ErrorKind::InvalidInput,
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

#[tauri::command]
pub async fn recent_actions<R: Runtime>(
    app: AppHandle<R>,
    limit: u32,
) -> Result<Vec<ActionEntry>, IpcError> {
    app.scopekeeper()
        .desk
        .recent_actions(limit.min(1000) as usize)
}

/// Forgets a token registered for the audit (it stays valid at the vendor).
#[tauri::command]
pub async fn forget_registered<R: Runtime>(
    app: AppHandle<R>,
    id: String,
    fingerprint: String,
) -> Result<(), IpcError> {
    app.scopekeeper()
        .desk
        .forget_registered(&id, &fingerprint)?;
    crate::audit_commands::forget_token(&app, &id, &fingerprint);
    Ok(())
}
