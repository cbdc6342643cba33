// Generated from scopekeeper-core (src/ipc.rs) by `make bindings`. Do not edit by hand.

export type AppInfo = { name: string, version: string, core_version: string, tauri_version: string, os: string, arch: string, };

export type KeyringReport = { 
/**
 * The backend that answered, e.g. "Secret Service".
 */
backend: string, 
/**
 * The steps that were carried out and verified, in order.
 */
steps_verified: Array<string>, };

export type ErrorKind = "keyring_unavailable" | "keyring_locked" | "keyring_failed" | "invalid_input" | "internal";

export type IpcError = { kind: ErrorKind, message: string, };
