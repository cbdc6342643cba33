//! Which scopes can matter to a suggestion.

use crate::catalog::{Catalog, ScopeIx};

/// The scopes whose closure can grant a needed permission: those granting it directly or
/// through what they imply (reverse lookup), and those implying or requiring such a scope.
pub(super) fn relevant_scopes(cat: &Catalog, universe: &[u32]) -> Vec<bool> {
    let mut relevant = vec![false; cat.scopes().len()];
    for &p in universe {
        for g in crate::algebra::grants(cat, &cat.permission(p).id).unwrap_or_default() {
            if let Some(s) = cat.scope_index(&g.scope) {
                relevant[s as usize] = true;
            }
        }
    }
    // A scope that implies or requires a relevant one is relevant too: its closure (what
    // ticking it puts on the token) grants what that one grants.
    loop {
        let mut grew = false;
        for i in 0..relevant.len() {
            if relevant[i] {
                continue;
            }
            let s = i as ScopeIx;
            let reaches = cat.implies_of(s).iter().any(|&t| relevant[t as usize])
                || cat.requires[i].iter().any(|&(t, _)| relevant[t as usize]);
            if reaches {
                relevant[i] = true;
                grew = true;
            }
        }
        if !grew {
            break;
        }
    }
    relevant
}
