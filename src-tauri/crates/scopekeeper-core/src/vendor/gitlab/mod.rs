//! GitLab: its API client (personal, group and project access tokens: list, create, rotate,
//! revoke, the caller's own record) and its adapter.

pub mod adapter;
mod client;
mod scopes;
mod words;

pub use client::*;
pub use scopes::{level_of, role_scope, ROLES};
pub use words::parse_base;
