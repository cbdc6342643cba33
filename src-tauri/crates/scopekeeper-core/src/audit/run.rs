//! One audit run: the inventory, then the assessment, stamped with when and by whom; and the
//! one run going at a time ([`AuditSlot`]), which a cancel or a newer run stops without keeping
//! anything it read.
//!
//! Reads the vendors only through the [`Desk`]'s public API and the inventory; it never writes
//! anything (saving a run is the history's).

use std::collections::HashMap;

use serde::Serialize;
use ts_rs::TS;

use crate::audit::inventory::{inventory_of, ConnectionOutcome, Inventory, OnConnectionProgress};
use crate::audit::{assess, AssessInput, Assessment, Assigned, AuditSettings, AuditToken};
use crate::catalog::Catalog;
use crate::desk::Desk;
use crate::error::{Error, ErrorKind};
use crate::sync::lock;
use crate::vendor::adapter::ListProgress;
use crate::vendor::Vendor;

/// Everything the audit screen, the reports and the CLI show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AuditReport {
    /// RFC 3339, local time with its offset.
    pub generated_at: String,
    #[ts(type = "number")]
    pub generated_ms: i64,
    /// The OS user who ran it.
    pub actor: String,
    pub assessment: Assessment,
    pub outcomes: Vec<ConnectionOutcome>,
    /// Set when the report holds only the tokens an admin selected (an export of a subset):
    /// how many tokens the run judged in all.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub selected_of: Option<u32>,
}

/// A connection's reading progress, as the audit screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AuditProgress {
    pub connection_id: String,
    /// The connection's name, so the first run's progress names it too.
    pub label: String,
    pub progress: ListProgress,
}

/// Reads every connection of `desk` and judges what it finds; `catalog_of` gives each vendor's
/// catalog, `templates` the templates assigned to tokens (by [`crate::audit::token_key`]).
pub async fn run(
    desk: &Desk,
    catalog_of: &(dyn Fn(Vendor) -> Option<Catalog> + Send + Sync),
    settings: &AuditSettings,
    templates: &HashMap<String, Assigned>,
    progress: OnConnectionProgress<'_>,
) -> AuditReport {
    run_of(desk, None, catalog_of, settings, templates, progress).await
}

/// [`run`] of the connections whose ids are in `only` (every one when `None`), as
/// `scopekeeper audit --connection ID…` runs it.
pub async fn run_of(
    desk: &Desk,
    only: Option<&[String]>,
    catalog_of: &(dyn Fn(Vendor) -> Option<Catalog> + Send + Sync),
    settings: &AuditSettings,
    templates: &HashMap<String, Assigned>,
    progress: OnConnectionProgress<'_>,
) -> AuditReport {
    let max_tokens = settings.max_tokens_per_connection as usize;
    let inv = inventory_of(desk, only, max_tokens, catalog_of, progress).await;
    judged(desk, inv, catalog_of, settings, templates)
}

/// The second half of [`run_of`]: an inventory already read, judged into a report (the CLI
/// times the two halves apart).
pub fn judged(
    desk: &Desk,
    inv: Inventory,
    catalog_of: &(dyn Fn(Vendor) -> Option<Catalog> + Send + Sync),
    settings: &AuditSettings,
    templates: &HashMap<String, Assigned>,
) -> AuditReport {
    judge(
        desk,
        inv.tokens,
        inv.outcomes,
        catalog_of,
        settings,
        templates,
    )
}

/// The same audit judged again without asking any vendor (a template assigned, a setting
/// changed): the report's tokens and outcomes, with findings and scores made anew.
pub fn reassess(
    desk: &Desk,
    report: AuditReport,
    catalog_of: &(dyn Fn(Vendor) -> Option<Catalog> + Send + Sync),
    settings: &AuditSettings,
    templates: &HashMap<String, Assigned>,
) -> AuditReport {
    let tokens = report
        .assessment
        .rows
        .into_iter()
        .map(|r| r.token)
        .collect();
    let mut again = judge(
        desk,
        tokens,
        report.outcomes,
        catalog_of,
        settings,
        templates,
    );
    // Still the same reading of the vendors.
    again.generated_at = report.generated_at;
    again.generated_ms = report.generated_ms;
    again
}

fn judge(
    desk: &Desk,
    tokens: Vec<AuditToken>,
    outcomes: Vec<ConnectionOutcome>,
    catalog_of: &(dyn Fn(Vendor) -> Option<Catalog> + Send + Sync),
    settings: &AuditSettings,
    templates: &HashMap<String, Assigned>,
) -> AuditReport {
    let now_ms = desk.now_ms();
    let catalogs: Vec<(Vendor, Catalog)> = Vendor::ALL
        .iter()
        .filter_map(|&v| Some((v, catalog_of(v)?)))
        .collect();
    let refs: Vec<(Vendor, &Catalog)> = catalogs.iter().map(|(v, c)| (*v, c)).collect();
    let order: HashMap<String, (usize, String)> = desk
        .connections()
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.clone(), (i, c.label.clone())))
        .collect();
    let assessment = assess(
        tokens,
        &AssessInput {
            now_ms,
            settings,
            catalogs: &refs,
            templates,
            connection_order: &order,
        },
    );
    AuditReport {
        generated_at: desk.now(),
        generated_ms: now_ms,
        actor: desk.actor().to_owned(),
        assessment,
        outcomes,
        selected_of: None,
    }
}

/// The one audit running at a time. A newer run stops the one before; [`AuditSlot::cancel`]
/// stops the current one. A stopped run's partial reading is dropped with its task: only a run
/// that finished returns a report.
#[derive(Default)]
pub struct AuditSlot {
    running: std::sync::Mutex<Option<tokio::task::AbortHandle>>,
}

impl AuditSlot {
    /// Runs `audit` on its own task (on the current Tokio runtime) as the running audit: its
    /// report, `Ok(None)` when it was cancelled or replaced, or its error.
    pub async fn run(
        &self,
        audit: impl std::future::Future<Output = Result<AuditReport, Error>> + Send + 'static,
    ) -> Result<Option<AuditReport>, Error> {
        let task = tokio::spawn(audit);
        if let Some(previous) = lock(&self.running).replace(task.abort_handle()) {
            previous.abort();
        }
        match task.await {
            Ok(outcome) => outcome.map(Some),
            Err(e) if e.is_cancelled() => Ok(None),
            Err(_) => Err(Error::new(
                ErrorKind::Internal,
                "The audit stopped unexpectedly; nothing it read was kept. Run it again.",
            )),
        }
    }

    /// Stops the running audit, if any.
    pub fn cancel(&self) {
        if let Some(task) = lock(&self.running).take() {
            task.abort();
        }
    }
}
