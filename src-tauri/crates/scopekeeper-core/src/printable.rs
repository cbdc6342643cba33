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

/// Whether `text` is printable ASCII only (what nearly every value in a report is): nothing
/// to escape, seen without decoding a character.
fn plain_ascii(text: &str) -> bool {
    text.bytes().all(|b| (b' '..=b'~').contains(&b))
}

fn escape(text: &str, style: Style, keep: impl Fn(&str, usize, char) -> bool) -> Cow<'_, str> {
    if plain_ascii(text) || !text.chars().any(escaped) {
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

/// serde_json's pretty output with what [`printable_json`] escapes escaped as it is written, so
/// a report streams to a terminal without first being held whole: byte for byte the text
/// `printable_json(&serde_json::to_string_pretty(value))` would be.
pub struct TerminalJson {
    pretty: serde_json::ser::PrettyFormatter<'static>,
}

impl TerminalJson {
    pub fn new() -> Self {
        Self {
            pretty: serde_json::ser::PrettyFormatter::new(),
        }
    }
}

impl Default for TerminalJson {
    fn default() -> Self {
        Self::new()
    }
}

/// `value` as pretty JSON into `out`, escaped for a terminal ([`TerminalJson`]).
pub fn write_json(
    out: impl std::io::Write,
    value: &impl serde::Serialize,
) -> serde_json::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(out, TerminalJson::new());
    value.serialize(&mut ser)
}

impl serde_json::ser::Formatter for TerminalJson {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        w.write_all(printable_json(fragment).as_bytes())
    }
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.pretty.begin_array(w)
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.pretty.end_array(w)
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.pretty.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.pretty.end_array_value(w)
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.pretty.begin_object(w)
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.pretty.end_object(w)
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.pretty.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.pretty.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.pretty.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn streamed_terminal_json_is_byte_for_byte_the_escaped_pretty_text() {
        let value = serde_json::json!({
            "plain": ["a", "ci – «upload»", 12, null, true, 1.5],
            "k\u{1b}[2Jey\u{202e}": {"nested": ["x\u{9b}y\u{7f}z\u{2066}", "\n\t\u{0}"]},
            "empty": {}, "none": [],
        });
        let mut streamed = Vec::new();
        write_json(&mut streamed, &value).unwrap();
        let expected = printable_json(&serde_json::to_string_pretty(&value).unwrap()).into_owned();
        assert_eq!(String::from_utf8(streamed).unwrap(), expected);
        assert!(
            expected.contains("\\u001b[2J") && expected.contains("\\u009b"),
            "{expected}"
        );
    }
}
