//! The set of catalogs an installation knows: the built-ins plus the ones the admin imported.
//!
//! Imported catalogs are kept as files in one directory (the app's data dir), copied there
//! only after they validated, by writing a temporary file and renaming it, so a failed or
//! interrupted import changes nothing. A file in that directory that no longer loads is kept
//! out of the set and reported, never half-loaded.

use std::path::{Path, PathBuf};

use super::builtin::builtins;
use super::load::{load_catalog_file, CatalogDiagnostic, CatalogErrors};
use super::{load_catalog_text, Catalog, Format, Origin};
use crate::error::{Error, ErrorKind};
use crate::search::SearchIndex;

/// Why an import or removal failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegistryError {
    /// The file is not a valid catalog; every problem, located.
    Invalid(CatalogErrors),
    /// A built-in catalog has this id; built-ins cannot be replaced.
    BuiltInId(String),
    NotFound(String),
    /// Removing a built-in catalog.
    BuiltIn(String),
    Io(String),
}

impl From<RegistryError> for Error {
    fn from(e: RegistryError) -> Self {
        match e {
            RegistryError::Invalid(errors) => {
                let n = errors.0.len();
                Error::new(
                    ErrorKind::InvalidCatalog,
                    format!(
                        "The catalog has {n} problem{}; nothing was imported.",
                        if n == 1 { "" } else { "s" }
                    ),
                )
                .with_details(errors.0.iter().map(ToString::to_string).collect())
            }
            RegistryError::BuiltInId(id) => Error::new(
                ErrorKind::Conflict,
                format!("`{id}` is a built-in catalog; give the imported one another `id`."),
            ),
            RegistryError::NotFound(id) => {
                Error::new(ErrorKind::NotFound, format!("No catalog `{id}`."))
            }
            RegistryError::BuiltIn(id) => Error::new(
                ErrorKind::InvalidInput,
                format!("`{id}` is built in and cannot be removed."),
            ),
            RegistryError::Io(m) => Error::new(ErrorKind::Io, m),
        }
    }
}

/// Built-in and imported catalogs, with a search index over all of them.
pub struct CatalogRegistry {
    catalogs: Vec<Catalog>,
    dir: Option<PathBuf>,
    /// Files in the import directory that did not load.
    broken: Vec<CatalogDiagnostic>,
    index: SearchIndex,
}

impl CatalogRegistry {
    /// The built-in catalogs only (nothing is persisted).
    pub fn builtins_only() -> Self {
        Self::with(builtins(), None, Vec::new())
    }

    /// The built-ins plus every `*.json` / `*.toml` catalog in `dir` (created if missing).
    pub fn open(dir: &Path) -> Self {
        let mut catalogs = builtins();
        let mut broken = Vec::new();
        if let Ok(entries) = std::fs::read_dir(dir) {
            let mut paths: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    matches!(
                        p.extension().and_then(|e| e.to_str()),
                        Some("json" | "toml")
                    )
                })
                .collect();
            paths.sort();
            for path in paths {
                match load_catalog_file(&path) {
                    Ok(cat) if !catalogs.iter().any(|c| c.id == cat.id) => catalogs.push(cat),
                    Ok(cat) => broken.push(CatalogDiagnostic {
                        file: path.display().to_string(),
                        line: 1,
                        column: 1,
                        message: format!("catalog id `{}` is already loaded; skipped", cat.id),
                    }),
                    Err(errors) => broken.extend(errors.0),
                }
            }
        }
        Self::with(catalogs, Some(dir.to_path_buf()), broken)
    }

    fn with(catalogs: Vec<Catalog>, dir: Option<PathBuf>, broken: Vec<CatalogDiagnostic>) -> Self {
        let index = SearchIndex::new(catalogs.iter());
        Self {
            catalogs,
            dir,
            broken,
            index,
        }
    }

    pub fn catalogs(&self) -> &[Catalog] {
        &self.catalogs
    }

    pub fn get(&self, id: &str) -> Option<&Catalog> {
        self.catalogs.iter().find(|c| c.id == id)
    }

    /// Problems with previously imported files found at start.
    pub fn broken(&self) -> &[CatalogDiagnostic] {
        &self.broken
    }

    pub fn search(&self, query: &str, limit: usize) -> crate::search::SearchResults {
        let refs: Vec<&Catalog> = self.catalogs.iter().collect();
        self.index.search(&refs, query, limit)
    }

    /// Validates `path` and, if it is a catalog, keeps a copy and adds it (replacing an
    /// imported catalog with the same id). Nothing changes on error.
    pub fn import(&mut self, path: &Path) -> Result<&Catalog, RegistryError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| RegistryError::Io(format!("Cannot read {}: {e}", path.display())))?;
        let format = Format::from_path(path);
        let name = path.display().to_string();
        let cat = load_catalog_text(&name, &text, format, Origin::File(name.clone()))
            .map_err(RegistryError::Invalid)?;
        if self
            .catalogs
            .iter()
            .any(|c| c.id == cat.id && c.origin == Origin::BuiltIn)
        {
            return Err(RegistryError::BuiltInId(cat.id));
        }
        if let Some(dir) = &self.dir {
            let ext = match format {
                Format::Json => "json",
                Format::Toml => "toml",
            };
            let target = dir.join(format!("{}.{ext}", file_stem(&cat.id)));
            let tmp = format!(".{}.{ext}.importing", file_stem(&cat.id));
            crate::fsutil::write_atomically(&target, &tmp, text.as_bytes()).map_err(|e| {
                RegistryError::Io(format!("Cannot save the catalog in {}: {e}", dir.display()))
            })?;
            // The other syntax's copy of the same id would shadow this one at next start.
            let other = dir.join(format!(
                "{}.{}",
                file_stem(&cat.id),
                if ext == "json" { "toml" } else { "json" }
            ));
            let _ = std::fs::remove_file(other);
        }
        self.catalogs.retain(|c| c.id != cat.id);
        self.catalogs.push(cat);
        self.index = SearchIndex::new(self.catalogs.iter());
        Ok(self.catalogs.last().expect("just pushed"))
    }

    /// Forgets an imported catalog and deletes its kept copy.
    pub fn remove(&mut self, id: &str) -> Result<(), RegistryError> {
        let Some(pos) = self.catalogs.iter().position(|c| c.id == id) else {
            return Err(RegistryError::NotFound(id.to_owned()));
        };
        if self.catalogs[pos].origin == Origin::BuiltIn {
            return Err(RegistryError::BuiltIn(id.to_owned()));
        }
        if let Some(dir) = &self.dir {
            for ext in ["json", "toml"] {
                let p = dir.join(format!("{}.{ext}", file_stem(id)));
                match std::fs::remove_file(&p) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => {
                        return Err(RegistryError::Io(format!(
                            "Cannot delete {}: {e}",
                            p.display()
                        )))
                    }
                }
            }
        }
        self.catalogs.remove(pos);
        self.index = SearchIndex::new(self.catalogs.iter());
        Ok(())
    }
}

/// A file name for a catalog id: anything but ASCII letters, digits, `-` and `_` becomes `_`.
fn file_stem(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"vendor": "Acme", "id": "acme", "scopes": [{"id": "a"}]}"#;

    #[test]
    fn import_persists_and_survives_a_restart_and_remove_forgets() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("catalogs");
        let src = dir.path().join("acme.json");
        std::fs::write(&src, GOOD).unwrap();
        let mut reg = CatalogRegistry::open(&store);
        assert_eq!(reg.import(&src).unwrap().id, "acme");
        let hits = reg.search("a", 500).hits;
        assert!(
            hits.iter().any(|h| h.catalog == "acme" && h.id == "a"),
            "the index includes imports"
        );
        let again = CatalogRegistry::open(&store);
        assert!(again.get("acme").is_some(), "imported catalogs persist");
        let mut again = again;
        again.remove("acme").unwrap();
        assert!(CatalogRegistry::open(&store).get("acme").is_none());
        assert_eq!(
            again.remove("manifest"),
            Err(RegistryError::BuiltIn("manifest".into()))
        );
    }

    #[test]
    fn an_invalid_file_changes_nothing_and_reports_every_problem() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("catalogs");
        let src = dir.path().join("bad.json");
        std::fs::write(
            &src,
            r#"{"vendor": "Bad", "scopes": [{"id": "a", "implies": ["x", "y"]}]}"#,
        )
        .unwrap();
        let mut reg = CatalogRegistry::open(&store);
        let before = reg.catalogs().len();
        let Err(RegistryError::Invalid(errors)) = reg.import(&src) else {
            panic!("must be invalid")
        };
        assert_eq!(errors.0.len(), 2);
        assert_eq!(reg.catalogs().len(), before);
        assert!(!store.exists() || std::fs::read_dir(&store).unwrap().next().is_none());
        let ipc = Error::from(RegistryError::Invalid(errors));
        assert_eq!(ipc.kind, ErrorKind::InvalidCatalog);
        assert_eq!(ipc.details.len(), 2);
        assert!(ipc.details[0].contains("bad.json:1:"), "{:?}", ipc.details);
    }

    #[test]
    fn built_in_ids_cannot_be_taken() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("m.json");
        std::fs::write(&src, r#"{"vendor": "X", "id": "manifest", "scopes": []}"#).unwrap();
        let mut reg = CatalogRegistry::open(&dir.path().join("c"));
        assert_eq!(
            reg.import(&src).err(),
            Some(RegistryError::BuiltInId("manifest".into()))
        );
    }
}
