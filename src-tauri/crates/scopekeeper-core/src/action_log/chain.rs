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
//! - A line that is valid JSON but not a sealed, linked entry (chain members that do not
//!   parse, such as `"prev":0`, included) breaks the chain wherever it is, last or not.
//! - A last line without a newline that is not even valid JSON is a write cut short by a
//!   crash. It is reported as `partial_last_line`, not as a break: nothing after it depends on
//!   it, and cutting entries off the end is something no chain can show anyway. The next append
//!   puts a newline after it, links to the line before it and names it in `"interrupted"`, so
//!   it stays distinguishable from an unreadable line put there later (which breaks the chain).
//!   Only a line that is not valid JSON may be closed that way.
//! - Once the chain began, the [`super::anchor`] beside the log records its first hash, how
//!   many chained lines it held and the last one's hash: a log whose chain was stripped,
//!   replaced from the start or cut from the end no longer matches it, which is a break.
//!
//! What the chain cannot show: a tail rewritten with every hash after it recomputed and the
//! anchor rewritten to match (there is no secret in the chain). The full `head` hash and its
//! line are the outside anchor for that: an evidence pack signs them, and `log verify
//! --against PACK` checks that a live log still holds them.

use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::ActionEntry;
use crate::error::Error;

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
    /// The hash (the `hash` member, 64 hex characters) of the last entry that checked out.
    pub head: Option<String>,
    /// The line (1-based) holding `head`.
    pub head_line: Option<usize>,
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
    /// The log no longer matches the chain anchor beside it: the chain was stripped from its
    /// lines, it was replaced from the start, entries were cut from its end, or the anchor
    /// itself was damaged.
    AnchorMismatch,
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
#[derive(Default, Deserialize)]
pub(super) struct Links {
    pub prev: Option<String>,
    pub interrupted: Option<String>,
    pub hash: Option<String>,
}

pub(super) enum Parsed {
    /// Not valid JSON: what a write cut short by a crash leaves.
    Cut,
    /// Valid JSON, but not a log entry.
    Foreign,
    Unchained(ActionEntry),
    Chained {
        entry: ActionEntry,
        links: Links,
        /// The line matches its own hash (and its chain members parse).
        sealed: bool,
    },
}

pub(super) fn parse(line: &[u8]) -> Parsed {
    if serde_json::from_slice::<serde::de::IgnoredAny>(line).is_err() {
        return Parsed::Cut;
    }
    let Ok(entry) = serde_json::from_slice::<ActionEntry>(line) else {
        return Parsed::Foreign;
    };
    let Ok(links) = serde_json::from_slice::<Links>(line) else {
        // Chain members that are there but do not parse are a forgery, not an old entry.
        return Parsed::Chained {
            entry,
            links: Links::default(),
            sealed: false,
        };
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

/// The `hash` member at the end of a line [`chained_line`] made.
pub(super) fn seal_of(line: &[u8]) -> Option<String> {
    let cut = line.len().checked_sub(SEAL_LEN)?;
    let hex = line[cut..]
        .strip_prefix(HASH_MEMBER)?
        .strip_suffix(b"\"}")?;
    String::from_utf8(hex.to_vec()).ok()
}

/// The line is not even valid JSON: the only kind of line a crash's cut-short write leaves.
pub(super) fn is_cut(line: &[u8]) -> bool {
    matches!(parse(line), Parsed::Cut)
}

/// Whether a line names an interrupted line it closed, and which.
pub(super) fn interrupted_of(line: &[u8]) -> Option<String> {
    serde_json::from_slice::<Links>(line).ok()?.interrupted
}

/// Checks the chain of the log at `path` from its first line, and the log against its
/// anchor; a missing file is an empty, intact log. Fails only when a file cannot be read.
pub fn verify(path: &Path) -> Result<ChainState, Error> {
    Ok(super::walk::scan(path, false)?.state)
}
