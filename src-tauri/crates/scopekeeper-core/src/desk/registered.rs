//! Tokens known to Scopekeeper for vendors with no API that lists them: made
//! through guided creation and verified here, or registered by pasting an existing one. Kept in
//! `registered.json` beside the connections — a name, the declared scopes and expiry, and the
//! first 12 hex characters of the token's SHA-256, never the token.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{invalid, lock, Desk};
use crate::audit::{AuditToken, TokenSource};
use crate::catalog::Catalog;
use crate::clock::is_calendar_ms;
use crate::connection::Connection;
use crate::error::{Error, ErrorKind};
use crate::places::REGISTERED_FILE;
use crate::secret::{ExposeSecret, SecretString};
use crate::token_spec::Day;

/// What an admin says about a token they paste: its name, scopes and expiry (the vendor cannot
/// be asked).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Declared {
    pub name: String,
    pub scopes: Vec<String>,
    /// `YYYY-MM-DD`; `None`: it never expires.
    pub expires_on: Option<String>,
}

/// One token known to Scopekeeper.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Registered {
    /// `sha256:` and the first 12 hex characters of the token's SHA-256.
    pub fingerprint: String,
    pub name: String,
    pub scopes: Vec<String>,
    /// Unix ms (the end of the declared day, local time); `None`: never expires.
    pub expires_ms: Option<i64>,
    /// Unix ms.
    pub registered_ms: i64,
    pub registered_by: String,
}

#[derive(Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileShape {
    format: u32,
    /// Connection id → its known tokens.
    tokens: BTreeMap<String, Vec<Registered>>,
}

const FORMAT: u32 = 1;

/// The fingerprint the audit shows: never more than 12 hex characters of the SHA-256.
pub fn fingerprint(token: &SecretString) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(token.expose_secret().as_bytes());
    format!("sha256:{}", &hex::encode(digest)[..12])
}

/// The first entry (of connection `only`, or of any) holding a date no calendar has (e.g.
/// `expires_ms` = `i64::MIN`), named by its connection, fingerprint and name: such a date would
/// poison every day count made from it.
fn out_of_range(file: &FileShape, only: Option<&str>) -> Option<String> {
    let mut lists = file.tokens.iter();
    lists.find_map(|(conn, list)| {
        if only.is_some_and(|id| id != conn) {
            return None;
        }
        list.iter().enumerate().find_map(|(i, r)| {
            let bad = [("registered_ms", Some(r.registered_ms)), ("expires_ms", r.expires_ms)]
                .into_iter()
                .find_map(|(field, ms)| ms.filter(|&ms| !is_calendar_ms(ms)).map(|ms| (field, ms)))?;
            Some(format!(
                "entry {} of connection {} ({} “{}”) has {} = {}, which is not a date between the years 1 and 9999",
                i + 1,
                conn.escape_debug(),
                r.fingerprint.escape_debug(),
                r.name.escape_debug(),
                bad.0,
                bad.1
            ))
        })
    })
}

impl Desk {
    fn registered_path(&self) -> PathBuf {
        lock(&self.connections).dir().join(REGISTERED_FILE)
    }

    /// The file, refused when an entry of connection `only` (of any, when `None`: before the
    /// file is written again) holds a date out of range.
    fn registered_file(&self, only: Option<&str>) -> Result<FileShape, Error> {
        let file = self.registered_file_as_is()?;
        match out_of_range(&file, only) {
            Some(problem) => Err(invalid(format!(
                "{}: {problem}. Fix or remove that entry.",
                self.registered_path().display()
            ))),
            None => Ok(file),
        }
    }

    fn registered_file_as_is(&self) -> Result<FileShape, Error> {
        let path = self.registered_path();
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(FileShape {
                    format: FORMAT,
                    ..FileShape::default()
                })
            }
            Err(e) => {
                return Err(Error::new(
                    ErrorKind::Io,
                    format!("Could not read {}: {e}", path.display()),
                ))
            }
        };
        match serde_json::from_slice::<FileShape>(&bytes) {
            Ok(f) if f.format == FORMAT => Ok(f),
            Ok(f) => Err(invalid(format!(
                "{} has format {}, which this version does not read.",
                path.display(),
                f.format
            ))),
            Err(e) => Err(invalid(format!(
                "{}:{}:{} is not valid: {e}. Fix or remove it.",
                path.display(),
                e.line(),
                e.column()
            ))),
        }
    }

    fn save_registered(&self, file: &FileShape) -> Result<(), Error> {
        let path = self.registered_path();
        let body = serde_json::to_vec_pretty(file)
            .map_err(|e| Error::new(ErrorKind::Internal, e.to_string()))?;
        crate::fsutil::write_atomically(&path, &format!("{REGISTERED_FILE}.tmp"), &body).map_err(
            |e| {
                Error::new(
                    ErrorKind::Io,
                    format!("Could not write {}: {e}", path.display()),
                )
            },
        )
    }

    /// Remembers a verified token (replacing what was known of the same token).
    pub(super) fn register(
        &self,
        conn: &Connection,
        token: &SecretString,
        declared: &Declared,
    ) -> Result<String, Error> {
        let name = declared.name.trim();
        if name.is_empty() {
            return Err(invalid(
                "Name the token, as it is named in the vendor's console.",
            ));
        }
        let expires_ms = match declared.expires_on.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(d) => {
                let day = Day::parse(d).ok_or_else(|| {
                    invalid(format!("The expiry “{d}” is not a date: use YYYY-MM-DD."))
                })?;
                Some(self.clock.end_of_day_ms(day))
            }
        };
        let fp = fingerprint(token);
        let mut file = self.registered_file(None)?;
        let list = file.tokens.entry(conn.id.clone()).or_default();
        list.retain(|r| r.fingerprint != fp);
        list.push(Registered {
            fingerprint: fp.clone(),
            name: name.to_owned(),
            scopes: declared.scopes.clone(),
            expires_ms,
            registered_ms: self.clock.now_ms(),
            registered_by: self.actor.clone(),
        });
        self.save_registered(&file)?;
        self.record(
            conn,
            "registered",
            Some(&fp),
            Some(name),
            &declared.scopes,
            "known to Scopekeeper (the vendor cannot list it); only its fingerprint is kept",
        );
        Ok(fp)
    }

    /// Forgets a registered token (it stays valid at the vendor).
    pub fn forget_registered(&self, id: &str, fingerprint: &str) -> Result<(), Error> {
        let conn = self.connection(id)?;
        let mut file = self.registered_file(None)?;
        let list = file.tokens.entry(conn.id.clone()).or_default();
        let Some(at) = list.iter().position(|r| r.fingerprint == fingerprint) else {
            return Err(Error::new(
                ErrorKind::NotFound,
                format!("No token {fingerprint} is registered for this connection."),
            ));
        };
        let gone = list.remove(at);
        self.save_registered(&file)?;
        self.record(
            &conn,
            "forgotten",
            Some(fingerprint),
            Some(&gone.name),
            &gone.scopes,
            "no longer tracked here; still valid at the vendor until revoked in its console",
        );
        Ok(())
    }

    /// The connection's registered tokens as the audit sees them.
    pub(crate) fn registered_tokens(
        &self,
        conn: &Connection,
        catalog: Option<&Catalog>,
    ) -> Result<Vec<AuditToken>, Error> {
        let file = self.registered_file(Some(&conn.id))?;
        Ok(file
            .tokens
            .get(&conn.id)
            .into_iter()
            .flatten()
            .map(|r| AuditToken {
                vendor: conn.vendor,
                connection_id: conn.id.clone(),
                id: r.fingerprint.clone(),
                name: r.name.clone(),
                created_ms: Some(r.registered_ms),
                expires_ms: r.expires_ms,
                last_used_ms: None,
                allowlist: Vec::new(),
                permissions: crate::audit::inventory::effective(&r.scopes, None, catalog),
                scopes: r.scopes.clone(),
                is_connection_credential: false,
                credential_of: Vec::new(),
                listed_as: String::new(),
                owner: Some(r.registered_by.clone()),
                source: TokenSource::Registered,
                broad_reach: None,
                reach: Vec::new(),
            })
            .collect())
    }
}
