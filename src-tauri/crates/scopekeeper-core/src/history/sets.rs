//! Content-addressed lists of strings: a token's scopes, permissions, allowlist or findings are
//! stored once, sorted and deduplicated, and every token and run holding the same list points at
//! one row. Equal lists have equal ids, so a comparison looks at ids and reads a list only when
//! two ids differ.

use std::borrow::Cow;
use std::collections::HashMap;
use std::rc::Rc;

use rusqlite::{params, OptionalExtension, Transaction};
use sha2::{Digest, Sha256};

/// The canonical form of borrowed strings.
pub(super) fn borrowed(items: &[String]) -> Vec<Cow<'_, str>> {
    canonical(items.iter().map(|s| Cow::Borrowed(s.as_str())))
}

/// The canonical form of a list: sorted, without duplicates.
pub(super) fn canonical<'a>(items: impl IntoIterator<Item = Cow<'a, str>>) -> Vec<Cow<'a, str>> {
    let mut v: Vec<Cow<'a, str>> = items.into_iter().collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// A finding as a set member: its rule, severity and points (never its evidence text).
pub(super) fn finding_item(rule: &str, severity: crate::audit::Severity, points: u8) -> String {
    let sev = match severity {
        crate::audit::Severity::Low => "low",
        crate::audit::Severity::Medium => "medium",
        crate::audit::Severity::High => "high",
        crate::audit::Severity::Critical => "critical",
    };
    format!("{rule} {sev} {points}")
}

/// The rule id of a finding set member.
pub(super) fn rule_of(item: &str) -> &str {
    item.split(' ').next().unwrap_or(item)
}

/// Assigns set ids during one save: each distinct list is hashed and looked up (or inserted)
/// once, however many tokens hold it.
pub(super) struct SetWriter<'a> {
    seen: HashMap<Vec<Cow<'a, str>>, i64>,
}

impl<'a> SetWriter<'a> {
    pub fn new() -> Self {
        Self {
            seen: HashMap::new(),
        }
    }

    /// The id of the set holding `items` (in canonical form), stored if new.
    pub fn id(&mut self, tx: &Transaction<'_>, items: Vec<Cow<'a, str>>) -> rusqlite::Result<i64> {
        if let Some(&id) = self.seen.get(&items) {
            return Ok(id);
        }
        let json = serde_json::to_string(&items).expect("a list of strings serializes");
        let hash = Sha256::digest(json.as_bytes());
        let found: Option<i64> = tx
            .prepare_cached("SELECT id FROM sets WHERE hash = ?1")?
            .query_row([hash.as_slice()], |r| r.get(0))
            .optional()?;
        let id = match found {
            Some(id) => id,
            None => {
                tx.prepare_cached("INSERT INTO sets (hash, items) VALUES (?1, ?2)")?
                    .execute(params![hash.as_slice(), json])?;
                tx.last_insert_rowid()
            }
        };
        self.seen.insert(items, id);
        Ok(id)
    }
}

/// Reads sets by id, each parsed once per reader.
pub(super) struct SetReader<'c> {
    conn: &'c rusqlite::Connection,
    cache: HashMap<i64, Rc<Vec<String>>>,
}

impl<'c> SetReader<'c> {
    pub fn new(conn: &'c rusqlite::Connection) -> Self {
        Self {
            conn,
            cache: HashMap::new(),
        }
    }

    pub fn get(&mut self, id: i64) -> rusqlite::Result<Rc<Vec<String>>> {
        if let Some(s) = self.cache.get(&id) {
            return Ok(s.clone());
        }
        let json: String = self
            .conn
            .prepare_cached("SELECT items FROM sets WHERE id = ?1")?
            .query_row([id], |r| r.get(0))?;
        let items: Vec<String> = serde_json::from_str(&json).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })?;
        let items = Rc::new(items);
        self.cache.insert(id, items.clone());
        Ok(items)
    }

    /// What `after` holds that `before` does not, and the reverse (both sorted lists).
    pub fn diff(
        &mut self,
        before: i64,
        after: i64,
    ) -> rusqlite::Result<(Vec<String>, Vec<String>)> {
        if before == after {
            return Ok((Vec::new(), Vec::new()));
        }
        let (b, a) = (self.get(before)?, self.get(after)?);
        Ok((minus(&a, &b), minus(&b, &a)))
    }
}

/// The members of sorted `x` not in sorted `y`.
pub(super) fn minus(x: &[String], y: &[String]) -> Vec<String> {
    x.iter()
        .filter(|s| y.binary_search(s).is_err())
        .cloned()
        .collect()
}
