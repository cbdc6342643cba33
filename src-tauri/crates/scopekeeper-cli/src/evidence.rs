//! `scopekeeper evidence export|verify|key`: signed evidence packs for auditors. Export
//! gathers the audit runs from the history database, the action log's range and the catalogs'
//! identities, and signs them with the key kept in the OS keyring (made at the first export);
//! verify checks a pack anywhere, with no keyring and no history.

use std::path::PathBuf;

use clap::Subcommand;
use scopekeeper_core::action_log::ActionLog;
use scopekeeper_core::clock::{Clock, SystemClock};
use scopekeeper_core::evidence::{self, EvidenceInput, VerifiedPack};
use scopekeeper_core::history::{HistoryStore, FILE_NAME};
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
    /// Check a pack's hashes, signature and exact bytes (exit 1 if anything was altered).
    Verify {
        file: PathBuf,
        /// Also require that this public key (64 hex characters) signed it.
        #[arg(long, value_name = "HEX")]
        key: Option<String>,
    },
    /// Show the public key packs are signed with (never creates one).
    Key,
}

pub fn run(json: bool, command: EvidenceCommand) -> Result<bool, Failure> {
    match command {
        EvidenceCommand::Export { out, since } => export(json, out, since),
        EvidenceCommand::Verify { file, key } => verify(json, file, key),
        EvidenceCommand::Key => show_key(json),
    }
}

fn message(e: scopekeeper_core::error::IpcError) -> Failure {
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
        eprintln!("warning: {} The pack records this.", chain.summary());
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
        println!("Wrote {}", out.display());
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
        .map(|d| d.join(FILE_NAME))
        .filter(|p| p.is_file());
    let Some(path) = path else {
        eprintln!("warning: no audit history yet, so the pack holds no audit run");
        return Ok((Vec::new(), Vec::new()));
    };
    let store = HistoryStore::open(&path).map_err(message)?;
    let (snapshots, findings) = evidence::history_snapshots(&store, since_ms).map_err(message)?;
    if snapshots.is_empty() {
        eprintln!("warning: no audit run in the range, so the pack holds none");
    }
    Ok((snapshots, findings))
}

fn verify(json: bool, file: PathBuf, key: Option<String>) -> Result<bool, Failure> {
    if let Some(k) = &key {
        let k = k.trim();
        if k.len() != 64 || !k.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Failure::Usage(
                "--key takes the signer's public key: 64 hex characters (`scopekeeper evidence key` shows yours)".into(),
            ));
        }
    }
    let bytes = std::fs::read(&file)
        .map_err(|e| Failure::Message(format!("cannot read {}: {e}", file.display())))?;
    match evidence::verify(&bytes, key.as_deref()) {
        Ok(pack) => {
            if json {
                print_json(&json!({ "valid": true, "pack": pack }));
            } else {
                println!("VALID: {}", file.display());
                print_pack(&pack);
                if key.is_none() {
                    // Whole and signed, but by whom: anyone can re-sign an altered pack with a
                    // key of their own. Only the expected key, given separately, says who.
                    println!("Note: checked against the key inside the pack only. Run again with --key {} (the signer's public key, as you received it separately) to know who signed it.", pack.public_key.hex);
                }
            }
            Ok(true)
        }
        Err(e) => {
            if json {
                print_json(
                    &json!({ "valid": false, "reason": e.code(), "message": e.to_string() }),
                );
            } else {
                println!("INVALID: {}", file.display());
                println!("{e}");
            }
            Ok(false)
        }
    }
}

fn print_pack(p: &VerifiedPack) {
    println!(
        "Made {} by {}; range from {}.",
        p.created_at,
        p.actor,
        p.since.as_deref().unwrap_or("the latest run")
    );
    println!(
        "Holds {} audit run(s), {} token(s) with findings, {} log entries, {} catalog identities.",
        p.snapshots, p.findings, p.actions, p.catalogs
    );
    match p.log_intact {
        Some(true) => println!("The action log's chain was intact when it was made."),
        Some(false) => println!("The action log's chain was BROKEN when it was made."),
        None => {}
    }
    println!(
        "Signed by key {} ({}).",
        p.public_key.fingerprint, p.public_key.hex
    );
}

fn show_key(json: bool) -> Result<bool, Failure> {
    let key = evidence::public_key(&OsKeyringStore).map_err(message)?;
    if json {
        print_json(&json!({ "public_key": key }));
    } else {
        match key {
            Some(k) => println!("{}\nfingerprint {}", k.hex, k.fingerprint),
            None => println!(
                "No evidence signing key yet: the first `scopekeeper evidence export` makes one."
            ),
        }
    }
    Ok(true)
}
