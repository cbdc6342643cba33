//! A token spec: everything needed to create one token (vendor, kind, scopes, name, expiry,
//! IP allowlist, security level), and its check against the vendor's token policy.
//!
//! The spec is also a file format ("exported token spec") another admin can load back into the
//! builder. Dates are calendar days (`YYYY-MM-DD`); today's date is passed in, never read here.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::algebra::{resolve, ResolveOptions};
use crate::catalog::{Catalog, TokenPolicy};

mod fields;
mod limits;

pub use fields::{allows_every_address, check_ip_entry, parse_ip_entry, Day};

/// Version of the exported spec format.
pub const SPEC_FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct TokenSpec {
    #[serde(default = "spec_format")]
    pub format: u32,
    pub vendor: String,
    pub kind: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    pub scopes: Vec<String>,
    /// Last day the token is valid, `YYYY-MM-DD`.
    #[serde(default)]
    pub expires_on: Option<String>,
    #[serde(default)]
    pub ip_allowlist: Vec<String>,
    /// Addresses refused even inside the allowlist (where the vendor can).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ip_denylist: Vec<String>,
    /// First day the token works, `YYYY-MM-DD` (where the vendor can).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_on: Option<String>,
    /// Where the token's permissions are narrowed to (the kind's `narrow_to` areas); an area
    /// not named here means every item of it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reach: Vec<Reach>,
    #[serde(default)]
    pub security_level: Option<String>,
}

/// The items (by name) of one area a token is narrowed to; `except`: all items but those.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Reach {
    pub area: String,
    pub items: Vec<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub except: bool,
}

impl TokenSpec {
    /// The items chosen in `area`; `None` when it reaches every item (or all but some).
    pub fn reach_in(&self, area: &str) -> Option<&[String]> {
        self.reach
            .iter()
            .find(|r| r.area == area && !r.except)
            .map(|r| r.items.as_slice())
    }

    /// The items left out of `area` when the token reaches every other item of it.
    pub fn reach_except(&self, area: &str) -> Option<&[String]> {
        self.reach
            .iter()
            .find(|r| r.area == area && r.except)
            .map(|r| r.items.as_slice())
    }
}

fn spec_format() -> u32 {
    SPEC_FORMAT
}

/// A problem with one field of a spec. `field` is `name`, `expires_on`, `starts_on`,
/// `ip_allowlist[3]`, `ip_denylist[0]`, `reach.zones`, `scopes`, `security_level` or `kind`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

fn problem(field: impl Into<String>, message: impl Into<String>) -> FieldProblem {
    FieldProblem {
        field: field.into(),
        message: message.into(),
    }
}

/// The verdict on a spec, and the policy limits the UI shows next to the fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SpecCheck {
    /// Blocking problems: the token cannot be created as specified.
    pub errors: Vec<FieldProblem>,
    /// Things to know before creating it.
    pub warnings: Vec<FieldProblem>,
    /// The vendor's default expiry from today, when it has one.
    pub expiry_default: Option<String>,
    /// The latest expiry the vendor allows from today.
    pub expiry_max: Option<String>,
    pub expiry_required: bool,
    pub ip_allowlist_supported: bool,
    pub ip_denylist_supported: bool,
    pub start_date_supported: bool,
    /// The token lasts this long from its creation; it has no expiry to choose.
    pub lifetime_minutes: Option<u32>,
    /// The time zone "today" and the chosen day are in (`UTC`, `UTC+01:00`): a token is valid
    /// through the end of its last day there.
    pub time_zone: String,
}

/// The spec's fields as they are checked and as they are sent: trimmed once, here, so what was
/// checked is exactly what goes to the vendor.
pub fn normalized(spec: &TokenSpec) -> TokenSpec {
    TokenSpec {
        name: spec.name.trim().to_owned(),
        description: spec
            .description
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(str::to_owned),
        expires_on: spec
            .expires_on
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned),
        ip_allowlist: trimmed(&spec.ip_allowlist),
        ip_denylist: trimmed(&spec.ip_denylist),
        starts_on: spec
            .starts_on
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned),
        reach: spec
            .reach
            .iter()
            .map(|r| Reach {
                area: r.area.trim().to_owned(),
                items: trimmed(&r.items),
                except: r.except,
            })
            .collect(),
        scopes: spec.scopes.iter().map(|s| s.trim().to_owned()).collect(),
        ..spec.clone()
    }
}

fn trimmed(list: &[String]) -> Vec<String> {
    list.iter().map(|e| e.trim().to_owned()).collect()
}

/// Checks `spec` against its catalog's policy for the kind, as of `today` in time zone `zone`
/// (a label such as `UTC+01:00`, shown with the dates).
pub fn check_spec(cat: &Catalog, spec: &TokenSpec, today: Day, zone: &str) -> SpecCheck {
    let spec = &normalized(spec);
    let mut out = Verdict::default();
    let Some(kind) = cat.kind(&spec.kind) else {
        out.error(
            "kind",
            format!("{} has no key kind `{}`", cat.vendor(), spec.kind),
        );
        return SpecCheck {
            errors: out.errors,
            warnings: out.warnings,
            expiry_default: None,
            expiry_max: None,
            expiry_required: false,
            ip_allowlist_supported: false,
            ip_denylist_supported: false,
            start_date_supported: false,
            lifetime_minutes: None,
            time_zone: zone.to_owned(),
        };
    };
    let policy = kind.policy.clone().unwrap_or_default();
    check_name(spec, &policy, &mut out);
    let expiry_default = policy
        .expiry_default_days
        .map(|d| today.plus_days(i64::from(d)));
    let expiry_max = policy
        .expiry_max_days
        .map(|d| today.plus_days(i64::from(d)));
    if let Some(minutes) = policy.lifetime_minutes {
        if spec.expires_on.is_some() {
            out.error(
                "expires_on",
                format!("This kind of token lasts {} from its creation: it has no expiry to choose. Clear the date.", lifetime_words(minutes)),
            );
        }
    } else {
        check_expiry(spec, &policy, today, (expiry_default, expiry_max), &mut out);
    }
    limits::check_start(spec, &policy, today, &mut out);
    check_allowlist(cat, &kind.id, spec, &policy, &mut out);
    limits::check_denylist(spec, &policy, &mut out);
    limits::check_reach(cat, spec, &policy, &mut out);
    check_security_level(cat, spec, &policy, &mut out);
    check_scopes(cat, &kind.id, spec, &policy, &mut out);
    SpecCheck {
        errors: out.errors,
        warnings: out.warnings,
        expiry_default: expiry_default.map(|d| d.to_string()),
        expiry_max: expiry_max.map(|d| d.to_string()),
        expiry_required: policy.expiry_required,
        ip_allowlist_supported: policy.ip_allowlist,
        ip_denylist_supported: policy.ip_denylist,
        start_date_supported: policy.start_date,
        lifetime_minutes: policy.lifetime_minutes,
        time_zone: zone.to_owned(),
    }
}

/// "one hour", "90 minutes".
pub fn lifetime_words(minutes: u32) -> String {
    match minutes {
        60 => "one hour".into(),
        m if m % 60 == 0 => format!("{} hours", m / 60),
        m => format!("{m} minutes"),
    }
}

/// Errors and warnings, gathered field by field.
#[derive(Default)]
struct Verdict {
    errors: Vec<FieldProblem>,
    warnings: Vec<FieldProblem>,
}

impl Verdict {
    fn error(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.errors.push(problem(field, message));
    }

    fn warn(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.warnings.push(problem(field, message));
    }
}

fn check_name(spec: &TokenSpec, policy: &TokenPolicy, out: &mut Verdict) {
    if policy.name_required && spec.name.is_empty() {
        out.error("name", "A name is required.");
    }
    if spec.name.chars().count() > 200 {
        out.error("name", "The name is longer than 200 characters.");
    }
}

/// The last valid day: a real day, in the future, within the vendor's limit; or the vendor's
/// default (or never) when none is chosen.
fn check_expiry(
    spec: &TokenSpec,
    policy: &TokenPolicy,
    today: Day,
    (default, max): (Option<Day>, Option<Day>),
    out: &mut Verdict,
) {
    let Some(text) = spec.expires_on.as_deref() else {
        match default {
            _ if policy.expiry_required => out.error("expires_on", "An expiry date is required."),
            Some(d) => out.warn(
                "expires_on",
                format!("No date chosen: the vendor's default applies ({d})."),
            ),
            None => out.warn("expires_on", "The token never expires."),
        }
        return;
    };
    match Day::parse(text) {
        None => out.error(
            "expires_on",
            format!("`{text}` is not a date (use YYYY-MM-DD)."),
        ),
        Some(day) if day <= today => out.error(
            "expires_on",
            format!("{day} is not in the future (today is {today})."),
        ),
        Some(day) => {
            if let (Some(max), Some(max_days)) = (max, policy.expiry_max_days) {
                if day > max {
                    out.error(
                        "expires_on",
                        format!(
                            "{day} is past the vendor's limit of {max_days} days (latest {max})."
                        ),
                    );
                }
            }
        }
    }
}

fn check_allowlist(
    cat: &Catalog,
    kind: &str,
    spec: &TokenSpec,
    policy: &TokenPolicy,
    out: &mut Verdict,
) {
    if !spec.ip_allowlist.is_empty() && !policy.ip_allowlist {
        out.error(
            "ip_allowlist",
            format!(
                "{} {kind} keys cannot be restricted by IP address.",
                cat.vendor()
            ),
        );
    }
    for (i, entry) in spec.ip_allowlist.iter().enumerate() {
        match parse_ip_entry(entry) {
            Err(m) => out.error(format!("ip_allowlist[{i}]"), m),
            Ok(net) if allows_every_address(&net) => out.warn(
                format!("ip_allowlist[{i}]"),
                format!("`{entry}` allows every address."),
            ),
            Ok(_) => {}
        }
    }
    if policy.ip_allowlist && spec.ip_allowlist.is_empty() {
        out.warn(
            "ip_allowlist",
            "No IP allowlist: the token works from any address.",
        );
    }
}

fn check_security_level(cat: &Catalog, spec: &TokenSpec, policy: &TokenPolicy, out: &mut Verdict) {
    let levels = &policy.security_levels;
    if levels.is_empty() {
        if spec.security_level.is_some() {
            out.error(
                "security_level",
                format!("{} keys have no security level.", cat.vendor()),
            );
        }
        return;
    }
    let chosen = spec
        .security_level
        .as_deref()
        .or_else(|| levels.iter().find(|l| l.default).map(|l| l.id.as_str()));
    match chosen.and_then(|c| levels.iter().find(|l| l.id == c)) {
        Some(level) => {
            if let Some(w) = &level.warning {
                out.warn("security_level", w.clone());
            }
        }
        None => out.error(
            "security_level",
            format!(
                "Choose a security level: {}.",
                levels
                    .iter()
                    .map(|l| l.id.as_str())
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
        ),
    }
}

fn check_scopes(
    cat: &Catalog,
    kind: &str,
    spec: &TokenSpec,
    policy: &TokenPolicy,
    out: &mut Verdict,
) {
    let selected: Vec<&str> = spec.scopes.iter().map(String::as_str).collect();
    let r = resolve(cat, Some(kind), &selected, ResolveOptions::default());
    for e in &r.errors {
        out.error("scopes", e.message.clone());
    }
    let min = policy.min_scopes.unwrap_or(1) as usize;
    if r.scopes.len() < min {
        out.error(
            "scopes",
            if min == 1 {
                "Select at least one scope.".to_owned()
            } else {
                format!("Select at least {min} scopes.")
            },
        );
    }
}

#[cfg(test)]
mod tests;
