//! Connections: list, save, remove, the sandbox's, and the connection test. Each body is a
//! short delegation into [`scopekeeper_core::desk::Desk`]; none returns a secret.

use scopekeeper_core::connection::{Connection, ConnectionList};
use scopekeeper_core::desk::ConnectionTest;
use scopekeeper_core::error::IpcError;
use scopekeeper_core::vendor::adapter::{Vendor, VendorInfo};
use tauri::{AppHandle, Runtime};

use crate::commands::{RemoveConnectionRequest, SaveConnectionRequest, TestConnectionRequest};
use crate::state::ScopekeeperExt;

#[tauri::command]
pub async fn list_connections<R: Runtime>(app: AppHandle<R>) -> ConnectionList {
    let desk = &app.scopekeeper().desk;
    ConnectionList {
        connections: desk.connections(),
        problem: desk.connections_problem(),
        vendors: VendorInfo::all(),
    }
}

#[tauri::command]
pub async fn save_connection<R: Runtime>(
    app: AppHandle<R>,
    req: SaveConnectionRequest,
) -> Result<Connection, IpcError> {
    let SaveConnectionRequest { input } = req;
    let state = app.scopekeeper();
    let catalog = state.catalog(&input.vendor)?;
    crate::commands::offboard::forget_plan(&app);
    state.desk.save_connection(input, &catalog).await
}

#[tauri::command]
pub async fn remove_connection<R: Runtime>(
    app: AppHandle<R>,
    req: RemoveConnectionRequest,
) -> Result<(), IpcError> {
    let RemoveConnectionRequest { id } = req;
    crate::commands::offboard::forget_plan(&app);
    app.scopekeeper().desk.remove_connection(&id).await
}

/// Starts the sandbox and adds a connection per simulated vendor (once).
#[tauri::command]
pub async fn add_sandbox_connections<R: Runtime>(
    app: AppHandle<R>,
) -> Result<Vec<Connection>, IpcError> {
    let state = app.scopekeeper();
    state.sandbox.ensure(&state.desk).await?;
    state.desk.add_sandbox_connections(&Vendor::ALL).await
}

#[tauri::command]
pub async fn test_connection<R: Runtime>(
    app: AppHandle<R>,
    req: TestConnectionRequest,
) -> Result<ConnectionTest, IpcError> {
    let TestConnectionRequest { id } = req;
    let state = app.scopekeeper();
    state.ready(&id).await?;
    let catalog = state.catalog(state.desk.connection(&id)?.vendor.id())?;
    state.desk.test_connection(&id, &catalog).await
}
