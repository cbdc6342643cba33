//! A connection's tokens at the vendor: list, create (shown once, or straight into the
//! keyring), status, rename, revoke (alone or once its replacement exists), and finding the
//! token a create whose reply was lost may have made. Each is answered by the core's
//! workbench; none returns a secret.

use scopekeeper_core::desk::{CreatedToken, KeptInKeyring, Reconciliation, TokenStatus};
use scopekeeper_core::error::Error;
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
) -> Result<Vec<VendorToken>, Error> {
    app.scopekeeper().work.list_vendor_tokens(&req.id).await
}

#[tauri::command]
pub async fn create_token<R: Runtime>(
    app: AppHandle<R>,
    req: CreateTokenRequest,
) -> Result<CreatedToken, Error> {
    app.scopekeeper()
        .work
        .create_token(&req.id, &req.spec)
        .await
}

#[tauri::command]
pub async fn create_into_keyring<R: Runtime>(
    app: AppHandle<R>,
    req: CreateIntoKeyringRequest,
) -> Result<KeptInKeyring, Error> {
    let work = &app.scopekeeper().work;
    work.create_into_keyring(&req.id, &req.spec, &req.entry)
        .await
}

#[tauri::command]
pub async fn token_status<R: Runtime>(
    app: AppHandle<R>,
    req: TokenStatusRequest,
) -> Result<TokenStatus, Error> {
    app.scopekeeper()
        .work
        .token_status(&req.id, &req.token_id)
        .await
}

#[tauri::command]
pub async fn rename_token<R: Runtime>(
    app: AppHandle<R>,
    req: RenameTokenRequest,
) -> Result<VendorToken, Error> {
    let work = &app.scopekeeper().work;
    work.rename_token(&req.id, &req.token_id, &req.name).await
}

#[tauri::command]
pub async fn revoke_replaced<R: Runtime>(
    app: AppHandle<R>,
    req: RevokeReplacedRequest,
) -> Result<(), Error> {
    let work = &app.scopekeeper().work;
    work.revoke_replaced(&req.id, &req.old_token_id, &req.new_token_id)
        .await
}

#[tauri::command]
pub async fn revoke_token<R: Runtime>(
    app: AppHandle<R>,
    req: RevokeTokenRequest,
) -> Result<(), Error> {
    let work = &app.scopekeeper().work;
    work.revoke_token(&req.id, &req.token_id, &req.choice).await
}

#[tauri::command]
pub async fn reconcile_create<R: Runtime>(
    app: AppHandle<R>,
    req: ReconcileCreateRequest,
) -> Result<Reconciliation, Error> {
    app.scopekeeper().work.reconcile_create(&req.id).await
}
