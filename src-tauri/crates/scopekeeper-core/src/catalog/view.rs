//! A catalog as people and programs read it: every scope with its effective grants and the
//! key kinds that may carry it. This is what `scopekeeper catalog show --json` prints and what
//! the desktop app's catalog view receives over IPC.

use serde::Serialize;
use ts_rs::TS;

use super::file::{GroupDef, KeyKindDef, PermissionDef, PresetDef, Requirement, Source};
use super::{Catalog, Origin, ScopeIx};

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
    /// The permissions the viewed kind's scopes grant, in catalog order. A `ScopeRow`'s
    /// `grants` are indices into this vector, for the same vendor and kind.
    pub permissions: Vec<PermissionDef>,
    pub presets: Vec<PresetDef>,
    /// How many scopes the viewed kind carries (all scopes without a kind).
    pub scope_count: u32,
    /// Ids of the scopes that start ticked for the viewed kind (`default: true`), in catalog
    /// order.
    pub defaults: Vec<String>,
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
    /// The catalog as shown. With a `kind`, only what that kind can have: its scopes, the rules
    /// between them (an `implies`/`requires` whose target the kind lacks is left out, as
    /// resolving leaves it out), the permissions those scopes grant, and its presets.
    pub fn view(&self, kind: Option<&str>) -> CatalogView {
        let mut scope_count = 0;
        let mut defaults = Vec::new();
        for ix in self.viewed_scopes(kind) {
            scope_count += 1;
            let s = self.scope(ix);
            if s.default {
                defaults.push(s.id.clone());
            }
        }
        let permissions = self
            .kind_permissions(kind)
            .into_iter()
            .map(|p| self.permission(p).clone())
            .collect();
        CatalogView {
            id: self.id.clone(),
            vendor: self.def.vendor.clone(),
            product: self.def.product.clone(),
            built_in: self.origin == Origin::BuiltIn,
            file: self.file().map(str::to_owned),
            homepage: self.def.homepage.clone(),
            docs: self.def.docs.clone(),
            sources: self.def.sources.clone(),
            drift: self.def.drift.clone(),
            notes: self.def.notes.clone(),
            groups: self.def.groups.clone(),
            key_kinds: self.kinds.clone(),
            scope_count,
            permissions,
            presets: self.kind_presets(kind).cloned().collect(),
            defaults,
        }
    }

    /// The file an imported catalog came from.
    pub(crate) fn file(&self) -> Option<&str> {
        match &self.origin {
            Origin::File(f) => Some(f),
            Origin::BuiltIn => None,
        }
    }

    /// The scopes `kind` carries (every scope without a kind), in catalog order.
    pub(crate) fn viewed_scopes<'a>(
        &'a self,
        kind: Option<&'a str>,
    ) -> impl Iterator<Item = ScopeIx> + 'a {
        (0..self.scopes().len() as ScopeIx)
            .filter(move |&i| kind.is_none_or(|k| self.kind_allows(k, i)))
    }

    /// Whether a token of `kind` (any kind when `None`) may carry the scope `id`.
    pub(crate) fn carries(&self, kind: Option<&str>, id: &str) -> bool {
        kind.is_none_or(|k| {
            self.scope_index(id)
                .is_some_and(|ix| self.kind_allows(k, ix))
        })
    }

    /// The presets a token of `kind` can use: for that kind or any, and only of scopes it carries.
    pub(crate) fn kind_presets<'a>(
        &'a self,
        kind: Option<&'a str>,
    ) -> impl Iterator<Item = &'a PresetDef> + 'a {
        self.def.presets.iter().filter(move |p| {
            kind.is_none_or(|k| {
                p.kind.as_deref().is_none_or(|pk| pk == k)
                    && p.scopes.iter().all(|s| self.carries(kind, s))
            })
        })
    }

    /// Every scope `kind` carries as shown to a token of it, in catalog order (the CLI's text
    /// listing; a window of them is [`Catalog::scope_rows`]).
    pub fn scope_views(&self, kind: Option<&str>) -> Vec<ScopeView> {
        self.viewed_scopes(kind)
            .map(|ix| self.scope_view(ix, kind))
            .collect()
    }

    /// One scope as shown to a token of `kind`.
    fn scope_view(&self, ix: ScopeIx, kind: Option<&str>) -> ScopeView {
        let s = self.scope(ix);
        ScopeView {
            id: s.id.clone(),
            name: s.name.clone(),
            description: s.description.clone(),
            group: s.group.clone(),
            grants: self
                .grants_of(ix)
                .iter()
                .map(|&p| self.permission(p).id.clone())
                .collect(),
            implies: s
                .implies
                .iter()
                .filter(|t| self.carries(kind, t))
                .cloned()
                .collect(),
            requires: s
                .requires
                .iter()
                .filter(|r| self.carries(kind, r.scope()))
                .cloned()
                .collect(),
            default: s.default,
            required: s.required,
            elevated: s.elevated,
            kinds: self.kinds_carrying(ix),
            source: s.source.clone(),
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

#[cfg(test)]
mod tests {
    use crate::catalog::builtin::builtin;

    #[test]
    fn a_kinds_view_shows_only_what_that_kind_can_have() {
        let b = builtin("bright").unwrap();
        let org = b.view(Some("organization"));
        let scopes = b.scope_views(Some("organization"));
        assert_eq!(org.scope_count as usize, scopes.len());
        let ids: Vec<&str> = scopes.iter().map(|s| s.id.as_str()).collect();
        assert!(
            !ids.contains(&"projects:read") && ids.contains(&"scans:run"),
            "{ids:?}"
        );
        let run = scopes.iter().find(|s| s.id == "scans:run").unwrap();
        assert!(
            run.requires.iter().all(|r| r.scope() != "projects:read"),
            "no rule to a scope the kind lacks: {:?}",
            run.requires
        );
        for s in &scopes {
            for t in s
                .implies
                .iter()
                .map(String::as_str)
                .chain(s.requires.iter().map(|r| r.scope()))
            {
                assert!(ids.contains(&t), "{} points at {t}", s.id);
            }
        }
        let granted: std::collections::HashSet<&str> = scopes
            .iter()
            .flat_map(|s| s.grants.iter().map(String::as_str))
            .collect();
        assert!(org
            .permissions
            .iter()
            .all(|p| granted.contains(p.id.as_str())));
        let all = b.view(None);
        assert!(
            org.permissions.len() < all.permissions.len(),
            "the organization kind has fewer permissions ({}) than Bright ({})",
            org.permissions.len(),
            all.permissions.len()
        );
        for p in &org.presets {
            assert!(p.scopes.iter().all(|s| ids.contains(&s.as_str())), "{p:?}");
        }
    }
}
