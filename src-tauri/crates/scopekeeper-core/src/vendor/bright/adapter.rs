//! Bright through the one vendor interface: no public API manages keys, so a key's shape is
//! checked offline, the documented probe verifies it, and tokens are made in Bright's console
//! from Scopekeeper's exact checklist (guided creation).

use crate::catalog::Catalog;
use crate::connection::Connection;
use crate::error::{Error, ErrorKind};
use crate::secret::{ExposeSecret, SecretString};
use crate::token_spec::TokenSpec;
use crate::vendor::adapter::{
    shell_quote, Answer, Capabilities, ConsoleSteps, Probe, Session, VendorAdapter,
};
use crate::vendor::VendorHttp;

use super::{check_key_format, verify};

pub struct BrightAdapter;

impl VendorAdapter for BrightAdapter {
    fn id(&self) -> &'static str {
        "bright"
    }

    fn name(&self) -> &'static str {
        "Bright"
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            create: false,
            list: false,
            revoke: false,
            rename: false,
            set_expiry: true,
            set_allowlist: false,
            introspect: false,
            roll: false,
            offers_scopes: false,
        }
    }

    fn url_hint(&self) -> &'static str {
        "https://app.brightsec.com"
    }

    /// Bright documents none; Scopekeeper's convention.
    fn sandbox_key_kind(&self) -> &'static str {
        "organization"
    }

    fn env_var(&self) -> &'static str {
        "BRIGHT_TOKEN"
    }

    fn probe<'a>(&'a self, s: &'a Session<'a>, _catalog: &'a Catalog) -> Answer<'a, Probe> {
        Box::pin(async move {
            let letter = check_key_format(s.credential.expose_secret())
                .map_err(|m| Error::new(ErrorKind::InvalidInput, m))?;
            let probe = verify(s.http, &s.base, &s.credential).await?;
            Ok(Probe {
                summary: if probe.can_read_projects {
                    "Bright accepts the key; it can read projects".to_owned()
                } else {
                    "Bright accepts the key; it lacks projects:read".to_owned()
                },
                facts: vec![
                    format!("Key type letter: nex{letter}"),
                    "Bright has no public API to list a key's scopes or create keys: tokens are made in its console (guided).".into(),
                ],
                ..Probe::default()
            })
        })
    }

    fn verify_pasted<'a>(
        &'a self,
        http: &'a VendorHttp,
        base: &'a reqwest::Url,
        token: &'a SecretString,
    ) -> Answer<'a, Result<String, String>> {
        Box::pin(async move {
            if let Err(why) = check_key_format(token.expose_secret()) {
                return Ok(Err(why));
            }
            let probe = verify(http, base, token).await?;
            Ok(Ok(if probe.can_read_projects {
                "Bright accepts the key; it can read projects."
            } else {
                "Bright accepts the key (it cannot read projects, so the probe saw no more)."
            }
            .to_owned()))
        })
    }

    fn console_steps(
        &self,
        conn: &Connection,
        spec: &TokenSpec,
        kind_name: &str,
    ) -> Option<ConsoleSteps> {
        let page = match spec.kind.as_str() {
            "organization" => {
                "Sign in to Bright and open Organization \u{2192} Manage your Organization API keys."
                    .to_owned()
            }
            "personal" => {
                "Sign in to Bright and open User Settings \u{2192} Manage your user API keys."
                    .to_owned()
            }
            _ => format!("Sign in to Bright and open the page where {kind_name} keys are made."),
        };
        Some(ConsoleSteps {
            console_url: if conn.sandbox {
                "sandbox console (in Scopekeeper)".to_owned()
            } else {
                format!("{}/", conn.base_url.trim_end_matches('/'))
            },
            steps: vec![
                page,
                format!(
                    "Create a key named \u{201c}{}\u{201d}{}.",
                    spec.name,
                    spec.expires_on
                        .as_ref()
                        .map(|d| format!(", expiring {d}"))
                        .unwrap_or_default()
                ),
                "Click Deselect all, then tick exactly the scopes below.".to_owned(),
                "Copy the key (Bright shows it once) and paste it below.".to_owned(),
            ],
        })
    }

    fn verify_command(&self, base: &str, env_var: &str, _token_id: Option<&str>) -> String {
        format!(
            "curl -sS -H \"Authorization: Api-Key ${env_var}\" {}",
            shell_quote(&format!("{base}/api/v2/projects?limit=1"))
        )
    }
}
