//! What Cortex roles grant: as the tenant defines them, or as the catalog describes them.

use crate::algebra::{resolve, ResolveOptions};
use crate::catalog::Catalog;

use super::CortexRole;

/// What Scopekeeper needs its key to hold.
pub(super) const NEEDED: [&str; 1] = ["Public API View/Edit"];

/// The permissions of a set of roles as the catalog describes them.
pub(super) fn catalog_permissions(catalog: &Catalog, roles: &[String]) -> Vec<String> {
    let s: Vec<&str> = roles.iter().map(String::as_str).collect();
    resolve(catalog, None, &s, ResolveOptions { defaults: false })
        .permissions
        .into_iter()
        .map(|p| p.id)
        .collect()
}

/// The permissions of a set of roles as the tenant defines them.
pub(super) fn role_permissions(roles: &[CortexRole], set: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in roles.iter().filter(|r| set.contains(&r.pretty_name)) {
        for p in &r.permissions {
            if !out.contains(p) {
                out.push(p.clone());
            }
        }
    }
    out
}
