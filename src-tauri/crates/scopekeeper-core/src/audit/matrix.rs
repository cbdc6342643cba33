//! The tokens × permissions picture: for each vendor, one column per catalog group; for each
//! token, how many of the group's permissions it holds and its highest access there (R, W, D,
//! A), so a cell reads without colour. Built on catalog indices, so 10,000 tokens cost one
//! hash lookup per held permission.

use serde::Serialize;
use ts_rs::TS;

use super::access::{access_level, Access};
use super::AuditToken;
use crate::catalog::{Catalog, PermIx};
use crate::vendor::Vendor;

/// One vendor's block of columns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MatrixBlock {
    pub vendor: Vendor,
    /// The catalog's id, where it came from, and a short hash of its content (its version).
    pub catalog_id: String,
    pub catalog_origin: String,
    pub catalog_hash: String,
    /// The documents the catalog was built from, with their dates where known.
    pub catalog_sources: Vec<String>,
    pub groups: Vec<MatrixGroup>,
}

/// One column: a catalog group (or "Other" for scopes in none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MatrixGroup {
    pub id: String,
    pub name: String,
    /// How many distinct permissions the group's scopes grant.
    pub permissions: u32,
    /// Its scopes, for the expanded view (one column each).
    pub scopes: Vec<MatrixScope>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MatrixScope {
    pub id: String,
    /// The strongest access its permissions give (admin when elevated).
    pub access: Access,
}

/// A catalog's columns, with the indices a token's cells are computed from.
pub struct Columns {
    pub block: MatrixBlock,
    /// Permission → the groups whose scopes grant it.
    perm_groups: Vec<Vec<u16>>,
    perm_access: Vec<Access>,
    /// Scope → its group, and whether it is elevated.
    scope_group: Vec<(u16, bool)>,
}

const OTHER: &str = "other";

/// Each scope's group (an index into the returned list), and the groups that have scopes.
/// Scopes in no declared group go to "Other" ("All scopes" when the catalog has no groups).
fn layout(cat: &Catalog) -> (Vec<(String, String)>, Vec<u16>) {
    let declared: Vec<(String, String)> = cat
        .def
        .groups
        .iter()
        .map(|g| (g.id.clone(), g.name.clone().unwrap_or_else(|| g.id.clone())))
        .collect();
    let other = if declared.is_empty() {
        "All scopes"
    } else {
        "Other"
    };
    let mut used: Vec<(String, String)> = Vec::new();
    let of_scope = cat
        .scopes()
        .iter()
        .map(|s| {
            let g = s
                .group
                .as_deref()
                .and_then(|g| declared.iter().find(|(id, _)| id == g))
                .cloned()
                .unwrap_or_else(|| (OTHER.into(), other.into()));
            match used.iter().position(|(id, _)| *id == g.0) {
                Some(i) => i as u16,
                None => {
                    used.push(g);
                    (used.len() - 1) as u16
                }
            }
        })
        .collect();
    (used, of_scope)
}

impl Columns {
    pub fn new(vendor: Vendor, cat: &Catalog) -> Self {
        let (groups, of_scope) = layout(cat);
        let perm_access: Vec<Access> = cat
            .permissions()
            .iter()
            .map(|p| access_level(&p.id, &p.description))
            .collect();
        let mut perm_groups: Vec<Vec<u16>> = vec![Vec::new(); cat.permissions().len()];
        let mut scopes_of: Vec<Vec<MatrixScope>> = vec![Vec::new(); groups.len()];
        let mut scope_group = Vec::with_capacity(of_scope.len());
        for (i, s) in cat.scopes().iter().enumerate() {
            let g = of_scope[i];
            scope_group.push((g, s.elevated));
            let grants = cat.grants_of(i as u32);
            for &p in grants {
                let pg = &mut perm_groups[p as usize];
                if !pg.contains(&g) {
                    pg.push(g);
                }
            }
            let strongest = grants.iter().map(|&p| perm_access[p as usize]).max();
            scopes_of[g as usize].push(MatrixScope {
                id: s.id.clone(),
                access: if s.elevated {
                    Access::Admin
                } else {
                    strongest.unwrap_or(Access::Read)
                },
            });
        }
        let mut counts = vec![0u32; groups.len()];
        for &g in perm_groups.iter().flatten() {
            counts[g as usize] += 1;
        }
        let groups = groups
            .into_iter()
            .zip(scopes_of)
            .zip(counts)
            .map(|(((id, name), scopes), permissions)| MatrixGroup {
                id,
                name,
                permissions,
                scopes,
            })
            .collect();
        Self {
            block: block(vendor, cat, groups),
            perm_groups,
            perm_access,
            scope_group,
        }
    }

    /// A token's cells: permissions held per group, and one letter per group for its highest
    /// access there (`-` for none).
    pub fn cells(&self, cat: &Catalog, token: &AuditToken) -> (Vec<u16>, String) {
        let n = self.block.groups.len();
        let mut held = vec![0u16; n];
        let mut best: Vec<Option<Access>> = vec![None; n];
        for p in &token.permissions {
            let Some(ix) = cat.permission_index(p) else {
                continue;
            };
            let ix: PermIx = ix;
            let access = self.perm_access[ix as usize];
            for &g in &self.perm_groups[ix as usize] {
                held[g as usize] += 1;
                let b = &mut best[g as usize];
                *b = (*b).max(Some(access));
            }
        }
        for s in &token.scopes {
            if let Some(ix) = cat.scope_index(s) {
                let (g, elevated) = self.scope_group[ix as usize];
                if elevated {
                    best[g as usize] = Some(Access::Admin);
                }
            }
        }
        let letters = best.iter().map(|b| b.map_or('-', Access::letter)).collect();
        (held, letters)
    }
}

fn block(vendor: Vendor, cat: &Catalog, groups: Vec<MatrixGroup>) -> MatrixBlock {
    MatrixBlock {
        vendor,
        catalog_id: cat.id.clone(),
        catalog_origin: match &cat.origin {
            crate::catalog::Origin::BuiltIn => "built in".into(),
            crate::catalog::Origin::File(f) => format!("imported from {f}"),
        },
        catalog_hash: content_hash(cat),
        catalog_sources: cat
            .def
            .sources
            .iter()
            .map(|s| match &s.date {
                Some(d) => format!("{} ({d})", s.document),
                None => s.document.clone(),
            })
            .collect(),
        groups,
    }
}

/// The first 12 hex characters of the SHA-256 of the catalog as loaded: its version, as far
/// as the audit can tell.
pub fn content_hash(cat: &Catalog) -> String {
    cat.content_hash()[..12].to_owned()
}
