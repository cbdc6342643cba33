//! Text for a terminal: the one way control characters in text Scopekeeper did not write
//! itself (vendor replies, files anyone could edit, evidence packs) are made harmless before
//! they are printed. Escape sequences, carriage returns, backspaces and bidirectional
//! overrides could otherwise repaint a terminal, forge lines or reorder what is shown.
//!
//! This module never drops or replaces a character silently: each one it escapes is shown as
//! `\u{…}` with its code point, so nothing a reader should see disappears.

use std::borrow::Cow;
use std::fmt::Write;

/// Characters that reorder text on screen without being control characters.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn escaped(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// How an escaped character is written.
#[derive(Clone, Copy)]
enum Style {
    /// `\u{1b}`: readable, for text.
    Text,
    /// `\u001b`: a valid escape inside a JSON string.
    Json,
}

fn escape(text: &str, style: Style, keep: impl Fn(&str, usize, char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (i, c) in text.char_indices() {
        if escaped(c) && !keep(text, i, c) {
            // Every escaped character is in the Basic Multilingual Plane: four digits do.
            let _ = match style {
                Style::Text => write!(out, "\\u{{{:x}}}", u32::from(c)),
                Style::Json => write!(out, "\\u{:04x}", u32::from(c)),
            };
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// One value (a name, an id, a message) with every control character escaped, line breaks
/// included, so it stays on its line.
pub fn printable(text: &str) -> Cow<'_, str> {
    escape(text, Style::Text, |_, _, _| false)
}

/// Whole output (a report, a table) with every control character escaped except line breaks:
/// `\n`, `\t`, and `\r` directly before `\n` (CSV's line ends).
pub fn printable_lines(text: &str) -> Cow<'_, str> {
    escape(text, Style::Text, |text, i, c| match c {
        '\n' | '\t' => true,
        '\r' => text.as_bytes().get(i + 1) == Some(&b'\n'),
        _ => false,
    })
}

/// JSON (as serde_json writes it) for a terminal: the characters it leaves raw inside strings
/// (DEL, C1 controls, bidirectional overrides) written as `\uXXXX`, so the JSON stays valid and
/// means the same; the line breaks between its members are kept.
pub fn printable_json(json: &str) -> Cow<'_, str> {
    escape(json, Style::Json, |_, _, c| c == '\n')
}

/// A writer that passes JSON through to `out` as [`printable_json`] would print it, as it
/// arrives: output of any size is escaped without being held whole. A character split across
/// two writes is completed before it is judged (at most three bytes wait).
pub struct PrintableJson<W: std::io::Write> {
    out: W,
    /// The start of a UTF-8 character whose remaining bytes have not arrived yet.
    pending: Vec<u8>,
}

impl<W: std::io::Write> PrintableJson<W> {
    pub fn new(out: W) -> Self {
        Self {
            out,
            pending: Vec::new(),
        }
    }
}

impl<W: std::io::Write> std::io::Write for PrintableJson<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let joined;
        let mut data = buf;
        if !self.pending.is_empty() {
            joined = [std::mem::take(&mut self.pending).as_slice(), buf].concat();
            data = &joined;
        }
        while !data.is_empty() {
            let (valid, rest) = match std::str::from_utf8(data) {
                Ok(text) => (text, &[][..]),
                Err(e) => {
                    let (head, rest) = data.split_at(e.valid_up_to());
                    (std::str::from_utf8(head).expect("valid up to here"), rest)
                }
            };
            self.out.write_all(printable_json(valid).as_bytes())?;
            match std::str::from_utf8(rest) {
                _ if rest.is_empty() => break,
                Err(e) if e.error_len().is_none() => {
                    self.pending = rest.to_vec();
                    break;
                }
                // Not UTF-8 (never from serde_json): passed on as it is, a byte at a time.
                _ => {
                    self.out.write_all(&rest[..1])?;
                    data = &rest[1..];
                }
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.pending.is_empty() {
            self.out.write_all(&std::mem::take(&mut self.pending))?;
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_writer_prints_what_printable_json_prints_however_the_bytes_are_cut() {
        let json =
            serde_json::to_string_pretty(&["a\u{9b}2J\u{202e}\u{1b}\u{7f} – «x»", "\u{2066}"])
                .unwrap();
        let want = printable_json(&json).into_owned();
        for cut in 1..json.len() {
            let mut out = Vec::new();
            let mut w = PrintableJson::new(&mut out);
            for chunk in json.as_bytes().chunks(cut) {
                std::io::Write::write_all(&mut w, chunk).unwrap();
            }
            std::io::Write::flush(&mut w).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), want, "chunks of {cut}");
        }
    }

    #[test]
    fn escapes_every_control_and_bidi_character_and_keeps_the_rest() {
        assert_eq!(printable("ci – «upload»"), "ci – «upload»");
        assert_eq!(
            printable("a\u{1b}[2Jb\r\nc\u{202e}d\u{7f}"),
            "a\\u{1b}[2Jb\\u{d}\\u{a}c\\u{202e}d\\u{7f}"
        );
        assert_eq!(
            printable_lines("x\u{1b}]0;t\u{7}\r\ny\rz\n\tw"),
            "x\\u{1b}]0;t\\u{7}\r\ny\\u{d}z\n\tw"
        );
        let json = serde_json::to_string_pretty(&["a\u{9b}2J\u{202e}\u{1b}"]).unwrap();
        let safe = printable_json(&json);
        assert!(safe.chars().all(|c| c == '\n' || !escaped(c)), "{safe}");
        assert!(safe.contains("a\\u009b2J\\u202e\\u001b"), "{safe}");
        let back: Vec<String> = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, ["a\u{9b}2J\u{202e}\u{1b}"]);
    }
}
