//! The one new token's secret after a create: its single reveal, a copy from Rust (cleared
//! from the clipboard after 30 s if unchanged), saving it in the keyring, and dropping it.

use scopekeeper_core::error::IpcError;
use tauri::{AppHandle, Runtime};

use crate::clipboard::clear_after;
use crate::commands::{
    CopyCreatedTokenRequest, DiscardCreatedTokenRequest, RevealCreatedTokenRequest,
    SaveCreatedTokenRequest,
};
use crate::state::ScopekeeperExt;

/// The single reveal of a newly created token.
#[tauri::command]
pub async fn reveal_created_token<R: Runtime>(
    app: AppHandle<R>,
    req: RevealCreatedTokenRequest,
) -> Result<String, IpcError> {
    let RevealCreatedTokenRequest { token_id } = req;
    app.scopekeeper().desk.reveal_pending(&token_id)
}

/// Copies the new token (or its env-var line) from Rust; cleared after 30 s if unchanged.
#[tauri::command]
pub async fn copy_created_token<R: Runtime>(
    app: AppHandle<R>,
    req: CopyCreatedTokenRequest,
) -> Result<u64, IpcError> {
    let CopyCreatedTokenRequest { token_id, what } = req;
    let state = app.scopekeeper();
    let text = state.desk.pending_for_copy(&token_id, what)?;
    let after = clear_after();
    state.clipboard.copy_then_clear(&text, after)?;
    Ok(after.as_secs())
}

#[tauri::command]
pub async fn save_created_token<R: Runtime>(
    app: AppHandle<R>,
    req: SaveCreatedTokenRequest,
) -> Result<String, IpcError> {
    let SaveCreatedTokenRequest { token_id, name } = req;
    app.scopekeeper().desk.save_pending(&token_id, &name).await
}

/// The admin left the result screen of `token_id`: its secret is dropped (a newer token's
/// secret, created since, is kept).
#[tauri::command]
pub async fn discard_created_token<R: Runtime>(
    app: AppHandle<R>,
    req: DiscardCreatedTokenRequest,
) -> bool {
    let DiscardCreatedTokenRequest { token_id } = req;
    app.scopekeeper().desk.discard_pending_of(&token_id)
}
