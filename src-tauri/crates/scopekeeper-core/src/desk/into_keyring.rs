//! *Create into keyring*: a new token goes straight from the vendor's reply into the OS keyring
//! under a name the admin chose, and is never shown or copied. The answer says where it went
//! and how a program reads it back.
//!
//! The keyring is asked first (is it there, unlocked, is the name free?) so a create is not
//! sent when its secret would have nowhere to go. If the keyring still fails after the create,
//! the new token is revoked at once: nobody has seen it, so nothing can be using it, and a
//! token whose secret is lost is only a risk.

use serde::Serialize;
use ts_rs::TS;

use super::types::CreatedToken;
use super::Desk;
use crate::catalog::Catalog;
use crate::connection::Connection;
use crate::error::Error;
use crate::secret_store::KEYRING_SERVICE;
use crate::token_spec::TokenSpec;

/// A token created straight into the keyring (never its secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct KeptInKeyring {
    pub created: CreatedToken,
    /// The keyring entry: service and account, as every OS keyring names one.
    pub service: String,
    pub account: String,
    /// How programs read it back, one line each: libsecret's `secret-tool`, Python's and Rust's
    /// `keyring` packages.
    pub lookups: Vec<String>,
}

/// The lines that read the entry back (shell-quoted where a name could need it).
pub fn lookup_lines(service: &str, account: &str) -> Vec<String> {
    let sh = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    // JSON's string escapes are also Python's; Rust's `{:?}` is kept for the Rust line.
    let py = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let rs = |s: &str| format!("{s:?}");
    vec![
        format!(
            "secret-tool lookup service {} username {}",
            sh(service),
            sh(account)
        ),
        format!(
            "python3 -c 'import keyring; print(keyring.get_password({}, {}))'",
            py(service).replace('\'', r"'\''"),
            py(account).replace('\'', r"'\''")
        ),
        format!(
            "keyring::Entry::new({}, {})?.get_password()?",
            rs(service),
            rs(account)
        ),
    ]
}

impl Desk {
    /// Creates a token and files its secret in the keyring as `token:<entry>`. The secret never
    /// becomes pending, so it can be neither revealed nor copied.
    pub async fn create_into_keyring(
        &self,
        id: &str,
        catalog: &Catalog,
        spec: &TokenSpec,
        entry: &str,
    ) -> Result<KeptInKeyring, Error> {
        // Before anything is sent: the keyring must answer, and the name must be free.
        let (account, key) = self.free_entry(entry).await?;
        let (conn, created, secret) = self.create_secret(id, catalog, spec).await?;
        if let Err(e) = self.write_secret(key, secret, None).await {
            return Err(self.undo_unkept(&conn, &created, e).await);
        }
        self.record(
            &conn,
            "saved_in_keyring",
            Some(&created.token_id),
            Some(&created.name),
            &[],
            &format!("keyring entry {account}; created into the keyring, never shown"),
        );
        Ok(KeptInKeyring {
            lookups: lookup_lines(KEYRING_SERVICE, &account),
            service: KEYRING_SERVICE.to_owned(),
            account,
            created,
        })
    }

    /// The keyring refused a new token's secret: revoke the token (no one has it), and say so.
    async fn undo_unkept(&self, conn: &Connection, created: &CreatedToken, why: Error) -> Error {
        let revoked = match self.session(conn).await {
            Ok(session) => {
                conn.vendor
                    .adapter()
                    .revoke(&session, &created.token_id)
                    .await
            }
            Err(e) => Err(e),
        };
        let detail = match &revoked {
            Ok(()) => "revoked at the vendor: the keyring could not keep it, and no one saw it",
            Err(_) => "the keyring could not keep it, and revoking it failed",
        };
        self.record(
            conn,
            if revoked.is_ok() {
                "revoked"
            } else {
                "create_failed"
            },
            Some(&created.token_id),
            Some(&created.name),
            &created.scopes,
            detail,
        );
        let then = match revoked {
            Ok(()) => "so Scopekeeper revoked the new token at once; nothing was kept. Fix the keyring and create it again.".to_owned(),
            Err(e) => format!(
                "and revoking the new token failed too ({}). Revoke token {} (\u{201c}{}\u{201d}) in {}'s console: its secret is lost.",
                e.message.trim_end_matches('.'),
                created.token_id,
                created.name,
                conn.vendor
            ),
        };
        Error::new(
            why.kind,
            format!(
                "The keyring could not keep the new token ({}), {then}",
                why.message.trim_end_matches('.')
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_lines_quote_what_a_shell_would_split() {
        let lines = lookup_lines("app.scopekeeper.desktop", "token:ci it's");
        assert_eq!(
            lines[0],
            r"secret-tool lookup service 'app.scopekeeper.desktop' username 'token:ci it'\''s'"
        );
        assert!(
            lines[1]
                .contains(r#"keyring.get_password("app.scopekeeper.desktop", "token:ci it'\''s")"#),
            "{}",
            lines[1]
        );
        assert!(lines[2]
            .starts_with(r#"keyring::Entry::new("app.scopekeeper.desktop", "token:ci it's")"#));
    }
}
