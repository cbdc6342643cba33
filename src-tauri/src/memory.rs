//! Gives memory freed after a large piece of work back to the system. glibc keeps freed heap (an
//! imported catalog's text and parse, a catalog view's multi-megabyte IPC reply) in its arenas,
//! where it still counts against the app; measured with GCP imported, about 23 MB of the app's
//! 140 MB was such slack (`tests/examples/memory_probe.rs`).

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

static SCHEDULED: AtomicBool = AtomicBool::new(false);

/// Trims the allocator a moment from now (after the reply has been sent and dropped), on a
/// thread of its own; calls while one is pending share it.
pub fn trim_soon() {
    if SCHEDULED.swap(true, Ordering::AcqRel) {
        return;
    }
    std::thread::spawn(|| {
        std::thread::sleep(Duration::from_secs(2));
        SCHEDULED.store(false, Ordering::Release);
        trim();
    });
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn trim() {
    // SAFETY: malloc_trim only hands free pages of glibc's arenas back to the kernel; it has no
    // preconditions and touches no live allocation.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn trim() {}
