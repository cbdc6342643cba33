//! Child within parent: a new token may not hold what the connection's own credential lacks
//! (over everything the new token would reach). Refused before anything is sent, naming each
//! scope to untick and what it grants that the credential lacks.

use super::Desk;
use crate::catalog::Catalog;
use crate::error::{Error, ErrorKind};
use crate::vendor::adapter::{CreateRequest, Session};

impl Desk {
    /// Refuses scopes whose permissions the connection's own credential does not hold, naming
    /// each scope to untick and what it grants that the credential lacks.
    pub(super) async fn check_within_parent(
        &self,
        session: &Session<'_>,
        catalog: &Catalog,
        req: &CreateRequest<'_>,
    ) -> Result<(), Error> {
        let adapter = session.connection.vendor.adapter();
        let Some(check) = adapter.parent_check(session, catalog, req).await? else {
            return Ok(());
        };
        let mut missing = std::collections::BTreeSet::new();
        let details: Vec<String> = check
            .per_scope
            .iter()
            .filter_map(|(scope, perms)| {
                let lacking: Vec<&str> = perms
                    .iter()
                    .filter(|p| !check.held.contains(p))
                    .map(String::as_str)
                    .collect();
                missing.extend(lacking.iter().copied());
                (!lacking.is_empty()).then(|| match &check.over {
                    None => format!(
                        "Untick \u{201c}{scope}\u{201d}: it grants {}, which the connection's credential lacks.",
                        lacking.join(", ")
                    ),
                    Some(over) => format!(
                        "Untick \u{201c}{scope}\u{201d} or narrow where the token reaches: it grants {} over {over}, which the connection's credential does not hold there.",
                        lacking.join(", ")
                    ),
                })
            })
            .collect();
        if details.is_empty() {
            return Ok(());
        }
        Err(Error::new(
            ErrorKind::ExceedsCredential,
            format!(
                "The connection's own credential lacks {} permission{} this token would get, so nothing was requested.",
                missing.len(),
                if missing.len() == 1 { "" } else { "s" }
            ),
        )
        .with_details(details))
    }
}
