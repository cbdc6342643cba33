//! Cortex through the one vendor interface: its API generates, lists and deletes keys (roles,
//! Standard or Advanced security, an expiry or the one-week default), and `rbac/get_roles` says
//! what roles grant as the tenant defines them. No allowlist, no rename.

use crate::catalog::Catalog;
use crate::error::{Error, ErrorKind};
use crate::secret::SecretString;
use crate::token_spec::TokenSpec;
use crate::vendor::adapter::{
    rfc3339_ms, shell_quote, Answer, Capabilities, CreateRequest, ListProgress, Made, OnProgress,
    ParentCheck, Probe, Session, VendorAdapter,
};
use crate::vendor::VendorToken;
use crate::vendor::{VendorError, VendorHttp};

use super::roles::{catalog_permissions, role_permissions, NEEDED};
use super::{Cortex, CxFilter, CxGenerate, CxKey, SecurityLevel};

pub struct CortexAdapter;

fn invalid(m: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidInput, m)
}

fn client_as(s: &Session<'_>, key_id: i64, key: SecretString, level: SecurityLevel) -> Cortex {
    Cortex::new(
        s.http.clone(),
        s.base.clone(),
        key_id,
        key,
        level,
        s.clock.clone(),
    )
}

fn client(s: &Session<'_>) -> Result<Cortex, Error> {
    let id = s
        .connection
        .key_id
        .ok_or_else(|| invalid("This Cortex connection has no key id; edit it."))?;
    Ok(client_as(
        s,
        id,
        s.credential.clone(),
        SecurityLevel::parse(s.connection.security_level.as_deref()),
    ))
}

fn key_id(token_id: &str) -> Result<i64, Error> {
    token_id
        .parse()
        .map_err(|_| invalid("A Cortex key id is a number."))
}

/// The one mapping from a Cortex key to the app's token type.
fn token(k: CxKey, own_id: Option<i64>) -> VendorToken {
    VendorToken {
        is_connection_credential: Some(k.id) == own_id,
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
        last_used: None,
        broad_reach: None,
        reach: Vec::new(),
        credential_of: Vec::new(),
        listed_as: String::new(),
    }
}

/// What Cortex records as a key's comment (and Scopekeeper shows as its name): the description,
/// else the name.
fn comment(spec: &TokenSpec) -> Option<String> {
    spec.description
        .clone()
        .filter(|d| !d.trim().is_empty())
        .or_else(|| Some(spec.name.clone()))
        .filter(|c| !c.trim().is_empty())
}

impl VendorAdapter for CortexAdapter {
    fn id(&self) -> &'static str {
        "cortex"
    }

    fn name(&self) -> &'static str {
        "Cortex"
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            create: true,
            list: true,
            revoke: true,
            rename: false,
            set_expiry: true,
            set_allowlist: false,
            introspect: true,
            roll: false,
            offers_scopes: false,
        }
    }

    fn url_hint(&self) -> &'static str {
        "https://api-{tenant}.xdr.us.paloaltonetworks.com"
    }

    fn sandbox_key_kind(&self) -> &'static str {
        "api-key"
    }

    fn env_var(&self) -> &'static str {
        "CORTEX_API_KEY"
    }

    fn uses_key_id(&self) -> bool {
        true
    }

    fn needed_permissions(&self) -> &'static [&'static str] {
        &NEEDED
    }

    /// The roles as the tenant defines them (`rbac/get_roles`); `None` (the catalog decides)
    /// when the key may not read roles.
    fn scope_permissions<'a>(
        &'a self,
        s: &'a Session<'a>,
        scopes: &'a [String],
    ) -> Answer<'a, Option<std::collections::HashMap<String, Vec<String>>>> {
        Box::pin(async move {
            match client(s)?.get_roles(scopes).await {
                Ok(roles) => Ok(Some(
                    roles
                        .into_iter()
                        .map(|r| (r.pretty_name, r.permissions))
                        .collect(),
                )),
                Err(VendorError::Forbidden { .. }) => Ok(None),
                Err(e) => Err(e.into()),
            }
        })
    }

    fn probe<'a>(&'a self, s: &'a Session<'a>, catalog: &'a Catalog) -> Answer<'a, Probe> {
        Box::pin(async move {
            let cx = client(s)?;
            let status = cx.healthcheck().await?;
            let mut p = Probe {
                facts: vec![format!("Tenant health: {status}")],
                ..Probe::default()
            };
            match cx.own_key().await {
                Ok(Some(k)) => {
                    match k.expiration {
                        Some(e) => p.facts.push(format!("Expires {}", rfc3339_ms(e))),
                        None => p.risks.push("Never expires.".into()),
                    }
                    p.needed = NEEDED.map(String::from).to_vec();
                    // What the roles grant, as the tenant defines them (the catalog if the key
                    // may not read roles).
                    let held = match cx.get_roles(&k.roles).await {
                        Ok(roles) => {
                            for r in &roles {
                                p.facts.push(format!(
                                    "{} grants {}",
                                    r.pretty_name,
                                    r.permissions.join(", ")
                                ));
                            }
                            roles.into_iter().flat_map(|r| r.permissions).collect()
                        }
                        Err(_) => catalog_permissions(catalog, &k.roles),
                    };
                    p.can_create = held.iter().any(|p| p == "Public API View/Edit");
                    p.summary = format!(
                        "Authenticated as API key {} with roles {}",
                        k.id,
                        k.roles.join(", ")
                    );
                    p.holds = k.roles;
                }
                Ok(None) => {
                    p.summary = "Authenticated; the key does not appear in its own key list".into()
                }
                Err(VendorError::Forbidden { .. }) => {
                    p.summary =
                        "Authenticated; the key may not list API keys, so its roles are unknown"
                            .into()
                }
                Err(e) => return Err(e.into()),
            }
            Ok(p)
        })
    }

    /// The key id the connection signs in with (`x-xdr-auth-id`) is the key's listed id.
    fn credential_token_id<'a>(&'a self, s: &'a Session<'a>) -> Answer<'a, Option<String>> {
        let id = s.connection.key_id.map(|k| k.to_string());
        Box::pin(async move { Ok(id) })
    }

    /// One call answers every key (Cortex does not page `get_api_keys`).
    fn list_tokens<'a>(
        &'a self,
        s: &'a Session<'a>,
        progress: OnProgress<'a>,
    ) -> Answer<'a, Vec<VendorToken>> {
        Box::pin(async move {
            let own = s.connection.key_id;
            let keys = client(s)?.list(&[]).await?;
            if keys.len() > s.max_tokens {
                return Err(VendorError::TooManyTokens {
                    limit: s.max_tokens,
                }
                .into());
            }
            let keys: Vec<VendorToken> = keys.into_iter().map(|k| token(k, own)).collect();
            progress(ListProgress {
                tokens_seen: keys.len(),
                pages_read: 1,
                total_pages: Some(1),
            });
            Ok(keys)
        })
    }

    /// In the tenant's own terms (`rbac/get_roles`), so custom roles count as the tenant
    /// defines them; a role the tenant does not know is refused. If the key may not read roles,
    /// the catalog decides.
    fn parent_check<'a>(
        &'a self,
        s: &'a Session<'a>,
        catalog: &'a Catalog,
        req: &'a CreateRequest<'a>,
    ) -> Answer<'a, Option<ParentCheck>> {
        Box::pin(async move {
            let scopes = req.scopes;
            let cx = client(s)?;
            let Some(own) = cx.own_key().await? else {
                return Err(Error::new(
                    ErrorKind::ExceedsCredential,
                    "Cannot confirm what the connection's own key holds (it does not list itself), so nothing is requested.",
                ));
            };
            let mut names = own.roles.clone();
            names.extend(scopes.iter().filter(|w| !own.roles.contains(w)).cloned());
            let per = |f: &dyn Fn(&[String]) -> Vec<String>| -> Vec<(String, Vec<String>)> {
                scopes
                    .iter()
                    .map(|w| (w.clone(), f(std::slice::from_ref(w))))
                    .collect()
            };
            let check = match cx.get_roles(&names).await {
                Ok(roles) => {
                    if let Some(unknown) = scopes
                        .iter()
                        .find(|w| !roles.iter().any(|r| &r.pretty_name == *w))
                    {
                        return Err(invalid(format!(
                            "The tenant has no role \u{201c}{unknown}\u{201d}."
                        )));
                    }
                    ParentCheck {
                        over: None,
                        held: role_permissions(&roles, &own.roles),
                        per_scope: per(&|set| role_permissions(&roles, set)),
                    }
                }
                Err(VendorError::Forbidden { .. }) => ParentCheck {
                    over: None,
                    held: catalog_permissions(catalog, &own.roles),
                    per_scope: per(&|set| catalog_permissions(catalog, set)),
                },
                Err(e) => return Err(e.into()),
            };
            Ok(Some(check))
        })
    }

    fn create<'a>(
        &'a self,
        s: &'a Session<'a>,
        req: &'a CreateRequest<'a>,
    ) -> futures_util::future::BoxFuture<'a, Result<Made, VendorError>> {
        Box::pin(async move {
            let comment = comment(req.spec);
            let cx = client(s).map_err(|e| VendorError::InvalidBaseUrl { message: e.message })?;
            let made = cx
                .generate(&CxGenerate {
                    roles: req.scopes.to_vec(),
                    security_level: SecurityLevel::parse(req.spec.security_level.as_deref()),
                    expiration: req.expires_ms,
                    comment: comment.clone(),
                })
                .await?;
            // Read back what Cortex recorded (expiration default applied); a failure here does
            // not undo the create, it only leaves the expiry unknown.
            let record = cx
                .list(&[CxFilter::IdIn(vec![made.id])])
                .await
                .ok()
                .and_then(|l| l.into_iter().next());
            Ok(Made {
                token_id: made.id.to_string(),
                name: comment.unwrap_or_else(|| format!("key {}", made.id)),
                scopes: record
                    .as_ref()
                    .map(|r| r.roles.clone())
                    .unwrap_or_else(|| req.scopes.to_vec()),
                expires: record.and_then(|r| r.expiration).map(rfc3339_ms),
                allowlist: Vec::new(),
                env_extra: vec![
                    format!("CORTEX_API_KEY_ID={}", made.id),
                    format!(
                        "CORTEX_API_BASE_URL={}",
                        s.base.as_str().trim_end_matches('/')
                    ),
                ],
                secret: made.secret,
            })
        })
    }

    fn recorded_name(&self, spec: &TokenSpec) -> String {
        comment(spec).unwrap_or_default()
    }

    /// A healthcheck with the new key, signed at the key's own security level.
    fn accepts<'a>(
        &'a self,
        s: &'a Session<'a>,
        token_id: &'a str,
        secret: SecretString,
    ) -> Answer<'a, bool> {
        Box::pin(async move {
            let kid = key_id(token_id)?;
            // Only at the key's own level: an Advanced key is never sent raw on a guess.
            let level = client(s)?
                .list(&[CxFilter::IdIn(vec![kid])])
                .await?
                .into_iter()
                .next()
                .map(|k| SecurityLevel::parse(k.security_level.as_deref()))
                .ok_or_else(|| {
                    Error::new(ErrorKind::NotFound, format!("Cortex lists no key {kid}."))
                })?;
            Ok(client_as(s, kid, secret, level).healthcheck().await.is_ok())
        })
    }

    /// A delete whose first reply was lost finds the key gone on the retry: done.
    fn revoke<'a>(&'a self, s: &'a Session<'a>, token_id: &'a str) -> Answer<'a, ()> {
        Box::pin(async move {
            let kid = key_id(token_id)?;
            if client(s)?.delete(&[kid]).await?.done() {
                Ok(())
            } else {
                Err(Error::new(
                    ErrorKind::NotFound,
                    format!("Cortex deleted nothing for key {kid}."),
                ))
            }
        })
    }

    fn verify_pasted<'a>(
        &'a self,
        _http: &'a VendorHttp,
        _base: &'a reqwest::Url,
        _token: &'a SecretString,
    ) -> Answer<'a, Result<String, String>> {
        Box::pin(async {
            Err(invalid(
                "A Cortex key is checked with its key id: add it as a connection instead.",
            ))
        })
    }

    fn verify_command(&self, base: &str, env_var: &str, token_id: Option<&str>) -> String {
        format!(
            "curl -sS -H \"Authorization: ${env_var}\" -H \"x-xdr-auth-id: {}\" {}",
            token_id.unwrap_or("$CORTEX_API_KEY_ID"),
            shell_quote(&format!("{base}/public_api/v1/healthcheck"))
        )
    }
}

#[cfg(test)]
mod tests;
