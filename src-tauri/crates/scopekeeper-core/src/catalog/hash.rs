//! A catalog's content hash: the SHA-256 of its file as loaded (compact JSON of the completed
//! [`CatalogFile`], grants as written), computed once per loaded catalog and kept.
//!
//! The loaded catalog no longer holds its written grants as strings, so they are written here
//! from the index (or, where the file wrote them in another order or with repeats, from
//! `grants_as_written`), field by field as `CatalogFile` and `ScopeDef` serialize. The hash
//! must never change for an unchanged file: saved audit runs compare it.

use serde::ser::{Serialize, Serializer};
use serde::Serialize as DeriveSerialize;
use sha2::{Digest, Sha256};

use super::file::{GroupDef, KeyKindDef, PermissionDef, PresetDef, Requirement, ScopeDef, Source};
use super::{Catalog, PermIx, ScopeIx};

/// [`CatalogFile`]'s fields, order and omissions, borrowed.
#[derive(DeriveSerialize)]
struct FileAsLoaded<'a> {
    vendor: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: &'a Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    product: &'a Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    homepage: &'a Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    docs: &'a Option<String>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    sources: &'a [Source],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    drift: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    notes: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    groups: &'a [GroupDef],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    key_kinds: &'a [KeyKindDef],
    scopes: ScopesAsLoaded<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    permissions: &'a Option<Vec<PermissionDef>>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    presets: &'a [PresetDef],
}

/// [`ScopeDef`]'s fields, order and omissions, borrowed, with its grants from the index.
#[derive(DeriveSerialize)]
struct ScopeAsLoaded<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: &'a Option<String>,
    description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: &'a Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    grants: Option<GrantIds<'a>>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    implies: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    requires: &'a [Requirement],
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    default: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    required: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    elevated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: &'a Option<String>,
}

struct ScopesAsLoaded<'a>(&'a Catalog);

/// Permission ids by index.
struct GrantIds<'a> {
    catalog: &'a Catalog,
    ids: &'a [PermIx],
}

impl Serialize for ScopesAsLoaded<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let cat = self.0;
        serializer.collect_seq(cat.scopes().iter().enumerate().map(|(ix, s)| {
            let ix = ix as ScopeIx;
            let as_written = cat
                .grants_as_written
                .binary_search_by_key(&ix, |(s, _)| *s)
                .map(|at| &*cat.grants_as_written[at].1);
            scope(s, cat, as_written.unwrap_or_else(|_| cat.grants_of(ix)))
        }))
    }
}

fn scope<'a>(s: &'a ScopeDef, cat: &'a Catalog, grants: &'a [PermIx]) -> ScopeAsLoaded<'a> {
    ScopeAsLoaded {
        id: &s.id,
        name: &s.name,
        description: &s.description,
        group: &s.group,
        grants: s.grants.as_ref().map(|_| GrantIds {
            catalog: cat,
            ids: grants,
        }),
        implies: &s.implies,
        requires: &s.requires,
        default: s.default,
        required: s.required,
        elevated: s.elevated,
        source: &s.source,
    }
}

impl Serialize for GrantIds<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let cat = self.catalog;
        serializer.collect_seq(self.ids.iter().map(|&p| cat.permission(p).id.as_str()))
    }
}

/// Feeds what is written into a SHA-256.
struct Hashing(Sha256);

impl std::io::Write for Hashing {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The SHA-256 (lower-case hex) of `value`'s compact JSON, without building the JSON.
fn sha256_of_json(value: &impl Serialize) -> String {
    let mut hashing = Hashing(Sha256::new());
    serde_json::to_writer(&mut hashing, value).expect("catalog text serializes");
    hex::encode(hashing.0.finalize())
}

impl Catalog {
    /// The SHA-256 (lower-case hex) of the catalog file as loaded; computed the first time it
    /// is asked for, then kept.
    pub fn content_hash(&self) -> &str {
        self.content_hash.get_or_init(|| {
            let d = &self.def;
            sha256_of_json(&FileAsLoaded {
                vendor: &d.vendor,
                id: &d.id,
                product: &d.product,
                homepage: &d.homepage,
                docs: &d.docs,
                sources: &d.sources,
                drift: &d.drift,
                notes: &d.notes,
                groups: &d.groups,
                key_kinds: &d.key_kinds,
                scopes: ScopesAsLoaded(self),
                permissions: &d.permissions,
                presets: &d.presets,
            })
        })
    }
}

/// The hash of a completed file, as [`Catalog::content_hash`] must find it.
#[cfg(test)]
pub(crate) fn file_hash(file: &super::file::CatalogFile) -> String {
    sha256_of_json(file)
}

#[cfg(test)]
#[path = "hash_tests.rs"]
mod tests;
