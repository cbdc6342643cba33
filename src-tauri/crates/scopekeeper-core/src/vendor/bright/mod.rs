//! Bright: its key format check and verify probe (no token API), and its adapter.

pub mod adapter;
mod client;

pub use client::*;
