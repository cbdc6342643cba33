//! One function per CLI command; `Ok(true)` means success, `Ok(false)` a finding (exit 1).

use std::path::PathBuf;

use scopekeeper_core::algebra::{self, ResolveOptions};
use scopekeeper_core::catalog::{load_catalog_file, Catalog};
use scopekeeper_core::search::SearchIndex;
use scopekeeper_core::suggest::{suggest_with, SuggestMode};

use crate::{check_kind, load_target, print_json, registry, render, split, Failure, Target};

/// Every catalog, built-in, imported and given.
pub(crate) fn catalogs(json: bool, files: &[PathBuf]) -> Result<bool, Failure> {
    let mut cats = registry().catalogs().to_vec();
    for f in files {
        cats.push(load_catalog_file(f).map_err(Failure::Catalog)?);
    }
    if json {
        let rows: Vec<_> = cats.iter().map(Catalog::summary).collect();
        print_json(&rows);
    } else {
        say_part!("{}", render::catalogs_table(&cats));
    }
    Ok(true)
}

/// One catalog (or one kind of it).
pub(crate) fn show(json: bool, target: Target, kind: Option<String>) -> Result<bool, Failure> {
    let cat = load_target(target.vendor.as_deref(), target.catalog.as_ref())?;
    check_kind(&cat, kind.as_deref())?;
    if json {
        print_json(&cat.document(kind.as_deref()));
    } else {
        say_part!("{}", render::catalog(&cat, kind.as_deref()));
    }
    Ok(true)
}

/// Validates catalog files; every problem located.
pub(crate) fn lint(json: bool, files: &[PathBuf]) -> Result<bool, Failure> {
    let mut all_ok = true;
    let mut report = Vec::new();
    for f in files {
        match load_catalog_file(f) {
            Ok(cat) => {
                if !json {
                    say!(
                        "ok {}: {} — {} scopes, {} permissions, {} grants, {} key kind(s)",
                        f.display(),
                        cat.vendor(),
                        cat.scopes().len(),
                        cat.permissions().len(),
                        cat.grant_edges(),
                        cat.kinds.len()
                    );
                }
                report.push(serde_json::json!({
                    "file": f.display().to_string(), "ok": true, "vendor": cat.vendor(),
                    "scopes": cat.scopes().len(), "permissions": cat.permissions().len(),
                }));
            }
            Err(errors) => {
                all_ok = false;
                if !json {
                    for d in &errors.0 {
                        say!("{d}");
                    }
                }
                report.push(serde_json::json!({
                    "file": f.display().to_string(), "ok": false,
                    "errors": errors.0.iter().map(|d| serde_json::json!({
                        "line": d.line, "column": d.column, "message": d.message,
                    })).collect::<Vec<_>>(),
                }));
            }
        }
    }
    if json {
        print_json(&report);
    }
    Ok(all_ok)
}

/// Resolves a selection.
pub(crate) fn resolve(
    json: bool,
    target: Target,
    kind: Option<String>,
    scopes: &[String],
    no_defaults: bool,
) -> Result<bool, Failure> {
    let cat = load_target(target.vendor.as_deref(), target.catalog.as_ref())?;
    let r = algebra::resolve(
        &cat,
        kind.as_deref(),
        &split(scopes),
        ResolveOptions {
            defaults: !no_defaults,
        },
    );
    if json {
        print_json(&r);
    } else {
        say_part!("{}", render::resolution(&cat, &r));
    }
    Ok(r.errors.is_empty())
}

/// Which scopes grant a permission.
pub(crate) fn grants(
    json: bool,
    args: &[String],
    catalog: Option<PathBuf>,
    kind: Option<String>,
) -> Result<bool, Failure> {
    let (vendor, permission) = match (&catalog, args) {
        (Some(_), [p]) => (None, p.as_str()),
        (None, [v, p]) => (Some(v.as_str()), p.as_str()),
        (Some(_), _) => {
            return Err(Failure::Message(
                "with --catalog, give only the PERMISSION".into(),
            ))
        }
        (None, _) => {
            return Err(Failure::Message(
                "give VENDOR and PERMISSION (or --catalog FILE and PERMISSION)".into(),
            ))
        }
    };
    let cat = load_target(vendor, catalog.as_ref())?;
    let Some(mut found) = algebra::grants(&cat, permission) else {
        return Err(Failure::Message(format!(
            "{} has no permission `{permission}`",
            cat.vendor()
        )));
    };
    if let Some(k) = &kind {
        found.retain(|g| {
            cat.scope_index(&g.scope)
                .is_some_and(|s| cat.kind_allows(k, s))
        });
    }
    if json {
        print_json(&serde_json::json!({
            "vendor": cat.id, "permission": permission, "granted_by": found,
        }));
    } else {
        say_part!("{}", render::grants(&cat, permission, &found));
    }
    Ok(true)
}

/// Least privilege for needed permissions.
pub(crate) fn suggest(
    json: bool,
    target: Target,
    kind: Option<String>,
    needs: &[String],
    mode: SuggestMode,
) -> Result<bool, Failure> {
    let cat = load_target(target.vendor.as_deref(), target.catalog.as_ref())?;
    check_kind(&cat, kind.as_deref())?;
    let s = suggest_with(&cat, kind.as_deref(), &split(needs), mode);
    if json {
        print_json(&s);
    } else {
        say_part!("{}", render::suggestion(&s));
    }
    Ok(s.uncoverable.is_empty() && s.unknown.is_empty())
}

/// Two selections compared (presets expand).
pub(crate) fn diff(
    json: bool,
    target: Target,
    kind: Option<String>,
    from: &[String],
    to: &[String],
) -> Result<bool, Failure> {
    let cat = load_target(target.vendor.as_deref(), target.catalog.as_ref())?;
    let expand = |list: &[String]| -> Vec<String> {
        match list {
            [one] if cat.scope_index(one).is_none() => cat
                .def
                .presets
                .iter()
                .find(|p| &p.id == one)
                .map(|p| p.scopes.clone())
                .unwrap_or_else(|| list.to_vec()),
            _ => list.to_vec(),
        }
    };
    let (from, to) = (expand(from), expand(to));
    let a = algebra::resolve(
        &cat,
        kind.as_deref(),
        &split(&from),
        ResolveOptions::default(),
    );
    let b = algebra::resolve(
        &cat,
        kind.as_deref(),
        &split(&to),
        ResolveOptions::default(),
    );
    let d = algebra::diff(&a, &b);
    let errors: Vec<_> = a.errors.iter().chain(&b.errors).collect();
    if json {
        print_json(&serde_json::json!({ "diff": d, "errors": errors }));
    } else {
        say_part!("{}", render::diff(&d));
        for e in &errors {
            say!("✗ {}", e.message);
        }
    }
    Ok(errors.is_empty())
}

/// Ranked search across catalogs.
pub(crate) fn search(
    json: bool,
    query: &[String],
    files: &[PathBuf],
    limit: usize,
) -> Result<bool, Failure> {
    let mut cats = registry().catalogs().to_vec();
    for f in files {
        cats.push(load_catalog_file(f).map_err(Failure::Catalog)?);
    }
    let refs: Vec<&Catalog> = cats.iter().collect();
    let index = SearchIndex::new(refs.iter().copied());
    let results = index.search(&refs, &query.join(" "), limit);
    if json {
        print_json(&results);
    } else {
        say_part!("{}", render::search(&results));
    }
    Ok(results.total > 0)
}
