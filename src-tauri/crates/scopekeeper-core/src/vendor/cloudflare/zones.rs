//! A Cloudflare account's zones (`GET /client/v4/zones`), the items a new token's zone
//! permissions can be narrowed to.

use reqwest::{Method, Url};
use serde::Deserialize;

use super::Cloudflare;
use crate::vendor::{Retry, VendorError};

/// A zone as `GET /zones` lists it.
#[derive(Debug, Clone, Deserialize)]
pub struct CfZone {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub status: Option<String>,
}

impl Cloudflare {
    /// The API's root (`…/client/v4`): the base URL without its `accounts/{id}` or `user`.
    fn root(&self) -> Url {
        let mut url = self.base.clone();
        let segs: Vec<String> = self
            .base
            .path_segments()
            .map(|s| s.filter(|x| !x.is_empty()).map(str::to_owned).collect())
            .unwrap_or_default();
        let keep = segs
            .iter()
            .rposition(|s| s == "accounts" || s == "user")
            .unwrap_or(segs.len());
        url.set_path(&format!("/{}", segs[..keep].join("/")));
        url
    }

    /// `GET /client/v4/zones?account.id=`: the account's zones this token sees, at most `max`
    /// of them; `true` when Cloudflare has more.
    pub async fn zones(
        &self,
        account: &str,
        max: usize,
    ) -> Result<(Vec<CfZone>, bool), VendorError> {
        const PER_PAGE: usize = 50;
        let at_root = Cloudflare::new(self.http.clone(), self.root(), self.token.clone());
        let mut out: Vec<CfZone> = Vec::new();
        for page in 1..=max.div_ceil(PER_PAGE).max(1) {
            let q = [
                ("account.id", account.to_owned()),
                ("page", page.to_string()),
                ("per_page", PER_PAGE.to_string()),
            ];
            let r = at_root
                .call(Retry::Idempotent, Method::GET, "/zones", &q, None)
                .await?;
            let (rows, info): (Vec<CfZone>, _) = at_root.result(&r)?;
            let short = rows.len() < PER_PAGE;
            out.extend(rows);
            let last = info.map(|i| i.total_pages).filter(|n| *n > 0);
            if short || last.is_some_and(|n| page >= n) {
                let more = out.len() > max;
                out.truncate(max);
                return Ok((out, more));
            }
            if out.len() >= max {
                break;
            }
        }
        out.truncate(max);
        Ok((out, true))
    }

    /// The account's zone called `name`, if this token sees it (`GET /zones?name=`). A name
    /// with `:` is never asked for: the filter reads `contains:…` and the like as operators.
    pub async fn zone_named(
        &self,
        account: &str,
        name: &str,
    ) -> Result<Option<CfZone>, VendorError> {
        if name.contains(':') {
            return Ok(None);
        }
        let at_root = Cloudflare::new(self.http.clone(), self.root(), self.token.clone());
        let q = [
            ("account.id", account.to_owned()),
            // DNS names ignore case; a zone's is kept in lower case [I].
            ("name", name.to_ascii_lowercase()),
            ("per_page", "5".to_owned()),
        ];
        let r = at_root
            .call(Retry::Idempotent, Method::GET, "/zones", &q, None)
            .await?;
        let (rows, _): (Vec<CfZone>, _) = at_root.result(&r)?;
        Ok(rows.into_iter().find(|z| z.name.eq_ignore_ascii_case(name)))
    }

    /// The ids of the zones `names`: from `listed`, or asked for by name when the listing
    /// stopped short of the account's every zone (`more`). A name Cloudflare does not show this
    /// token is refused, named, before anything is sent.
    pub async fn zone_ids(
        &self,
        account: &str,
        names: &[String],
        listed: &[CfZone],
        more: bool,
    ) -> Result<Vec<String>, VendorError> {
        let mut ids = Vec::with_capacity(names.len());
        for n in names {
            let found = match listed.iter().find(|z| z.name.eq_ignore_ascii_case(n)) {
                Some(z) => Some(z.clone()),
                None if more => self.zone_named(account, n).await?,
                None => None,
            };
            let id = found
                .map(|z| z.id)
                // An id is letters and digits: never `*`, which would name every zone.
                .filter(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric()))
                .ok_or_else(|| VendorError::Validation {
                    message: format!("{n} is not a zone of this account that the connection's token can see: untick it"),
                    problems: Vec::new(),
                })?;
            ids.push(id);
        }
        Ok(ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::SecretString;
    use crate::vendor::{HttpPolicy, VendorHttp};

    #[tokio::test]
    async fn a_zone_past_the_listing_is_found_by_its_name_and_an_unknown_one_refused() {
        let sim = scopekeeper_sim::start(scopekeeper_sim::SimConfig::default())
            .await
            .unwrap();
        let h = &sim.handshake.cloudflare;
        let base = Url::parse(&h.base_url).unwrap();
        let account = Cloudflare::account_id(&base).unwrap();
        let cf = Cloudflare::new(
            VendorHttp::new(HttpPolicy::default()),
            base,
            SecretString::from(h.token.clone()),
        );
        let (all, more) = cf.zones(&account, 1000).await.unwrap();
        assert!(!more);
        let net = all.iter().find(|z| z.name == "example.net").unwrap();
        let names = |n: &[&str]| n.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        // A listing that stopped short (`more`): the zone is asked for by name.
        let ids = cf
            .zone_ids(&account, &names(&["EXAMPLE.net"]), &all[..1], true)
            .await
            .unwrap();
        assert_eq!(ids, vec![net.id.clone()]);
        // A complete listing without it, or a name Cloudflare does not know: refused, named.
        for (name, more) in [("example.net", false), ("nowhere.example", true)] {
            match cf
                .zone_ids(&account, &names(&[name]), &all[..1], more)
                .await
            {
                Err(VendorError::Validation { message, .. }) => {
                    assert!(
                        message.contains(name) && message.contains("untick"),
                        "{message}"
                    )
                }
                other => panic!("{other:?}"),
            }
        }
    }
}
