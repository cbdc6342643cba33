//! Loading and validating catalog files, in stages: `parse` (one typed parse straight from the
//! text; only when it fails, a generic parse that finds *every* type problem), `validate`
//! (references, uniqueness, acyclicity, all problems at once), `index` (the lookups the engine
//! uses), `diagnose` (each problem located at `file:line:col`, in file order).

use std::fmt;
use std::path::Path;

use super::{Catalog, Origin};

mod diagnose;
mod index;
mod narrow;
mod parse;
mod validate;

/// The syntax of a catalog text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Toml,
}

impl Format {
    /// `.toml` files are TOML; everything else is read as JSON.
    pub fn from_path(path: &Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("toml") => Format::Toml,
            _ => Format::Json,
        }
    }
}

/// One problem in a catalog file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogDiagnostic {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for CatalogDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

/// Every problem found in a catalog file, in file order. Never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogErrors(pub Vec<CatalogDiagnostic>);

impl fmt::Display for CatalogErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CatalogErrors {}

/// Reads and loads a catalog file; the format follows the extension (`.toml`, else JSON).
pub fn load_catalog_file(path: &Path) -> Result<Catalog, CatalogErrors> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        CatalogErrors(vec![CatalogDiagnostic {
            file: name.clone(),
            line: 1,
            column: 1,
            message: format!("cannot read the file: {e}"),
        }])
    })?;
    load_catalog_text(
        &name,
        &text,
        Format::from_path(path),
        Origin::File(name.clone()),
    )
}

/// Loads a catalog from text. `name` is the file name used in diagnostics.
pub fn load_catalog_text(
    name: &str,
    text: &str,
    format: Format,
    origin: Origin,
) -> Result<Catalog, CatalogErrors> {
    let file = match parse::parse(text, format) {
        Ok(file) => file,
        Err(parse::Failure::Syntax {
            line,
            column,
            message,
        }) => {
            return Err(CatalogErrors(vec![CatalogDiagnostic {
                file: name.to_owned(),
                line,
                column,
                message,
            }]))
        }
        Err(parse::Failure::Problems(problems)) => {
            return Err(diagnose::located(name, text, format, problems))
        }
    };
    let checked = validate::validate(file).map_err(|p| diagnose::located(name, text, format, p))?;
    Ok(index::index(checked, origin))
}

/// The completed file a valid catalog text loads into, before it is indexed (for tests that
/// check what indexing keeps).
#[cfg(test)]
pub(crate) fn completed_file(text: &str, format: Format) -> crate::catalog::CatalogFile {
    let file = parse::parse(text, format).unwrap_or_else(|_| panic!("not a catalog"));
    validate::validate(file)
        .unwrap_or_else(|_| panic!("not valid"))
        .file
}

/// Lower-case, dash-separated id from a display name ("Manifest Cyber" → "manifest-cyber").
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests;
