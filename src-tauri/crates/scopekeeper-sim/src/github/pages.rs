//! List pages: `per_page` (default 30, at most 100 [C]) and `page` (from 1 [C]), with a `Link`
//! header [C: rel `next` and `last`, as the API description's example shows] naming the
//! request's own URL with another `page`. Choices [I]: `Link` only when there is more than one
//! page, with `prev` and `first` off the first page and `next` and `last` off the last (how
//! GitHub's replies look); a `per_page` or `page` that is not a positive number falls back to
//! its default; a page past the end is an empty array.

use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::Response;
use serde_json::Value;

use super::{path_of, MOUNT};
use crate::common::{self, header_str};

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

    /// Every value of `key` and `key[]` (`owner[]=a&owner[]=b`, or `owner=a,b` [I]).
    pub(super) fn all(&self, key: &str) -> Vec<String> {
        let list = format!("{key}[]");
        self.0
            .iter()
            .filter(|(k, _)| *k == key || *k == list)
            .flat_map(|(_, v)| v.split(',').map(str::trim).map(str::to_owned))
            .filter(|v| !v.is_empty())
            .collect()
    }
}

fn number(q: &Params, key: &str, default: usize) -> usize {
    q.get(key)
        .and_then(|s| s.parse::<usize>().ok())
        .filter(|n| *n >= 1)
        .unwrap_or(default)
}

/// One page of `rows` as a JSON array, with `Link` when there are several pages.
pub(super) fn page(rows: Vec<Value>, q: &Params, headers: &HeaderMap, uri: &Uri) -> Response {
    page_in(rows, q, headers, uri, Value::Array)
}

/// One page of `rows`, put in the body by `wrap` (e.g. `{total_count, repositories: […]}`), with
/// `Link` when there are several pages.
pub(super) fn page_in(
    rows: Vec<Value>,
    q: &Params,
    headers: &HeaderMap,
    uri: &Uri,
    wrap: impl FnOnce(Vec<Value>) -> Value,
) -> Response {
    let per_page = number(q, "per_page", 30).min(100);
    let page = number(q, "page", 1);
    let pages = rows.len().div_ceil(per_page).max(1);
    let shown: Vec<Value> = rows
        .into_iter()
        .skip((page - 1).saturating_mul(per_page))
        .take(per_page)
        .collect();
    let mut resp = common::json(StatusCode::OK, wrap(shown));
    if pages == 1 {
        return resp;
    }
    let link = |n: usize, rel: &str| format!("<{}>; rel=\"{rel}\"", url(q, headers, uri, n));
    let mut links = Vec::new();
    if page > 1 {
        links.push(link((page - 1).min(pages), "prev"));
    }
    if page < pages {
        links.push(link(page + 1, "next"));
        links.push(link(pages, "last"));
    }
    if page > 1 {
        links.push(link(1, "first"));
    }
    if let Ok(v) = HeaderValue::from_str(&links.join(", ")) {
        resp.headers_mut().insert("link", v);
    }
    resp
}

/// The request's own URL with another `page`, other parameters kept in order.
fn url(q: &Params, headers: &HeaderMap, uri: &Uri, page: usize) -> String {
    let host = header_str(headers, "host").unwrap_or("127.0.0.1");
    let mut pairs: Vec<String> =
        q.0.iter()
            .filter(|(k, _)| k != "page")
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
    pairs.push(format!("page={page}"));
    format!("http://{host}{MOUNT}{}?{}", path_of(uri), pairs.join("&"))
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
