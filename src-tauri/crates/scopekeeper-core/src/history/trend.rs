//! The estate over time: for each of the newest runs, its tokens per risk band and how many
//! tokens came, went and widened since the runs before it (each connection compared with the
//! latest earlier run that read it, as the history screen compares them).

use serde::Serialize;
use ts_rs::TS;

use super::{ChangeCounts, HistoryStore};
use crate::audit::overview::band_index;
use crate::error::Error;

/// One run of the trend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TrendRun {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub at_ms: i64,
    /// RFC 3339, local time with its offset, as the report said.
    pub at: String,
    pub tokens: u32,
    /// Tokens per band: none, low, medium, high, critical.
    pub bands: [u32; 5],
    /// What changed since the runs before it; `None` for the first run, or a damaged one.
    pub changes: Option<ChangeCounts>,
    /// Why the run cannot be trusted (see [`super::RunSummary::damaged`]).
    pub damaged: Option<String>,
}

impl HistoryStore {
    /// The newest `limit` runs, oldest first, each with its bands and its changes.
    pub fn trend(&self, limit: usize) -> Result<Vec<TrendRun>, Error> {
        let mut runs = self.runs(limit)?;
        runs.reverse();
        let mut out = Vec::with_capacity(runs.len());
        for run in runs {
            let bands = self.bands(run.id)?;
            let changes = match run.damaged {
                Some(_) => None,
                None => self.since(run.id, None)?.map(|c| c.counts),
            };
            out.push(TrendRun {
                id: run.id,
                at_ms: run.at_ms,
                at: run.at,
                tokens: run.tokens,
                bands,
                changes,
                damaged: run.damaged,
            });
        }
        Ok(out)
    }

    fn bands(&self, run_id: i64) -> Result<[u32; 5], Error> {
        let db = self.db();
        let mut bands = [0u32; 5];
        let mut stmt = db
            .prepare_cached("SELECT band, count(*) FROM run_tokens WHERE run_id = ?1 GROUP BY band")
            .map_err(|e| self.fail(e))?;
        let rows = stmt
            .query_map([run_id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?))
            })
            .map_err(|e| self.fail(e))?;
        for row in rows {
            let (band, n) = row.map_err(|e| self.fail(e))?;
            bands[band_index(&band)] += n;
        }
        Ok(bands)
    }
}
