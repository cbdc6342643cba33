//! Which listed tokens are saved connections' credentials, and which connection a listing was
//! read through.
//!
//! A token is a connection's credential when its vendor-reported id is the id the adapter
//! reports for that connection's credential ([`VendorAdapter::credential_token_id`]) and both
//! connections reach the same tenant (vendor and origin): never by name. A connection whose
//! credential cannot be asked about marks nothing, and never fails a listing.
//!
//! A listing carries [`Desk::listed_as`], the connection's identity as it was read (vendor,
//! origin, key id); a revoke refuses to act through a connection whose identity changed since,
//! because a token id may name another tenant's token there.
//!
//! [`VendorAdapter::credential_token_id`]: crate::vendor::adapter::VendorAdapter::credential_token_id

use std::collections::HashMap;

use super::{invalid, Desk};
use crate::audit::CredentialUse;
use crate::connection::Connection;
use crate::error::{Error, ErrorKind};
use crate::secret::SecretString;
use crate::vendor::{Vendor, VendorToken};

/// Credential token id → the connections that sign in with it, for one tenant.
pub(crate) type CredentialIds = HashMap<String, Vec<CredentialUse>>;

impl Desk {
    /// The connection's identity as a listing read through it is bound to: its vendor, the
    /// origin its calls go to, and the key id its credential signs with.
    pub fn listed_as(&self, conn: &Connection) -> Result<String, Error> {
        let origin = self.base_url(conn)?.origin().ascii_serialization();
        let key = conn.key_id.map(|k| k.to_string()).unwrap_or_default();
        Ok(format!("{} {origin} {key}", conn.vendor.id()))
    }

    /// The tenant a connection reaches (vendor and origin); `None` while it has no address.
    pub(crate) fn tenant_of(&self, conn: &Connection) -> Option<(Vendor, String)> {
        let base = self.base_url(conn).ok()?;
        Some((conn.vendor, base.origin().ascii_serialization()))
    }

    /// The credential ids of every saved connection to the same tenant as `conn`.
    pub(super) async fn credential_ids_for(&self, conn: &Connection) -> CredentialIds {
        let Some(tenant) = self.tenant_of(conn) else {
            return CredentialIds::new();
        };
        self.credential_ids(std::slice::from_ref(&tenant))
            .await
            .remove(&tenant.0)
            .and_then(|mut by_origin| by_origin.remove(&tenant.1))
            .unwrap_or_default()
    }

    /// The credential ids of every saved connection to any of `tenants`, by vendor and origin.
    pub(crate) async fn credential_ids(
        &self,
        tenants: &[(Vendor, String)],
    ) -> HashMap<Vendor, HashMap<String, CredentialIds>> {
        self.credential_ids_with(tenants, &[]).await
    }

    /// [`Desk::credential_ids`], with the credentials of the connections in `read` already read
    /// from the keyring: only the others are read. A secret in `read` is used only for the very
    /// connection it was read for (same id, address and settings): one edited since is read again,
    /// so an old secret is never sent to a new address.
    pub(crate) async fn credential_ids_with(
        &self,
        tenants: &[(Vendor, String)],
        read: &[(&Connection, Result<SecretString, Error>)],
    ) -> HashMap<Vendor, HashMap<String, CredentialIds>> {
        let conns: Vec<(Connection, String)> = self
            .connections()
            .into_iter()
            // Only a vendor that lists tokens shows one to mark.
            .filter(|c| self.lists_through(c))
            .filter_map(|c| {
                let t = self.tenant_of(&c)?;
                tenants.contains(&t).then_some((c, t.1))
            })
            .collect();
        let asks = conns.iter().map(|(c, _)| async move {
            let session = match read.iter().find(|(r, _)| *r == c) {
                Some((_, credential)) => self.session_with(c, credential.clone().ok()?).ok()?,
                None => self.session(c).await.ok()?,
            };
            c.vendor
                .adapter()
                .credential_token_id(&session)
                .await
                .ok()
                .flatten()
        });
        let ids = futures_util::future::join_all(asks).await;
        let mut out: HashMap<Vendor, HashMap<String, CredentialIds>> = HashMap::new();
        for ((c, origin), id) in conns.into_iter().zip(ids) {
            let Some(id) = id else { continue };
            out.entry(c.vendor)
                .or_default()
                .entry(origin)
                .or_default()
                .entry(id)
                .or_default()
                .push(CredentialUse {
                    connection_id: c.id,
                    label: c.label,
                });
        }
        out
    }
}

/// Refuses a revoke through `conn` when the list it was chosen from was read through another
/// identity (the connection was edited since): `since` names when it was read, `fix` what to
/// do (`("this list was read", "list again")`).
pub(crate) fn same_listing(
    desk: &Desk,
    conn: &Connection,
    listed_as: &str,
    (since, fix): (&str, &str),
) -> Result<(), Error> {
    if desk.listed_as(conn)? == listed_as {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::Conflict,
        format!(
            "The connection \u{201c}{}\u{201d} was edited after {since}, so the token id may name another token now. Nothing was revoked: {fix}.",
            conn.label
        ),
    ))
}

/// Refuses a revoke of another connection's credential unless the admin confirmed breaking each
/// connection that signs in with it (by id).
pub(super) fn breaks_confirmed(token: &VendorToken, confirmed: &[String]) -> Result<(), Error> {
    let unconfirmed: Vec<&CredentialUse> = token
        .credential_of
        .iter()
        .filter(|u| !confirmed.contains(&u.connection_id))
        .collect();
    if unconfirmed.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = unconfirmed
        .iter()
        .map(|u| format!("\u{201c}{}\u{201d}", u.label))
        .collect();
    Err(invalid(format!(
        "\u{201c}{}\u{201d} is the credential of the connection {}: revoking it breaks that connection. Nothing was revoked; confirm breaking it to revoke.",
        token.name,
        names.join(" and ")
    )))
}
