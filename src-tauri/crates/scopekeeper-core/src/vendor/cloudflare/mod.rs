//! Cloudflare: its API client (API tokens: list, create, get, delete, roll, verify, permission
//! groups) and its adapter.

pub mod adapter;
mod client;
mod paging;

pub use client::*;
