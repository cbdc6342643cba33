//! Cloudflare through the one vendor interface: its API lists (with last use), creates
//! (policies of permission groups over the connection's account, client IP ranges, an optional
//! expiry), verifies and deletes tokens. A scope is a permission group, named in the catalog
//! `{resource}.{name as a slug}`; the group's id is read from the connection's own
//! `permission_groups` (Cloudflare's documentation does not publish the ids).

use serde_json::json;

use crate::catalog::Catalog;
use crate::secret::SecretString;
use crate::vendor::adapter::{
    catalog_permissions, shell_quote, Answer, Capabilities, CreateRequest, ListProgress, Made,
    OfferedScope, OnProgress, ParentCheck, Probe, ReachItem, ReachList, Rolled, Session,
    VendorAdapter, MAX_REACH_ITEMS,
};
use crate::vendor::{VendorError, VendorHttp, VendorToken};

use super::places::{held_over, kind_fits, new_policies};
use super::scopes::{cidr, scope_id, token, Groups};
use super::Cloudflare;

pub struct CloudflareAdapter;

/// What Scopekeeper needs its connection's credential to hold: create, list and delete an
/// account's tokens.
const NEEDED: [&str; 1] = ["account.account-api-tokens-write"];

fn client(s: &Session<'_>) -> Cloudflare {
    Cloudflare::new(s.http.clone(), s.base.clone(), s.credential.clone())
}

impl VendorAdapter for CloudflareAdapter {
    fn id(&self) -> &'static str {
        "cloudflare"
    }

    fn name(&self) -> &'static str {
        "Cloudflare"
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            create: true,
            list: true,
            revoke: true,
            rename: false,
            set_expiry: true,
            set_allowlist: true,
            introspect: true,
            roll: true,
            offers_scopes: true,
        }
    }

    fn url_hint(&self) -> &'static str {
        "https://api.cloudflare.com/client/v4/accounts/{account_id}"
    }

    fn sandbox_key_kind(&self) -> &'static str {
        "account-token"
    }

    fn env_var(&self) -> &'static str {
        "CLOUDFLARE_API_TOKEN"
    }

    fn needed_permissions(&self) -> &'static [&'static str] {
        &NEEDED
    }

    fn probe<'a>(&'a self, s: &'a Session<'a>, _catalog: &'a Catalog) -> Answer<'a, Probe> {
        Box::pin(async move {
            let cf = client(s);
            let me = cf.verify().await?;
            let mut p = Probe {
                summary: format!("Authenticated as API token {} ({})", me.id, me.status),
                needed: NEEDED.map(String::from).to_vec(),
                ..Probe::default()
            };
            match &me.expires_on {
                Some(e) => p.facts.push(format!("Expires {e}")),
                None => p.risks.push("Never expires.".into()),
            }
            // The token's own record says what it holds, when it may read tokens.
            let own = match cf.get(&me.id).await {
                Ok(own) => Some(own),
                Err(e) => {
                    p.facts.push(format!(
                        "Could not read its own record, so what it holds is not known: {e}"
                    ));
                    None
                }
            };
            if let Some(own) = own {
                let groups = Groups::new(cf.permission_groups().await?);
                p.holds = groups.scopes_of(&own);
                let ips = own
                    .condition
                    .and_then(|c| c.request_ip)
                    .map(|r| r.allowed)
                    .unwrap_or_default();
                if ips.is_empty() {
                    p.risks.push(
                        "Usable from any address: anyone who obtains it can use it from anywhere."
                            .into(),
                    );
                } else {
                    p.facts
                        .push(format!("Allowed addresses: {}", ips.join(", ")));
                }
            }
            // Account tokens are made through an account's URL, user tokens through the user's.
            let needed = if Cloudflare::account_id(&s.base).is_some() {
                NEEDED[0]
            } else {
                "user.api-tokens-write"
            };
            p.can_create = p.holds.iter().any(|h| h == needed);
            Ok(p)
        })
    }

    fn offered_scopes<'a>(&'a self, s: &'a Session<'a>) -> Answer<'a, Option<Vec<OfferedScope>>> {
        Box::pin(async move {
            let groups = client(s).permission_groups().await?;
            Ok(Some(
                groups
                    .into_iter()
                    .map(|g| OfferedScope {
                        id: scope_id(g.scopes.first().map(String::as_str).unwrap_or(""), &g.name),
                        name: g.name,
                    })
                    .collect(),
            ))
        })
    }

    fn reach_items<'a>(
        &'a self,
        s: &'a Session<'a>,
        _kind: &'a str,
        area: &'a str,
    ) -> Answer<'a, Option<ReachList>> {
        Box::pin(async move {
            let account = Cloudflare::account_id(&s.base);
            let cf = client(s);
            let (items, more) = match (area, &account) {
                ("zones", _) => {
                    let (zones, more) = cf.zones(account.as_deref(), MAX_REACH_ITEMS).await?;
                    let items = zones.into_iter().map(|z| ReachItem {
                        // Across accounts, the zone's account says which one it is.
                        detail: match (&account, z.account, z.status.filter(|st| st != "active")) {
                            (None, Some(a), status) if !a.name.is_empty() => Some(
                                status.map_or(a.name.clone(), |st| format!("{}, {st}", a.name)),
                            ),
                            (_, _, status) => status,
                        },
                        name: z.name,
                    });
                    (items.collect(), more)
                }
                ("accounts", None) => {
                    let (accounts, more) = cf.accounts(MAX_REACH_ITEMS).await?;
                    let items = accounts.into_iter().map(|a| ReachItem {
                        detail: None,
                        name: a.name,
                    });
                    (items.collect(), more)
                }
                _ => return Ok(None),
            };
            Ok(Some(ReachList {
                area: area.to_owned(),
                items,
                more,
            }))
        })
    }

    fn credential_token_id<'a>(&'a self, s: &'a Session<'a>) -> Answer<'a, Option<String>> {
        Box::pin(async move { Ok(Some(client(s).verify().await?.id)) })
    }

    fn list_tokens<'a>(
        &'a self,
        s: &'a Session<'a>,
        progress: OnProgress<'a>,
    ) -> Answer<'a, Vec<VendorToken>> {
        Box::pin(async move {
            let cf = client(s);
            let own = cf.verify().await?.id;
            let groups = Groups::new(cf.permission_groups().await?);
            let on_page = |seen: usize, pages: usize, total: usize| {
                progress(ListProgress {
                    tokens_seen: seen,
                    pages_read: pages,
                    total_pages: (total > 0).then_some(total),
                })
            };
            Ok(cf
                .list_all(s.max_tokens, &on_page)
                .await?
                .into_iter()
                .map(|t| token(t, &groups, Some(&own)))
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
            let cf = client(s);
            let account = Cloudflare::account_id(&s.base);
            kind_fits(account.as_deref(), &req.spec.kind)?;
            let (held, over) = held_over(&cf, account.as_deref(), catalog, req).await?;
            Ok(Some(ParentCheck {
                over,
                held,
                per_scope: scopes
                    .iter()
                    .map(|sc| {
                        (
                            sc.clone(),
                            catalog_permissions(catalog, std::slice::from_ref(sc)),
                        )
                    })
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
            let cf = client(s);
            let account = Cloudflare::account_id(&s.base);
            kind_fits(account.as_deref(), &req.spec.kind)?;
            let groups = Groups::new(cf.permission_groups().await?);
            let policies = new_policies(&cf, account.as_deref(), &groups, req).await?;
            let mut body = json!({ "name": req.spec.name, "policies": policies });
            if let Some(ms) = req.expires_ms {
                body["expires_on"] = json!(crate::vendor::adapter::rfc3339_ms(ms));
            }
            if let Some(ms) = req.starts_ms {
                body["not_before"] = json!(crate::vendor::adapter::rfc3339_ms(ms));
            }
            let ips: Vec<String> = req.spec.ip_allowlist.iter().map(|e| cidr(e)).collect();
            let refused: Vec<String> = req.spec.ip_denylist.iter().map(|e| cidr(e)).collect();
            if !ips.is_empty() || !refused.is_empty() {
                let mut ip = serde_json::Map::new();
                if !ips.is_empty() {
                    ip.insert("in".into(), json!(ips));
                }
                if !refused.is_empty() {
                    ip.insert("not_in".into(), json!(refused));
                }
                body["condition"] = json!({ "request_ip": ip });
            }
            let made = cf.create(&body).await?;
            Ok(Made {
                scopes: groups.scopes_of(&made.token),
                token_id: made.token.id,
                name: made.token.name,
                expires: made.token.expires_on,
                allowlist: ips,
                env_extra: Vec::new(),
                secret: made.value,
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
            let cf = Cloudflare::new(s.http.clone(), s.base.clone(), secret);
            Ok(cf
                .verify()
                .await
                .is_ok_and(|v| v.id == token_id && v.status == "active"))
        })
    }

    fn roll<'a>(
        &'a self,
        s: &'a Session<'a>,
        token: &'a VendorToken,
    ) -> futures_util::future::BoxFuture<'a, Result<Rolled, VendorError>> {
        Box::pin(async move {
            Ok(Rolled {
                secret: client(s).roll(&token.id).await?,
                token_id: None,
                expires: None,
            })
        })
    }

    fn revoke<'a>(&'a self, s: &'a Session<'a>, token_id: &'a str) -> Answer<'a, ()> {
        Box::pin(async move { Ok(client(s).delete(token_id).await?) })
    }

    fn verify_pasted<'a>(
        &'a self,
        http: &'a VendorHttp,
        base: &'a reqwest::Url,
        token: &'a SecretString,
    ) -> Answer<'a, Result<String, String>> {
        Box::pin(async move {
            let v = Cloudflare::new(http.clone(), base.clone(), token.clone())
                .verify()
                .await?;
            Ok(Ok(if v.status == "active" {
                "Cloudflare accepts the token: it is active.".to_owned()
            } else {
                format!("Cloudflare knows the token, but it is {}.", v.status)
            }))
        })
    }

    fn verify_command(&self, base: &str, env_var: &str, _token_id: Option<&str>) -> String {
        format!(
            "curl -sS -H \"Authorization: Bearer ${env_var}\" {}",
            shell_quote(&format!("{base}/tokens/verify"))
        )
    }
}
