//! GitLab through the one vendor interface. A connection is one collection of tokens, named by
//! its base URL (a project's, a group's, one user's personal tokens, or every personal token
//! an administrator sees); it lists them (with last use), creates (scopes, the role of a group
//! or project token, a mandatory expiry), rotates (a new token in the old one's place) and
//! revokes. GitLab tokens cannot be limited to addresses.

use crate::catalog::Catalog;
use crate::secret::SecretString;
use crate::vendor::adapter::{
    shell_quote, Answer, Capabilities, CreateRequest, ListProgress, Made, OnProgress, ParentCheck,
    Probe, Rolled, Session, VendorAdapter,
};
use crate::vendor::{VendorError, VendorHttp, VendorToken};

use super::scopes::{create_body, token};
use super::{level_of, Collection, GitLab, GlToken};

pub struct GitLabAdapter;

/// What Scopekeeper needs its connection's credential to hold: `api` creates, rotates and
/// revokes tokens (reading them needs only `read_api`).
const NEEDED: [&str; 1] = ["api"];

fn client(s: &Session<'_>) -> Result<GitLab, VendorError> {
    GitLab::new(s.http.clone(), &s.base, s.credential.clone())
}

/// The credential's own record: as a personal token, or else as the collection's bot.
async fn own(gl: &GitLab) -> Result<GlToken, VendorError> {
    match gl.own_token(false).await {
        Ok(t) => Ok(t),
        Err(e) if matches!(gl.collection, Collection::Project(_) | Collection::Group(_)) => {
            gl.own_token(true).await.map_err(|_| e)
        }
        Err(e) => Err(e),
    }
}

impl VendorAdapter for GitLabAdapter {
    fn id(&self) -> &'static str {
        "gitlab"
    }

    fn name(&self) -> &'static str {
        "GitLab"
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
            roll: true,
            offers_scopes: false,
        }
    }

    fn filters_listing(&self) -> bool {
        true
    }

    fn url_hint(&self) -> &'static str {
        "https://gitlab.com/api/v4/projects/{id} (or …/groups/{id}, …/users/{id}, …/api/v4)"
    }

    fn sandbox_key_kind(&self) -> &'static str {
        "personal"
    }

    fn env_var(&self) -> &'static str {
        "GITLAB_TOKEN"
    }

    fn needed_permissions(&self) -> &'static [&'static str] {
        &NEEDED
    }

    fn probe<'a>(&'a self, s: &'a Session<'a>, _catalog: &'a Catalog) -> Answer<'a, Probe> {
        Box::pin(async move {
            let gl = client(s)?;
            let me = gl.user().await?;
            let mine = own(&gl).await?;
            let role = if me.is_admin { " (administrator)" } else { "" };
            let mut p = Probe {
                summary: format!("Authenticated as @{}{role}", me.username),
                holds: mine.scopes.clone(),
                needed: NEEDED.map(String::from).to_vec(),
                ..Probe::default()
            };
            match &mine.expires_at {
                Some(d) => p.facts.push(format!("Stops working on {d} (00:00 UTC)")),
                None => p.risks.push("Never expires.".into()),
            }
            p.risks.push(
                "Usable from any address: GitLab tokens cannot be limited to addresses.".into(),
            );
            p.facts.push(match &gl.collection {
                Collection::Instance => "Lists every personal token it may see; makes none (the base URL names no user).".into(),
                Collection::User(u) => format!("Makes and lists personal tokens of user {u}."),
                Collection::Project(id) => format!("Makes and lists access tokens of project {id}; their role cannot exceed yours there."),
                Collection::Group(id) => format!("Makes and lists access tokens of group {id}; needs the Owner role there."),
            });
            let admin_needed = matches!(gl.collection, Collection::User(_)) && !me.is_admin;
            if admin_needed {
                p.facts
                    .push("Only an administrator can make another user's tokens.".into());
            }
            p.can_create = mine.scopes.iter().any(|x| x == "api")
                && gl.collection.kind().is_some()
                && !me.bot
                && !admin_needed;
            Ok(p)
        })
    }

    fn credential_token_id<'a>(&'a self, s: &'a Session<'a>) -> Answer<'a, Option<String>> {
        Box::pin(async move { Ok(Some(own(&client(s)?).await?.id.to_string())) })
    }

    fn list_tokens<'a>(
        &'a self,
        s: &'a Session<'a>,
        progress: OnProgress<'a>,
    ) -> Answer<'a, Vec<VendorToken>> {
        Box::pin(async move {
            let gl = client(s)?.filtered(s.filter.query());
            let own_id = own(&gl).await?.id;
            let on_page = |seen: usize, pages: usize, total: usize| {
                progress(ListProgress {
                    tokens_seen: seen,
                    pages_read: pages,
                    total_pages: (total > 0).then_some(total),
                })
            };
            let all = gl.list_all(s.max_tokens, &on_page).await?;
            let personal =
                gl.collection.kind() != Some("project") && gl.collection.kind() != Some("group");
            // Asked for without revoked ones; a server that sends them anyway is not believed,
            // nor one that ignores a filter.
            Ok(all
                .into_iter()
                .filter(|t| !t.revoked)
                .filter(|t| {
                    let (made, used) = (t.created_at.as_deref(), t.last_used_at.as_deref());
                    s.filter.keeps(&t.name, Some(t.active), made, used)
                })
                .map(|t| token(t, personal, Some(own_id)))
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
            let gl = client(s)?;
            let (Some(kind), Some(id)) = (gl.collection.kind(), bot_home(&gl.collection)) else {
                return Ok(None);
            };
            let me = gl.user().await?;
            if me.is_admin {
                return Ok(None);
            }
            // GitLab bounds a bot's role by its creator's, not its scopes by the creator's.
            let mine = gl.member_level(id, me.id).await?;
            let mut held: Vec<String> = catalog
                .kind_scopes(kind)
                .into_iter()
                .map(|ix| catalog.scope(ix).id.clone())
                .filter(|sc| level_of(sc).is_none_or(|l| l <= mine))
                .collect();
            held.sort();
            Ok(Some(ParentCheck {
                over: None,
                held,
                per_scope: scopes
                    .iter()
                    .map(|sc| (sc.clone(), vec![sc.clone()]))
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
            let gl = client(s)?;
            let body = create_body(&gl.collection, req)?;
            let made = gl.create(&body).await?;
            let personal = gl.collection.kind() == Some("personal");
            let listed = token(made.token, personal, None);
            Ok(Made {
                token_id: listed.id,
                name: listed.name,
                scopes: listed.scopes,
                expires: listed.expires,
                allowlist: Vec::new(),
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
            let gl = GitLab::new(s.http.clone(), &s.base, secret)?;
            // Only GitLab's refusal says no; a timeout or a server error says nothing.
            match own(&gl).await {
                Ok(t) => Ok(t.id.to_string() == token_id && t.active && !t.revoked),
                Err(VendorError::Unauthorized { .. }) => Ok(false),
                Err(e) => Err(e.into()),
            }
        })
    }

    fn roll_replaces_token(&self) -> bool {
        true
    }

    fn roll<'a>(
        &'a self,
        s: &'a Session<'a>,
        listed: &'a VendorToken,
    ) -> futures_util::future::BoxFuture<'a, Result<Rolled, VendorError>> {
        Box::pin(async move {
            let gl = client(s)?;
            // The same end as before, where it is still ahead; else GitLab's default.
            let today = crate::vendor::adapter::rfc3339_ms(s.clock.now_ms())[..10].to_owned();
            let keep = listed
                .expires
                .as_deref()
                .and_then(|e| e.get(..10))
                .filter(|d| *d > today.as_str());
            let made = gl.rotate(&listed.id, keep).await?;
            let rotated = token(made.token, false, None);
            Ok(Rolled {
                secret: made.value,
                token_id: Some(rotated.id),
                expires: rotated.expires,
            })
        })
    }

    fn revoke<'a>(&'a self, s: &'a Session<'a>, token_id: &'a str) -> Answer<'a, ()> {
        Box::pin(async move { Ok(client(s)?.revoke(token_id).await?) })
    }

    fn verify_pasted<'a>(
        &'a self,
        http: &'a VendorHttp,
        base: &'a reqwest::Url,
        token: &'a SecretString,
    ) -> Answer<'a, Result<String, String>> {
        Box::pin(async move {
            let gl = GitLab::new(http.clone(), base, token.clone())?;
            let t = own(&gl).await?;
            Ok(if t.active && !t.revoked {
                Ok(format!(
                    "GitLab accepts the token: it is active, with {}.",
                    t.scopes.join(", ")
                ))
            } else {
                Err(
                    "GitLab knows the token, but it is no longer active (revoked or expired)."
                        .to_owned(),
                )
            })
        })
    }

    fn verify_command(&self, base: &str, env_var: &str, _token_id: Option<&str>) -> String {
        let api = reqwest::Url::parse(base)
            .ok()
            .and_then(|u| super::parse_base(&u).ok())
            .map(|(api, c)| match c {
                Collection::Project(_) | Collection::Group(_) => {
                    format!("{base}/access_tokens/self")
                }
                _ => format!(
                    "{}/personal_access_tokens/self",
                    api.as_str().trim_end_matches('/')
                ),
            })
            .unwrap_or_else(|| format!("{base}/personal_access_tokens/self"));
        format!(
            "curl -sS -H \"PRIVATE-TOKEN: ${env_var}\" {}",
            shell_quote(&api)
        )
    }
}

/// The project or group whose member a bot token is.
fn bot_home(c: &Collection) -> Option<&str> {
    match c {
        Collection::Project(id) | Collection::Group(id) => Some(id),
        _ => None,
    }
}
