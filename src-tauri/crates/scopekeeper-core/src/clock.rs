//! Time, passed in. Business logic never reads the system clock itself: it takes a [`Clock`],
//! so tests can fix "now" and the vendor clients can be checked against exact timestamps.
//!
//! Days are the admin's local days: "today" and "the end of the chosen day" are in the local
//! time zone of the machine ([`SystemClock`]) or of the fixed offset a test chooses
//! ([`FixedClock`]). Vendors get instants (UTC), never a bare day.

use chrono::{DateTime, Days, FixedOffset, Local, NaiveTime, Offset, TimeZone, Utc};

use crate::token_spec::Day;

pub trait Clock: Send + Sync {
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> i64;

    /// The local time zone's offset from UTC at instant `ms`.
    fn offset_at(&self, ms: i64) -> FixedOffset;

    /// The first instant (ms) of a local calendar day; DST-aware where the zone has DST.
    fn start_of_day_ms(&self, day: Day) -> i64;

    /// Today's date in the local time zone.
    fn today(&self) -> Day {
        let ms = self.now_ms();
        let local = utc(ms).with_timezone(&self.offset_at(ms));
        Day::from_naive(local.date_naive())
    }

    /// The last millisecond of a local calendar day (a token "valid through" that day).
    fn end_of_day_ms(&self, day: Day) -> i64 {
        match day.naive().checked_add_days(Days::new(1)) {
            Some(next) => self
                .start_of_day_ms(Day::from_naive(next))
                .saturating_sub(1),
            None => i64::MAX,
        }
    }

    /// How the review names the zone: `UTC+01:00`, or `UTC` itself.
    fn zone_label(&self) -> String {
        zone_label(self.offset_at(self.now_ms()))
    }
}

/// Milliseconds in a day of 24 hours.
pub const DAY_MS: i64 = 86_400_000;

/// Whole days (rounded down) from `from_ms` to `to_ms`; `None` when the difference does not
/// fit in an `i64` (one of them is far outside any calendar, as a damaged file may hold).
pub fn days_between(from_ms: i64, to_ms: i64) -> Option<i64> {
    to_ms.checked_sub(from_ms).map(|d| d.div_euclid(DAY_MS))
}

/// Whether `ms` is an instant a file may hold: a date RFC 3339 can write (years 1 to 9999).
/// Any two such instants are a difference that fits.
pub fn is_calendar_ms(ms: i64) -> bool {
    use chrono::Datelike;
    DateTime::from_timestamp_millis(ms).is_some_and(|t| (1..=9999).contains(&t.year()))
}

fn utc(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// `UTC`, `UTC+05:30`, `UTC−08:00` (a real minus sign, as dates are shown).
pub fn zone_label(offset: FixedOffset) -> String {
    let secs = offset.local_minus_utc();
    if secs == 0 {
        return "UTC".into();
    }
    let sign = if secs < 0 { '\u{2212}' } else { '+' };
    let abs = secs.unsigned_abs();
    format!("UTC{sign}{:02}:{:02}", abs / 3600, abs % 3600 / 60)
}

/// The machine's clock and time zone.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        Utc::now().timestamp_millis()
    }

    fn offset_at(&self, ms: i64) -> FixedOffset {
        utc(ms).with_timezone(&Local).offset().fix()
    }

    fn start_of_day_ms(&self, day: Day) -> i64 {
        let midnight = day.naive().and_time(NaiveTime::MIN);
        // A day that starts inside a DST gap starts at the gap's end; earliest() handles the
        // ambiguous (repeated) hour.
        match Local.from_local_datetime(&midnight).earliest() {
            Some(t) => t.timestamp_millis(),
            None => Local
                .from_local_datetime(&(midnight + chrono::Duration::hours(1)))
                .earliest()
                .map(|t| t.timestamp_millis())
                .unwrap_or_else(|| midnight.and_utc().timestamp_millis()),
        }
    }
}

/// A clock stopped at one instant, in a time zone with a fixed offset (tests).
#[derive(Debug, Clone, Copy)]
pub struct FixedClock {
    pub now_ms: i64,
    pub offset: FixedOffset,
}

impl FixedClock {
    /// Stopped at `now_ms`, in UTC.
    pub fn utc(now_ms: i64) -> Self {
        Self::at_offset(now_ms, 0)
    }

    /// Stopped at `now_ms`, `offset_secs` east of UTC (negative: west).
    pub fn at_offset(now_ms: i64, offset_secs: i32) -> Self {
        Self {
            now_ms,
            offset: FixedOffset::east_opt(offset_secs).unwrap_or_else(|| Utc.fix()),
        }
    }
}

impl Clock for FixedClock {
    fn now_ms(&self) -> i64 {
        self.now_ms
    }

    fn offset_at(&self, _ms: i64) -> FixedOffset {
        self.offset
    }

    fn start_of_day_ms(&self, day: Day) -> i64 {
        let midnight = day.naive().and_time(NaiveTime::MIN);
        midnight.and_utc().timestamp_millis() - i64::from(self.offset.local_minus_utc()) * 1000
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2026-12-01T03:00:00Z: still 30 November in UTC-8.
    const T: i64 = 1_796_094_000_000;

    #[test]
    fn today_is_the_local_day() {
        assert_eq!(FixedClock::utc(T).today().to_string(), "2026-12-01");
        assert_eq!(
            FixedClock::at_offset(T, -8 * 3600).today().to_string(),
            "2026-11-30"
        );
        assert_eq!(
            FixedClock::at_offset(T, 14 * 3600).today().to_string(),
            "2026-12-01"
        );
    }

    #[test]
    fn the_chosen_day_ends_at_local_midnight() {
        let day = Day::parse("2027-01-05").unwrap();
        let west = FixedClock::at_offset(T, -8 * 3600);
        // 2027-01-05T23:59:59.999-08:00 = 2027-01-06T07:59:59.999Z
        assert_eq!(west.end_of_day_ms(day), 1_799_222_399_999);
        assert_eq!(FixedClock::utc(T).end_of_day_ms(day), 1_799_193_599_999);
    }

    #[test]
    fn zones_are_labelled() {
        assert_eq!(FixedClock::utc(T).zone_label(), "UTC");
        assert_eq!(
            FixedClock::at_offset(T, -8 * 3600).zone_label(),
            "UTC\u{2212}08:00"
        );
        assert_eq!(
            FixedClock::at_offset(T, 5 * 3600 + 1800).zone_label(),
            "UTC+05:30"
        );
    }
}
