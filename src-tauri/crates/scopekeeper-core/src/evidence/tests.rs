//! Packs: built and verified; every altered byte fails with the right reason; the signing key
//! is made once, kept only in the secret store, and never shown.

use chrono::DateTime;
use serde_json::json;

use super::*;
use crate::action_log::{ActionEntry, ActionLog};
use crate::clock::FixedClock;
use crate::secret::{secret, ExposeSecret};
use crate::secret_store::{MemorySecretStore, SecretStore};

fn entry(action: &str, at: &str) -> ActionEntry {
    ActionEntry {
        at: at.into(),
        actor: "admin".into(),
        action: action.into(),
        vendor: "mindbridge".into(),
        connection: "Sandbox".into(),
        connection_id: Some("c1".into()),
        sandbox: true,
        token_id: Some("t1".into()),
        token_name: Some("ci – «upload»".into()),
        scopes: vec!["api.tasks.read".into()],
        detail: "Revoked after the review.".into(),
    }
}

fn input() -> EvidenceInput {
    let dir = tempfile::tempdir().unwrap();
    let log = ActionLog::new(&dir.path().join("actions.jsonl"));
    for action in ["created", "revoked"] {
        log.append(&entry(action, "2026-11-23T10:00:00Z")).unwrap();
    }
    EvidenceInput {
        actor: "admin".into(),
        since: Some("2026-11-01".into()),
        snapshots: vec![
            json!({"run": 7, "tokens": [{"id": "t1", "score": 40.5, "scopes": ["a", "b"]}]}),
        ],
        findings: vec![json!({
            "run_id": 7,
            "token": "mindbridge/c1/t1",
            "findings": [{"rule": "no_expiry", "severity": "high", "points": 25}],
        })],
        actions: log.lines_where(|_| true).unwrap(),
        log_chain: Some(log.verify().unwrap()),
        catalogs: crate::catalog::builtin::builtins()
            .iter()
            .map(CatalogIdentity::of)
            .collect(),
    }
}

/// 2026-11-24T09:30:00+01:00.
fn now() -> FixedClock {
    FixedClock::at_offset(1_795_509_000_000, 3600)
}

fn key(n: u8) -> EvidenceKey {
    EvidenceKey::from_seed(&[n; 32])
}

#[test]
fn a_pack_verifies_and_says_what_it_holds() {
    let bytes = build(input(), &key(1), &now());
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.contains("\"created_at\": \"2026-11-24T09:30:00+01:00\""));
    let got = verify(&bytes, None).unwrap();
    assert_eq!(got.public_key, key(1).public());
    assert_eq!((got.snapshots, got.findings, got.actions), (1, 1, 2));
    assert!(got.catalogs >= 4, "the built-in catalogs are named");
    assert_eq!(got.log_intact, Some(true));
    assert_eq!(got.parts.len(), 5);
    let with_key = verify(&bytes, Some(&key(1).public().hex.to_uppercase()));
    assert!(
        with_key.is_ok(),
        "the expected key may be given in upper case"
    );
}

#[test]
fn every_altered_byte_fails() {
    let bytes = build(input(), &key(1), &now());
    for at in 0..bytes.len() {
        for flip in [0x01u8, 0x20] {
            let mut bad = bytes.clone();
            bad[at] ^= flip;
            assert!(
                verify(&bad, None).is_err(),
                "byte {at} ({:?}) changed by {flip:#x} still verifies",
                bytes[at] as char
            );
        }
    }
}

fn altered(bytes: &[u8], from: &str, to: &str) -> Vec<u8> {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    assert!(text.contains(from), "{from} in the pack");
    text.replacen(from, to, 1).into_bytes()
}

#[test]
fn each_failure_says_what_failed() {
    let bytes = build(input(), &key(1), &now());
    let reason = |b: Vec<u8>| verify(&b, None).unwrap_err();
    assert_eq!(
        reason(altered(&bytes, "no_expiry", "no_expirx")),
        EvidenceError::Part("findings".into())
    );
    assert_eq!(
        reason(altered(&bytes, "40.5", "40.6")),
        EvidenceError::Part("snapshots".into())
    );
    assert_eq!(
        reason(altered(&bytes, "Revoked after", "Revoked after ")),
        EvidenceError::Part("actions".into())
    );
    assert_eq!(
        reason(altered(&bytes, "09:30:00+01:00", "09:31:00+01:00")),
        EvidenceError::Signature
    );
    let sig = String::from_utf8(bytes.clone()).unwrap();
    let sig = sig.split("\"signature\": \"").nth(1).unwrap()[..8].to_owned();
    let flipped = if sig.starts_with('0') { "1" } else { "0" };
    let bad_sig = altered(&bytes, &sig, &format!("{flipped}{}", &sig[1..]));
    assert_eq!(reason(bad_sig), EvidenceError::Signature);
    // Spacing and escapes outside and inside strings: the values are the same, the bytes not.
    let spaced = altered(&bytes, "\"actor\": \"admin\"", "\"actor\":  \"admin\"");
    assert!(matches!(
        reason(spaced),
        EvidenceError::Layout { line: 5, .. }
    ));
    let escaped = altered(&bytes, "\"admin\"", "\"\\u0061dmin\"");
    assert!(matches!(reason(escaped), EvidenceError::Layout { .. }));
    let mut trailing = bytes.clone();
    trailing.push(b'\n');
    assert!(matches!(reason(trailing), EvidenceError::Layout { .. }));
    assert!(matches!(reason(b"{}".to_vec()), EvidenceError::Format(_)));
    assert!(matches!(
        reason(altered(&bytes, "\"version\": 1", "\"version\": 2")),
        EvidenceError::Format(_)
    ));
}

#[test]
fn a_required_key_must_be_the_signer() {
    let bytes = build(input(), &key(1), &now());
    let err = verify(&bytes, Some(&key(2).public().hex)).unwrap_err();
    assert!(matches!(err, EvidenceError::OtherKey { .. }));
    assert!(err.to_string().contains(&key(1).public().fingerprint));
    // A pack re-signed by someone else verifies only as theirs.
    let forged = build(input(), &key(2), &now());
    assert!(verify(&forged, None).is_ok());
    assert!(verify(&forged, Some(&key(1).public().hex)).is_err());
}

#[test]
fn the_signing_key_is_made_once_kept_in_the_store_and_never_shown() {
    let store = MemorySecretStore::new();
    assert_eq!(public_key(&store).unwrap(), None);
    assert!(store.is_empty(), "showing the public key creates nothing");
    let first = signing_key(&store).unwrap();
    let again = signing_key(&store).unwrap();
    assert_eq!(first.public(), again.public());
    assert_eq!(public_key(&store).unwrap(), Some(first.public()));
    let stored = store.load(&signing_key_entry()).unwrap().unwrap();
    let seed = stored.expose_secret().to_owned();
    assert_eq!(seed.len(), 64);
    assert_ne!(seed, first.public().hex, "the store holds the secret half");
    assert!(!format!("{first:?}").contains(&seed), "Debug hides the key");
    let pack = build(input(), &first, &now());
    assert!(!String::from_utf8(pack).unwrap().contains(&seed));
    assert_eq!(first.public().fingerprint.len(), 19);
}

#[test]
fn a_malformed_stored_key_is_refused_without_quoting_it() {
    let store = MemorySecretStore::new();
    store
        .store(&signing_key_entry(), &secret("not-a-key-but-secret".into()))
        .unwrap();
    let err = signing_key(&store).unwrap_err();
    assert!(
        !err.message.contains("not-a-key-but-secret"),
        "{}",
        err.message
    );
    assert!(err.message.contains(SIGNING_KEY_ACCOUNT));
    assert!(
        public_key(&store).is_err(),
        "not replaced behind the admin's back"
    );
}

#[test]
fn the_log_range_starts_at_since_and_keeps_the_exact_lines() {
    let dir = tempfile::tempdir().unwrap();
    let log = ActionLog::new(&dir.path().join("actions.jsonl"));
    for (i, at) in ["2026-10-31T23:59:59Z", "2026-11-01T00:00:00Z", "not a time"]
        .iter()
        .enumerate()
    {
        log.append(&ActionEntry {
            token_id: Some(format!("t{i}")),
            ..entry("revoked", at)
        })
        .unwrap();
    }
    let since = DateTime::parse_from_rfc3339("2026-11-01T00:00:00Z").unwrap();
    let (lines, chain) = log_range(&log, Some(since.timestamp_millis())).unwrap();
    let numbers: Vec<usize> = lines.iter().map(|l| l.line).collect();
    assert_eq!(
        numbers,
        vec![2, 3],
        "from since on; an unplaceable time is kept"
    );
    assert!(chain.intact && chain.chained == 3);
    assert_eq!(log_range(&log, None).unwrap().0.len(), 3);
}
