//! The catalog against the vendor: what a connection's vendor offers now (read through its own
//! API, where it has one) compared with the scopes the catalog holds for the connection's key
//! kind. New scopes at the vendor and scopes it no longer offers are listed, so an admin knows
//! when the catalog needs refreshing; nothing is changed.

use serde::Serialize;
use ts_rs::TS;

use super::{invalid, Desk};
use crate::catalog::Catalog;
use crate::error::Error;
use crate::vendor::adapter::{OfferedScope, ReachList};

/// What the vendor offers against what the catalog holds, for one connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ScopesAtVendor {
    pub connection_id: String,
    pub catalog_id: String,
    pub key_kind: String,
    /// Scopes the vendor offers this connection.
    pub offered: usize,
    /// Scopes the catalog holds for the connection's key kind.
    pub in_catalog: usize,
    /// Offered by the vendor, missing from the catalog.
    pub new_at_vendor: Vec<OfferedScope>,
    /// In the catalog, no longer offered by the vendor.
    pub gone_at_vendor: Vec<String>,
    pub checked_at: String,
}

impl Desk {
    /// Reads what the vendor offers the connection and compares it with `catalog`.
    pub async fn catalog_drift(
        &self,
        id: &str,
        catalog: &Catalog,
    ) -> Result<ScopesAtVendor, Error> {
        let conn = self.connection(id)?;
        let session = self.session(&conn).await?;
        let mut offered = conn
            .vendor
            .adapter()
            .offered_scopes(&session)
            .await?
            .ok_or_else(|| {
                invalid(format!(
                    "{} publishes no list of its scopes through its API; compare the catalog with its documentation.",
                    conn.vendor
                ))
            })?;
        // A vendor listing one scope twice counts it once.
        offered.sort_by(|a, b| a.id.cmp(&b.id));
        offered.dedup_by(|a, b| a.id == b.id);
        let held: Vec<&str> = catalog
            .kind_scopes(&conn.key_kind)
            .into_iter()
            .map(|ix| catalog.scope(ix).id.as_str())
            .collect();
        let new_at_vendor: Vec<OfferedScope> = offered
            .iter()
            .filter(|o| !held.contains(&o.id.as_str()))
            .cloned()
            .collect();
        let gone_at_vendor: Vec<String> = held
            .iter()
            .filter(|h| !offered.iter().any(|o| o.id == **h))
            .map(|h| (*h).to_owned())
            .collect();
        let drift = ScopesAtVendor {
            connection_id: conn.id.clone(),
            catalog_id: catalog.id.clone(),
            key_kind: conn.key_kind.clone(),
            offered: offered.len(),
            in_catalog: held.len(),
            new_at_vendor,
            gone_at_vendor,
            checked_at: self.now(),
        };
        self.record(
            &conn,
            "catalog_compared",
            None,
            None,
            &[],
            &format!(
                "{} offered, {} in the catalog: {} new at the vendor, {} no longer offered",
                drift.offered,
                drift.in_catalog,
                drift.new_at_vendor.len(),
                drift.gone_at_vendor.len()
            ),
        );
        Ok(drift)
    }
}

impl Desk {
    /// The items (zones, repositories) a new `kind` token made through the connection can be
    /// narrowed to in `area`, as the vendor lists them now.
    pub async fn reach_items(
        &self,
        id: &str,
        catalog: &Catalog,
        kind: &str,
        area: &str,
    ) -> Result<ReachList, Error> {
        let conn = self.connection(id)?;
        let known = catalog
            .kind(kind)
            .and_then(|k| k.policy.as_ref())
            .is_some_and(|p| p.narrow_to.iter().any(|a| a.id == area));
        if !known {
            return Err(invalid(format!(
                "{} {kind} tokens cannot be narrowed to `{area}`.",
                conn.vendor
            )));
        }
        let session = self.session(&conn).await?;
        let mut list = conn
            .vendor
            .adapter()
            .reach_items(&session, kind, area)
            .await?
            .ok_or_else(|| {
                invalid(format!(
                    "This {} connection cannot list its {area}; type their names instead.",
                    conn.vendor
                ))
            })?;
        // Names shown as they are and chosen by name: each once, none that could display as
        // another (control or direction characters) or run on.
        let mut seen = std::collections::HashSet::new();
        list.items.retain(|i| {
            !i.name.is_empty()
                && i.name.chars().count() <= 255
                && crate::printable::printable(&i.name) == i.name
                && seen.insert(i.name.clone())
        });
        Ok(list)
    }
}
