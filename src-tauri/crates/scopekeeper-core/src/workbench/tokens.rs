//! Vendor calls on the workbench that change what the last audit saw: a token revoked (alone,
//! or once its replacement exists) or a registered token forgotten leaves the last report.

use super::Workbench;
use crate::desk::{CreatedToken, RevokeChoice};
use crate::error::Error;

impl Workbench {
    /// Revokes a token as the admin chose it from a listing (the sandbox started first if the
    /// connection needs it); it leaves the last audit.
    pub async fn revoke_token(
        &self,
        id: &str,
        token_id: &str,
        choice: &RevokeChoice,
    ) -> Result<(), Error> {
        self.ready(id).await?;
        self.desk.revoke_token(id, token_id, choice).await?;
        self.forget_tokens(&[(id, token_id)]);
        Ok(())
    }

    /// Rolls a token's value as the admin chose it from a listing: the new value is held like
    /// a new token's, shown once.
    pub async fn roll_token(
        &self,
        id: &str,
        token_id: &str,
        choice: &RevokeChoice,
    ) -> Result<CreatedToken, Error> {
        self.ready(id).await?;
        self.desk.roll_token(id, token_id, choice).await
    }

    /// Revokes a token once its replacement exists (rotate, narrow), logged as one chain; the
    /// old token leaves the last audit.
    pub async fn revoke_replaced(&self, id: &str, old: &str, new: &str) -> Result<(), Error> {
        self.ready(id).await?;
        self.desk.revoke_replaced(id, old, new).await?;
        self.forget_tokens(&[(id, old)]);
        Ok(())
    }

    /// Forgets a token registered for the audit (it stays valid at the vendor); it leaves the
    /// last audit, where a registered token's id is its fingerprint.
    pub fn forget_registered(&self, id: &str, fingerprint: &str) -> Result<(), Error> {
        self.desk.forget_registered(id, fingerprint)?;
        self.forget_tokens(&[(id, fingerprint)]);
        Ok(())
    }
}
