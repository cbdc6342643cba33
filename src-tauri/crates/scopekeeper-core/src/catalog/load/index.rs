//! Stage three: the reverse lookups the engine answers from (who grants a permission, who
//! implies a scope), and the catalog itself. Each scope's written `grants` become indices
//! here: the strings are dropped, so a catalog never holds its grants twice.

use std::sync::OnceLock;

use super::validate::Checked;
use crate::catalog::file::ScopeDef;
use crate::catalog::ids::SortedIds;
use crate::catalog::{Catalog, Origin, ScopeIx};

/// The catalog, with the lookups by id kept as [`SortedIds`] (the checker's maps, which copy
/// every id, are dropped).
pub(super) fn index(mut c: Checked, origin: Origin) -> Catalog {
    drop_written_grants(&mut c.file.scopes);
    drop(c.perm_ix);
    drop(c.scope_ix);
    let scopes = &c.file.scopes;
    let permissions = c.file.permissions.as_deref().unwrap_or(&[]);
    let scope_ix = SortedIds::new(scopes.len(), |s| &scopes[s as usize].id);
    let perm_ix = SortedIds::new(permissions.len(), |p| &permissions[p as usize].id);
    let perm_count = c.file.permissions.as_ref().map_or(0, Vec::len);
    let mut granted_by: Vec<Vec<ScopeIx>> = vec![Vec::new(); perm_count];
    for (s, perms) in c.grants.iter().enumerate() {
        for &p in perms {
            granted_by[p as usize].push(s as ScopeIx);
        }
    }
    let mut implied_by: Vec<Vec<ScopeIx>> = vec![Vec::new(); c.file.scopes.len()];
    for (s, targets) in c.implies.iter().enumerate() {
        for &t in targets {
            implied_by[t as usize].push(s as ScopeIx);
        }
    }
    Catalog {
        id: c.id,
        origin,
        def: c.file,
        kinds: c.kinds,
        scope_ix,
        perm_ix,
        kind_ix: c.kind_ix,
        grants: c.grants,
        grants_as_written: c.grants_as_written,
        content_hash: OnceLock::new(),
        implies: c.implies,
        requires: c.requires,
        granted_by,
        implied_by,
        kind_allows: c.kind_allows,
    }
}

/// Empties every scope's written `grants` (`Some([])` where the file wrote them): the index
/// holds them (and `grants_as_written` the lists it holds in another order).
fn drop_written_grants(scopes: &mut [ScopeDef]) {
    for list in scopes.iter_mut().filter_map(|s| s.grants.as_mut()) {
        *list = Vec::new();
    }
}
