//! Evidence: the signing key's public half, and a signed evidence pack of the history's runs
//! and the action log, saved where the admin chooses. The key is kept only in the OS keyring.

use scopekeeper_core::error::Error;
use scopekeeper_core::evidence::{PublicKeyInfo, VerifiedPack};
use tauri::{AppHandle, Runtime};

use crate::commands::ExportEvidenceRequest;
use crate::state::ScopekeeperExt;

#[tauri::command]
pub async fn evidence_key<R: Runtime>(app: AppHandle<R>) -> Result<Option<PublicKeyInfo>, Error> {
    app.scopekeeper().work.evidence_key().await
}

/// Builds a signed pack of the runs since `since` (`YYYY-MM-DD`; `None`: the latest run),
/// saves it where the admin chooses, and answers what it holds.
#[tauri::command]
pub async fn export_evidence<R: Runtime>(
    app: AppHandle<R>,
    req: ExportEvidenceRequest,
) -> Result<Option<(String, VerifiedPack)>, Error> {
    let (export, pack) = app.scopekeeper().work.evidence_pack(req.since).await?;
    Ok(crate::dialog::save(&app, export)
        .await?
        .map(|name| (name, pack)))
}
