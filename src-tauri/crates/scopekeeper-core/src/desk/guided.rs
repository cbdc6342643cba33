//! Guided creation for vendors without a public token API (Bright, Manifest): the exact console
//! checklist, and checking the token the admin pastes back.

use reqwest::Url;

use super::*;

impl Desk {
    // ---- guided creation (vendors without a token API) -----------------------------------

    /// The exact console checklist for a spec.
    pub fn guided_plan(
        &self,
        id: &str,
        catalog: &Catalog,
        spec: &TokenSpec,
    ) -> Result<GuidedPlan, IpcError> {
        let spec = &normalized(spec);
        let conn = self.connection(id)?;
        same_vendor(&conn, catalog, spec)?;
        let res = self.checked(catalog, spec)?;
        let checklist = res
            .scopes
            .iter()
            .map(|s| {
                let def = catalog.scope_index(&s.id).map(|ix| catalog.scope(ix));
                ChecklistItem {
                    scope: s.id.clone(),
                    description: def.map(|d| d.description.clone()).unwrap_or_default(),
                    reason: s
                        .reasons
                        .iter()
                        .find(|r| !matches!(r, Reason::Selected))
                        .map(Reason::describe),
                }
            })
            .collect();
        let policy = catalog
            .kind(&spec.kind)
            .and_then(|k| k.policy.clone())
            .unwrap_or_default();
        let env_var = policy
            .env_var
            .clone()
            .unwrap_or_else(|| default_env_var(&conn.vendor));
        let kind_name = catalog
            .kind(&spec.kind)
            .and_then(|k| k.name.clone())
            .unwrap_or_else(|| spec.kind.clone());
        let (console_url, steps) = match conn.vendor.as_str() {
            "bright" => (
                if conn.sandbox { "sandbox console (in Scopekeeper)".to_owned() } else { format!("{}/", conn.base_url.trim_end_matches('/')) },
                vec![
                    match spec.kind.as_str() {
                        "organization" => "Sign in to Bright and open Organization \u{2192} Manage your Organization API keys.".to_owned(),
                        "personal" => "Sign in to Bright and open User Settings \u{2192} Manage your user API keys.".to_owned(),
                        _ => format!("Sign in to Bright and open the page where {kind_name} keys are made."),
                    },
                    format!("Create a key named \u{201c}{}\u{201d}{}.", spec.name, spec.expires_on.as_ref().map(|d| format!(", expiring {d}")).unwrap_or_default()),
                    "Click Deselect all, then tick exactly the scopes below.".to_owned(),
                    "Copy the key (Bright shows it once) and paste it below.".to_owned(),
                ],
            ),
            _ => (
                if conn.sandbox { "sandbox console (in Scopekeeper)".to_owned() } else { "https://app.manifestcyber.com/settings/account/api-tokens/create".to_owned() },
                vec![
                    "Sign in to Manifest and open Settings \u{2192} Account \u{2192} API Tokens \u{2192} Create.".to_owned(),
                    format!("Name it \u{201c}{}\u{201d} (names must be unique){}.", spec.name, spec.expires_on.as_ref().map(|d| format!(" and set it to expire on {d}")).unwrap_or_default()),
                    "Tick exactly the scopes below (view-all is required for every token).".to_owned(),
                    "Copy the token (Manifest shows it once) and paste it below.".to_owned(),
                ],
            ),
        };
        Ok(GuidedPlan {
            vendor: conn.vendor.clone(),
            console_url,
            docs_url: catalog.def.docs.clone(),
            steps,
            checklist,
            key_format: policy.key_format.clone(),
            verify_command: guided_verify_command(&conn, &env_var, self.base_url(&conn).ok()),
            env_var,
        })
    }

    /// Checks a token made in the vendor's console: format, then the vendor's verify call;
    /// optionally keeps it in the keyring.
    pub async fn verify_pasted(
        &self,
        id: &str,
        token: SecretString,
        save_as: Option<String>,
    ) -> Result<PastedCheck, IpcError> {
        let conn = self.connection(id)?;
        let token = SecretString::from(token.expose_secret().trim().to_owned());
        if token.expose_secret().is_empty() {
            return Err(invalid("Paste the token first."));
        }
        let base = self.base_url(&conn)?;
        let (format_ok, summary) = match conn.vendor.as_str() {
            "bright" => {
                if let Err(why) = bright::check_key_format(token.expose_secret()) {
                    return Ok(PastedCheck {
                        format_ok: false,
                        verified: false,
                        summary: why,
                        saved_as: None,
                    });
                }
                let probe = bright::verify(&self.http, &base, &token).await?;
                (true, if probe.can_read_projects { "Bright accepts the key; it can read projects." } else { "Bright accepts the key (it cannot read projects, so the probe saw no more)." }.to_owned())
            }
            "manifest" => {
                let org = manifest::verify(&self.http, &base, &token).await?;
                (
                    true,
                    format!(
                        "Manifest accepts the token for organization {}.",
                        org.name.unwrap_or_else(|| "(unnamed)".into())
                    ),
                )
            }
            "mindbridge" => {
                let me = MindBridge::new(self.http.clone(), base, token.clone())
                    .current()
                    .await?;
                (
                    true,
                    format!("MindBridge accepts the token \u{201c}{}\u{201d}.", me.name),
                )
            }
            other => {
                return Err(invalid(format!(
                    "Scopekeeper cannot verify {other} tokens."
                )))
            }
        };
        self.record(&conn, "verified", None, None, &[], &summary);
        let saved_as = match save_as
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
        {
            Some(name) => {
                let account = format!("token:{name}");
                self.store_secret(SecretKey::scopekeeper(account.clone()), token)
                    .await?;
                self.record(
                    &conn,
                    "saved_in_keyring",
                    None,
                    Some(&name),
                    &[],
                    &format!("keyring entry {account}"),
                );
                Some(account)
            }
            None => None,
        };
        Ok(PastedCheck {
            format_ok,
            verified: true,
            summary,
            saved_as,
        })
    }
}

/// The documented verify call of a console-made token, as a shell command.
fn guided_verify_command(conn: &Connection, env_var: &str, base: Option<Url>) -> String {
    let base = base.map_or_else(
        || conn.base_url.clone(),
        |b| b.as_str().trim_end_matches('/').to_owned(),
    );
    match conn.vendor.as_str() {
        "bright" => format!(
            "curl -sS -H \"Authorization: Api-Key ${env_var}\" {}",
            shell_quote(&format!("{base}/api/v2/projects?limit=1"))
        ),
        _ => format!(
            "curl -sS -H \"Authorization: Bearer ${env_var}\" {}",
            shell_quote(&format!("{base}/v1/organization"))
        ),
    }
}
