//! Secret values: API tokens and admin credentials.
//!
//! A secret lives in [`SecretString`] from the moment it is read (keyring, vendor reply, paste)
//! to the moment it is written to an HTTP header or the keyring. The wrapper's `Debug` prints
//! a redaction marker and it implements neither `Display` nor `Serialize`, so a secret cannot
//! reach a log line, an error message or an IPC reply by accident; reading it takes an explicit
//! [`ExposeSecret::expose_secret`] call, which is easy to audit with grep.

pub use secrecy::{ExposeSecret, SecretString};

/// Builds a [`SecretString`] from an owned string without leaving a plain copy behind.
pub fn secret(value: String) -> SecretString {
    SecretString::from(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_contains_the_secret() {
        let s = secret("sk_live_do_not_print".to_owned());
        let printed = format!("{s:?}");
        assert!(
            !printed.contains("do_not_print"),
            "Debug must redact secrets, printed {printed}"
        );
    }

    #[test]
    fn expose_gives_back_the_value() {
        let s = secret("abc".to_owned());
        assert_eq!(s.expose_secret(), "abc");
    }
}
