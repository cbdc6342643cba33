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
}
