//! Pages of a key kind's scopes for windowed lists (the catalog page, the builder's picker): a
//! filter, an offset and a bounded number of rows, with each row's grants as indices into the
//! kind's permission table, so a page never carries a whole catalog's grant strings.
//!
//! Owns the order the lists show (groups by their first matching scope, catalog order inside a
//! group) and the filter's meaning. Never returns more than [`PAGE_LIMIT_MAX`] rows, whatever
//! is asked.

use std::collections::HashMap;

use serde::Serialize;
use ts_rs::TS;

use super::file::Requirement;
use super::{Catalog, PermIx, ScopeIx};

/// Most rows one page carries.
pub const PAGE_LIMIT_MAX: u32 = 500;

/// One scope as a windowed list shows it: a [`super::view::ScopeView`] with grants as indices.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ScopeRow {
    pub id: String,
    pub name: Option<String>,
    pub description: String,
    pub group: Option<String>,
    /// Indices into `CatalogView::permissions` of the same vendor and kind (effective direct
    /// grants: a scope without `grants` grants itself).
    pub grants: Vec<u32>,
    pub implies: Vec<String>,
    pub requires: Vec<Requirement>,
    pub default: bool,
    pub required: bool,
    pub elevated: bool,
    /// The key kinds that may carry this scope.
    pub kinds: Vec<String>,
    pub source: Option<String>,
}

/// A run of rows of one group within the matching scopes.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct GroupSpan {
    /// The group's id, "" for scopes without a group.
    pub id: String,
    /// The group's display name (`GroupDef.name`, else its id, else "Scopes").
    pub title: String,
    /// Index of the group's first row among the matching scopes.
    pub start: u32,
    pub count: u32,
}

/// One page of the matching scopes.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ScopePage {
    /// How many scopes match the filter (all the kind carries when the filter is blank).
    pub total: u32,
    /// Index of `rows[0]` among the matching scopes (may differ from the request's offset:
    /// see the request's `around`).
    pub offset: u32,
    pub rows: Vec<ScopeRow>,
    /// Every group of the matching scopes, in display order (all of them, not only the page's).
    pub groups: Vec<GroupSpan>,
}

/// Which page of which scopes.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScopeQuery<'a> {
    /// Case-insensitive substring; blank matches every scope.
    pub filter: &'a str,
    /// `true`: the filter matches a scope's id, name, description or any permission id it
    /// grants; `false`: its id or name only.
    pub in_grants: bool,
    pub offset: u32,
    /// Capped at [`PAGE_LIMIT_MAX`].
    pub limit: u32,
    /// A scope id: when it matches, the page is the one holding it (rows start at most
    /// `limit / 2` before it); when it does not, `offset` is used.
    pub around: Option<&'a str>,
}

impl Catalog {
    /// The permissions the scopes `kind` carries grant, in catalog order (every permission
    /// without a kind): what `CatalogView::permissions` holds, as indices.
    pub fn kind_permissions(&self, kind: Option<&str>) -> Vec<PermIx> {
        let all = 0..self.permissions().len() as PermIx;
        let Some(k) = kind else {
            return all.collect();
        };
        let mut granted = vec![false; self.permissions().len()];
        for s in self.kind_scopes(k) {
            for &p in self.grants_of(s) {
                granted[p as usize] = true;
            }
        }
        all.filter(|&p| granted[p as usize]).collect()
    }

    /// A page of the scopes `kind` carries (every scope without a kind) that match `query`.
    /// An unknown kind carries no scope.
    pub fn scope_rows(&self, kind: Option<&str>, query: &ScopeQuery) -> ScopePage {
        let matching = self.matching_scopes(kind, query);
        let (ordered, groups) = self.grouped(&matching);
        let total = ordered.len() as u32;
        let limit = query.limit.min(PAGE_LIMIT_MAX);
        let offset = query
            .around
            .and_then(|id| ordered.iter().position(|&s| self.scope(s).id == id))
            .map_or(query.offset, |at| (at as u32).saturating_sub(limit / 2))
            .min(total);
        let end = offset.saturating_add(limit).min(total);
        let page = &ordered[offset as usize..end as usize];
        let mut view_ix = vec![u32::MAX; self.permissions().len()];
        for (i, p) in self.kind_permissions(kind).into_iter().enumerate() {
            view_ix[p as usize] = i as u32;
        }
        ScopePage {
            total,
            offset,
            rows: page
                .iter()
                .map(|&s| self.scope_row(s, kind, &view_ix))
                .collect(),
            groups,
        }
    }

    /// The scopes `kind` carries that match the query's filter, in catalog order.
    fn matching_scopes(&self, kind: Option<&str>, query: &ScopeQuery) -> Vec<ScopeIx> {
        let carried = self.viewed_scopes(kind);
        let needle = query.filter.trim().to_lowercase();
        if needle.is_empty() {
            return carried.collect();
        }
        let perm_hits: Vec<bool> = if query.in_grants {
            self.permissions()
                .iter()
                .map(|p| contains_folded(&p.id, &needle))
                .collect()
        } else {
            Vec::new()
        };
        carried
            .filter(|&ix| {
                let s = self.scope(ix);
                contains_folded(&s.id, &needle)
                    || s.name
                        .as_deref()
                        .is_some_and(|n| contains_folded(n, &needle))
                    || query.in_grants
                        && (contains_folded(&s.description, &needle)
                            || self.grants_of(ix).iter().any(|&p| perm_hits[p as usize]))
            })
            .collect()
    }

    /// `scopes` in display order — groups by their first scope, catalog order within a group —
    /// and the span each group takes.
    fn grouped(&self, scopes: &[ScopeIx]) -> (Vec<ScopeIx>, Vec<GroupSpan>) {
        let mut slots: HashMap<&str, usize> = HashMap::new();
        let mut members: Vec<(&str, Vec<ScopeIx>)> = Vec::new();
        for &s in scopes {
            let gid = self.scope(s).group.as_deref().unwrap_or("");
            let slot = *slots.entry(gid).or_insert_with(|| {
                members.push((gid, Vec::new()));
                members.len() - 1
            });
            members[slot].1.push(s);
        }
        let mut ordered = Vec::with_capacity(scopes.len());
        let mut spans = Vec::with_capacity(members.len());
        for (gid, list) in members {
            spans.push(GroupSpan {
                id: gid.to_owned(),
                title: self.group_title(gid),
                start: ordered.len() as u32,
                count: list.len() as u32,
            });
            ordered.extend(list);
        }
        (ordered, spans)
    }

    fn group_title(&self, gid: &str) -> String {
        let named = self.def.groups.iter().find(|g| g.id == gid);
        match named.and_then(|g| g.name.as_deref()) {
            Some(name) => name.to_owned(),
            None if gid.is_empty() => "Scopes".to_owned(),
            None => gid.to_owned(),
        }
    }

    /// One row; `view_ix` maps a catalog permission to its index in the kind's permissions.
    fn scope_row(&self, ix: ScopeIx, kind: Option<&str>, view_ix: &[u32]) -> ScopeRow {
        let s = self.scope(ix);
        ScopeRow {
            id: s.id.clone(),
            name: s.name.clone(),
            description: s.description.clone(),
            group: s.group.clone(),
            grants: self
                .grants_of(ix)
                .iter()
                .map(|&p| view_ix[p as usize])
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

    /// The ids of the key kinds that may carry `scope`.
    pub(crate) fn kinds_carrying(&self, scope: ScopeIx) -> Vec<String> {
        self.kinds
            .iter()
            .filter(|k| self.kind_allows(&k.id, scope))
            .map(|k| k.id.clone())
            .collect()
    }
}

/// Whether `hay` contains `needle_lower` (already lower-cased) ignoring case, as JavaScript's
/// `toLowerCase().includes()` decides; allocates only for non-ASCII text.
fn contains_folded(hay: &str, needle_lower: &str) -> bool {
    if hay.is_ascii() {
        let (h, n) = (hay.as_bytes(), needle_lower.as_bytes());
        n.is_empty()
            || n.len() <= h.len()
                && h.windows(n.len())
                    .any(|w| w.iter().zip(n).all(|(a, b)| a.to_ascii_lowercase() == *b))
    } else {
        hay.to_lowercase().contains(needle_lower)
    }
}

#[cfg(test)]
#[path = "page_tests.rs"]
mod tests;
