//! Locks that survive a panic elsewhere. Every value kept behind these locks is replaced whole
//! (never left half-changed), so a lock poisoned by a panicking holder still guards a consistent
//! value and is used as is: one failed command must not take every later one down with it.
//!
//! Must never hold a lock across an `.await` (these are std locks).

use std::sync::{Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// Locks `m`, taking the value over from a holder that panicked.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Reads `l`, as [`lock`] does.
pub fn read<T>(l: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    l.read().unwrap_or_else(|p| p.into_inner())
}

/// Writes `l`, as [`lock`] does.
pub fn write<T>(l: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    l.write().unwrap_or_else(|p| p.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_poisoned_by_a_panicking_holder_still_hands_out_its_value() {
        let m = Mutex::new(7);
        let l = RwLock::new(8);
        let _ = std::panic::catch_unwind(|| {
            let _held = m.lock().unwrap();
            let _written = l.write().unwrap();
            panic!("a holder panics");
        });
        assert!(
            m.is_poisoned() && l.is_poisoned(),
            "the panic poisoned both"
        );
        assert_eq!(*lock(&m), 7);
        assert_eq!(*read(&l), 8);
        *write(&l) = 9;
        assert_eq!(*read(&l), 9);
    }
}
