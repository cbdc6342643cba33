//! What the simulated tenant holds: its tokens (with their secrets, which no reply after the
//! create carries) and who made them.

use serde_json::{json, Value};

use crate::common::{rfc3339, Instant};

pub(super) const READ_ONLY_FIELDS: &[&str] = &[
    "id",
    "version",
    "creationDate",
    "lastModifiedDate",
    "createdUserInfo",
    "lastModifiedUserInfo",
    "userId",
    "partialToken",
    "token",
];

#[derive(Clone)]
pub(super) struct UserInfo {
    pub(super) id: String,
    pub(super) name: String,
}

impl UserInfo {
    pub(super) fn json(&self) -> Value {
        json!({ "userId": self.id, "userName": self.name })
    }
}

#[derive(Clone)]
pub(super) struct Token {
    pub(super) id: String,
    pub(super) version: i64,
    pub(super) created: Instant,
    pub(super) modified: Instant,
    pub(super) created_by: UserInfo,
    pub(super) modified_by: UserInfo,
    pub(super) user_id: String,
    pub(super) name: String,
    pub(super) secret: String,
    pub(super) expiry: Instant,
    pub(super) allowed: Vec<String>,
    pub(super) permissions: Vec<String>,
}

impl Token {
    pub(super) fn record(&self) -> Value {
        json!({
            "id": self.id,
            "version": self.version,
            "creationDate": rfc3339(self.created),
            "lastModifiedDate": rfc3339(self.modified),
            "createdUserInfo": self.created_by.json(),
            "lastModifiedUserInfo": self.modified_by.json(),
            "userId": self.user_id,
            "name": self.name,
            "partialToken": partial(&self.secret),
            "expiry": rfc3339(self.expiry),
            "allowedAddresses": self.allowed,
            "permissions": self.permissions,
        })
    }

    pub(super) fn as_user(&self) -> UserInfo {
        UserInfo {
            id: self.user_id.clone(),
            name: self.name.clone(),
        }
    }
}

/// What the UI shows of a token: its last four characters. [I]
fn partial(secret: &str) -> String {
    let tail: String = secret
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("…{tail}")
}

pub struct Tenant {
    pub(super) tokens: Vec<Token>,
    pub(super) admin_secret: String,
    pub(super) next: u64,
}

impl Tenant {
    pub fn admin_token(&self) -> &str {
        &self.admin_secret
    }

    /// What another admin does in MindBridge's own console, for tests of what changes between
    /// two audits: deletes the token named `name`; whether there was one.
    pub fn console_delete(&mut self, name: &str) -> bool {
        let before = self.tokens.len();
        self.tokens.retain(|t| t.name != name);
        self.tokens.len() < before
    }

    /// Another admin's console edit: grants the token named `name` more permissions (a new
    /// version of it); whether there was one.
    pub fn console_grant(&mut self, name: &str, permissions: &[&str]) -> bool {
        let Some(t) = self.tokens.iter_mut().find(|t| t.name == name) else {
            return false;
        };
        for p in permissions {
            if !t.permissions.iter().any(|q| q == p) {
                t.permissions.push((*p).to_owned());
            }
        }
        t.version += 1;
        true
    }

    pub(super) fn new_id(&mut self) -> String {
        let id = format!("4b8360d0{:016x}", self.next);
        self.next += 1;
        id
    }
}
