//! The action log's hash chain: how a line is sealed and linked, and how a log is verified.
//!
//! The rules, which are the on-disk contract:
//! - A chained line is the entry's JSON object with three members added at its end, in this
//!   order: `"prev"`, the SHA-256 (lowercase hex) of the exact bytes of the line before it
//!   (without its newline), or 64 zeros when it is the file's first line; `"interrupted"`, only
//!   when the entry closed a line cut short by a crash (the SHA-256 of that line); and `"hash"`,
//!   the SHA-256 of the line as it was before `,"hash":"…"` was added. Exact bytes are hashed,
//!   not re-encoded fields, so any change to a line (even of whitespace) shows, and fields a
//!   later version adds are covered as well.
//! - Lines before the first chained line were written by versions without the chain. They
//!   stay readable and are counted as `unchained`; nothing vouches for them, but the first
//!   chained line links to the last of them. An unchained entry after the chain began breaks
//!   the chain: only a hand or a foreign program writes one.
//! - A last line without a newline that is not a readable entry is a write cut short by a
//!   crash. It is reported as `partial_last_line`, not as a break: nothing after it depends on
//!   it, and cutting entries off the end is something no chain can show anyway. The next append
//!   puts a newline after it, links to the line before it and names it in `"interrupted"`, so
//!   it stays distinguishable from an unreadable line put there later (which breaks the chain).
//!
//! What the chain cannot show: entries removed from the end, or a tail rewritten with every
//! hash after it recomputed (there is no secret in the chain). The `head` hash is the anchor
//! for that: an evidence pack signs it, and an admin can note it down.

use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::ActionEntry;
use crate::error::{ErrorKind, IpcError};

/// What the first line of a log links to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The hash member that ends every chained line: `,"hash":"<64 hex>"}`.
const HASH_MEMBER: &[u8] = b",\"hash\":\"";
const SEAL_LEN: usize = HASH_MEMBER.len() + 64 + 2;

/// The state of a log's chain, for `scopekeeper log verify` and the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ChainState {
    /// Readable entries in the file, chained or not.
    pub entries: usize,
    /// Entries that are part of the chain and were checked (up to the first break).
    pub chained: usize,
    /// Lines written before the chain began (by versions without it): kept, not vouched for.
    pub unchained: usize,
    /// The line number (1-based) of the first chained entry; `None` while nothing is chained.
    pub chained_from: Option<usize>,
    /// No chained line was changed, removed, reordered or inserted.
    pub intact: bool,
    /// The first 12 hex characters of the hash of the last entry that checked out.
    pub head: Option<String>,
    pub first_broken: Option<ChainBreak>,
    /// An unreadable last line without a newline: a write cut short by a crash, not an edit.
    pub partial_last_line: Option<usize>,
    /// Lines cut short by a crash that the next entry closed and named.
    pub interrupted_lines: Vec<usize>,
}

/// The first line where the chain no longer holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ChainBreak {
    /// 1-based line number in the file.
    pub line: usize,
    /// The entry's time and action, when the line can still be read.
    pub at: Option<String>,
    pub action: Option<String>,
    pub reason: BreakReason,
    /// The same, as a sentence for a person.
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum BreakReason {
    /// The line no longer matches its own hash.
    Edited,
    /// The line does not link to the line before it: an entry was removed, inserted or moved.
    Unlinked,
    /// The line is not a readable entry (and not a crash's cut-short write).
    Unreadable,
    /// An entry without chain fields after the chain began.
    Unchained,
}

/// The SHA-256 of some bytes, lowercase hex.
pub fn digest(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The chained line for `entry` (without its newline), linked to `prev`.
pub(super) fn chained_line(
    entry: &ActionEntry,
    prev: &str,
    interrupted: Option<&str>,
) -> serde_json::Result<Vec<u8>> {
    let mut line = serde_json::to_vec(entry)?;
    // A struct always encodes as an object; its members are continued in place.
    debug_assert_eq!(line.last(), Some(&b'}'));
    line.pop();
    for (name, value) in [("prev", Some(prev)), ("interrupted", interrupted)] {
        if let Some(value) = value {
            line.extend_from_slice(format!(",\"{name}\":\"{value}\"").as_bytes());
        }
    }
    line.push(b'}');
    let hash = digest(&line);
    line.pop();
    line.extend_from_slice(HASH_MEMBER);
    line.extend_from_slice(hash.as_bytes());
    line.extend_from_slice(b"\"}");
    Ok(line)
}

/// The chain members of a line.
#[derive(Deserialize)]
struct Links {
    prev: Option<String>,
    interrupted: Option<String>,
    hash: Option<String>,
}

enum Parsed {
    Unreadable,
    Unchained(ActionEntry),
    Chained {
        entry: ActionEntry,
        links: Links,
        /// The line matches its own hash.
        sealed: bool,
    },
}

fn parse(line: &[u8]) -> Parsed {
    let (Ok(entry), Ok(links)) = (
        serde_json::from_slice::<ActionEntry>(line),
        serde_json::from_slice::<Links>(line),
    ) else {
        return Parsed::Unreadable;
    };
    if links.prev.is_none() && links.interrupted.is_none() && links.hash.is_none() {
        return Parsed::Unchained(entry);
    }
    let sealed = links.prev.is_some()
        && links
            .hash
            .as_deref()
            .is_some_and(|hash| unsealed(line, hash).is_some_and(|c| digest(&c) == hash));
    Parsed::Chained {
        entry,
        links,
        sealed,
    }
}

/// The line as it was hashed: without its final `,"hash":"…"` member. `None` when the line
/// does not end with exactly that member.
fn unsealed(line: &[u8], hash: &str) -> Option<Vec<u8>> {
    let cut = line.len().checked_sub(SEAL_LEN)?;
    let (head, seal) = line.split_at(cut);
    let hex = seal.strip_prefix(HASH_MEMBER)?.strip_suffix(b"\"}")?;
    if hex != hash.as_bytes() {
        return None;
    }
    let mut content = head.to_vec();
    content.push(b'}');
    Some(content)
}

/// The line is a readable entry (chained or not).
pub(super) fn is_entry(line: &[u8]) -> bool {
    !matches!(parse(line), Parsed::Unreadable)
}

/// Whether a line names an interrupted line it closed, and which.
fn interrupted_of(line: &[u8]) -> Option<String> {
    serde_json::from_slice::<Links>(line).ok()?.interrupted
}

/// Checks the chain of the log at `path` from its first line; a missing file is an empty,
/// intact log. Fails only when the file cannot be read.
pub fn verify(path: &Path) -> Result<ChainState, IpcError> {
    let read_error = |e: io::Error| {
        IpcError::new(
            ErrorKind::Io,
            format!("Could not read the action log {}: {e}", path.display()),
        )
    };
    let mut walk = Walk::default();
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(walk.finish()),
        Err(e) => return Err(read_error(e)),
    };
    let mut lines = ForwardLines(BufReader::new(file)).peekable();
    let mut n = 0;
    while let Some(item) = lines.next() {
        let (line, terminated) = item.map_err(read_error)?;
        n += 1;
        if walk.state.first_broken.is_some() {
            walk.state.entries += usize::from(is_entry(&line));
            continue;
        }
        let next_names = match lines.peek() {
            Some(Ok((next, _))) => interrupted_of(next),
            _ => None,
        };
        walk.step(n, &line, terminated, next_names);
    }
    Ok(walk.finish())
}

/// The file's lines, each without its newline and with whether it had one.
struct ForwardLines(BufReader<File>);

impl Iterator for ForwardLines {
    type Item = io::Result<(Vec<u8>, bool)>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut line = Vec::new();
        match self.0.read_until(b'\n', &mut line) {
            Ok(0) => None,
            Ok(_) => {
                let terminated = line.last() == Some(&b'\n');
                if terminated {
                    line.pop();
                }
                Some(Ok((line, terminated)))
            }
            Err(e) => Some(Err(e)),
        }
    }
}

/// Verification so far.
struct Walk {
    state: ChainState,
    /// The SHA-256 of the last line the next entry must link to.
    last: String,
    /// The SHA-256 of an interrupted line just passed over, which the next entry must name.
    interrupted: Option<String>,
}

impl Default for Walk {
    fn default() -> Self {
        Self {
            state: ChainState {
                entries: 0,
                chained: 0,
                unchained: 0,
                chained_from: None,
                intact: true,
                head: None,
                first_broken: None,
                partial_last_line: None,
                interrupted_lines: Vec::new(),
            },
            last: GENESIS.to_owned(),
            interrupted: None,
        }
    }
}

impl Walk {
    /// Checks line `n`; `next_names` is the `interrupted` hash the following line carries.
    fn step(&mut self, n: usize, line: &[u8], terminated: bool, next_names: Option<String>) {
        let hash = digest(line);
        match parse(line) {
            Parsed::Unreadable => {
                if !terminated {
                    self.state.partial_last_line = Some(n);
                } else if next_names.as_deref() == Some(hash.as_str()) {
                    // The next entry links past this line, to the one before it.
                    self.state.interrupted_lines.push(n);
                    self.interrupted = Some(hash);
                } else if self.state.chained_from.is_none() {
                    self.state.unchained += 1;
                    self.last = hash;
                } else {
                    self.broke(n, None, BreakReason::Unreadable);
                }
            }
            Parsed::Unchained(entry) => {
                self.state.entries += 1;
                if self.state.chained_from.is_some() {
                    self.broke(n, Some(&entry), BreakReason::Unchained);
                } else {
                    self.state.unchained += 1;
                    self.last = hash;
                }
            }
            Parsed::Chained {
                entry,
                links,
                sealed,
            } => {
                self.state.entries += 1;
                let linked = links.prev.as_deref() == Some(self.last.as_str())
                    && links.interrupted == self.interrupted.take();
                if !sealed {
                    self.broke(n, Some(&entry), BreakReason::Edited);
                } else if !linked {
                    self.broke(n, Some(&entry), BreakReason::Unlinked);
                } else {
                    self.state.chained += 1;
                    self.state.chained_from.get_or_insert(n);
                    self.state.head = links.hash.map(|h| h[..12].to_owned());
                    self.last = hash;
                }
            }
        }
    }

    fn broke(&mut self, line: usize, entry: Option<&ActionEntry>, reason: BreakReason) {
        // The file may have been edited by anyone: its text reaches a terminal only with
        // control characters replaced.
        let at = entry.map(|e| printable(&e.at));
        let action = entry.map(|e| printable(&e.action));
        let what = match (&action, &at) {
            (Some(action), Some(at)) => format!(" ({action} at {at})"),
            _ => String::new(),
        };
        let message = match reason {
            BreakReason::Edited => format!(
                "Line {line}{what} was changed after it was written: it no longer matches its own hash."
            ),
            BreakReason::Unlinked => format!(
                "Line {line}{what} does not follow the line before it: an entry before it was removed or changed, or entries were reordered."
            ),
            BreakReason::Unreadable => format!(
                "Line {line} is not a readable log entry: it was damaged or edited."
            ),
            BreakReason::Unchained => format!(
                "Line {line}{what} has no hash although the chain began at line {}: it was added by hand or by a program that does not keep the chain.",
                self.state.chained_from.unwrap_or(1)
            ),
        };
        self.state.first_broken = Some(ChainBreak {
            line,
            at,
            action,
            reason,
            message,
        });
    }

    fn finish(mut self) -> ChainState {
        self.state.intact = self.state.first_broken.is_none();
        self.state
    }
}

/// `text` with control characters (terminal escapes, newlines) replaced.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
}
