//! What an installation token does for itself: list the repositories it reaches, and end
//! itself once Scopekeeper's own work with it is done.

use reqwest::Method;
use serde::Deserialize;

use super::GitHub;
use crate::vendor::{Retry, VendorError};

/// A repository an installation reaches.
#[derive(Debug, Clone, Deserialize)]
pub struct Repository {
    pub name: String,
    #[serde(default)]
    pub private: bool,
}

impl GitHub {
    /// `GET /installation/repositories` (with an installation token): the repositories it
    /// reaches, by name, at most `max`; `true` when GitHub has more.
    pub async fn installation_repositories(
        &self,
        max: usize,
    ) -> Result<(Vec<Repository>, bool), VendorError> {
        #[derive(Deserialize)]
        struct Page {
            #[serde(default)]
            total_count: usize,
            #[serde(default)]
            repositories: Vec<Repository>,
        }
        const PER: usize = 100;
        let mut out: Vec<Repository> = Vec::new();
        for page in 1..=max.div_ceil(PER).max(1) {
            let q = [("page", page.to_string()), ("per_page", PER.to_string())];
            let r = self
                .call(
                    Retry::Idempotent,
                    Method::GET,
                    "/installation/repositories",
                    &q,
                    None,
                )
                .await?;
            let p: Page = r.json()?;
            let short = p.repositories.len() < PER;
            out.extend(p.repositories);
            if short || out.len() >= p.total_count {
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

    /// `DELETE /installation/token`: ends the installation token this client holds (one
    /// Scopekeeper made for its own listing or revoking) rather than leaving it for the hour.
    pub async fn end_installation_token(&self) -> Result<(), VendorError> {
        self.call(
            Retry::Idempotent,
            Method::DELETE,
            "/installation/token",
            &[],
            None,
        )
        .await
        .map(|_| ())
    }
}
