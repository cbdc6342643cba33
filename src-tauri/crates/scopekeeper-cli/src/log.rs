//! `scopekeeper log verify`: checks the action log's hash chain and names the first entry that
//! no longer fits. Exit 0 when the chain is intact, 1 when it is broken.

use std::path::PathBuf;

use clap::Subcommand;
use scopekeeper_core::action_log;

use crate::{places, print_json, Failure};

#[derive(Subcommand)]
pub enum LogCommand {
    /// Check the action log's hash chain and name the first broken entry (exit 1 if broken).
    Verify {
        /// The log file to check (default: the desktop app's, `actions.jsonl` in its data dir).
        #[arg(long, value_name = "PATH")]
        file: Option<PathBuf>,
    },
}

pub fn run(json: bool, command: LogCommand) -> Result<bool, Failure> {
    match command {
        LogCommand::Verify { file } => verify(json, file),
    }
}

/// The desktop app's action log, which the CLI's own actions are appended to as well.
pub fn app_log() -> Result<PathBuf, Failure> {
    places::data_dir()
        .map(|d| d.join("actions.jsonl"))
        .ok_or_else(|| {
            Failure::Message(
                "cannot tell where the app keeps its action log (HOME is not set); set SCOPEKEEPER_DATA_DIR or pass --file".into(),
            )
        })
}

fn verify(json: bool, file: Option<PathBuf>) -> Result<bool, Failure> {
    let path = match file {
        // A file named on purpose must exist; the app's own log may simply not exist yet.
        Some(p) if !p.is_file() => {
            return Err(Failure::Message(format!("{} is not a file", p.display())))
        }
        Some(p) => p,
        None => app_log()?,
    };
    let state = action_log::verify(&path).map_err(|e| Failure::Message(e.message))?;
    if json {
        print_json(&state);
    } else {
        println!("{}", path.display());
        println!("{}", state.summary());
    }
    Ok(state.intact)
}
