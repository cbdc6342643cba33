//! The local action log: one JSON line per thing Scopekeeper did at a vendor (created,
//! verified, revoked, connection added or removed, saved in the keyring), appended and never
//! rewritten. Entries name who, what and when; they never hold a secret (the entry type has no
//! field that could take one).
//!
//! The log is tamper-evident: [`ActionLog::append`] links every new line to the one before it
//! with SHA-256 (see [`chain`] for the exact rules), and [`verify`] names the first line that no
//! longer fits. Callers build plain [`ActionEntry`] values; the chain fields are added here, so
//! no caller can forget or forge them.
//!
//! Every reader ([`ActionLog::recent`], [`ActionLog::lines_where`]) is handed only entries
//! that check out in the chain: none after the first break, none from a log that no longer
//! matches its anchor. What the app shows, "created here" and "created by" matching and
//! evidence packs all read through them, so a forged line is never taken for a real one.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, ErrorKind};

mod anchor;
pub mod chain;
mod tail;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_chain;
#[cfg(test)]
mod tests_forged;
mod walk;

pub use chain::{verify, BreakReason, ChainBreak, ChainState};

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
    /// The chain anchor is brought up to date under the same lock, after the line is on disk.
    pub fn append(&self, entry: &ActionEntry) -> Result<(), Error> {
        let io = |e: io::Error| {
            Error::new(
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
        let found = anchor::read(&self.path).map_err(io)?;
        // A log from before the anchor is walked once to start it.
        let before = match found {
            anchor::Found::Missing => Some(walk::scan(&self.path, false)?),
            _ => None,
        };
        let mut bytes = Vec::new();
        if tail.unterminated {
            // The last line has no newline (a crash cut it short); the new entry must not be
            // glued onto it.
            bytes.push(b'\n');
        }
        let line =
            chain::chained_line(entry, &tail.prev, tail.interrupted.as_deref()).map_err(|e| {
                Error::new(
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
        let seal = chain::seal_of(&line).unwrap_or_default();
        let next = match (found, before) {
            (anchor::Found::Read(a), _) => Some(anchor::Anchor {
                count: a.count + 1,
                head: seal,
                ..a
            }),
            (anchor::Found::Missing, Some(scan)) => Some(Self::first_anchor(scan, seal)),
            // A damaged anchor is evidence: it is left as found, and verification reports it.
            _ => None,
        };
        match next {
            Some(a) => anchor::write(&self.path, &a).map_err(io),
            None => Ok(()),
        }
    }

    /// The anchor for a log that has none, from a walk of it before the line sealed `seal`.
    fn first_anchor(before: walk::Scan, seal: String) -> anchor::Anchor {
        match (before.first, before.state.intact) {
            (Some(first), true) => anchor::Anchor {
                first,
                count: before.state.chained + 1,
                head: seal,
            },
            // A broken log is anchored where its chain last held; the break stays reported.
            (Some(first), false) => anchor::Anchor {
                first,
                count: before.state.chained,
                head: before.state.head.unwrap_or_default(),
            },
            (None, _) => anchor::Anchor {
                first: seal.clone(),
                count: 1,
                head: seal,
            },
        }
    }

    /// The newest `limit` entries that check out in the chain, newest first. An entry after
    /// the first break, or in a log that no longer matches its anchor, is never among them
    /// ([`verify`] says why).
    pub fn recent(&self, limit: usize) -> Result<Vec<ActionEntry>, Error> {
        let vetted = walk::scan(&self.path, true)?.vetted;
        Ok(vetted
            .into_iter()
            .rev()
            .take(limit)
            .map(|v| v.entry)
            .collect())
    }

    /// The exact line of every entry that checks out in the chain, oldest first, keeping
    /// those for which `keep` says yes (e.g. a time range). Everything else is left out;
    /// [`verify`] reports it.
    pub fn lines_where(
        &self,
        mut keep: impl FnMut(&ActionEntry) -> bool,
    ) -> Result<Vec<LogLine>, Error> {
        let vetted = walk::scan(&self.path, true)?.vetted;
        Ok(vetted
            .into_iter()
            .filter(|v| keep(&v.entry))
            .filter_map(|v| {
                String::from_utf8(v.text)
                    .ok()
                    .map(|text| LogLine { line: v.line, text })
            })
            .collect())
    }

    /// Whether line `line` of this log is an entry that checks out in the chain and whose
    /// `hash` member is `head`: the log still holds a head recorded earlier (an evidence pack's).
    pub fn holds_head(&self, head: &str, line: usize) -> Result<bool, Error> {
        let vetted = walk::scan(&self.path, true)?.vetted;
        Ok(vetted
            .iter()
            .any(|v| v.line == line && v.hash.as_deref() == Some(head)))
    }

    /// Checks the hash chain of this log: see [`verify`].
    pub fn verify(&self) -> Result<ChainState, Error> {
        verify(&self.path)
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
                "The action log's chain is intact: {} chained entries from line {from}; head (line {}) {}.",
                self.chained,
                self.head_line.unwrap_or(from),
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
