//! Vendor API clients: MindBridge, Cortex, Cloudflare, GitLab and GitHub token management, Bright
//! and Manifest verification.
//!
//! Every client takes a base URL, a credential wrapped as a secret, a shared [`VendorHttp`] and,
//! where time matters, a [`crate::clock::Clock`]; so tests and the sandbox point them at the
//! simulators. This module owns the HTTP policy all of them share:
//! - a time limit on every call; replies larger than [`HttpPolicy::max_body_bytes`] are refused;
//! - idempotent calls (reads, deletes) are retried with exponential backoff on timeouts,
//!   connection failures, 423, 429 and 502/503/504, honouring `Retry-After` up to a cap;
//! - calls that create something are **never** retried: a lost reply may mean the token exists;
//! - vendor errors become [`VendorError`] kinds the UI can act on; no message ever contains the
//!   credential (it is scrubbed from anything a vendor echoes back).
//!
//! It must never log, print or return a secret except the one new token a create returns.
//!
//! One module per vendor holds everything about it: its client and its [`VendorAdapter`] (the one
//! interface the desk uses). `http` is the shared HTTP policy, `error` the typed errors, `base`
//! the base-URL rules, `token` the [`VendorToken`] every listing returns.

pub mod adapter;
mod answers;
pub mod base;
pub mod bright;
pub mod cloudflare;
pub mod cortex;
pub mod error;
pub mod github;
pub mod gitlab;
pub mod http;
mod info;
pub mod list_filter;
pub mod manifest;
pub mod mindbridge;
mod paging;
mod token;
mod words;

pub use adapter::{Capabilities, Vendor, VendorAdapter};
pub(crate) use base::endpoint;
pub use base::{check_base_url, is_loopback};
pub use error::VendorError;
pub use http::{HttpPolicy, VendorHttp};
pub(crate) use http::{Reply, Retry};
pub use list_filter::{ListFilter, ListState};
pub use token::VendorToken;
