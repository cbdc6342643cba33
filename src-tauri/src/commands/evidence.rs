//! Evidence: the signing key's public half, and a signed evidence pack of the history's runs
//! and the action log, saved where the admin chooses. The key is kept only in the OS keyring.

use scopekeeper_core::action_log::ActionLog;
use scopekeeper_core::clock::{Clock, SystemClock};
use scopekeeper_core::desk::KEYRING_TIMEOUT;
use scopekeeper_core::error::{ErrorKind, IpcError};
use scopekeeper_core::evidence::{self, EvidenceInput, PublicKeyInfo, VerifiedPack};
use scopekeeper_core::secret_store::{run_keyring_call, OsKeyringStore};
use scopekeeper_core::token_spec::Day;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::DialogExt;

use crate::commands::history::{blocking, store_of, History};
use crate::commands::ExportEvidenceRequest;
use crate::dialog::{choose, file_name, Pick};
use crate::state::ScopekeeperExt;

/// The evidence signing key's public half, or `None` before the first pack (never creates one).
#[tauri::command]
pub async fn evidence_key<R: Runtime>(
    _app: AppHandle<R>,
) -> Result<Option<PublicKeyInfo>, IpcError> {
    run_keyring_call(KEYRING_TIMEOUT, || evidence::public_key(&OsKeyringStore)).await
}

/// Builds a signed evidence pack of the runs since `since` (`YYYY-MM-DD`, local; `None`: the
/// latest run), saves it where the admin chooses, and answers what it holds.
#[tauri::command]
pub async fn export_evidence<R: Runtime>(
    app: AppHandle<R>,
    req: ExportEvidenceRequest,
) -> Result<Option<(String, VerifiedPack)>, IpcError> {
    let ExportEvidenceRequest { since } = req;
    let since = since.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let since_ms = match &since {
        Some(text) => Some(SystemClock.start_of_day_ms(Day::parse(text).ok_or_else(|| {
            IpcError::new(
                ErrorKind::InvalidInput,
                format!("“{text}” is not a date: enter it as YYYY-MM-DD."),
            )
        })?)),
        None => None,
    };
    let store = store_of(&app).await?;
    let log = ActionLog::new(&app.state::<History>().log);
    let catalogs = evidence::catalog_identities(app.scopekeeper().catalogs().catalogs());
    let actor = scopekeeper_core::os_user::os_user();
    let input = blocking(move || {
        let (actions, chain) = evidence::log_range(&log, since_ms)?;
        let (snapshots, findings) = evidence::history_snapshots(&store, since_ms)?;
        if snapshots.is_empty() {
            return Err(IpcError::new(
                ErrorKind::NotFound,
                "No audit run is in that range: run the audit, or choose an earlier date.",
            ));
        }
        Ok(EvidenceInput {
            actor,
            since,
            snapshots,
            findings,
            actions,
            log_chain: Some(chain),
            catalogs,
        })
    })
    .await?;
    // The key may wait on a locked keyring: bounded like every keyring call.
    let bytes = run_keyring_call(KEYRING_TIMEOUT, move || {
        let key = evidence::signing_key(&OsKeyringStore)?;
        Ok::<_, IpcError>(evidence::build(input, &key, &SystemClock))
    })
    .await?;
    // A pack that would not verify is never written.
    let (bytes, pack) = blocking(move || {
        let pack = evidence::verify(&bytes, None).map_err(IpcError::from)?;
        Ok((bytes, pack))
    })
    .await?;
    let day = pack.created_at.get(..10).unwrap_or("pack").to_owned();
    let dialog = app
        .dialog()
        .file()
        .set_title("Save the evidence pack")
        .add_filter("Evidence pack (JSON)", &["json"])
        .set_file_name(format!("scopekeeper-evidence-{day}.json"));
    let Some(path) = choose(dialog, Pick::Save).await else {
        return Ok(None);
    };
    let tmp = format!(".{}.saving", file_name(&path));
    let to = path.clone();
    blocking(move || {
        scopekeeper_core::fsutil::write_atomically(&to, &tmp, &bytes).map_err(|e| {
            IpcError::new(
                ErrorKind::Io,
                format!("Cannot write {}: {e}. Choose another folder.", to.display()),
            )
        })
    })
    .await?;
    Ok(Some((file_name(&path), pack)))
}
