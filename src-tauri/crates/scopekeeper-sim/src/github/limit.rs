//! GitHub's primary rate limit: requests per credential per hour, with the `x-ratelimit-*`
//! headers on every reply (the names clients read; GitHub's rate-limit page was not read, so
//! all of this is [I]): 5,000 an hour for a personal token, an installation token and the App's
//! JWTs alike, 60 for a caller without a valid credential (counted per address); the hour starts
//! with a credential's first request; past the limit, 403 (GitHub is said to answer 403 or 429;
//! the primary limit here is 403) with `x-ratelimit-remaining: 0`.

use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;

use super::error_at;
use super::model::{Tenant, Window};

pub(super) const PERSONAL: u32 = 5000;
pub(super) const INSTALLATION: u32 = 5000;
pub(super) const APP: u32 = 5000;
pub(super) const ANONYMOUS: u32 = 60;
const HOUR: i64 = 3600;

/// Where a credential's hour stands.
#[derive(Clone, Copy)]
pub(super) struct Standing {
    limit: u32,
    used: u32,
    /// Unix seconds of the hour's end.
    reset: i64,
}

/// A credential's counter: its key, its hourly limit, and who it is for the 403's text.
pub(super) struct Meter {
    pub(super) key: String,
    pub(super) limit: u32,
    pub(super) who: String,
}

fn current(t: &Tenant, key: &str, now: i64) -> Window {
    match t.windows.get(key) {
        Some(w) if now - w.started < HOUR => *w,
        _ => Window {
            started: now,
            used: 0,
        },
    }
}

/// Where the credential stands without counting a request (for injected faults).
pub(super) fn peek(t: &Tenant, m: &Meter, now: i64) -> Standing {
    let w = current(t, &m.key, now);
    Standing {
        limit: m.limit,
        used: w.used.min(m.limit),
        reset: w.started + HOUR,
    }
}

/// Counts one request: where the credential stands, or the 403 past its limit.
pub(super) fn spend(t: &mut Tenant, m: &Meter, now: i64) -> Result<Standing, Response> {
    let mut w = current(t, &m.key, now);
    if w.used >= m.limit {
        let s = Standing {
            limit: m.limit,
            used: m.limit,
            reset: w.started + HOUR,
        };
        // [I] the wording, after the pattern GitHub's bodies follow.
        let text = format!("API rate limit exceeded for {}.", m.who);
        let mut r = error_at(
            StatusCode::FORBIDDEN,
            &text,
            "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
        );
        headers(r.headers_mut(), s);
        return Err(r);
    }
    w.used += 1;
    t.windows.insert(m.key.clone(), w);
    Ok(Standing {
        limit: m.limit,
        used: w.used,
        reset: w.started + HOUR,
    })
}

fn value(s: String) -> HeaderValue {
    HeaderValue::from_str(&s).expect("ASCII header")
}

/// `x-ratelimit-limit`, `-remaining`, `-used`, `-reset` and `-resource: core`.
pub(super) fn headers(h: &mut HeaderMap, s: Standing) {
    h.insert("x-ratelimit-limit", value(s.limit.to_string()));
    let left = s.limit.saturating_sub(s.used);
    h.insert("x-ratelimit-remaining", value(left.to_string()));
    h.insert("x-ratelimit-used", value(s.used.to_string()));
    h.insert("x-ratelimit-reset", value(s.reset.to_string()));
    h.insert("x-ratelimit-resource", HeaderValue::from_static("core"));
}
