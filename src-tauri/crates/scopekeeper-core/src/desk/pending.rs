//! The one secret held after a create: shown once, copied from Rust, kept in the keyring only
//! on request, and forgotten when the admin leaves its screen. One lookup of it, one path into
//! the keyring (shared with pasted tokens).

use std::sync::Arc;

use super::types::{CopyWhat, CreatedToken, PendingSecret};
use super::{invalid, lock, Desk};
use crate::connection::Connection;
use crate::error::{Error, ErrorKind};
use crate::secret::{ExposeSecret, SecretString};
use crate::secret_store::{run_keyring_call, SecretKey};

impl Desk {
    /// The pending token's description, if one is held.
    pub fn pending(&self) -> Option<CreatedToken> {
        lock(&self.pending).as_ref().map(|p| p.created.clone())
    }

    /// The one lookup of the pending secret: `f` runs on it if it is `token_id`'s; otherwise the
    /// answer is that it is gone and cannot be `what` (shown, copied, saved) again.
    fn with_pending<T>(
        &self,
        token_id: &str,
        what: &str,
        f: impl FnOnce(&mut PendingSecret) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let mut guard = lock(&self.pending);
        let p = guard
            .as_mut()
            .filter(|p| p.created.token_id == token_id)
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::NotFound,
                    format!("That token's secret is gone; it cannot be {what} again."),
                )
            })?;
        f(p)
    }

    /// Shows the new secret, once. Later calls are refused: it cannot be shown again.
    pub fn reveal_pending(&self, token_id: &str) -> Result<String, Error> {
        self.with_pending(token_id, "shown", |p| {
            if p.revealed {
                return Err(Error::new(
                    ErrorKind::Conflict,
                    "The secret was already revealed once; it cannot be shown again.",
                ));
            }
            p.revealed = true;
            Ok(p.secret.expose_secret().to_owned())
        })
    }

    /// What a copy puts on the clipboard (the app writes it; it never crosses IPC).
    pub fn pending_for_copy(&self, token_id: &str, what: CopyWhat) -> Result<SecretString, Error> {
        self.with_pending(token_id, "copied", |p| {
            Ok(match what {
                CopyWhat::Secret => p.secret.clone(),
                CopyWhat::EnvLine => SecretString::from(format!(
                    "{}={}",
                    p.created.env_var,
                    p.secret.expose_secret()
                )),
            })
        })
    }

    /// Keeps the pending secret in the keyring under `token:<name>`.
    pub async fn save_pending(&self, token_id: &str, name: &str) -> Result<String, Error> {
        let (secret, created) = self.with_pending(token_id, "saved", |p| {
            Ok((p.secret.clone(), p.created.clone()))
        })?;
        let conn = self.connection(&created.connection_id)?;
        self.keep_in_keyring(&conn, Some(&created.token_id), &created.name, name, secret)
            .await
    }

    /// The keyring entry `token:<name>`, once the name is valid, the keyring answers, and no
    /// entry has that name yet (overwriting would lose the secret a program reads there now).
    pub(super) async fn free_entry(&self, name: &str) -> Result<(String, SecretKey), Error> {
        let name = name.trim();
        if name.is_empty() || name.len() > 200 || name.chars().any(char::is_control) {
            return Err(invalid(
                "Name the keyring entry (up to 200 characters, no control characters).",
            ));
        }
        let account = format!("token:{name}");
        let key = SecretKey::scopekeeper(account.clone());
        let store = Arc::clone(&self.secrets);
        let probe = key.clone();
        if run_keyring_call(self.keyring_timeout, move || store.load(&probe))
            .await?
            .is_some()
        {
            return Err(Error::new(
                ErrorKind::Conflict,
                format!("The keyring already holds an entry named {account}; choose another name, so the secret a program reads there now is kept."),
            ));
        }
        Ok((account, key))
    }

    /// The one "save in keyring" path: files `secret` as `token:<name>` and logs it.
    pub(super) async fn keep_in_keyring(
        &self,
        conn: &Connection,
        token_id: Option<&str>,
        token_name: &str,
        name: &str,
        secret: SecretString,
    ) -> Result<String, Error> {
        let (account, key) = self.free_entry(name).await?;
        self.store_secret(key, secret).await?;
        self.record(
            conn,
            "saved_in_keyring",
            token_id,
            Some(token_name),
            &[],
            &format!("keyring entry {account}"),
        );
        Ok(account)
    }

    /// Forgets whatever secret is pending (before a new create).
    pub fn discard_pending(&self) {
        lock(&self.pending).take();
    }

    /// Forgets the pending secret if it is `token_id`'s (the admin left its result screen); a
    /// newer token's secret is kept. Returns whether one was dropped.
    pub fn discard_pending_of(&self, token_id: &str) -> bool {
        let mut guard = lock(&self.pending);
        if guard
            .as_ref()
            .is_some_and(|p| p.created.token_id == token_id)
        {
            guard.take();
            true
        } else {
            false
        }
    }

    /// The pending secret of `token_id`, if still held (to check it with the vendor).
    pub(super) fn pending_secret_of(&self, token_id: &str) -> Option<SecretString> {
        self.with_pending(token_id, "checked", |p| Ok(p.secret.clone()))
            .ok()
    }
}
