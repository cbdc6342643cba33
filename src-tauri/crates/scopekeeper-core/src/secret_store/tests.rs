//! Unit tests of `secret_store`.

use super::*;
use std::time::Duration;

#[tokio::test]
async fn a_keyring_call_that_hangs_is_reported_as_locked_once_the_limit_passes() {
    let result = run_keyring_call(Duration::from_millis(50), || {
        std::thread::sleep(Duration::from_millis(1500));
        Ok::<(), SecretStoreError>(())
    })
    .await;
    let err = result.expect_err("a hung call must not be reported as success");
    assert_eq!(err.kind, ErrorKind::KeyringLocked);
    assert!(err.message.contains("did not answer"), "{}", err.message);
}

#[tokio::test]
async fn a_store_error_crosses_with_its_kind() {
    let result = run_keyring_call(Duration::from_secs(5), || {
        Err::<(), _>(SecretStoreError::Unavailable("no Secret Service".into()))
    })
    .await;
    assert_eq!(
        result.expect_err("must fail").kind,
        ErrorKind::KeyringUnavailable
    );
}

/// A store whose writes take `delay` (a keyring waiting on an unlock prompt).
struct Slow {
    inner: MemorySecretStore,
    delay: Duration,
}

impl SecretStore for Slow {
    fn backend_name(&self) -> String {
        "slow".into()
    }
    fn store(&self, key: &SecretKey, value: &SecretString) -> Result<(), SecretStoreError> {
        std::thread::sleep(self.delay);
        self.inner.store(key, value)
    }
    fn load(&self, key: &SecretKey) -> Result<Option<SecretString>, SecretStoreError> {
        self.inner.load(key)
    }
    fn remove(&self, key: &SecretKey) -> Result<bool, SecretStoreError> {
        self.inner.remove(key)
    }
}

#[tokio::test]
async fn a_write_that_times_out_says_nothing_was_saved_and_leaves_no_orphan() {
    let slow = Arc::new(Slow {
        inner: MemorySecretStore::new(),
        delay: Duration::from_millis(300),
    });
    let key = SecretKey::scopekeeper("connection:new");
    let err = run_keyring_write(
        Duration::from_millis(30),
        slow.clone(),
        key.clone(),
        secret("admin".into()),
        None,
    )
    .await
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::KeyringLocked);
    assert!(err.message.contains("nothing was saved"), "{}", err.message);
    tokio::time::sleep(Duration::from_millis(900)).await;
    assert!(
        slow.inner.load(&key).unwrap().is_none(),
        "the late write was taken back out"
    );

    // An edit: the late write puts the previous credential back.
    slow.inner.store(&key, &secret("old".into())).unwrap();
    run_keyring_write(
        Duration::from_millis(30),
        slow.clone(),
        key.clone(),
        secret("new".into()),
        Some(secret("old".into())),
    )
    .await
    .unwrap_err();
    tokio::time::sleep(Duration::from_millis(900)).await;
    assert_eq!(
        slow.inner.load(&key).unwrap().unwrap().expose_secret(),
        "old"
    );

    // In time: written.
    run_keyring_write(
        Duration::from_secs(5),
        slow.clone(),
        key.clone(),
        secret("new".into()),
        None,
    )
    .await
    .unwrap();
    assert_eq!(
        slow.inner.load(&key).unwrap().unwrap().expose_secret(),
        "new"
    );
}

#[test]
fn memory_store_keeps_loads_and_removes() {
    let store = MemorySecretStore::new();
    let key = SecretKey::scopekeeper("conn-1");
    assert!(store.load(&key).unwrap().is_none());
    store.store(&key, &secret("tok".into())).unwrap();
    assert_eq!(store.load(&key).unwrap().unwrap().expose_secret(), "tok");
    assert!(store.remove(&key).unwrap());
    assert!(
        !store.remove(&key).unwrap(),
        "second remove must report nothing removed"
    );
}

#[test]
fn round_trip_on_a_working_store_verifies_every_step_and_leaves_nothing() {
    let store = MemorySecretStore::new();
    let report = verify_round_trip(&store).expect("memory store must pass");
    assert_eq!(report.steps_verified.len(), ROUND_TRIP_STEPS.len());
    assert!(store.is_empty(), "the probe must be deleted");
}

/// A store that misbehaves in one chosen way.
struct Faulty {
    inner: MemorySecretStore,
    fault: Fault,
}

#[derive(PartialEq)]
enum Fault {
    LockedOnWrite,
    CorruptsValue,
    ForgetsDelete,
}

impl SecretStore for Faulty {
    fn backend_name(&self) -> String {
        "faulty".into()
    }
    fn store(&self, key: &SecretKey, value: &SecretString) -> Result<(), SecretStoreError> {
        match self.fault {
            Fault::LockedOnWrite => Err(SecretStoreError::Locked("collection locked".into())),
            Fault::CorruptsValue => self.inner.store(key, &secret("other".into())),
            Fault::ForgetsDelete => self.inner.store(key, value),
        }
    }
    fn load(&self, key: &SecretKey) -> Result<Option<SecretString>, SecretStoreError> {
        self.inner.load(key)
    }
    fn remove(&self, key: &SecretKey) -> Result<bool, SecretStoreError> {
        if self.fault == Fault::ForgetsDelete {
            return Ok(true);
        }
        self.inner.remove(key)
    }
}

#[test]
fn a_locked_store_is_reported_as_locked_at_the_write_step() {
    let store = Faulty {
        inner: MemorySecretStore::new(),
        fault: Fault::LockedOnWrite,
    };
    let err = verify_round_trip(&store).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::KeyringLocked);
    assert_eq!(err.step, "write a test secret");
    let ipc = Error::from(err);
    assert_eq!(
        ipc.message,
        "Could not write a test secret: the OS keyring is locked (collection locked). \
             Unlock your login keyring and try again."
    );
}

#[test]
fn a_store_returning_another_value_fails_the_read_step_and_is_cleaned_up() {
    let store = Faulty {
        inner: MemorySecretStore::new(),
        fault: Fault::CorruptsValue,
    };
    let err = verify_round_trip(&store).unwrap_err();
    assert!(err.to_string().contains("different value"), "{err}");
    assert!(
        store.inner.is_empty(),
        "a failed check must not leave its probe behind"
    );
}

#[test]
fn a_store_that_does_not_delete_fails_the_confirm_step() {
    let store = Faulty {
        inner: MemorySecretStore::new(),
        fault: Fault::ForgetsDelete,
    };
    let err = verify_round_trip(&store).unwrap_err();
    assert!(err.to_string().contains("still there"), "{err}");
}

#[test]
fn ipc_error_from_store_error_keeps_the_kind_and_gives_a_way_forward() {
    let e: Error = SecretStoreError::Unavailable("no Secret Service".into()).into();
    assert_eq!(e.kind, ErrorKind::KeyringUnavailable);
    assert!(e.message.contains("keyring service"), "{}", e.message);
}
