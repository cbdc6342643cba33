//! Property tests of the two parsers an admin types into: IP allowlist entries and expiry
//! dates. They must never panic, accept exactly the canonical forms, and agree with an
//! independent oracle (std's address parser and plain integer masks; day counting).

use std::net::IpAddr;

use proptest::prelude::*;
use scopekeeper_core::token_spec::{check_ip_entry, parse_ip_entry, Day};

/// An independent reading of an entry: std's address parser, a decimal prefix of at most three
/// digits, and the host bits checked with checked shifts.
fn oracle_ip(entry: &str) -> bool {
    let (addr, prefix) = match entry.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (entry, None),
    };
    let Ok(ip) = addr.parse::<IpAddr>() else {
        return false;
    };
    let (value, width): (u128, u32) = match ip {
        IpAddr::V4(v) => (u128::from(u32::from(v)), 32),
        IpAddr::V6(v) => (u128::from(v), 128),
    };
    let Some(p) = prefix else { return true };
    if p.is_empty() || p.len() > 3 || !p.bytes().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let bits: u32 = p.parse().unwrap();
    if bits > width {
        return false;
    }
    let host = width - bits;
    let mask = 1u128.checked_shl(host).map_or(u128::MAX, |v| v - 1);
    value & mask == 0
}

fn arb_entry() -> impl Strategy<Value = String> {
    prop_oneof![
        // Well-formed addresses with any prefix, host bits or not.
        (any::<u32>(), 0u32..=40).prop_map(|(v, b)| format!("{}/{b}", std::net::Ipv4Addr::from(v))),
        (any::<u128>(), 0u32..=140)
            .prop_map(|(v, b)| format!("{}/{b}", std::net::Ipv6Addr::from(v))),
        // Networks (host bits cleared), including /0.
        (any::<u128>(), 0u32..=128).prop_map(|(v, b)| {
            let v = v & !u128::MAX.checked_shr(b).unwrap_or(0);
            format!("{}/{b}", std::net::Ipv6Addr::from(v))
        }),
        // Prefixes a person might mistype: signs, spaces, leading zeros, empties.
        (any::<u32>(), "[+ 0-9-]{0,4}")
            .prop_map(|(v, p)| format!("{}/{p}", std::net::Ipv4Addr::from(v))),
        // Anything at all.
        ".{0,50}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn ip_entries_never_panic_and_agree_with_the_oracle(entry in arb_entry()) {
        let ours = check_ip_entry(&entry);
        prop_assert_eq!(ours.is_ok(), oracle_ip(&entry), "{:?} -> {:?}", entry, ours);
    }

    #[test]
    fn a_host_bits_error_suggests_a_network_that_is_accepted(v in any::<u128>(), b in 1u8..=127) {
        let entry = format!("{}/{b}", std::net::Ipv6Addr::from(v | 1));
        let err = check_ip_entry(&entry).unwrap_err();
        let suggested = err.rsplit("did you mean ").next().unwrap().trim_end_matches('?');
        prop_assert!(check_ip_entry(suggested).is_ok(), "{} suggested {}", entry, suggested);
    }

    #[test]
    fn dates_accept_only_their_canonical_form(s in "[0-9+ -]{0,12}|[0-9]{4}-[0-9+-]{2}-[0-9+ ]{2}|.{0,12}") {
        if let Some(day) = Day::parse(&s) {
            prop_assert_eq!(day.to_string(), s);
        }
    }

    #[test]
    fn every_real_day_round_trips(n in 0i64..3_652_059) {
        // Days from 0000-01-01 through 9999-12-31.
        let day = Day::parse("0000-01-01").unwrap().plus_days(n);
        let text = day.to_string();
        prop_assert_eq!(Day::parse(&text), Some(day));
    }
}

#[test]
fn the_reported_inputs_are_refused_or_warned_not_panicking() {
    assert!(Day::parse("2027-+1-05").is_none());
    assert!(Day::parse("+027-01-05").is_none());
    assert!(Day::parse("2027-01-+5").is_none());
    assert!(check_ip_entry("10.0.0.0/+0").is_err());
    assert!(check_ip_entry("10.0.0.0/ 8").is_err());
    assert!(check_ip_entry("10.0.0.0/08").is_ok());
    // /0 of either family: accepted (an allowlist may say "everywhere"), never a panic, and
    // nothing with host bits under /0 passes.
    assert_eq!(parse_ip_entry("::/0").unwrap().prefix_len(), 0);
    assert_eq!(parse_ip_entry("0.0.0.0/0").unwrap().prefix_len(), 0);
    assert!(check_ip_entry("::1/0").is_err());
    assert!(check_ip_entry("1.2.3.4/0").is_err());
}
