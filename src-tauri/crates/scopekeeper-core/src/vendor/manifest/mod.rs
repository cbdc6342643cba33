//! Manifest: its verify call (no token API), and its adapter.

pub mod adapter;
mod client;

pub use client::*;
