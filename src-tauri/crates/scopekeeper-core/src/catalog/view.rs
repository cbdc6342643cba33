//! A catalog as people and programs read it: every scope with its effective grants and the
//! key kinds that may carry it. This is what `scopekeeper catalog show --json` prints.

use serde::Serialize;

use super::file::{GroupDef, KeyKindDef, PermissionDef, PresetDef, Requirement, Source};
use super::{Catalog, Origin};

#[derive(Debug, Clone, Serialize)]
pub struct CatalogView<'a> {
    pub id: &'a str,
    pub vendor: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product: Option<&'a str>,
    pub built_in: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub homepage: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docs: Option<&'a str>,
    pub sources: &'a [Source],
    pub drift: &'a [String],
    pub notes: &'a [String],
    pub groups: &'a [GroupDef],
    pub key_kinds: &'a [KeyKindDef],
    pub scopes: Vec<ScopeView<'a>>,
    pub permissions: &'a [PermissionDef],
    pub presets: &'a [PresetDef],
}

#[derive(Debug, Clone, Serialize)]
pub struct ScopeView<'a> {
    pub id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<&'a str>,
    pub description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<&'a str>,
    /// Effective direct grants (a scope without `grants` grants itself).
    pub grants: Vec<&'a str>,
    pub implies: &'a [String],
    pub requires: &'a [Requirement],
    pub default: bool,
    pub required: bool,
    pub elevated: bool,
    /// The key kinds that may carry this scope.
    pub kinds: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'a str>,
}

impl Catalog {
    /// The catalog as shown, restricted to the scopes `kind` may carry when given.
    pub fn view(&self, kind: Option<&str>) -> CatalogView<'_> {
        let scopes = self
            .scopes()
            .iter()
            .enumerate()
            .filter(|(i, _)| kind.is_none_or(|k| self.kind_allows(k, *i as u32)))
            .map(|(i, s)| ScopeView {
                id: &s.id,
                name: s.name.as_deref(),
                description: &s.description,
                group: s.group.as_deref(),
                grants: self
                    .grants_of(i as u32)
                    .iter()
                    .map(|&p| self.permission(p).id.as_str())
                    .collect(),
                implies: &s.implies,
                requires: &s.requires,
                default: s.default,
                required: s.required,
                elevated: s.elevated,
                kinds: self
                    .kinds
                    .iter()
                    .filter(|k| self.kind_allows(&k.id, i as u32))
                    .map(|k| k.id.as_str())
                    .collect(),
                source: s.source.as_deref(),
            })
            .collect();
        CatalogView {
            id: &self.id,
            vendor: &self.def.vendor,
            product: self.def.product.as_deref(),
            built_in: self.origin == Origin::BuiltIn,
            file: match &self.origin {
                Origin::File(f) => Some(f),
                Origin::BuiltIn => None,
            },
            homepage: self.def.homepage.as_deref(),
            docs: self.def.docs.as_deref(),
            sources: &self.def.sources,
            drift: &self.def.drift,
            notes: &self.def.notes,
            groups: &self.def.groups,
            key_kinds: &self.kinds,
            scopes,
            permissions: self.permissions(),
            presets: &self.def.presets,
        }
    }
}
