//! The native open/save dialog, opened only from Rust. The path comes only from the person's
//! choice here; the webview never names a path, so it can read or write no file the person did
//! not pick (and its capability grants no dialog or filesystem permission).

use std::path::PathBuf;

use tauri::Runtime;
use tauri_plugin_dialog::FileDialogBuilder;

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
