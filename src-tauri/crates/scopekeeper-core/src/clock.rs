//! Time, passed in. Business logic never reads the system clock itself: it takes a [`Clock`],
//! so tests can fix "now" and the vendor clients can be checked against exact timestamps.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::token_spec::Day;

pub trait Clock: Send + Sync {
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> i64;

    /// Today's date in UTC.
    fn today(&self) -> Day {
        Day::from_unix_seconds(self.now_ms().div_euclid(1000))
    }
}

/// The machine's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0)
    }
}

/// A clock stopped at one instant (tests).
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub i64);

impl Clock for FixedClock {
    fn now_ms(&self) -> i64 {
        self.0
    }
}
