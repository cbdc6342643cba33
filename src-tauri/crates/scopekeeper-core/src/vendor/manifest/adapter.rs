//! Manifest through the one vendor interface: no public API manages tokens, so a token is
//! verified with the documented authentication test, and tokens are made in Manifest's console
//! from Scopekeeper's exact checklist (guided creation).

use crate::catalog::Catalog;
use crate::connection::Connection;
use crate::secret::SecretString;
use crate::token_spec::TokenSpec;
use crate::vendor::adapter::{
    shell_quote, Answer, Capabilities, ConsoleSteps, Probe, Session, VendorAdapter,
};
use crate::vendor::VendorHttp;

use super::verify;

pub struct ManifestAdapter;

impl VendorAdapter for ManifestAdapter {
    fn id(&self) -> &'static str {
        "manifest"
    }

    fn name(&self) -> &'static str {
        "Manifest"
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
        "https://api.manifestcyber.com"
    }

    fn sandbox_key_kind(&self) -> &'static str {
        "api-token"
    }

    fn env_var(&self) -> &'static str {
        "MANIFEST_API_KEY"
    }

    fn probe<'a>(&'a self, s: &'a Session<'a>, _catalog: &'a Catalog) -> Answer<'a, Probe> {
        Box::pin(async move {
            let org = verify(s.http, &s.base, &s.credential).await?;
            Ok(Probe {
                summary: format!(
                    "Manifest accepts the token for organization {}",
                    org.name.unwrap_or_else(|| "(unnamed)".into())
                ),
                facts: vec!["Manifest has no public API to list a token's scopes or create tokens: tokens are made in its console (guided).".into()],
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
            let org = verify(http, base, token).await?;
            Ok(Ok(format!(
                "Manifest accepts the token for organization {}.",
                org.name.unwrap_or_else(|| "(unnamed)".into())
            )))
        })
    }

    fn console_steps(
        &self,
        conn: &Connection,
        spec: &TokenSpec,
        _kind_name: &str,
    ) -> Option<ConsoleSteps> {
        Some(ConsoleSteps {
            console_url: if conn.sandbox {
                "sandbox console (in Scopekeeper)".to_owned()
            } else {
                "https://app.manifestcyber.com/settings/account/api-tokens/create".to_owned()
            },
            steps: vec![
                "Sign in to Manifest and open Settings \u{2192} Account \u{2192} API Tokens \u{2192} Create.".to_owned(),
                format!(
                    "Name it \u{201c}{}\u{201d} (names must be unique){}.",
                    spec.name,
                    spec.expires_on
                        .as_ref()
                        .map(|d| format!(" and set it to expire on {d}"))
                        .unwrap_or_default()
                ),
                "Tick exactly the scopes below (view-all is required for every token).".to_owned(),
                "Copy the token (Manifest shows it once) and paste it below.".to_owned(),
            ],
        })
    }

    fn verify_command(&self, base: &str, env_var: &str, _token_id: Option<&str>) -> String {
        format!(
            "curl -sS -H \"Authorization: Bearer ${env_var}\" {}",
            shell_quote(&format!("{base}/v1/organization"))
        )
    }
}
