//! The simulator's handshake: where each simulated tenant listens and its first admin
//! credential (the `scopekeeper-sim` binary's first stdout line), and the credentials to seed.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Vendor;

/// The first credentials of each simulated tenant: what an admin would have for a real one.
/// Secrets by nature; `Debug` prints none of them. `Serialize` exists only for the
/// `scopekeeper-sim` binary's first stdout line, which is documented to carry them.
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Handshake {
    /// Bearer token for the simulator's own control endpoints (`/_sim/faults`, `/_sim/calls`):
    /// only whoever started it may inject faults or read call counts.
    pub control_token: String,
    pub mindbridge: MindBridgeAccess,
    pub cortex: CortexAccess,
    pub bright: BrightAccess,
    pub manifest: ManifestAccess,
    pub cloudflare: CloudflareAccess,
    pub gitlab: GitLabAccess,
    pub github: GitHubAccess,
}

#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct MindBridgeAccess {
    pub base_url: String,
    pub token: String,
}

#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct CortexAccess {
    pub base_url: String,
    pub api_key: String,
    pub api_key_id: i64,
}

#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct BrightAccess {
    pub base_url: String,
    pub api_key: String,
}

#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ManifestAccess {
    pub base_url: String,
    pub token: String,
}

/// One Cloudflare account: `base_url` is the account's token API
/// (`…/client/v4/accounts/{account_id}`), `token` an account API token that may manage them.
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct CloudflareAccess {
    pub base_url: String,
    pub token: String,
    pub account_id: String,
}

/// One GitLab instance: `base_url` is the sandbox project's API
/// (`{api_url}/projects/{project_id}`, whose `/access_tokens` the connection manages), `api_url`
/// the instance's REST API (`…/gitlab/api/v4`), `token` the administrator's personal access
/// token (scope `api`).
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct GitLabAccess {
    pub base_url: String,
    pub token: String,
    pub api_url: String,
    pub project_id: u64,
    pub group_id: u64,
    pub admin_user_id: u64,
}

/// One GitHub organisation seen through the sandbox's GitHub App: `base_url` is the
/// organisation's API (`{api_url}/orgs/{org}`, whose `/personal-access-tokens` the connection
/// audits), `api_url` the API root (`…/github`, like `https://api.github.com`), `token` the App's
/// private key (PKCS#1 PEM: the connection's credential, from which it signs JWTs and asks for
/// installation tokens), `classic_token` and `fine_grained_token` the owner `sk-admin`'s
/// personal tokens.
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct GitHubAccess {
    pub base_url: String,
    pub token: String,
    pub app_id: u64,
    pub installation_id: u64,
    pub org: String,
    pub api_url: String,
    pub classic_token: String,
    pub fine_grained_token: String,
}

impl fmt::Debug for Handshake {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handshake")
            .field("mindbridge", &self.mindbridge.base_url)
            .field("cortex", &self.cortex.base_url)
            .field("bright", &self.bright.base_url)
            .field("manifest", &self.manifest.base_url)
            .field("cloudflare", &self.cloudflare.base_url)
            .field("gitlab", &self.gitlab.base_url)
            .field("github", &self.github.base_url)
            .finish_non_exhaustive()
    }
}

/// One simulated tenant as the app's sandbox sees it, whatever the vendor: where it listens and
/// its admin credential (a secret), with the credential's key id where the vendor has one.
pub struct TenantAccess<'a> {
    /// The vendor's catalog id (`Vendor::id`).
    pub vendor: &'static str,
    pub base_url: &'a str,
    pub credential: &'a str,
    pub key_id: Option<i64>,
}

/// A request to a simulated vendor console (`/_sim/console/…`): where to post, the admin's
/// `Authorization` header (a secret) and the reply field holding the new key.
pub struct ConsoleCall {
    pub url: String,
    pub authorization: String,
    pub key_field: &'static str,
}

impl Handshake {
    /// Every simulated tenant, in [`Vendor::ALL`] order. The handshake's JSON stays one field
    /// per vendor (a documented contract); this is the same data keyed by vendor id.
    pub fn tenants(&self) -> Vec<TenantAccess<'_>> {
        Vendor::ALL
            .into_iter()
            .map(|v| {
                let (base_url, credential, key_id) = match v {
                    Vendor::MindBridge => (&self.mindbridge.base_url, &self.mindbridge.token, None),
                    Vendor::Cortex => (
                        &self.cortex.base_url,
                        &self.cortex.api_key,
                        Some(self.cortex.api_key_id),
                    ),
                    Vendor::Bright => (&self.bright.base_url, &self.bright.api_key, None),
                    Vendor::Manifest => (&self.manifest.base_url, &self.manifest.token, None),
                    Vendor::Cloudflare => (&self.cloudflare.base_url, &self.cloudflare.token, None),
                    Vendor::GitLab => (&self.gitlab.base_url, &self.gitlab.token, None),
                    Vendor::GitHub => (
                        &self.github.base_url,
                        &self.github.token,
                        Some(self.github.app_id as i64),
                    ),
                };
                TenantAccess {
                    vendor: v.id(),
                    base_url,
                    credential,
                    key_id,
                }
            })
            .collect()
    }

    /// How to make a key in the simulated console of the vendor with catalog id `vendor_id`;
    /// `None` for a vendor whose tokens are made through its API (no console is simulated).
    pub fn console(&self, vendor_id: &str) -> Option<ConsoleCall> {
        match vendor_id.parse::<Vendor>().ok()? {
            Vendor::Bright => Some(ConsoleCall {
                url: format!("{}/_sim/console/api-keys", self.bright.base_url),
                authorization: format!("Api-Key {}", self.bright.api_key),
                key_field: "key",
            }),
            Vendor::Manifest => Some(ConsoleCall {
                url: format!("{}/_sim/console/api-tokens", self.manifest.base_url),
                authorization: format!("Bearer {}", self.manifest.token),
                key_field: "token",
            }),
            Vendor::MindBridge
            | Vendor::Cortex
            | Vendor::Cloudflare
            | Vendor::GitLab
            | Vendor::GitHub => None,
        }
    }
}

/// Admin credentials to seed instead of fresh random ones (the app's sandbox passes back the
/// ones it already keeps in the keyring, so its saved connections keep working across runs).
#[derive(Clone, Default)]
pub struct SeedCredentials {
    pub mindbridge_token: Option<String>,
    pub cortex_api_key: Option<String>,
    pub bright_api_key: Option<String>,
    pub manifest_token: Option<String>,
    pub cloudflare_token: Option<String>,
    pub gitlab_token: Option<String>,
    /// The GitHub App's private key (PKCS#1 PEM) to keep; one that does not parse is replaced.
    pub github_token: Option<String>,
}

impl SeedCredentials {
    /// Seeds the admin credential of the vendor with catalog id `vendor_id`; `false` when the
    /// simulator serves no such vendor.
    pub fn set(&mut self, vendor_id: &str, credential: String) -> bool {
        let slot = match vendor_id.parse::<Vendor>() {
            Ok(Vendor::MindBridge) => &mut self.mindbridge_token,
            Ok(Vendor::Cortex) => &mut self.cortex_api_key,
            Ok(Vendor::Bright) => &mut self.bright_api_key,
            Ok(Vendor::Manifest) => &mut self.manifest_token,
            Ok(Vendor::Cloudflare) => &mut self.cloudflare_token,
            Ok(Vendor::GitLab) => &mut self.gitlab_token,
            Ok(Vendor::GitHub) => &mut self.github_token,
            Err(_) => return false,
        };
        *slot = Some(credential);
        true
    }
}

impl fmt::Debug for SeedCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SeedCredentials(<redacted>)")
    }
}
