//! The two fields an admin types: the last valid day (`YYYY-MM-DD`, exactly) and IP allowlist
//! entries (an address or a CIDR block with no host bits), parsed with chrono and ipnet.

use std::net::IpAddr;

use chrono::{DateTime, NaiveDate};
use ipnet::IpNet;

/// A calendar date (a day in the admin's local calendar; see [`crate::clock::Clock::today`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(NaiveDate);

impl Day {
    /// Parses exactly `YYYY-MM-DD` (four, two and two ASCII digits), rejecting impossible dates
    /// (2026-02-30) and anything chrono's lenient parser would otherwise take (`2027-+1-05`,
    /// `+2027-01-05`, `2027-1-5`, spaces). Trims nothing: callers trim once and use that value.
    pub fn parse(s: &str) -> Option<Day> {
        let b = s.as_bytes();
        let shape_ok = b.len() == 10
            && b.iter().enumerate().all(|(i, c)| match i {
                4 | 7 => *c == b'-',
                _ => c.is_ascii_digit(),
            });
        if !shape_ok {
            return None;
        }
        let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().ok();
        let year = i32::try_from(num(0..4)?).ok()?;
        NaiveDate::from_ymd_opt(year, num(5..7)?, num(8..10)?).map(Day)
    }

    /// The UTC calendar day of a Unix time (for vendors' timestamps, which are UTC).
    pub fn from_unix_seconds(secs: i64) -> Day {
        Day(DateTime::from_timestamp(secs, 0)
            .map(|t| t.date_naive())
            .unwrap_or(NaiveDate::MIN))
    }

    pub fn from_naive(d: NaiveDate) -> Day {
        Day(d)
    }

    pub fn naive(self) -> NaiveDate {
        self.0
    }

    /// `n` days later (earlier when negative), saturating at chrono's range.
    pub fn plus_days(self, n: i64) -> Day {
        let moved = if n >= 0 {
            self.0.checked_add_days(chrono::Days::new(n.unsigned_abs()))
        } else {
            self.0.checked_sub_days(chrono::Days::new(n.unsigned_abs()))
        };
        Day(moved.unwrap_or(if n >= 0 {
            NaiveDate::MAX
        } else {
            NaiveDate::MIN
        }))
    }

    pub fn days_until(self, later: Day) -> i64 {
        (later.0 - self.0).num_days()
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

/// One parsed allowlist entry: a single address is its own host-width network.
pub fn parse_ip_entry(entry: &str) -> Result<IpNet, String> {
    if entry.is_empty() {
        return Err("empty entry".into());
    }
    if entry.trim() != entry {
        return Err(format!("`{entry}` has spaces around it"));
    }
    let (addr, prefix) = match entry.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (entry, None),
    };
    let ip: IpAddr = addr
        .parse()
        .map_err(|_| format!("`{addr}` is not an IPv4 or IPv6 address"))?;
    let max: u8 = if ip.is_ipv4() { 32 } else { 128 };
    let bits = match prefix {
        None => max,
        Some(p) => p
            .bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| p.parse::<u8>().ok())
            .flatten()
            .filter(|b| !p.is_empty() && p.len() <= 3 && *b <= max)
            .ok_or_else(|| format!("`/{p}` is not a prefix length from 0 to {max}"))?,
    };
    let net = IpNet::new(ip, bits)
        .map_err(|_| format!("`/{bits}` is not a prefix length from 0 to {max}"))?;
    if net.addr() != net.network() {
        return Err(format!(
            "`{entry}` has host bits set; did you mean {}/{bits}?",
            net.network()
        ));
    }
    Ok(net)
}

/// Checks one IP allowlist entry: an IPv4 or IPv6 address, or a CIDR block whose host bits
/// are zero. The error says what is wrong and, for host bits, what was probably meant.
pub fn check_ip_entry(entry: &str) -> Result<(), String> {
    parse_ip_entry(entry).map(|_| ())
}

/// Whether an entry admits every address of its family (`0.0.0.0/0`, `::/0`).
pub fn allows_every_address(net: &IpNet) -> bool {
    net.prefix_len() == 0
}
