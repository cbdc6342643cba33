//! The two fields an admin types, fuzzed: an expiry date and an IP allowlist entry. Neither may
//! panic; an accepted date prints back exactly as typed; an accepted entry has no host bits.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scopekeeper_core::token_spec::{parse_ip_entry, Day};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(day) = Day::parse(text) {
        assert_eq!(day.to_string(), text);
    }
    if let Ok(net) = parse_ip_entry(text) {
        assert_eq!(net.addr(), net.network(), "{text}");
    }
});
