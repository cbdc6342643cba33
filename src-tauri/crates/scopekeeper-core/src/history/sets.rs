//! Content-addressed lists of strings: a token's scopes, permissions, allowlist or findings are
//! stored once, sorted and deduplicated, and every token and run holding the same list points at
//! one row. Equal lists have equal ids, so a comparison looks at ids and reads a list only when
//! two ids differ.
//!
//! A list is never trusted as stored: every read checks it against its SHA-256, and a list that
//! no longer matches is an [`AlteredList`] error, never an empty or different list. A save that
//! finds a stored row under its hash with other items writes back the items that hash names.

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

/// A finding as a set member: its rule, severity and points (never its evidence text). The rule
/// is kept as its id's text and read back as text, so a run naming a rule a later build dropped
/// still reads.
pub(super) fn finding_item(
    rule: crate::audit::RuleId,
    severity: crate::audit::Severity,
    points: u8,
) -> String {
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

/// A stored list whose items no longer hash to the SHA-256 it was stored under: the file was
/// changed after Scopekeeper wrote it.
#[derive(Debug)]
pub(super) struct AlteredList {
    pub set: i64,
}

impl std::fmt::Display for AlteredList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "stored list {} no longer matches its SHA-256 (the file was changed after it was \
             written)",
            self.set
        )
    }
}

impl std::error::Error for AlteredList {}

fn altered(set: i64) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        Box::new(AlteredList { set }),
    )
}

/// The [`AlteredList`] an error carries, if any.
pub(super) fn altered_in(e: &rusqlite::Error) -> Option<&AlteredList> {
    match e {
        rusqlite::Error::FromSqlConversionFailure(_, _, inner) => inner.downcast_ref(),
        _ => None,
    }
}

/// Whether `items` are what `hash` names.
fn matches(hash: &[u8], items: &str) -> bool {
    Sha256::digest(items.as_bytes()).as_slice() == hash
}

/// The ids of every stored list whose items no longer match their SHA-256, ascending.
pub(super) fn altered_sets(conn: &rusqlite::Connection) -> rusqlite::Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached("SELECT id, hash, items FROM sets ORDER BY id")?;
    let mut rows = stmt.query([])?;
    let mut bad = Vec::new();
    while let Some(r) = rows.next()? {
        let hash: Vec<u8> = r.get(1)?;
        let items: String = r.get(2)?;
        if !matches(&hash, &items) {
            bad.push(r.get(0)?);
        }
    }
    Ok(bad)
}

/// The runs that hold any of `sets`: as a token's list, or as a scope's grants in a catalog
/// version the run used.
pub(super) fn runs_holding(
    conn: &rusqlite::Connection,
    sets: &[i64],
) -> rusqlite::Result<std::collections::BTreeSet<i64>> {
    if sets.is_empty() {
        return Ok(Default::default());
    }
    let list = serde_json::to_string(sets).expect("a list of ids serializes");
    let mut stmt = conn.prepare(
        "WITH bad(id) AS (SELECT value FROM json_each(?1)) \
         SELECT run_id FROM run_tokens WHERE allowlist IN bad OR scopes IN bad \
         OR permissions IN bad OR findings IN bad \
         UNION SELECT rc.run_id FROM run_catalogs rc JOIN catalog_scopes cs \
         ON cs.catalog = rc.catalog WHERE cs.grants IN bad",
    )?;
    let rows = stmt.query_map([list], |r| r.get(0))?;
    rows.collect()
}

/// The first list run `run` holds (a token's list, or a scope's grants in a catalog version it
/// used) whose items no longer match their SHA-256.
pub(super) fn altered_in_run(
    conn: &rusqlite::Connection,
    run: i64,
) -> rusqlite::Result<Option<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, hash, items FROM sets WHERE id IN (\
         SELECT allowlist FROM run_tokens WHERE run_id = ?1 \
         UNION SELECT scopes FROM run_tokens WHERE run_id = ?1 \
         UNION SELECT permissions FROM run_tokens WHERE run_id = ?1 \
         UNION SELECT findings FROM run_tokens WHERE run_id = ?1 \
         UNION SELECT cs.grants FROM run_catalogs rc JOIN catalog_scopes cs \
         ON cs.catalog = rc.catalog WHERE rc.run_id = ?1) ORDER BY id",
    )?;
    let mut rows = stmt.query([run])?;
    while let Some(r) = rows.next()? {
        let hash: Vec<u8> = r.get(1)?;
        let items: String = r.get(2)?;
        if !matches(&hash, &items) {
            return Ok(Some(r.get(0)?));
        }
    }
    Ok(None)
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
        let found: Option<(i64, String)> = tx
            .prepare_cached("SELECT id, items FROM sets WHERE hash = ?1")?
            .query_row([hash.as_slice()], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let id = match found {
            Some((id, stored)) if stored == json => id,
            // Altered since it was written: the hash names these items, so they are restored.
            Some((id, _)) => {
                tx.prepare_cached("UPDATE sets SET items = ?1 WHERE id = ?2")?
                    .execute(params![json, id])?;
                id
            }
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

    /// The list `id`, checked against its SHA-256.
    ///
    /// # Errors
    /// An [`AlteredList`] when its items no longer match; no such list: `QueryReturnedNoRows`.
    pub fn get(&mut self, id: i64) -> rusqlite::Result<Rc<Vec<String>>> {
        if let Some(s) = self.cache.get(&id) {
            return Ok(s.clone());
        }
        let (hash, json): (Vec<u8>, String) = self
            .conn
            .prepare_cached("SELECT hash, items FROM sets WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        if !matches(&hash, &json) {
            return Err(altered(id));
        }
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
