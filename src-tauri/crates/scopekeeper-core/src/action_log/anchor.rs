//! The chain anchor: a small file beside the log (`<log>.anchor.json`) recording the hash of
//! the first chained line, how many chained lines the log has held and the hash of the last
//! of them. A log's own lines cannot show that the chain was stripped from all of them, or
//! that entries were cut from the end; the anchor can.
//!
//! It is written only by [`super::ActionLog::append`], under the log's lock and after the new
//! line is on disk, always by temp-file-and-rename, so a crash leaves it at most one entry
//! behind the log (which still verifies). A damaged anchor is reported and never overwritten.
//! What it cannot show: the log and the anchor both removed or rewritten together.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// What the anchor file holds. `count` chained lines were in the log when it was written;
/// the `count`-th chained line's `hash` member is `head`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Anchor {
    pub first: String,
    pub count: usize,
    pub head: String,
}

/// The anchor as found beside a log.
pub(super) enum Found {
    Missing,
    Read(Anchor),
    /// Present but not an anchor: what was wrong with it.
    Damaged(String),
}

/// The anchor file of the log at `log`.
pub fn path_for(log: &Path) -> PathBuf {
    let mut name = log.file_name().unwrap_or_default().to_os_string();
    name.push(".anchor.json");
    log.with_file_name(name)
}

fn is_hash(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

pub(super) fn read(log: &Path) -> io::Result<Found> {
    let bytes = match fs::read(path_for(log)) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Found::Missing),
        Err(e) => return Err(e),
    };
    let name = path_for(log);
    let name = name.file_name().unwrap_or_default().to_string_lossy();
    Ok(match serde_json::from_slice::<Anchor>(&bytes) {
        Ok(a) if a.count > 0 && is_hash(&a.first) && is_hash(&a.head) => Found::Read(a),
        Ok(_) => Found::Damaged(format!("{name} holds no valid hash or count")),
        Err(e) => Found::Damaged(format!("{name} is not an anchor ({e})")),
    })
}

pub(super) fn write(log: &Path, anchor: &Anchor) -> io::Result<()> {
    let path = path_for(log);
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let bytes = serde_json::to_vec(anchor).map_err(io::Error::other)?;
    crate::fsutil::write_atomically(&path, &format!(".{name}.saving"), &bytes)
}
