//! The audit on the workbench: one run at a time, saved to the history as it finishes and kept
//! as the last report; templates checked and saved, the last report judged again after them
//! and after a revoke; the last report rendered for an export.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::{catalog_in, labelled, ready_all, Export, Workbench};
use crate::audit::report::{render, ReportFormat};
use crate::audit::{
    reassess, run, summarise, templates, token_key, Assigned, AuditProgress, AuditReply,
    AuditReport, AuditSettings, Template, TemplateStore,
};
use crate::catalog::Catalog;
use crate::error::{Error, ErrorKind};
use crate::ipc::Json;
use crate::sync::lock;
use crate::vendor::Vendor;

fn invalid(m: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidInput, m)
}

impl Workbench {
    /// The settings file (`audit.toml`); a broken one is an error naming its place, so the
    /// admin can fix it (the defaults are never used silently instead).
    pub fn audit_settings(&self) -> Result<AuditSettings, Error> {
        AuditSettings::load(&self.places.audit_settings()).map_err(|e| {
            invalid(format!(
                "The audit settings file is not valid: {e}. Fix or remove it, then run the audit again."
            ))
        })
    }

    /// The templates assigned to tokens (shared with the CLI).
    pub fn template_store(&self) -> TemplateStore {
        TemplateStore::new(&self.places.templates())
    }

    fn templates(&self, cats: &[(Vendor, Catalog)]) -> Result<HashMap<String, Assigned>, Error> {
        let all = self.template_store().load()?;
        Ok(templates::resolved(&all, &|v| catalog_in(cats, v)))
    }

    /// Reads every connection (starting the sandbox first if one is a sandbox connection),
    /// each connection's progress handed to `on_progress`, and judges what it read. The report
    /// becomes the last one and is saved to the history (a failed save is kept for
    /// [`Workbench::since_last_audit`]). `None` when the run was cancelled or replaced by a
    /// newer one: nothing it read is kept.
    pub async fn run_audit(
        &self,
        on_progress: impl Fn(AuditProgress) + Send + Sync + 'static,
    ) -> Result<Option<AuditReport>, Error> {
        self.audit_answering(on_progress, AuditReport::clone).await
    }

    /// [`Workbench::run_audit`], answering what the audit screen reads: the report's
    /// [`AuditReply`] as JSON, written while the history saves the report (the report itself
    /// is never copied: it becomes the last one once both are done).
    pub async fn run_audit_reply(
        &self,
        on_progress: impl Fn(AuditProgress) + Send + Sync + 'static,
    ) -> Result<Option<Json<AuditReply<'static>>>, Error> {
        self.audit_answering(on_progress, AuditReply::json).await
    }

    /// Runs the audit; `answer` is made from the report on a blocking thread while the history
    /// saves it, then the report becomes the last one.
    async fn audit_answering<A: Send + 'static>(
        &self,
        on_progress: impl Fn(AuditProgress) + Send + Sync + 'static,
        answer: fn(&AuditReport) -> A,
    ) -> Result<Option<A>, Error> {
        let settings = self.audit_settings()?;
        let cats = self.vendor_catalogs();
        let templates = self.templates(&cats)?;
        let (desk, sandbox) = (Arc::clone(&self.desk), Arc::clone(&self.sandbox));
        let read = cats.clone();
        let audit = async move {
            ready_all(&desk, sandbox.as_ref()).await?;
            let progress = labelled(&desk, &on_progress);
            let catalog_of = |v| catalog_in(&read, v);
            Ok(run(&desk, &catalog_of, &settings, &templates, &progress).await)
        };
        let Some(report) = self.audit.run(audit).await? else {
            return Ok(None);
        };
        // The history saves the report while the answer is made from it (both only read it).
        let report = Arc::new(report);
        let saved = self.save_run(Arc::clone(&report), cats);
        let shown = Arc::clone(&report);
        let answered = tokio::task::spawn_blocking(move || answer(&shown));
        let ((), answered) = tokio::join!(saved, answered);
        // Both are done with it (even when making the answer failed): the report itself becomes
        // the last one first, so a run the history saved is always the one export, templates and
        // forgetting work on.
        let report = Arc::try_unwrap(report).unwrap_or_else(|shared| AuditReport::clone(&shared));
        let replaced = lock(&self.last).replace(report);
        // Freeing the previous report (tens of thousands of strings) need not delay the reply.
        if let Some(replaced) = replaced {
            tokio::task::spawn_blocking(move || drop(replaced));
        }
        let answered = answered
            .map_err(|_| Error::new(ErrorKind::Internal, "The audit stopped unexpectedly."))?;
        Ok(Some(answered))
    }

    /// Stops the running audit (nothing it read is kept).
    pub fn cancel_audit(&self) {
        self.audit.cancel();
    }

    /// A copy of the last finished audit, judged again since if anything changed.
    pub fn last_report(&self) -> Option<AuditReport> {
        lock(&self.last).clone()
    }

    /// The template assigned to the token `key` (`vendor/connection/id`), if any.
    pub fn token_template(&self, key: &str) -> Result<Option<Template>, Error> {
        Ok(self.template_store().load()?.remove(key))
    }

    /// Assigns the token `key` (in the last audit) its template, or removes it with `None`,
    /// saves it, and judges the last audit again without asking any vendor; the new report.
    /// A template for another vendor, or naming a scope its vendor's catalog does not know,
    /// is refused and nothing is saved. The last report stays locked throughout, so an audit
    /// finishing meanwhile is never replaced by this older one judged again.
    pub fn assign_template(
        &self,
        key: &str,
        template: Option<Template>,
    ) -> Result<AuditReport, Error> {
        self.assign_answering(key, template, AuditReport::clone)
    }

    /// [`Workbench::assign_template`], answering the new report's [`AuditReply`] as JSON.
    pub fn assign_template_reply(
        &self,
        key: &str,
        template: Option<Template>,
    ) -> Result<Json<AuditReply<'static>>, Error> {
        self.assign_answering(key, template, AuditReply::json)
    }

    fn assign_answering<A>(
        &self,
        key: &str,
        template: Option<Template>,
        answer: fn(&AuditReport) -> A,
    ) -> Result<A, Error> {
        let mut kept = lock(&self.last);
        let Some(last) = kept.clone() else {
            return Err(invalid("Run the audit first."));
        };
        let Some(row) = last
            .assessment
            .rows
            .iter()
            .find(|r| token_key(&r.token) == key)
        else {
            return Err(invalid(
                "That token is not in the last audit; run it again.",
            ));
        };
        let cats = self.vendor_catalogs();
        if let Some(t) = &template {
            if t.vendor != row.token.vendor {
                return Err(invalid(format!(
                    "A {} template cannot be assigned to a {} token.",
                    t.vendor, row.token.vendor
                )));
            }
            let cat = catalog_in(&cats, t.vendor)
                .ok_or_else(|| invalid(format!("No {} catalog.", t.vendor)))?;
            if let Some(unknown) = t.scopes.iter().find(|s| cat.scope_index(s).is_none()) {
                return Err(invalid(format!(
                    "The template names `{unknown}`, which the {} catalog does not know.",
                    t.vendor
                )));
            }
        }
        self.template_store().assign(key, template)?;
        let report = reassess(
            &self.desk,
            last,
            &|v| catalog_in(&cats, v),
            &self.audit_settings()?,
            &self.templates(&cats)?,
        );
        let answered = answer(&report);
        *kept = Some(report);
        Ok(answered)
    }

    /// Drops the tokens `gone` (`(connection id, token id)`) from the last audit and judges
    /// the rest again (counts, twins), so an export made afterwards neither lists nor counts
    /// them. When the settings or templates cannot be read now, the rows are still dropped.
    /// The last report stays locked throughout (an export meanwhile waits for it, and an audit
    /// finishing meanwhile is never replaced by this older one).
    pub fn forget_tokens(&self, gone: &[(&str, &str)]) {
        let mut kept = lock(&self.last);
        let Some(report) = kept.as_mut() else {
            return;
        };
        report.assessment.rows.retain(|r| {
            !gone
                .iter()
                .any(|(c, t)| r.token.connection_id == *c && r.token.id == *t)
        });
        let cats = self.vendor_catalogs();
        let again = (|| -> Result<AuditReport, Error> {
            let templates = self.templates(&cats)?;
            let settings = self.audit_settings()?;
            Ok(reassess(
                &self.desk,
                report.clone(),
                &|v| catalog_in(&cats, v),
                &settings,
                &templates,
            ))
        })();
        if let Ok(judged) = again {
            *report = judged;
        }
    }

    /// The last audit as the audit screen reads it (after a revoke elsewhere, e.g. a sweep).
    pub fn audit_reply(&self) -> Option<Json<AuditReply<'static>>> {
        lock(&self.last).as_ref().map(AuditReply::json)
    }

    /// The last audit rendered as `format` (CSV, JSON or a self-contained HTML report); with
    /// `tokens` (keys, `vendor/connection/id`), only those tokens, counted and drawn as a
    /// selection of the whole.
    pub fn audit_export(&self, format: &str, tokens: Option<&[String]>) -> Result<Export, Error> {
        let format = ReportFormat::parse(format)
            .filter(|f| {
                matches!(
                    f,
                    ReportFormat::Csv | ReportFormat::Json | ReportFormat::Html
                )
            })
            .ok_or_else(|| invalid("Export as CSV, JSON or HTML."))?;
        let Some(mut report) = self.last_report() else {
            return Err(invalid(
                "Run the audit first: there is nothing to export yet.",
            ));
        };
        let day = report.generated_at.get(..10).unwrap_or("report").to_owned();
        let mut name = format!("scopekeeper-audit-{day}");
        if let Some(keys) = tokens {
            let n = select(&mut report, keys)?;
            name.push_str(&format!("-{n}-selected"));
        }
        let extension = format.extension();
        Ok(Export {
            title: "Export the audit",
            suggested_name: format!("{name}.{extension}"),
            filter: match format {
                ReportFormat::Html => "HTML report",
                _ => extension,
            },
            extension,
            bytes: render(&report, format).into_bytes(),
        })
    }
}

/// Keeps only the tokens `keys` of `report`, with their connections (each counting only its
/// selected tokens) and their vendors' matrix blocks, marked as a selection of the whole; how
/// many it kept. A key no longer in the report (a token revoked since) refuses the selection.
fn select(report: &mut AuditReport, keys: &[String]) -> Result<usize, Error> {
    let keys: HashSet<&str> = keys.iter().map(String::as_str).collect();
    let of = report.assessment.rows.len();
    // The rows stay as the whole audit judged them (their scores are what the admin saw);
    // the counts are of the selection.
    let all = std::mem::take(&mut report.assessment);
    let rows: Vec<_> = all
        .rows
        .into_iter()
        .filter(|r| keys.contains(token_key(&r.token).as_str()))
        .collect();
    let kept = rows.len();
    if kept < keys.len() {
        return Err(invalid(format!(
            "{} of the selected tokens are no longer in the last audit: select again.",
            keys.len() - kept
        )));
    }
    let mut per_conn: HashMap<&str, usize> = HashMap::new();
    for r in &rows {
        *per_conn.entry(r.token.connection_id.as_str()).or_default() += 1;
    }
    let vendors: HashSet<Vendor> = rows.iter().map(|r| r.token.vendor).collect();
    let outcomes = std::mem::take(&mut report.outcomes);
    report.outcomes = outcomes
        .into_iter()
        .filter_map(|mut o| {
            o.tokens = *per_conn.get(o.connection_id.as_str())?;
            Some(o)
        })
        .collect();
    let blocks = all
        .blocks
        .into_iter()
        .filter(|b| vendors.contains(&b.vendor))
        .collect();
    report.assessment = summarise(rows, blocks);
    report.selected_of = Some(u32::try_from(of).unwrap_or(u32::MAX));
    Ok(kept)
}
