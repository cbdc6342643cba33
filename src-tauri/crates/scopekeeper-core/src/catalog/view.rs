//! A catalog as people and programs read it: every scope with its effective grants and the
//! key kinds that may carry it. This is what `scopekeeper catalog show --json` prints and what
//! the desktop app's catalog view receives over IPC.

use serde::Serialize;
use ts_rs::TS;

use super::file::{GroupDef, KeyKindDef, PermissionDef, PresetDef, Requirement, Source};
use super::{Catalog, Origin};

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CatalogView {
    pub id: String,
    pub vendor: String,
    pub product: Option<String>,
    pub built_in: bool,
    /// The file an imported catalog came from.
    pub file: Option<String>,
    pub homepage: Option<String>,
    pub docs: Option<String>,
    pub sources: Vec<Source>,
    pub drift: Vec<String>,
    pub notes: Vec<String>,
    pub groups: Vec<GroupDef>,
    pub key_kinds: Vec<KeyKindDef>,
    pub scopes: Vec<ScopeView>,
    pub permissions: Vec<PermissionDef>,
    pub presets: Vec<PresetDef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ScopeView {
    pub id: String,
    pub name: Option<String>,
    pub description: String,
    pub group: Option<String>,
    /// Effective direct grants (a scope without `grants` grants itself).
    pub grants: Vec<String>,
    pub implies: Vec<String>,
    pub requires: Vec<Requirement>,
    pub default: bool,
    pub required: bool,
    pub elevated: bool,
    /// The key kinds that may carry this scope.
    pub kinds: Vec<String>,
    pub source: Option<String>,
}

/// One line per catalog for lists and sidebars.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CatalogSummary {
    pub id: String,
    pub vendor: String,
    pub product: Option<String>,
    pub built_in: bool,
    pub scopes: usize,
    pub permissions: usize,
    pub kinds: Vec<KindSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct KindSummary {
    pub id: String,
    pub name: String,
    pub scopes: usize,
}

impl Catalog {
    /// The catalog as shown, restricted to the scopes `kind` may carry when given.
    pub fn view(&self, kind: Option<&str>) -> CatalogView {
        let scopes = self
            .scopes()
            .iter()
            .enumerate()
            .filter(|(i, _)| kind.is_none_or(|k| self.kind_allows(k, *i as u32)))
            .map(|(i, s)| ScopeView {
                id: s.id.clone(),
                name: s.name.clone(),
                description: s.description.clone(),
                group: s.group.clone(),
                grants: self
                    .grants_of(i as u32)
                    .iter()
                    .map(|&p| self.permission(p).id.clone())
                    .collect(),
                implies: s.implies.clone(),
                requires: s.requires.clone(),
                default: s.default,
                required: s.required,
                elevated: s.elevated,
                kinds: self
                    .kinds
                    .iter()
                    .filter(|k| self.kind_allows(&k.id, i as u32))
                    .map(|k| k.id.clone())
                    .collect(),
                source: s.source.clone(),
            })
            .collect();
        CatalogView {
            id: self.id.clone(),
            vendor: self.def.vendor.clone(),
            product: self.def.product.clone(),
            built_in: self.origin == Origin::BuiltIn,
            file: match &self.origin {
                Origin::File(f) => Some(f.clone()),
                Origin::BuiltIn => None,
            },
            homepage: self.def.homepage.clone(),
            docs: self.def.docs.clone(),
            sources: self.def.sources.clone(),
            drift: self.def.drift.clone(),
            notes: self.def.notes.clone(),
            groups: self.def.groups.clone(),
            key_kinds: self.kinds.clone(),
            scopes,
            permissions: self.permissions().to_vec(),
            presets: self.def.presets.clone(),
        }
    }

    pub fn summary(&self) -> CatalogSummary {
        CatalogSummary {
            id: self.id.clone(),
            vendor: self.def.vendor.clone(),
            product: self.def.product.clone(),
            built_in: self.origin == Origin::BuiltIn,
            scopes: self.scopes().len(),
            permissions: self.permissions().len(),
            kinds: self
                .kinds
                .iter()
                .map(|k| KindSummary {
                    id: k.id.clone(),
                    name: k.name.clone().unwrap_or_else(|| k.id.clone()),
                    scopes: self.kind_scopes(&k.id).len(),
                })
                .collect(),
        }
    }
}
