//! A GitHub App's JSON web token: RS256 over `{iat, exp, iss}` with the App's private key (the
//! PEM GitHub gives, PKCS#1, or PKCS#8), valid from a minute ago for three minutes (GitHub allows
//! at most ten; a JWT is used for two calls at once, so a short life limits a replay)
//! [C: GitHub's JWT page]. The key is read
//! from its secret wrapper only here; the JWT is itself a secret.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use ring::rand::SystemRandom;
use ring::signature::{RsaKeyPair, RSA_PKCS1_SHA256};

use crate::secret::{ExposeSecret, SecretString};
use crate::vendor::VendorError;

/// Nothing was sent: the saved text is not a key (an input error, not the vendor's refusal).
fn not_a_key() -> VendorError {
    VendorError::InvalidBaseUrl {
        message: "the saved credential is not a GitHub App private key (a PEM file's text); edit the connection and paste the key GitHub gave you".into(),
    }
}

/// The App's key pair from its PEM text.
fn key_pair(pem: &str) -> Result<RsaKeyPair, VendorError> {
    let (pkcs8, body) = if let Some(b) = between(pem, "RSA PRIVATE KEY") {
        (false, b)
    } else if let Some(b) = between(pem, "PRIVATE KEY") {
        (true, b)
    } else {
        return Err(not_a_key());
    };
    let text: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    let der = STANDARD.decode(text).map_err(|_| not_a_key())?;
    let pair = if pkcs8 {
        RsaKeyPair::from_pkcs8(&der)
    } else {
        RsaKeyPair::from_der(&der)
    };
    pair.map_err(|_| not_a_key())
}

/// The text between `-----BEGIN {label}-----` and `-----END {label}-----`.
fn between<'a>(pem: &'a str, label: &str) -> Option<&'a str> {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let start = pem.find(&begin)? + begin.len();
    let stop = pem[start..].find(&end)? + start;
    Some(&pem[start..stop])
}

/// The JWT for App `app_id` at Unix time `now`.
pub fn app_jwt(pem: &SecretString, app_id: i64, now: i64) -> Result<SecretString, VendorError> {
    let pair = key_pair(pem.expose_secret())?;
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"RS256","typ":"JWT"}"#);
    let claims = serde_json::json!({ "iat": now - 60, "exp": now + 120, "iss": app_id });
    let claims = URL_SAFE_NO_PAD.encode(claims.to_string());
    let signing_input = format!("{header}.{claims}");
    let mut sig = vec![0u8; pair.public().modulus_len()];
    pair.sign(
        &RSA_PKCS1_SHA256,
        &SystemRandom::new(),
        signing_input.as_bytes(),
        &mut sig,
    )
    .map_err(|_| VendorError::Internal {
        message: "the GitHub App's key could not sign".into(),
    })?;
    Ok(SecretString::from(format!(
        "{signing_input}.{}",
        URL_SAFE_NO_PAD.encode(sig)
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_is_no_key_is_refused_without_quoting_it() {
        for text in [
            "",
            "ghp_abc",
            "-----BEGIN RSA PRIVATE KEY-----\n!!!\n-----END RSA PRIVATE KEY-----",
        ] {
            let e = app_jwt(&SecretString::from(text.to_owned()), 1, 0)
                .err()
                .unwrap();
            assert!(
                e.to_string().contains("not a GitHub App private key"),
                "{e}"
            );
            if !text.is_empty() {
                assert!(!e.to_string().contains(text));
            }
        }
    }
}
