//! `scopekeeper evidence export|verify|key`: signed evidence packs for auditors. Export
//! gathers the audit runs from the history database, the action log's range and the catalogs'
//! identities, and signs them with the key kept in the OS keyring (made at the first export);
//! verify checks a pack anywhere, with no keyring and no history. A pack names its own signer,
//! so verify says the signer is verified only against a key pinned with `evidence trust` (in
//! the config dir) or given with `--key`; otherwise "signature valid, signer NOT verified",
//! exit 3.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use scopekeeper_core::action_log::ActionLog;
use scopekeeper_core::clock::{Clock, SystemClock};
use scopekeeper_core::evidence::{self, EvidenceError, EvidenceInput, VerifiedPack};
use scopekeeper_core::history::HistoryStore;
use scopekeeper_core::places::{HISTORY_FILE, SIGNERS_FILE};
use scopekeeper_core::printable::printable;
use scopekeeper_core::secret_store::OsKeyringStore;
use scopekeeper_core::token_spec::Day;
use serde_json::json;

use crate::{log, places, print_json, Failure};

#[derive(Subcommand)]
pub enum EvidenceCommand {
    /// Write a signed pack: audit runs, their findings, the action log's range, the catalogs.
    Export {
        /// Where to write the pack (JSON).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// First local day of the range (YYYY-MM-DD): every audit run and log entry from then
        /// on. Without it: the latest audit run and the whole log.
        #[arg(long, value_name = "YYYY-MM-DD")]
        since: Option<String>,
    },
    /// Check a pack's hashes, signature and exact bytes (exit 1 if anything was altered) and
    /// its signer against the pinned keys (exit 3 if the signer is not one of them).
    Verify {
        file: PathBuf,
        /// Require that this public key (64 hex characters) signed it, instead of a pinned one.
        #[arg(long, value_name = "HEX")]
        key: Option<String>,
    },
    /// Pin a signer's public key (as received from them separately): verify trusts packs it
    /// signed.
    Trust {
        #[arg(value_name = "HEX")]
        key: String,
    },
    /// Show the public key packs are signed with (never creates one).
    Key,
}

pub fn run(json: bool, command: EvidenceCommand) -> Result<bool, Failure> {
    match command {
        EvidenceCommand::Export { out, since } => export(json, out, since),
        EvidenceCommand::Verify { file, key } => verify(json, file, key),
        EvidenceCommand::Trust { key } => trust(json, &key),
        EvidenceCommand::Key => show_key(json),
    }
}

fn message(e: scopekeeper_core::error::Error) -> Failure {
    Failure::Message(e.message)
}

fn export(json: bool, out: PathBuf, since: Option<String>) -> Result<bool, Failure> {
    let clock = SystemClock;
    let since_ms =
        match &since {
            Some(text) => Some(clock.start_of_day_ms(Day::parse(text.trim()).ok_or_else(
                || Failure::Usage(format!("--since takes a date as YYYY-MM-DD, not `{text}`")),
            )?)),
            None => None,
        };
    let log = ActionLog::new(&log::app_log()?);
    let (actions, chain) = evidence::log_range(&log, since_ms).map_err(message)?;
    if !chain.intact {
        tell!("warning: {} The pack records this.", chain.summary());
    }
    let (snapshots, findings) = history(since_ms)?;
    let input = EvidenceInput {
        actor: places::os_user(),
        since,
        snapshots,
        findings,
        actions,
        log_chain: Some(chain),
        catalogs: evidence::catalog_identities(crate::registry().catalogs()),
    };
    let key = evidence::signing_key(&OsKeyringStore).map_err(message)?;
    let bytes = evidence::build(input, &key, &clock);
    drop(key);
    // Checked before it is handed over: a pack that would not verify is never written.
    let pack = evidence::verify(&bytes, None)
        .map_err(|e| Failure::Message(format!("the pack just built does not verify: {e}")))?;
    let name = out.file_name().unwrap_or_default().to_string_lossy();
    scopekeeper_core::fsutil::write_atomically(&out, &format!(".{name}.saving"), &bytes)
        .map_err(|e| Failure::Message(format!("cannot write {}: {e}", out.display())))?;
    if json {
        print_json(&json!({ "file": out, "pack": pack }));
    } else {
        say!("Wrote {}", out.display());
        print_pack(&pack);
    }
    Ok(true)
}

/// The runs the pack covers, from the app's history database; none when there is no history
/// yet (said on stderr), never creating the database.
fn history(
    since_ms: Option<i64>,
) -> Result<(Vec<serde_json::Value>, Vec<serde_json::Value>), Failure> {
    let path = places::data_dir()
        .map(|d| d.join(HISTORY_FILE))
        .filter(|p| p.is_file());
    let Some(path) = path else {
        tell!("warning: no audit history yet, so the pack holds no audit run");
        return Ok((Vec::new(), Vec::new()));
    };
    let store = HistoryStore::open(&path).map_err(message)?;
    let (snapshots, findings) = evidence::history_snapshots(&store, since_ms).map_err(message)?;
    if snapshots.is_empty() {
        tell!("warning: no audit run in the range, so the pack holds none");
    }
    Ok((snapshots, findings))
}

/// `--key` checked as a public key.
fn key_arg(key: &str) -> Result<String, Failure> {
    evidence::normalize_key(key).ok_or_else(|| {
        Failure::Usage(
            "--key takes the signer's public key: 64 hex characters (`scopekeeper evidence key` shows yours)".into(),
        )
    })
}

fn signers_file() -> Result<PathBuf, Failure> {
    places::config_dir()
        .map(|d| d.join(SIGNERS_FILE))
        .ok_or_else(|| {
            Failure::Message(
                "cannot tell where the app keeps its settings (HOME is not set); set SCOPEKEEPER_CONFIG_DIR".into(),
            )
        })
}

fn trust(json: bool, key: &str) -> Result<bool, Failure> {
    let key = evidence::normalize_key(key).ok_or_else(|| {
        Failure::Usage("evidence trust takes a signer's public key: 64 hex characters (`scopekeeper evidence key` shows yours)".into())
    })?;
    let path = signers_file()?;
    let added = evidence::pin_key(&path, &key).map_err(message)?;
    if json {
        print_json(&json!({ "key": key, "added": added, "file": path }));
    } else if added {
        say!("Pinned {key}: packs it signed now verify as from a trusted signer.");
    } else {
        say!("{key} was already pinned.");
    }
    Ok(true)
}

/// A pack checked for integrity and for its signer: the pack, and whether its signer is the
/// key given or a pinned one.
pub fn check_pack(
    file: &Path,
    key: Option<&str>,
) -> Result<Result<(VerifiedPack, bool), EvidenceError>, Failure> {
    let bytes = std::fs::read(file)
        .map_err(|e| Failure::Message(format!("cannot read {}: {e}", file.display())))?;
    Ok(match evidence::verify(&bytes, key) {
        Ok(pack) if key.is_some() => Ok((pack, true)),
        Ok(pack) => {
            let pinned = evidence::pinned_keys(&signers_file()?).map_err(message)?;
            let known = pinned.contains(&pack.public_key.hex);
            Ok((pack, known))
        }
        Err(e) => Err(e),
    })
}

/// How a pack whose signature checks out but whose signer is not pinned is said, with the fix.
pub fn unverified_signer(pack: &VerifiedPack) -> String {
    format!("Signature valid, signer NOT verified: the pack was signed by key {} ({}), which is not pinned. Anyone can re-sign an altered pack with a key of their own. Compare it with the signer's public key as you received it separately, then run `scopekeeper evidence trust {}` (or pass --key).", pack.public_key.fingerprint, pack.public_key.hex, pack.public_key.hex)
}

fn verify(json: bool, file: PathBuf, key: Option<String>) -> Result<bool, Failure> {
    let key = key.as_deref().map(key_arg).transpose()?;
    match check_pack(&file, key.as_deref())? {
        Ok((pack, signer_verified)) => {
            if json {
                print_json(
                    &json!({ "valid": true, "signer_verified": signer_verified, "pack": pack }),
                );
            } else if signer_verified {
                say!("VALID: {}", file.display());
                print_pack(&pack);
            } else {
                say!("SIGNATURE VALID, SIGNER NOT VERIFIED: {}", file.display());
                print_pack(&pack);
                say!("{}", unverified_signer(&pack));
            }
            if signer_verified {
                Ok(true)
            } else {
                Err(Failure::SignerUnverified)
            }
        }
        Err(e) => {
            if json {
                print_json(
                    &json!({ "valid": false, "reason": e.code(), "message": e.to_string() }),
                );
            } else {
                say!("INVALID: {}", file.display());
                say!("{}", printable(&e.to_string()));
            }
            Ok(false)
        }
    }
}

fn print_pack(p: &VerifiedPack) {
    say!(
        "Made {} by {}; range from {}.",
        printable(&p.created_at),
        printable(&p.actor),
        printable(p.since.as_deref().unwrap_or("the latest run"))
    );
    say!(
        "Holds {} audit run(s), {} token(s) with findings, {} log entries, {} catalog identities.",
        p.snapshots,
        p.findings,
        p.actions,
        p.catalogs
    );
    match p.log_intact {
        Some(true) => say!("The action log's chain was intact when it was made."),
        Some(false) => say!("The action log's chain was BROKEN when it was made."),
        None => {}
    }
    say!(
        "Signed by key {} ({}).",
        p.public_key.fingerprint,
        p.public_key.hex
    );
}

fn show_key(json: bool) -> Result<bool, Failure> {
    let key = evidence::public_key(&OsKeyringStore).map_err(message)?;
    if json {
        print_json(&json!({ "public_key": key }));
    } else {
        match key {
            Some(k) => say!("{}\nfingerprint {}", k.hex, k.fingerprint),
            None => say!(
                "No evidence signing key yet: the first `scopekeeper evidence export` makes one."
            ),
        }
    }
    Ok(true)
}
