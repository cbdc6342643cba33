//! History: what changed since the run before, the runs, timelines, and the action log (its
//! recent entries and its chain's state), all answered by the core's workbench.

use scopekeeper_core::action_log::{ActionEntry, ChainState};
use scopekeeper_core::error::Error;
use scopekeeper_core::history::{Changes, ConnectionTimeline, RunSummary, TokenTimeline};
use tauri::{AppHandle, Runtime};

use crate::commands::{
    ConnectionTimelineRequest, HistoryChangesRequest, HistoryRunsRequest, RecentActionsRequest,
    TokenTimelineRequest,
};
use crate::state::ScopekeeperExt;

#[tauri::command]
pub async fn since_last_audit<R: Runtime>(app: AppHandle<R>) -> Result<Option<Changes>, Error> {
    app.scopekeeper().work.since_last_audit().await
}

#[tauri::command]
pub async fn history_runs<R: Runtime>(
    app: AppHandle<R>,
    req: HistoryRunsRequest,
) -> Result<Vec<RunSummary>, Error> {
    app.scopekeeper().work.history_runs(req.limit).await
}

#[tauri::command]
pub async fn history_changes<R: Runtime>(
    app: AppHandle<R>,
    req: HistoryChangesRequest,
) -> Result<Changes, Error> {
    app.scopekeeper().work.history_changes(req.to).await
}

#[tauri::command]
pub async fn token_timeline<R: Runtime>(
    app: AppHandle<R>,
    req: TokenTimelineRequest,
) -> Result<Option<TokenTimeline>, Error> {
    app.scopekeeper().work.token_timeline(req.key).await
}

#[tauri::command]
pub async fn connection_timeline<R: Runtime>(
    app: AppHandle<R>,
    req: ConnectionTimelineRequest,
) -> Result<Option<ConnectionTimeline>, Error> {
    app.scopekeeper()
        .work
        .connection_timeline(req.connection_id)
        .await
}

#[tauri::command]
pub async fn log_chain_state<R: Runtime>(app: AppHandle<R>) -> Result<ChainState, Error> {
    app.scopekeeper().work.log_chain_state().await
}

#[tauri::command]
pub async fn recent_actions<R: Runtime>(
    app: AppHandle<R>,
    req: RecentActionsRequest,
) -> Result<Vec<ActionEntry>, Error> {
    app.scopekeeper().work.recent_actions(req.limit)
}
