//! Walking a whole log: each line checked against the chain rules in [`super::chain`], the
//! log against its [`super::anchor`], and the entries that check out collected for readers.
//! Nothing here writes; an entry after the first break is never collected.

use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::Path;

use super::anchor::{self, Anchor, Found};
use super::chain::{
    digest, interrupted_of, parse, BreakReason, ChainBreak, ChainState, Parsed, GENESIS,
};
use super::ActionEntry;
use crate::error::{Error, ErrorKind};
use crate::printable::printable;

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

/// Walks the log at `path`: its chain state and, with `collect`, the entries that checked out.
/// When the log does not match its anchor, no entry checks out.
pub(super) fn scan(path: &Path, collect: bool) -> Result<Scan, Error> {
    let read_error = |p: &Path, e: io::Error| {
        Error::new(
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
            (1, format!("The chain anchor says this log has held {count} chained entries, but none of its lines is chained now: the log was replaced or emptied, or the chain was stripped from its lines."))
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
