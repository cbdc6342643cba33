//! GitHub through the one vendor interface. Two kinds of connection, by base URL:
//! - the API root with a personal token: described (who it acts as; a classic token's scopes;
//!   its end) and used to verify pasted tokens; fine-grained and classic tokens are made in
//!   GitHub's settings from Scopekeeper's checklist (no API makes them);
//! - `…/orgs/{org}` with a GitHub App (its ID as the connection's key id, its private key as
//!   the credential): lists the fine-grained tokens that reach the organization (with their
//!   owner, permissions, repositories' reach, end and last use), revokes their access, and
//!   makes one-hour installation tokens with the permissions chosen.

use crate::catalog::Catalog;
use crate::connection::Connection;
use crate::secret::SecretString;
use crate::token_spec::TokenSpec;
use crate::vendor::adapter::{
    catalog_permissions, shell_quote, Answer, Capabilities, ConsoleSteps, CreateRequest,
    ListProgress, Made, OnProgress, ParentCheck, Probe, ReachItem, ReachList, Session,
    VendorAdapter, MAX_REACH_ITEMS,
};
use crate::vendor::{VendorError, VendorHttp, VendorToken};

use super::connect::{client, installation_client};
use super::personal::describe_personal;
use super::scopes::{console_steps, permissions_of, rank, scopes_of, with_repositories};
use super::{GitHub, Place};

pub struct GitHubAdapter;

/// What an organization connection's App needs: to list and revoke fine-grained tokens'
/// access (GitHub's App permission "Personal access tokens", write) [C: docs/vendors/github.md].
const NEEDED: [&str; 1] = ["organization_personal_access_tokens:write"];

impl VendorAdapter for GitHubAdapter {
    fn id(&self) -> &'static str {
        "github"
    }

    fn name(&self) -> &'static str {
        "GitHub"
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            create: true,
            list: true,
            revoke: true,
            rename: false,
            set_expiry: false,
            set_allowlist: false,
            introspect: true,
            roll: false,
            offers_scopes: false,
        }
    }

    fn url_hint(&self) -> &'static str {
        "https://api.github.com/orgs/{org} (with a GitHub App), or https://api.github.com"
    }

    fn sandbox_key_kind(&self) -> &'static str {
        "installation"
    }

    fn env_var(&self) -> &'static str {
        "GITHUB_TOKEN"
    }

    fn key_id_label(&self) -> Option<&'static str> {
        Some("GitHub App ID (organization connections)")
    }

    fn guided_kinds(&self) -> &'static [&'static str] {
        &["fine-grained", "classic"]
    }

    fn needed_permissions(&self) -> &'static [&'static str] {
        &NEEDED
    }

    fn probe<'a>(&'a self, s: &'a Session<'a>, _catalog: &'a Catalog) -> Answer<'a, Probe> {
        Box::pin(async move {
            let gh = client(s)?;
            if gh.place == Place::Root {
                return Ok(describe_personal(&gh.me().await?));
            }
            let inst = gh.installation().await?;
            let holds = scopes_of(&inst.permissions);
            let mut p = Probe {
                summary: format!(
                    "Authenticated as GitHub App {} on {} (installation {})",
                    s.connection.key_id.unwrap_or_default(),
                    gh.org()?,
                    inst.id
                ),
                can_create: true,
                needed: NEEDED.map(String::from).to_vec(),
                ..Probe::default()
            };
            if inst.repository_selection.as_deref() == Some("all") {
                p.facts
                    .push("Installed on every repository of the organization.".into());
            }
            p.facts
                .push("Installation tokens it makes last one hour.".into());
            p.holds = holds;
            Ok(p)
        })
    }

    fn list_tokens<'a>(
        &'a self,
        s: &'a Session<'a>,
        progress: OnProgress<'a>,
    ) -> Answer<'a, Vec<VendorToken>> {
        Box::pin(async move {
            // The listing is GitHub's for Apps: read with an installation token of the App that
            // may do nothing else (it lapses within the hour).
            let (gh, _) = installation_client(s, &only("read"), None).await?;
            let on_page = |seen: usize, pages: usize, total: usize| {
                progress(ListProgress {
                    tokens_seen: seen,
                    pages_read: pages,
                    total_pages: (total > 0).then_some(total),
                })
            };
            let listed = match gh.grants(s.max_tokens, &on_page).await {
                Ok(grants) => Ok(with_repositories(&gh, grants).await),
                Err(e) => Err(e),
            };
            // Its work done, the helper token is ended rather than left for the hour; a failure
            // to end it changes nothing the admin asked for.
            let _ = gh.end_installation_token().await;
            Ok(listed?)
        })
    }

    fn revoke_effect(&self) -> Option<&'static str> {
        Some("GitHub takes away the token's access to this organization only: it keeps working on anything else its owner can reach until it expires or its owner deletes it.")
    }

    /// Only an organization connection (through its App) lists fine-grained tokens; through
    /// the API root, pasted tokens are registered for the audit.
    fn lists_through(&self, base: &reqwest::Url) -> bool {
        super::parse_base(base).1 != Place::Root
    }

    fn reach_items<'a>(
        &'a self,
        s: &'a Session<'a>,
        kind: &'a str,
        area: &'a str,
    ) -> Answer<'a, Option<ReachList>> {
        Box::pin(async move {
            if kind != "installation" || area != "repositories" || client(s)?.place == Place::Root {
                return Ok(None);
            }
            // Read with a token that may only see the repositories' names.
            let mut metadata = serde_json::Map::new();
            metadata.insert("metadata".into(), serde_json::Value::String("read".into()));
            let (gh, _) = installation_client(s, &metadata, None).await?;
            let listed = gh.installation_repositories(MAX_REACH_ITEMS).await;
            let _ = gh.end_installation_token().await;
            let (repos, more) = listed?;
            Ok(Some(ReachList {
                area: area.to_owned(),
                items: repos
                    .into_iter()
                    .map(|r| ReachItem {
                        detail: r.private.then(|| "private".to_owned()),
                        name: r.name,
                    })
                    .collect(),
                more,
            }))
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
            let gh = client(s)?;
            if gh.place == Place::Root {
                return Ok(None);
            }
            // An installation token holds at most what the App's installation holds.
            let held = scopes_of(&gh.installation().await?.permissions);
            Ok(Some(ParentCheck {
                over: None,
                held: catalog_permissions(catalog, &held),
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
            if req.spec.kind != "installation" {
                return Err(VendorError::Validation {
                    message:
                        "GitHub makes personal tokens only in its settings: use Guided creation"
                            .into(),
                    problems: Vec::new(),
                });
            }
            let asked = permissions_of(req.scopes);
            let named: std::collections::BTreeSet<&str> =
                asked.keys().map(String::as_str).collect();
            let unnamed: Vec<&String> = req
                .scopes
                .iter()
                .filter(|sc| !sc.rsplit_once(':').is_some_and(|(p, _)| named.contains(p)))
                .collect();
            // An empty permissions object would ask for everything the installation holds.
            if asked.is_empty() || !unnamed.is_empty() {
                return Err(VendorError::Validation {
                    message: format!(
                        "These are not GitHub App permissions; untick them: {}",
                        unnamed
                            .iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    problems: Vec::new(),
                });
            }
            // GitHub names the repositories a token reaches; it cannot leave some out.
            if req.spec.reach_except("repositories").is_some() {
                return Err(VendorError::Validation {
                    message: "GitHub cannot leave repositories out: tick those the token may reach instead".into(),
                    problems: Vec::new(),
                });
            }
            let (_, made) =
                installation_client(s, &asked, req.spec.reach_in("repositories")).await?;
            let got = permissions_of(&scopes_of(&made.permissions));
            if got
                .iter()
                .any(|(p, l)| asked.get(p).is_none_or(|a| rank(a) < rank(l)))
            {
                // Never left alive: ended at once (it would lapse within the hour anyway).
                let ended = GitHub::new(s.http.clone(), &s.base, made.value.clone())
                    .end_installation_token()
                    .await
                    .is_ok();
                return Err(VendorError::BadResponse {
                    message: format!(
                        "GitHub made an installation token with more than was asked for; {}. Check the App's installation",
                        if ended { "Scopekeeper ended it at once" } else { "it could not be ended and lapses within the hour: do not use it" }
                    ),
                });
            }
            let until = made.expires_at.clone().unwrap_or_default();
            Ok(Made {
                // GitHub gives installation tokens no id: the value's fingerprint tells two
                // made in the same second apart.
                token_id: format!(
                    "installation token {} until {until}",
                    crate::desk::fingerprint(&made.value)
                ),
                name: req.spec.name.clone(),
                scopes: scopes_of(&made.permissions),
                expires: made.expires_at,
                allowlist: Vec::new(),
                env_extra: Vec::new(),
                secret: made.value,
            })
        })
    }

    fn recorded_name(&self, spec: &TokenSpec) -> String {
        spec.name.clone()
    }

    fn accepts<'a>(
        &'a self,
        s: &'a Session<'a>,
        _token_id: &'a str,
        secret: SecretString,
    ) -> Answer<'a, bool> {
        Box::pin(async move {
            // `/user` knows every token: a user's answers, an installation's is refused as not
            // a user's (403); an unknown or ended one is 401.
            let (api, _) = super::parse_base(&s.base);
            match GitHub::new(s.http.clone(), &api, secret).me().await {
                Ok(_) | Err(VendorError::Forbidden { .. }) => Ok(true),
                Err(VendorError::Unauthorized { .. }) => Ok(false),
                Err(e) => Err(e.into()),
            }
        })
    }

    fn revoke<'a>(&'a self, s: &'a Session<'a>, token_id: &'a str) -> Answer<'a, ()> {
        Box::pin(async move {
            let (gh, _) = installation_client(s, &only("write"), None).await?;
            let done = gh.revoke_grant(token_id).await;
            let _ = gh.end_installation_token().await;
            Ok(done?)
        })
    }

    fn verify_pasted<'a>(
        &'a self,
        http: &'a VendorHttp,
        base: &'a reqwest::Url,
        token: &'a SecretString,
    ) -> Answer<'a, Result<String, String>> {
        Box::pin(async move {
            let text = crate::secret::ExposeSecret::expose_secret(token);
            if !["github_pat_", "ghp_", "gho_", "ghu_", "ghs_"]
                .iter()
                .any(|p| text.starts_with(p))
            {
                return Ok(Err(
                    "A GitHub token starts with github_pat_ (fine-grained) or ghp_ (classic)."
                        .into(),
                ));
            }
            let (api, _) = super::parse_base(base);
            let me = GitHub::new(http.clone(), &api, token.clone()).me().await?;
            let what = match &me.scopes {
                Some(s) if s.is_empty() => "a classic token with no scope".to_owned(),
                Some(s) => format!("a classic token with {}", s.join(", ")),
                None => "a fine-grained token (GitHub does not list its permissions)".to_owned(),
            };
            let until = me
                .expires
                .map(|e| format!("; it expires {e}"))
                .unwrap_or_else(|| "; it never expires".into());
            Ok(Ok(format!(
                "GitHub accepts the token: {what}, acting as @{}{until}.",
                me.login
            )))
        })
    }

    fn console_steps(
        &self,
        conn: &Connection,
        spec: &TokenSpec,
        _kind_name: &str,
    ) -> Option<ConsoleSteps> {
        console_steps(conn, spec)
    }

    fn verify_command(&self, base: &str, env_var: &str, _token_id: Option<&str>) -> String {
        let api = reqwest::Url::parse(base)
            .map(|u| {
                super::parse_base(&u)
                    .0
                    .as_str()
                    .trim_end_matches('/')
                    .to_owned()
            })
            .unwrap_or_else(|_| base.to_owned());
        format!(
            "curl -sS -D - -o /dev/null -H \"Authorization: Bearer ${env_var}\" {}",
            shell_quote(&format!("{api}/user"))
        )
    }
}

/// The one permission an installation token for listing (`read`) or revoking (`write`) the
/// organization's fine-grained tokens needs.
fn only(level: &str) -> serde_json::Map<String, serde_json::Value> {
    let mut m = serde_json::Map::new();
    m.insert(
        "organization_personal_access_tokens".into(),
        serde_json::Value::String(level.into()),
    );
    m
}
