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

struct Entry {
    catalog: usize,
    kind: HitKind,
    index: u32,
    id_lower: String,
    name_lower: String,
    /// Where this entry's text (id, name, description; lower-cased) starts in `text`.
    start: usize,
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
        let push_text = |parts: [&str; 3], text: &mut String| -> usize {
            let start = text.len();
            for (i, p) in parts.iter().enumerate() {
                if i > 0 {
                    text.push('\n');
                }
                text.extend(p.chars().flat_map(char::to_lowercase));
            }
            text.push('\0');
            start
        };
        for (c, cat) in catalogs.into_iter().enumerate() {
            ids.push(cat.id.clone());
            for (i, s) in cat.scopes().iter().enumerate() {
                let name = s.name.as_deref().unwrap_or("");
                entries.push(Entry {
                    catalog: c,
                    kind: HitKind::Scope,
                    index: i as u32,
                    id_lower: s.id.to_lowercase(),
                    name_lower: name.to_lowercase(),
                    start: push_text([&s.id, name, &s.description], &mut text),
                });
            }
            for (i, p) in cat.permissions().iter().enumerate() {
                // Scopes that grant themselves already appear as scopes.
                if cat.scope_index(&p.id).is_some() {
                    continue;
                }
                let name = p.name.as_deref().unwrap_or("");
                entries.push(Entry {
                    catalog: c,
                    kind: HitKind::Permission,
                    index: i as u32,
                    id_lower: p.id.to_lowercase(),
                    name_lower: name.to_lowercase(),
                    start: push_text([&p.id, name, &p.description], &mut text),
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
            let tier = if e.id_lower == whole {
                0
            } else if e.id_lower.starts_with(terms[0]) {
                1
            } else if terms.iter().all(|t| e.id_lower.contains(t)) {
                2
            } else if terms.iter().all(|t| e.name_lower.contains(t)) {
                3
            } else {
                4
            };
            let kind = u32::from(e.kind == HitKind::Permission);
            let len = (e.id_lower.len() as u32).min(999);
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
        let cat = catalogs[e.catalog];
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
            while let Some(at) = e.id_lower[from..].find(t) {
                let start = from + at;
                id_matches.push((start as u32, (start + t.len()) as u32));
                from = start + t.len().max(1);
            }
        }
        id_matches.sort_unstable();
        SearchHit {
            catalog: self.catalogs[e.catalog].clone(),
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
