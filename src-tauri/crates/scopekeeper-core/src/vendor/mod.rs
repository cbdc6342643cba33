//! Vendor API clients: MindBridge and Cortex token management, Bright and Manifest verification.
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

pub mod bright;
pub mod cortex;
pub mod manifest;
pub mod mindbridge;

use std::net::IpAddr;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{RequestBuilder, StatusCode, Url};
use thiserror::Error;

use crate::error::{ErrorKind, IpcError};

/// Limits every vendor call obeys.
#[derive(Debug, Clone)]
pub struct HttpPolicy {
    /// Time limit for one attempt (connect, send, and read the whole reply).
    pub timeout: Duration,
    /// Attempts an idempotent call may make in all.
    pub max_attempts: u32,
    /// First backoff; doubles on each retry.
    pub backoff: Duration,
    /// The longest `Retry-After` honoured by waiting; longer ones are returned to the caller.
    pub max_retry_wait: Duration,
    pub max_body_bytes: usize,
}

impl Default for HttpPolicy {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(20),
            max_attempts: 3,
            backoff: Duration::from_millis(300),
            max_retry_wait: Duration::from_secs(30),
            max_body_bytes: 2 << 20,
        }
    }
}

/// The HTTP client every vendor client shares (one connection pool per app). Calls to this
/// machine (the sandbox, a local tunnel) go through a second client that never uses a proxy:
/// an `HTTP(S)_PROXY` set in the environment must not see a loopback call or its credential.
/// Calls to vendors keep the proxy the environment sets.
#[derive(Debug, Clone)]
pub struct VendorHttp {
    client: reqwest::Client,
    loopback: reqwest::Client,
    policy: HttpPolicy,
}

impl VendorHttp {
    pub fn new(policy: HttpPolicy) -> Result<Self, VendorError> {
        let builder = || {
            reqwest::Client::builder()
                .user_agent(concat!("Scopekeeper/", env!("CARGO_PKG_VERSION")))
                .connect_timeout(policy.timeout.min(Duration::from_secs(10)))
                .timeout(policy.timeout)
                // A redirect could carry the credential to another host; vendors' APIs do not
                // redirect.
                .redirect(reqwest::redirect::Policy::none())
        };
        let start = |b: reqwest::ClientBuilder| {
            b.build().map_err(|e| VendorError::Internal {
                message: format!("cannot start the HTTP client: {e}"),
            })
        };
        Ok(Self {
            client: start(builder())?,
            loopback: start(builder().no_proxy())?,
            policy,
        })
    }

    /// The proxy-free client for calls to this machine (the sandbox's own console).
    pub fn loopback_client(&self) -> &reqwest::Client {
        &self.loopback
    }

    pub fn policy(&self) -> &HttpPolicy {
        &self.policy
    }

    /// Sends a request built by `build` (called again for each attempt, so signatures and
    /// nonces are fresh) and returns the reply, after retries if `retry` allows them.
    pub(crate) async fn send(
        &self,
        retry: Retry,
        build: impl Fn(&reqwest::Client) -> RequestBuilder,
    ) -> Result<Reply, VendorError> {
        let attempts = match retry {
            Retry::Idempotent => self.policy.max_attempts.max(1),
            Retry::Never => 1,
        };
        let mut attempt = 0;
        loop {
            attempt += 1;
            let outcome = self.attempt(&build).await;
            let wait = match &outcome {
                Ok(r) if is_retriable_status(r.status) => match retry_after(&r.headers) {
                    Some(w) if w > self.policy.max_retry_wait => None,
                    Some(w) => Some(w),
                    None => Some(self.backoff(attempt)),
                },
                Err(VendorError::Timeout { .. }) | Err(VendorError::Unreachable { .. }) => {
                    Some(self.backoff(attempt))
                }
                _ => None,
            };
            match wait {
                Some(w) if attempt < attempts => tokio::time::sleep(w).await,
                _ => {
                    return outcome.map(|mut r| {
                        r.attempts = attempt;
                        r
                    })
                }
            }
        }
    }

    fn backoff(&self, attempt: u32) -> Duration {
        self.policy.backoff * 2u32.saturating_pow(attempt.saturating_sub(1))
    }

    async fn attempt(
        &self,
        build: &impl Fn(&reqwest::Client) -> RequestBuilder,
    ) -> Result<Reply, VendorError> {
        let timeout_secs = self.policy.timeout.as_secs_f64();
        let map_err = |e: reqwest::Error| {
            if e.is_timeout() {
                VendorError::Timeout {
                    after_secs: timeout_secs,
                }
            } else if e.is_connect() {
                VendorError::Unreachable {
                    message:
                        "could not connect to the vendor (check the base URL and your network)"
                            .into(),
                }
            } else {
                VendorError::BadResponse {
                    message: "the connection failed while talking to the vendor".into(),
                }
            }
        };
        let request = build(&self.client)
            .build()
            .map_err(|e| VendorError::Internal {
                message: format!("could not build the request: {e}"),
            })?;
        let client = if is_loopback(request.url()) {
            &self.loopback
        } else {
            &self.client
        };
        let mut resp = client.execute(request).await.map_err(map_err)?;
        let status = resp.status();
        let headers = resp.headers().clone();
        let limit = self.policy.max_body_bytes;
        if resp.content_length().is_some_and(|n| n as usize > limit) {
            return Err(too_large(limit));
        }
        let mut body = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(map_err)? {
            if body.len() + chunk.len() > limit {
                return Err(too_large(limit));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Reply {
            status,
            headers,
            body,
            attempts: 1,
        })
    }
}

fn too_large(limit: usize) -> VendorError {
    VendorError::BadResponse {
        message: format!(
            "the vendor's reply was larger than {} KiB and was refused",
            limit / 1024
        ),
    }
}

fn is_retriable_status(s: StatusCode) -> bool {
    matches!(s.as_u16(), 423 | 429 | 502 | 503 | 504)
}

/// `Retry-After` in seconds (the HTTP-date form is not used by these vendors).
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let secs = headers
        .get("retry-after")
        .or_else(|| headers.get("x-user-hour-limit-remaining"))?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()?;
    Some(Duration::from_secs(secs))
}

/// Whether a call may be repeated safely.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Retry {
    Idempotent,
    Never,
}

/// A whole reply, read within the size limit.
#[derive(Debug)]
pub(crate) struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    /// How many attempts it took.
    pub attempts: u32,
}

impl Reply {
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, VendorError> {
        serde_json::from_slice(&self.body).map_err(|e| VendorError::BadResponse {
            message: format!(
                "the vendor's reply (HTTP {}) was not the JSON expected: {}",
                self.status.as_u16(),
                // serde's message names the field and position, never the value.
                e
            ),
        })
    }

    pub fn retry_after_secs(&self) -> Option<u64> {
        retry_after(&self.headers).map(|d| d.as_secs())
    }
}

/// What went wrong talking to a vendor, as something the admin can act on.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum VendorError {
    #[error("The vendor rejected the credential: {message}")]
    Unauthorized { message: String },
    #[error("The credential is not allowed to do this: {message}")]
    Forbidden {
        message: String,
        permission: Option<String>,
    },
    #[error("The vendor refused the request: {message}")]
    Validation {
        message: String,
        problems: Vec<String>,
    },
    #[error("The vendor reports a conflict: {message}")]
    Conflict { message: String },
    #[error("Not found at the vendor: {message}")]
    NotFound { message: String },
    #[error("The vendor is rate limiting requests{}", retry_after_secs.map(|s| format!("; try again in {s} s")).unwrap_or_default())]
    RateLimited { retry_after_secs: Option<u64> },
    #[error("The vendor is busy: {message}. Try again shortly")]
    Locked { message: String },
    #[error("The vendor is unavailable (HTTP {status}): {message}")]
    Unavailable { status: u16, message: String },
    #[error("The vendor did not answer within {after_secs} s")]
    Timeout { after_secs: f64 },
    #[error("{message}")]
    Unreachable { message: String },
    #[error("The vendor's reply could not be understood: {message}")]
    BadResponse { message: String },
    #[error("{message}")]
    InvalidBaseUrl { message: String },
    #[error("{message}")]
    Internal { message: String },
}

impl VendorError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Unauthorized { .. } => ErrorKind::VendorUnauthorized,
            Self::Forbidden { .. } => ErrorKind::VendorForbidden,
            Self::Validation { .. } => ErrorKind::VendorValidation,
            Self::Conflict { .. } => ErrorKind::Conflict,
            Self::NotFound { .. } => ErrorKind::NotFound,
            Self::RateLimited { .. } => ErrorKind::VendorRateLimited,
            Self::Locked { .. } | Self::Unavailable { .. } | Self::Unreachable { .. } => {
                ErrorKind::VendorUnavailable
            }
            Self::Timeout { .. } => ErrorKind::VendorTimeout,
            Self::BadResponse { .. } => ErrorKind::VendorBadResponse,
            Self::InvalidBaseUrl { .. } => ErrorKind::InvalidInput,
            Self::Internal { .. } => ErrorKind::Internal,
        }
    }

    /// Removes every occurrence of `secret` from the messages (vendors sometimes echo input).
    pub fn scrubbed(self, secret: &str) -> Self {
        if secret.len() < 4 {
            return self;
        }
        let s = |m: String| m.replace(secret, "<redacted>");
        match self {
            Self::Unauthorized { message } => Self::Unauthorized {
                message: s(message),
            },
            Self::Forbidden {
                message,
                permission,
            } => Self::Forbidden {
                message: s(message),
                permission: permission.map(s),
            },
            Self::Validation { message, problems } => Self::Validation {
                message: s(message),
                problems: problems.into_iter().map(s).collect(),
            },
            Self::Conflict { message } => Self::Conflict {
                message: s(message),
            },
            Self::NotFound { message } => Self::NotFound {
                message: s(message),
            },
            Self::Locked { message } => Self::Locked {
                message: s(message),
            },
            Self::Unavailable { status, message } => Self::Unavailable {
                status,
                message: s(message),
            },
            Self::BadResponse { message } => Self::BadResponse {
                message: s(message),
            },
            other => other,
        }
    }
}

impl From<VendorError> for IpcError {
    fn from(e: VendorError) -> Self {
        let details = match &e {
            VendorError::Validation { problems, .. } => problems.clone(),
            VendorError::Forbidden {
                permission: Some(p),
                ..
            } => vec![format!("missing permission: {p}")],
            _ => Vec::new(),
        };
        IpcError::new(e.kind(), e.to_string()).with_details(details)
    }
}

/// Checks a vendor base URL: absolute http(s), HTTPS unless the host is this machine, no
/// credentials, query or fragment. Returns it without a trailing slash.
pub fn check_base_url(raw: &str) -> Result<Url, VendorError> {
    let bad = |m: &str| VendorError::InvalidBaseUrl {
        message: format!("Base URL {m}"),
    };
    let url = Url::parse(raw.trim()).map_err(|e| bad(&format!("is not a valid URL ({e})")))?;
    if url.host().is_none() {
        return Err(bad("has no host"));
    }
    let loopback = is_loopback(&url);
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => {
            return Err(bad(
                "must use https:// (plain http is allowed only to this machine)",
            ))
        }
        other => return Err(bad(&format!("must be https://, not {other}://"))),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("must not contain a user name or password"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("must not contain a query (?…) or fragment (#…)"));
    }
    let trimmed = url.as_str().trim_end_matches('/').to_owned();
    Url::parse(&trimmed).map_err(|e| bad(&format!("is not a valid URL ({e})")))
}

/// Whether a URL names this machine (`localhost`, 127.0.0.0/8, `::1`).
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// `base` + `path` (path starts with `/`).
pub(crate) fn endpoint(base: &Url, path: &str) -> String {
    format!("{}{path}", base.as_str().trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_need_https_except_to_this_machine() {
        assert!(check_base_url("https://acme.mindbridge.ai").is_ok());
        assert!(check_base_url("http://127.0.0.1:8080/mindbridge/").is_ok());
        assert!(check_base_url("http://localhost:9000").is_ok());
        assert!(check_base_url("http://[::1]:9000").is_ok());
        let e = check_base_url("http://acme.mindbridge.ai").unwrap_err();
        assert!(e.to_string().contains("https"), "{e}");
        assert!(check_base_url("ftp://example.com").is_err());
        assert!(check_base_url("https://user:pw@example.com").is_err());
        assert!(check_base_url("https://example.com/?q=1").is_err());
        assert!(check_base_url("not a url").is_err());
        assert_eq!(
            check_base_url("https://api-acme.xdr.us.paloaltonetworks.com/")
                .unwrap()
                .as_str(),
            "https://api-acme.xdr.us.paloaltonetworks.com/",
            "a bare host keeps its root slash"
        );
        assert_eq!(
            endpoint(
                &check_base_url("http://127.0.0.1:1/mb/").unwrap(),
                "/api/v1/x"
            ),
            "http://127.0.0.1:1/mb/api/v1/x"
        );
    }

    #[test]
    fn scrubbing_removes_an_echoed_credential() {
        let e = VendorError::Validation {
            message: "token abcd1234secret is malformed".into(),
            problems: vec!["value abcd1234secret".into()],
        }
        .scrubbed("abcd1234secret");
        let shown = format!("{e} {e:?}");
        assert!(!shown.contains("abcd1234secret"), "{shown}");
    }

    #[test]
    fn errors_cross_ipc_with_a_kind_and_details() {
        let e: IpcError = VendorError::Forbidden {
            message: "lacks api.api-tokens.write".into(),
            permission: Some("api.api-tokens.write".into()),
        }
        .into();
        assert_eq!(e.kind, ErrorKind::VendorForbidden);
        assert_eq!(e.details, vec!["missing permission: api.api-tokens.write"]);
        let e: IpcError = VendorError::RateLimited {
            retry_after_secs: Some(7),
        }
        .into();
        assert_eq!(e.kind, ErrorKind::VendorRateLimited);
        assert!(e.message.contains("7 s"), "{}", e.message);
    }
}
