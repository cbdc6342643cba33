//! The clipboard, written from Rust so a new secret never crosses IPC to be copied, and
//! cleared after a while if it still holds what Scopekeeper put there.
//!
//! Only a SHA-256 digest of the copied text is kept for the later comparison, so the secret
//! itself is not held in memory past the copy.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use scopekeeper_core::error::{Error, ErrorKind};
use scopekeeper_core::secret::{ExposeSecret, SecretString};
use scopekeeper_core::sync::lock;
use sha2::{Digest, Sha256};

/// Seconds before a copied secret is cleared (a test build may shorten it: `test_hooks`).
pub const CLEAR_AFTER_SECS: u64 = 30;

pub fn clear_after() -> Duration {
    Duration::from_secs(crate::test_hooks::clipboard_clear_secs().unwrap_or(CLEAR_AFTER_SECS))
}

#[derive(Default)]
pub struct ClipboardKeeper {
    // Kept alive: on X11 the clipboard's contents are served by this process while it lives.
    board: Mutex<Option<arboard::Clipboard>>,
    generation: AtomicU64,
    /// Digest of the secret Scopekeeper last put on the clipboard, until it is cleared.
    ours: Mutex<Option<[u8; 32]>>,
}

/// Sets `text` marked as excluded from clipboard managers' histories where the platform has
/// such a mark (Linux: `x-kde-passwordManagerHint`; Windows: history and cloud sync; macOS:
/// the concealed type).
fn set_secret_text(b: &mut arboard::Clipboard, text: String) -> Result<(), arboard::Error> {
    #[cfg(all(unix, not(target_os = "macos")))]
    {
        use arboard::SetExtLinux;
        b.set().exclude_from_history().text(text)
    }
    #[cfg(target_os = "windows")]
    {
        use arboard::SetExtWindows;
        b.set()
            .exclude_from_history()
            .exclude_from_cloud()
            .text(text)
    }
    #[cfg(target_os = "macos")]
    {
        use arboard::SetExtApple;
        b.set().exclude_from_history().text(text)
    }
}

fn digest(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

fn failed(e: impl std::fmt::Display) -> Error {
    Error::new(
        ErrorKind::Internal,
        format!("The clipboard is not available: {e}"),
    )
}

impl ClipboardKeeper {
    fn with_board<T>(
        &self,
        f: impl FnOnce(&mut arboard::Clipboard) -> Result<T, arboard::Error>,
    ) -> Result<T, Error> {
        let mut guard = lock(&self.board);
        if guard.is_none() {
            *guard = Some(arboard::Clipboard::new().map_err(failed)?);
        }
        f(guard.as_mut().expect("set above")).map_err(failed)
    }

    /// Copies `text` and schedules its removal after `after`, unless something else was copied
    /// in between (by Scopekeeper or anyone).
    pub fn copy_then_clear(
        self: &Arc<Self>,
        text: &SecretString,
        after: Duration,
    ) -> Result<(), Error> {
        // A copy that fails leaves the earlier one's timer in charge of clearing it.
        self.with_board(|b| set_secret_text(b, text.expose_secret().to_owned()))?;
        let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        *lock(&self.ours) = Some(digest(text.expose_secret()));
        let keeper = Arc::clone(self);
        tauri::async_runtime::spawn(async move {
            tokio::time::sleep(after).await;
            if keeper.generation.load(Ordering::SeqCst) != generation {
                return;
            }
            keeper.clear_if_ours();
        });
        Ok(())
    }

    /// Clears the clipboard if it still holds the secret Scopekeeper put there (the timer, and
    /// the app's exit: a copied token must not outlive the app in a clipboard manager).
    pub fn clear_if_ours(&self) {
        let Some(expected) = lock(&self.ours).take() else {
            return;
        };
        let _ = self.with_board(|b| {
            let still_ours = b
                .get_text()
                .map(|t| digest(&t) == expected)
                .unwrap_or(false);
            if still_ours {
                b.clear()
            } else {
                Ok(())
            }
        });
    }
}
