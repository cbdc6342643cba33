//! Cortex: its API client (API keys, Standard and Advanced auth, roles) and its adapter.

pub mod adapter;
mod client;
mod roles;
mod types;

pub use client::*;
