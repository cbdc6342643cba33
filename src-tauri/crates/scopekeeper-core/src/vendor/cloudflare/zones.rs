//! A Cloudflare user's accounts (`GET /client/v4/accounts`) and an account's zones
//! (`GET /client/v4/zones`): the items a new token's account and zone permissions can be
//! narrowed to.

use reqwest::{Method, Url};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::Cloudflare;
use crate::vendor::{Retry, VendorError};

/// An account or zone's id and name.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CfNamed {
    pub id: String,
    #[serde(default)]
    pub name: String,
}

/// A zone as `GET /zones` lists it.
#[derive(Debug, Clone, Deserialize)]
pub struct CfZone {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub status: Option<String>,
    /// The account the zone belongs to.
    #[serde(default)]
    pub account: Option<CfNamed>,
}

/// Something listed by name: a zone or an account.
pub trait Listed {
    fn id(&self) -> &str;
    fn name(&self) -> &str;
}

impl Listed for CfZone {
    fn id(&self) -> &str {
        &self.id
    }
    fn name(&self) -> &str {
        &self.name
    }
}

impl Listed for CfNamed {
    fn id(&self) -> &str {
        &self.id
    }
    fn name(&self) -> &str {
        &self.name
    }
}

/// Items per listing page (Cloudflare allows up to 50).
const PER_PAGE: usize = 50;

impl Cloudflare {
    /// The API's root (`…/client/v4`): the base URL without its `accounts/{id}` or `user`.
    fn root(&self) -> Cloudflare {
        let mut url: Url = self.base.clone();
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
        Cloudflare::new(self.http.clone(), url, self.token.clone())
    }

    /// `GET /client/v4{path}` page by page, at most `max` items; `true` when there are more.
    async fn listing<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
        max: usize,
    ) -> Result<(Vec<T>, bool), VendorError> {
        let at_root = self.root();
        let mut out: Vec<T> = Vec::new();
        for page in 1..=max.div_ceil(PER_PAGE).max(1) {
            let mut q = query.to_vec();
            q.push(("page", page.to_string()));
            q.push(("per_page", PER_PAGE.to_string()));
            let r = at_root
                .call(Retry::Idempotent, Method::GET, path, &q, None)
                .await?;
            let (rows, info): (Vec<T>, _) = at_root.result(&r)?;
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

    /// `GET /client/v4/zones[?account.id=]`: the zones this token sees (of `account`, or of
    /// every account), at most `max` of them; `true` when Cloudflare has more.
    pub async fn zones(
        &self,
        account: Option<&str>,
        max: usize,
    ) -> Result<(Vec<CfZone>, bool), VendorError> {
        let q: Vec<(&str, String)> = account
            .map(|a| ("account.id", a.to_owned()))
            .into_iter()
            .collect();
        self.listing("/zones", &q, max).await
    }

    /// `GET /client/v4/accounts`: the accounts this token sees, at most `max`.
    pub async fn accounts(&self, max: usize) -> Result<(Vec<CfNamed>, bool), VendorError> {
        self.listing("/accounts", &[], max).await
    }

    /// Every zone or account called `name` that this token sees (`GET /zones?name=` or
    /// `/accounts?name=`; at most 50). A name with `:` is never asked for: the filter reads
    /// `contains:…` and the like as operators.
    async fn named<T: DeserializeOwned + Listed>(
        &self,
        path: &str,
        account: Option<&str>,
        name: &str,
    ) -> Result<Vec<T>, VendorError> {
        if name.contains(':') {
            return Ok(Vec::new());
        }
        let mut q: Vec<(&str, String)> = account
            .map(|a| ("account.id", a.to_owned()))
            .into_iter()
            .collect();
        // DNS names ignore case; a zone's is kept in lower case [I].
        let asked = if path == "/zones" {
            name.to_ascii_lowercase()
        } else {
            name.to_owned()
        };
        q.push(("name", asked));
        q.push(("per_page", PER_PAGE.to_string()));
        let at_root = self.root();
        let r = at_root
            .call(Retry::Idempotent, Method::GET, path, &q, None)
            .await?;
        let (rows, _): (Vec<T>, _) = at_root.result(&r)?;
        Ok(rows
            .into_iter()
            .filter(|z| z.name().eq_ignore_ascii_case(name))
            .collect())
    }

    /// The zones called `names` (of `account`, or of any account this token sees): from
    /// `listed`, or, when the listing stopped short (`more`), every zone of that name asked
    /// for. A name Cloudflare does not show this token, or one several zones share (a zone
    /// pending in two accounts), is refused, named, before anything is sent.
    pub async fn find_zones(
        &self,
        account: Option<&str>,
        names: &[String],
        listed: &[CfZone],
        more: bool,
    ) -> Result<Vec<CfZone>, VendorError> {
        let whose = if account.is_some() {
            "this account"
        } else {
            "any account"
        };
        self.find(
            "/zones",
            account,
            names,
            listed,
            more,
            (&format!("a zone of {whose}"), "zones"),
        )
        .await
    }

    /// The accounts called `names`, as [`Cloudflare::find_zones`] finds zones. A name that
    /// several places share is refused, naming how many: the one meant cannot be told.
    pub async fn find_accounts(
        &self,
        names: &[String],
        listed: &[CfNamed],
        more: bool,
    ) -> Result<Vec<CfNamed>, VendorError> {
        self.find(
            "/accounts",
            None,
            names,
            listed,
            more,
            ("an account", "accounts"),
        )
        .await
    }

    async fn find<T: DeserializeOwned + Listed + Clone>(
        &self,
        path: &str,
        account: Option<&str>,
        names: &[String],
        listed: &[T],
        more: bool,
        (what, plural): (&str, &str),
    ) -> Result<Vec<T>, VendorError> {
        let refuse = |message: String| VendorError::Validation {
            message,
            problems: Vec::new(),
        };
        let mut out = Vec::with_capacity(names.len());
        for n in names {
            // A listing that stopped short may hold another place of the same name past it: ask
            // for every one of that name.
            let found: Vec<T> = if more {
                self.named::<T>(path, account, n).await?
            } else {
                let same = listed.iter().filter(|z| z.name().eq_ignore_ascii_case(n));
                same.cloned().collect()
            };
            // An id is letters and digits: never `*`, which would name every one.
            let found: Vec<T> = found
                .into_iter()
                .filter(|z| super::scopes::plain_id(z.id()))
                .collect();
            match found.len() {
                0 => {
                    return Err(refuse(format!(
                        "{n} is not {what} that the connection's token can see: untick it"
                    )))
                }
                // Two places of one name (a zone pending in two accounts, two accounts alike):
                // either could be the one meant, so neither is chosen.
                1 => out.extend(found),
                k => return Err(refuse(format!(
                    "{n} is the name of {k} {plural} the connection's token can see, so Scopekeeper cannot tell which is meant: untick it, and make this token through a connection to the one account (…/client/v4/accounts/{{account_id}}) or in Cloudflare's dashboard"
                ))),
            }
        }
        Ok(out)
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
        let (all, more) = cf.zones(Some(&account), 1000).await.unwrap();
        assert!(!more);
        let net = all.iter().find(|z| z.name == "example.net").unwrap();
        let names = |n: &[&str]| n.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        // A listing that stopped short (`more`): the zone is asked for by name.
        let found = cf
            .find_zones(Some(&account), &names(&["EXAMPLE.net"]), &all[..1], true)
            .await
            .unwrap();
        assert_eq!(found[0].id, net.id);
        assert_eq!(
            found[0].account.as_ref().map(|a| a.id.as_str()),
            Some(account.as_str())
        );
        // A complete listing without it, or a name Cloudflare does not know: refused, named.
        for (name, more) in [("example.net", false), ("nowhere.example", true)] {
            match cf
                .find_zones(Some(&account), &names(&[name]), &all[..1], more)
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

    #[tokio::test]
    async fn a_name_two_zones_share_is_refused_not_guessed() {
        let cf = Cloudflare::new(
            VendorHttp::new(HttpPolicy::default()),
            Url::parse("http://127.0.0.1:9/client/v4/user").unwrap(),
            SecretString::from("unused".to_owned()),
        );
        let zone = |id: &str, account: &str| CfZone {
            id: id.into(),
            name: "example.com".into(),
            status: None,
            account: Some(CfNamed {
                id: account.into(),
                name: String::new(),
            }),
        };
        let listed = [zone("z1", "a1"), zone("z2", "a2")];
        let names = ["Example.com".to_owned()];
        match cf.find_zones(None, &names, &listed, false).await {
            Err(VendorError::Validation { message, .. }) => assert!(
                message.contains("is the name of 2 zones") && message.contains("untick"),
                "{message}"
            ),
            other => panic!("{other:?}"),
        }
        let one = cf
            .find_zones(None, &names, &listed[..1], false)
            .await
            .unwrap();
        assert_eq!(one[0].id, "z1");
    }
}
