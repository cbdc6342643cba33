//! Catalog drift: a vendor's catalog replaced by another version between two runs (the scopes
//! added, removed or changed in meaning), and tokens holding scopes their catalog, as saved
//! with the run, does not know.

use std::collections::{BTreeMap, HashMap, HashSet};

use rusqlite::Connection;

use super::load::{vendor, Stored};
use super::sets::SetReader;
use super::{CatalogDrift, ScopeChange, UnknownScopes};
use crate::vendor::Vendor;

/// A catalog version a run used.
struct Used {
    id: i64,
    hash: String,
    catalog_id: String,
    origin: String,
    scopes_known: bool,
}

fn used(conn: &Connection, run: i64) -> rusqlite::Result<HashMap<Vendor, Used>> {
    let mut stmt = conn.prepare_cached(
        "SELECT rc.vendor, c.id, c.hash, c.catalog_id, c.origin, c.scopes_known \
         FROM run_catalogs rc JOIN catalogs c ON c.id = rc.catalog WHERE rc.run_id = ?1",
    )?;
    let rows = stmt.query_map([run], |r| {
        Ok((
            vendor(&r.get::<_, String>(0)?)?,
            Used {
                id: r.get(1)?,
                hash: r.get(2)?,
                catalog_id: r.get(3)?,
                origin: r.get(4)?,
                scopes_known: r.get(5)?,
            },
        ))
    })?;
    rows.collect()
}

/// A catalog version's scopes: id → (digest, grants set, elevated).
fn scopes(
    conn: &Connection,
    catalog: i64,
) -> rusqlite::Result<BTreeMap<String, (String, i64, bool)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT scope, digest, grants, elevated FROM catalog_scopes WHERE catalog = ?1",
    )?;
    let rows = stmt.query_map([catalog], |r| {
        Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?)))
    })?;
    rows.collect()
}

/// Each vendor whose catalog differs between run `from` and run `to`.
pub(super) fn catalog_drift(
    conn: &Connection,
    reader: &mut SetReader<'_>,
    from: i64,
    to: i64,
) -> rusqlite::Result<Vec<CatalogDrift>> {
    let (before, after) = (used(conn, from)?, used(conn, to)?);
    let mut out = Vec::new();
    for (v, a) in &after {
        let Some(b) = before.get(v).filter(|b| b.id != a.id) else {
            continue;
        };
        let mut d = CatalogDrift {
            vendor: *v,
            catalog_id: a.catalog_id.clone(),
            origin_before: b.origin.clone(),
            origin_after: a.origin.clone(),
            hash_before: b.hash.clone(),
            hash_after: a.hash.clone(),
            scopes_added: Vec::new(),
            scopes_removed: Vec::new(),
            scopes_changed: Vec::new(),
        };
        if b.scopes_known && a.scopes_known {
            let (old, new) = (scopes(conn, b.id)?, scopes(conn, a.id)?);
            d.scopes_added = new
                .keys()
                .filter(|k| !old.contains_key(*k))
                .cloned()
                .collect();
            d.scopes_removed = old
                .keys()
                .filter(|k| !new.contains_key(*k))
                .cloned()
                .collect();
            for (scope, (digest, grants, elevated)) in &new {
                let Some((was, was_grants, was_elevated)) = old.get(scope) else {
                    continue;
                };
                if was != digest {
                    let (added, removed) = reader.diff(*was_grants, *grants)?;
                    d.scopes_changed.push(ScopeChange {
                        scope: scope.clone(),
                        permissions_added: added,
                        permissions_removed: removed,
                        elevated_before: *was_elevated,
                        elevated_after: *elevated,
                    });
                }
            }
        }
        out.push(d);
    }
    out.sort_by_key(|d| d.vendor);
    Ok(out)
}

/// The tokens of a run holding scopes their vendor's catalog (as saved with the run) does not
/// know. Each distinct scope list is checked once.
pub(super) fn unknown_scopes(
    conn: &Connection,
    reader: &mut SetReader<'_>,
    run: i64,
    tokens: &[Stored],
) -> rusqlite::Result<Vec<UnknownScopes>> {
    let mut known: HashMap<Vendor, (HashSet<String>, String)> = HashMap::new();
    for (v, u) in used(conn, run)? {
        if u.scopes_known {
            let ids = scopes(conn, u.id)?.into_keys().collect();
            known.insert(v, (ids, u.hash));
        }
    }
    let mut checked: HashMap<(Vendor, i64), Vec<String>> = HashMap::new();
    let mut out = Vec::new();
    for t in tokens {
        let Some((ids, hash)) = known.get(&t.vendor) else {
            continue;
        };
        let unknown = match checked.get(&(t.vendor, t.scopes)) {
            Some(u) => u.clone(),
            None => {
                let held = reader.get(t.scopes)?;
                let u: Vec<String> = held.iter().filter(|s| !ids.contains(*s)).cloned().collect();
                checked.insert((t.vendor, t.scopes), u.clone());
                u
            }
        };
        if !unknown.is_empty() {
            out.push(UnknownScopes {
                key: t.key.clone(),
                vendor: t.vendor,
                connection_id: t.connection_id.clone(),
                token_id: t.token_id.clone(),
                name: t.name.clone(),
                scopes: unknown,
                catalog_hash: hash.clone(),
            });
        }
    }
    out.sort_by(|a, b| {
        (a.vendor, &a.connection_id, &a.name).cmp(&(b.vendor, &b.connection_id, &b.name))
    });
    Ok(out)
}
