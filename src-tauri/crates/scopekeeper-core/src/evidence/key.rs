//! The evidence signing key: an Ed25519 key kept in the OS keyring (through [`SecretStore`]),
//! created on first use from the OS's random source. Its secret half lives only in the keyring
//! and, while signing, in memory that is wiped when dropped; it is never printed, logged,
//! serialized or written to a file. Its public half is embedded in every pack and shown to the
//! admin, who hands it to the auditor through another channel.

use std::fmt;

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use secrecy::zeroize::Zeroizing;
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::error::{Error, ErrorKind};
use crate::secret::{secret, ExposeSecret};
use crate::secret_store::{SecretKey, SecretStore, StepFailed};

/// The keyring account the signing key is kept under (service: Scopekeeper's own).
pub const SIGNING_KEY_ACCOUNT: &str = "evidence-signing-key";

pub fn signing_key_entry() -> SecretKey {
    SecretKey::scopekeeper(SIGNING_KEY_ACCOUNT)
}

/// The signing key. Deliberately neither `Clone`, `Serialize` nor `Display`; its `Debug`
/// shows only the public fingerprint. The inner key wipes itself when dropped.
pub struct EvidenceKey(SigningKey);

impl fmt::Debug for EvidenceKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "EvidenceKey(<redacted>, public {})",
            self.public().fingerprint
        )
    }
}

impl EvidenceKey {
    /// A new key from the OS's random source.
    pub fn generate() -> Result<Self, Error> {
        let mut seed = Zeroizing::new([0u8; 32]);
        getrandom::fill(&mut *seed).map_err(|e| {
            Error::new(
                ErrorKind::Internal,
                format!("The system's random source failed, so no signing key was made: {e}"),
            )
        })?;
        Ok(Self(SigningKey::from_bytes(&seed)))
    }

    /// A key from its 32-byte seed (tests, and reading it back from the keyring).
    pub fn from_seed(seed: &[u8; 32]) -> Self {
        Self(SigningKey::from_bytes(seed))
    }

    pub fn public(&self) -> PublicKeyInfo {
        PublicKeyInfo::of(&self.0.verifying_key())
    }

    pub(super) fn sign(&self, message: &[u8]) -> Signature {
        self.0.sign(message)
    }
}

/// A public key as shown to a person and written in a pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PublicKeyInfo {
    /// The 32-byte key, lowercase hex (64 characters): what `--key` takes.
    pub hex: String,
    /// A short form for reading aloud or comparing at a glance: the first 16 hex characters of
    /// the key's SHA-256, in groups of four.
    pub fingerprint: String,
}

impl PublicKeyInfo {
    pub fn of(key: &VerifyingKey) -> Self {
        Self {
            hex: hex::encode(key.as_bytes()),
            fingerprint: fingerprint(key.as_bytes()),
        }
    }
}

pub(super) fn fingerprint(public: &[u8]) -> String {
    let digest = hex::encode(Sha256::digest(public));
    let groups: Vec<&str> = (0..4).map(|i| &digest[i * 4..i * 4 + 4]).collect();
    groups.join(" ")
}

/// The signing key from the keyring, created (and stored) when there is none yet.
pub fn signing_key(store: &dyn SecretStore) -> Result<EvidenceKey, Error> {
    if let Some(key) = stored_key(store)? {
        return Ok(key);
    }
    let key = EvidenceKey::generate()?;
    let text = secret(hex::encode(key.0.as_bytes()));
    store
        .store(&signing_key_entry(), &text)
        .map_err(|source| StepFailed {
            step: "keep the new evidence signing key in the OS keyring",
            source,
        })?;
    // Read back what the keyring holds, and sign with that. Two Scopekeepers making the first
    // key at the same moment can still each sign one pack with a key the keyring then loses
    // to the other's write (the last write wins); every later pack uses the kept key.
    stored_key(store)?.ok_or_else(|| {
        Error::new(
            ErrorKind::KeyringFailed,
            "The OS keyring accepted the evidence signing key but does not return it. Check the keyring and try again.",
        )
    })
}

/// The public half of the stored signing key, or `None` when no key was made yet. Never
/// creates one: showing the key must not change anything.
pub fn public_key(store: &dyn SecretStore) -> Result<Option<PublicKeyInfo>, Error> {
    Ok(stored_key(store)?.map(|k| k.public()))
}

fn stored_key(store: &dyn SecretStore) -> Result<Option<EvidenceKey>, Error> {
    let Some(text) = store
        .load(&signing_key_entry())
        .map_err(|source| StepFailed {
            step: "read the evidence signing key from the OS keyring",
            source,
        })?
    else {
        return Ok(None);
    };
    let mut seed = Zeroizing::new([0u8; 32]);
    // The stored value is never quoted in the error: it is the secret.
    hex::decode_to_slice(text.expose_secret().trim(), &mut *seed).map_err(|_| {
        Error::new(
            ErrorKind::KeyringFailed,
            format!(
                "The evidence signing key in the OS keyring (account `{SIGNING_KEY_ACCOUNT}`) is not a key Scopekeeper wrote, so nothing was signed. Remove that entry to have a new key made; packs signed before stay verifiable with their public key."
            ),
        )
    })?;
    Ok(Some(EvidenceKey::from_seed(&seed)))
}
