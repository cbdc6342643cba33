//! The domain's error, [`Error`] `{ kind, message, details }`, and its [`Result`]: what the
//! core's command bodies return, and the shape that crosses IPC (as `IpcError`) and reaches the CLI.
//!
//! The UI branches on `kind` (a closed, snake_case set generated into TypeScript) and shows
//! `message` to a person. Messages are written for the admin, say what to do next, and never
//! contain a secret.

use serde::Serialize;
use ts_rs::TS;

/// What went wrong, as a stable machine-readable kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// No OS keyring service could be reached (e.g. no Secret Service on the session bus).
    KeyringUnavailable,
    /// The keyring exists but is locked, and unlocking it was refused or timed out.
    KeyringLocked,
    /// The keyring answered, but the operation failed or its result was wrong.
    KeyringFailed,
    /// The request was malformed; the message says which field and why.
    InvalidInput,
    /// A catalog file did not validate; `details` lists every problem as `file:line:col: …`.
    InvalidCatalog,
    /// The thing asked for does not exist.
    NotFound,
    /// The request clashes with what exists (e.g. an id already taken).
    Conflict,
    /// The vendor rejected the credential (revoked, expired, wrong, or used from a disallowed
    /// address): replace it or check the connection.
    VendorUnauthorized,
    /// The credential is valid but lacks a permission; `details` names it when the vendor does.
    VendorForbidden,
    /// The vendor refused the request's content; `details` lists the vendor's problems.
    VendorValidation,
    /// The vendor asks to slow down; the message says when to retry.
    VendorRateLimited,
    /// The vendor could not be reached or is failing (5xx, 423, connection refused).
    VendorUnavailable,
    /// The vendor did not answer in time. For a create, the token may exist: check the list.
    VendorTimeout,
    /// The vendor's reply was malformed, unexpected or too large.
    VendorBadResponse,
    /// The token would get permissions the connection's own credential lacks; `details` lists them.
    ExceedsCredential,
    /// A create's request may have reached the vendor, but its reply was lost or broken: the
    /// token may exist. It is never sent again; reconcile (list and find it) instead.
    CreateUncertain,
    /// Reading or writing a local file failed.
    Io,
    /// A bug: something that should not happen. The message carries no secret.
    Internal,
}

/// An error of Scopekeeper's domain, as the UI and the CLI receive it. TypeScript knows it as
/// `IpcError`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "IpcError")]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    /// Itemised problems (e.g. every located error of a catalog file); often empty.
    pub details: Vec<String>,
}

/// The domain's result: `Ok`, or an [`Error`] with its kind.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            details: Vec::new(),
        }
    }

    pub fn with_details(mut self, details: Vec<String>) -> Self {
        self.details = details;
        self
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}: {}", self.kind, self.message)
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_kind_and_message() {
        let e = Error::new(ErrorKind::KeyringLocked, "unlock your login keyring");
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"kind": "keyring_locked", "message": "unlock your login keyring", "details": []})
        );
    }
}
