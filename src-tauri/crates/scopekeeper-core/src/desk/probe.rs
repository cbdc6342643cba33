//! The connection test: who the credential is, what it can do, and how risky it is to hold.

use super::types::ConnectionTest;
use super::Desk;
use crate::algebra::{resolve, ResolveOptions};
use crate::catalog::Catalog;
use crate::connection::Connection;
use crate::error::Error;

impl Desk {
    /// Calls the vendor's who-am-I and reports what the credential can do and what makes it
    /// risky (breadth is judged the same way for every vendor, through its catalog).
    pub async fn test_connection(
        &self,
        id: &str,
        catalog: &Catalog,
    ) -> Result<ConnectionTest, Error> {
        let conn = self.connection(id)?;
        let result = self.probe(&conn, catalog).await;
        let detail = match &result {
            Ok(t) => t.summary.clone(),
            Err(e) => format!("failed: {}", e.message),
        };
        self.record(&conn, "connection_tested", None, None, &[], &detail);
        result
    }

    async fn probe(&self, conn: &Connection, catalog: &Catalog) -> Result<ConnectionTest, Error> {
        let session = self.session(conn).await?;
        let p = conn.vendor.adapter().probe(&session, catalog).await?;
        let mut risks = p.risks;
        risks.extend(breadth_risks(catalog, &p.holds));
        Ok(ConnectionTest {
            connection_id: conn.id.clone(),
            summary: p.summary,
            holds: p.holds,
            can_create: p.can_create,
            facts: p.facts,
            risks,
            needed: p.needed,
            tested_at: self.now(),
        })
    }
}

/// How broad a credential holding `scopes` is: elevated scopes, and admin-equivalence (every
/// permission of the catalog, or most of it).
fn breadth_risks(catalog: &Catalog, scopes: &[String]) -> Vec<String> {
    let mut risks = Vec::new();
    let elevated: Vec<&str> = scopes
        .iter()
        .filter(|s| {
            catalog
                .scope_index(s)
                .is_some_and(|ix| catalog.scope(ix).elevated)
        })
        .map(String::as_str)
        .collect();
    if !elevated.is_empty() {
        risks.push(format!("Holds elevated scopes: {}.", elevated.join(", ")));
    }
    let refs: Vec<&str> = scopes.iter().map(String::as_str).collect();
    let held = resolve(catalog, None, &refs, ResolveOptions { defaults: false })
        .permissions
        .len();
    let total = catalog.permissions().len();
    if total > 0 && held == total {
        risks.push(format!(
            "Holds every {} permission ({held} of {total}): admin-equivalent.",
            catalog.vendor()
        ));
    } else if total > 0 && held * 2 > total {
        risks.push(format!(
            "Holds {held} of {total} {} permissions.",
            catalog.vendor()
        ));
    }
    risks
}
