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

use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::anchor::{self, Anchor, Found};
use super::ActionEntry;
use crate::error::{ErrorKind, IpcError};
use crate::printable::printable;

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
struct Links {
    prev: Option<String>,
    interrupted: Option<String>,
    hash: Option<String>,
}

enum Parsed {
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

fn parse(line: &[u8]) -> Parsed {
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
fn interrupted_of(line: &[u8]) -> Option<String> {
    serde_json::from_slice::<Links>(line).ok()?.interrupted
}

/// An entry that checked out: chained, sealed and linked up to it, or written before the
/// chain began in a log whose chain holds.
#[derive(Debug, Clone)]
pub(super) struct Vetted {
    pub line: usize,
    pub text: Vec<u8>,
    pub entry: ActionEntry,
    /// The `hash` member; `None` for an entry from before the chain.
    pub hash: Option<String>,
}

/// A walk over a whole log.
pub(super) struct Scan {
    pub state: ChainState,
    /// The `hash` member of the first chained line.
    pub first: Option<String>,
    /// The entries that checked out, oldest first (empty unless asked for).
    pub vetted: Vec<Vetted>,
}

/// Checks the chain of the log at `path` from its first line, and the log against its
/// anchor; a missing file is an empty, intact log. Fails only when a file cannot be read.
pub fn verify(path: &Path) -> Result<ChainState, IpcError> {
    Ok(scan(path, false)?.state)
}

/// Walks the log at `path`: its chain state and, with `collect`, the entries that checked out.
/// When the log does not match its anchor, no entry checks out.
pub(super) fn scan(path: &Path, collect: bool) -> Result<Scan, IpcError> {
    let read_error = |p: &Path, e: io::Error| {
        IpcError::new(
            ErrorKind::Io,
            format!("Could not read {}: {e}", p.display()),
        )
    };
    let found = anchor::read(path).map_err(|e| read_error(&anchor::path_for(path), e))?;
    let mut walk = Walk::new(&found, collect);
    let file = match File::open(path) {
        Ok(f) => Some(f),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(read_error(path, e)),
    };
    if let Some(file) = file {
        let mut lines = ForwardLines(BufReader::new(file)).peekable();
        while let Some(item) = lines.next() {
            let (line, terminated) = item.map_err(|e| read_error(path, e))?;
            walk.lines += 1;
            if walk.state.first_broken.is_some() {
                walk.state.entries += usize::from(matches!(
                    parse(&line),
                    Parsed::Unchained(_) | Parsed::Chained { .. }
                ));
                continue;
            }
            let next_names = match lines.peek() {
                Some(Ok((next, _))) => interrupted_of(next),
                _ => None,
            };
            walk.step(line, terminated, next_names);
        }
    }
    Ok(walk.finish(&found))
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
    /// Lines read so far.
    lines: usize,
    /// The SHA-256 of the last line the next entry must link to.
    last: String,
    /// The SHA-256 of an interrupted line just passed over, which the next entry must name.
    interrupted: Option<String>,
    first: Option<String>,
    /// How many chained lines the anchor expects, and the hash and line found at that place.
    expect: Option<usize>,
    at_expected: Option<(String, usize)>,
    collect: bool,
    vetted: Vec<Vetted>,
}

impl Walk {
    fn new(found: &Found, collect: bool) -> Self {
        Self {
            state: ChainState {
                entries: 0,
                chained: 0,
                unchained: 0,
                chained_from: None,
                intact: true,
                head: None,
                head_line: None,
                first_broken: None,
                partial_last_line: None,
                interrupted_lines: Vec::new(),
            },
            lines: 0,
            last: GENESIS.to_owned(),
            interrupted: None,
            first: None,
            expect: match found {
                Found::Read(a) => Some(a.count),
                _ => None,
            },
            at_expected: None,
            collect,
            vetted: Vec::new(),
        }
    }

    /// Checks the next line; `next_names` is the `interrupted` hash the following line carries.
    fn step(&mut self, line: Vec<u8>, terminated: bool, next_names: Option<String>) {
        let n = self.lines;
        let hash = digest(&line);
        match parse(&line) {
            Parsed::Cut => {
                if !terminated {
                    self.state.partial_last_line = Some(n);
                } else if next_names.as_deref() == Some(hash.as_str()) {
                    // The next entry links past this line, to the one before it.
                    self.state.interrupted_lines.push(n);
                    self.interrupted = Some(hash);
                } else {
                    self.foreign(n, hash);
                }
            }
            Parsed::Foreign => self.foreign(n, hash),
            Parsed::Unchained(entry) => {
                self.state.entries += 1;
                if self.state.chained_from.is_some() {
                    self.broke(n, Some(&entry), BreakReason::Unchained);
                } else {
                    self.state.unchained += 1;
                    self.last = hash;
                    self.keep(n, line, entry, None);
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
                    let seal = links.hash.unwrap_or_default();
                    self.first.get_or_insert_with(|| seal.clone());
                    if self.expect == Some(self.state.chained) {
                        self.at_expected = Some((seal.clone(), n));
                    }
                    self.state.head = Some(seal.clone());
                    self.state.head_line = Some(n);
                    self.last = hash;
                    self.keep(n, line, entry, Some(seal));
                }
            }
        }
    }

    /// A line that is not an entry: tolerated only before the chain began (nothing vouches for
    /// those lines anyway), a break after it.
    fn foreign(&mut self, n: usize, hash: String) {
        if self.state.chained_from.is_none() {
            self.state.unchained += 1;
            self.last = hash;
        } else {
            self.broke(n, None, BreakReason::Unreadable);
        }
    }

    fn keep(&mut self, line: usize, text: Vec<u8>, entry: ActionEntry, hash: Option<String>) {
        if self.collect {
            self.vetted.push(Vetted {
                line,
                text,
                entry,
                hash,
            });
        }
    }

    fn broke(&mut self, line: usize, entry: Option<&ActionEntry>, reason: BreakReason) {
        // The file may have been edited by anyone: its text reaches a terminal only with
        // control characters escaped.
        let at = entry.map(|e| printable(&e.at).into_owned());
        let action = entry.map(|e| printable(&e.action).into_owned());
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
            BreakReason::AnchorMismatch => String::new(),
        };
        self.break_with(line, at, action, reason, message);
    }

    fn break_with(
        &mut self,
        line: usize,
        at: Option<String>,
        action: Option<String>,
        reason: BreakReason,
        message: String,
    ) {
        self.state.first_broken = Some(ChainBreak {
            line,
            at,
            action,
            reason,
            message,
        });
    }

    /// The log against its anchor, when no line broke the chain before.
    fn check_anchor(&mut self, found: &Found) {
        let a = match found {
            Found::Missing => return,
            Found::Damaged(why) => {
                let message = format!("The log's chain anchor is damaged: {why}. Keep both files as they are for investigation.");
                return self.break_with(1, None, None, BreakReason::AnchorMismatch, message);
            }
            Found::Read(a) => a,
        };
        let Anchor { first, count, head } = a;
        let (line, message) = if self.state.chained_from.is_none() {
            (1, format!("The chain anchor says this log has held {count} chained entries, but none of its lines is chained now: the chain was stripped from them."))
        } else if self.first.as_deref() != Some(first.as_str()) {
            (self.state.chained_from.unwrap_or(1), "The log's first chained entry is not the one its chain began with: the log was replaced or rewritten from the start.".to_owned())
        } else if self.state.chained < *count {
            (self.lines + 1, format!("The chain anchor says this log has held {count} chained entries; only {} are left: entries were removed from its end.", self.state.chained))
        } else {
            match &self.at_expected {
                Some((seal, _)) if seal == head => return,
                _ => (
                    self.at_expected.as_ref().map_or(1, |(_, n)| *n),
                    format!("Chained entry number {count} is not the one the chain anchor recorded: the log was rewritten from there on."),
                ),
            }
        };
        self.break_with(line, None, None, BreakReason::AnchorMismatch, message);
    }

    fn finish(mut self, found: &Found) -> Scan {
        if self.state.first_broken.is_none() {
            self.check_anchor(found);
            if self.state.first_broken.is_some() {
                // Nothing in a log that no longer matches its anchor can be vouched for.
                self.vetted.clear();
            }
        }
        self.state.intact = self.state.first_broken.is_none();
        Scan {
            state: self.state,
            first: self.first,
            vetted: self.vetted,
        }
    }
}
