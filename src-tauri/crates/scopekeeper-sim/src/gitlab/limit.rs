//! GitLab's authenticated API throttle: 2,000 requests a minute [C], counted per token here
//! [I: GitLab.com counts per user], in a 60-second window that starts with a key's first
//! request [I]. Every reply carries the `RateLimit-*` headers [C]; past the quota, 429 with
//! `Retry-After`, `RateLimit-ResetTime` and the plain-text body `Retry later` [C].

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::DateTime;

use super::model::{Tenant, Window};
use crate::common::now_ms;

/// Requests a key may make in a window, and the window (seconds) [C].
const QUOTA: u32 = 2000;
const WINDOW_SECS: i64 = 60;
const NAME: &str = "throttle_authenticated_api";

/// Where a key's window stands.
#[derive(Clone, Copy)]
pub(super) struct Standing {
    observed: u32,
    /// Unix seconds of the window's end.
    reset: i64,
}

/// The key's window as of now (a fresh one when the last has run out).
fn current(t: &Tenant, key: &str, now: i64) -> Window {
    match t.windows.get(key) {
        Some(w) if now - w.started_ms < WINDOW_SECS * 1000 => *w,
        _ => Window {
            started_ms: now,
            used: 0,
        },
    }
}

fn standing(w: Window) -> Standing {
    Standing {
        observed: w.used,
        reset: w.started_ms / 1000 + WINDOW_SECS,
    }
}

/// Where the key stands without counting a request (for injected faults).
pub(super) fn peek(t: &Tenant, key: &str) -> Standing {
    standing(current(t, key, now_ms()))
}

/// Counts one request for `key`: where it stands, or the 429 to answer.
pub(super) fn spend(t: &mut Tenant, key: &str) -> Result<Standing, Response> {
    let now = now_ms();
    let mut w = current(t, key, now);
    w.used = w.used.saturating_add(1);
    t.windows.insert(key.to_owned(), w);
    let s = standing(w);
    if s.observed <= QUOTA {
        return Ok(s);
    }
    Err(too_many(Some(s), (s.reset - now / 1000).max(1) as u64))
}

/// The 429: plain text `Retry later` [C], `Retry-After`, and where the window stands.
pub(super) fn too_many(s: Option<Standing>, retry_after: u64) -> Response {
    let mut r = (
        StatusCode::TOO_MANY_REQUESTS,
        [(header::CONTENT_TYPE, "text/plain")],
        "Retry later\n",
    )
        .into_response();
    let h = r.headers_mut();
    h.insert(header::RETRY_AFTER, value(retry_after.to_string()));
    let reset = s.map_or(now_ms() / 1000 + retry_after as i64, |s| s.reset);
    if let Some(t) = DateTime::from_timestamp(reset, 0) {
        let date = t.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
        h.insert("ratelimit-resettime", value(date));
    }
    if let Some(s) = s {
        headers(h, s);
    }
    r
}

fn value(s: String) -> HeaderValue {
    HeaderValue::from_str(&s).expect("ASCII header")
}

/// `RateLimit-Limit`, `-Name`, `-Observed`, `-Remaining` and `-Reset` [C].
pub(super) fn headers(h: &mut HeaderMap, s: Standing) {
    h.insert("ratelimit-limit", value(QUOTA.to_string()));
    h.insert("ratelimit-name", HeaderValue::from_static(NAME));
    h.insert("ratelimit-observed", value(s.observed.to_string()));
    let left = QUOTA.saturating_sub(s.observed);
    h.insert("ratelimit-remaining", value(left.to_string()));
    h.insert("ratelimit-reset", value(s.reset.to_string()));
}
