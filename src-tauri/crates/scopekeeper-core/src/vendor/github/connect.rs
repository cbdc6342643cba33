//! How a GitHub connection's credential reaches GitHub: a personal token as it is, or a GitHub
//! App's JWT (from its private key) for an organization, and the installation tokens it makes.

use crate::vendor::adapter::Session;
use crate::vendor::VendorError;

use super::{app_jwt, GitHub, Place};

/// The connection as its credential reaches GitHub: a token as it is, or an App's JWT for an
/// organization connection.
pub(super) fn client(s: &Session<'_>) -> Result<GitHub, VendorError> {
    let probe = GitHub::new(s.http.clone(), &s.base, s.credential.clone());
    if probe.place == Place::Root {
        if crate::secret::ExposeSecret::expose_secret(&s.credential).contains("-----BEGIN") {
            return Err(VendorError::InvalidBaseUrl {
                message: "This connection holds a GitHub App's private key but its base URL names no organization: make it …/orgs/{org} (the key is never sent)".into(),
            });
        }
        return Ok(probe);
    }
    let app_id = s.connection.key_id.ok_or_else(|| VendorError::Validation {
        message:
            "An organization connection needs its GitHub App's ID: edit the connection and enter it"
                .into(),
        problems: Vec::new(),
    })?;
    let jwt = app_jwt(&s.credential, app_id, s.clock.now_ms() / 1000)?;
    Ok(GitHub::new(s.http.clone(), &s.base, jwt))
}

/// The organization connection's installation token for `permissions` (all the
/// installation's when empty), on the repositories named (every one it reaches when `None`).
pub(super) async fn installation_client(
    s: &Session<'_>,
    permissions: &serde_json::Map<String, serde_json::Value>,
    repositories: Option<&[String]>,
) -> Result<(GitHub, super::InstallationToken), VendorError> {
    let app = client(s)?;
    let inst = app.installation().await?;
    let made = app
        .installation_token(inst.id, permissions, repositories)
        .await?;
    let gh = GitHub::new(s.http.clone(), &s.base, made.value.clone());
    Ok((gh, made))
}
