//! Unit tests of `token_spec`.

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
        ip_denylist: Vec::new(),
        starts_on: None,
        reach: Vec::new(),
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
    assert!(
        check_ip_entry(" 10.0.0.1").is_err(),
        "trimmed by normalized(), not here"
    );
}

#[test]
fn every_address_allowlists_are_warned_for_both_families() {
    let m = builtin("mindbridge").unwrap();
    let mut s = spec("mindbridge", "api-token", &["api.engagements.read"]);
    s.expires_on = Some("2027-06-01".into());
    s.ip_allowlist = vec!["::/0".into(), " 0.0.0.0/0 ".into(), "2001:db8::1/0".into()];
    let c = check_spec(&m, &s, today(), "UTC");
    let warned: Vec<&str> = c
        .warnings
        .iter()
        .filter(|w| w.message.contains("allows every address"))
        .map(|w| w.field.as_str())
        .collect();
    assert_eq!(warned, ["ip_allowlist[0]", "ip_allowlist[1]"]);
    assert_eq!(c.errors.len(), 1, "{:?}", c.errors);
    assert!(c.errors[0].message.contains("host bits"), "{:?}", c.errors);
}

#[test]
fn what_is_checked_is_what_is_sent() {
    let s = TokenSpec {
        expires_on: Some(" 2027-06-01 ".into()),
        ip_allowlist: vec![" 10.0.0.0/8".into()],
        name: "  ci  ".into(),
        ..spec("mindbridge", "api-token", &["api.engagements.read"])
    };
    let n = normalized(&s);
    assert_eq!(n.expires_on.as_deref(), Some("2027-06-01"));
    assert_eq!(n.ip_allowlist, ["10.0.0.0/8"]);
    assert_eq!(n.name, "ci");
}

#[test]
fn mindbridge_requires_an_expiry_within_two_years() {
    let m = builtin("mindbridge").unwrap();
    let mut s = spec("mindbridge", "api-token", &["api.engagements.read"]);
    let c = check_spec(&m, &s, today(), "UTC");
    assert_eq!(c.errors[0].field, "expires_on");
    assert_eq!(c.expiry_max.as_deref(), Some("2028-11-21"));
    s.expires_on = Some("2028-11-22".into());
    let c = check_spec(&m, &s, today(), "UTC");
    assert_eq!(
        c.errors[0].message,
        "2028-11-22 is past the vendor's limit of 730 days (latest 2028-11-21)."
    );
    s.expires_on = Some("2026-11-22".into());
    assert!(check_spec(&m, &s, today(), "UTC").errors[0]
        .message
        .contains("not in the future"));
    s.expires_on = Some("2027-06-01".into());
    s.ip_allowlist = vec!["10.0.0.0/8".into(), "10.1.2.3/8".into()];
    let c = check_spec(&m, &s, today(), "UTC");
    assert_eq!(c.errors.len(), 1, "{:?}", c.errors);
    assert_eq!(c.errors[0].field, "ip_allowlist[1]");
}

#[test]
fn cortex_defaults_and_warns_about_advanced_keys() {
    let c = builtin("cortex").unwrap();
    let mut s = spec("cortex", "api-key", &["CLI Read-Only Custom"]);
    let check = check_spec(&c, &s, today(), "UTC");
    assert!(check.errors.is_empty(), "{:?}", check.errors);
    assert_eq!(check.expiry_default.as_deref(), Some("2026-11-29"));
    s.security_level = Some("advanced".into());
    let check = check_spec(&c, &s, today(), "UTC");
    assert!(check
        .warnings
        .iter()
        .any(|w| w.message.contains("CLI scans will fail")));
    s.ip_allowlist = vec!["10.0.0.0/8".into()];
    assert!(check_spec(&c, &s, today(), "UTC")
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

fn fields_of(p: &[FieldProblem], field: &str) -> Vec<String> {
    p.iter()
        .filter(|x| x.field == field || x.field.starts_with(&format!("{field}[")))
        .map(|x| x.message.clone())
        .collect()
}

#[test]
fn a_one_hour_kind_has_no_expiry_to_choose() {
    let gh = &builtin("github").unwrap();
    let s = spec("github", "installation", &["contents:read"]);
    let c = check_spec(gh, &s, today(), "UTC");
    assert_eq!(c.lifetime_minutes, Some(60));
    assert!(c.errors.is_empty(), "{:?}", c.errors);
    assert!(
        fields_of(&c.warnings, "expires_on").is_empty(),
        "no 'never expires' warning for a token that lasts an hour: {:?}",
        c.warnings
    );
    let dated = TokenSpec {
        expires_on: Some("2026-12-01".into()),
        ..s
    };
    let c = check_spec(gh, &dated, today(), "UTC");
    assert!(
        fields_of(&c.errors, "expires_on")[0].contains("one hour"),
        "{:?}",
        c.errors
    );
}

#[test]
fn a_first_day_is_a_real_day_from_today_up_to_the_last() {
    let cf = &builtin("cloudflare").unwrap();
    let base = spec("cloudflare", "account-token", &["account.billing-read"]);
    let check = |starts: &str, ends: Option<&str>| {
        let s = TokenSpec {
            starts_on: Some(starts.into()),
            expires_on: ends.map(str::to_owned),
            ..base.clone()
        };
        fields_of(&check_spec(cf, &s, today(), "UTC").errors, "starts_on")
    };
    assert!(check("2026-11-22", None).is_empty(), "today");
    assert!(check("2026-12-01", Some("2026-12-31")).is_empty());
    assert!(check("2026-11-21", None)[0].contains("in the past"));
    assert!(check("2026-12-01", Some("2026-11-30"))[0].contains("after the last valid day"));
    assert!(check("2026-13-01", None)[0].contains("not a date"));
    let mb = &builtin("mindbridge").unwrap();
    let s = TokenSpec {
        starts_on: Some("2026-12-01".into()),
        ..spec("mindbridge", "api-token", &["api.engagements.read"])
    };
    assert!(
        !fields_of(&check_spec(mb, &s, today(), "UTC").errors, "starts_on").is_empty(),
        "a vendor without first days refuses one"
    );
}

#[test]
fn refused_addresses_are_parsed_and_never_everything() {
    let cf = &builtin("cloudflare").unwrap();
    let s = TokenSpec {
        ip_allowlist: vec!["10.0.0.0/8".into()],
        ip_denylist: vec![
            "10.1.0.0/16".into(),
            "0.0.0.0/0".into(),
            "10.0.0.1/8".into(),
            "192.0.2.0/24".into(),
        ],
        ..spec("cloudflare", "account-token", &["account.billing-read"])
    };
    let c = check_spec(cf, &s, today(), "UTC");
    let errors = fields_of(&c.errors, "ip_denylist");
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].contains("every address"), "{errors:?}");
    assert!(errors[1].contains("host bits"), "{errors:?}");
    let warnings = fields_of(&c.warnings, "ip_denylist");
    assert!(
        warnings.len() == 1 && warnings[0].contains("192.0.2.0/24"),
        "outside the allowed range: {warnings:?}"
    );
    // Two halves that together refuse the whole allowlist: nowhere left to work from.
    let halves = TokenSpec {
        ip_allowlist: vec!["10.0.0.0/24".into(), "192.0.2.7".into()],
        ip_denylist: vec![
            "10.0.0.0/25".into(),
            "10.0.0.128/25".into(),
            "192.0.2.0/24".into(),
        ],
        ..s.clone()
    };
    let errors = fields_of(
        &check_spec(cf, &halves, today(), "UTC").errors,
        "ip_denylist",
    );
    assert!(
        errors.len() == 1 && errors[0].contains("cover every allowed address"),
        "{errors:?}"
    );
    // No allowlist: halves of both address families refuse everything too.
    let no_allowlist = TokenSpec {
        ip_allowlist: vec![],
        ip_denylist: ["0.0.0.0/1", "128.0.0.0/1", "::/1", "8000::/1"]
            .map(String::from)
            .to_vec(),
        ..s.clone()
    };
    let errors = fields_of(
        &check_spec(cf, &no_allowlist, today(), "UTC").errors,
        "ip_denylist",
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("cover every allowed address")),
        "{errors:?}"
    );
    // One allowed address left: a token that still works somewhere.
    let one_left = TokenSpec {
        ip_denylist: halves.ip_denylist[..2].to_vec(),
        ..halves
    };
    assert!(check_spec(cf, &one_left, today(), "UTC").errors.is_empty());
}

mod reach;
