//! A connection's tokens at the vendor: list, create (shown once, or straight into the
//! keyring), status, rename, revoke (alone or once its replacement exists), and finding the
//! token a create whose reply was lost may have made. Each body is a short delegation into
//! [`scopekeeper_core::desk::Desk`]; none returns a secret.

use scopekeeper_core::desk::{CreatedToken, KeptInKeyring, Reconciliation, TokenStatus};
use scopekeeper_core::error::IpcError;
use scopekeeper_core::vendor::VendorToken;
use tauri::{AppHandle, Runtime};

use crate::commands::{
    CreateIntoKeyringRequest, CreateTokenRequest, ListVendorTokensRequest, ReconcileCreateRequest,
    RenameTokenRequest, RevokeReplacedRequest, RevokeTokenRequest, TokenStatusRequest,
};
use crate::state::ScopekeeperExt;

#[tauri::command]
pub async fn list_vendor_tokens<R: Runtime>(
    app: AppHandle<R>,
    req: ListVendorTokensRequest,
) -> Result<Vec<VendorToken>, IpcError> {
    let ListVendorTokensRequest { id } = req;
    let state = app.scopekeeper();
    state.ready(&id).await?;
    state.desk.list_tokens(&id).await
}

#[tauri::command]
pub async fn create_token<R: Runtime>(
    app: AppHandle<R>,
    req: CreateTokenRequest,
) -> Result<CreatedToken, IpcError> {
    let CreateTokenRequest { id, spec } = req;
    let state = app.scopekeeper();
    state.ready(&id).await?;
    let catalog = state.catalog(&spec.vendor)?;
    state.desk.create_token(&id, &catalog, &spec).await
}

/// Creates a token straight into the OS keyring as `token:<entry>`: never shown, never copied.
#[tauri::command]
pub async fn create_into_keyring<R: Runtime>(
    app: AppHandle<R>,
    req: CreateIntoKeyringRequest,
) -> Result<KeptInKeyring, IpcError> {
    let CreateIntoKeyringRequest { id, spec, entry } = req;
    let state = app.scopekeeper();
    state.ready(&id).await?;
    let catalog = state.catalog(&spec.vendor)?;
    state
        .desk
        .create_into_keyring(&id, &catalog, &spec, &entry)
        .await
}

#[tauri::command]
pub async fn token_status<R: Runtime>(
    app: AppHandle<R>,
    req: TokenStatusRequest,
) -> Result<TokenStatus, IpcError> {
    let TokenStatusRequest { id, token_id } = req;
    let state = app.scopekeeper();
    state.ready(&id).await?;
    state.desk.token_status(&id, &token_id).await
}

#[tauri::command]
pub async fn rename_token<R: Runtime>(
    app: AppHandle<R>,
    req: RenameTokenRequest,
) -> Result<VendorToken, IpcError> {
    let RenameTokenRequest { id, token_id, name } = req;
    let state = app.scopekeeper();
    state.ready(&id).await?;
    state.desk.rename_token(&id, &token_id, &name).await
}

/// Revokes a token once its replacement exists (rotate, narrow), logged as one chain.
#[tauri::command]
pub async fn revoke_replaced<R: Runtime>(
    app: AppHandle<R>,
    req: RevokeReplacedRequest,
) -> Result<(), IpcError> {
    let RevokeReplacedRequest {
        id,
        old_token_id,
        new_token_id,
    } = req;
    let state = app.scopekeeper();
    state.ready(&id).await?;
    state
        .desk
        .revoke_replaced(&id, &old_token_id, &new_token_id)
        .await?;
    crate::commands::audit::forget_token(&app, &id, &old_token_id);
    Ok(())
}

#[tauri::command]
pub async fn revoke_token<R: Runtime>(
    app: AppHandle<R>,
    req: RevokeTokenRequest,
) -> Result<(), IpcError> {
    let RevokeTokenRequest {
        id,
        token_id,
        choice,
    } = req;
    let state = app.scopekeeper();
    state.ready(&id).await?;
    state.desk.revoke_token(&id, &token_id, &choice).await?;
    crate::commands::audit::forget_token(&app, &id, &token_id);
    Ok(())
}

/// After a create whose reply was lost: lists the vendor's tokens and finds the one it may
/// have made (never repeats the create).
#[tauri::command]
pub async fn reconcile_create<R: Runtime>(
    app: AppHandle<R>,
    req: ReconcileCreateRequest,
) -> Result<Reconciliation, IpcError> {
    let ReconcileCreateRequest { id } = req;
    let state = app.scopekeeper();
    state.ready(&id).await?;
    state.desk.reconcile_create(&id).await
}
