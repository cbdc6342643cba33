//! Stage three: the reverse lookups the engine answers from (who grants a permission, who
//! implies a scope), and the catalog itself.

use super::validate::Checked;
use crate::catalog::{Catalog, Origin, ScopeIx};

pub(super) fn index(c: Checked, origin: Origin) -> Catalog {
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
        scope_ix: c.scope_ix,
        perm_ix: c.perm_ix,
        kind_ix: c.kind_ix,
        grants: c.grants,
        implies: c.implies,
        requires: c.requires,
        granted_by,
        implied_by,
        kind_allows: c.kind_allows,
    }
}
