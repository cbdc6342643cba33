//! Search across every loaded catalog: scope ids, names, descriptions and permission ids,
//! ranked, fast enough to run on every keystroke.
//!
//! The index keeps every entry's lower-cased text in one buffer; the longest query term is
//! found with one SIMD substring scan over it, and only entries it hits are checked for the
//! other terms. A query matches an entry when every whitespace-separated term occurs in it. Ranking: exact id, id prefix, id substring, name,
//! then description; scopes before permissions; shorter ids first.

use serde::Serialize;
use ts_rs::TS;

use crate::catalog::Catalog;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    Scope,
    Permission,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SearchHit {
    pub catalog: String,
    pub kind: HitKind,
    pub id: String,
    pub name: Option<String>,
    pub description: String,
    /// Lower is better.
    pub rank: u32,
    /// Byte ranges of the id that match a term, for highlighting.
    pub id_matches: Vec<(u32, u32)>,
}

/// Results of one query: the best `limit` hits and how many matched in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SearchResults {
    pub hits: Vec<SearchHit>,
    pub total: usize,
}

/// One scope or permission. Its lower-cased id and name are read from `text`, never copied.
struct Entry {
    catalog: u32,
    kind: HitKind,
    index: u32,
    /// Where this entry's text (id, name, description; lower-cased, each followed by a line
    /// break but the last) starts in `text`.
    start: usize,
    /// Length in bytes of the lower-cased id, then of the lower-cased name.
    id_len: u32,
    name_len: u32,
}

impl Entry {
    fn id_lower<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.start + self.id_len as usize]
    }
    fn name_lower<'t>(&self, text: &'t str) -> &'t str {
        let at = self.start + self.id_len as usize + 1;
        &text[at..at + self.name_len as usize]
    }
}

/// A search index over a set of catalogs.
pub struct SearchIndex {
    catalogs: Vec<String>,
    entries: Vec<Entry>,
    /// Every entry's text, each followed by a NUL so no match spans two entries.
    text: String,
}

impl SearchIndex {
    pub fn new<'a>(catalogs: impl IntoIterator<Item = &'a Catalog>) -> Self {
        let mut ids = Vec::new();
        let mut entries = Vec::new();
        let mut text = String::new();
        // (start, id length, name length) of the parts, lower-cased, pushed onto `text`.
        let push_text = |parts: [&str; 3], text: &mut String| -> (usize, u32, u32) {
            let start = text.len();
            let mut lens = [0u32; 3];
            for (i, p) in parts.iter().enumerate() {
                if i > 0 {
                    text.push('\n');
                }
                let at = text.len();
                text.push_str(&p.to_lowercase());
                lens[i] = (text.len() - at) as u32;
            }
            text.push('\0');
            (start, lens[0], lens[1])
        };
        for (c, cat) in catalogs.into_iter().enumerate() {
            ids.push(cat.id.clone());
            for (i, s) in cat.scopes().iter().enumerate() {
                let name = s.name.as_deref().unwrap_or("");
                let (start, id_len, name_len) = push_text([&s.id, name, &s.description], &mut text);
                entries.push(Entry {
                    catalog: c as u32,
                    kind: HitKind::Scope,
                    index: i as u32,
                    start,
                    id_len,
                    name_len,
                });
            }
            for (i, p) in cat.permissions().iter().enumerate() {
                // Scopes that grant themselves already appear as scopes.
                if cat.scope_index(&p.id).is_some() {
                    continue;
                }
                let name = p.name.as_deref().unwrap_or("");
                let (start, id_len, name_len) = push_text([&p.id, name, &p.description], &mut text);
                entries.push(Entry {
                    catalog: c as u32,
                    kind: HitKind::Permission,
                    index: i as u32,
                    start,
                    id_len,
                    name_len,
                });
            }
        }
        Self {
            catalogs: ids,
            entries,
            text,
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The best `limit` hits for `query`. `catalogs` must be the same slice, in the same order,
    /// the index was built from (it supplies names and descriptions).
    pub fn search(&self, catalogs: &[&Catalog], query: &str, limit: usize) -> SearchResults {
        let q = query.to_lowercase();
        let terms: Vec<&str> = q.split_whitespace().collect();
        if terms.is_empty() {
            return SearchResults {
                hits: Vec::new(),
                total: 0,
            };
        }
        let whole = terms.join(" ");
        let longest = *terms
            .iter()
            .max_by_key(|t| t.len())
            .expect("terms is not empty");
        let mut scored: Vec<(u32, usize)> = Vec::new();
        let bytes = self.text.as_bytes();
        let finder = memchr::memmem::Finder::new(longest.as_bytes());
        let mut pos = 0;
        let mut e_ix = 0;
        while let Some(found) = finder.find(&bytes[pos..]) {
            // The entry holding this match: walk forward (matches come in order). Then go on
            // from the end of that entry: one hit per entry is enough.
            let at = pos + found;
            while self.entries.get(e_ix + 1).is_some_and(|n| n.start <= at) {
                e_ix += 1;
            }
            let e = &self.entries[e_ix];
            let end = self.entries.get(e_ix + 1).map_or(bytes.len(), |n| n.start);
            pos = end;
            let haystack = &self.text[e.start..end];
            if !terms.iter().all(|t| haystack.contains(t)) {
                continue;
            }
            let (id_lower, name_lower) = (e.id_lower(&self.text), e.name_lower(&self.text));
            let tier = if id_lower == whole {
                0
            } else if id_lower.starts_with(terms[0]) {
                1
            } else if terms.iter().all(|t| id_lower.contains(t)) {
                2
            } else if terms.iter().all(|t| name_lower.contains(t)) {
                3
            } else {
                4
            };
            let kind = u32::from(e.kind == HitKind::Permission);
            let len = e.id_len.min(999);
            scored.push((tier * 10_000 + kind * 1_000 + len, e_ix));
        }
        let total = scored.len();
        let take = limit.min(total);
        if take < total {
            scored.select_nth_unstable(take);
            scored.truncate(take);
        }
        scored.sort_unstable();
        let hits = scored
            .into_iter()
            .map(|(rank, e_ix)| self.hit(catalogs, &terms, rank, e_ix))
            .collect();
        SearchResults { hits, total }
    }

    /// One ranked entry as the UI shows it, with where the terms match its id.
    fn hit(&self, catalogs: &[&Catalog], terms: &[&str], rank: u32, e_ix: usize) -> SearchHit {
        let e = &self.entries[e_ix];
        let cat = catalogs[e.catalog as usize];
        let (id, name, description) = match e.kind {
            HitKind::Scope => {
                let s = &cat.scopes()[e.index as usize];
                (s.id.clone(), s.name.clone(), s.description.clone())
            }
            HitKind::Permission => {
                let p = &cat.permissions()[e.index as usize];
                (p.id.clone(), p.name.clone(), p.description.clone())
            }
        };
        let mut id_matches = Vec::new();
        for t in terms {
            let mut from = 0;
            while let Some(at) = e.id_lower(&self.text)[from..].find(t) {
                let start = from + at;
                id_matches.push((start as u32, (start + t.len()) as u32));
                from = start + t.len().max(1);
            }
        }
        id_matches.sort_unstable();
        SearchHit {
            catalog: self.catalogs[e.catalog as usize].clone(),
            kind: e.kind,
            id,
            name,
            description,
            rank,
            id_matches,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::builtin::builtins;

    #[test]
    fn finds_across_catalogs_and_ranks_exact_ids_first() {
        let cats = builtins();
        let refs: Vec<&Catalog> = cats.iter().collect();
        let index = SearchIndex::new(refs.iter().copied());
        let r = index.search(&refs, "view-all", 10);
        assert_eq!(r.hits[0].id, "view-all");
        assert_eq!(r.hits[0].catalog, "manifest");
        let r = index.search(&refs, "scans", 100);
        assert_eq!(r.hits[0].id, "scans");
        assert!(r
            .hits
            .iter()
            .any(|h| h.catalog == "bright" && h.id == "scans:run"));
        assert_eq!(r.hits[0].id_matches, [(0, 5)]);
    }

    #[test]
    fn every_term_must_match_and_descriptions_count() {
        let cats = builtins();
        let refs: Vec<&Catalog> = cats.iter().collect();
        let index = SearchIndex::new(refs.iter().copied());
        let r = index.search(&refs, "upload sbom", 10);
        assert!(
            r.hits.iter().any(|h| h.id == "manage-sboms-and-vex"),
            "{r:?}"
        );
        assert_eq!(index.search(&refs, "   ", 10).total, 0);
        assert_eq!(index.search(&refs, "zzzz-no-such", 10).total, 0);
    }
}
