//! Pinned evidence signers: the public keys an admin has said they trust to sign packs, kept
//! in `evidence-signers.json` in the config dir. A pack's own embedded key proves only that
//! the pack is whole; a pinned key (or one given on the command line) says who signed it.
//!
//! Only public keys are kept here, never a signing key. The file is replaced atomically; a
//! damaged one is reported with its path and never overwritten.

use std::fs;
use std::io;
use std::path::Path;

use ed25519_dalek::VerifyingKey;
use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind};

/// The file's name in the config dir.
pub const SIGNERS_FILE: &str = "evidence-signers.json";

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Signers {
    /// Ed25519 public keys, 64 lowercase hex characters each.
    keys: Vec<String>,
}

/// `text` as a public key's 64 lowercase hex characters, when it is a valid Ed25519 key.
pub fn normalize_key(text: &str) -> Option<String> {
    let text = text.trim().to_ascii_lowercase();
    let bytes: [u8; 32] = hex::decode(&text).ok()?.try_into().ok()?;
    VerifyingKey::from_bytes(&bytes).ok()?;
    Some(text)
}

fn read(path: &Path) -> Result<Signers, Error> {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Signers::default()),
        Err(e) => {
            return Err(Error::new(
                ErrorKind::Io,
                format!("Could not read {}: {e}", path.display()),
            ))
        }
    };
    let signers: Signers = serde_json::from_slice(&bytes).map_err(|e| {
        Error::new(
            ErrorKind::InvalidInput,
            format!("{} is not a list of trusted signers ({e}); fix or remove it, then pin the keys again.", path.display()),
        )
    })?;
    if let Some(bad) = signers
        .keys
        .iter()
        .find(|k| normalize_key(k).as_deref() != Some(k.as_str()))
    {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            format!(
                "{} holds `{}`, which is not a public key; fix or remove it, then pin the keys again.",
                path.display(),
                crate::printable::printable(bad)
            ),
        ));
    }
    Ok(signers)
}

/// The pinned public keys in the file at `path` (none when it does not exist).
pub fn pinned_keys(path: &Path) -> Result<Vec<String>, Error> {
    Ok(read(path)?.keys)
}

/// Pins `key` (already normalized) in the file at `path`; `false` when it was pinned before.
pub fn pin_key(path: &Path, key: &str) -> Result<bool, Error> {
    let mut signers = read(path)?;
    if signers.keys.iter().any(|k| k == key) {
        return Ok(false);
    }
    signers.keys.push(key.to_owned());
    let bytes = serde_json::to_vec_pretty(&signers).unwrap_or_default();
    crate::fsutil::write_atomically(path, &format!(".{SIGNERS_FILE}.saving"), &bytes).map_err(
        |e| {
            Error::new(
                ErrorKind::Io,
                format!("Could not write {}: {e}", path.display()),
            )
        },
    )?;
    Ok(true)
}
