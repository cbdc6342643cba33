//! Where secrets are kept: the [`SecretStore`] abstraction.
//!
//! [`OsKeyringStore`] keeps secrets in the OS keyring (Secret Service, Keychain, Credential
//! Manager) for the desktop app and the CLI alike; unit tests use [`MemorySecretStore`]. There
//! is deliberately no file-backed store: when no keyring is available the caller gets
//! [`SecretStoreError::Unavailable`] and must tell the admin, never fall back to plaintext.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, ErrorKind};
use crate::secret::{secret, ExposeSecret, SecretString};

pub mod os_keyring;

pub use os_keyring::OsKeyringStore;

/// The keyring service name every Scopekeeper entry is filed under.
pub const KEYRING_SERVICE: &str = "app.scopekeeper.desktop";

/// Names one secret: a service and an account, as every OS keyring does.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SecretKey {
    pub service: String,
    pub account: String,
}

impl SecretKey {
    /// A key under Scopekeeper's own service name.
    pub fn scopekeeper(account: impl Into<String>) -> Self {
        Self {
            service: KEYRING_SERVICE.to_owned(),
            account: account.into(),
        }
    }
}

/// Why a secret-store call failed. Messages come from the backend and never include a secret.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SecretStoreError {
    #[error("no OS keyring is available ({0})")]
    Unavailable(String),
    #[error("the OS keyring is locked ({0})")]
    Locked(String),
    #[error("the OS keyring refused the operation ({0})")]
    Failed(String),
}

impl SecretStoreError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Unavailable(_) => ErrorKind::KeyringUnavailable,
            Self::Locked(_) => ErrorKind::KeyringLocked,
            Self::Failed(_) => ErrorKind::KeyringFailed,
        }
    }

    /// What the admin can do about it, as a sentence (empty when there is nothing to suggest).
    fn way_forward(&self) -> &'static str {
        match self {
            Self::Unavailable(_) => {
                " Start your desktop's keyring service (e.g. GNOME Keyring or KWallet) and try again."
            }
            Self::Locked(_) => " Unlock your login keyring and try again.",
            Self::Failed(_) => "",
        }
    }
}

impl From<SecretStoreError> for Error {
    fn from(e: SecretStoreError) -> Self {
        Error::new(e.kind(), capitalized(format!("{e}.{}", e.way_forward())))
    }
}

/// A secret-store failure during one step of a larger operation.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("could not {step}: {source}")]
pub struct StepFailed {
    pub step: &'static str,
    pub source: SecretStoreError,
}

impl StepFailed {
    pub fn kind(&self) -> ErrorKind {
        self.source.kind()
    }
}

impl From<StepFailed> for Error {
    fn from(e: StepFailed) -> Self {
        Error::new(
            e.kind(),
            capitalized(format!("{e}.{}", e.source.way_forward())),
        )
    }
}

fn capitalized(s: String) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => s,
    }
}

/// A place to keep secrets. Implementations must be safe to share between threads and must
/// never write a secret anywhere but their backing store.
pub trait SecretStore: Send + Sync {
    /// A human name for the backend, e.g. "Secret Service".
    fn backend_name(&self) -> String;
    /// Stores `value` under `key`, replacing any previous value.
    fn store(&self, key: &SecretKey, value: &SecretString) -> Result<(), SecretStoreError>;
    /// The value under `key`, or `None` if there is none.
    fn load(&self, key: &SecretKey) -> Result<Option<SecretString>, SecretStoreError>;
    /// Removes `key`; `Ok(false)` if there was nothing to remove.
    fn remove(&self, key: &SecretKey) -> Result<bool, SecretStoreError>;
}

/// An in-memory store for unit tests and for runs where keeping nothing is the point.
#[derive(Default)]
pub struct MemorySecretStore {
    entries: Mutex<HashMap<SecretKey, SecretString>>,
}

impl MemorySecretStore {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.entries
            .lock()
            .expect("memory store lock poisoned")
            .len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl SecretStore for MemorySecretStore {
    fn backend_name(&self) -> String {
        "in-memory (test)".to_owned()
    }

    fn store(&self, key: &SecretKey, value: &SecretString) -> Result<(), SecretStoreError> {
        let copy = secret(value.expose_secret().to_owned());
        self.entries
            .lock()
            .expect("memory store lock poisoned")
            .insert(key.clone(), copy);
        Ok(())
    }

    fn load(&self, key: &SecretKey) -> Result<Option<SecretString>, SecretStoreError> {
        let entries = self.entries.lock().expect("memory store lock poisoned");
        Ok(entries
            .get(key)
            .map(|v| secret(v.expose_secret().to_owned())))
    }

    fn remove(&self, key: &SecretKey) -> Result<bool, SecretStoreError> {
        Ok(self
            .entries
            .lock()
            .expect("memory store lock poisoned")
            .remove(key)
            .is_some())
    }
}

/// What a successful keyring self-check proved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct KeyringReport {
    /// The backend that answered, e.g. "Secret Service".
    pub backend: String,
    /// The steps that were carried out and verified, in order.
    pub steps_verified: Vec<String>,
}

/// The steps of [`verify_round_trip`], in order, as shown to the admin.
pub const ROUND_TRIP_STEPS: [&str; 4] = [
    "write a test secret",
    "read it back unchanged",
    "delete it",
    "confirm it is gone",
];

/// Proves that `store` can keep a secret: writes a random throwaway value under a random
/// account, reads it back, deletes it and confirms it is gone. Leaves nothing behind, even on
/// failure (best effort). The error names the step that failed.
pub fn verify_round_trip(store: &dyn SecretStore) -> Result<KeyringReport, StepFailed> {
    let key = SecretKey::scopekeeper(format!("self-check-{:016x}", random_u64()));
    let value = secret(format!(
        "scopekeeper-probe-{:016x}{:016x}",
        random_u64(),
        random_u64()
    ));
    let result = round_trip_steps(store, &key, &value);
    if result.is_err() {
        // Best effort: never leave the probe behind; the original error is what matters.
        let _ = store.remove(&key);
    }
    result.map(|()| KeyringReport {
        backend: store.backend_name(),
        steps_verified: ROUND_TRIP_STEPS.iter().map(|s| (*s).to_owned()).collect(),
    })
}

fn round_trip_steps(
    store: &dyn SecretStore,
    key: &SecretKey,
    value: &SecretString,
) -> Result<(), StepFailed> {
    let [write, read, delete, confirm] = ROUND_TRIP_STEPS;
    let at = |step: &'static str| move |source| StepFailed { step, source };
    let wrong = |step: &'static str, what: &str| StepFailed {
        step,
        source: SecretStoreError::Failed(what.to_owned()),
    };
    store.store(key, value).map_err(at(write))?;
    match store.load(key).map_err(at(read))? {
        Some(got) if got.expose_secret() == value.expose_secret() => {}
        Some(_) => return Err(wrong(read, "it returned a different value")),
        None => return Err(wrong(read, "it lost the value just written")),
    }
    if !store.remove(key).map_err(at(delete))? {
        return Err(wrong(delete, "it had no such entry"));
    }
    if store.load(key).map_err(at(confirm))?.is_some() {
        return Err(wrong(confirm, "the entry is still there after deleting it"));
    }
    Ok(())
}

/// A random number from the standard library's per-process random hasher keys mixed with the
/// clock; good enough to make probe names unguessable and unique, not for cryptography.
fn random_u64() -> u64 {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    h.write_u128(nanos);
    h.finish()
}

/// Runs a blocking keyring call on a worker thread and gives up waiting after `limit`.
pub async fn run_keyring_call<T, E, F>(limit: Duration, call: F) -> Result<T, Error>
where
    F: FnOnce() -> Result<T, E> + Send + 'static,
    E: Into<Error> + Send + 'static,
    T: Send + 'static,
{
    let task = tokio::task::spawn_blocking(call);
    match tokio::time::timeout(limit, task).await {
        Ok(Ok(result)) => result.map_err(Into::into),
        Ok(Err(join)) => Err(Error::new(
            ErrorKind::Internal,
            format!("the keyring call stopped unexpectedly: {join}"),
        )),
        Err(_) => Err(Error::new(
            ErrorKind::KeyringLocked,
            format!(
                "the OS keyring did not answer within {} s; it may be locked and waiting for an \
                 unlock prompt. Unlock your login keyring and try again.",
                limit.as_secs()
            ),
        )),
    }
}

/// Where a keyring write stands, shared by the caller and the worker thread doing it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum WriteState {
    Running,
    Done,
    /// The caller stopped waiting and told the admin nothing was saved.
    Abandoned,
}

/// Writes `value` under `key` on a worker thread, waiting at most `limit`. If the limit passes,
/// the admin is told nothing was saved, and the worker keeps that promise: should the stuck
/// write complete later, it puts back `previous` (or removes the entry when there was none), so
/// no orphan or changed credential is left behind unannounced. A write that completes at the
/// very moment the limit passes counts as done (one lock decides which happened first).
pub async fn run_keyring_write(
    limit: Duration,
    store: Arc<dyn SecretStore>,
    key: SecretKey,
    value: SecretString,
    previous: Option<SecretString>,
) -> Result<(), Error> {
    // One write (and its undo) at a time: a retry after a timeout cannot be overtaken by the
    // stuck write's late undo.
    static WRITES: Mutex<()> = Mutex::new(());
    let state = Arc::new(Mutex::new(WriteState::Running));
    let worker_state = Arc::clone(&state);
    let mut task = tokio::task::spawn_blocking(move || {
        let _one_at_a_time = crate::sync::lock(&WRITES);
        let written = store.store(&key, &value);
        let mut st = crate::sync::lock(&worker_state);
        if written.is_ok() && *st == WriteState::Abandoned {
            let undone = match &previous {
                Some(p) => store.store(&key, p),
                None => store.remove(&key).map(|_| ()),
            };
            if undone.is_err() {
                // The admin was told nothing was saved; say where that is not so (no secret).
                eprintln!(
                    "scopekeeper: a keyring write that timed out completed later and could not be undone: check the entry {} in your keyring",
                    key.account
                );
            }
        }
        *st = WriteState::Done;
        written
    });
    let joined = |r: Result<Result<(), SecretStoreError>, tokio::task::JoinError>| match r {
        Ok(result) => result.map_err(Into::into),
        Err(join) => Err(Error::new(
            ErrorKind::Internal,
            format!("the keyring call stopped unexpectedly: {join}"),
        )),
    };
    match tokio::time::timeout(limit, &mut task).await {
        Ok(r) => joined(r),
        Err(_) => {
            let finished = {
                let mut st = crate::sync::lock(&state);
                let finished = *st == WriteState::Done;
                if !finished {
                    *st = WriteState::Abandoned;
                }
                finished
            };
            if finished {
                // It finished just as the limit passed: its own result (success or failure).
                return joined(task.await);
            }
            Err(Error::new(
                ErrorKind::KeyringLocked,
                format!(
                    "the OS keyring did not answer within {} s, so nothing was saved (if it \
                     answers later, Scopekeeper takes the credential back out). It may be locked \
                     and waiting for an unlock prompt: unlock your login keyring and try again.",
                    limit.as_secs()
                ),
            ))
        }
    }
}

#[cfg(test)]
mod tests;
