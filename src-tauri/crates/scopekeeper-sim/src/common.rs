//! Helpers every simulated vendor uses: random secrets, time, IP allowlists, JSON bodies.

use std::net::IpAddr;

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, SecondsFormat, Utc};
use ipnet::IpNet;

const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const LOWER_ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

fn random_from(alphabet: &[u8], n: usize) -> String {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).expect("the OS random source works");
    // 62 and 36 do not divide 256; the slight bias is irrelevant for simulator secrets.
    bytes
        .iter()
        .map(|b| alphabet[*b as usize % alphabet.len()] as char)
        .collect()
}

/// `n` random characters from `[A-Za-z0-9]`.
pub fn random_alnum(n: usize) -> String {
    random_from(ALNUM, n)
}

/// `n` random characters from `[a-z0-9]`.
pub fn random_lower_alnum(n: usize) -> String {
    random_from(LOWER_ALNUM, n)
}

/// A point in time (UTC).
pub type Instant = DateTime<Utc>;

/// The current time, whole seconds.
pub fn now() -> Instant {
    let t = Utc::now();
    DateTime::from_timestamp(t.timestamp(), 0).unwrap_or(t)
}

pub fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

pub fn rfc3339(t: Instant) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Parses an RFC 3339 date-time that carries a time zone.
pub fn parse_rfc3339(s: &str) -> Option<Instant> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Checks one allowlist entry (an IP address or a CIDR block).
pub fn valid_ip_entry(entry: &str) -> bool {
    parse_cidr(entry).is_some()
}

/// An entry as a network (a single address is its own host-width network).
fn parse_cidr(entry: &str) -> Option<IpNet> {
    entry
        .parse::<IpNet>()
        .ok()
        .or_else(|| entry.parse::<IpAddr>().ok().map(IpNet::from))
}

/// Whether `ip` is allowed by `allowlist` (an empty list allows every address).
pub fn ip_allowed(allowlist: &[String], ip: IpAddr) -> bool {
    if allowlist.is_empty() {
        return true;
    }
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    };
    allowlist
        .iter()
        .filter_map(|e| parse_cidr(e))
        .any(|net| net.contains(&ip))
}

/// A JSON reply with a status.
pub fn json(status: StatusCode, body: serde_json::Value) -> Response {
    (status, axum::Json(body)).into_response()
}

/// Adds `Retry-After` to a response.
pub fn with_retry_after(mut resp: Response, secs: u64) -> Response {
    resp.headers_mut().insert(
        header::RETRY_AFTER,
        HeaderValue::from_str(&secs.to_string()).expect("digits are a valid header value"),
    );
    resp
}

/// The value of a header as text, if present and readable.
pub fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// The credential after an auth scheme (case-insensitive scheme), e.g. `Bearer abc` → `abc`.
pub fn credential_after<'a>(headers: &'a HeaderMap, scheme: &str) -> Option<&'a str> {
    let value = header_str(headers, "authorization")?;
    let (s, rest) = value.split_once(' ')?;
    s.eq_ignore_ascii_case(scheme).then(|| rest.trim())
}

/// Compares a presented secret with the expected one in time independent of where they differ.
#[cfg(feature = "test-hooks")]
pub fn same_secret(presented: &str, expected: &str) -> bool {
    let (a, b) = (presented.as_bytes(), expected.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A deterministic stream of numbers (SplitMix64) for the bulk seed: the same seed gives the
/// same tenant on every run, so a test or a benchmark can count on its mix.
pub struct Mix(u64);

impl Mix {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as i64
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next_u64() % items.len() as u64) as usize]
    }

    /// The index of a weighted choice (weights need not add up to 100).
    pub fn weighted(&mut self, weights: &[u64]) -> usize {
        let mut roll = self.next_u64() % weights.iter().sum::<u64>();
        for (i, w) in weights.iter().enumerate() {
            if roll < *w {
                return i;
            }
            roll -= w;
        }
        weights.len() - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowlist_matches_cidrs_and_addresses() {
        let list = vec!["203.0.113.0/24".to_owned(), "2001:db8::1".to_owned()];
        assert!(ip_allowed(&list, "203.0.113.77".parse().unwrap()));
        assert!(!ip_allowed(&list, "127.0.0.1".parse().unwrap()));
        assert!(ip_allowed(&list, "2001:db8::1".parse().unwrap()));
        assert!(ip_allowed(&[], "127.0.0.1".parse().unwrap()));
        assert!(ip_allowed(
            &["127.0.0.0/8".into()],
            "::ffff:127.0.0.1".parse().unwrap()
        ));
        assert!(!valid_ip_entry("10.0.0.0/33"));
        assert!(!valid_ip_entry("example.com"));
    }
}
