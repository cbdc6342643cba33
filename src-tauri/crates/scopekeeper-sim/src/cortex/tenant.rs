//! The simulated tenant: its keys and roles, a realistic seed, Standard and Advanced auth.

use std::collections::HashSet;

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::common::{self, header_str, now_ms};

use super::*;

pub(super) fn role_permissions(role: &str) -> &'static [&'static str] {
    ROLES.iter().find(|r| r.0 == role).map_or(&[], |r| r.2)
}

pub(super) struct Key {
    pub(super) id: i64,
    pub(super) secret: String,
    pub(super) creation_time: i64,
    pub(super) created_by: String,
    pub(super) roles: Vec<String>,
    pub(super) advanced: bool,
    pub(super) comment: Option<String>,
    pub(super) expiration: Option<i64>,
}

impl Key {
    pub(super) fn record(&self) -> Value {
        json!({
            "id": self.id,
            "creation_time": self.creation_time,
            "created_by": self.created_by,
            "user_name": format!("Public API - {}", self.id),
            "roles": self.roles,
            "security_level": if self.advanced { "advanced" } else { "standard" },
            "comment": self.comment,
            "expiration": self.expiration,
        })
    }

    pub(super) fn holds(&self, permission: &str) -> bool {
        self.roles
            .iter()
            .any(|r| role_permissions(r).contains(&permission))
    }
}

pub struct Tenant {
    pub(super) keys: Vec<Key>,
    pub(super) next_id: i64,
    pub(super) seen_nonces: HashSet<String>,
}

impl Tenant {
    /// A tenant whose key 1 is a primary key (PAPI Edit + the CLI roles), with other keys
    /// around it: narrow, Advanced and expiring soon, a never-expiring admin key, an expired one.
    pub fn seeded(admin_key: Option<String>) -> Self {
        let now = now_ms();
        // (roles, advanced, comment, expiration, created by)
        type Seed<'a> = (Vec<&'a str>, bool, Option<&'a str>, Option<i64>, &'a str);
        let seeds: Vec<Seed> = vec![
            (
                vec![
                    "Public API (PAPI) Edit",
                    "CLI Write Custom",
                    "CLI Read-Only Custom",
                ],
                false,
                Some("Primary key: provisions CLI keys"),
                Some(now + 150 * DAY_MS),
                "secops.admin@example.com",
            ),
            (
                vec!["CLI Read-Only Custom"],
                false,
                Some("Developer laptops: local scans"),
                Some(now + 30 * DAY_MS),
                "secops.admin@example.com",
            ),
            (
                vec!["CLI Write Custom"],
                true,
                Some("CI upload (pipeline)"),
                Some(now + 5 * DAY_MS),
                "platform.lead@example.com",
            ),
            (
                vec!["Instance Admin"],
                false,
                Some("legacy automation"),
                None,
                "former.admin@example.com",
            ),
            (
                vec!["CLI"],
                false,
                None,
                Some(now - 3 * DAY_MS),
                "platform.lead@example.com",
            ),
        ];
        let mut t = Tenant {
            keys: Vec::new(),
            next_id: 1,
            seen_nonces: HashSet::new(),
        };
        let mut admin_key = admin_key;
        for (i, (roles, advanced, comment, expiration, by)) in seeds.into_iter().enumerate() {
            let secret = if i == 0 { admin_key.take() } else { None };
            let id = t.next_id;
            t.next_id += 1;
            t.keys.push(Key {
                id,
                secret: secret.unwrap_or_else(|| common::random_alnum(128)),
                creation_time: now - (60 - i as i64 * 7) * DAY_MS,
                created_by: by.into(),
                roles: roles.into_iter().map(String::from).collect(),
                advanced,
                comment: comment.map(String::from),
                expiration,
            });
        }
        t
    }

    pub fn admin_key(&self) -> &str {
        &self.keys[0].secret
    }

    pub fn admin_key_id(&self) -> i64 {
        self.keys[0].id
    }

    /// The calling key's index, or the 401 to answer.
    pub(super) fn authenticate(&mut self, headers: &HeaderMap) -> Result<usize, Response> {
        let denied = || {
            error(
                StatusCode::UNAUTHORIZED,
                "Public API request unauthorized",
                None,
            )
        };
        let id: i64 = header_str(headers, "x-xdr-auth-id")
            .and_then(|v| v.trim().parse().ok())
            .ok_or_else(denied)?;
        let auth = header_str(headers, "authorization").ok_or_else(denied)?;
        let idx = self
            .keys
            .iter()
            .position(|k| k.id == id)
            .ok_or_else(denied)?;
        let key = &self.keys[idx];
        if key.expiration.is_some_and(|e| e <= now_ms()) {
            return Err(denied());
        }
        if key.advanced {
            let nonce = header_str(headers, "x-xdr-nonce").ok_or_else(denied)?;
            let ts = header_str(headers, "x-xdr-timestamp").ok_or_else(denied)?;
            let ts_ms: i64 = ts.parse().map_err(|_| denied())?;
            if nonce.len() != 64
                || !nonce.bytes().all(|b| b.is_ascii_alphanumeric())
                || (now_ms() - ts_ms).abs() > TIMESTAMP_SKEW_MS
            {
                return Err(denied());
            }
            let expected = hex::encode(Sha256::digest(format!("{}{nonce}{ts}", key.secret)));
            if !auth.eq_ignore_ascii_case(&expected) || !self.seen_nonces.insert(nonce.to_owned()) {
                return Err(denied());
            }
        } else if auth != key.secret {
            return Err(denied());
        }
        Ok(idx)
    }

    pub(super) fn require(&self, caller: usize, permission: &str) -> Result<(), Response> {
        if self.keys[caller].holds(permission) {
            Ok(())
        } else {
            Err(error(
                StatusCode::FORBIDDEN,
                "Insufficient permissions for api key",
                Some(format!("requires {permission}")),
            ))
        }
    }
}
