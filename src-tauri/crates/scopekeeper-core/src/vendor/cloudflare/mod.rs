//! Cloudflare: its API client (API tokens: list, create, get, delete, roll, verify, permission
//! groups) and its adapter.

pub mod adapter;
mod client;
mod paging;
mod places;
mod scopes;
mod user;
mod zones;

pub use scopes::{broad_reach, scope_id};

pub use client::*;
pub use zones::{CfNamed, CfZone};
