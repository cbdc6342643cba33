//! How much a permission lets its holder do, read from its id and description: read, write,
//! delete, or admin. The matrix letters (R, W, D, A) and the admin-equivalence rule use it.

use serde::Serialize;
use ts_rs::TS;

/// Access levels, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Access {
    Read,
    Write,
    Delete,
    Admin,
}

impl Access {
    /// The matrix letter, so a cell reads without colour.
    pub fn letter(self) -> char {
        match self {
            Access::Read => 'R',
            Access::Write => 'W',
            Access::Delete => 'D',
            Access::Admin => 'A',
        }
    }
}

const ADMIN: &[&str] = &["admin", "owner", "setiampolicy", "superuser", "root"];
const DELETE: &[&str] = &["delete", "remove", "destroy", "revoke", "purge"];
const WRITE: &[&str] = &[
    "write", "create", "update", "edit", "manage", "put", "patch", "run", "set", "upload",
    "modify", "import", "execute", "invoke", "stop", "start", "attach",
];

/// The access a permission gives, by the words of its id (then its description).
pub fn access_level(id: &str, description: &str) -> Access {
    let id = id.to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| id.contains(w));
    if has(ADMIN) {
        Access::Admin
    } else if has(DELETE) {
        Access::Delete
    } else if has(WRITE) {
        Access::Write
    } else if description.to_ascii_lowercase().contains("full access") {
        Access::Admin
    } else {
        Access::Read
    }
}
