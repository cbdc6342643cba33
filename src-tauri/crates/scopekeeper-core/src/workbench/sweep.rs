//! The offboarding sweep on the workbench: the last dry run's plan (a revoke is only of tokens
//! it found), one revoke at a time, and its outcome for the CSV; saving or removing a
//! connection drops the plan, since its token ids may now name other tokens.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use super::{catalog_in, labelled, ready_all, Export, Workbench};
use crate::audit::token_key;
use crate::audit::AuditProgress;
use crate::connection::{Connection, ConnectionInput};
use crate::error::{Error, ErrorKind};
use crate::offboard::{
    selection_plan, sweep_csv, sweep_plan, sweep_revoke, SweepOutcome, SweepPlan, SweepQuery,
    SweepResult, SweepTarget,
};
use crate::sync::lock;

/// The last dry run, the last revoke's outcome (with its plan's summary), and whether a revoke
/// is running.
#[derive(Default)]
pub(super) struct SweepState {
    plan: Mutex<Option<SweepPlan>>,
    outcome: Mutex<Option<(String, Vec<SweepOutcome>)>>,
    /// A revoke is running: a second one would count the first one's tokens again.
    revoking: Arc<AtomicBool>,
}

/// Clears the revoking flag when the revoke ends, however it ends (even when its caller stops
/// waiting for it).
struct Revoking(Arc<AtomicBool>);

impl Drop for Revoking {
    fn drop(&mut self) {
        self.0.store(false, Ordering::SeqCst);
    }
}

impl Workbench {
    /// Forgets the last dry run, so nothing is revoked before a new one.
    fn forget_plan(&self) {
        *lock(&self.sweep.plan) = None;
    }

    /// The dry run: every token matching `query` (the sandbox started first if a connection
    /// needs it), with what revoking it would break; it replaces the plan (a failed one
    /// leaves none).
    pub async fn sweep_plan(
        &self,
        query: &SweepQuery,
        on_progress: impl Fn(AuditProgress) + Send + Sync,
    ) -> Result<SweepPlan, Error> {
        self.not_revoking()?;
        self.forget_plan();
        ready_all(&self.desk, self.sandbox.as_ref()).await?;
        let cats = self.vendor_catalogs();
        let progress = labelled(&self.desk, &on_progress);
        let plan = sweep_plan(&self.desk, query, &|v| catalog_in(&cats, v), &progress).await?;
        *lock(&self.sweep.plan) = Some(plan.clone());
        Ok(plan)
    }

    /// A new plan while a revoke runs would show another plan beside its outcome.
    fn not_revoking(&self) -> Result<(), Error> {
        if self.sweep.revoking.load(Ordering::SeqCst) {
            return Err(Error::new(
                ErrorKind::Conflict,
                "A sweep is revoking; wait for its outcome.",
            ));
        }
        Ok(())
    }

    /// The tokens `keys` (`vendor/connection/id`) of the last audit as the sweep's plan, to
    /// review and revoke like a dry run's (it replaces the plan). Every key must be in the last
    /// audit, or the selection is refused whole.
    pub fn sweep_select(&self, keys: &[String]) -> Result<SweepPlan, Error> {
        self.not_revoking()?;
        self.forget_plan();
        if keys.is_empty() {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                "Select at least one token in the audit.",
            ));
        }
        let Some(report) = self.last_report() else {
            return Err(Error::new(ErrorKind::InvalidInput, "Run the audit first."));
        };
        let mut by_key: std::collections::HashMap<String, _> = report
            .assessment
            .rows
            .into_iter()
            .map(|r| (token_key(&r.token), r.token))
            .collect();
        let mut seen = std::collections::HashSet::new();
        let mut tokens = Vec::with_capacity(keys.len());
        let mut missing = 0;
        for k in keys.iter().filter(|k| seen.insert(k.as_str())) {
            match by_key.remove(k) {
                Some(t) => tokens.push(t),
                None => missing += 1,
            }
        }
        if missing > 0 {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!("{missing} of the selected tokens are no longer in the last audit: run the audit again and select them again."),
            ));
        }
        let summary = format!(
            "selected in the audit read {}",
            crate::audit::report::utc_minute(report.generated_ms)
        );
        let plan = selection_plan(&self.desk, tokens, summary);
        *lock(&self.sweep.plan) = Some(plan.clone());
        Ok(plan)
    }

    /// Revokes the `targets` of the last dry run once `typed` is their number; each outcome is
    /// handed to `on_outcome` as it settles, and all of them are the answer. The tokens that
    /// are gone (revoked, or already gone) leave the last audit; a failed one stays.
    pub async fn sweep_revoke(
        &self,
        targets: &[SweepTarget],
        typed: &str,
        on_outcome: impl Fn(&SweepOutcome) + Send + Sync,
    ) -> Result<Vec<SweepOutcome>, Error> {
        let Some(plan) = lock(&self.sweep.plan).clone() else {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                "Run the dry run first: it lists what would be revoked.",
            ));
        };
        if self.sweep.revoking.swap(true, Ordering::SeqCst) {
            return Err(Error::new(
                ErrorKind::Conflict,
                "A sweep is already revoking; wait for its outcome.",
            ));
        }
        let revoking = Revoking(Arc::clone(&self.sweep.revoking));
        let out = sweep_revoke(&self.desk, &plan, targets, typed, &on_outcome).await;
        drop(revoking);
        let out = out?;
        let gone: Vec<(&str, &str)> = out
            .iter()
            .filter(|o| matches!(o.result, SweepResult::Revoked | SweepResult::AlreadyGone))
            .map(|o| (o.connection_id.as_str(), o.token_id.as_str()))
            .collect();
        self.forget_tokens(&gone);
        *lock(&self.sweep.outcome) = Some((plan.summary.clone(), out.clone()));
        Ok(out)
    }

    /// The last revoke's outcome as CSV.
    pub fn sweep_export(&self) -> Result<Export, Error> {
        let Some((summary, out)) = lock(&self.sweep.outcome).clone() else {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                "Revoke first: there is no outcome to save yet.",
            ));
        };
        let day = out.first().and_then(|o| o.at.get(..10)).unwrap_or("sweep");
        Ok(Export {
            title: "Save the sweep's outcome",
            suggested_name: format!("scopekeeper-offboarding-{day}.csv"),
            filter: "csv",
            extension: "csv",
            bytes: sweep_csv(&summary, &out).into_bytes(),
        })
    }

    /// Adds or edits a connection (checked against its vendor's catalog); the sweep's plan is
    /// dropped first.
    pub async fn save_connection(&self, input: ConnectionInput) -> Result<Connection, Error> {
        let catalog = self.catalog(&input.vendor)?;
        self.forget_plan();
        self.desk.save_connection(input, &catalog).await
    }

    /// Removes a connection and its credential; the sweep's plan is dropped first.
    pub async fn remove_connection(&self, id: &str) -> Result<(), Error> {
        self.forget_plan();
        self.desk.remove_connection(id).await
    }
}
