//! GitLab's words: what a base URL names, and what an error reply says.

use reqwest::Url;
use serde_json::Value;

use super::Collection;
use crate::vendor::{Reply, VendorError};

/// The API root and the collection a base URL names.
pub fn parse_base(base: &Url) -> Result<(Url, Collection), VendorError> {
    let bad = || {
        VendorError::InvalidBaseUrl {
        message: "A GitLab base URL ends in /api/v4, /api/v4/projects/{id}, /api/v4/groups/{id} or /api/v4/users/{id}.".into(),
    }
    };
    let segs: Vec<&str> = base
        .path_segments()
        .ok_or_else(bad)?
        .filter(|s| !s.is_empty())
        .collect();
    let at = segs
        .windows(2)
        .rposition(|w| w == ["api", "v4"])
        .ok_or_else(bad)?;
    let rest = &segs[at + 2..];
    let collection = match rest {
        [] => Collection::Instance,
        ["users", id] if !id.is_empty() => Collection::User((*id).to_owned()),
        ["projects", id] => Collection::Project((*id).to_owned()),
        ["groups", id] => Collection::Group((*id).to_owned()),
        _ => return Err(bad()),
    };
    let mut api = base.clone();
    api.set_path(&format!("/{}", segs[..at + 2].join("/")));
    api.set_query(None);
    Ok((api, collection))
}

pub(super) fn segment(id: &str) -> String {
    url::form_urlencoded::byte_serialize(id.as_bytes()).collect()
}

/// What GitLab said, from `{"message": "…"}`, `{"message": {"field": ["…"]}}` or
/// `{"error": "…", "error_description": "…"}`: each problem, and the scope a 403 names.
fn problems(body: &[u8]) -> (Vec<String>, Option<String>) {
    let Ok(v) = serde_json::from_slice::<Value>(body) else {
        return (Vec::new(), None);
    };
    let mut out = Vec::new();
    match v.get("message") {
        Some(Value::String(s)) => out.push(s.clone()),
        Some(Value::Object(fields)) => {
            for (field, errs) in fields {
                let errs = errs.as_array().cloned().unwrap_or_default();
                for e in errs.iter().filter_map(Value::as_str) {
                    out.push(format!("{field} {e}"));
                }
            }
        }
        _ => {}
    }
    if let Some(e) = v.get("error").and_then(Value::as_str) {
        match v.get("error_description").and_then(Value::as_str) {
            Some(d) => out.push(format!("{e}: {d}")),
            None => out.push(e.to_owned()),
        }
    }
    let scope = v.get("scope").and_then(Value::as_str).map(str::to_owned);
    (out, scope)
}

/// Maps a GitLab error reply to a [`VendorError`].
pub(super) fn error_from(reply: &Reply) -> VendorError {
    let (problems, scope) = problems(&reply.body);
    let mut e = VendorError::from_status(reply, problems);
    if let (
        VendorError::Forbidden {
            message,
            permission,
        },
        Some(s),
    ) = (&mut e, scope)
    {
        *message = format!("the token needs the {s} scope");
        *permission = Some(s);
    }
    e
}
