//! The history on the workbench: opened on first use (checking a year of it takes a moment,
//! which start-up should not wait for), each finished audit saved to it, its queries, the
//! action log's chain state, and signed evidence packs.
//!
//! A damaged or newer database is never written; its error (which names the file and what to
//! do) is what every history call answers, and the rest of the workbench works without it. An
//! opening error is not kept: the next call tries again (the CLI may have been migrating the
//! file at that moment). The database calls block, so they run on Tokio's blocking threads.

use std::future::Future;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use super::{Export, Workbench};
use crate::action_log::{ActionLog, ChainState};
use crate::audit::AuditReport;
use crate::catalog::Catalog;
use crate::desk::KEYRING_TIMEOUT;
use crate::error::{Error, ErrorKind};
use crate::evidence::{self, EvidenceInput, PublicKeyInfo, VerifiedPack};
use crate::history::{
    Changes, ConnectionTimeline, HistoryStore, RunSummary, TokenTimeline, TrendRun,
};
use crate::secret_store::run_keyring_call;
use crate::sync::lock;
use crate::token_spec::Day;
use crate::vendor::Vendor;

/// The history's file, its store once opened, and why the last save failed.
pub(super) struct LazyHistory {
    file: PathBuf,
    store: Mutex<Option<Arc<HistoryStore>>>,
    last_save: Mutex<Option<Error>>,
}

impl LazyHistory {
    pub(super) fn new(file: PathBuf) -> Self {
        Self {
            file,
            store: Mutex::new(None),
            last_save: Mutex::new(None),
        }
    }

    /// The store, opening it if no one has yet (blocks).
    fn store(&self) -> Result<Arc<HistoryStore>, Error> {
        let mut slot = lock(&self.store);
        if let Some(store) = slot.as_ref() {
            return Ok(Arc::clone(store));
        }
        let store = Arc::new(HistoryStore::open(&self.file)?);
        *slot = Some(Arc::clone(&store));
        Ok(store)
    }
}

/// Runs a blocking call on the blocking pool, started at once (before the answer is awaited).
fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, Error> + Send + 'static,
) -> impl Future<Output = Result<T, Error>> {
    let task = tokio::task::spawn_blocking(f);
    async move {
        task.await
            .map_err(|_| Error::new(ErrorKind::Internal, "A history task stopped unexpectedly."))?
    }
}

impl Workbench {
    /// Opens (and checks) the history now, blocking, so the first audit need not wait; an
    /// error is left for the next call to meet again.
    pub fn open_history(&self) {
        let _ = self.history.store();
    }

    /// The history's store, opened on a blocking thread.
    async fn history_store(&self) -> Result<Arc<HistoryStore>, Error> {
        let history = Arc::clone(&self.history);
        blocking(move || history.store()).await
    }

    /// Starts saving a finished audit at once, on a blocking thread that shares the report
    /// (never copies it), so the caller can go on meanwhile; awaiting the answer keeps a
    /// failure for [`Workbench::since_last_audit`] to report (the audit itself is shown either
    /// way) and clears it on success. The blocking thread has dropped its share by then.
    pub(super) fn save_run(
        &self,
        report: Arc<AuditReport>,
        cats: Vec<(Vendor, Catalog)>,
    ) -> impl Future<Output = ()> + '_ {
        let history = Arc::clone(&self.history);
        let saving = blocking(move || {
            let store = history.store()?;
            let refs: Vec<(Vendor, &Catalog)> = cats.iter().map(|(v, c)| (*v, c)).collect();
            store.save(&report, &refs).map(|_| ())
        });
        async move {
            let result = saving.await;
            *lock(&self.history.last_save) = result.err();
        }
    }

    /// The newest `limit` runs (1 to 24), oldest first: tokens per band and what changed in
    /// each, for the overview's trend.
    pub async fn audit_trend(&self, limit: u32) -> Result<Vec<TrendRun>, Error> {
        let store = self.history_store().await?;
        blocking(move || store.trend(limit.clamp(1, 24) as usize)).await
    }

    /// What changed between the last two audits (`None`: there is no earlier one), or why the
    /// history cannot say (the last save's failure first).
    pub async fn since_last_audit(&self) -> Result<Option<Changes>, Error> {
        if let Some(e) = lock(&self.history.last_save).clone() {
            return Err(e);
        }
        let store = self.history_store().await?;
        blocking(move || store.since_last()).await
    }

    /// The newest `limit` audit runs (1 to 1000), newest first.
    pub async fn history_runs(&self, limit: u32) -> Result<Vec<RunSummary>, Error> {
        let store = self.history_store().await?;
        blocking(move || store.runs(limit.clamp(1, 1000) as usize)).await
    }

    /// What changed in run `to`, each connection compared with the latest earlier run that
    /// read it (from nothing, for the first run).
    pub async fn history_changes(&self, to: i64) -> Result<Changes, Error> {
        let store = self.history_store().await?;
        blocking(move || match store.since(to, None)? {
            Some(changes) => Ok(changes),
            None => store.changes(None, to),
        })
        .await
    }

    /// Every run one token appears in, with what changed each time.
    pub async fn token_timeline(&self, key: String) -> Result<Option<TokenTimeline>, Error> {
        let store = self.history_store().await?;
        blocking(move || store.token_timeline(&key)).await
    }

    /// Every run of one connection: its tokens, and how many came, went and changed.
    pub async fn connection_timeline(
        &self,
        id: String,
    ) -> Result<Option<ConnectionTimeline>, Error> {
        let store = self.history_store().await?;
        blocking(move || store.connection_timeline(&id)).await
    }

    /// The action log's hash chain: intact, or the first broken entry.
    pub async fn log_chain_state(&self) -> Result<ChainState, Error> {
        let path = self.places.action_log();
        blocking(move || crate::action_log::verify(&path)).await
    }

    /// The evidence signing key's public half, or `None` before the first pack (never makes
    /// one).
    pub async fn evidence_key(&self) -> Result<Option<PublicKeyInfo>, Error> {
        let secrets = self.secrets();
        run_keyring_call(KEYRING_TIMEOUT, move || {
            evidence::public_key(secrets.as_ref())
        })
        .await
    }

    /// A signed evidence pack of the runs since `since` (`YYYY-MM-DD`, local; `None` or blank:
    /// the latest run) and the log's range, checked before it is handed over (a pack that
    /// would not verify is never returned), with what it holds.
    pub async fn evidence_pack(
        &self,
        since: Option<String>,
    ) -> Result<(Export, VerifiedPack), Error> {
        let since = since.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        let since_ms = match &since {
            Some(text) => Some(self.clock.start_of_day_ms(Day::parse(text).ok_or_else(|| {
                Error::new(
                    ErrorKind::InvalidInput,
                    format!("“{text}” is not a date: enter it as YYYY-MM-DD."),
                )
            })?)),
            None => None,
        };
        let store = self.history_store().await?;
        let log = ActionLog::new(&self.places.action_log());
        let catalogs = evidence::catalog_identities(self.catalogs().catalogs());
        let actor = self.actor.clone();
        let input = blocking(move || {
            let (actions, chain) = evidence::log_range(&log, since_ms)?;
            let (snapshots, findings) = evidence::history_snapshots(&store, since_ms)?;
            if snapshots.is_empty() {
                return Err(Error::new(
                    ErrorKind::NotFound,
                    "No audit run is in that range: run the audit, or choose an earlier date.",
                ));
            }
            Ok(EvidenceInput {
                actor,
                since,
                snapshots,
                findings,
                actions,
                log_chain: Some(chain),
                catalogs,
            })
        })
        .await?;
        // The key may wait on a locked keyring: bounded like every keyring call.
        let (secrets, clock) = (self.secrets(), Arc::clone(&self.clock));
        let bytes = run_keyring_call(KEYRING_TIMEOUT, move || {
            let key = evidence::signing_key(secrets.as_ref())?;
            Ok::<_, Error>(evidence::build(input, &key, clock.as_ref()))
        })
        .await?;
        let (bytes, pack) = blocking(move || {
            let pack = evidence::verify(&bytes, None).map_err(Error::from)?;
            Ok((bytes, pack))
        })
        .await?;
        let day = pack.created_at.get(..10).unwrap_or("pack");
        let export = Export {
            title: "Save the evidence pack",
            suggested_name: format!("scopekeeper-evidence-{day}.json"),
            filter: "Evidence pack (JSON)",
            extension: "json",
            bytes,
        };
        Ok((export, pack))
    }
}
