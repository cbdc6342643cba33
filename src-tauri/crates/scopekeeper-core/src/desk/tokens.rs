//! Tokens at a vendor with a token API: list, create (sent once, the secret kept as the one
//! pending secret), status, rename, revoke, and the child-within-parent check. What each vendor
//! does is its adapter's; the rules around it are here.

use super::types::{CreatedToken, PendingSecret, RevokeChoice, TokenStatus};
use super::{credentials, invalid, lock, reconcile, registered, same_vendor, Desk};
use crate::catalog::Catalog;
use crate::connection::Connection;
use crate::error::{Error, ErrorKind};
use crate::secret::{ExposeSecret, SecretString};
use crate::token_spec::{normalized, Day, TokenSpec};
use crate::vendor::adapter::{CreateRequest, Made, OnProgress, Session};
use crate::vendor::{ListFilter, VendorToken};

impl Desk {
    /// Every token the vendor lists for this connection's tenant.
    pub async fn list_tokens(&self, id: &str) -> Result<Vec<VendorToken>, Error> {
        self.list_tokens_with_progress(id, &|_| {}).await
    }

    /// [`Self::list_tokens`], telling `progress` after each page the vendor answers.
    pub async fn list_tokens_with_progress(
        &self,
        id: &str,
        progress: OnProgress<'_>,
    ) -> Result<Vec<VendorToken>, Error> {
        self.listed(id, &ListFilter::default(), progress).await
    }

    /// The tokens the vendor lists that pass `filter`, filtered by the vendor itself. A filter
    /// with a problem, or any filter where the vendor lists every token, is refused (nothing
    /// is asked of the vendor).
    pub async fn list_tokens_filtered(
        &self,
        id: &str,
        filter: &ListFilter,
    ) -> Result<Vec<VendorToken>, Error> {
        let problems = filter.problems();
        if !problems.is_empty() {
            return Err(
                invalid("Correct the filter: nothing was asked of the vendor")
                    .with_details(problems),
            );
        }
        self.listed(id, filter, &|_| {}).await
    }

    async fn listed(
        &self,
        id: &str,
        filter: &ListFilter,
        progress: OnProgress<'_>,
    ) -> Result<Vec<VendorToken>, Error> {
        let conn = self.connection(id)?;
        if !filter.is_empty() && !conn.vendor.adapter().filters_listing() {
            return Err(invalid(format!(
                "{} lists every token and cannot filter them: clear the filter",
                conn.vendor.name()
            )));
        }
        let mut session = self.session(&conn).await?;
        session.filter = filter.clone();
        let mut listed = conn
            .vendor
            .adapter()
            .list_tokens(&session, progress)
            .await?;
        let creds = self.credential_ids_for(&conn).await;
        let listed_as = self.listed_as(&conn)?;
        for t in &mut listed {
            t.credential_of = creds.get(&t.id).cloned().unwrap_or_default();
            t.listed_as = listed_as.clone();
        }
        Ok(listed)
    }

    /// Creates a token from a checked spec. The secret is kept here, not returned.
    pub async fn create_token(
        &self,
        id: &str,
        catalog: &Catalog,
        spec: &TokenSpec,
    ) -> Result<CreatedToken, Error> {
        let (_, created, secret) = self.create_secret(id, catalog, spec).await?;
        *lock(&self.pending) = Some(PendingSecret {
            created: created.clone(),
            secret,
            revealed: false,
        });
        Ok(created)
    }

    /// Creates a token and hands back its secret to the caller (which keeps it pending, or puts
    /// it straight into the keyring). Sent once; logged.
    pub(super) async fn create_secret(
        &self,
        id: &str,
        catalog: &Catalog,
        spec: &TokenSpec,
    ) -> Result<(Connection, CreatedToken, SecretString), Error> {
        let spec = &normalized(spec);
        let conn = self.connection(id)?;
        let adapter = conn.vendor.adapter();
        if !adapter.capabilities().create {
            return Err(invalid(format!(
                "{} has no public API to create tokens; use the guided creation.",
                conn.vendor
            )));
        }
        same_vendor(&conn, catalog, spec)?;
        let res = self.checked(catalog, spec)?;
        let scopes: Vec<String> = res.scopes.iter().map(|s| s.id.clone()).collect();
        let session = self.session(&conn).await?;
        let req = CreateRequest {
            spec,
            scopes: &scopes,
            expires_ms: spec
                .expires_on
                .as_deref()
                .and_then(Day::parse)
                .map(|d| self.clock.end_of_day_ms(d)),
            starts_ms: spec
                .starts_on
                .as_deref()
                .and_then(Day::parse)
                .map(|d| self.clock.start_of_day_ms(d).max(self.clock.now_ms())),
        };
        self.check_within_parent(&session, catalog, &req).await?;
        // Drop any earlier secret before making a new one.
        self.discard_pending();
        let started_ms = self.clock.now_ms();
        let made = match adapter.create(&session, &req).await {
            Ok(m) => m,
            Err(e) => {
                let e = if reconcile::may_have_been_created(&e) {
                    let recorded = adapter.recorded_name(spec);
                    self.uncertain_create(&conn, &recorded, &scopes, started_ms, &e)
                } else {
                    Error::from(e)
                };
                self.record(
                    &conn,
                    "create_failed",
                    None,
                    Some(&spec.name),
                    &scopes,
                    &e.message,
                );
                return Err(e);
            }
        };
        let env_var = catalog
            .kind(&spec.kind)
            .and_then(|k| k.policy.clone())
            .and_then(|p| p.env_var)
            .unwrap_or_else(|| adapter.env_var().to_owned());
        // A later create that went through ends the search for an earlier uncertain one: its
        // token would otherwise look like the lost one.
        lock(&self.uncertain).take();
        let (created, secret) = self.created(&conn, &session, made, env_var);
        self.record(
            &conn,
            "created",
            Some(&created.token_id),
            Some(&created.name),
            &created.scopes,
            &format!(
                "expires {}; fingerprint {}",
                created.expires.clone().unwrap_or_else(|| "never".into()),
                registered::fingerprint(&secret)
            ),
        );
        Ok((conn, created, secret))
    }

    /// What the result screen shows of a token just made (never its secret).
    pub(super) fn created(
        &self,
        conn: &Connection,
        session: &Session<'_>,
        made: Made,
        env_var: String,
    ) -> (CreatedToken, SecretString) {
        let base = session.base.as_str().trim_end_matches('/');
        let verify_command =
            conn.vendor
                .adapter()
                .verify_command(base, &env_var, Some(&made.token_id));
        let created = CreatedToken {
            vendor: conn.vendor,
            connection_id: conn.id.clone(),
            connection_label: conn.label.clone(),
            sandbox: conn.sandbox,
            secret_length: made.secret.expose_secret().chars().count(),
            token_id: made.token_id,
            name: made.name,
            scopes: made.scopes,
            expires: made.expires,
            allowlist: made.allowlist,
            allowlist_supported: conn.vendor.adapter().capabilities().set_allowlist,
            env_var,
            env_extra: made.env_extra,
            verify_command,
        };
        (created, made.secret)
    }

    /// Whether a token is listed by the vendor, and (while its secret is held) accepted.
    pub async fn token_status(&self, id: &str, token_id: &str) -> Result<TokenStatus, Error> {
        let conn = self.connection(id)?;
        let listed = self.list_tokens(id).await?.iter().any(|t| t.id == token_id);
        let verifies = match self.pending_secret_of(token_id) {
            None => None,
            Some(secret) => {
                let session = self.session(&conn).await?;
                // A check that could not be made says nothing either way.
                conn.vendor
                    .adapter()
                    .accepts(&session, token_id, secret)
                    .await
                    .ok()
            }
        };
        let detail = match (listed, verifies) {
            (true, Some(true)) => "Listed by the vendor and accepted by it.",
            (true, None) => "Listed by the vendor.",
            (true, Some(false)) => "Listed by the vendor, but the vendor refused it.",
            (false, _) => "Not listed by the vendor.",
        };
        if let Some(v) = verifies {
            let said = if v {
                "accepted by the vendor"
            } else {
                "refused by the vendor"
            };
            self.record(&conn, "verified", Some(token_id), None, &[], said);
        }
        Ok(TokenStatus {
            listed,
            verifies,
            detail: detail.to_owned(),
        })
    }

    /// Renames a token where the vendor allows it.
    pub async fn rename_token(
        &self,
        id: &str,
        token_id: &str,
        name: &str,
    ) -> Result<VendorToken, Error> {
        let conn = self.connection(id)?;
        let name = name.trim();
        if name.is_empty() {
            return Err(invalid("Give the token a name."));
        }
        let session = self.session(&conn).await?;
        let (renamed, was) = conn
            .vendor
            .adapter()
            .rename(&session, token_id, name)
            .await?;
        self.record(
            &conn,
            "renamed",
            Some(token_id),
            Some(name),
            &[],
            &format!("was \u{201c}{was}\u{201d}"),
        );
        Ok(renamed)
    }

    /// Revokes a token at the vendor, chosen from a list read through `choice.listed_as`: once
    /// the connection was edited since, nothing is revoked (list again). The connection's own
    /// credential is refused (that would lock Scopekeeper out); another connection's only with
    /// that connection in `choice.confirmed_breaks`.
    pub async fn revoke_token(
        &self,
        id: &str,
        token_id: &str,
        choice: &RevokeChoice,
    ) -> Result<(), Error> {
        credentials::same_listing(
            self,
            &self.connection(id)?,
            &choice.listed_as,
            ("this list was read", "list again, then revoke"),
        )?;
        let listed = self.list_tokens(id).await?;
        self.revoke_logged(
            id,
            &listed,
            token_id,
            &choice.confirmed_breaks,
            "revoked at the vendor",
        )
        .await
    }

    /// Revokes `old` once `new`, created through this connection to replace it (a rotate or a
    /// narrow), is listed by the vendor: the log links the two, so the replacement reads as one
    /// chain. Anything else is refused and `old` is kept.
    pub async fn revoke_replaced(&self, id: &str, old: &str, new: &str) -> Result<(), Error> {
        let kept =
            |why: String| Error::new(ErrorKind::NotFound, format!("{why}, so {old} was kept."));
        if old == new {
            return Err(invalid("A token cannot replace itself."));
        }
        if !self
            .created_here()
            .contains(&(id.to_owned(), new.to_owned()))
        {
            return Err(kept(format!(
                "Token {new} was not created here through this connection"
            )));
        }
        let listed = self.list_tokens(id).await?;
        let Some(replacement) = listed.iter().find(|t| t.id == new) else {
            return Err(kept(format!(
                "The vendor lists no token {new}: check the new token before revoking the old one"
            )));
        };
        let detail = format!(
            "revoked at the vendor: replaced by {} ({new})",
            replacement.name
        );
        self.revoke_logged(id, &listed, old, &[], &detail).await
    }

    /// Revokes `token_id`, found in `listed` (the vendor's list, read just before). Another
    /// connection's credential only when each connection it breaks is in `confirmed_breaks`.
    pub(crate) async fn revoke_logged(
        &self,
        id: &str,
        listed: &[VendorToken],
        token_id: &str,
        confirmed_breaks: &[String],
        detail: &str,
    ) -> Result<(), Error> {
        let conn = self.connection(id)?;
        let token = listed.iter().find(|t| t.id == token_id).ok_or_else(|| {
            Error::new(
                ErrorKind::NotFound,
                format!("The vendor lists no token {token_id}."),
            )
        })?;
        if token.is_connection_credential {
            return Err(invalid("This is the connection's own credential; revoking it would lock Scopekeeper out. Revoke it in the vendor's console after replacing it."));
        }
        credentials::breaks_confirmed(token, confirmed_breaks)?;
        let session = self.session(&conn).await?;
        conn.vendor.adapter().revoke(&session, token_id).await?;
        self.discard_pending_of(token_id);
        self.record(
            &conn,
            "revoked",
            Some(token_id),
            Some(&token.name),
            &token.scopes,
            detail,
        );
        Ok(())
    }

    /// `(connection id, token id)` of every token the action log says was created here. Entries
    /// from before the log kept connection ids are matched by vendor and label.
    pub(crate) fn created_here(&self) -> std::collections::HashSet<(String, String)> {
        let conns = self.connections();
        let entries = self.log.recent(100_000).unwrap_or_default();
        entries
            .into_iter()
            .filter(|e| e.action == "created")
            .filter_map(|e| {
                let conn = match e.connection_id {
                    Some(id) => id,
                    None => conns
                        .iter()
                        .find(|c| c.vendor.id() == e.vendor && c.label == e.connection)?
                        .id
                        .clone(),
                };
                Some((conn, e.token_id?))
            })
            .collect()
    }
}
