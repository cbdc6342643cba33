//! What `scopekeeper catalog show --json` prints: the documented shape (the fields of
//! [`super::view::CatalogView`] as they were before the paged view added its own), serialized
//! straight from the catalog.
//!
//! Owns that shape and nothing else. It must never change what is printed, and never build a
//! copy of the catalog to print it: every scope, grant and permission is borrowed and written
//! as the serializer reaches it.

use serde::ser::{Serialize, Serializer};
use serde::Serialize as DeriveSerialize;

use super::file::{GroupDef, KeyKindDef, PresetDef, Requirement, Source};
use super::{Catalog, Origin, PermIx, ScopeIx};

/// The catalog as `catalog show --json` prints it; with a kind, only what that kind can have
/// (as [`Catalog::view`] shows it).
#[derive(DeriveSerialize)]
pub struct CatalogDocument<'a> {
    id: &'a str,
    vendor: &'a str,
    product: &'a Option<String>,
    built_in: bool,
    file: Option<&'a str>,
    homepage: &'a Option<String>,
    docs: &'a Option<String>,
    sources: &'a [Source],
    drift: &'a [String],
    notes: &'a [String],
    groups: &'a [GroupDef],
    key_kinds: &'a [KeyKindDef],
    scopes: Scopes<'a>,
    permissions: Permissions<'a>,
    presets: Vec<&'a PresetDef>,
}

/// The kind's scopes, each written as it is reached.
struct Scopes<'a> {
    catalog: &'a Catalog,
    kind: Option<&'a str>,
}

/// The kind's permissions, by index.
struct Permissions<'a> {
    catalog: &'a Catalog,
    ids: Vec<PermIx>,
}

/// One scope's direct grants, as permission ids.
struct GrantIds<'a> {
    catalog: &'a Catalog,
    scope: ScopeIx,
}

/// One scope, with the fields and order of [`super::view::ScopeView`].
#[derive(DeriveSerialize)]
struct ScopeDocument<'a> {
    id: &'a str,
    name: &'a Option<String>,
    description: &'a str,
    group: &'a Option<String>,
    grants: GrantIds<'a>,
    implies: Vec<&'a String>,
    requires: Vec<&'a Requirement>,
    default: bool,
    required: bool,
    elevated: bool,
    kinds: Vec<&'a str>,
    source: &'a Option<String>,
}

impl Serialize for Scopes<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (cat, kind) = (self.catalog, self.kind);
        serializer.collect_seq(cat.viewed_scopes(kind).map(|ix| {
            let s = cat.scope(ix);
            ScopeDocument {
                id: &s.id,
                name: &s.name,
                description: &s.description,
                group: &s.group,
                grants: GrantIds {
                    catalog: cat,
                    scope: ix,
                },
                implies: s.implies.iter().filter(|t| cat.carries(kind, t)).collect(),
                requires: s
                    .requires
                    .iter()
                    .filter(|r| cat.carries(kind, r.scope()))
                    .collect(),
                default: s.default,
                required: s.required,
                elevated: s.elevated,
                kinds: cat
                    .kinds
                    .iter()
                    .filter(|k| cat.kind_allows(&k.id, ix))
                    .map(|k| k.id.as_str())
                    .collect(),
                source: &s.source,
            }
        }))
    }
}

impl Serialize for Permissions<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.ids.iter().map(|&p| self.catalog.permission(p)))
    }
}

impl Serialize for GrantIds<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let cat = self.catalog;
        serializer.collect_seq(
            cat.grants_of(self.scope)
                .iter()
                .map(|&p| cat.permission(p).id.as_str()),
        )
    }
}

impl Catalog {
    /// The catalog in the shape `catalog show --json` documents, borrowed from `self`.
    pub fn document<'a>(&'a self, kind: Option<&'a str>) -> CatalogDocument<'a> {
        CatalogDocument {
            id: &self.id,
            vendor: &self.def.vendor,
            product: &self.def.product,
            built_in: self.origin == Origin::BuiltIn,
            file: self.file(),
            homepage: &self.def.homepage,
            docs: &self.def.docs,
            sources: &self.def.sources,
            drift: &self.def.drift,
            notes: &self.def.notes,
            groups: &self.def.groups,
            key_kinds: &self.kinds,
            scopes: Scopes {
                catalog: self,
                kind,
            },
            permissions: Permissions {
                catalog: self,
                ids: self.kind_permissions(kind),
            },
            presets: self.kind_presets(kind).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use crate::catalog::builtin::builtins;

    /// The document is the view's JSON without the fields the paged view added, with every
    /// scope as the view showed it before it was paged.
    #[test]
    fn the_document_is_the_view_without_the_paged_fields() {
        for cat in builtins() {
            let kinds: Vec<Option<String>> = std::iter::once(None)
                .chain(cat.kinds.iter().map(|k| Some(k.id.clone())))
                .collect();
            for kind in kinds {
                let doc = serde_json::to_string_pretty(&cat.document(kind.as_deref())).unwrap();
                let mut view = serde_json::to_value(cat.view(kind.as_deref())).unwrap();
                let fields = view.as_object_mut().unwrap();
                let scopes = cat.scope_views(kind.as_deref());
                assert_eq!(fields.remove("scope_count"), Some(json!(scopes.len())));
                let defaults: Vec<&str> = scopes
                    .iter()
                    .filter(|s| s.default)
                    .map(|s| s.id.as_str())
                    .collect();
                assert_eq!(fields.remove("defaults"), Some(json!(defaults)));
                fields.insert("scopes".into(), serde_json::to_value(&scopes).unwrap());
                let doc: Value = serde_json::from_str(&doc).unwrap();
                assert_eq!(doc, view, "{} {kind:?}", cat.id);
            }
        }
    }
}
