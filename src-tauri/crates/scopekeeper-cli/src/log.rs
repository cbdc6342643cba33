//! `scopekeeper log verify`: checks the action log's hash chain (and its anchor) and names the
//! first entry that no longer fits. With `--against PACK`, also checks that the log still holds
//! the head an evidence pack signed, at the line it was on. Exit 0 when the chain is intact
//! (and holds that head), 1 when it is broken (or does not), 3 when the pack's signer is not
//! verified.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use scopekeeper_core::action_log::{self, ActionLog};
use scopekeeper_core::places::ACTION_LOG_FILE;
use serde::Serialize;
use serde_json::json;

use crate::{evidence, places, print_json, Failure};

#[derive(Subcommand)]
pub enum LogCommand {
    /// Check the action log's hash chain and name the first broken entry (exit 1 if broken).
    Verify {
        /// The log file to check (default: the desktop app's, `actions.jsonl` in its data dir).
        #[arg(long, value_name = "PATH")]
        file: Option<PathBuf>,
        /// An evidence pack of this log: the log must still hold the head the pack signed.
        #[arg(long, value_name = "PACK")]
        against: Option<PathBuf>,
    },
}

pub fn run(json: bool, command: LogCommand) -> Result<bool, Failure> {
    match command {
        LogCommand::Verify { file, against } => verify(json, file, against),
    }
}

/// The desktop app's action log, which the CLI's own actions are appended to as well.
pub fn app_log() -> Result<PathBuf, Failure> {
    places::data_dir()
        .map(|d| d.join(ACTION_LOG_FILE))
        .ok_or_else(|| {
            Failure::Message(
                "cannot tell where the app keeps its action log (HOME is not set); set SCOPEKEEPER_DATA_DIR or pass --file".into(),
            )
        })
}

fn verify(json: bool, file: Option<PathBuf>, against: Option<PathBuf>) -> Result<bool, Failure> {
    let path = match file {
        // A file named on purpose must exist; the app's own log may simply not exist yet.
        Some(p) if !p.is_file() => {
            return Err(Failure::Message(format!("{} is not a file", p.display())))
        }
        Some(p) => p,
        None => app_log()?,
    };
    let state = action_log::verify(&path).map_err(|e| Failure::Message(e.message))?;
    let pack = against.as_deref().map(|p| held(&path, p)).transpose()?;
    if json {
        match &pack {
            Some(p) => print_json(&json!({ "chain": state, "against": p })),
            None => print_json(&state),
        }
    } else {
        say!("{}", path.display());
        say!("{}", state.summary());
        if let Some(p) = &pack {
            say!("{}", p.message);
        }
    }
    match pack {
        Some(p) if !p.signer_verified && state.intact && p.held => Err(Failure::SignerUnverified),
        Some(p) => Ok(state.intact && p.held),
        None => Ok(state.intact),
    }
}

/// The log against the head an evidence pack signed.
#[derive(Serialize)]
struct Held {
    pack: PathBuf,
    head: String,
    line: usize,
    held: bool,
    signer_verified: bool,
    message: String,
}

fn held(log: &Path, pack_file: &Path) -> Result<Held, Failure> {
    let name = pack_file.display();
    let (pack, signer_verified) = evidence::check_pack(pack_file, None)?
        .map_err(|e| Failure::Message(format!("{name} is not a valid evidence pack: {e}")))?;
    let (Some(head), Some(line)) = (pack.log_head.clone(), pack.log_head_line) else {
        return Err(Failure::Message(format!("{name} records no full log head (it was made before any entry was chained, or by an older version), so the log cannot be checked against it; export a new pack")));
    };
    let held = ActionLog::new(log)
        .holds_head(&head, line)
        .map_err(|e| Failure::Message(e.message))?;
    let mut message = if held {
        format!("The log still holds the head {name} signed: line {line}, {head}.")
    } else {
        format!("The log does NOT hold the head {name} signed (line {line}, {head}): entries up to that point were removed or rewritten since the pack was made, or the pack is of another log.")
    };
    if !signer_verified {
        message.push(' ');
        message.push_str(&evidence::unverified_signer(&pack));
    }
    Ok(Held {
        pack: pack_file.to_owned(),
        head,
        line,
        held,
        signer_verified,
        message,
    })
}
