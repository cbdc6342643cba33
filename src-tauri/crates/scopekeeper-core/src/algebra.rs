//! Scope algebra on a [`Catalog`]: resolve a selection, look up who grants a permission,
//! suggest a least-privilege selection, and diff two selections.
//!
//! Everything here is pure and deterministic (output in catalog order), takes no clock and
//! does no I/O, so the CLI, the desktop app and the tests share one answer.

use std::collections::VecDeque;

use serde::Serialize;
use ts_rs::TS;

use crate::catalog::{Catalog, PermIx, ScopeIx};

/// Why a scope is in a resolved selection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Reason {
    /// Ticked by the admin.
    Selected,
    /// Required for every token of this vendor.
    RequiredForAll { source: Option<String> },
    /// Selected by default.
    Default { source: Option<String> },
    /// Included by a broader scope.
    ImpliedBy {
        scope: String,
        source: Option<String>,
    },
    /// Needed for another scope to work.
    RequiredBy {
        scope: String,
        reason: Option<String>,
        source: Option<String>,
    },
}

impl Reason {
    /// One line for a person: "implied by scans", "required by scans:run: …".
    pub fn describe(&self) -> String {
        match self {
            Reason::Selected => "selected".into(),
            Reason::RequiredForAll { .. } => "required for every token".into(),
            Reason::Default { .. } => "selected by default".into(),
            Reason::ImpliedBy { scope, .. } => format!("implied by {scope}"),
            Reason::RequiredBy { scope, reason, .. } => match reason {
                Some(r) => format!("required by {scope}: {r}"),
                None => format!("required by {scope}"),
            },
        }
    }
}

/// A scope in a resolved selection with every reason it is there (the first is the main one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ResolvedScope {
    pub id: String,
    pub reasons: Vec<Reason>,
    pub elevated: bool,
}

/// A granular permission a selection grants, with the scopes that grant it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct GrantedPermission {
    pub id: String,
    pub granted_by: Vec<String>,
}

/// Something to tell the admin about a selection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Finding {
    /// Stable code: `elevated`, `not_allowed_for_kind`, `unknown_scope`, `unknown_kind`,
    /// `unknown_permission`, `uncoverable`.
    pub code: String,
    pub message: String,
    pub scope: Option<String>,
}

impl Finding {
    fn new(code: &str, message: String, scope: Option<&str>) -> Self {
        Self {
            code: code.to_owned(),
            message,
            scope: scope.map(str::to_owned),
        }
    }
}

/// The full meaning of a selection for one key kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Resolution {
    pub vendor: String,
    pub kind: String,
    /// Every scope the token will carry, in catalog order.
    pub scopes: Vec<ResolvedScope>,
    /// The scopes added beyond what was selected, with their reason, in catalog order.
    pub added: Vec<ResolvedScope>,
    pub permissions: Vec<GrantedPermission>,
    pub warnings: Vec<Finding>,
    pub errors: Vec<Finding>,
}

/// Options for [`resolve`].
#[derive(Debug, Clone, Copy)]
pub struct ResolveOptions {
    /// Add the scopes the vendor selects by default.
    pub defaults: bool,
}

impl Default for ResolveOptions {
    fn default() -> Self {
        Self { defaults: true }
    }
}

/// The closure of a selection as scope indices with reasons; the engine behind [`resolve`].
pub(crate) struct Closure {
    pub reasons: Vec<Vec<Reason>>,
    pub order: Vec<ScopeIx>,
}

impl Closure {
    pub fn contains(&self, s: ScopeIx) -> bool {
        !self.reasons[s as usize].is_empty()
    }
}

/// Closes `seeds` (already allowed for `kind`) over implies, requires, required-for-all and
/// (optionally) defaults. Implied or required scopes the kind cannot carry are left out.
pub(crate) fn close(
    cat: &Catalog,
    kind: &str,
    seeds: impl IntoIterator<Item = (ScopeIx, Reason)>,
    defaults: bool,
) -> Closure {
    let n = cat.scopes().len();
    let mut reasons: Vec<Vec<Reason>> = vec![Vec::new(); n];
    let mut queue = VecDeque::new();
    let mut order = Vec::new();
    let mut add = |s: ScopeIx, why: Reason, queue: &mut VecDeque<ScopeIx>| {
        let slot = &mut reasons[s as usize];
        if slot.is_empty() {
            queue.push_back(s);
            order.push(s);
        }
        if !slot.contains(&why) {
            slot.push(why);
        }
    };
    for (s, why) in seeds {
        add(s, why, &mut queue);
    }
    for (i, scope) in cat.scopes().iter().enumerate() {
        let s = i as ScopeIx;
        if scope.required && cat.kind_allows(kind, s) {
            add(
                s,
                Reason::RequiredForAll {
                    source: scope.source.clone(),
                },
                &mut queue,
            );
        }
        if defaults && scope.default && cat.kind_allows(kind, s) {
            add(
                s,
                Reason::Default {
                    source: scope.source.clone(),
                },
                &mut queue,
            );
        }
    }
    while let Some(s) = queue.pop_front() {
        let from = cat.scope(s);
        for &t in cat.implies_of(s) {
            if cat.kind_allows(kind, t) {
                add(
                    t,
                    Reason::ImpliedBy {
                        scope: from.id.clone(),
                        source: from.source.clone(),
                    },
                    &mut queue,
                );
            }
        }
        for &(t, j) in &cat.requires[s as usize] {
            if cat.kind_allows(kind, t) {
                let r = &from.requires[j];
                add(
                    t,
                    Reason::RequiredBy {
                        scope: from.id.clone(),
                        reason: r.reason().map(str::to_owned),
                        source: r.source().map(str::to_owned),
                    },
                    &mut queue,
                );
            }
        }
    }
    order.sort_unstable();
    Closure { reasons, order }
}

/// Resolves `selected` scope ids for `kind` (the catalog's first kind when `None`).
pub fn resolve(
    cat: &Catalog,
    kind: Option<&str>,
    selected: &[&str],
    options: ResolveOptions,
) -> Resolution {
    let kind = kind.unwrap_or(&cat.default_kind().id).to_owned();
    let mut warnings = Vec::new();
    let mut errors = Vec::new();
    let empty = |errors: Vec<Finding>| Resolution {
        vendor: cat.id.clone(),
        kind: kind.clone(),
        scopes: Vec::new(),
        added: Vec::new(),
        permissions: Vec::new(),
        warnings: Vec::new(),
        errors,
    };
    if cat.kind(&kind).is_none() {
        let known: Vec<&str> = cat.kinds.iter().map(|k| k.id.as_str()).collect();
        return empty(vec![Finding::new(
            "unknown_kind",
            format!(
                "{} has no key kind `{kind}` (kinds: {})",
                cat.vendor(),
                known.join(", ")
            ),
            None,
        )]);
    }
    let seeds = seeds(cat, &kind, selected, &mut warnings, &mut errors);
    let closure = close(cat, &kind, seeds, options.defaults);
    let mut scopes = Vec::with_capacity(closure.order.len());
    let mut added = Vec::new();
    for &s in &closure.order {
        let def = cat.scope(s);
        let rs = ResolvedScope {
            id: def.id.clone(),
            reasons: closure.reasons[s as usize].clone(),
            elevated: def.elevated,
        };
        if def.elevated {
            warnings.push(Finding::new(
                "elevated",
                format!("`{}` grants elevated privileges", def.id),
                Some(&def.id),
            ));
        }
        if !rs.reasons.contains(&Reason::Selected) {
            added.push(rs.clone());
        }
        scopes.push(rs);
    }
    let permissions = granted_permissions(cat, &closure.order);
    Resolution {
        vendor: cat.id.clone(),
        kind,
        scopes,
        added,
        permissions,
        warnings,
        errors,
    }
}

/// The selected scopes the kind may carry; unknown ones are errors, ones the kind cannot carry
/// are warnings (and left out).
fn seeds(
    cat: &Catalog,
    kind: &str,
    selected: &[&str],
    warnings: &mut Vec<Finding>,
    errors: &mut Vec<Finding>,
) -> Vec<(ScopeIx, Reason)> {
    let mut seeds = Vec::new();
    for &id in selected {
        match cat.scope_index(id) {
            None => errors.push(Finding::new(
                "unknown_scope",
                format!("{} has no scope `{id}`", cat.vendor()),
                Some(id),
            )),
            Some(s) if !cat.kind_allows(kind, s) => warnings.push(Finding::new(
                "not_allowed_for_kind",
                format!("`{id}` is not available for {kind} keys; it was left out"),
                Some(id),
            )),
            Some(s) => seeds.push((s, Reason::Selected)),
        }
    }
    seeds
}

/// The permissions a closure grants, in catalog order, each with the scopes granting it.
fn granted_permissions(cat: &Catalog, order: &[ScopeIx]) -> Vec<GrantedPermission> {
    let mut granted_by: Vec<Vec<ScopeIx>> = vec![Vec::new(); cat.permissions().len()];
    let mut touched: Vec<PermIx> = Vec::new();
    for &s in order {
        for &p in cat.grants_of(s) {
            let list = &mut granted_by[p as usize];
            if list.is_empty() {
                touched.push(p);
            }
            list.push(s);
        }
    }
    touched.sort_unstable();
    touched
        .into_iter()
        .map(|p| GrantedPermission {
            id: cat.permission(p).id.clone(),
            granted_by: granted_by[p as usize]
                .iter()
                .map(|&s| cat.scope(s).id.clone())
                .collect(),
        })
        .collect()
}

mod lookup;

pub use lookup::{dependents, diff, grants, Grant, SelectionDiff};

#[cfg(test)]
mod tests;
