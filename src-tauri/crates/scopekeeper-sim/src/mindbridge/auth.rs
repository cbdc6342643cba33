//! Who is calling: bearer auth (a deleted or expired token, or a call from outside its
//! `allowedAddresses`, is refused with 401) and the permission a call needs (403).

use std::net::SocketAddr;

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::errors::{problem, problems_response, unauthorized};
use super::model::Tenant;
use crate::common::{self, credential_after, now};

impl Tenant {
    /// The caller's token, or the 401 to answer.
    pub(super) fn authenticate(
        &self,
        headers: &HeaderMap,
        peer: SocketAddr,
    ) -> Result<usize, Response> {
        let presented = credential_after(headers, "Bearer")
            .ok_or_else(|| unauthorized("Missing bearer token"))?;
        let idx = self
            .tokens
            .iter()
            .position(|t| t.secret == presented)
            .ok_or_else(|| unauthorized("Invalid or revoked token"))?;
        let token = &self.tokens[idx];
        if token.expiry <= now() {
            return Err(unauthorized("Token expired"));
        }
        if !common::ip_allowed(&token.allowed, peer.ip()) {
            return Err(unauthorized(
                "Request address is not allowed for this token",
            ));
        }
        Ok(idx)
    }

    pub(super) fn require(&self, caller: usize, permission: &str) -> Result<(), Response> {
        if self.tokens[caller]
            .permissions
            .iter()
            .any(|p| p == permission)
        {
            return Ok(());
        }
        Err(problems_response(
            StatusCode::FORBIDDEN,
            "Forbidden",
            vec![problem(
                "INSUFFICIENT_PERMISSION",
                "permissions",
                &format!("The API token lacks the permission {permission}"),
                vec![permission.to_owned()],
            )],
        ))
    }
}
