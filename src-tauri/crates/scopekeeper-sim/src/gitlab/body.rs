//! Create and rotate bodies, checked in GitLab's order: Grape's parameter checks first (400
//! `{"error": "name is missing, scopes is missing"}`, `… is invalid`, `… does not have a valid
//! value` [C]), then the model's (400 `{"message": {"scopes": […]}}` or
//! `{"message": "400 Bad request - …"}` [C]). JSON bodies only [I].

use axum::response::Response;
use chrono::{Duration, NaiveDate};
use serde_json::{Map, Value};

use super::model::{scope_fits, Kind, LEVELS, MAINTAINER};
use super::{bad_request, invalid, object, param_error};

/// The longest lifetime a token may be given, and a create's default [C].
pub(super) const MAX_DAYS: i64 = 365;
/// A rotate's default lifetime [C: when the instance requires an expiry, as GitLab 16.0+ does].
pub(super) const ROTATE_DAYS: i64 = 7;

/// A create body that passed every check.
pub(super) struct Draft {
    pub(super) name: String,
    pub(super) description: String,
    pub(super) scopes: Vec<String>,
    /// Project and group tokens: the role (default Maintainer [C]).
    pub(super) access_level: Option<u8>,
    pub(super) expires_at: NaiveDate,
}

/// Checks a create body for a token of `kind`.
pub(super) fn draft(body: &[u8], kind: Kind, today: NaiveDate) -> Result<Draft, Response> {
    let b = object(body)?;
    let missing: Vec<String> = ["name", "scopes"]
        .iter()
        .filter(|k| b.get(**k).is_none_or(Value::is_null))
        .map(|k| format!("{k} is missing"))
        .collect();
    if !missing.is_empty() {
        return Err(param_error(&missing.join(", ")));
    }
    let name = b["name"]
        .as_str()
        .ok_or_else(|| param_error("name is invalid"))?;
    if name.trim().is_empty() {
        return Err(param_error("name is empty"));
    }
    let scopes = scopes(&b, kind)?;
    let access_level = match kind {
        Kind::Personal => None,
        _ => Some(level(&b)?),
    };
    let description = match b.get("description") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err(param_error("description is invalid")),
    };
    let expires_at = expiry(&b, today, MAX_DAYS)?;
    Ok(Draft {
        name: name.to_owned(),
        description,
        scopes,
        access_level,
        expires_at,
    })
}

fn scopes(b: &Map<String, Value>, kind: Kind) -> Result<Vec<String>, Response> {
    let list = b["scopes"]
        .as_array()
        .ok_or_else(|| param_error("scopes is invalid"))?;
    if list.is_empty() {
        return Err(param_error("scopes is empty"));
    }
    let mut out: Vec<String> = Vec::new();
    for s in list {
        let s = s.as_str().ok_or_else(|| param_error("scopes is invalid"))?;
        match scope_fits(kind, s) {
            None => return Err(param_error("scopes does not have a valid value")),
            // [I] the model's wording for a scope the token kind may not hold.
            Some(false) => return Err(invalid("scopes", "can only contain available scopes")),
            Some(true) if !out.iter().any(|x| x == s) => out.push(s.to_owned()),
            Some(true) => {}
        }
    }
    Ok(out)
}

/// `access_level`: one of the six roles, 40 when left out [C].
fn level(b: &Map<String, Value>) -> Result<u8, Response> {
    match b.get("access_level") {
        None | Some(Value::Null) => Ok(MAINTAINER),
        Some(v) => {
            let n = v
                .as_u64()
                .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
                .ok_or_else(|| param_error("access_level is invalid"))?;
            LEVELS
                .iter()
                .copied()
                .find(|l| u64::from(*l) == n)
                .ok_or_else(|| param_error("access_level does not have a valid value"))
        }
    }
}

/// `expires_at`: a date after today and at most 365 days ahead [C]; `default_days` ahead
/// when left out.
pub(super) fn expiry(
    b: &Map<String, Value>,
    today: NaiveDate,
    default_days: i64,
) -> Result<NaiveDate, Response> {
    let date = match b.get("expires_at") {
        None | Some(Value::Null) => return Ok(today + Duration::days(default_days)),
        Some(v) => v
            .as_str()
            .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
            .ok_or_else(|| param_error("expires_at is invalid"))?,
    };
    if date <= today {
        // [I] the wording: a token would expire at once (midnight UTC on its date).
        return Err(invalid("expires_at", "must be in the future"));
    }
    if date > today + Duration::days(MAX_DAYS) {
        return Err(bad_request("Expires at must expire in 365 days"));
    }
    Ok(date)
}

/// A rotate body: nothing, or `{"expires_at": "YYYY-MM-DD"}`.
pub(super) fn rotate_expiry(body: &[u8], today: NaiveDate) -> Result<NaiveDate, Response> {
    expiry(&object(body)?, today, ROTATE_DAYS)
}
