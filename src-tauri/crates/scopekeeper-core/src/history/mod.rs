//! The local history of audits: each run saved as a snapshot in an embedded SQLite database
//! (`<data dir>/history.sqlite3`), and what changed between runs, per token and per
//! connection, with catalog drift. The app and the CLI share this code and this file.
//!
//! Never writes a secret or a full fingerprint: it writes only what an [`AuditReport`] holds,
//! and that type holds none. Never overwrites or migrates a file it cannot read safely (not a
//! database, damaged, or from a newer Scopekeeper): it says so, with the path, and the caller
//! carries on without history.

mod changes;
mod drift;
mod load;
mod save;
mod schema;
mod sets;
mod snapshot;
mod timeline;
mod trend;
mod types;
mod when;

#[cfg(test)]
pub(crate) mod tests;
#[cfg(test)]
mod tests_changes;
#[cfg(test)]
mod tests_damage;
#[cfg(test)]
mod tests_since;
#[cfg(test)]
mod tests_snapshot;
#[cfg(test)]
mod tests_timeline;
#[cfg(test)]
mod tests_trend;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::Connection;

use crate::audit::AuditReport;
use crate::catalog::Catalog;
use crate::error::{Error, ErrorKind};
use crate::vendor::Vendor;

pub use schema::SCHEMA_VERSION;
pub use trend::TrendRun;
pub use types::*;
pub use when::{end_of_local_day, local_date, local_time};

/// The file's name in the app's data dir.
pub use crate::places::HISTORY_FILE as FILE_NAME;

/// Why a run is damaged, as the runs list and every refusal say it.
const DAMAGED_WHY: &str = "a list it holds no longer matches its SHA-256 (the file was changed \
     after Scopekeeper wrote it)";

/// What to do about a damaged run.
const DAMAGED_FIX: &str = "Keep a copy of the file to find out who changed it, and run a new \
     audit for a picture you can trust.";

/// No run with this id.
fn not_found(run_id: i64) -> Error {
    Error::new(
        ErrorKind::NotFound,
        format!("No audit run {run_id} in the history."),
    )
}

/// The history database. One connection, behind a lock: one writer at a time in this process
/// (SQLite's own locks and a busy timeout cover another process, such as the CLI beside the app).
pub struct HistoryStore {
    path: PathBuf,
    conn: Mutex<Connection>,
}

impl std::fmt::Debug for HistoryStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HistoryStore")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl HistoryStore {
    /// Opens the database at `path`, creating it (and its folder) when missing and migrating it
    /// to this build's schema.
    ///
    /// # Errors
    /// A file that is not an SQLite database, fails `PRAGMA quick_check`, or was written by a
    /// newer Scopekeeper: an error naming the path and what to do; the file is left untouched.
    pub fn open(path: &Path) -> Result<Self, Error> {
        let conn = schema::open(path)?;
        Ok(Self {
            path: path.to_owned(),
            conn: Mutex::new(conn),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn db(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave a half-written run (each save is one
        // transaction, rolled back when dropped), so the connection stays usable.
        crate::sync::lock(&self.conn)
    }

    fn fail(&self, e: rusqlite::Error) -> Error {
        match sets::altered_in(&e) {
            Some(_) => Error::new(
                ErrorKind::Io,
                format!(
                    "The history {} holds a list that was changed after Scopekeeper wrote it, \
                     so what it says cannot be trusted. {DAMAGED_FIX}",
                    self.path.display()
                ),
            ),
            None => schema::io_error(&self.path, e),
        }
    }

    /// Run `run_id` holds a list altered in the file: it is refused, named.
    fn damaged_run(&self, run_id: i64) -> Error {
        Error::new(
            ErrorKind::Io,
            format!(
                "Audit run {run_id} in the history {} is damaged: {DAMAGED_WHY}, so it is not \
                 shown, compared or exported. {DAMAGED_FIX}",
                self.path.display()
            ),
        )
    }

    /// Refuses the first of `runs` that holds an altered list.
    fn refuse_damaged(&self, db: &Connection, runs: &[i64]) -> Result<(), Error> {
        for &run in runs {
            if sets::altered_in_run(db, run)
                .map_err(|e| self.fail(e))?
                .is_some()
            {
                return Err(self.damaged_run(run));
            }
        }
        Ok(())
    }

    /// Saves one audit run, whole (one transaction). `catalogs` are the catalogs the audit used;
    /// each version's scope list is stored once, for drift between versions.
    pub fn save(
        &self,
        report: &AuditReport,
        catalogs: &[(Vendor, &Catalog)],
    ) -> Result<RunSummary, Error> {
        let mut db = self.db();
        let tx = db.transaction().map_err(|e| self.fail(e))?;
        let summary = save::save(&tx, report, catalogs).map_err(|e| self.fail(e))?;
        tx.commit().map_err(|e| self.fail(e))?;
        Ok(summary)
    }

    /// The newest `limit` runs, newest first; a run holding a list altered in the file says so
    /// in [`RunSummary::damaged`].
    pub fn runs(&self, limit: usize) -> Result<Vec<RunSummary>, Error> {
        let db = self.db();
        let mut runs = load::runs(&db, limit).map_err(|e| self.fail(e))?;
        let altered = sets::altered_sets(&db).map_err(|e| self.fail(e))?;
        let damaged = sets::runs_holding(&db, &altered).map_err(|e| self.fail(e))?;
        for r in runs.iter_mut().filter(|r| damaged.contains(&r.id)) {
            r.damaged = Some(DAMAGED_WHY.to_owned());
        }
        Ok(runs)
    }

    /// The run saved just before run `run_id` (`None` for the first run).
    pub fn previous(&self, run_id: i64) -> Result<Option<RunRef>, Error> {
        let db = self.db();
        let run = self.run_in(&db, run_id)?;
        load::previous(&db, &run).map_err(|e| self.fail(e))
    }

    /// The latest run at or before `ms` (Unix ms).
    pub fn run_on_or_before(&self, ms: i64) -> Result<Option<RunRef>, Error> {
        load::on_or_before(&self.db(), ms).map_err(|e| self.fail(e))
    }

    fn run_in(&self, db: &Connection, id: i64) -> Result<RunRef, Error> {
        load::run(db, id)
            .map_err(|e| self.fail(e))?
            .ok_or_else(|| not_found(id))
    }

    /// Run `run_id` whole: its summary, every token as it saw it (lists, findings with their
    /// severities) and the catalog versions it used.
    ///
    /// # Errors
    /// No such run: a `NotFound` error naming it; a run holding a list altered in the file: an
    /// error naming it as damaged (never a run with lists missing); a file that cannot be read:
    /// its error.
    pub fn snapshot(&self, run_id: i64) -> Result<Snapshot, Error> {
        let db = self.db();
        let run = load::summary(&db, run_id)
            .map_err(|e| self.fail(e))?
            .ok_or_else(|| not_found(run_id))?;
        self.refuse_damaged(&db, &[run_id])?;
        snapshot::snapshot(&db, run).map_err(|e| match sets::altered_in(&e) {
            Some(_) => self.damaged_run(run_id),
            None => self.fail(e),
        })
    }

    /// What changed from run `from` to run `to`; with `from` `None`, every token of `to` is new.
    ///
    /// # Errors
    /// Either run holding a list altered in the file: an error naming it as damaged.
    pub fn changes(&self, from: Option<i64>, to: i64) -> Result<Changes, Error> {
        let db = self.db();
        let to = self.run_in(&db, to)?;
        let from = match from {
            Some(id) => Some(self.run_in(&db, id)?),
            None => None,
        };
        // The run asked about first, so a refusal names it when it is damaged itself.
        let ids: Vec<i64> = [to.id]
            .into_iter()
            .chain(from.iter().map(|f| f.id))
            .collect();
        self.refuse_damaged(&db, &ids)?;
        let plan = changes::two_runs(&db, from.as_ref(), &to).map_err(|e| self.fail(e))?;
        changes::between(&db, from, to, plan).map_err(|e| self.fail(e))
    }

    /// What changed in run `to`, each connection compared with the latest run before it (at
    /// or before `until_ms` when given) that read that connection; a connection no earlier run
    /// read is not compared, never new. `None` when no run comes before `to` (by `until_ms`).
    ///
    /// # Errors
    /// A run the comparison reads holding a list altered in the file: an error naming it.
    pub fn since(&self, to: i64, until_ms: Option<i64>) -> Result<Option<Changes>, Error> {
        let db = self.db();
        let to = self.run_in(&db, to)?;
        let planned = changes::per_connection(&db, &to, until_ms.unwrap_or(i64::MAX))
            .map_err(|e| self.fail(e))?;
        let Some((from, plan)) = planned else {
            return Ok(None);
        };
        let ids: Vec<i64> = [to.id, from.id]
            .into_iter()
            .chain(plan.earlier_runs())
            .collect();
        self.refuse_damaged(&db, &ids)?;
        changes::between(&db, Some(from), to, plan)
            .map(Some)
            .map_err(|e| self.fail(e))
    }

    /// What changed in the latest run, each connection compared with its own previous reading
    /// ([`Self::since`]); `None` with fewer than two runs.
    pub fn since_last(&self) -> Result<Option<Changes>, Error> {
        let latest = load::on_or_before(&self.db(), i64::MAX).map_err(|e| self.fail(e))?;
        match latest {
            Some(latest) => self.since(latest.id, None),
            None => Ok(None),
        }
    }

    /// Every run the token with `key` ([`crate::audit::token_key`]) appears in, oldest first,
    /// with what changed each time and where it vanished. `None` when no run saw it.
    pub fn token_timeline(&self, key: &str) -> Result<Option<TokenTimeline>, Error> {
        timeline::token(&self.db(), key).map_err(|e| self.fail(e))
    }

    /// Every run that included the connection, oldest first. `None` when none did.
    pub fn connection_timeline(
        &self,
        connection_id: &str,
    ) -> Result<Option<ConnectionTimeline>, Error> {
        timeline::connection(&self.db(), connection_id).map_err(|e| self.fail(e))
    }
}
