//! GitHub: its API client (a personal token's own view; an organization's fine-grained tokens
//! and installation tokens through a GitHub App), the App's JWT, and its adapter.

pub mod adapter;
mod client;
mod connect;
mod installation;
mod jwt;
mod personal;
mod scopes;

pub use client::*;
pub use installation::Repository;
pub use jwt::app_jwt;
pub use scopes::{permissions_of, scopes_of};
