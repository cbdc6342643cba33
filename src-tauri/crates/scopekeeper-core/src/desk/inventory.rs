//! The audit's inventory: every connection's tokens, read concurrently through the adapters,
//! each normalized into an [`AuditToken`] with its effective permissions. One connection's
//! failure is its own outcome and never loses the others' tokens.

use serde::Serialize;
use ts_rs::TS;

use super::*;
use crate::audit::AuditToken;
use crate::vendor::adapter::ListProgress;

/// How reading one connection went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ConnectionOutcome {
    pub connection_id: String,
    pub label: String,
    pub vendor: Vendor,
    pub tokens: usize,
    /// Why it could not be read (the way forward is by its kind).
    pub error: Option<IpcError>,
    /// The vendor has no API to list tokens.
    pub unlisted: bool,
}

/// Every token the connections show, and how each connection went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Inventory {
    pub tokens: Vec<AuditToken>,
    pub outcomes: Vec<ConnectionOutcome>,
}

/// Receives `(connection id, progress)` as pages arrive.
pub type OnConnectionProgress<'a> = &'a (dyn Fn(&str, ListProgress) + Send + Sync);

fn ms(rfc3339: Option<&str>) -> Option<i64> {
    chrono::DateTime::parse_from_rfc3339(rfc3339?)
        .ok()
        .map(|t| t.timestamp_millis())
}

impl Desk {
    /// Reads every connection at once; `catalog_of` gives a vendor's catalog (for effective
    /// permissions).
    pub async fn inventory(
        &self,
        catalog_of: &(dyn Fn(Vendor) -> Option<Catalog> + Send + Sync),
        progress: OnConnectionProgress<'_>,
    ) -> Inventory {
        let conns = self.connections();
        let reads = conns
            .iter()
            .map(|c| self.read_connection(c, catalog_of, progress));
        let results = futures_util::future::join_all(reads).await;
        let mut inv = Inventory {
            tokens: Vec::new(),
            outcomes: Vec::new(),
        };
        for (conn, result) in conns.iter().zip(results) {
            let unlisted = !conn.vendor.adapter().capabilities().list;
            let (tokens, error) = match result {
                Ok(t) => (t, None),
                Err(e) => (Vec::new(), Some(e)),
            };
            inv.outcomes.push(ConnectionOutcome {
                connection_id: conn.id.clone(),
                label: conn.label.clone(),
                vendor: conn.vendor,
                tokens: tokens.len(),
                error,
                unlisted,
            });
            inv.tokens.extend(tokens);
        }
        inv
    }

    async fn read_connection(
        &self,
        conn: &Connection,
        catalog_of: &(dyn Fn(Vendor) -> Option<Catalog> + Send + Sync),
        progress: OnConnectionProgress<'_>,
    ) -> Result<Vec<AuditToken>, IpcError> {
        if !conn.vendor.adapter().capabilities().list {
            return Ok(Vec::new());
        }
        let on_page = |p: ListProgress| progress(&conn.id, p);
        let listed = self.list_tokens_with_progress(&conn.id, &on_page).await?;
        let catalog = catalog_of(conn.vendor);
        Ok(listed
            .into_iter()
            .map(|t| {
                let permissions = match &catalog {
                    Some(cat) => {
                        let s: Vec<&str> = t.scopes.iter().map(String::as_str).collect();
                        resolve(cat, None, &s, ResolveOptions { defaults: false })
                            .permissions
                            .into_iter()
                            .map(|p| p.id)
                            .collect()
                    }
                    None => t.scopes.clone(),
                };
                AuditToken {
                    vendor: conn.vendor,
                    connection_id: conn.id.clone(),
                    created_ms: ms(t.created.as_deref()),
                    expires_ms: ms(t.expires.as_deref()),
                    last_used_ms: None,
                    is_connection_credential: t.is_connection_credential,
                    id: t.id,
                    name: t.name,
                    allowlist: t.allowlist,
                    scopes: t.scopes,
                    permissions,
                }
            })
            .collect())
    }
}
