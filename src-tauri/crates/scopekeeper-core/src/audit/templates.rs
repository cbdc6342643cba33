//! Templates: the token an admin says a token should be — a catalog preset, a saved spec, or the
//! least-privilege suggestion for a list of permissions — kept in a local file (no secret: only
//! token keys, names and scope ids). The audit judges each token against its template: excess
//! is a finding, missing is shown in the diff.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::assess::Assigned;
use crate::algebra::{resolve, ResolveOptions};
use crate::catalog::Catalog;
use crate::error::{Error, ErrorKind};
use crate::vendor::Vendor;

/// Where a template came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TemplateSource {
    Preset,
    Spec,
    Suggestion,
}

/// One token's template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub vendor: Vendor,
    pub source: TemplateSource,
    /// What the admin sees: the preset's or spec's name, or "Least privilege for …".
    pub name: String,
    pub scopes: Vec<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileShape {
    format: u32,
    /// Token key (`vendor/connection/id`) → its template.
    templates: BTreeMap<String, Template>,
}

const FORMAT: u32 = 1;

/// The templates file.
#[derive(Debug, Clone)]
pub struct TemplateStore {
    path: PathBuf,
}

impl TemplateStore {
    pub fn new(path: &Path) -> Self {
        Self {
            path: path.to_owned(),
        }
    }

    /// Every assignment; none when there is no file. A broken file is an error naming its place
    /// (and is never overwritten by an assignment).
    pub fn load(&self) -> Result<BTreeMap<String, Template>, Error> {
        let bytes = match std::fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
            Err(e) => return Err(self.io("read", e)),
        };
        let shape: FileShape = serde_json::from_slice(&bytes).map_err(|e| {
            Error::new(
                ErrorKind::InvalidInput,
                format!(
                    "The templates file {}:{}:{} is not valid: {e}. Fix or remove it.",
                    self.path.display(),
                    e.line(),
                    e.column()
                ),
            )
        })?;
        if shape.format != FORMAT {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!(
                    "The templates file {} has format {}, which this version does not read.",
                    self.path.display(),
                    shape.format
                ),
            ));
        }
        Ok(shape.templates)
    }

    /// Assigns `template` to the token (`None` removes its template).
    pub fn assign(&self, token_key: &str, template: Option<Template>) -> Result<(), Error> {
        let mut all = self.load()?;
        match template {
            Some(t) => all.insert(token_key.to_owned(), t),
            None => all.remove(token_key),
        };
        let body = serde_json::to_vec_pretty(&FileShape {
            format: FORMAT,
            templates: all,
        })
        .map_err(|e| Error::new(ErrorKind::Internal, e.to_string()))?;
        crate::fsutil::write_atomically(&self.path, "templates.json.tmp", &body)
            .map_err(|e| self.io("write", e))
    }

    fn io(&self, what: &str, e: std::io::Error) -> Error {
        Error::new(
            ErrorKind::Io,
            format!("Could not {what} {}: {e}", self.path.display()),
        )
    }
}

/// The assignments as the audit uses them: each template's permissions, through its vendor's
/// catalog (a template for a vendor without a catalog is left out).
pub fn resolved(
    templates: &BTreeMap<String, Template>,
    catalog_of: &dyn Fn(Vendor) -> Option<Catalog>,
) -> HashMap<String, Assigned> {
    let mut catalogs: HashMap<Vendor, Option<Catalog>> = HashMap::new();
    templates
        .iter()
        .filter_map(|(key, t)| {
            let cat = catalogs
                .entry(t.vendor)
                .or_insert_with(|| catalog_of(t.vendor))
                .as_ref()?;
            let scopes: Vec<&str> = t.scopes.iter().map(String::as_str).collect();
            let permissions = resolve(cat, None, &scopes, ResolveOptions { defaults: false })
                .permissions
                .into_iter()
                .map(|p| p.id)
                .collect();
            Some((
                key.clone(),
                Assigned {
                    name: t.name.clone(),
                    permissions,
                },
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::builtin::builtin;

    fn preset(scopes: &[&str]) -> Template {
        Template {
            vendor: Vendor::Cortex,
            source: TemplateSource::Preset,
            name: "CLI read-only".into(),
            scopes: scopes.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn assignments_are_kept_replaced_removed_and_a_broken_file_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let store = TemplateStore::new(&dir.path().join("templates.json"));
        assert!(store.load().unwrap().is_empty());
        store
            .assign("cortex/c1/7", Some(preset(&["CLI Read-Only Custom"])))
            .unwrap();
        store.assign("cortex/c1/8", Some(preset(&["CLI"]))).unwrap();
        store.assign("cortex/c1/8", None).unwrap();
        let all = store.load().unwrap();
        assert_eq!(all.len(), 1);
        assert_eq!(all["cortex/c1/7"].scopes, ["CLI Read-Only Custom"]);

        let resolved = resolved(&all, &|v| builtin(v.id()));
        assert!(
            resolved["cortex/c1/7"]
                .permissions
                .iter()
                .any(|p| p == "CLI Tools View"),
            "{:?}",
            resolved["cortex/c1/7"].permissions
        );

        std::fs::write(
            dir.path().join("templates.json"),
            "{\n  \"format\": 1,\n  oops\n}",
        )
        .unwrap();
        let err = store.load().unwrap_err();
        assert!(err.message.contains("templates.json:3:"), "{}", err.message);
        assert!(store.assign("cortex/c1/9", Some(preset(&["CLI"]))).is_err());
        let still = std::fs::read_to_string(dir.path().join("templates.json")).unwrap();
        assert!(still.contains("oops"), "the broken file was overwritten");
    }
}
