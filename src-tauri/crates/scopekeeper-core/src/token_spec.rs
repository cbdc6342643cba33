//! A token spec: everything needed to create one token (vendor, kind, scopes, name, expiry,
//! IP allowlist, security level), and its check against the vendor's token policy.
//!
//! The spec is also a file format ("exported token spec") another admin can load back into the
//! builder. Dates are calendar days (`YYYY-MM-DD`); today's date is passed in, never read here.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::algebra::{resolve, ResolveOptions};
use crate::catalog::Catalog;

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
    #[serde(default)]
    pub security_level: Option<String>,
}

fn spec_format() -> u32 {
    SPEC_FORMAT
}

/// A problem with one field of a spec. `field` is `name`, `expires_on`, `ip_allowlist[3]`,
/// `scopes`, `security_level` or `kind`.
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
}

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    /// Days since 1970-01-01.
    days: i64,
}

impl Day {
    /// Parses `YYYY-MM-DD`, rejecting impossible dates (2026-02-30).
    pub fn parse(s: &str) -> Option<Day> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
            return None;
        }
        Some(Day {
            days: days_from_civil(y, m, d),
        })
    }

    pub fn from_unix_seconds(secs: i64) -> Day {
        Day {
            days: secs.div_euclid(86_400),
        }
    }

    pub fn plus_days(self, n: i64) -> Day {
        Day {
            days: self.days + n,
        }
    }

    /// Seconds since the Unix epoch at the start (00:00 UTC) of this day.
    pub fn unix_seconds(self) -> i64 {
        self.days * 86_400
    }

    pub fn days_until(self, later: Day) -> i64 {
        later.days - self.days
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (y, m, d) = civil_from_days(self.days);
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(y) => 29,
        _ => 28,
    }
}

// Proleptic Gregorian calendar by 400-year eras (146,097 days each); days since 1970-01-01.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Checks one IP allowlist entry: an IPv4 or IPv6 address, or a CIDR block whose host bits
/// are zero. The error says what is wrong and, for host bits, what was probably meant.
pub fn check_ip_entry(entry: &str) -> Result<(), String> {
    let entry = entry.trim();
    if entry.is_empty() {
        return Err("empty entry".into());
    }
    let (addr, prefix) = match entry.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (entry, None),
    };
    let ip: IpAddr = addr
        .parse()
        .map_err(|_| format!("`{addr}` is not an IPv4 or IPv6 address"))?;
    let Some(prefix) = prefix else { return Ok(()) };
    let max = if ip.is_ipv4() { 32 } else { 128 };
    let bits: u32 = prefix
        .parse()
        .ok()
        .filter(|b| *b <= max)
        .ok_or_else(|| format!("`/{prefix}` is not a prefix length from 0 to {max}"))?;
    let (value, width): (u128, u32) = match ip {
        IpAddr::V4(v4) => (u128::from(u32::from(v4)), 32),
        IpAddr::V6(v6) => (u128::from(v6), 128),
    };
    let host_mask: u128 = if bits == width {
        0
    } else {
        (1u128 << (width - bits)) - 1
    };
    if value & host_mask != 0 {
        let network = value & !host_mask;
        let net = match ip {
            IpAddr::V4(_) => IpAddr::V4(std::net::Ipv4Addr::from(network as u32)).to_string(),
            IpAddr::V6(_) => IpAddr::V6(std::net::Ipv6Addr::from(network)).to_string(),
        };
        return Err(format!(
            "`{entry}` has host bits set; did you mean {net}/{bits}?"
        ));
    }
    Ok(())
}

/// Checks `spec` against its catalog's policy for the kind, as of `today`.
pub fn check_spec(cat: &Catalog, spec: &TokenSpec, today: Day) -> SpecCheck {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let Some(kind) = cat.kind(&spec.kind) else {
        errors.push(problem(
            "kind",
            format!("{} has no key kind `{}`", cat.vendor(), spec.kind),
        ));
        return SpecCheck {
            errors,
            warnings,
            expiry_default: None,
            expiry_max: None,
            expiry_required: false,
            ip_allowlist_supported: false,
        };
    };
    let policy = kind.policy.clone().unwrap_or_default();

    if policy.name_required && spec.name.trim().is_empty() {
        errors.push(problem("name", "A name is required."));
    }
    if spec.name.chars().count() > 200 {
        errors.push(problem("name", "The name is longer than 200 characters."));
    }

    let expiry_default = policy
        .expiry_default_days
        .map(|d| today.plus_days(i64::from(d)));
    let expiry_max = policy
        .expiry_max_days
        .map(|d| today.plus_days(i64::from(d)));
    match spec
        .expires_on
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None if policy.expiry_required => {
            errors.push(problem("expires_on", "An expiry date is required."));
        }
        None => {
            if let Some(d) = expiry_default {
                warnings.push(problem(
                    "expires_on",
                    format!("No date chosen: the vendor's default applies ({d})."),
                ));
            } else {
                warnings.push(problem("expires_on", "The token never expires."));
            }
        }
        Some(text) => match Day::parse(text) {
            None => errors.push(problem(
                "expires_on",
                format!("`{text}` is not a date (use YYYY-MM-DD)."),
            )),
            Some(day) if day <= today => errors.push(problem(
                "expires_on",
                format!("{day} is not in the future (today is {today})."),
            )),
            Some(day) => {
                if let (Some(max), Some(max_days)) = (expiry_max, policy.expiry_max_days) {
                    if day > max {
                        errors.push(problem(
                            "expires_on",
                            format!(
                                "{day} is past the vendor's limit of {max_days} days (latest {max})."
                            ),
                        ));
                    }
                }
            }
        },
    }

    if !spec.ip_allowlist.is_empty() && !policy.ip_allowlist {
        errors.push(problem(
            "ip_allowlist",
            format!(
                "{} {} keys cannot be restricted by IP address.",
                cat.vendor(),
                kind.id
            ),
        ));
    }
    for (i, entry) in spec.ip_allowlist.iter().enumerate() {
        if let Err(m) = check_ip_entry(entry) {
            errors.push(problem(format!("ip_allowlist[{i}]"), m));
        } else if entry.trim().ends_with("/0") {
            warnings.push(problem(
                format!("ip_allowlist[{i}]"),
                format!("`{}` allows every address.", entry.trim()),
            ));
        }
    }
    if policy.ip_allowlist && spec.ip_allowlist.is_empty() {
        warnings.push(problem(
            "ip_allowlist",
            "No IP allowlist: the token works from any address.",
        ));
    }

    if !policy.security_levels.is_empty() {
        let chosen = spec.security_level.as_deref().or_else(|| {
            policy
                .security_levels
                .iter()
                .find(|l| l.default)
                .map(|l| l.id.as_str())
        });
        match chosen.and_then(|c| policy.security_levels.iter().find(|l| l.id == c)) {
            Some(level) => {
                if let Some(w) = &level.warning {
                    warnings.push(problem("security_level", w.clone()));
                }
            }
            None => errors.push(problem(
                "security_level",
                format!(
                    "Choose a security level: {}.",
                    policy
                        .security_levels
                        .iter()
                        .map(|l| l.id.as_str())
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            )),
        }
    } else if spec.security_level.is_some() {
        errors.push(problem(
            "security_level",
            format!("{} keys have no security level.", cat.vendor()),
        ));
    }

    let selected: Vec<&str> = spec.scopes.iter().map(String::as_str).collect();
    let r = resolve(cat, Some(&kind.id), &selected, ResolveOptions::default());
    for e in &r.errors {
        errors.push(problem("scopes", e.message.clone()));
    }
    let min = policy.min_scopes.unwrap_or(1) as usize;
    if r.scopes.len() < min {
        errors.push(problem(
            "scopes",
            if min == 1 {
                "Select at least one scope.".to_owned()
            } else {
                format!("Select at least {min} scopes.")
            },
        ));
    }

    SpecCheck {
        errors,
        warnings,
        expiry_default: expiry_default.map(|d| d.to_string()),
        expiry_max: expiry_max.map(|d| d.to_string()),
        expiry_required: policy.expiry_required,
        ip_allowlist_supported: policy.ip_allowlist,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::builtin::builtin;

    fn today() -> Day {
        Day::parse("2026-11-22").unwrap()
    }

    fn spec(vendor: &str, kind: &str, scopes: &[&str]) -> TokenSpec {
        TokenSpec {
            format: 1,
            vendor: vendor.into(),
            kind: kind.into(),
            name: "ci".into(),
            description: None,
            scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
            expires_on: None,
            ip_allowlist: Vec::new(),
            security_level: None,
        }
    }

    #[test]
    fn dates_round_trip_and_impossible_ones_are_refused() {
        assert_eq!(Day::parse("2028-02-29").unwrap().to_string(), "2028-02-29");
        assert!(Day::parse("2026-02-29").is_none());
        assert!(Day::parse("2026-13-01").is_none());
        assert!(Day::parse("26-1-1").is_none());
        assert_eq!(today().plus_days(730).to_string(), "2028-11-21");
        assert_eq!(Day::from_unix_seconds(0).to_string(), "1970-01-01");
    }

    #[test]
    fn ip_entries_are_checked_precisely() {
        assert!(check_ip_entry("203.0.113.7").is_ok());
        assert!(check_ip_entry("203.0.113.0/24").is_ok());
        assert!(check_ip_entry("2001:db8::/32").is_ok());
        assert!(check_ip_entry("::1").is_ok());
        assert_eq!(
            check_ip_entry("203.0.113.7/24").unwrap_err(),
            "`203.0.113.7/24` has host bits set; did you mean 203.0.113.0/24?"
        );
        assert!(check_ip_entry("10.0.0.0/33")
            .unwrap_err()
            .contains("0 to 32"));
        assert!(check_ip_entry("300.1.1.1")
            .unwrap_err()
            .contains("not an IPv4"));
        assert!(check_ip_entry("2001:db8::/129").is_err());
    }

    #[test]
    fn mindbridge_requires_an_expiry_within_two_years() {
        let m = builtin("mindbridge").unwrap();
        let mut s = spec("mindbridge", "api-token", &["api.engagements.read"]);
        let c = check_spec(&m, &s, today());
        assert_eq!(c.errors[0].field, "expires_on");
        assert_eq!(c.expiry_max.as_deref(), Some("2028-11-21"));
        s.expires_on = Some("2028-11-22".into());
        let c = check_spec(&m, &s, today());
        assert_eq!(
            c.errors[0].message,
            "2028-11-22 is past the vendor's limit of 730 days (latest 2028-11-21)."
        );
        s.expires_on = Some("2026-11-22".into());
        assert!(check_spec(&m, &s, today()).errors[0]
            .message
            .contains("not in the future"));
        s.expires_on = Some("2027-06-01".into());
        s.ip_allowlist = vec!["10.0.0.0/8".into(), "10.1.2.3/8".into()];
        let c = check_spec(&m, &s, today());
        assert_eq!(c.errors.len(), 1, "{:?}", c.errors);
        assert_eq!(c.errors[0].field, "ip_allowlist[1]");
    }

    #[test]
    fn cortex_defaults_and_warns_about_advanced_keys() {
        let c = builtin("cortex").unwrap();
        let mut s = spec("cortex", "api-key", &["CLI Read-Only Custom"]);
        let check = check_spec(&c, &s, today());
        assert!(check.errors.is_empty(), "{:?}", check.errors);
        assert_eq!(check.expiry_default.as_deref(), Some("2026-11-29"));
        s.security_level = Some("advanced".into());
        let check = check_spec(&c, &s, today());
        assert!(check
            .warnings
            .iter()
            .any(|w| w.message.contains("CLI scans will fail")));
        s.ip_allowlist = vec!["10.0.0.0/8".into()];
        assert!(check_spec(&c, &s, today())
            .errors
            .iter()
            .any(|e| e.field == "ip_allowlist"));
    }

    #[test]
    fn specs_round_trip_as_json_and_reject_unknown_fields() {
        let s = spec("manifest", "api-token", &["view-all"]);
        let text = serde_json::to_string(&s).unwrap();
        assert_eq!(serde_json::from_str::<TokenSpec>(&text).unwrap(), s);
        assert!(serde_json::from_str::<TokenSpec>(
            r#"{"vendor":"manifest","kind":"api-token","scopes":[],"secret":"x"}"#
        )
        .is_err());
    }
}
