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

use super::scopes::{cidr, policies, scope_id, token, Groups, ZoneReach};
use super::Cloudflare;

pub struct CloudflareAdapter;

/// What Scopekeeper needs its connection's credential to hold: create, list and delete an
/// account's tokens.
const NEEDED: [&str; 1] = ["account.account-api-tokens-write"];

fn client(s: &Session<'_>) -> Cloudflare {
    Cloudflare::new(s.http.clone(), s.base.clone(), s.credential.clone())
}

/// Where the spec's zone permissions apply, zones named by id: every zone of the account, the
/// zones chosen, or every zone but those left out (`Cloudflare::zone_ids`).
async fn chosen_zones(
    cf: &Cloudflare,
    account: Option<&str>,
    req: &CreateRequest<'_>,
) -> Result<ZoneReach, VendorError> {
    let (only, except) = (req.spec.reach_in("zones"), req.spec.reach_except("zones"));
    let (Some(names), Some(account)) = (only.or(except), account) else {
        return Ok(ZoneReach::Every);
    };
    if !req.scopes.iter().any(|s| s.starts_with("zone.")) {
        return Ok(ZoneReach::Every);
    }
    let (zones, more) = cf.zones(account, MAX_REACH_ITEMS).await?;
    let ids = cf.zone_ids(account, names, &zones, more).await?;
    Ok(if only.is_some() {
        ZoneReach::Only(ids)
    } else {
        ZoneReach::Except(ids)
    })
}

/// The permissions `scopes` grant themselves (not what they imply).
fn direct_grants(catalog: &Catalog, scopes: &[String]) -> Vec<String> {
    scopes
        .iter()
        .filter_map(|s| catalog.scope_index(s))
        .flat_map(|ix| catalog.grants_of(ix).iter())
        .map(|p| catalog.permission(*p).id.clone())
        .collect()
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
            let Some(account) = Cloudflare::account_id(&s.base).filter(|_| area == "zones") else {
                return Ok(None);
            };
            let (zones, more) = client(s).zones(&account, MAX_REACH_ITEMS).await?;
            Ok(Some(ReachList {
                area: area.to_owned(),
                items: zones
                    .into_iter()
                    .map(|z| ReachItem {
                        detail: z.status.filter(|st| st != "active"),
                        name: z.name,
                    })
                    .collect(),
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
            let me = cf.verify().await?;
            let groups = Groups::new(cf.permission_groups().await?);
            let own = cf.get(&me.id).await?;
            let account = Cloudflare::account_id(&s.base);
            let zones = chosen_zones(&cf, account.as_deref(), req).await?;
            let held = match &account {
                Some(a) => {
                    let over = groups.scopes_over(&own, a, &zones);
                    // What a deny takes away is not held, whatever another group implies.
                    let taken = direct_grants(catalog, &over.denied);
                    let mut held = catalog_permissions(catalog, &over.held);
                    held.retain(|p| !taken.contains(p));
                    held
                }
                None => catalog_permissions(catalog, &groups.scopes_of(&own)),
            };
            let over = scopes.iter().any(|s| s.starts_with("zone.")).then(|| {
                let names = |area: Option<&[String]>| area.unwrap_or_default().join(", ");
                match zones {
                    ZoneReach::Only(_) => {
                        format!("the zones chosen ({})", names(req.spec.reach_in("zones")))
                    }
                    ZoneReach::Except(_) => format!(
                        "every zone of the account except {}",
                        names(req.spec.reach_except("zones"))
                    ),
                    ZoneReach::Every => "every zone of the account".to_owned(),
                }
            });
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
            let groups = Groups::new(cf.permission_groups().await?);
            let account = Cloudflare::account_id(&s.base);
            let zones = chosen_zones(&cf, account.as_deref(), req).await?;
            let mut body = json!({
                "name": req.spec.name,
                "policies": policies(&groups, account.as_deref(), req.scopes, &zones)?,
            });
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
