//! Token lists: the filters and sorts GitLab documents [C], and offset pagination with its
//! headers [C] (`page` from 1, `per_page` 20 by default and at most 100; `x-page`,
//! `x-per-page`, `x-total`, `x-total-pages`, `x-next-page`, `x-prev-page` and `Link`).
//! Choices [I]: bounds are inclusive; a date bound means midnight UTC; a token never used or
//! never expiring drops out of a `last_used_*` / `expires_*` filter; `search` ignores case;
//! the default order is by id, oldest first, and null dates sort last; a `page` below 1 is
//! page 1, a `per_page` below 1 is 20; an empty list has one (empty) page.

use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::Response;
use chrono::{NaiveDate, NaiveTime};
use serde_json::Value;

use super::model::Token;
use super::{param_error, MOUNT};
use crate::common::{self, header_str, parse_rfc3339, Instant};

/// The query string, in order.
pub(super) struct Params(pub(super) Vec<(String, String)>);

impl Params {
    pub(super) fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// A date-time or a date (midnight UTC) bound; the 400 when it is neither.
fn time(q: &Params, key: &str) -> Result<Option<Instant>, Response> {
    let Some(s) = q.get(key) else {
        return Ok(None);
    };
    parse_rfc3339(s)
        .or_else(|| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .map(|d| d.and_time(NaiveTime::MIN).and_utc())
        })
        .map(Some)
        .ok_or_else(|| param_error(&format!("{key} is invalid")))
}

/// Keeps a token when `at` is within the `{what}_after` / `{what}_before` bounds.
fn within(q: &Params, what: &str) -> Result<impl Fn(Option<Instant>) -> bool, Response> {
    let (after, before) = (
        time(q, &format!("{what}_after"))?,
        time(q, &format!("{what}_before"))?,
    );
    Ok(move |at: Option<Instant>| match (after, before) {
        (None, None) => true,
        _ => at.is_some_and(|t| after.is_none_or(|a| t >= a) && before.is_none_or(|b| t <= b)),
    })
}

/// Applies `state`, `revoked`, `search`, the date bounds and `sort`.
pub(super) fn select<'a>(
    tokens: Vec<&'a Token>,
    q: &Params,
    today: NaiveDate,
) -> Result<Vec<&'a Token>, Response> {
    let state = match q.get("state") {
        None => None,
        Some("active") => Some(true),
        Some("inactive") => Some(false),
        Some(_) => return Err(param_error("state does not have a valid value")),
    };
    let revoked = match q.get("revoked") {
        None => None,
        Some(s) => Some(
            s.parse::<bool>()
                .map_err(|_| param_error("revoked is invalid"))?,
        ),
    };
    let search = q.get("search").map(str::to_lowercase);
    let (created, used, expires) = (
        within(q, "created")?,
        within(q, "last_used")?,
        within(q, "expires")?,
    );
    let midnight = |d: NaiveDate| d.and_time(NaiveTime::MIN).and_utc();
    let mut out: Vec<&Token> = tokens
        .into_iter()
        .filter(|t| state.is_none_or(|s| t.active(today) == s))
        .filter(|t| revoked.is_none_or(|r| t.revoked == r))
        .filter(|t| {
            search
                .as_ref()
                .is_none_or(|s| t.name.to_lowercase().contains(s))
        })
        .filter(|t| created(Some(t.created_at)) && used(t.last_used_at))
        .filter(|t| expires(t.expires_at.map(midnight)))
        .collect();
    sort(&mut out, q.get("sort"))?;
    Ok(out)
}

fn sort(list: &mut [&Token], how: Option<&str>) -> Result<(), Response> {
    // `None` sorts after every date, in both directions.
    let last = |a: Option<Instant>, b: Option<Instant>, desc: bool| match (a, b) {
        (Some(x), Some(y)) if desc => y.cmp(&x),
        (Some(x), Some(y)) => x.cmp(&y),
        (a, b) => a.is_none().cmp(&b.is_none()),
    };
    let midnight = |d: Option<NaiveDate>| d.map(|d| d.and_time(NaiveTime::MIN).and_utc());
    match how {
        None => list.sort_by_key(|t| t.id),
        Some("created_asc") => list.sort_by_key(|t| (t.created_at, t.id)),
        Some("created_desc") => {
            list.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)))
        }
        Some("name_asc") => list.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id))),
        Some("name_desc") => list.sort_by(|a, b| b.name.cmp(&a.name).then(b.id.cmp(&a.id))),
        Some("last_used_asc") => list.sort_by(|a, b| last(a.last_used_at, b.last_used_at, false)),
        Some("last_used_desc") => list.sort_by(|a, b| last(a.last_used_at, b.last_used_at, true)),
        Some("expires_asc") => {
            list.sort_by(|a, b| last(midnight(a.expires_at), midnight(b.expires_at), false))
        }
        Some("expires_desc") => {
            list.sort_by(|a, b| last(midnight(a.expires_at), midnight(b.expires_at), true))
        }
        Some(_) => return Err(param_error("sort does not have a valid value")),
    }
    Ok(())
}

/// `page` and `per_page`, or the 400 for a non-number [C].
fn numbers(q: &Params) -> Result<(usize, usize), Response> {
    let number = |key: &str, default: usize| match q.get(key) {
        None | Some("") => Ok(default),
        Some(s) => s
            .parse::<i64>()
            .map(|n| if n < 1 { default } else { n as usize })
            .map_err(|_| param_error(&format!("{key} is invalid"))),
    };
    Ok((number("page", 1)?, number("per_page", 20)?.min(100)))
}

/// One page of `rows` as a JSON array with GitLab's pagination headers.
pub(super) fn page(rows: Vec<Value>, q: &Params, headers: &HeaderMap, uri: &Uri) -> Response {
    let (page, per_page) = match numbers(q) {
        Ok(n) => n,
        Err(r) => return r,
    };
    let total = rows.len();
    let pages = total.div_ceil(per_page).max(1);
    let shown: Vec<Value> = rows
        .into_iter()
        .skip((page - 1).saturating_mul(per_page))
        .take(per_page)
        .collect();
    let mut resp = common::json(StatusCode::OK, Value::Array(shown));
    let h = resp.headers_mut();
    let next = (page < pages).then(|| page + 1);
    let prev = (page > 1).then(|| (page - 1).min(pages));
    let text = |n: Option<usize>| n.map(|n| n.to_string()).unwrap_or_default();
    for (name, v) in [
        ("x-page", page.to_string()),
        ("x-per-page", per_page.to_string()),
        ("x-total", total.to_string()),
        ("x-total-pages", pages.to_string()),
        ("x-next-page", text(next)),
        ("x-prev-page", text(prev)),
    ] {
        h.insert(name, HeaderValue::from_str(&v).expect("digits"));
    }
    let link =
        |n: usize, rel: &str| format!("<{}>; rel=\"{rel}\"", url(q, headers, uri, n, per_page));
    let mut links = Vec::new();
    if let Some(p) = prev {
        links.push(link(p, "prev"));
    }
    if let Some(n) = next {
        links.push(link(n, "next"));
    }
    links.push(link(1, "first"));
    links.push(link(pages, "last"));
    if let Ok(v) = HeaderValue::from_str(&links.join(", ")) {
        h.insert("link", v);
    }
    resp
}

/// The request's own URL with another `page` (and its `per_page`), other parameters kept.
fn url(q: &Params, headers: &HeaderMap, uri: &Uri, page: usize, per_page: usize) -> String {
    let host = header_str(headers, "host").unwrap_or("127.0.0.1");
    let mut pairs: Vec<String> =
        q.0.iter()
            .filter(|(k, _)| k != "page" && k != "per_page" && k != "private_token")
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
    pairs.push(format!("page={page}"));
    pairs.push(format!("per_page={per_page}"));
    format!("http://{host}{MOUNT}{}?{}", uri.path(), pairs.join("&"))
}

/// Percent-encodes everything but unreserved characters.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
