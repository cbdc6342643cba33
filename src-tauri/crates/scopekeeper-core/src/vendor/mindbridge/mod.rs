//! MindBridge: its API client (API tokens: create, query, get, current, rename, delete) and its adapter.

pub mod adapter;
mod client;
mod paging;

pub use client::*;
