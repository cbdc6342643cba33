//! The pack's layout, and building and verifying it.
//!
//! The file is the pretty-printed JSON of [`Pack`] (members in declaration order, object keys
//! inside snapshots sorted, two-space indents, a final newline). That form is canonical: a
//! verifier parses the file, prints it again the same way and requires the very same bytes, so
//! nothing outside the hashed and signed values can change unnoticed either.
//!
//! What is signed is a domain-separating prefix followed by the compact JSON of the metadata
//! and the manifest ([`Signed`]); the manifest holds the SHA-256 of each part's compact JSON.

use chrono::{DateTime, SecondsFormat};
use ed25519_dalek::{Signature, VerifyingKey};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{
    CatalogIdentity, EvidenceError, EvidenceInput, EvidenceKey, PartHash, PublicKeyInfo,
    VerifiedPack, FORMAT, VERSION,
};
use crate::action_log::{chain::digest, LogLine};
use crate::clock::Clock;

/// Put in front of the signed bytes, so a signature made here can never be taken for one over
/// some other kind of message signed with the same key.
const SIGNING_CONTEXT: &[u8] = b"scopekeeper-evidence/1 manifest and metadata\n";

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Pack {
    format: String,
    version: u32,
    created_at: String,
    actor: String,
    since: Option<String>,
    /// The Ed25519 public key, 64 hex characters.
    public_key: String,
    manifest: Manifest,
    parts: Parts,
    /// The Ed25519 signature, 128 hex characters.
    signature: String,
}

/// The SHA-256 of each part's compact JSON, lowercase hex.
#[derive(Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
struct Manifest {
    snapshots: String,
    findings: String,
    actions: String,
    log_chain: String,
    catalogs: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Parts {
    snapshots: Vec<Value>,
    findings: Vec<Value>,
    actions: Vec<LogLine>,
    log_chain: Value,
    catalogs: Vec<CatalogIdentity>,
}

/// Exactly what the signature covers.
#[derive(Serialize)]
struct Signed<'a> {
    format: &'a str,
    version: u32,
    created_at: &'a str,
    actor: &'a str,
    since: &'a Option<String>,
    public_key: &'a str,
    manifest: &'a Manifest,
}

fn compact(value: &impl Serialize) -> Vec<u8> {
    // Plain data (strings, numbers, maps with string keys) always encodes.
    serde_json::to_vec(value).expect("pack data encodes as JSON")
}

impl Manifest {
    fn of(parts: &Parts) -> Self {
        Self {
            snapshots: digest(&compact(&parts.snapshots)),
            findings: digest(&compact(&parts.findings)),
            actions: digest(&compact(&parts.actions)),
            log_chain: digest(&compact(&parts.log_chain)),
            catalogs: digest(&compact(&parts.catalogs)),
        }
    }

    fn named(&self) -> [(&'static str, &str); 5] {
        [
            ("snapshots", &self.snapshots),
            ("findings", &self.findings),
            ("actions", &self.actions),
            ("log_chain", &self.log_chain),
            ("catalogs", &self.catalogs),
        ]
    }
}

impl Pack {
    fn signed_bytes(&self) -> Vec<u8> {
        let mut out = SIGNING_CONTEXT.to_vec();
        out.extend_from_slice(&compact(&Signed {
            format: &self.format,
            version: self.version,
            created_at: &self.created_at,
            actor: &self.actor,
            since: &self.since,
            public_key: &self.public_key,
            manifest: &self.manifest,
        }));
        out
    }

    fn canonical(&self) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(self).expect("pack data encodes as JSON");
        out.push(b'\n');
        out
    }
}

/// Builds and signs a pack made now by `clock` (its local offset is kept in `created_at`); the
/// bytes are the file to write.
pub fn build(input: EvidenceInput, key: &EvidenceKey, clock: &dyn Clock) -> Vec<u8> {
    let now_ms = clock.now_ms();
    let created_at = DateTime::from_timestamp_millis(now_ms)
        .unwrap_or_default()
        .with_timezone(&clock.offset_at(now_ms))
        .to_rfc3339_opts(SecondsFormat::Secs, false);
    let parts = Parts {
        snapshots: input.snapshots,
        findings: input.findings,
        actions: input.actions,
        log_chain: input.log_chain.map_or(Value::Null, |state| {
            serde_json::to_value(state).unwrap_or_default()
        }),
        catalogs: input.catalogs,
    };
    let mut pack = Pack {
        format: FORMAT.to_owned(),
        version: VERSION,
        created_at,
        actor: input.actor,
        since: input.since,
        public_key: key.public().hex,
        manifest: Manifest::of(&parts),
        parts,
        signature: String::new(),
    };
    pack.signature = hex::encode(key.sign(&pack.signed_bytes()).to_bytes());
    pack.canonical()
}

/// Checks a pack: its layout, every part against the manifest, the signature, the exact bytes,
/// and with `expected_key` (64 hex characters) that this key signed it.
pub fn verify(bytes: &[u8], expected_key: Option<&str>) -> Result<VerifiedPack, EvidenceError> {
    let pack: Pack =
        serde_json::from_slice(bytes).map_err(|e| EvidenceError::Format(format!("{e}.")))?;
    if pack.format != FORMAT || pack.version != VERSION {
        return Err(EvidenceError::Format(format!(
            "it says format `{}` version {}, and this build reads `{FORMAT}` version {VERSION}.",
            pack.format, pack.version
        )));
    }
    let key = verifying_key(&pack.public_key)?;
    let manifest = Manifest::of(&pack.parts);
    for ((name, want), (_, got)) in pack.manifest.named().into_iter().zip(manifest.named()) {
        if want != got {
            return Err(EvidenceError::Part(name.to_owned()));
        }
    }
    let signature = signature(&pack.signature)?;
    key.verify_strict(&pack.signed_bytes(), &signature)
        .map_err(|_| EvidenceError::Signature)?;
    let canonical = pack.canonical();
    if canonical != bytes {
        return Err(layout_error(bytes, &canonical));
    }
    let public_key = PublicKeyInfo::of(&key);
    if let Some(expected) = expected_key {
        let expected = expected.trim().to_ascii_lowercase();
        if expected != public_key.hex {
            return Err(EvidenceError::OtherKey {
                found: format!("{} ({})", public_key.fingerprint, public_key.hex),
                expected,
            });
        }
    }
    Ok(summary(pack, public_key))
}

fn verifying_key(text: &str) -> Result<VerifyingKey, EvidenceError> {
    let mut bytes = [0u8; 32];
    hex::decode_to_slice(text, &mut bytes)
        .ok()
        .and_then(|_| VerifyingKey::from_bytes(&bytes).ok())
        .ok_or_else(|| {
            EvidenceError::Format("its public_key is not an Ed25519 public key in hex.".into())
        })
}

fn signature(text: &str) -> Result<Signature, EvidenceError> {
    let mut bytes = [0u8; 64];
    // A signature of the wrong length or not hex cannot be right: it is a signature failure.
    // So is one in upper case: the signature is the one value not covered by itself, so it
    // must be in its only written form for every byte of the file to count.
    hex::decode_to_slice(text, &mut bytes).map_err(|_| EvidenceError::Signature)?;
    if hex::encode(bytes) != text {
        return Err(EvidenceError::Signature);
    }
    Ok(Signature::from_bytes(&bytes))
}

/// Where the file first differs from its canonical form, as a 1-based line and column.
fn layout_error(bytes: &[u8], canonical: &[u8]) -> EvidenceError {
    let at = bytes
        .iter()
        .zip(canonical)
        .position(|(a, b)| a != b)
        .unwrap_or(bytes.len().min(canonical.len()));
    let before = &bytes[..at];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let column = at
        - before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1)
        + 1;
    EvidenceError::Layout { line, column }
}

fn summary(pack: Pack, public_key: PublicKeyInfo) -> VerifiedPack {
    let parts = pack
        .manifest
        .named()
        .iter()
        .map(|(name, sha)| PartHash {
            name: (*name).to_owned(),
            sha256: (*sha).to_owned(),
        })
        .collect();
    VerifiedPack {
        public_key,
        created_at: pack.created_at,
        actor: pack.actor,
        since: pack.since,
        snapshots: pack.parts.snapshots.len(),
        findings: pack.parts.findings.len(),
        actions: pack.parts.actions.len(),
        catalogs: pack.parts.catalogs.len(),
        log_intact: pack.parts.log_chain.get("intact").and_then(Value::as_bool),
        log_head: pack
            .parts
            .log_chain
            .get("head")
            .and_then(Value::as_str)
            .map(str::to_owned),
        log_head_line: pack
            .parts
            .log_chain
            .get("head_line")
            .and_then(Value::as_u64)
            .and_then(|n| usize::try_from(n).ok()),
        parts,
    }
}
