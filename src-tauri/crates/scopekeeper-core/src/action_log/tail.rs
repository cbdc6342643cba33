//! Reading the log from its end: the newest lines without reading the whole file, and what a
//! new entry must link to.

use std::io::{self, Read, Seek, SeekFrom};

use super::chain;

/// How much is read at a time, walking backwards.
const BLOCK: u64 = 64 * 1024;

/// The file's lines from the last to the first, each without its newline.
///
/// The first item is always what follows the last newline: empty when the file ends with a
/// newline (or is empty), otherwise an unterminated last line. Then come the complete lines,
/// newest first.
pub(super) struct BackLines<R> {
    file: R,
    /// Bytes before this offset have not been read yet.
    pos: u64,
    /// Read but not yet returned: a partial line, then complete lines.
    buf: Vec<u8>,
    done: bool,
}

impl<R: Read + Seek> BackLines<R> {
    pub(super) fn new(mut file: R) -> io::Result<Self> {
        let pos = file.seek(SeekFrom::End(0))?;
        Ok(Self {
            file,
            pos,
            buf: Vec::new(),
            done: false,
        })
    }

    fn next_line(&mut self) -> io::Result<Option<Vec<u8>>> {
        loop {
            if let Some(i) = memchr::memrchr(b'\n', &self.buf) {
                let line = self.buf.split_off(i + 1);
                self.buf.truncate(i);
                return Ok(Some(line));
            }
            if self.pos == 0 {
                if self.done {
                    return Ok(None);
                }
                self.done = true;
                return Ok(Some(std::mem::take(&mut self.buf)));
            }
            // Only a partial line is left in `buf`: put the block before it in front.
            let start = self.pos.saturating_sub(BLOCK);
            let mut block = vec![0u8; (self.pos - start) as usize];
            self.file.seek(SeekFrom::Start(start))?;
            self.file.read_exact(&mut block)?;
            block.extend_from_slice(&self.buf);
            self.buf = block;
            self.pos = start;
        }
    }
}

impl<R: Read + Seek> Iterator for BackLines<R> {
    type Item = io::Result<Vec<u8>>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_line().transpose()
    }
}

/// What the next appended line needs to know about the end of the file.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Tail {
    /// The SHA-256 of the last complete line, or the genesis value for an empty log.
    pub prev: String,
    /// The SHA-256 of an unterminated last line that is not valid JSON (a write cut short by a crash),
    /// which the next entry closes and names so that verification can tell it from an edit.
    pub interrupted: Option<String>,
    /// The file does not end with a newline.
    pub unterminated: bool,
}

pub(super) fn read_tail<R: Read + Seek>(file: R) -> io::Result<Tail> {
    let mut lines = BackLines::new(file)?;
    let last = lines.next().transpose()?.unwrap_or_default();
    let before = |lines: &mut BackLines<R>| -> io::Result<String> {
        Ok(match lines.next().transpose()? {
            Some(line) => chain::digest(&line),
            None => chain::GENESIS.to_owned(),
        })
    };
    if last.is_empty() {
        return Ok(Tail {
            prev: before(&mut lines)?,
            interrupted: None,
            unterminated: false,
        });
    }
    // Anything but a crash's cut-short write (which is never valid JSON) is linked to like any
    // other line, so a line forged to look cut short stays a break.
    if !chain::is_cut(&last) {
        return Ok(Tail {
            prev: chain::digest(&last),
            interrupted: None,
            unterminated: true,
        });
    }
    Ok(Tail {
        prev: before(&mut lines)?,
        interrupted: Some(chain::digest(&last)),
        unterminated: true,
    })
}
