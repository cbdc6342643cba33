//! The local action log: one JSON line per thing Scopekeeper did at a vendor (created,
//! verified, revoked, connection added or removed, saved in the keyring), appended and never
//! rewritten. Entries name who, what and when; they never hold a secret (the entry type has no
//! field that could take one).
//!
//! The log is tamper-evident: [`ActionLog::append`] links every new line to the one before it
//! with SHA-256 (see [`chain`] for the exact rules), and [`verify`] names the first line that no
//! longer fits. Callers build plain [`ActionEntry`] values; the chain fields are added here, so
//! no caller can forget or forge them.

use std::fs::{self, OpenOptions};
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{ErrorKind, IpcError};

pub mod chain;
mod tail;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_chain;

pub use chain::{verify, BreakReason, ChainBreak, ChainState};
use tail::BackLines;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ActionEntry {
    /// RFC 3339.
    pub at: String,
    /// The OS user who ran Scopekeeper.
    pub actor: String,
    /// `created`, `verified`, `renamed`, `revoked`, `connection_added`, `connection_updated`,
    /// `connection_removed`, `connection_tested`, `saved_in_keyring`, `create_failed`.
    pub action: String,
    pub vendor: String,
    pub connection: String,
    /// The connection's id (entries written before it was recorded have none).
    #[serde(default)]
    pub connection_id: Option<String>,
    pub sandbox: bool,
    /// The token's vendor id, when there is one.
    #[serde(default)]
    pub token_id: Option<String>,
    #[serde(default)]
    pub token_name: Option<String>,
    #[serde(default)]
    pub scopes: Vec<String>,
    /// One line for a person.
    pub detail: String,
}

/// One line of the log exactly as it is on disk (without its newline), with its 1-based line
/// number. Evidence packs carry these, so an auditor can check each line's hash and the links
/// between consecutive lines without trusting Scopekeeper's reading of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogLine {
    pub line: usize,
    pub text: String,
}

/// The log file.
#[derive(Debug, Clone)]
pub struct ActionLog {
    path: PathBuf,
}

impl ActionLog {
    pub fn new(path: &Path) -> Self {
        Self {
            path: path.to_owned(),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one entry as one chained line (one `write`, with O_APPEND), on disk before it
    /// returns.
    ///
    /// The app and the CLI may append at the same moment, so the file is locked exclusively
    /// (an advisory lock: `flock` on Unix, `LockFileEx` on Windows) from reading the last line
    /// to the end of the write; otherwise two writers could both link to the same last line.
    pub fn append(&self, entry: &ActionEntry) -> Result<(), IpcError> {
        let io = |e: io::Error| {
            IpcError::new(
                ErrorKind::Io,
                format!(
                    "Could not write the action log {}: {e}",
                    self.path.display()
                ),
            )
        };
        let dir = self.path.parent().unwrap_or(Path::new("."));
        let new_dir = !dir.exists();
        fs::create_dir_all(dir).map_err(io)?;
        let existed = self.path.exists();
        let mut f = OpenOptions::new()
            .create(true)
            .read(true)
            .append(true)
            .open(&self.path)
            .map_err(io)?;
        // Released when `f` is closed at the end of this function.
        f.lock().map_err(io)?;
        let tail = tail::read_tail(&mut f).map_err(io)?;
        let mut bytes = Vec::new();
        if tail.unterminated {
            // The last line has no newline (a crash cut it short); the new entry must not be
            // glued onto it.
            bytes.push(b'\n');
        }
        let line =
            chain::chained_line(entry, &tail.prev, tail.interrupted.as_deref()).map_err(|e| {
                IpcError::new(
                    ErrorKind::Internal,
                    format!("Could not encode a log entry: {e}"),
                )
            })?;
        bytes.extend_from_slice(&line);
        bytes.push(b'\n');
        // On disk before the action is reported done: an audit trail that a crash can shorten
        // is not one.
        f.write_all(&bytes)
            .and_then(|_| f.sync_data())
            .map_err(io)?;
        if !existed {
            crate::fsutil::sync_dir(dir).map_err(io)?;
            if new_dir {
                if let Some(parent) = dir.parent() {
                    crate::fsutil::sync_dir(parent).map_err(io)?;
                }
            }
        }
        Ok(())
    }

    /// The newest `limit` entries, newest first. Lines that do not parse are skipped (a crash
    /// mid-write can leave at most one partial line; [`verify`] is where damage is reported).
    pub fn recent(&self, limit: usize) -> Result<Vec<ActionEntry>, IpcError> {
        let Some(f) = self.open_for_reading()? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        // Read backwards a block at a time, only as far as `limit` entries need.
        for line in BackLines::new(f).map_err(|e| self.read_error(e))? {
            if out.len() == limit {
                break;
            }
            let line = line.map_err(|e| self.read_error(e))?;
            if let Ok(entry) = serde_json::from_slice::<ActionEntry>(&line) {
                out.push(entry);
            }
        }
        Ok(out)
    }

    /// Every readable entry's exact line, oldest first, keeping those for which `keep` says
    /// yes (e.g. a time range). Unreadable lines are left out; [`verify`] reports them.
    pub fn lines_where(
        &self,
        mut keep: impl FnMut(&ActionEntry) -> bool,
    ) -> Result<Vec<LogLine>, IpcError> {
        let Some(f) = self.open_for_reading()? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for (i, line) in BufReader::new(f).split(b'\n').enumerate() {
            let line = line.map_err(|e| self.read_error(e))?;
            let Ok(entry) = serde_json::from_slice::<ActionEntry>(&line) else {
                continue;
            };
            if keep(&entry) {
                if let Ok(text) = String::from_utf8(line) {
                    out.push(LogLine { line: i + 1, text });
                }
            }
        }
        Ok(out)
    }

    /// Checks the hash chain of this log: see [`verify`].
    pub fn verify(&self) -> Result<ChainState, IpcError> {
        verify(&self.path)
    }

    /// The file, or `None` when there is no log yet.
    fn open_for_reading(&self) -> Result<Option<fs::File>, IpcError> {
        match fs::File::open(&self.path) {
            Ok(f) => Ok(Some(f)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(self.read_error(e)),
        }
    }

    fn read_error(&self, e: io::Error) -> IpcError {
        IpcError::new(
            ErrorKind::Io,
            format!("Could not read the action log {}: {e}", self.path.display()),
        )
    }
}

impl ChainState {
    /// The state in a few sentences, for a person.
    pub fn summary(&self) -> String {
        let mut out = match (&self.first_broken, self.chained_from) {
            (Some(b), _) => format!("The action log's chain is broken. {}", b.message),
            (None, None) if self.entries == 0 => "The action log is empty.".to_owned(),
            (None, None) => format!(
                "None of the {} lines of the action log is chained yet (they were written before the chain began); the next entry starts the chain.",
                self.unchained
            ),
            (None, Some(from)) => format!(
                "The action log's chain is intact: {} chained entries from line {from}, head {}.",
                self.chained,
                self.head.as_deref().unwrap_or("-")
            ),
        };
        if self.chained_from.is_some() && self.unchained > 0 {
            out.push_str(&format!(
                " The {} lines before it were written before the chain began; nothing vouches for them.",
                self.unchained
            ));
        }
        if !self.interrupted_lines.is_empty() {
            let lines: Vec<String> = self
                .interrupted_lines
                .iter()
                .map(|n| n.to_string())
                .collect();
            out.push_str(&format!(
                " Line(s) {} were cut short by a crash and closed by the next entry.",
                lines.join(", ")
            ));
        }
        if let Some(n) = self.partial_last_line {
            out.push_str(&format!(
                " The last line ({n}) is incomplete: a write was cut short (a crash), not an edit."
            ));
        }
        out
    }
}
