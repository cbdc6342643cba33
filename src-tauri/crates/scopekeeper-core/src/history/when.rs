//! Times as the history's readers show and ask for them: a run's instant in local time, and
//! the end of a local calendar day (`--since 2026-11-30` means up to that day's last moment).

use chrono::{Local, NaiveDate, TimeZone};

fn local(ms: i64) -> Option<chrono::DateTime<Local>> {
    chrono::DateTime::from_timestamp_millis(ms).map(|t| t.with_timezone(&Local))
}

/// `2026-12-01 09:30 +01:00`: local date and time with the zone's offset.
pub fn local_time(ms: i64) -> String {
    local(ms).map_or_else(
        || ms.to_string(),
        |t| t.format("%Y-%m-%d %H:%M %:z").to_string(),
    )
}

/// `2026-12-01`: the local date.
pub fn local_date(ms: i64) -> String {
    local(ms).map_or_else(|| ms.to_string(), |t| t.format("%Y-%m-%d").to_string())
}

/// The last millisecond (Unix ms) of `date`, written `YYYY-MM-DD`, in local time; `None` when
/// it is not a real date in that form.
pub fn end_of_local_day(date: &str) -> Option<i64> {
    if date.len() != 10 {
        return None;
    }
    let next = NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .ok()?
        .succ_opt()?;
    let midnight = next.and_hms_opt(0, 0, 0)?;
    // Where a clock change skips midnight, the day ends when the next one first exists.
    let start = Local
        .from_local_datetime(&midnight)
        .earliest()
        .or_else(|| {
            Local
                .from_local_datetime(&(midnight + chrono::Duration::hours(1)))
                .earliest()
        })?;
    Some(start.timestamp_millis() - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_ends_just_before_the_next_local_midnight_and_bad_dates_are_refused() {
        let end = end_of_local_day("2026-11-30").unwrap();
        assert_eq!(local_date(end), "2026-11-30");
        assert_eq!(local_date(end + 1), "2026-12-01");
        assert!(local_time(end).starts_with("2026-11-30 23:59 "));
        for bad in [
            "2026-13-01",
            "2026-02-30",
            "30/11/2026",
            "2026-1-5",
            "last",
            "",
        ] {
            assert_eq!(end_of_local_day(bad), None, "{bad}");
        }
    }
}
