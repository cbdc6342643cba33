//! Connections: list, save, remove, the sandbox's, and the connection test, each answered by
//! the core's workbench; none returns a secret.

use scopekeeper_core::connection::{Connection, ConnectionList};
use scopekeeper_core::desk::ConnectionTest;
use scopekeeper_core::error::Error;
use tauri::{AppHandle, Runtime};

use crate::commands::{RemoveConnectionRequest, SaveConnectionRequest, TestConnectionRequest};
use crate::state::ScopekeeperExt;

#[tauri::command]
pub async fn list_connections<R: Runtime>(app: AppHandle<R>) -> ConnectionList {
    app.scopekeeper().work.list_connections()
}

#[tauri::command]
pub async fn save_connection<R: Runtime>(
    app: AppHandle<R>,
    req: SaveConnectionRequest,
) -> Result<Connection, Error> {
    app.scopekeeper().work.save_connection(req.input).await
}

#[tauri::command]
pub async fn remove_connection<R: Runtime>(
    app: AppHandle<R>,
    req: RemoveConnectionRequest,
) -> Result<(), Error> {
    app.scopekeeper().work.remove_connection(&req.id).await
}

#[tauri::command]
pub async fn add_sandbox_connections<R: Runtime>(
    app: AppHandle<R>,
) -> Result<Vec<Connection>, Error> {
    app.scopekeeper().work.add_sandbox_connections().await
}

#[tauri::command]
pub async fn test_connection<R: Runtime>(
    app: AppHandle<R>,
    req: TestConnectionRequest,
) -> Result<ConnectionTest, Error> {
    app.scopekeeper().work.test_connection(&req.id).await
}
