//! What the app's commands do, written against the engine so it runs (and is tested) without
//! a desktop. Each function takes the catalog registry and plain arguments and answers with an
//! IPC type or an [`Error`]; the Tauri commands only delegate here.

use std::path::Path;

use crate::algebra::{self, Grant, Resolution, ResolveOptions, SelectionDiff};
use crate::catalog::page::{ScopePage, ScopeQuery};
use crate::catalog::registry::CatalogRegistry;
use crate::catalog::view::{CatalogSummary, CatalogView};
use crate::catalog::Catalog;
use crate::error::{Error, ErrorKind};
use crate::search::SearchResults;
use crate::suggest::{suggest_with, SuggestMode, Suggestion};
use crate::token_spec::{check_spec, Day, SpecCheck, TokenSpec};

/// Most search hits a query returns.
pub const SEARCH_LIMIT_MAX: usize = 500;

fn catalog<'a>(reg: &'a CatalogRegistry, vendor: &str) -> Result<&'a Catalog, Error> {
    reg.get(vendor)
        .ok_or_else(|| Error::new(ErrorKind::NotFound, format!("No catalog `{vendor}`.")))
}

fn kind_checked<'a>(cat: &Catalog, kind: Option<&'a str>) -> Result<Option<&'a str>, Error> {
    if let Some(k) = kind {
        if cat.kind(k).is_none() {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!("{} has no key kind `{k}`.", cat.vendor()),
            ));
        }
    }
    Ok(kind)
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

pub fn list_catalogs(reg: &CatalogRegistry) -> Vec<CatalogSummary> {
    reg.catalogs().iter().map(Catalog::summary).collect()
}

pub fn catalog_view(
    reg: &CatalogRegistry,
    vendor: &str,
    kind: Option<&str>,
) -> Result<CatalogView, Error> {
    let cat = catalog(reg, vendor)?;
    Ok(cat.view(kind_checked(cat, kind)?))
}

/// A page of the scopes a vendor's kind carries (every scope without a kind) that match the
/// query; the same errors as [`catalog_view`] for an unknown vendor or kind.
pub fn catalog_scopes(
    reg: &CatalogRegistry,
    vendor: &str,
    kind: Option<&str>,
    query: &ScopeQuery,
) -> Result<ScopePage, Error> {
    let cat = catalog(reg, vendor)?;
    Ok(cat.scope_rows(kind_checked(cat, kind)?, query))
}

/// Resolves a selection; `defaults` adds the vendor's default scopes (the builder pre-ticks
/// them instead, so the admin can untick them).
pub fn resolve_selection(
    reg: &CatalogRegistry,
    vendor: &str,
    kind: Option<&str>,
    scopes: &[String],
    defaults: bool,
) -> Result<Resolution, Error> {
    let cat = catalog(reg, vendor)?;
    Ok(algebra::resolve(
        cat,
        kind_checked(cat, kind)?,
        &strs(scopes),
        ResolveOptions { defaults },
    ))
}

pub fn search(reg: &CatalogRegistry, query: &str, limit: usize) -> SearchResults {
    reg.search(query, limit.clamp(1, SEARCH_LIMIT_MAX))
}

pub fn permission_grants(
    reg: &CatalogRegistry,
    vendor: &str,
    permission: &str,
) -> Result<Vec<Grant>, Error> {
    let cat = catalog(reg, vendor)?;
    algebra::grants(cat, permission).ok_or_else(|| {
        Error::new(
            ErrorKind::NotFound,
            format!("{} has no permission `{permission}`.", cat.vendor()),
        )
    })
}

pub fn suggest_scopes(
    reg: &CatalogRegistry,
    vendor: &str,
    kind: Option<&str>,
    needs: &[String],
    mode: SuggestMode,
) -> Result<Suggestion, Error> {
    let cat = catalog(reg, vendor)?;
    Ok(suggest_with(
        cat,
        kind_checked(cat, kind)?,
        &strs(needs),
        mode,
    ))
}

pub fn diff_selections(
    reg: &CatalogRegistry,
    vendor: &str,
    kind: Option<&str>,
    from: &[String],
    to: &[String],
) -> Result<SelectionDiff, Error> {
    let a = resolve_selection(reg, vendor, kind, from, true)?;
    let b = resolve_selection(reg, vendor, kind, to, true)?;
    Ok(algebra::diff(&a, &b))
}

/// What else leaves the selection if `scope` is unticked.
pub fn scope_dependents(
    reg: &CatalogRegistry,
    vendor: &str,
    kind: Option<&str>,
    selected: &[String],
    scope: &str,
) -> Result<Vec<String>, Error> {
    let cat = catalog(reg, vendor)?;
    Ok(algebra::dependents(
        cat,
        kind_checked(cat, kind)?,
        &strs(selected),
        scope,
    ))
}

pub fn check_token_spec(
    reg: &CatalogRegistry,
    spec: &TokenSpec,
    today: Day,
    zone: &str,
) -> Result<SpecCheck, Error> {
    Ok(check_spec(catalog(reg, &spec.vendor)?, spec, today, zone))
}

/// Writes a token spec as pretty JSON (atomically: temp file, then rename).
pub fn export_token_spec(spec: &TokenSpec, path: &Path) -> Result<(), Error> {
    let text = serde_json::to_string_pretty(spec)
        .map_err(|e| Error::new(ErrorKind::Internal, e.to_string()))?;
    let tmp = format!(
        ".{}.saving",
        path.file_name().unwrap_or_default().to_string_lossy()
    );
    crate::fsutil::write_atomically(path, &tmp, (text + "\n").as_bytes()).map_err(|e| {
        Error::new(
            ErrorKind::Io,
            format!("Cannot write {}: {e}", path.display()),
        )
    })
}

/// Reads a token spec file; the error names the line and column of what is wrong.
pub fn load_token_spec(path: &Path) -> Result<TokenSpec, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::new(
            ErrorKind::Io,
            format!("Cannot read {}: {e}", path.display()),
        )
    })?;
    serde_json::from_str(&text).map_err(|e| {
        Error::new(
            ErrorKind::InvalidInput,
            format!(
                "{}:{}:{}: not a token spec: {e}",
                path.display(),
                e.line(),
                e.column()
            ),
        )
    })
}

pub fn import_catalog(reg: &mut CatalogRegistry, path: &Path) -> Result<CatalogSummary, Error> {
    Ok(reg.import(path)?.summary())
}

pub fn remove_catalog(reg: &mut CatalogRegistry, vendor: &str) -> Result<(), Error> {
    Ok(reg.remove(vendor)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_vendors_and_kinds_are_clear_errors() {
        let reg = CatalogRegistry::builtins_only();
        let e = catalog_view(&reg, "acme", None).unwrap_err();
        assert_eq!(e.kind, ErrorKind::NotFound);
        let query = ScopeQuery {
            limit: 10,
            ..ScopeQuery::default()
        };
        let e = catalog_scopes(&reg, "acme", None, &query).unwrap_err();
        assert_eq!(e.kind, ErrorKind::NotFound);
        assert!(e.message.contains("acme"));
        let e = catalog_scopes(&reg, "bright", Some("robot"), &query).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidInput);
        assert!(e.message.contains("robot"));
        let e = catalog_view(&reg, "bright", Some("robot")).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidInput);
        let e = resolve_selection(&reg, "bright", Some("robot"), &[], true).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidInput);
        assert!(e.message.contains("robot"));
    }

    #[test]
    fn token_specs_export_and_load_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("spec.json");
        let spec = TokenSpec {
            format: 1,
            vendor: "manifest".into(),
            kind: "api-token".into(),
            name: "ci-sbom".into(),
            description: Some("CI".into()),
            scopes: vec!["view-all".into(), "manage-sboms-and-vex".into()],
            expires_on: Some("2027-02-01".into()),
            ip_allowlist: vec![],
            ip_denylist: vec![],
            starts_on: None,
            reach: vec![],
            security_level: None,
        };
        export_token_spec(&spec, &path).unwrap();
        assert_eq!(load_token_spec(&path).unwrap(), spec);
        std::fs::write(&path, "{\n \"vendor\": 1}").unwrap();
        let e = load_token_spec(&path).unwrap_err();
        assert!(e.message.contains("spec.json:2:"), "{}", e.message);
    }
}
