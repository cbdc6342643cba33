//! The native open/save dialog, opened only from Rust. The path comes only from the person's
//! choice here; the webview never names a path, so it can read or write no file the person did
//! not pick (and its capability grants no dialog or filesystem permission).

use std::path::PathBuf;

use scopekeeper_core::error::{Error, ErrorKind};
use scopekeeper_core::fsutil::write_atomically;
use scopekeeper_core::workbench::Export;
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder};

pub(crate) enum Pick {
    Open,
    Save,
}

/// Shows the dialog and waits for the person's choice; `None` when cancelled.
pub(crate) async fn choose<R: Runtime>(
    dialog: FileDialogBuilder<R>,
    pick: Pick,
) -> Option<PathBuf> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let answer = move |p: Option<tauri_plugin_dialog::FilePath>| {
        let _ = tx.send(p.and_then(|p| p.into_path().ok()));
    };
    match pick {
        Pick::Open => dialog.pick_file(answer),
        Pick::Save => dialog.save_file(answer),
    }
    rx.await.ok().flatten()
}

pub(crate) fn file_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Saves `export` where the person chooses in the save dialog, whole or not at all; the chosen
/// file's name, or `None` when cancelled.
pub(crate) async fn save<R: Runtime>(
    app: &AppHandle<R>,
    export: Export,
) -> Result<Option<String>, Error> {
    let dialog = app
        .dialog()
        .file()
        .set_title(export.title)
        .add_filter(export.filter, &[export.extension])
        .set_file_name(export.suggested_name);
    let Some(path) = choose(dialog, Pick::Save).await else {
        return Ok(None);
    };
    let (name, to) = (file_name(&path), path.clone());
    // The write fsyncs: it waits on the disk on a blocking thread, not the async runtime's.
    let written = tauri::async_runtime::spawn_blocking(move || {
        write_atomically(&to, &format!(".{}.saving", file_name(&to)), &export.bytes)
    })
    .await
    .map_err(|_| Error::new(ErrorKind::Internal, "Saving stopped unexpectedly."))?;
    written.map_err(|e| {
        let at = path.display();
        Error::new(
            ErrorKind::Io,
            format!("Cannot write {at}: {e}. Choose another folder."),
        )
    })?;
    Ok(Some(name))
}
