//! A create whose outcome is unknown. Once the request may have reached the vendor (no reply,
//! a reply that broke mid-body or did not decode, a gateway's 5xx), the token may exist, live,
//! with a secret nobody has. The create is never repeated: the desk remembers what was asked,
//! and [`Desk::reconcile_create`] lists the vendor's tokens to find the one just made, so the
//! admin can revoke it.

use serde::Serialize;
use ts_rs::TS;

use super::{lock, Desk};
use crate::connection::Connection;
use crate::error::{Error, ErrorKind};
use crate::vendor::{VendorError, VendorToken};

/// What was asked of the vendor when the reply was lost.
#[derive(Debug, Clone)]
pub(super) struct UncertainCreate {
    pub connection_id: String,
    /// The name the vendor records (its token name, or the comment where it has no name).
    pub name: String,
    pub scopes: Vec<String>,
    pub started_ms: i64,
}

/// The vendor's tokens that match an uncertain create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Reconciliation {
    pub connection_id: String,
    /// The name and scopes that were requested.
    pub name: String,
    pub scopes: Vec<String>,
    /// Tokens with that name and those scopes, made since the attempt: almost surely the one
    /// just created. Revoke it, since its secret was never received.
    pub found: Vec<VendorToken>,
    pub detail: String,
}

/// How long before the attempt a vendor's creation time may be (clock skew between machines).
const SKEW_MS: i64 = 5 * 60 * 1000;

/// Whether a failed create may still have made the token: the request was sent and the reply
/// did not say it failed.
pub(super) fn may_have_been_created(e: &VendorError) -> bool {
    match e {
        VendorError::Timeout { .. } | VendorError::BadResponse { .. } => true,
        VendorError::Unavailable { status, .. } => matches!(status, 500 | 502 | 504),
        _ => false,
    }
}

impl Desk {
    /// Remembers a create that may have succeeded, and says so.
    pub(super) fn uncertain_create(
        &self,
        conn: &Connection,
        name: &str,
        scopes: &[String],
        started_ms: i64,
        e: &VendorError,
    ) -> Error {
        *lock(&self.uncertain) = Some(UncertainCreate {
            connection_id: conn.id.clone(),
            name: name.to_owned(),
            scopes: scopes.to_vec(),
            started_ms,
        });
        let what_happened = match e {
            VendorError::Timeout { after_secs } => format!("no reply came within {after_secs} s"),
            VendorError::Unavailable { status, .. } => {
                format!("the reply was HTTP {status}, from the vendor or a gateway in front of it")
            }
            _ => "the reply broke off or could not be read".to_owned(),
        };
        Error::new(
            ErrorKind::CreateUncertain,
            format!(
                "{} may have created the token \u{201c}{name}\u{201d}: the request was sent, but {what_happened}. Scopekeeper did not send it again; it checks the token list for it.",
                conn.vendor,
            ),
        )
    }

    /// Lists the connection's tokens and finds the one an uncertain create may have made.
    pub async fn reconcile_create(&self, id: &str) -> Result<Reconciliation, Error> {
        let attempt = lock(&self.uncertain)
            .clone()
            .filter(|u| u.connection_id == id)
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::NotFound,
                    "There is no unfinished create for this connection to check.",
                )
            })?;
        let conn = self.connection(id)?;
        let tokens = self.list_tokens(id).await?;
        let wanted: std::collections::BTreeSet<&str> =
            attempt.scopes.iter().map(String::as_str).collect();
        let found: Vec<VendorToken> = tokens
            .into_iter()
            .filter(|t| {
                !t.is_connection_credential
                    && t.name == attempt.name
                    && t.scopes
                        .iter()
                        .map(String::as_str)
                        .collect::<std::collections::BTreeSet<_>>()
                        == wanted
                    // Undated or unreadable creation times never match: only a token made since
                    // the attempt may be offered for revoking.
                    && t.created.as_deref().is_some_and(|c| {
                        chrono::DateTime::parse_from_rfc3339(c)
                            .is_ok_and(|at| at.timestamp_millis() >= attempt.started_ms.saturating_sub(SKEW_MS))
                    })
            })
            .collect();
        let detail = match found.len() {
            0 => format!(
                "{} lists no token \u{201c}{}\u{201d} made since the attempt: it was not created (or not yet; check again in a minute).",
                conn.vendor,
                attempt.name
            ),
            1 => "It was created. Its secret was never received, so nobody can use it: revoke it, then create the token again.".to_owned(),
            n => format!("{n} tokens match; revoke the ones you did not make elsewhere, then create the token again."),
        };
        let ids: Vec<&str> = found.iter().map(|t| t.id.as_str()).collect();
        self.record(
            &conn,
            "reconciled",
            ids.first().copied(),
            Some(&attempt.name),
            &attempt.scopes,
            &if ids.is_empty() {
                "no token from the uncertain create found".to_owned()
            } else {
                format!("uncertain create found at the vendor: {}", ids.join(", "))
            },
        );
        Ok(Reconciliation {
            connection_id: conn.id,
            name: attempt.name,
            scopes: attempt.scopes,
            found,
            detail,
        })
    }
}
