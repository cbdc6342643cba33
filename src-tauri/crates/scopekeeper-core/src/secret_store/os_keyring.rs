//! [`SecretStore`] on the OS keyring through the `keyring` crate: Secret Service on Linux,
//! Keychain on macOS, Credential Manager on Windows.
//!
//! Shared by the desktop app and the CLI, so both read and write the same entries. Never falls
//! back to a file: a missing or locked keyring is an error the admin sees. Keyring calls block
//! (D-Bus round trips, possibly an unlock prompt), so async code goes through
//! [`run_keyring_call`](super::run_keyring_call), which moves them off the async runtime and
//! bounds their time.

use super::{SecretKey, SecretStore, SecretStoreError};
use crate::secret::{secret, ExposeSecret, SecretString};

/// The operating system's keyring.
pub struct OsKeyringStore;

impl OsKeyringStore {
    fn entry(key: &SecretKey) -> Result<keyring::Entry, SecretStoreError> {
        keyring::Entry::new(&key.service, &key.account).map_err(classify)
    }
}

impl SecretStore for OsKeyringStore {
    fn backend_name(&self) -> String {
        if cfg!(target_os = "macos") {
            "macOS Keychain"
        } else if cfg!(target_os = "windows") {
            "Windows Credential Manager"
        } else {
            "Secret Service"
        }
        .to_owned()
    }

    fn store(&self, key: &SecretKey, value: &SecretString) -> Result<(), SecretStoreError> {
        Self::entry(key)?
            .set_password(value.expose_secret())
            .map_err(classify)
    }

    fn load(&self, key: &SecretKey) -> Result<Option<SecretString>, SecretStoreError> {
        match Self::entry(key)?.get_password() {
            Ok(value) => Ok(Some(secret(value))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(classify(e)),
        }
    }

    fn remove(&self, key: &SecretKey) -> Result<bool, SecretStoreError> {
        match Self::entry(key)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(classify(e)),
        }
    }
}

/// Maps the keyring crate's errors onto what the admin can act on. Its messages describe the
/// platform failure and never contain the secret.
fn classify(e: keyring::Error) -> SecretStoreError {
    match e {
        keyring::Error::NoStorageAccess(inner) => SecretStoreError::Locked(inner.to_string()),
        keyring::Error::PlatformFailure(inner) => SecretStoreError::Unavailable(inner.to_string()),
        other => SecretStoreError::Failed(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ipc::ErrorKind;

    #[test]
    fn keyring_errors_map_to_what_the_admin_can_act_on() {
        let locked = classify(keyring::Error::NoStorageAccess("locked".into()));
        assert_eq!(locked.kind(), ErrorKind::KeyringLocked);
        let missing = classify(keyring::Error::PlatformFailure("no bus".into()));
        assert_eq!(missing.kind(), ErrorKind::KeyringUnavailable);
        let other = classify(keyring::Error::TooLong("user".into(), 10));
        assert_eq!(other.kind(), ErrorKind::KeyringFailed);
    }
}
