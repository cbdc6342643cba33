//! Vendor connections: which tenant, which key kind, and where its credential is.
//!
//! The list lives in one JSON file in the app's config dir and never holds a secret: each
//! connection's credential is in the OS keyring under `connection:<id>`. A connection is
//! written only after its credential is safely in the keyring, and its credential is removed
//! only after the connection is gone from the file, so neither can be left half-made. The file
//! is replaced atomically (temporary file + rename); a file that cannot be read is left
//! untouched and reported, and the store then refuses changes rather than overwrite it.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, ErrorKind};
use crate::secret::SecretString;
use crate::secret_store::SecretKey;
use crate::vendor::{check_base_url, Vendor};

const FORMAT: u32 = 1;

/// A saved connection (no secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Connection {
    pub id: String,
    /// The vendor (its catalog id in the file).
    pub vendor: Vendor,
    pub label: String,
    /// The tenant's base URL; empty for a sandbox connection (its simulator runs in the app).
    pub base_url: String,
    /// Catalog key kind of the admin's credential.
    pub key_kind: String,
    /// Backed by the built-in simulator, not a real vendor.
    pub sandbox: bool,
    /// The credential's key id, for a vendor whose calls name it (`VendorInfo::uses_key_id`).
    #[serde(default)]
    #[ts(type = "number | null")]
    pub key_id: Option<i64>,
    /// With a key id: `standard` or `advanced`.
    #[serde(default)]
    pub security_level: Option<String>,
    /// RFC 3339.
    pub added_at: String,
}

impl Connection {
    /// Where its credential is kept.
    pub fn credential_key(&self) -> SecretKey {
        credential_key(&self.id)
    }
}

pub fn credential_key(id: &str) -> SecretKey {
    SecretKey::scopekeeper(format!("connection:{id}"))
}

/// A connection to add (`id: None`) or edit. Arrives from the UI; the credential is wrapped
/// from the moment it is deserialized.
#[derive(Debug, Deserialize, TS)]
pub struct ConnectionInput {
    #[serde(default)]
    pub id: Option<String>,
    pub vendor: String,
    pub label: String,
    #[serde(default)]
    pub base_url: String,
    pub key_kind: String,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub key_id: Option<i64>,
    #[serde(default)]
    pub security_level: Option<String>,
    /// Required to add; when editing, absent keeps the stored one (a credential is replaced,
    /// never shown).
    #[serde(default)]
    #[ts(type = "string | null")]
    pub credential: Option<SecretString>,
}

/// The connection list as the UI gets it and, if its file could not be read, why.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ConnectionList {
    pub connections: Vec<Connection>,
    pub problem: Option<String>,
    /// Every vendor Scopekeeper connects to, with what its API can do: the UI decides from
    /// these, never from a vendor's name.
    pub vendors: Vec<crate::vendor::adapter::VendorInfo>,
    /// Connections through which the vendor lists no tokens (their tokens are registered by
    /// fingerprint instead), though the vendor may list through others.
    pub unlisted: Vec<String>,
}

/// The list of connections and the file it lives in.
#[derive(Debug)]
pub struct ConnectionStore {
    path: PathBuf,
    items: Vec<Connection>,
    /// Why the file could not be read; set, the store refuses every change.
    broken: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct FileShape {
    format: u32,
    connections: Vec<Connection>,
}

impl ConnectionStore {
    /// The folder the list lives in (its sibling files: registered tokens).
    pub fn dir(&self) -> PathBuf {
        self.path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."))
    }

    /// Reads `path` (a missing file is an empty list).
    pub fn open(path: &Path) -> Self {
        let (items, broken) = match fs::read(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Vec::new(), None),
            Err(e) => (Vec::new(), Some(format!("{}: {e}", path.display()))),
            Ok(bytes) => match serde_json::from_slice::<FileShape>(&bytes) {
                Ok(f) if f.format == FORMAT => (f.connections, None),
                Ok(f) => (
                    Vec::new(),
                    Some(format!(
                        "{}: unsupported format {}",
                        path.display(),
                        f.format
                    )),
                ),
                Err(e) => (
                    Vec::new(),
                    Some(format!(
                        "{}:{}:{}: {e}",
                        path.display(),
                        e.line(),
                        e.column()
                    )),
                ),
            },
        };
        Self {
            path: path.to_owned(),
            items,
            broken,
        }
    }

    pub fn list(&self) -> &[Connection] {
        &self.items
    }

    /// Why the connections file could not be read, if it could not.
    pub fn broken(&self) -> Option<&str> {
        self.broken.as_deref()
    }

    pub fn get(&self, id: &str) -> Result<&Connection, Error> {
        self.items
            .iter()
            .find(|c| c.id == id)
            .ok_or_else(|| Error::new(ErrorKind::NotFound, format!("No connection `{id}`.")))
    }

    fn writable(&self) -> Result<(), Error> {
        match &self.broken {
            None => Ok(()),
            Some(why) => Err(Error::new(
                ErrorKind::Io,
                format!("The connections file could not be read, so it is left as it is: {why}. Fix or move it, then restart Scopekeeper."),
            )),
        }
    }

    /// Adds or replaces (by id) a connection and saves the file.
    pub fn put(&mut self, conn: Connection) -> Result<(), Error> {
        self.writable()?;
        let mut next = self.items.clone();
        match next.iter_mut().find(|c| c.id == conn.id) {
            Some(existing) => *existing = conn,
            None => next.push(conn),
        }
        self.save(&next)?;
        self.items = next;
        Ok(())
    }

    /// Removes a connection and saves the file; returns it.
    pub fn remove(&mut self, id: &str) -> Result<Connection, Error> {
        self.writable()?;
        let conn = self.get(id)?.clone();
        let next: Vec<Connection> = self.items.iter().filter(|c| c.id != id).cloned().collect();
        self.save(&next)?;
        self.items = next;
        Ok(conn)
    }

    fn save(&self, items: &[Connection]) -> Result<(), Error> {
        let io = |what: &str, e: std::io::Error| {
            Error::new(
                ErrorKind::Io,
                format!("Could not {what} {}: {e}", self.path.display()),
            )
        };
        let body = serde_json::to_vec_pretty(&FileShape {
            format: FORMAT,
            connections: items.to_vec(),
        })
        .map_err(|e| {
            Error::new(
                ErrorKind::Internal,
                format!("Could not encode connections: {e}"),
            )
        })?;
        crate::fsutil::write_atomically(&self.path, "connections.json.tmp", &body)
            .map_err(|e| io("write", e))
    }
}

/// Checks an input against the catalogs' vendors and kinds and the URL rules, and builds the
/// connection to save. `existing` is the connection being edited, if any.
pub fn validate_input(
    input: &ConnectionInput,
    kinds_of_vendor: &[String],
    existing: Option<&Connection>,
    new_id: impl FnOnce() -> String,
    now_rfc3339: String,
) -> Result<Connection, Error> {
    let invalid = |m: String| Error::new(ErrorKind::InvalidInput, m);
    let vendor = Vendor::parse(&input.vendor).ok_or_else(|| {
        invalid(format!(
            "Scopekeeper cannot connect to `{}`; it connects to {}.",
            input.vendor,
            Vendor::ALL.map(Vendor::name).join(", ")
        ))
    })?;
    if let Some(e) = existing {
        if e.vendor != vendor || e.sandbox {
            return Err(invalid(if e.sandbox {
                "A sandbox connection cannot be edited; remove it and add the sandbox again.".into()
            } else {
                "A connection's vendor cannot change; add a new connection instead.".into()
            }));
        }
    }
    let label = input.label.trim();
    if label.is_empty() {
        return Err(invalid(
            "Give the connection a label, e.g. \"Production tenant\".".into(),
        ));
    }
    if !kinds_of_vendor.contains(&input.key_kind) {
        return Err(invalid(format!(
            "`{}` is not a key kind of {} ({}).",
            input.key_kind,
            vendor,
            kinds_of_vendor.join(", ")
        )));
    }
    let base = check_base_url(&input.base_url).map_err(|e| invalid(e.to_string()))?;
    let (key_id, security_level) = key_id_of(vendor, input)?;
    if existing.is_none() && input.credential.is_none() {
        return Err(invalid(
            "Paste the admin credential; it is kept only in the OS keyring.".into(),
        ));
    }
    let conn = Connection {
        id: existing.map(|e| e.id.clone()).unwrap_or_else(new_id),
        vendor,
        label: label.to_owned(),
        base_url: base.as_str().trim_end_matches('/').to_owned(),
        key_kind: input.key_kind.clone(),
        sandbox: false,
        key_id,
        security_level,
        added_at: existing.map(|e| e.added_at.clone()).unwrap_or(now_rfc3339),
    };
    if let (Some(old), None) = (existing, &input.credential) {
        if let Some(why) = credential_reentry_reason(old, &conn) {
            return Err(invalid(why));
        }
    }
    Ok(conn)
}

/// The key id (and, where the vendor names one with it, the security level) a connection keeps.
fn key_id_of(
    vendor: Vendor,
    input: &ConnectionInput,
) -> Result<(Option<i64>, Option<String>), Error> {
    let invalid = |m: String| Error::new(ErrorKind::InvalidInput, m);
    let out = if vendor.adapter().uses_key_id() {
        let id = input.key_id.filter(|i| *i > 0).ok_or_else(|| {
            invalid(format!(
                "{vendor} needs the API key's ID (the number shown beside the key in its console)."
            ))
        })?;
        let level = input
            .security_level
            .clone()
            .unwrap_or_else(|| "standard".into());
        if level != "standard" && level != "advanced" {
            return Err(invalid("Security level is standard or advanced.".into()));
        }
        (Some(id), Some(level))
    } else if vendor.adapter().key_id_label().is_some() {
        (input.key_id.filter(|i| *i > 0), None)
    } else {
        (None, None)
    };
    Ok(out)
}

/// Why an edit must come with the credential again, if it must: a saved credential is only
/// ever sent where, and as, it was entered. Changing the address's origin (scheme, host or
/// port), the key id, or the security level from advanced (a signature) to standard
/// (the raw key on the wire) would otherwise send it somewhere, or in a form, the admin never
/// approved.
pub fn credential_reentry_reason(old: &Connection, new: &Connection) -> Option<String> {
    let origin = |u: &str| {
        url::Url::parse(u)
            .ok()
            .map(|u| u.origin().ascii_serialization())
    };
    if origin(&old.base_url) != origin(&new.base_url) {
        return Some(format!(
            "The address changed from {} to {}: paste the credential again. Scopekeeper never sends a saved credential to a different address.",
            old.base_url, new.base_url
        ));
    }
    if old.key_id != new.key_id {
        return Some("The API key ID changed: paste that key's credential again.".into());
    }
    if old.security_level.as_deref() == Some("advanced")
        && new.security_level.as_deref() != Some("advanced")
    {
        return Some("Standard security sends the key itself with every call, where advanced sent only a signature: paste the key again to confirm.".into());
    }
    None
}

/// A new random connection id.
pub fn new_connection_id() -> String {
    let mut b = [0u8; 6];
    getrandom::fill(&mut b).expect("the OS random source works");
    format!("c{}", hex::encode(b))
}

#[cfg(test)]
mod tests;
