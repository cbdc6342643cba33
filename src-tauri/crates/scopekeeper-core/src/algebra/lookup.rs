//! Questions about a catalog and selections besides resolving one: who grants a permission
//! (reverse lookup, through implication), how two selections differ, and what goes with a scope.

use serde::Serialize;
use ts_rs::TS;

use std::collections::VecDeque;

use super::{resolve, Resolution, ResolveOptions};
use crate::catalog::{Catalog, ScopeIx};

/// A scope that grants a permission, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Grant {
    pub scope: String,
    /// Empty when the scope grants the permission itself; otherwise the chain of implied
    /// scopes from `scope` to the one that grants it directly.
    pub via: Vec<String>,
}

/// Every scope that grants `permission`, directly or through implication, in catalog order.
/// `None` when the catalog has no such permission.
pub fn grants(cat: &Catalog, permission: &str) -> Option<Vec<Grant>> {
    let p = cat.permission_index(permission)?;
    let n = cat.scopes().len();
    // parent[s] = the scope s implies on its way to a direct granter.
    let mut parent: Vec<Option<ScopeIx>> = vec![None; n];
    let mut seen = vec![false; n];
    let mut queue = VecDeque::new();
    for &s in cat.granted_by(p) {
        seen[s as usize] = true;
        queue.push_back(s);
    }
    while let Some(s) = queue.pop_front() {
        for &up in &cat.implied_by[s as usize] {
            if !seen[up as usize] {
                seen[up as usize] = true;
                parent[up as usize] = Some(s);
                queue.push_back(up);
            }
        }
    }
    let mut out = Vec::new();
    for s in 0..n {
        if !seen[s] {
            continue;
        }
        let mut via = Vec::new();
        let mut at = parent[s];
        while let Some(next) = at {
            via.push(cat.scope(next).id.clone());
            at = parent[next as usize];
        }
        out.push(Grant {
            scope: cat.scope(s as ScopeIx).id.clone(),
            via,
        });
    }
    Some(out)
}

/// What two selections differ by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SelectionDiff {
    pub added_scopes: Vec<String>,
    pub removed_scopes: Vec<String>,
    pub added_permissions: Vec<String>,
    pub removed_permissions: Vec<String>,
}

/// How `to` differs from `from`, after resolving both (effective scopes and permissions).
pub fn diff(from: &Resolution, to: &Resolution) -> SelectionDiff {
    fn minus<'a>(a: impl Iterator<Item = &'a String>, b: &[&'a String]) -> Vec<String> {
        a.filter(|x| !b.contains(x)).cloned().collect()
    }
    let fs: Vec<&String> = from.scopes.iter().map(|s| &s.id).collect();
    let ts: Vec<&String> = to.scopes.iter().map(|s| &s.id).collect();
    let fp: Vec<&String> = from.permissions.iter().map(|p| &p.id).collect();
    let tp: Vec<&String> = to.permissions.iter().map(|p| &p.id).collect();
    SelectionDiff {
        added_scopes: minus(ts.iter().copied(), &fs),
        removed_scopes: minus(fs.iter().copied(), &ts),
        added_permissions: minus(tp.iter().copied(), &fp),
        removed_permissions: minus(fp.iter().copied(), &tp),
    }
}

/// The scopes that are in the selection only because `scope` is (what goes if it is unticked).
pub fn dependents(
    cat: &Catalog,
    kind: Option<&str>,
    selected: &[&str],
    scope: &str,
) -> Vec<String> {
    let with = resolve(cat, kind, selected, ResolveOptions::default());
    let without: Vec<&str> = selected.iter().copied().filter(|s| *s != scope).collect();
    let after = resolve(cat, kind, &without, ResolveOptions::default());
    diff(&with, &after)
        .removed_scopes
        .into_iter()
        .filter(|s| s != scope)
        .collect()
}
