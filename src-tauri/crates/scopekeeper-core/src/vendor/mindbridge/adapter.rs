//! MindBridge through the one vendor interface: its API lists, creates (expiry required, an
//! allowlist allowed), renames and deletes tokens, and `current` says what a credential holds.

use serde_json::json;

use crate::catalog::Catalog;
use crate::secret::SecretString;
use crate::token_spec::TokenSpec;
use crate::vendor::adapter::{
    catalog_permissions as permissions, shell_quote, Answer, Capabilities, CreateRequest,
    ListProgress, Made, OnProgress, ParentCheck, Probe, Session, VendorAdapter,
};
use crate::vendor::VendorToken;
use crate::vendor::{VendorError, VendorHttp};

use super::{MbCreate, MbToken, MindBridge};

pub struct MindBridgeAdapter;

/// Tokens per page when listing (MindBridge allows 1–100).
const PAGE_SIZE: usize = 100;

/// What Scopekeeper needs its connection's credential to hold: list, create and revoke tokens.
const NEEDED: [&str; 3] = [
    "api.api-tokens.read",
    "api.api-tokens.write",
    "api.api-tokens.delete",
];

/// MindBridge's own limit on a token's life.
const MAX_LIFE_MS: i64 = 730 * 86_400_000;

fn client(s: &Session<'_>) -> MindBridge {
    MindBridge::new(s.http.clone(), s.base.clone(), s.credential.clone())
}

/// The one mapping from a MindBridge token to the app's token type.
fn token(t: MbToken, own_id: Option<&str>) -> VendorToken {
    VendorToken {
        is_connection_credential: own_id == Some(t.id.as_str()),
        id: t.id,
        name: t.name,
        scopes: t.permissions,
        created: t.creation_date,
        created_by: t.created_user_info.and_then(|u| u.user_name),
        expires: Some(t.expiry),
        allowlist: t.allowed_addresses,
        security_level: None,
        partial: t.partial_token,
        last_used: None,
        broad_reach: None,
        reach: Vec::new(),
        credential_of: Vec::new(),
        listed_as: String::new(),
    }
}

impl VendorAdapter for MindBridgeAdapter {
    fn id(&self) -> &'static str {
        "mindbridge"
    }

    fn name(&self) -> &'static str {
        "MindBridge"
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            create: true,
            list: true,
            revoke: true,
            rename: true,
            set_expiry: true,
            set_allowlist: true,
            introspect: true,
            roll: false,
            offers_scopes: false,
        }
    }

    fn url_hint(&self) -> &'static str {
        "https://{tenant}.mindbridge.ai"
    }

    /// MindBridge documents none; Scopekeeper's convention.
    fn sandbox_key_kind(&self) -> &'static str {
        "api-token"
    }

    fn env_var(&self) -> &'static str {
        "MINDBRIDGE_API_TOKEN"
    }

    fn needed_permissions(&self) -> &'static [&'static str] {
        &NEEDED
    }

    fn probe<'a>(&'a self, s: &'a Session<'a>, _catalog: &'a Catalog) -> Answer<'a, Probe> {
        Box::pin(async move {
            let me = client(s).current().await?;
            let mut p = Probe {
                summary: format!(
                    "Authenticated as API token \u{201c}{}\u{201d} with {} permissions",
                    me.name,
                    me.permissions.len()
                ),
                can_create: me.permissions.iter().any(|p| p == "api.api-tokens.write"),
                facts: vec![format!("Expires {}", me.expiry)],
                needed: NEEDED.map(String::from).to_vec(),
                ..Probe::default()
            };
            if me.allowed_addresses.is_empty() {
                p.risks.push(
                    "Usable from any address: anyone who obtains it can use it from anywhere."
                        .into(),
                );
            } else {
                p.facts.push(format!(
                    "Allowed addresses: {}",
                    me.allowed_addresses.join(", ")
                ));
            }
            p.holds = me.permissions;
            Ok(p)
        })
    }

    /// The token `current` describes: the credential itself.
    fn credential_token_id<'a>(&'a self, s: &'a Session<'a>) -> Answer<'a, Option<String>> {
        Box::pin(async move { Ok(Some(client(s).current().await?.id)) })
    }

    fn list_tokens<'a>(
        &'a self,
        s: &'a Session<'a>,
        progress: OnProgress<'a>,
    ) -> Answer<'a, Vec<VendorToken>> {
        Box::pin(async move {
            let mb = client(s);
            let own = mb.current().await?.id;
            let on_page = |seen: usize, pages: usize, total: usize| {
                progress(ListProgress {
                    tokens_seen: seen,
                    pages_read: pages,
                    total_pages: Some(total),
                })
            };
            Ok(mb
                .query_all_with(&json!({}), PAGE_SIZE, s.max_tokens, &on_page)
                .await?
                .into_iter()
                .map(|t| token(t, Some(&own)))
                .collect())
        })
    }

    fn parent_check<'a>(
        &'a self,
        s: &'a Session<'a>,
        catalog: &'a Catalog,
        req: &'a CreateRequest<'a>,
    ) -> Answer<'a, Option<ParentCheck>> {
        Box::pin(async move {
            let scopes = req.scopes;
            let parent = client(s).current().await?.permissions;
            Ok(Some(ParentCheck {
                over: None,
                held: permissions(catalog, &parent),
                per_scope: scopes
                    .iter()
                    .map(|sc| (sc.clone(), permissions(catalog, std::slice::from_ref(sc))))
                    .collect(),
            }))
        })
    }

    fn create<'a>(
        &'a self,
        s: &'a Session<'a>,
        req: &'a CreateRequest<'a>,
    ) -> futures_util::future::BoxFuture<'a, Result<Made, VendorError>> {
        Box::pin(async move {
            let end_ms = req.expires_ms.ok_or_else(|| VendorError::Internal {
                message: "MindBridge needs an expiry date".into(),
            })?;
            // Never past MindBridge's two-year limit.
            let limit_ms = s.clock.now_ms().saturating_add(MAX_LIFE_MS - 60_000);
            let made = client(s)
                .create(&MbCreate {
                    name: req.spec.name.clone(),
                    expiry: crate::vendor::adapter::rfc3339_ms(end_ms.min(limit_ms)),
                    permissions: req.scopes.to_vec(),
                    allowed_addresses: req.spec.ip_allowlist.clone(),
                })
                .await?;
            Ok(Made {
                token_id: made.token.id,
                name: made.token.name,
                scopes: made.token.permissions,
                expires: Some(made.token.expiry),
                allowlist: made.token.allowed_addresses,
                env_extra: Vec::new(),
                secret: made.secret,
            })
        })
    }

    fn accepts<'a>(
        &'a self,
        s: &'a Session<'a>,
        token_id: &'a str,
        secret: SecretString,
    ) -> Answer<'a, bool> {
        Box::pin(async move {
            let mb = MindBridge::new(s.http.clone(), s.base.clone(), secret);
            Ok(mb.current().await.is_ok_and(|t| t.id == token_id))
        })
    }

    fn revoke<'a>(&'a self, s: &'a Session<'a>, token_id: &'a str) -> Answer<'a, ()> {
        Box::pin(async move { Ok(client(s).delete(token_id).await?) })
    }

    /// MindBridge's only change to a token: its name, sent with the `version` just read (a
    /// concurrent change answers 409 and is reported, not retried).
    fn rename<'a>(
        &'a self,
        s: &'a Session<'a>,
        token_id: &'a str,
        name: &'a str,
    ) -> Answer<'a, (VendorToken, String)> {
        Box::pin(async move {
            let mb = client(s);
            let current = mb.get(token_id).await?;
            let renamed = mb.rename(token_id, current.version, name).await?;
            Ok((token(renamed, None), current.name))
        })
    }

    fn verify_pasted<'a>(
        &'a self,
        http: &'a VendorHttp,
        base: &'a reqwest::Url,
        token: &'a SecretString,
    ) -> Answer<'a, Result<String, String>> {
        Box::pin(async move {
            let me = MindBridge::new(http.clone(), base.clone(), token.clone())
                .current()
                .await?;
            Ok(Ok(format!(
                "MindBridge accepts the token \u{201c}{}\u{201d}.",
                me.name
            )))
        })
    }

    fn verify_command(&self, base: &str, env_var: &str, _token_id: Option<&str>) -> String {
        format!(
            "curl -sS -H \"Authorization: Bearer ${env_var}\" {}",
            shell_quote(&format!("{base}/api/v1/api-tokens/current"))
        )
    }

    fn recorded_name(&self, spec: &TokenSpec) -> String {
        spec.name.clone()
    }
}
