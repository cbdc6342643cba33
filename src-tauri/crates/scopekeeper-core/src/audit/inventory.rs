//! The audit's inventory: every connection's tokens, read concurrently through the adapters,
//! each normalized into an [`AuditToken`] with its effective permissions. One connection's
//! failure is its own outcome and never loses the others' tokens.
//!
//! Reads only through the [`Desk`] (its sessions, credentials and registered tokens); it never
//! writes anything and never holds a credential beyond the call that needs it.

use std::collections::HashMap;

use serde::Serialize;
use ts_rs::TS;

use crate::algebra::{resolve, ResolveOptions};
use crate::audit::{AuditToken, TokenSource};
use crate::catalog::Catalog;
use crate::connection::Connection;
use crate::desk::Desk;
use crate::error::Error;
use crate::secret::SecretString;
use crate::vendor::adapter::{ListProgress, MAX_TOKENS_LISTED};
use crate::vendor::Vendor;

/// How reading one connection went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ConnectionOutcome {
    pub connection_id: String,
    pub label: String,
    pub vendor: Vendor,
    pub tokens: usize,
    /// Why it could not be read (the way forward is by its kind).
    pub error: Option<Error>,
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

/// At most this many connections of one vendor are read at a time (a tenant's rate limit is
/// shared by every connection to it; different vendors proceed side by side).
pub const PER_VENDOR: usize = 2;

/// Reads every connection of `desk` at once (at most [`PER_VENDOR`] per vendor); `catalog_of`
/// gives a vendor's catalog (for effective permissions).
pub async fn inventory(
    desk: &Desk,
    catalog_of: &(dyn Fn(Vendor) -> Option<Catalog> + Send + Sync),
    progress: OnConnectionProgress<'_>,
) -> Inventory {
    inventory_of(desk, None, MAX_TOKENS_LISTED, catalog_of, progress).await
}

/// [`inventory`] of the connections whose ids are in `only` (every one when `None`; an id no
/// connection has is skipped). A connection listing more than `max_tokens` tokens fails on its
/// own (its tokens are dropped, the others kept).
pub async fn inventory_of(
    desk: &Desk,
    only: Option<&[String]>,
    max_tokens: usize,
    catalog_of: &(dyn Fn(Vendor) -> Option<Catalog> + Send + Sync),
    progress: OnConnectionProgress<'_>,
) -> Inventory {
    let conns: Vec<Connection> = desk
        .connections()
        .into_iter()
        .filter(|c| only.is_none_or(|ids| ids.contains(&c.id)))
        .collect();
    let created = desk.created_here();
    let tenants: Vec<(Vendor, String)> = conns.iter().filter_map(|c| desk.tenant_of(c)).collect();
    let secrets = credentials(desk, &conns).await;
    let gates: Vec<(Vendor, tokio::sync::Semaphore)> = Vendor::ALL
        .iter()
        .map(|&v| (v, tokio::sync::Semaphore::new(PER_VENDOR)))
        .collect();
    let reads = conns.iter().map(|c| {
        let gate = &gates
            .iter()
            .find(|(v, _)| *v == c.vendor)
            .expect("every vendor")
            .1;
        let credential = secrets.iter().find(|(r, _)| r.id == c.id).map(|(_, s)| s);
        async move {
            let _turn = gate.acquire().await.expect("the gate is never closed");
            read_connection(desk, c, credential, max_tokens, catalog_of, progress).await
        }
    });
    // The credential ids are asked for while the listings are read.
    let (credential_ids, results) = tokio::join!(
        desk.credential_ids_with(&tenants, &secrets),
        futures_util::future::join_all(reads)
    );
    let mut inv = Inventory {
        tokens: Vec::new(),
        outcomes: Vec::new(),
    };
    for (conn, result) in conns.iter().zip(results) {
        let unlisted = !desk.lists_through(conn);
        let (mut tokens, error) = match result {
            Ok(t) => (t, None),
            Err(e) => (Vec::new(), Some(e)),
        };
        let creds = desk
            .tenant_of(conn)
            .and_then(|(v, origin)| credential_ids.get(&v)?.get(&origin));
        let listed_as = desk.listed_as(conn).unwrap_or_default();
        for t in &mut tokens {
            if created.contains(&(conn.id.clone(), t.id.clone())) {
                t.source = TokenSource::CreatedHere;
            }
            if t.source != TokenSource::Registered {
                t.credential_of = creds
                    .and_then(|c| c.get(&t.id))
                    .cloned()
                    .unwrap_or_default();
            }
            t.listed_as.clone_from(&listed_as);
        }
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

/// Each listing connection with its credential, read from the keyring once and
/// all at a time.
async fn credentials<'c>(
    desk: &Desk,
    conns: &'c [Connection],
) -> Vec<(&'c Connection, Result<SecretString, Error>)> {
    let listing: Vec<&Connection> = conns.iter().filter(|c| desk.lists_through(c)).collect();
    let read = futures_util::future::join_all(listing.iter().map(|c| desk.credential(c))).await;
    listing.into_iter().zip(read).collect()
}

/// Reads one connection; `credential` is its credential as read from the keyring (`None` for
/// a vendor that does not list).
async fn read_connection(
    desk: &Desk,
    conn: &Connection,
    credential: Option<&Result<SecretString, Error>>,
    max_tokens: usize,
    catalog_of: &(dyn Fn(Vendor) -> Option<Catalog> + Send + Sync),
    progress: OnConnectionProgress<'_>,
) -> Result<Vec<AuditToken>, Error> {
    let adapter = conn.vendor.adapter();
    if !desk.lists_through(conn) {
        return desk.registered_tokens(conn, catalog_of(conn.vendor).as_ref());
    }
    let credential = match credential {
        Some(read) => read.clone()?,
        None => desk.credential(conn).await?,
    };
    let mut session = desk.session_with(conn, credential)?;
    session.max_tokens = max_tokens;
    let on_page = |p: ListProgress| progress(&conn.id, p);
    let listed = adapter.list_tokens(&session, &on_page).await?;
    // The tenant's own definitions of its roles, where it has them.
    let mut all_scopes: Vec<String> = listed.iter().flat_map(|t| t.scopes.clone()).collect();
    all_scopes.sort_unstable();
    all_scopes.dedup();
    let tenant = adapter.scope_permissions(&session, &all_scopes).await?;
    let catalog = catalog_of(conn.vendor);
    // Many tokens hold the same scopes: each distinct list is resolved once.
    let mut resolved: HashMap<&[String], Vec<String>> = HashMap::new();
    let permissions: Vec<Vec<String>> = listed
        .iter()
        .map(|t| {
            resolved
                .entry(t.scopes.as_slice())
                .or_insert_with(|| effective(&t.scopes, tenant.as_ref(), catalog.as_ref()))
                .clone()
        })
        .collect();
    drop(resolved);
    Ok(listed
        .into_iter()
        .zip(permissions)
        .map(|(t, permissions)| AuditToken {
            vendor: conn.vendor,
            connection_id: conn.id.clone(),
            created_ms: ms(t.created.as_deref()),
            expires_ms: ms(t.expires.as_deref()),
            last_used_ms: ms(t.last_used.as_deref()),
            is_connection_credential: t.is_connection_credential,
            credential_of: Vec::new(),
            listed_as: String::new(),
            owner: t.created_by,
            source: TokenSource::VendorApi,
            broad_reach: t.broad_reach,
            reach: t.reach,
            id: t.id,
            name: t.name,
            allowlist: t.allowlist,
            scopes: t.scopes,
            permissions,
        })
        .collect())
}

/// What `scopes` grant: through the tenant's own definitions when it has them (a scope it does
/// not define grants nothing known), else through the catalog, else the scopes themselves.
pub(crate) fn effective(
    scopes: &[String],
    tenant: Option<&HashMap<String, Vec<String>>>,
    catalog: Option<&Catalog>,
) -> Vec<String> {
    if let Some(defs) = tenant {
        let mut out: Vec<String> = scopes
            .iter()
            .filter_map(|s| defs.get(s))
            .flatten()
            .cloned()
            .collect();
        out.sort_unstable();
        out.dedup();
        return out;
    }
    match catalog {
        Some(cat) => {
            let s: Vec<&str> = scopes.iter().map(String::as_str).collect();
            resolve(cat, None, &s, ResolveOptions { defaults: false })
                .permissions
                .into_iter()
                .map(|p| p.id)
                .collect()
        }
        None => scopes.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::builtin::builtins;

    /// A built-in catalog with a scope that grants a permission other than itself (a role, as
    /// some vendors call their scopes): the catalog, the role and one permission it grants.
    fn catalog_with_a_role() -> (Catalog, String, String) {
        for cat in builtins() {
            for (ix, scope) in cat.scopes().iter().enumerate() {
                let granted = cat.grants_of(ix as _).iter().map(|&p| cat.permission(p));
                if let Some(p) = granted.map(|p| p.id.clone()).find(|p| *p != scope.id) {
                    let role = scope.id.clone();
                    return (cat, role, p);
                }
            }
        }
        panic!("no built-in catalog has a scope granting another permission")
    }

    #[test]
    fn the_tenants_own_role_definitions_win_over_the_catalog() {
        let (cat, role, granted) = catalog_with_a_role();
        let roles = vec![role.clone(), "Ghost role".to_owned()];
        let by_catalog = effective(&roles, None, Some(&cat));
        assert!(by_catalog.contains(&granted), "{by_catalog:?}");
        let tenant = HashMap::from([(role, vec!["Tenant-defined view".to_owned()])]);
        assert_eq!(
            effective(&roles, Some(&tenant), Some(&cat)),
            ["Tenant-defined view"]
        );
        assert_eq!(effective(&roles, None, None), roles);
    }
}
