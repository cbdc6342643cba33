//! One interface for every vendor. The desk orchestrates (keyring, connections, the pending
//! secret, the log) and never names a vendor: it asks the connection's [`Vendor`] for its
//! [`VendorAdapter`], and the adapter knows that vendor's API. The UI learns what a vendor can do
//! from its [`Capabilities`], never from its name. Adding a vendor means one module (client and
//! adapter), one variant here, and its catalog.

use std::sync::Arc;

use futures_util::future::BoxFuture;
use reqwest::Url;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::Catalog;
use crate::clock::Clock;
use crate::connection::Connection;
use crate::error::{Error, ErrorKind};
use crate::secret::SecretString;
use crate::token_spec::TokenSpec;
use crate::vendor::VendorToken;

use super::{
    bright, cloudflare, cortex, github, gitlab, manifest, mindbridge, VendorError, VendorHttp,
};

pub use super::answers::{
    ConsoleSteps, CreateRequest, Made, OfferedScope, ParentCheck, Probe, ReachItem, ReachList,
    Rolled, MAX_REACH_ITEMS,
};
pub use super::info::VendorInfo;
pub(crate) use super::words::catalog_permissions;
pub use super::words::{rfc3339_ms, shell_quote};

/// The vendors Scopekeeper connects to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Vendor {
    MindBridge,
    Cortex,
    Bright,
    Manifest,
    Cloudflare,
    GitLab,
    GitHub,
}

impl Vendor {
    pub const ALL: [Vendor; 7] = [
        Vendor::MindBridge,
        Vendor::Cortex,
        Vendor::Bright,
        Vendor::Manifest,
        Vendor::Cloudflare,
        Vendor::GitLab,
        Vendor::GitHub,
    ];

    /// The catalog id (`mindbridge`, …), also the connection file's spelling.
    pub fn id(self) -> &'static str {
        self.adapter().id()
    }

    /// The one name the app shows.
    pub fn name(self) -> &'static str {
        self.adapter().name()
    }

    pub fn parse(id: &str) -> Option<Vendor> {
        Vendor::ALL.into_iter().find(|v| v.id() == id)
    }

    pub fn adapter(self) -> &'static dyn VendorAdapter {
        match self {
            Vendor::MindBridge => &mindbridge::adapter::MindBridgeAdapter,
            Vendor::Cortex => &cortex::adapter::CortexAdapter,
            Vendor::Bright => &bright::adapter::BrightAdapter,
            Vendor::Manifest => &manifest::adapter::ManifestAdapter,
            Vendor::Cloudflare => &cloudflare::adapter::CloudflareAdapter,
            Vendor::GitLab => &gitlab::adapter::GitLabAdapter,
            Vendor::GitHub => &github::adapter::GitHubAdapter,
        }
    }
}

impl std::fmt::Display for Vendor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What a vendor's public API lets Scopekeeper do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct Capabilities {
    /// Create tokens through the API (otherwise: guided creation in the console).
    pub create: bool,
    /// List the tenant's tokens.
    pub list: bool,
    pub revoke: bool,
    pub rename: bool,
    /// A new token's expiry can be chosen.
    pub set_expiry: bool,
    /// A new token can be restricted to addresses.
    pub set_allowlist: bool,
    /// The credential can say what it holds.
    pub introspect: bool,
    /// A token's value can be replaced, its permissions kept (the old value stops working).
    pub roll: bool,
    /// The API lists the scopes the vendor offers (the catalog can be compared with it).
    pub offers_scopes: bool,
}

/// The most tokens one connection's listing may hold unless `audit.toml` says otherwise.
pub const MAX_TOKENS_LISTED: usize = 200_000;

/// One connection's credential, ready to call the vendor with.
pub struct Session<'a> {
    pub http: &'a VendorHttp,
    pub base: Url,
    pub credential: SecretString,
    pub connection: &'a Connection,
    pub clock: Arc<dyn Clock>,
    /// A listing with more tokens than this fails ([`VendorError::TooManyTokens`]) instead of
    /// growing without bound.
    pub max_tokens: usize,
    /// What a listing asks the vendor to filter by (checked; only where
    /// [`VendorAdapter::filters_listing`]).
    pub filter: super::ListFilter,
}

pub type Answer<'a, T> = BoxFuture<'a, Result<T, Error>>;

/// How far a token listing has got (for a progress bar).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct ListProgress {
    pub tokens_seen: usize,
    pub pages_read: usize,
    /// When the vendor says how many pages there are.
    pub total_pages: Option<usize>,
}

/// Receives listing progress; called from the listing task.
pub type OnProgress<'a> = &'a (dyn Fn(ListProgress) + Send + Sync);

fn unsupported<T: Send + 'static>(vendor: &str, what: &str) -> Answer<'static, T> {
    let e = Error::new(
        ErrorKind::InvalidInput,
        format!("{vendor} has no public API to {what}."),
    );
    Box::pin(async move { Err(e) })
}

/// Everything the desk needs from one vendor. Methods a vendor's API does not support answer
/// with a clear error (their capability is `false`).
pub trait VendorAdapter: Send + Sync {
    fn id(&self) -> &'static str;
    fn name(&self) -> &'static str;
    fn capabilities(&self) -> Capabilities;
    /// The shape of a tenant's base URL, shown in the connection form.
    fn url_hint(&self) -> &'static str;
    /// The key kind (a catalog key kind id) of the sandbox connection's admin credential.
    fn sandbox_key_kind(&self) -> &'static str;
    /// The environment variable offered when the catalog names none.
    fn env_var(&self) -> &'static str;
    /// A connection names its credential's key id and security level (sent with each call).
    fn uses_key_id(&self) -> bool {
        false
    }

    /// What the connection form calls the key id, where a connection may name one (required,
    /// with a security level, when [`Self::uses_key_id`]).
    fn key_id_label(&self) -> Option<&'static str> {
        self.uses_key_id().then_some("API key ID")
    }

    /// Whether the vendor's list call filters tokens ([`super::ListFilter`], read from
    /// [`Session::filter`]); a vendor that lists every token says no.
    fn filters_listing(&self) -> bool {
        false
    }

    /// Key kinds made in the vendor's console (guided), though its API makes others.
    fn guided_kinds(&self) -> &'static [&'static str] {
        &[]
    }

    /// The permissions Scopekeeper itself needs its connection's credential to hold.
    fn needed_permissions(&self) -> &'static [&'static str] {
        &[]
    }

    /// What each of `scopes` grants in the tenant's own terms, when the tenant defines them
    /// (Cortex's custom roles); `None` means the catalog decides.
    fn scope_permissions<'a>(
        &'a self,
        _s: &'a Session<'a>,
        _scopes: &'a [String],
    ) -> Answer<'a, Option<std::collections::HashMap<String, Vec<String>>>> {
        Box::pin(async { Ok(None) })
    }

    /// Who the credential is and what it can do.
    fn probe<'a>(&'a self, s: &'a Session<'a>, catalog: &'a Catalog) -> Answer<'a, Probe>;

    /// The scopes the vendor offers this connection now, in the catalog's ids (`None`: the
    /// vendor publishes no list through its API).
    fn offered_scopes<'a>(&'a self, _s: &'a Session<'a>) -> Answer<'a, Option<Vec<OfferedScope>>> {
        Box::pin(async { Ok(None) })
    }

    /// A roll ends the token and makes a new one with a new id (`Rolled.token_id`), rather than
    /// giving the same token a new value.
    fn roll_replaces_token(&self) -> bool {
        false
    }

    /// What a revoke does, when it is less than ending the token everywhere (`None`: the token
    /// stops working).
    fn revoke_effect(&self) -> Option<&'static str> {
        None
    }

    /// Whether a connection at `base` lists its tenant's tokens (`capabilities().list`, unless
    /// that kind of base URL reaches no listing); through one that does not, tokens are
    /// registered by their fingerprint instead.
    fn lists_through(&self, _base: &Url) -> bool {
        self.capabilities().list
    }

    /// The items of `area` (one of the kind's `narrow_to`) a new `kind` token made through this
    /// connection can be narrowed to, at most [`MAX_REACH_ITEMS`] (`None`: the vendor cannot
    /// list them).
    fn reach_items<'a>(
        &'a self,
        _s: &'a Session<'a>,
        _kind: &'a str,
        _area: &'a str,
    ) -> Answer<'a, Option<ReachList>> {
        Box::pin(async { Ok(None) })
    }

    /// The vendor's id for the token the session's credential is, as the vendor's own listing
    /// names it (`None`: the vendor cannot say). This is how a token is recognised as a saved
    /// connection's credential in any listing of the same tenant: by id, never by name.
    fn credential_token_id<'a>(&'a self, _s: &'a Session<'a>) -> Answer<'a, Option<String>> {
        Box::pin(async { Ok(None) })
    }

    /// Every token the vendor lists for the tenant (never a secret), page by page, telling
    /// `progress` after each page.
    fn list_tokens<'a>(
        &'a self,
        _s: &'a Session<'a>,
        _progress: OnProgress<'a>,
    ) -> Answer<'a, Vec<VendorToken>> {
        unsupported(self.name(), "list tokens; see them in its console")
    }

    /// What the credential holds and what each requested scope would grant (`None`: the vendor
    /// cannot say, nothing to compare).
    fn parent_check<'a>(
        &'a self,
        _s: &'a Session<'a>,
        _catalog: &'a Catalog,
        _req: &'a CreateRequest<'a>,
    ) -> Answer<'a, Option<ParentCheck>> {
        Box::pin(async { Ok(None) })
    }

    /// Sends one create request, never repeated.
    fn create<'a>(
        &'a self,
        _s: &'a Session<'a>,
        _req: &'a CreateRequest<'a>,
    ) -> BoxFuture<'a, Result<Made, VendorError>> {
        let name = self.name();
        Box::pin(async move {
            Err(VendorError::Internal {
                message: format!(
                    "{name} has no public API to create tokens; use the guided creation."
                ),
            })
        })
    }

    /// The name the vendor records for a token made from `spec` (how a lost create is found).
    fn recorded_name(&self, spec: &TokenSpec) -> String {
        spec.name.clone()
    }

    /// Whether `secret` (of token `token_id`) is accepted by the vendor.
    fn accepts<'a>(
        &'a self,
        _s: &'a Session<'a>,
        _token_id: &'a str,
        _secret: SecretString,
    ) -> Answer<'a, bool> {
        unsupported(self.name(), "check a token")
    }

    /// A new value for `token` (as the vendor listed it), its permissions kept and the old
    /// value void. Sent once, never repeated: a second roll would void the value the first one
    /// returned.
    fn roll<'a>(
        &'a self,
        _s: &'a Session<'a>,
        _token: &'a VendorToken,
    ) -> BoxFuture<'a, Result<Rolled, VendorError>> {
        let name = self.name();
        Box::pin(async move {
            Err(VendorError::Internal {
                message: format!("{name} cannot roll a token's value; rotate it instead."),
            })
        })
    }

    fn revoke<'a>(&'a self, _s: &'a Session<'a>, _token_id: &'a str) -> Answer<'a, ()> {
        unsupported(self.name(), "revoke tokens; revoke it in its console")
    }

    /// Renames a token; the renamed token and its previous name.
    fn rename<'a>(
        &'a self,
        _s: &'a Session<'a>,
        _token_id: &'a str,
        _name: &'a str,
    ) -> Answer<'a, (VendorToken, String)> {
        unsupported(self.name(), "rename tokens")
    }

    /// Checks a token pasted by the admin: `Ok(Err(why))` when its shape is wrong (nothing was
    /// sent), else the vendor's verdict in one sentence.
    fn verify_pasted<'a>(
        &'a self,
        http: &'a VendorHttp,
        base: &'a Url,
        token: &'a SecretString,
    ) -> Answer<'a, Result<String, String>>;

    /// The console steps for a token made by hand (`None`: the vendor has a token API).
    fn console_steps(
        &self,
        _conn: &Connection,
        _spec: &TokenSpec,
        _kind_name: &str,
    ) -> Option<ConsoleSteps> {
        None
    }

    /// A shell command that checks a token read from `$env_var` (the base URL is quoted).
    fn verify_command(&self, base: &str, env_var: &str, token_id: Option<&str>) -> String;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vendor_round_trips_its_id_and_has_one_adapter() {
        for v in Vendor::ALL {
            assert_eq!(Vendor::parse(v.id()), Some(v));
            assert_eq!(
                serde_json::to_value(v).unwrap(),
                serde_json::json!(v.id()),
                "the connection file's spelling"
            );
        }
        assert_eq!(Vendor::Cortex.name(), "Cortex");
        assert!(Vendor::parse("acme").is_none());
    }
}
