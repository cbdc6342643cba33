//! Turning a path inside a catalog document (`scopes[3].implies[1]`) into `line:col`.
//!
//! Locations are computed only when something is wrong, in one pass over the text for all the
//! paths asked about, so valid catalogs never pay for them.

use std::collections::HashMap;
use std::fmt;

/// One step of a path into a document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// A path into a document, e.g. `scopes[3].implies[1]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct DocPath(pub Vec<Seg>);

impl DocPath {
    pub fn root() -> Self {
        Self(Vec::new())
    }
    pub fn key(&self, k: &str) -> Self {
        let mut v = self.0.clone();
        v.push(Seg::Key(k.to_owned()));
        Self(v)
    }
    pub fn index(&self, i: usize) -> Self {
        let mut v = self.0.clone();
        v.push(Seg::Index(i));
        Self(v)
    }
}

impl fmt::Display for DocPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if n == 0 => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(i) => write!(f, "[{i}]")?,
            }
        }
        Ok(())
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..offset].chars().count() + 1;
    (line, col)
}

/// Byte offsets of the values at `paths` in a JSON text. A path that does not exist (e.g. a
/// missing required field) falls back to its deepest existing ancestor.
pub fn json_offsets(text: &str, paths: &[DocPath]) -> HashMap<DocPath, usize> {
    let mut wanted: HashMap<DocPath, Option<usize>> = HashMap::new();
    for p in paths {
        for depth in 0..=p.0.len() {
            wanted.insert(DocPath(p.0[..depth].to_vec()), None);
        }
    }
    let mut scanner = JsonScanner {
        bytes: text.as_bytes(),
        pos: 0,
        wanted: &mut wanted,
    };
    let mut path = Vec::new();
    scanner.value(&mut path);
    resolve_fallbacks(paths, &wanted)
}

fn resolve_fallbacks(
    paths: &[DocPath],
    found: &HashMap<DocPath, Option<usize>>,
) -> HashMap<DocPath, usize> {
    let mut out = HashMap::new();
    for p in paths {
        let offset = (0..=p.0.len())
            .rev()
            .find_map(|depth| {
                found
                    .get(&DocPath(p.0[..depth].to_vec()))
                    .copied()
                    .flatten()
            })
            .unwrap_or(0);
        out.insert(p.clone(), offset);
    }
    out
}

/// A forgiving JSON walker: it records where values start and never fails (the text was
/// already parsed once, or its syntax error is reported separately).
struct JsonScanner<'a, 'w> {
    bytes: &'a [u8],
    pos: usize,
    wanted: &'w mut HashMap<DocPath, Option<usize>>,
}

impl JsonScanner<'_, '_> {
    fn ws(&mut self) {
        while self.pos < self.bytes.len() && self.bytes[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
    }

    fn record(&mut self, path: &[Seg]) {
        // Cheap check first: only build a DocPath when the depth can match.
        if let Some(slot) = self.wanted.get_mut(&DocPath(path.to_vec())) {
            if slot.is_none() {
                *slot = Some(self.pos);
            }
        }
    }

    fn value(&mut self, path: &mut Vec<Seg>) {
        self.ws();
        if self.pos >= self.bytes.len() {
            return;
        }
        self.record(path);
        match self.bytes[self.pos] {
            b'{' => {
                self.pos += 1;
                loop {
                    self.ws();
                    match self.bytes.get(self.pos) {
                        Some(b'}') => {
                            self.pos += 1;
                            return;
                        }
                        Some(b',') => self.pos += 1,
                        Some(b'"') => {
                            let key = self.string();
                            self.ws();
                            if self.bytes.get(self.pos) == Some(&b':') {
                                self.pos += 1;
                            }
                            path.push(Seg::Key(key));
                            self.value(path);
                            path.pop();
                        }
                        _ => return,
                    }
                }
            }
            b'[' => {
                self.pos += 1;
                let mut i = 0;
                loop {
                    self.ws();
                    match self.bytes.get(self.pos) {
                        Some(b']') => {
                            self.pos += 1;
                            return;
                        }
                        Some(b',') => self.pos += 1,
                        Some(_) => {
                            path.push(Seg::Index(i));
                            let before = self.pos;
                            self.value(path);
                            path.pop();
                            i += 1;
                            if self.pos == before {
                                return;
                            }
                        }
                        None => return,
                    }
                }
            }
            b'"' => {
                self.string();
            }
            _ => {
                while self.pos < self.bytes.len()
                    && !matches!(self.bytes[self.pos], b',' | b'}' | b']')
                    && !self.bytes[self.pos].is_ascii_whitespace()
                {
                    self.pos += 1;
                }
            }
        }
    }

    /// Reads a string starting at the opening quote; returns its raw (unescaped) content.
    fn string(&mut self) -> String {
        let start = self.pos + 1;
        self.pos += 1;
        while self.pos < self.bytes.len() {
            match self.bytes[self.pos] {
                b'\\' => self.pos += 2,
                b'"' => break,
                _ => self.pos += 1,
            }
        }
        let end = self.pos.min(self.bytes.len());
        self.pos += 1;
        let raw = String::from_utf8_lossy(&self.bytes[start..end]);
        // Keys in catalogs are plain; unescape the common cases only.
        raw.replace("\\\"", "\"").replace("\\\\", "\\")
    }
}

/// Byte offsets of the values at `paths` in a TOML text (same fallback rule as JSON).
pub fn toml_offsets(text: &str, paths: &[DocPath]) -> HashMap<DocPath, usize> {
    let mut found: HashMap<DocPath, Option<usize>> = HashMap::new();
    if let Ok(doc) = toml_edit::Document::parse(text) {
        for p in paths {
            let mut item = doc.as_item();
            for depth in 0..=p.0.len() {
                let here = DocPath(p.0[..depth].to_vec());
                let span = item.span().map(|r| r.start);
                found.entry(here).or_insert(span);
                let Some(seg) = p.0.get(depth) else { break };
                let next = match seg {
                    Seg::Key(k) => item.get(k.as_str()),
                    Seg::Index(i) => item.get(*i),
                };
                match next {
                    Some(n) => item = n,
                    None => break,
                }
            }
        }
    }
    resolve_fallbacks(paths, &found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_json_values() {
        let text = "{\n  \"scopes\": [\n    {\"id\": \"a\"},\n    {\"id\": \"b\", \"implies\": [\"x\", \"y\"]}\n  ]\n}";
        let p = DocPath::root()
            .key("scopes")
            .index(1)
            .key("implies")
            .index(1);
        let offs = json_offsets(text, std::slice::from_ref(&p));
        assert_eq!(line_col(text, offs[&p]), (4, 34));
    }

    #[test]
    fn a_missing_json_field_points_at_its_parent() {
        let text = "{\"scopes\": [\n {\"name\": \"n\"}]}";
        let p = DocPath::root().key("scopes").index(0).key("id");
        let offs = json_offsets(text, std::slice::from_ref(&p));
        assert_eq!(line_col(text, offs[&p]), (2, 2));
    }

    #[test]
    fn finds_toml_array_of_tables_values() {
        let text = "vendor = \"X\"\n\n[[scopes]]\nid = \"a\"\n\n[[scopes]]\nid = \"b\"\nimplies = [\"a\", \"zz\"]\n";
        let p = DocPath::root()
            .key("scopes")
            .index(1)
            .key("implies")
            .index(1);
        let offs = toml_offsets(text, std::slice::from_ref(&p));
        assert_eq!(line_col(text, offs[&p]), (8, 17));
    }

    #[test]
    fn paths_print_like_code() {
        let p = DocPath::root().key("scopes").index(2).key("grants");
        assert_eq!(p.to_string(), "scopes[2].grants");
    }
}
