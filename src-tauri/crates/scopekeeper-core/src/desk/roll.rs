//! Rolling a token's value, where the vendor can (`Capabilities::roll`): a new value with the
//! same permissions, the old value void at once. Sent once and never repeated (a second roll
//! would void the value the first one returned). The new value is held as a new token's is:
//! shown once, copied from Rust, kept in the keyring only on request.

use super::credentials;
use super::reconcile::may_have_been_created;
use super::types::{CreatedToken, PendingSecret, RevokeChoice};
use super::{invalid, lock, registered, Desk};
use crate::connection::Connection;
use crate::error::{Error, ErrorKind};
use crate::vendor::adapter::Made;
use crate::vendor::VendorToken;

impl Desk {
    /// Rolls `token_id`'s value, as the admin chose it from a listing read through the
    /// connection as it is now. Another connection's credential is rolled only when each
    /// connection it breaks is confirmed; the connection's own, never.
    pub async fn roll_token(
        &self,
        id: &str,
        token_id: &str,
        choice: &RevokeChoice,
    ) -> Result<CreatedToken, Error> {
        let conn = self.connection(id)?;
        let adapter = conn.vendor.adapter();
        if !adapter.capabilities().roll {
            return Err(invalid(format!(
                "{} cannot roll a token's value; rotate it instead (a new token with the same scopes).",
                conn.vendor
            )));
        }
        let token = self.rollable(&conn, token_id, choice).await?;
        let session = self.session(&conn).await?;
        self.discard_pending();
        let rolled = match adapter.roll(&session, &token).await {
            Ok(r) => r,
            Err(e) => {
                let e = if may_have_been_created(&e) {
                    let next = if adapter.roll_replaces_token() {
                        "It replaces a rolled token with a new one: run the audit again and roll the new token of that name to get a value you can see."
                    } else {
                        "Roll it again to get a value you can see."
                    };
                    Error::new(
                        ErrorKind::CreateUncertain,
                        format!(
                            "{} may have rolled \u{201c}{}\u{201d}: its old value may have stopped working, and the new one did not arrive ({e}). {next}",
                            conn.vendor, token.name
                        ),
                    )
                } else {
                    Error::from(e)
                };
                self.record(
                    &conn,
                    "roll_failed",
                    Some(token_id),
                    Some(&token.name),
                    &token.scopes,
                    &e.message,
                );
                return Err(e);
            }
        };
        let new_id = rolled.token_id.filter(|n| *n != token.id);
        let made = Made {
            token_id: new_id.clone().unwrap_or_else(|| token.id.clone()),
            name: token.name.clone(),
            scopes: token.scopes.clone(),
            expires: rolled.expires.or_else(|| token.expires.clone()),
            allowlist: token.allowlist.clone(),
            env_extra: Vec::new(),
            secret: rolled.secret,
        };
        let (created, secret) = self.created(&conn, &session, made, adapter.env_var().to_owned());
        self.record(
            &conn,
            "rolled",
            Some(token_id),
            Some(&token.name),
            &token.scopes,
            &format!(
                "new value{}; the old one no longer works; fingerprint {}",
                new_id
                    .map(|n| format!(" (now token {n})"))
                    .unwrap_or_default(),
                registered::fingerprint(&secret)
            ),
        );
        *lock(&self.pending) = Some(PendingSecret {
            created: created.clone(),
            secret,
            revealed: false,
        });
        Ok(created)
    }

    /// The token to roll, as the vendor lists it now through the connection as it was when the
    /// admin chose it: never the connection's own credential, and another connection's only
    /// when each connection it breaks is confirmed.
    async fn rollable(
        &self,
        conn: &Connection,
        token_id: &str,
        choice: &RevokeChoice,
    ) -> Result<VendorToken, Error> {
        credentials::same_listing(
            self,
            conn,
            &choice.listed_as,
            ("this list was read", "list again, then roll"),
        )?;
        let listed = self.list_tokens(&conn.id).await?;
        let token = listed
            .into_iter()
            .find(|t| t.id == token_id)
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::NotFound,
                    format!("The vendor lists no token {token_id}."),
                )
            })?;
        if token.is_connection_credential {
            return Err(invalid("This is the connection's own credential; rolling it would lock Scopekeeper out. Roll it in the vendor's console, then edit the connection with the new value."));
        }
        credentials::breaks_confirmed(&token, &choice.confirmed_breaks)?;
        Ok(token)
    }
}
