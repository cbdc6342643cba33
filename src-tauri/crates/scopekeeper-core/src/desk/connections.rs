//! Connections: add, edit (a saved credential never follows a changed address), remove, and
//! the sandbox's; each credential in the keyring first, the list written after.

use std::sync::Arc;

use super::{invalid, lock, Desk};
use crate::catalog::Catalog;
use crate::connection::{new_connection_id, validate_input, Connection, ConnectionInput};
use crate::error::{Error, ErrorKind};
use crate::secret::{ExposeSecret, SecretString};
use crate::secret_store::run_keyring_call;
use crate::sync::read;
use crate::vendor::Vendor;

impl Desk {
    pub fn connections(&self) -> Vec<Connection> {
        lock(&self.connections).list().to_vec()
    }

    /// Why the connections file could not be read, if it could not.
    pub fn connections_problem(&self) -> Option<String> {
        lock(&self.connections).broken().map(str::to_owned)
    }

    pub fn connection(&self, id: &str) -> Result<Connection, Error> {
        lock(&self.connections).get(id).cloned()
    }

    /// Adds or edits a connection. The credential is stored in the keyring first; the list is
    /// written only once that succeeded.
    pub async fn save_connection(
        &self,
        input: ConnectionInput,
        catalog: &Catalog,
    ) -> Result<Connection, Error> {
        // One change to the connections at a time: the stored entry read here is the one the
        // credential rule was checked against when the list is written.
        let _one_at_a_time = self.edits.lock().await;
        let existing = match &input.id {
            Some(id) => Some(self.connection(id)?),
            None => None,
        };
        let kinds: Vec<String> = catalog.kinds.iter().map(|k| k.id.clone()).collect();
        let conn = validate_input(
            &input,
            &kinds,
            existing.as_ref(),
            new_connection_id,
            self.now(),
        )?;
        let credential = match input.credential {
            Some(c) if c.expose_secret().trim().is_empty() => {
                return Err(invalid("The credential is empty."))
            }
            Some(c) => Some(SecretString::from(c.expose_secret().trim().to_owned())),
            None => None,
        };
        let key = conn.credential_key();
        // An edit that replaces the credential keeps the old one to put back if the list
        // cannot be written.
        let previous = match (&existing, &credential) {
            (Some(_), Some(_)) => {
                let store = Arc::clone(&self.secrets);
                let k = key.clone();
                run_keyring_call(self.keyring_timeout, move || store.load(&k)).await?
            }
            _ => None,
        };
        if let Some(cred) = &credential {
            self.write_secret(key.clone(), cred.clone(), previous.clone())
                .await?;
        }
        let put = lock(&self.connections).put(conn.clone());
        if let Err(e) = put {
            if credential.is_some() {
                let undone = match previous {
                    Some(p) => self.store_secret(key, p).await,
                    None => self.remove_secret(key).await.map(|_| ()),
                };
                if undone.is_err() {
                    return Err(Error::new(
                        e.kind,
                        format!("{} The credential could not be put back in the keyring either: check the entry {} there.", e.message, conn.credential_key().account),
                    ));
                }
            }
            return Err(e);
        }
        let action = if existing.is_some() {
            "connection_updated"
        } else {
            "connection_added"
        };
        self.record(
            &conn,
            action,
            None,
            None,
            &[],
            &format!("{} at {}", conn.label, conn.base_url),
        );
        Ok(conn)
    }

    /// Removes a connection, then its credential.
    pub async fn remove_connection(&self, id: &str) -> Result<(), Error> {
        let _one_at_a_time = self.edits.lock().await;
        let conn = lock(&self.connections).remove(id)?;
        self.remove_secret(conn.credential_key()).await?;
        self.record(
            &conn,
            "connection_removed",
            None,
            None,
            &[],
            "credential removed from the keyring",
        );
        Ok(())
    }

    /// Adds a sandbox connection for each of `vendors` the sandbox simulates (once each), with
    /// the simulator's admin credential and the key kind the vendor's adapter names for it.
    pub async fn add_sandbox_connections(
        &self,
        vendors: &[Vendor],
    ) -> Result<Vec<Connection>, Error> {
        let _one_at_a_time = self.edits.lock().await;
        let access = read(&self.sandbox)
            .clone()
            .ok_or_else(|| Error::new(ErrorKind::Internal, "The sandbox is not running."))?;
        let mut added = Vec::new();
        for vendor in vendors {
            let Some(tenant) = access.tenant(*vendor) else {
                continue;
            };
            if self
                .connections()
                .iter()
                .any(|c| c.sandbox && c.vendor == *vendor)
            {
                continue;
            }
            let key_id = tenant.key_id;
            let conn = Connection {
                id: new_connection_id(),
                vendor: *vendor,
                label: format!("Sandbox {}", vendor.name()),
                base_url: String::new(),
                key_kind: vendor.adapter().sandbox_key_kind().to_owned(),
                sandbox: true,
                key_id,
                security_level: key_id
                    .filter(|_| vendor.adapter().uses_key_id())
                    .map(|_| "standard".into()),
                added_at: self.now(),
            };
            self.write_secret(conn.credential_key(), tenant.credential.clone(), None)
                .await?;
            let put = lock(&self.connections).put(conn.clone());
            if let Err(e) = put {
                let _ = self.remove_secret(conn.credential_key()).await;
                return Err(e);
            }
            self.record(
                &conn,
                "connection_added",
                None,
                None,
                &[],
                "sandbox (built-in simulator)",
            );
            added.push(conn);
        }
        Ok(added)
    }

    /// The credentials of saved sandbox connections, to seed the simulators with on a new run.
    /// A credential missing from the keyring is skipped (the simulator makes a new one and the
    /// connection's test says so); a keyring that cannot be read is an error, so the sandbox
    /// does not start with credentials that silently no longer match.
    pub async fn sandbox_credentials(&self) -> Result<Vec<(Vendor, SecretString)>, Error> {
        let mut out = Vec::new();
        for c in self.connections().into_iter().filter(|c| c.sandbox) {
            match self.credential(&c).await {
                Ok(s) => out.push((c.vendor, s)),
                Err(e) if e.kind == ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }
}
