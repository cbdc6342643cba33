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

const ADMIN: &[&str] = &["admin", "owner", "superuser", "root"];
const DELETE: &[&str] = &["delete", "remove", "destroy", "revoke", "purge"];
const WRITE: &[&str] = &[
    "write", "create", "update", "edit", "manage", "put", "patch", "run", "set", "upload",
    "modify", "import", "execute", "invoke", "stop", "start", "attach",
];

/// The words of a permission id, lowercased: split at anything not a letter or digit and at
/// camelCase humps (`compute.instances.setIamPolicy` → compute, instances, set, iam, policy).
fn words(id: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for c in id.chars() {
        if !c.is_alphanumeric() {
            out.push(std::mem::take(&mut word));
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower {
            out.push(std::mem::take(&mut word));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        word.extend(c.to_lowercase());
    }
    out.push(word);
    out.retain(|w| !w.is_empty());
    out
}

/// The access a permission gives, by the words of its id (then its description): whole words,
/// so `read:asset` is not a write for containing "set", nor `compute.instances.get` for "put".
pub fn access_level(id: &str, description: &str) -> Access {
    let words = words(id);
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    if has(ADMIN) || id.to_ascii_lowercase().contains("setiampolicy") {
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
