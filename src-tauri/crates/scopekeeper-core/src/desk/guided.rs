//! Guided creation for vendors without a public token API: the exact console checklist, and
//! checking the token the admin pastes back (then forgetting it unless they keep it).

use super::registered::Declared;
use super::types::{ChecklistItem, GuidedPlan, PastedCheck};
use super::{invalid, same_vendor, Desk};
use crate::algebra::Reason;
use crate::catalog::Catalog;
use crate::error::Error;
use crate::secret::{ExposeSecret, SecretString};
use crate::token_spec::{normalized, TokenSpec};

impl Desk {
    /// The exact console checklist for a spec.
    pub fn guided_plan(
        &self,
        id: &str,
        catalog: &Catalog,
        spec: &TokenSpec,
    ) -> Result<GuidedPlan, Error> {
        let spec = &normalized(spec);
        let conn = self.connection(id)?;
        same_vendor(&conn, catalog, spec)?;
        let adapter = conn.vendor.adapter();
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
        let kind = catalog.kind(&spec.kind);
        let policy = kind.and_then(|k| k.policy.clone()).unwrap_or_default();
        let env_var = policy
            .env_var
            .clone()
            .unwrap_or_else(|| adapter.env_var().to_owned());
        let kind_name = kind
            .and_then(|k| k.name.clone())
            .unwrap_or_else(|| spec.kind.clone());
        // The console is told every scope the token will carry, those added with a reason too.
        let whole = TokenSpec {
            scopes: res.scopes.iter().map(|s| s.id.clone()).collect(),
            ..spec.clone()
        };
        let steps = adapter
            .console_steps(&conn, &whole, &kind_name)
            .ok_or_else(|| {
                invalid(format!(
                    "{} tokens are created through its API: use Create token.",
                    conn.vendor
                ))
            })?;
        let base = self
            .base_url(&conn)
            .map(|b| b.as_str().trim_end_matches('/').to_owned())
            .unwrap_or_else(|_| conn.base_url.clone());
        Ok(GuidedPlan {
            vendor: conn.vendor,
            console_url: steps.console_url,
            docs_url: catalog.def.docs.clone(),
            steps: steps.steps,
            checklist,
            key_format: policy.key_format.clone(),
            verify_command: adapter.verify_command(&base, &env_var, None),
            env_var,
        })
    }

    /// Checks a token made in the vendor's console: format, then the vendor's verify call;
    /// optionally keeps it in the keyring; with `declared`, remembers it for the audit (its
    /// fingerprint, never the token) where the vendor cannot list tokens.
    pub async fn verify_pasted(
        &self,
        id: &str,
        token: SecretString,
        save_as: Option<String>,
        declared: Option<Declared>,
    ) -> Result<PastedCheck, Error> {
        let conn = self.connection(id)?;
        let token = SecretString::from(token.expose_secret().trim().to_owned());
        if token.expose_secret().is_empty() {
            return Err(invalid("Paste the token first."));
        }
        let base = self.base_url(&conn)?;
        let summary = match conn
            .vendor
            .adapter()
            .verify_pasted(&self.http, &base, &token)
            .await?
        {
            Ok(summary) => summary,
            Err(why) => {
                return Ok(PastedCheck {
                    format_ok: false,
                    verified: false,
                    summary: why,
                    saved_as: None,
                    registered: None,
                })
            }
        };
        self.record(&conn, "verified", None, None, &[], &summary);
        let listed = self.lists_through(&conn);
        let registered = match declared.filter(|_| !listed) {
            Some(d) => Some(self.register(&conn, &token, &d)?),
            None => None,
        };
        let saved_as = match save_as.filter(|s| !s.trim().is_empty()) {
            Some(name) => Some(
                self.keep_in_keyring(&conn, None, name.trim(), &name, token)
                    .await?,
            ),
            None => None,
        };
        Ok(PastedCheck {
            format_ok: true,
            verified: true,
            summary,
            saved_as,
            registered,
        })
    }
}
