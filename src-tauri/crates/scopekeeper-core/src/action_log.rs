//! The local action log: one JSON line per thing Scopekeeper did at a vendor (created,
//! verified, revoked, connection added or removed, saved in the keyring), appended and never
//! rewritten. Entries name who, what and when; they never hold a secret (the entry type has no
//! field that could take one).

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{ErrorKind, IpcError};

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

    /// Appends one entry (one `write` of one line, with O_APPEND).
    pub fn append(&self, entry: &ActionEntry) -> Result<(), IpcError> {
        let io = |e: std::io::Error| {
            IpcError::new(
                ErrorKind::Io,
                format!(
                    "Could not write the action log {}: {e}",
                    self.path.display()
                ),
            )
        };
        if let Some(dir) = self.path.parent() {
            fs::create_dir_all(dir).map_err(io)?;
        }
        let mut line = serde_json::to_vec(entry).map_err(|e| {
            IpcError::new(
                ErrorKind::Internal,
                format!("Could not encode a log entry: {e}"),
            )
        })?;
        line.push(b'\n');
        let mut f = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(io)?;
        f.write_all(&line).map_err(io)
    }

    /// The newest `limit` entries, newest first. Lines that do not parse are skipped (a crash
    /// mid-write can leave at most one partial line).
    pub fn recent(&self, limit: usize) -> Result<Vec<ActionEntry>, IpcError> {
        let text = match fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => {
                return Err(IpcError::new(
                    ErrorKind::Io,
                    format!("Could not read the action log {}: {e}", self.path.display()),
                ))
            }
        };
        Ok(text
            .lines()
            .rev()
            .filter_map(|l| serde_json::from_str(l).ok())
            .take(limit)
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_and_reads_newest_first() {
        let dir = tempfile::tempdir().unwrap();
        let log = ActionLog::new(&dir.path().join("log/actions.jsonl"));
        assert!(log.recent(10).unwrap().is_empty());
        for (i, action) in ["created", "verified", "revoked"].iter().enumerate() {
            log.append(&ActionEntry {
                at: format!("2026-11-23T00:00:0{i}Z"),
                actor: "admin".into(),
                action: action.to_string(),
                vendor: "mindbridge".into(),
                connection: "Sandbox".into(),
                sandbox: true,
                token_id: Some("t1".into()),
                token_name: Some("ci".into()),
                scopes: vec!["api.tasks.read".into()],
                detail: String::new(),
            })
            .unwrap();
        }
        let got: Vec<String> = log
            .recent(2)
            .unwrap()
            .into_iter()
            .map(|e| e.action)
            .collect();
        assert_eq!(got, vec!["revoked", "verified"]);
        let text = fs::read_to_string(dir.path().join("log/actions.jsonl")).unwrap();
        assert_eq!(text.lines().count(), 3);
    }
}
