//! Text output of the CLI: plain, aligned, readable in a terminal and in a log.

use std::fmt::Write;

use scopekeeper_core::algebra::{Grant, Resolution, SelectionDiff};
use scopekeeper_core::catalog::{Catalog, Origin};
use scopekeeper_core::ipc::CatalogView;
use scopekeeper_core::search::{HitKind, SearchResults};
use scopekeeper_core::suggest::{SuggestMode, Suggestion};

pub fn kind_ids(cat: &Catalog) -> String {
    cat.kinds
        .iter()
        .map(|k| k.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn origin(cat: &Catalog) -> String {
    match &cat.origin {
        Origin::BuiltIn => "built-in".into(),
        Origin::File(f) => f.clone(),
    }
}

pub fn catalogs_table(cats: &[Catalog]) -> String {
    let mut out = String::new();
    let rows: Vec<[String; 5]> = cats
        .iter()
        .map(|c| {
            let kinds = c
                .kinds
                .iter()
                .map(|k| format!("{} ({})", k.id, c.kind_scopes(&k.id).len()))
                .collect::<Vec<_>>()
                .join(", ");
            [
                c.id.clone(),
                c.vendor().to_owned(),
                kinds,
                c.permissions().len().to_string(),
                origin(c),
            ]
        })
        .collect();
    let head = [
        "VENDOR",
        "NAME",
        "KEY KINDS (SCOPES)",
        "PERMISSIONS",
        "SOURCE",
    ];
    let mut width = head.map(str::len);
    for r in &rows {
        for (w, cell) in width.iter_mut().zip(r) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: [&str; 5], out: &mut String| {
        let mut l = String::new();
        for (i, (c, w)) in cells.iter().zip(width).enumerate() {
            if i == 4 {
                l.push_str(c);
            } else {
                let _ = write!(l, "{c:<w$}  ");
            }
        }
        let _ = writeln!(out, "{}", l.trim_end());
    };
    line(head, &mut out);
    for r in &rows {
        line([&r[0], &r[1], &r[2], &r[3], &r[4]], &mut out);
    }
    out
}

pub fn catalog(cat: &Catalog, kind: Option<&str>) -> String {
    let v = cat.view(kind);
    let mut o = String::new();
    let _ = write!(o, "{}", v.vendor);
    if let Some(p) = &v.product {
        let _ = write!(o, " — {p}");
    }
    let _ = writeln!(o, "  ({}, {})", v.id, origin(cat));
    for s in &v.sources {
        let _ = write!(o, "Source: {}", s.document);
        if let Some(t) = &s.title {
            let _ = write!(o, " \"{t}\"");
        }
        if let Some(u) = &s.url {
            let _ = write!(o, " <{u}>");
        }
        if let Some(d) = &s.date {
            let _ = write!(o, ", {d}");
        }
        let _ = writeln!(o);
    }
    kinds_section(&mut o, cat, &v, kind);
    scopes_section(&mut o, cat, &v, kind);
    if !v.presets.is_empty() {
        let _ = writeln!(o, "\nPresets");
        for p in &v.presets {
            let _ = writeln!(o, "  {} — {}: {}", p.id, p.name, p.scopes.join(", "));
        }
    }
    for (title, list) in [("Notes", &v.notes), ("Known drift", &v.drift)] {
        if !list.is_empty() {
            let _ = writeln!(o, "\n{title}");
            for n in list {
                let _ = writeln!(o, "  - {n}");
            }
        }
    }
    o
}

/// The key kinds (only `kind` when given), each with its policy in one line.
fn kinds_section(o: &mut String, cat: &Catalog, v: &CatalogView, kind: Option<&str>) {
    let _ = writeln!(o, "\nKey kinds");
    for k in &v.key_kinds {
        if kind.is_some_and(|want| want != k.id) {
            continue;
        }
        let _ = write!(
            o,
            "  {} — {} ({} scopes)",
            k.id,
            k.name.as_deref().unwrap_or(&k.id),
            cat.kind_scopes(&k.id).len()
        );
        if let Some(p) = &k.policy {
            let mut facts = Vec::new();
            if p.expiry_required {
                facts.push("expiry required".to_owned());
            }
            if let Some(d) = p.expiry_default_days {
                facts.push(format!("default expiry {d} days"));
            }
            if let Some(d) = p.expiry_max_days {
                facts.push(format!("max {d} days"));
            }
            if p.ip_allowlist {
                facts.push("IP allowlist".into());
            }
            if let Some(e) = &p.env_var {
                facts.push(format!("env {e}"));
            }
            if !p.security_levels.is_empty() {
                let levels: Vec<&str> = p.security_levels.iter().map(|l| l.id.as_str()).collect();
                facts.push(format!("security level {}", levels.join("/")));
            }
            if !facts.is_empty() {
                let _ = write!(o, ": {}", facts.join(", "));
            }
        }
        let _ = writeln!(o);
    }
}

/// The scopes by group, with badges, grants and rules.
fn scopes_section(o: &mut String, cat: &Catalog, v: &CatalogView, kind: Option<&str>) {
    let mut current_group: Option<&String> = None;
    let mut first = true;
    let scopes = cat.scope_views(kind);
    for s in &scopes {
        if first || s.group.as_ref() != current_group {
            let title = s
                .group
                .as_ref()
                .and_then(|g| v.groups.iter().find(|x| &x.id == g))
                .map(|g| g.name.as_deref().unwrap_or(&g.id))
                .or(s.group.as_deref())
                .unwrap_or("Scopes");
            let _ = writeln!(o, "\n{title}");
            current_group = s.group.as_ref();
            first = false;
        }
        let mut badges = Vec::new();
        if s.required {
            badges.push("required");
        }
        if s.default {
            badges.push("default");
        }
        if s.elevated {
            badges.push("elevated");
        }
        if cat.kinds.len() > 1 && s.kinds.len() < cat.kinds.len() {
            badges.extend(s.kinds.iter().map(String::as_str));
        }
        let _ = write!(o, "  {}", s.id);
        if let Some(n) = &s.name {
            let _ = write!(o, "  {n}");
        }
        if !badges.is_empty() {
            let _ = write!(o, "  [{}]", badges.join(", "));
        }
        let _ = writeln!(o);
        if !s.description.is_empty() {
            let _ = writeln!(o, "      {}", s.description);
        }
        if !(s.grants.len() == 1 && s.grants[0] == s.id) {
            let _ = writeln!(o, "      grants: {}", s.grants.join(", "));
        }
        if !s.implies.is_empty() {
            let _ = writeln!(o, "      implies: {}", s.implies.join(", "));
        }
        for r in &s.requires {
            let _ = write!(o, "      requires: {}", r.scope());
            if let Some(reason) = r.reason() {
                let _ = write!(o, " ({reason})");
            }
            let _ = writeln!(o);
        }
    }
}

pub fn resolution(cat: &Catalog, r: &Resolution) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} · {} key · {} scopes, {} permissions",
        cat.vendor(),
        r.kind,
        r.scopes.len(),
        r.permissions.len()
    );
    if !r.scopes.is_empty() {
        let w = r.scopes.iter().map(|s| s.id.len()).max().unwrap_or(0);
        let _ = writeln!(o, "\nScopes");
        for s in &r.scopes {
            let mark = if r.added.iter().any(|a| a.id == s.id) {
                "+"
            } else {
                "✓"
            };
            let why: Vec<String> = s.reasons.iter().map(|x| x.describe()).collect();
            let _ = writeln!(o, "  {mark} {:<w$}  {}", s.id, why.join("; "));
        }
    }
    if !r.permissions.is_empty() {
        let w = r.permissions.iter().map(|p| p.id.len()).max().unwrap_or(0);
        let _ = writeln!(o, "\nPermissions ({})", r.permissions.len());
        for p in &r.permissions {
            let _ = writeln!(o, "  {:<w$}  ← {}", p.id, p.granted_by.join(", "));
        }
    }
    for (title, mark, list) in [("Warnings", "!", &r.warnings), ("Errors", "✗", &r.errors)] {
        if !list.is_empty() {
            let _ = writeln!(o, "\n{title}");
            for f in list {
                let _ = writeln!(o, "  {mark} {}", f.message);
            }
        }
    }
    o
}

pub fn grants(cat: &Catalog, permission: &str, found: &[Grant]) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{permission} is granted by {} scope{} of {}:",
        found.len(),
        if found.len() == 1 { "" } else { "s" },
        cat.vendor()
    );
    for g in found {
        if g.via.is_empty() {
            let _ = writeln!(o, "  {}", g.scope);
        } else {
            let _ = writeln!(o, "  {}  (via {})", g.scope, g.via.join(" → "));
        }
    }
    o
}

pub fn suggestion(s: &Suggestion) -> String {
    let mut o = String::new();
    let how = match (s.exact, s.mode) {
        (true, SuggestMode::FewestScopes) => "fewest scopes, proven",
        (true, SuggestMode::FewestExcess) => "fewest excess permissions, proven",
        (false, _) => "best found; the search stopped at its budget",
    };
    let _ = writeln!(
        o,
        "Select {} scope{} ({how}; greedy set cover picks {}):",
        s.scopes.len(),
        if s.scopes.len() == 1 { "" } else { "s" },
        s.greedy_size
    );
    for id in &s.scopes {
        let _ = writeln!(o, "  {id}");
    }
    let needed = s.covered.len() + s.uncoverable.len();
    let _ = writeln!(
        o,
        "Covers {} of {} needed permission{}; grants {} more.",
        s.covered.len(),
        needed,
        if needed == 1 { "" } else { "s" },
        s.excess_permissions
    );
    if !s.uncoverable.is_empty() {
        let _ = writeln!(
            o,
            "✗ No {} scope grants: {}",
            s.kind,
            s.uncoverable.join(", ")
        );
    }
    if !s.unknown.is_empty() {
        let _ = writeln!(o, "✗ Unknown permissions: {}", s.unknown.join(", "));
    }
    o
}

pub fn search(r: &SearchResults) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} match{} (showing {})",
        r.total,
        if r.total == 1 { "" } else { "es" },
        r.hits.len()
    );
    for h in &r.hits {
        let kind = match h.kind {
            HitKind::Scope => "scope",
            HitKind::Permission => "permission",
        };
        let _ = write!(o, "  {:<10} {:<10} {}", h.catalog, kind, h.id);
        if let Some(n) = &h.name {
            let _ = write!(o, "  {n}");
        }
        let _ = writeln!(o);
    }
    o
}

pub fn diff(d: &SelectionDiff) -> String {
    let mut o = String::new();
    let sections = [
        ("Scopes added", "+", &d.added_scopes),
        ("Scopes removed", "-", &d.removed_scopes),
        ("Permissions added", "+", &d.added_permissions),
        ("Permissions removed", "-", &d.removed_permissions),
    ];
    if sections.iter().all(|(_, _, l)| l.is_empty()) {
        let _ = writeln!(
            o,
            "No difference: both selections grant the same scopes and permissions."
        );
    }
    for (title, mark, list) in sections {
        if !list.is_empty() {
            let _ = writeln!(o, "{title} ({})", list.len());
            for x in list {
                let _ = writeln!(o, "  {mark} {x}");
            }
        }
    }
    o
}
