//! Tokens at a vendor with a token API (MindBridge, Cortex): list, create (sent once, the
//! secret kept as the one pending secret), reveal once, copy, save, status, revoke, and the
//! child-within-parent check.

use reqwest::Url;
use serde_json::json;

use super::*;
use crate::vendor::cortex::{CxFilter, CxGenerate};
use crate::vendor::mindbridge::MbCreate;

impl CreatedToken {
    /// The fields every vendor fills the same way; the rest is set by the caller.
    fn blank(conn: &Connection, token_id: String, name: String, secret_length: usize) -> Self {
        Self {
            vendor: conn.vendor.clone(),
            connection_id: conn.id.clone(),
            connection_label: conn.label.clone(),
            sandbox: conn.sandbox,
            token_id,
            name,
            scopes: Vec::new(),
            expires: None,
            allowlist: Vec::new(),
            secret_length,
            env_var: String::new(),
            env_extra: Vec::new(),
            verify_command: String::new(),
        }
    }
}

impl Desk {
    // ---- tokens --------------------------------------------------------------------------

    /// Every token the vendor lists for this connection's tenant.
    pub async fn list_tokens(&self, id: &str) -> Result<Vec<VendorToken>, IpcError> {
        let conn = self.connection(id)?;
        let cred = self.credential(&conn).await?;
        match conn.vendor.as_str() {
            "mindbridge" => {
                let mb = self.mindbridge(&conn, cred)?;
                let own = mb.current().await?.id;
                Ok(mb
                    .query_all(&json!({}))
                    .await?
                    .into_iter()
                    .map(|t| VendorToken {
                        is_connection_credential: t.id == own,
                        id: t.id,
                        name: t.name,
                        scopes: t.permissions,
                        created: t.creation_date,
                        created_by: t.created_user_info.and_then(|u| u.user_name),
                        expires: Some(t.expiry),
                        allowlist: t.allowed_addresses,
                        security_level: None,
                        partial: t.partial_token,
                    })
                    .collect())
            }
            "cortex" => {
                let cx = self.cortex(&conn, cred)?;
                Ok(cx
                    .list(&[])
                    .await?
                    .into_iter()
                    .map(|k| VendorToken {
                        is_connection_credential: Some(k.id) == conn.key_id,
                        id: k.id.to_string(),
                        name: k.comment.clone().unwrap_or_else(|| {
                            k.user_name
                                .clone()
                                .unwrap_or_else(|| format!("key {}", k.id))
                        }),
                        scopes: k.roles,
                        created: k.creation_time.map(rfc3339_ms),
                        created_by: k.created_by,
                        expires: k.expiration.map(rfc3339_ms),
                        allowlist: Vec::new(),
                        security_level: k.security_level,
                        partial: None,
                    })
                    .collect())
            }
            _ => Err(invalid(format!(
                "{} has no public API to list tokens; see them in its console.",
                display_vendor(&conn.vendor)
            ))),
        }
    }

    /// Refuses scopes whose permissions the connection's own credential does not hold, naming
    /// each scope to untick and what it grants that the credential lacks.
    async fn check_within_parent(
        &self,
        conn: &Connection,
        cred: &SecretString,
        catalog: &Catalog,
        scopes: &[String],
    ) -> Result<(), IpcError> {
        let (held, per_scope) = match conn.vendor.as_str() {
            "mindbridge" => {
                let parent = self
                    .mindbridge(conn, cred.clone())?
                    .current()
                    .await?
                    .permissions;
                let per_scope = scopes
                    .iter()
                    .map(|s| {
                        (
                            s.clone(),
                            self.held_permissions(catalog, std::slice::from_ref(s)),
                        )
                    })
                    .collect();
                (self.held_permissions(catalog, &parent), per_scope)
            }
            "cortex" => {
                let cx = self.cortex(conn, cred.clone())?;
                let Some(own) = cx.own_key().await? else {
                    return Err(IpcError::new(
                        ErrorKind::ExceedsCredential,
                        "Cannot confirm what the connection's own key holds (it does not list itself), so nothing is requested.",
                    ));
                };
                self.cortex_permissions(&cx, catalog, &own.roles, scopes)
                    .await?
            }
            _ => return Ok(()),
        };
        let mut missing_count = std::collections::BTreeSet::new();
        let details: Vec<String> = per_scope
            .iter()
            .filter_map(|(scope, perms)| {
                let lacking: Vec<&str> = perms
                    .iter()
                    .filter(|p| !held.contains(p))
                    .map(String::as_str)
                    .collect();
                missing_count.extend(lacking.iter().copied());
                (!lacking.is_empty()).then(|| {
                    format!(
                        "Untick \u{201c}{scope}\u{201d}: it grants {}, which the connection's credential lacks.",
                        lacking.join(", ")
                    )
                })
            })
            .collect();
        if details.is_empty() {
            return Ok(());
        }
        Err(IpcError::new(
            ErrorKind::ExceedsCredential,
            format!(
                "The connection's own credential lacks {} permission{} this token would get, so nothing was requested.",
                missing_count.len(),
                if missing_count.len() == 1 { "" } else { "s" }
            ),
        )
        .with_details(details))
    }

    /// The permissions of the parent's roles, and of each requested role, in the tenant's own
    /// terms (`rbac/get_roles`), so custom roles count as the tenant defines them. A role the
    /// tenant does not know is refused. If the key may not read roles, the catalog decides.
    async fn cortex_permissions(
        &self,
        cx: &Cortex,
        catalog: &Catalog,
        parent: &[String],
        wanted: &[String],
    ) -> Result<(Vec<String>, Vec<(String, Vec<String>)>), IpcError> {
        let mut names: Vec<String> = parent.to_vec();
        names.extend(wanted.iter().filter(|w| !parent.contains(w)).cloned());
        let roles = match cx.get_roles(&names).await {
            Ok(r) => r,
            Err(VendorError::Forbidden { .. }) => {
                return Ok((
                    self.held_permissions(catalog, parent),
                    wanted
                        .iter()
                        .map(|w| {
                            (
                                w.clone(),
                                self.held_permissions(catalog, std::slice::from_ref(w)),
                            )
                        })
                        .collect(),
                ))
            }
            Err(e) => return Err(e.into()),
        };
        if let Some(unknown) = wanted
            .iter()
            .find(|w| !roles.iter().any(|r| &r.pretty_name == *w))
        {
            return Err(invalid(format!(
                "The tenant has no role \u{201c}{unknown}\u{201d}."
            )));
        }
        let perms_of = |set: &[String]| -> Vec<String> {
            let mut out: Vec<String> = Vec::new();
            for r in roles.iter().filter(|r| set.contains(&r.pretty_name)) {
                for p in &r.permissions {
                    if !out.contains(p) {
                        out.push(p.clone());
                    }
                }
            }
            out
        };
        Ok((
            perms_of(parent),
            wanted
                .iter()
                .map(|w| (w.clone(), perms_of(std::slice::from_ref(w))))
                .collect(),
        ))
    }

    /// Creates a token from a checked spec. The secret is kept here, not returned.
    pub async fn create_token(
        &self,
        id: &str,
        catalog: &Catalog,
        spec: &TokenSpec,
    ) -> Result<CreatedToken, IpcError> {
        let spec = &normalized(spec);
        let conn = self.connection(id)?;
        if !vendor_manages_tokens(&conn.vendor) {
            return Err(invalid(format!(
                "{} has no public API to create tokens; use the guided creation.",
                display_vendor(&conn.vendor)
            )));
        }
        same_vendor(&conn, catalog, spec)?;
        let res = self.checked(catalog, spec)?;
        let scopes: Vec<String> = res.scopes.iter().map(|s| s.id.clone()).collect();
        let cred = self.credential(&conn).await?;
        self.check_within_parent(&conn, &cred, catalog, &scopes)
            .await?;
        // Drop any earlier secret before making a new one.
        self.discard_pending();
        let policy = catalog
            .kind(&spec.kind)
            .and_then(|k| k.policy.clone())
            .unwrap_or_default();
        let started_ms = self.clock.now_ms();
        let outcome = match conn.vendor.as_str() {
            "mindbridge" => self.create_mindbridge(&conn, cred, spec, &scopes).await,
            _ => self.create_cortex(&conn, cred, spec, &scopes).await,
        };
        let (mut created, secret) = match outcome {
            Ok(v) => v,
            Err(e) => {
                let e = if reconcile::may_have_been_created(&e) {
                    let recorded = match conn.vendor.as_str() {
                        "cortex" => cortex_comment(spec).unwrap_or_default(),
                        _ => spec.name.clone(),
                    };
                    self.uncertain_create(&conn, &recorded, &scopes, started_ms, &e)
                } else {
                    IpcError::from(e)
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
        created.env_var = policy
            .env_var
            .clone()
            .unwrap_or_else(|| default_env_var(&conn.vendor));
        created.verify_command = verify_command(&conn, &created, &self.base_url(&conn)?);
        self.record(
            &conn,
            "created",
            Some(&created.token_id),
            Some(&created.name),
            &created.scopes,
            &format!(
                "expires {}",
                created.expires.clone().unwrap_or_else(|| "never".into())
            ),
        );
        *lock(&self.pending) = Some(PendingSecret {
            created: created.clone(),
            secret,
            revealed: false,
        });
        Ok(created)
    }

    async fn create_mindbridge(
        &self,
        conn: &Connection,
        cred: SecretString,
        spec: &TokenSpec,
        scopes: &[String],
    ) -> Result<(CreatedToken, SecretString), VendorError> {
        let day = spec
            .expires_on
            .as_deref()
            .and_then(Day::parse)
            .ok_or_else(|| VendorError::Internal {
                message: "expiry is required".into(),
            })?;
        // The end of the last valid day, but never past MindBridge's two-year limit.
        let end_ms = self.clock.end_of_day_ms(day);
        let limit_ms = self.clock.now_ms() + 730 * 86_400_000 - 60_000;
        let expiry = rfc3339_ms(end_ms.min(limit_ms));
        let mb = MindBridge::new(
            self.http.clone(),
            self.base_url(conn)
                .map_err(|e| VendorError::InvalidBaseUrl { message: e.message })?,
            cred,
        );
        let made = mb
            .create(&MbCreate {
                name: spec.name.trim().to_owned(),
                expiry,
                permissions: scopes.to_vec(),
                allowed_addresses: spec.ip_allowlist.clone(),
            })
            .await?;
        let len = made.secret.expose_secret().chars().count();
        Ok((
            CreatedToken {
                scopes: made.token.permissions,
                expires: Some(made.token.expiry),
                allowlist: made.token.allowed_addresses,
                ..CreatedToken::blank(conn, made.token.id, made.token.name, len)
            },
            made.secret,
        ))
    }

    async fn create_cortex(
        &self,
        conn: &Connection,
        cred: SecretString,
        spec: &TokenSpec,
        scopes: &[String],
    ) -> Result<(CreatedToken, SecretString), VendorError> {
        let expiration = spec
            .expires_on
            .as_deref()
            .and_then(Day::parse)
            .map(|d| self.clock.end_of_day_ms(d));
        let level = SecurityLevel::parse(spec.security_level.as_deref());
        let comment = cortex_comment(spec);
        let cx = self
            .cortex(conn, cred)
            .map_err(|e| VendorError::InvalidBaseUrl { message: e.message })?;
        let made = cx
            .generate(&CxGenerate {
                roles: scopes.to_vec(),
                security_level: level,
                expiration,
                comment: comment.clone(),
            })
            .await?;
        // Read back what Cortex recorded (expiration default applied); a failure here does not
        // undo the create, it only leaves the expiry unknown.
        let record = cx
            .list(&[CxFilter::IdIn(vec![made.id])])
            .await
            .ok()
            .and_then(|l| l.into_iter().next());
        let base = self
            .base_url(conn)
            .map_err(|e| VendorError::InvalidBaseUrl { message: e.message })?;
        let len = made.secret.expose_secret().chars().count();
        Ok((
            CreatedToken {
                scopes: record
                    .as_ref()
                    .map(|r| r.roles.clone())
                    .unwrap_or_else(|| scopes.to_vec()),
                expires: record.and_then(|r| r.expiration).map(rfc3339_ms),
                env_extra: vec![
                    format!("CORTEX_API_KEY_ID={}", made.id),
                    format!(
                        "CORTEX_API_BASE_URL={}",
                        base.as_str().trim_end_matches('/')
                    ),
                ],
                ..CreatedToken::blank(
                    conn,
                    made.id.to_string(),
                    comment.unwrap_or_else(|| format!("key {}", made.id)),
                    len,
                )
            },
            made.secret,
        ))
    }

    /// The pending token's description, if one is held.
    pub fn pending(&self) -> Option<CreatedToken> {
        lock(&self.pending).as_ref().map(|p| p.created.clone())
    }

    /// Shows the new secret, once. Later calls are refused: it cannot be shown again.
    pub fn reveal_pending(&self, token_id: &str) -> Result<String, IpcError> {
        let mut guard = lock(&self.pending);
        let p = guard
            .as_mut()
            .filter(|p| p.created.token_id == token_id)
            .ok_or_else(|| {
                IpcError::new(
                    ErrorKind::NotFound,
                    "That token's secret is gone; it cannot be shown again.",
                )
            })?;
        if p.revealed {
            return Err(IpcError::new(
                ErrorKind::Conflict,
                "The secret was already revealed once; it cannot be shown again.",
            ));
        }
        p.revealed = true;
        Ok(p.secret.expose_secret().to_owned())
    }

    /// What a copy puts on the clipboard (the app writes it; it never crosses IPC).
    pub fn pending_for_copy(
        &self,
        token_id: &str,
        what: CopyWhat,
    ) -> Result<SecretString, IpcError> {
        let guard = lock(&self.pending);
        let p = guard
            .as_ref()
            .filter(|p| p.created.token_id == token_id)
            .ok_or_else(|| {
                IpcError::new(
                    ErrorKind::NotFound,
                    "That token's secret is gone; it cannot be copied again.",
                )
            })?;
        Ok(match what {
            CopyWhat::Secret => p.secret.clone(),
            CopyWhat::EnvLine => SecretString::from(format!(
                "{}={}",
                p.created.env_var,
                p.secret.expose_secret()
            )),
        })
    }

    /// Keeps the pending secret in the keyring under `token:<name>`.
    pub async fn save_pending(&self, token_id: &str, name: &str) -> Result<String, IpcError> {
        let name = name.trim();
        if name.is_empty() || name.len() > 200 {
            return Err(invalid(
                "Give the keyring entry a name (up to 200 characters).",
            ));
        }
        let (secret, created) = {
            let guard = lock(&self.pending);
            let p = guard
                .as_ref()
                .filter(|p| p.created.token_id == token_id)
                .ok_or_else(|| {
                    IpcError::new(
                        ErrorKind::NotFound,
                        "That token's secret is gone; it can no longer be saved.",
                    )
                })?;
            (p.secret.clone(), p.created.clone())
        };
        let account = format!("token:{name}");
        self.store_secret(SecretKey::scopekeeper(account.clone()), secret)
            .await?;
        if let Ok(conn) = self.connection(&created.connection_id) {
            self.record(
                &conn,
                "saved_in_keyring",
                Some(&created.token_id),
                Some(&created.name),
                &[],
                &format!("keyring entry {account}"),
            );
        }
        Ok(account)
    }

    /// Forgets whatever secret is pending (before a new create).
    pub fn discard_pending(&self) {
        lock(&self.pending).take();
    }

    /// Forgets the pending secret if it is `token_id`'s (the admin left its result screen); a
    /// newer token's secret is kept. Returns whether one was dropped.
    pub fn discard_pending_of(&self, token_id: &str) -> bool {
        let mut guard = lock(&self.pending);
        if guard
            .as_ref()
            .is_some_and(|p| p.created.token_id == token_id)
        {
            guard.take();
            true
        } else {
            false
        }
    }

    /// Whether a token is listed by the vendor, and (while its secret is held) accepted.
    pub async fn token_status(&self, id: &str, token_id: &str) -> Result<TokenStatus, IpcError> {
        let conn = self.connection(id)?;
        let listed = self.list_tokens(id).await?.iter().any(|t| t.id == token_id);
        let secret = {
            let guard = lock(&self.pending);
            guard
                .as_ref()
                .filter(|p| p.created.token_id == token_id)
                .map(|p| p.secret.clone())
        };
        let verifies = match secret {
            None => None,
            Some(s) => Some(
                match conn.vendor.as_str() {
                    "mindbridge" => self
                        .mindbridge(&conn, s)?
                        .current()
                        .await
                        .map(|t| t.id == token_id),
                    _ => {
                        let kid: i64 = token_id.parse().map_err(|_| invalid("bad key id"))?;
                        let level = self
                            .cortex_level_of(&conn, kid)
                            .await
                            .unwrap_or(SecurityLevel::Standard);
                        self.cortex_with(&conn, kid, s, level)?
                            .healthcheck()
                            .await
                            .map(|_| true)
                    }
                }
                .unwrap_or(false),
            ),
        };
        let detail = match (listed, verifies) {
            (true, Some(true)) => "Listed by the vendor and accepted by it.".to_owned(),
            (true, None) => "Listed by the vendor.".to_owned(),
            (true, Some(false)) => "Listed by the vendor, but the vendor refused it.".to_owned(),
            (false, _) => "Not listed by the vendor.".to_owned(),
        };
        if let Some(v) = verifies {
            self.record(
                &conn,
                "verified",
                Some(token_id),
                None,
                &[],
                if v {
                    "accepted by the vendor"
                } else {
                    "refused by the vendor"
                },
            );
        }
        Ok(TokenStatus {
            listed,
            verifies,
            detail,
        })
    }

    async fn cortex_level_of(&self, conn: &Connection, kid: i64) -> Option<SecurityLevel> {
        let cred = self.credential(conn).await.ok()?;
        let rec = self
            .cortex(conn, cred)
            .ok()?
            .list(&[CxFilter::IdIn(vec![kid])])
            .await
            .ok()?
            .into_iter()
            .next()?;
        Some(SecurityLevel::parse(rec.security_level.as_deref()))
    }

    /// Renames a MindBridge token (the only change MindBridge allows), sending the `version`
    /// just read. A concurrent change answers 409 and is reported, not retried.
    pub async fn rename_token(
        &self,
        id: &str,
        token_id: &str,
        name: &str,
    ) -> Result<VendorToken, IpcError> {
        let conn = self.connection(id)?;
        if conn.vendor != "mindbridge" {
            return Err(invalid(format!(
                "{} tokens cannot be renamed through its API.",
                display_vendor(&conn.vendor)
            )));
        }
        let name = name.trim();
        if name.is_empty() {
            return Err(invalid("Give the token a name."));
        }
        let cred = self.credential(&conn).await?;
        let mb = self.mindbridge(&conn, cred)?;
        let current = mb.get(token_id).await?;
        let renamed = mb.rename(token_id, current.version, name).await?;
        self.record(
            &conn,
            "renamed",
            Some(token_id),
            Some(name),
            &[],
            &format!("was \u{201c}{}\u{201d}", current.name),
        );
        Ok(VendorToken {
            is_connection_credential: false,
            id: renamed.id,
            name: renamed.name,
            scopes: renamed.permissions,
            created: renamed.creation_date,
            created_by: renamed.created_user_info.and_then(|u| u.user_name),
            expires: Some(renamed.expiry),
            allowlist: renamed.allowed_addresses,
            security_level: None,
            partial: renamed.partial_token,
        })
    }

    /// Revokes a token at the vendor. The connection's own credential is refused (that would
    /// lock Scopekeeper out).
    pub async fn revoke_token(&self, id: &str, token_id: &str) -> Result<(), IpcError> {
        let conn = self.connection(id)?;
        let tokens = self.list_tokens(id).await?;
        let token = tokens.iter().find(|t| t.id == token_id).ok_or_else(|| {
            IpcError::new(
                ErrorKind::NotFound,
                format!("The vendor lists no token {token_id}."),
            )
        })?;
        if token.is_connection_credential {
            return Err(invalid("This is the connection's own credential; revoking it would lock Scopekeeper out. Revoke it in the vendor's console after replacing it."));
        }
        let cred = self.credential(&conn).await?;
        match conn.vendor.as_str() {
            "mindbridge" => self.mindbridge(&conn, cred)?.delete(token_id).await?,
            _ => {
                let kid: i64 = token_id
                    .parse()
                    .map_err(|_| invalid("A Cortex key id is a number."))?;
                if !self.cortex(&conn, cred)?.delete(&[kid]).await?.done() {
                    return Err(IpcError::new(
                        ErrorKind::NotFound,
                        format!("Cortex deleted nothing for key {kid}."),
                    ));
                }
            }
        }
        self.discard_pending_of(token_id);
        self.record(
            &conn,
            "revoked",
            Some(token_id),
            Some(&token.name),
            &token.scopes,
            "revoked at the vendor",
        );
        Ok(())
    }
}

/// What Cortex records as a key's comment (and Scopekeeper shows as its name): the
/// description, else the name.
fn cortex_comment(spec: &TokenSpec) -> Option<String> {
    spec.description
        .clone()
        .filter(|d| !d.trim().is_empty())
        .or_else(|| Some(spec.name.clone()))
        .filter(|c| !c.trim().is_empty())
}

fn verify_command(conn: &Connection, created: &CreatedToken, base: &Url) -> String {
    let base = base.as_str().trim_end_matches('/');
    match conn.vendor.as_str() {
        "mindbridge" => format!(
            "curl -sS -H \"Authorization: Bearer ${}\" {}",
            created.env_var,
            shell_quote(&format!("{base}/api/v1/api-tokens/current"))
        ),
        _ => format!(
            "curl -sS -H \"Authorization: ${}\" -H \"x-xdr-auth-id: {}\" {}",
            created.env_var,
            created.token_id,
            shell_quote(&format!("{base}/public_api/v1/healthcheck"))
        ),
    }
}
