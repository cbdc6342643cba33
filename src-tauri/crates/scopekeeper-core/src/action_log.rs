//! The local action log: one JSON line per thing Scopekeeper did at a vendor (created,
//! verified, revoked, connection added or removed, saved in the keyring), appended and never
//! rewritten. Entries name who, what and when; they never hold a secret (the entry type has no
//! field that could take one).

use std::fs::{self, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
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
        let dir = self.path.parent().unwrap_or(Path::new("."));
        let new_dir = !dir.exists();
        fs::create_dir_all(dir).map_err(io)?;
        let mut line = serde_json::to_vec(entry).map_err(|e| {
            IpcError::new(
                ErrorKind::Internal,
                format!("Could not encode a log entry: {e}"),
            )
        })?;
        line.push(b'\n');
        let existed = self.path.exists();
        let mut f = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(io)?;
        // On disk before the action is reported done: an audit trail that a crash can shorten
        // is not one.
        f.write_all(&line).and_then(|_| f.sync_data()).map_err(io)?;
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
    /// mid-write can leave at most one partial line).
    pub fn recent(&self, limit: usize) -> Result<Vec<ActionEntry>, IpcError> {
        let io = |e: std::io::Error| {
            IpcError::new(
                ErrorKind::Io,
                format!("Could not read the action log {}: {e}", self.path.display()),
            )
        };
        let mut f = match fs::File::open(&self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(io(e)),
        };
        // Read backwards a block at a time, only as far as `limit` entries need.
        const BLOCK: u64 = 64 * 1024;
        let mut pos = f.seek(SeekFrom::End(0)).map_err(io)?;
        let mut carry: Vec<u8> = Vec::new();
        let mut out = Vec::new();
        while out.len() < limit && pos > 0 {
            let start = pos.saturating_sub(BLOCK);
            let mut block = vec![0u8; (pos - start) as usize];
            f.seek(SeekFrom::Start(start)).map_err(io)?;
            f.read_exact(&mut block).map_err(io)?;
            block.extend_from_slice(&carry);
            pos = start;
            // The first line of the block may be partial unless the block starts the file.
            let (head, complete) = match (start > 0, memchr::memchr(b'\n', &block)) {
                (true, Some(i)) => (block[..i].to_vec(), &block[i + 1..]),
                (true, None) => {
                    carry = block;
                    continue;
                }
                (false, _) => (Vec::new(), &block[..]),
            };
            for line in complete.rsplit(|b| *b == b'\n') {
                if out.len() == limit {
                    break;
                }
                if let Ok(entry) = serde_json::from_slice::<ActionEntry>(line) {
                    out.push(entry);
                }
            }
            carry = head;
        }
        Ok(out)
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
                connection_id: None,
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

    fn entry(i: usize) -> ActionEntry {
        ActionEntry {
            at: format!("2026-11-23T00:00:00Z#{i}"),
            actor: "admin".into(),
            action: "verified".into(),
            vendor: "mindbridge".into(),
            connection: "Sandbox".into(),
            connection_id: None,
            sandbox: true,
            token_id: Some(format!("t{i}")),
            token_name: None,
            scopes: vec!["x".repeat(i % 300)],
            detail: String::new(),
        }
    }

    #[test]
    fn recent_reads_only_the_tail_across_block_boundaries() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("actions.jsonl");
        // A damaged start (not even UTF-8) must not hide the recent entries.
        fs::write(&path, b"\xff\xfe garbage from an old crash\n").unwrap();
        let log = ActionLog::new(&path);
        for i in 0..2000 {
            log.append(&entry(i)).unwrap();
        }
        assert!(fs::metadata(&path).unwrap().len() > 3 * 64 * 1024);
        let got: Vec<String> = log
            .recent(700)
            .unwrap()
            .into_iter()
            .map(|e| e.token_id.unwrap())
            .collect();
        let want: Vec<String> = (1300..2000).rev().map(|i| format!("t{i}")).collect();
        assert_eq!(got, want);
        assert_eq!(
            log.recent(5000).unwrap().len(),
            2000,
            "all, the damaged line skipped"
        );
    }
}
