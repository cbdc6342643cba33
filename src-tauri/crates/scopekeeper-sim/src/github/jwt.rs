//! The GitHub App's key and the JSON Web Tokens signed with it.
//!
//! The key is RSA 2048, kept as PKCS#1 PEM (`-----BEGIN RSA PRIVATE KEY-----`, what GitHub
//! hands out [I]); it is made once per process unless the sandbox passes back one it keeps. The
//! simulator only ever verifies with it (public-key work); it never signs.
//!
//! A JWT [C: github/docs `generating-a-json-web-token-jwt-for-a-github-app.md` @ 1699753e]:
//! signed RS256; claims `iat`, `exp` ("no more than 10 minutes into the future": the page's own
//! example sets `iat` 60 s back and `exp` 600 s on, so the bound is on `exp - now`, not
//! `exp - iat`) and `iss` (the app id; the example sends it as a string); sent as
//! `Authorization: Bearer`. Choices [I]: the client id is also accepted as `iss` (newer docs say
//! so; not read); `iat` may be up to 60 seconds ahead of the clock; the checks run decode,
//! issuer, signature, `iat`, `exp`; the messages are those clients quote from GitHub's 401s.

use std::sync::OnceLock;

use base64::engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey, LineEnding};
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::rand_core::{CryptoRng, RngCore};
use rsa::sha2::Sha256;
use rsa::signature::Verifier;
use rsa::{RsaPrivateKey, RsaPublicKey};
use serde_json::Value;

use super::model::{APP_ID, CLIENT_ID};

/// The App's key: its PEM (the sandbox's credential) and the public half the checks use.
pub(super) struct AppKey {
    pem: String,
    public: RsaPublicKey,
}

impl AppKey {
    pub(super) fn pem(&self) -> &str {
        &self.pem
    }

    /// The key in `seed` when it is a PKCS#1 RSA key, else the process's own (made once).
    pub(super) fn new(seed: Option<&str>) -> Self {
        if let Some(key) = seed.and_then(|s| RsaPrivateKey::from_pkcs1_pem(s).ok()) {
            return AppKey {
                pem: seed.unwrap_or_default().to_owned(),
                public: key.to_public_key(),
            };
        }
        let (pem, public) = generated();
        AppKey {
            pem: pem.clone(),
            public: public.clone(),
        }
    }
}

/// The process's key, made at first use (a second or so in a debug build).
fn generated() -> &'static (String, RsaPublicKey) {
    static KEY: OnceLock<(String, RsaPublicKey)> = OnceLock::new();
    KEY.get_or_init(|| {
        let key = RsaPrivateKey::new(&mut OsRandom, 2048).expect("an RSA key can be made");
        let pem = key
            .to_pkcs1_pem(LineEnding::LF)
            .expect("an RSA key encodes as PEM");
        (pem.to_string(), key.to_public_key())
    })
}

/// The operating system's random source, for key generation.
struct OsRandom;

impl RngCore for OsRandom {
    fn next_u32(&mut self) -> u32 {
        let mut b = [0u8; 4];
        self.fill_bytes(&mut b);
        u32::from_le_bytes(b)
    }

    fn next_u64(&mut self) -> u64 {
        let mut b = [0u8; 8];
        self.fill_bytes(&mut b);
        u64::from_le_bytes(b)
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        getrandom::fill(dest).expect("the OS random source works");
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rsa::rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl CryptoRng for OsRandom {}

/// Why a JWT was refused: each a 401.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Refusal {
    Undecodable,
    IssuedInFuture,
    Expired,
    TooLong,
}

impl Refusal {
    pub(super) fn message(&self) -> &'static str {
        match self {
            Refusal::Undecodable => "A JSON web token could not be decoded",
            Refusal::IssuedInFuture => "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued",
            Refusal::Expired => "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
            Refusal::TooLong => "'Expiration time' claim ('exp') is too far in the future",
        }
    }
}

/// Whether a credential is shaped like a JWT (three base64url segments, a JSON header).
pub(super) fn looks_like_jwt(s: &str) -> bool {
    s.starts_with("eyJ") && s.split('.').count() == 3
}

fn segment(s: &str) -> Result<Vec<u8>, Refusal> {
    URL_SAFE_NO_PAD
        .decode(s)
        .or_else(|_| URL_SAFE.decode(s))
        .map_err(|_| Refusal::Undecodable)
}

fn json_segment(s: &str) -> Result<Value, Refusal> {
    serde_json::from_slice(&segment(s)?).map_err(|_| Refusal::Undecodable)
}

/// Checks a JWT against the App's key at unix time `now`.
pub(super) fn verify(key: &AppKey, jwt: &str, now: i64) -> Result<(), Refusal> {
    let parts: Vec<&str> = jwt.split('.').collect();
    let [head, body, sig] = parts[..] else {
        return Err(Refusal::Undecodable);
    };
    let header = json_segment(head)?;
    if header["alg"] != "RS256" {
        return Err(Refusal::Undecodable);
    }
    let claims = json_segment(body)?;
    let ours = match &claims["iss"] {
        Value::Number(n) => n.as_u64() == Some(APP_ID),
        Value::String(s) => s == CLIENT_ID || s.parse::<u64>().ok() == Some(APP_ID),
        _ => false,
    };
    if !ours {
        // [I] GitHub looks the App up by `iss`; one it cannot find may answer otherwise.
        return Err(Refusal::Undecodable);
    }
    let signature =
        Signature::try_from(segment(sig)?.as_slice()).map_err(|_| Refusal::Undecodable)?;
    VerifyingKey::<Sha256>::new(key.public.clone())
        .verify(format!("{head}.{body}").as_bytes(), &signature)
        .map_err(|_| Refusal::Undecodable)?;
    let (Some(iat), Some(exp)) = (claims["iat"].as_i64(), claims["exp"].as_i64()) else {
        return Err(Refusal::Undecodable);
    };
    if iat > now + 60 {
        return Err(Refusal::IssuedInFuture);
    }
    if exp <= now {
        return Err(Refusal::Expired);
    }
    if exp > now + 600 {
        return Err(Refusal::TooLong);
    }
    Ok(())
}
