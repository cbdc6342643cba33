//! The history on a real audit of the simulators: a token created (its secret shown once) and
//! one registered by pasting it, the run saved, and then the database file and its WAL and
//! shared-memory files read as bytes: no sandbox credential, no created secret and no full
//! fingerprint anywhere, while the tokens' names are there (so the scan would see a secret).

use scopekeeper_core::audit::AuditReport;
use scopekeeper_core::desk::{fingerprint, Declared};
use scopekeeper_core::history::{HistoryStore, FILE_NAME};
use scopekeeper_core::secret::SecretString;
use scopekeeper_core::vendor::Vendor;
use sha2::{Digest, Sha256};

mod desk_support;
use desk_support::*;

/// The bytes of the database and of its `-wal` and `-shm` files, as they are on disk now.
fn database_bytes(path: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    ["", "-wal", "-shm"]
        .iter()
        .filter_map(|suffix| {
            let p = path.with_file_name(format!("{FILE_NAME}{suffix}"));
            let bytes = std::fs::read(&p).ok()?;
            Some((p.display().to_string(), bytes))
        })
        .collect()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// A created MindBridge token and a registered Bright one, then an audit: the report, the
/// created token's secret (shown once) and the pasted token.
async fn audit_with_a_created_and_a_registered_token(f: &Fixture) -> (AuditReport, String, String) {
    let added = add_all_sandboxes(f).await;
    let mb = added
        .iter()
        .find(|c| c.vendor == Vendor::MindBridge)
        .unwrap();
    let made = f
        .desk
        .create_token(
            &mb.id,
            f.catalogs.get("mindbridge").unwrap(),
            &spec("mindbridge", "api-token", &["api.engagements.read"], 30),
        )
        .await
        .unwrap();
    let created_secret = f.desk.reveal_pending(&made.token_id).unwrap();
    let bright = added.iter().find(|c| c.vendor == Vendor::Bright).unwrap();
    let pasted = f.sim.handshake.bright.api_key.clone();
    let declared = Declared {
        name: "dast-ci".into(),
        scopes: vec!["scans".into()],
        expires_on: Some("2027-01-31".into()),
    };
    let checked = paste_bright_key(f, &bright.id, declared).await;
    assert!(
        checked.registered.is_some(),
        "the pasted token is registered"
    );

    let report = audit(f).await;
    let rows = &report.assessment.rows;
    assert!(rows.iter().any(|r| r.token.id == made.token_id));
    let short = fingerprint(&SecretString::from(pasted.clone()));
    assert!(rows.iter().any(|r| r.token.id == short), "registered row");
    (report, created_secret, pasted)
}

#[tokio::test]
async fn a_saved_run_holds_no_credential_no_created_secret_and_no_full_fingerprint() {
    let f = fixture().await;
    let (report, created_secret, pasted) = audit_with_a_created_and_a_registered_token(&f).await;
    let rows = &report.assessment.rows;
    let short = fingerprint(&SecretString::from(pasted.clone()));

    let path = f.dir.path().join("data").join(FILE_NAME);
    let store = HistoryStore::open(&path).unwrap();
    let catalogs: Vec<(Vendor, scopekeeper_core::catalog::Catalog)> = Vendor::ALL
        .iter()
        .map(|&v| (v, f.catalogs.get(v.id()).unwrap().clone()))
        .collect();
    let refs: Vec<_> = catalogs.iter().map(|(v, c)| (*v, c)).collect();
    let saved = store.save(&report, &refs).unwrap();
    assert_eq!(saved.tokens as usize, rows.len());
    // The history's unknown scopes are the audit's: the same catalogs, as saved.
    let first = store.changes(None, saved.id).unwrap();
    assert_eq!(first.counts.new as usize, rows.len());
    let flagged = rows
        .iter()
        .filter(|r| r.findings.iter().any(|f| f.rule == "unknown_scope"))
        .count();
    assert_eq!(
        first.unknown_scopes.len(),
        flagged,
        "{:?}",
        first.unknown_scopes
    );

    let full_fingerprint = hex::encode(Sha256::digest(pasted.as_bytes()));
    let h = &f.sim.handshake;
    let secrets = [
        (
            "the MindBridge sandbox credential",
            h.mindbridge.token.as_str(),
        ),
        ("the Cortex sandbox credential", h.cortex.api_key.as_str()),
        ("the Bright sandbox credential", h.bright.api_key.as_str()),
        ("the Manifest sandbox credential", h.manifest.token.as_str()),
        ("the created token's secret", created_secret.as_str()),
        (
            "the pasted token's full fingerprint",
            full_fingerprint.as_str(),
        ),
    ];
    // Read while the store is open: the run may still be in the WAL only.
    let files = database_bytes(&path);
    assert!(files.len() >= 2, "the database and its WAL: {files:?}");
    for (file, bytes) in &files {
        for (what, secret) in secrets {
            assert!(secret.len() >= 12, "{what} is long enough to search for");
            assert!(!contains(bytes, secret), "{file} holds {what}");
        }
    }
    let all: Vec<u8> = files.iter().flat_map(|(_, b)| b.clone()).collect();
    for name in ["ci-engagements", "dast-ci", short.as_str()] {
        assert!(contains(&all, name), "the scan sees what was saved: {name}");
    }

    // Once closed (the WAL folded into the file), the same holds for the file alone.
    drop(store);
    for (file, bytes) in database_bytes(&path) {
        for (what, secret) in secrets {
            assert!(!contains(&bytes, secret), "{file} holds {what}");
        }
    }
    let reopened = HistoryStore::open(&path).unwrap();
    assert_eq!(reopened.runs(5).unwrap(), vec![saved]);
}
