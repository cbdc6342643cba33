//! Scope catalogs: every vendor's scopes, the granular permissions each grants, and the rules
//! between them, loaded from JSON or TOML and indexed for the scope algebra.
//!
//! A [`Catalog`] is always valid: every reference resolves, ids are unique and implications are
//! acyclic. Loading reports *all* problems of a file with `file:line:col`, never panics, and
//! builds nothing half-way. Built-in catalogs live in `catalogs/` and are embedded at build.

pub mod builtin;
pub mod document;
pub mod file;
mod hash;
mod ids;
pub mod load;
pub mod locate;
pub mod page;
pub mod registry;
pub mod view;

use std::collections::HashMap;
use std::sync::OnceLock;

use ids::SortedIds;

pub use file::{
    CatalogFile, GroupDef, KeyKindDef, PermissionDef, PresetDef, Requirement, ScopeDef, Source,
    TokenPolicy,
};
pub use load::{load_catalog_file, load_catalog_text, CatalogDiagnostic, CatalogErrors, Format};

/// Index of a scope within its catalog.
pub type ScopeIx = u32;
/// Index of a permission within its catalog.
pub type PermIx = u32;

/// Scopes whose written `grants` differ from the index's sorted, deduplicated list (another
/// order, repeats), with the list as written, by scope.
pub(crate) type GrantsAsWritten = Vec<(ScopeIx, Box<[PermIx]>)>;

/// Where a catalog came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    BuiltIn,
    File(String),
}

/// A validated, indexed catalog.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub id: String,
    pub origin: Origin,
    /// The file as written, with `permissions` completed (scopes that grant themselves, and
    /// permissions only named in `grants` when none were declared), less each scope's written
    /// `grants`: once indexed they are `Some([])` where the file wrote them and `None` where the
    /// scope grants itself. What a scope grants is read through [`Catalog::grants_of`] only.
    pub def: CatalogFile,
    /// The key kinds; a catalog that declares none has one, `default`.
    pub kinds: Vec<KeyKindDef>,
    /// Scopes by id, and permissions by id (no copy of the ids).
    pub(crate) scope_ix: SortedIds,
    pub(crate) perm_ix: SortedIds,
    pub(crate) kind_ix: HashMap<String, usize>,
    /// Per scope: the permissions it grants directly.
    pub(crate) grants: Vec<Vec<PermIx>>,
    /// Scopes whose written `grants` differ from `grants` (order, repeats): as written.
    pub(crate) grants_as_written: GrantsAsWritten,
    /// [`Catalog::content_hash`], once computed.
    pub(crate) content_hash: OnceLock<String>,
    /// Per scope: the scopes it implies directly.
    pub(crate) implies: Vec<Vec<ScopeIx>>,
    /// Per scope: (required scope, index into the scope's `requires`).
    pub(crate) requires: Vec<Vec<(ScopeIx, usize)>>,
    /// Per permission: the scopes that grant it directly.
    pub(crate) granted_by: Vec<Vec<ScopeIx>>,
    /// Per scope: the scopes that imply it directly.
    pub(crate) implied_by: Vec<Vec<ScopeIx>>,
    /// Per kind: which scopes it may carry (`None`: all).
    pub(crate) kind_allows: Vec<Option<Vec<bool>>>,
}

impl Catalog {
    pub fn vendor(&self) -> &str {
        &self.def.vendor
    }
    pub fn scopes(&self) -> &[ScopeDef] {
        &self.def.scopes
    }
    pub fn permissions(&self) -> &[PermissionDef] {
        self.def.permissions.as_deref().unwrap_or(&[])
    }
    pub fn scope(&self, ix: ScopeIx) -> &ScopeDef {
        &self.def.scopes[ix as usize]
    }
    pub fn permission(&self, ix: PermIx) -> &PermissionDef {
        &self.permissions()[ix as usize]
    }
    pub fn scope_index(&self, id: &str) -> Option<ScopeIx> {
        self.scope_ix.find(id, |s| &self.def.scopes[s as usize].id)
    }
    pub fn permission_index(&self, id: &str) -> Option<PermIx> {
        self.perm_ix
            .find(id, |p| &self.permissions()[p as usize].id)
    }
    pub fn kind(&self, id: &str) -> Option<&KeyKindDef> {
        self.kind_ix.get(id).map(|&i| &self.kinds[i])
    }
    /// The kind used when none is named: the first declared.
    pub fn default_kind(&self) -> &KeyKindDef {
        &self.kinds[0]
    }
    /// Whether a token of `kind` may carry `scope`.
    pub fn kind_allows(&self, kind: &str, scope: ScopeIx) -> bool {
        match self.kind_ix.get(kind) {
            Some(&k) => self.kind_allows[k]
                .as_ref()
                .is_none_or(|allowed| allowed[scope as usize]),
            None => false,
        }
    }
    /// The scopes `kind` may carry, in catalog order.
    pub fn kind_scopes(&self, kind: &str) -> Vec<ScopeIx> {
        (0..self.def.scopes.len() as ScopeIx)
            .filter(|&s| self.kind_allows(kind, s))
            .collect()
    }
    pub fn grants_of(&self, scope: ScopeIx) -> &[PermIx] {
        &self.grants[scope as usize]
    }
    pub fn implies_of(&self, scope: ScopeIx) -> &[ScopeIx] {
        &self.implies[scope as usize]
    }
    pub fn granted_by(&self, perm: PermIx) -> &[ScopeIx] {
        &self.granted_by[perm as usize]
    }
    /// Total number of (scope, permission) grant edges.
    pub fn grant_edges(&self) -> usize {
        self.grants.iter().map(Vec::len).sum()
    }
}
