//! The HTTP policy every vendor call obeys: time limits, a reply size limit, retries with backoff
//! and `Retry-After` for idempotent calls only, no redirects, no proxy for calls to this machine.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{RequestBuilder, StatusCode};

use super::base::is_loopback;
use super::error::VendorError;

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
///
/// Both clients share one TLS connector: making it reads the system's certificate store (the
/// costly part of making a client), once per process. Each client is made when a call first
/// needs it (an audit of this machine's sandbox never makes the proxied one), or the connector
/// and the loopback client by [`VendorHttp::prepare_in_background`], which the app's start-up
/// does not wait for.
#[derive(Debug, Clone)]
pub struct VendorHttp {
    clients: Arc<Clients>,
    policy: HttpPolicy,
}

/// The TLS connector and the two clients, each made on first use; one that cannot be made is
/// remembered with why.
#[derive(Debug, Default)]
struct Clients {
    tls: OnceLock<Result<native_tls::TlsConnector, String>>,
    client: OnceLock<Result<reqwest::Client, String>>,
    loopback: OnceLock<Result<reqwest::Client, String>>,
}

/// Which of the two clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route {
    /// Through the proxy the environment sets, if any.
    Proxied,
    /// To this machine: never through a proxy.
    Loopback,
}

impl Clients {
    /// The one TLS connector, as reqwest would make it for each client: the system's roots,
    /// hostnames and certificates verified, HTTP/2 or HTTP/1.1 offered by ALPN. Being
    /// preconfigured, it overrides every TLS option of the client builders (a minimum version,
    /// extra roots): set those here. Its `native-tls` must be the version reqwest uses, else
    /// reqwest refuses it as an unknown backend on every call (a unit test builds both clients).
    fn tls(&self) -> Result<&native_tls::TlsConnector, String> {
        self.tls
            .get_or_init(|| {
                native_tls::TlsConnector::builder()
                    .request_alpns(&["h2", "http/1.1"])
                    .build()
                    .map_err(|e| format!("cannot start the HTTP client: {e}"))
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    fn get(&self, route: Route, policy: &HttpPolicy) -> Result<&reqwest::Client, String> {
        let cell = match route {
            Route::Proxied => &self.client,
            Route::Loopback => &self.loopback,
        };
        cell.get_or_init(|| self.make(route, policy))
            .as_ref()
            .map_err(Clone::clone)
    }

    fn make(&self, route: Route, policy: &HttpPolicy) -> Result<reqwest::Client, String> {
        let builder = reqwest::Client::builder()
            .tls_backend_preconfigured(self.tls()?.clone())
            .user_agent(concat!("Scopekeeper/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(policy.timeout.min(Duration::from_secs(10)))
            .timeout(policy.timeout)
            // A redirect could carry the credential to another host; vendors' APIs do not
            // redirect.
            .redirect(reqwest::redirect::Policy::none())
            // `localhost` is trusted as this machine (plain http, no proxy): it must not be
            // whatever a resolver says it is.
            .resolve_to_addrs(
                "localhost",
                &[
                    std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
                    std::net::SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, 0)),
                ],
            );
        let builder = match route {
            Route::Proxied => builder,
            Route::Loopback => builder.no_proxy(),
        };
        builder
            .build()
            .map_err(|e| format!("cannot start the HTTP client: {e}"))
    }
}

impl VendorHttp {
    /// The shared client under `policy`; nothing is made until first needed.
    pub fn new(policy: HttpPolicy) -> Self {
        Self {
            clients: Arc::default(),
            policy,
        }
    }

    /// Makes the TLS connector and the loopback client on a background thread now, so the
    /// first vendor call need not. Should that fail (no thread to spare), the first call makes
    /// them instead. A client that cannot be made (no TLS backend) is an error on every vendor
    /// call, never a panic.
    pub fn prepare_in_background(&self) {
        let (clients, policy) = (Arc::clone(&self.clients), self.policy.clone());
        let _ = std::thread::Builder::new()
            .name("http-clients".into())
            .spawn(move || {
                let _ = clients.get(Route::Loopback, &policy);
            });
    }

    fn client(&self, route: Route) -> Result<&reqwest::Client, VendorError> {
        self.clients
            .get(route, &self.policy)
            .map_err(|message| VendorError::Internal { message })
    }

    /// The proxy-free client for calls to this machine (the sandbox's own console).
    pub fn loopback_client(&self) -> Result<&reqwest::Client, VendorError> {
        self.client(Route::Loopback)
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
        // The request is built on the loopback client (a request holds no client of its own)
        // and sent by the one its address needs.
        let request =
            build(self.client(Route::Loopback)?)
                .build()
                .map_err(|e| VendorError::Internal {
                    message: format!("could not build the request: {e}"),
                })?;
        let client = self.client(if is_loopback(request.url()) {
            Route::Loopback
        } else {
            Route::Proxied
        })?;
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
        .get("retry-after")?
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

/// A whole reply, read within the size limit. Its body can hold a secret (a new token's value),
/// so `Debug` shows only its length.
pub(crate) struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    /// How many attempts it took.
    pub attempts: u32,
}

impl std::fmt::Debug for Reply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reply")
            .field("status", &self.status)
            .field("body_bytes", &self.body.len())
            .field("attempts", &self.attempts)
            .finish_non_exhaustive()
    }
}

impl Reply {
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, VendorError> {
        serde_json::from_slice(&self.body).map_err(|e| {
            // Only the kind of fault and where: serde's own text can quote a value from the
            // body (a token's value, where a string stood for something else).
            let what = match e.classify() {
                serde_json::error::Category::Io => "unreadable",
                serde_json::error::Category::Syntax => "not valid JSON",
                serde_json::error::Category::Data => "a value of the wrong type, or one missing",
                serde_json::error::Category::Eof => "cut short",
            };
            VendorError::BadResponse {
                message: format!(
                    "the vendor's reply (HTTP {}) was not the JSON expected: {what} at line {} column {}",
                    self.status.as_u16(),
                    e.line(),
                    e.column()
                ),
            }
        })
    }

    pub fn retry_after_secs(&self) -> Option<u64> {
        retry_after(&self.headers).map(|d| d.as_secs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_call_to_this_machine_makes_only_the_loopback_client() {
        let sim = scopekeeper_sim::start(scopekeeper_sim::SimConfig::default())
            .await
            .unwrap();
        let http = VendorHttp::new(HttpPolicy {
            max_attempts: 1,
            ..HttpPolicy::default()
        });
        let url = format!(
            "{}/api/v1/api-tokens/current",
            sim.handshake.mindbridge.base_url
        );
        let reply = http
            .send(Retry::Never, |c| c.get(&url).bearer_auth("not the token"))
            .await
            .unwrap();
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert!(http.clients.tls.get().is_some_and(Result::is_ok));
        assert!(http.clients.loopback.get().is_some_and(Result::is_ok));
        assert!(
            http.clients.client.get().is_none(),
            "the proxied client was made for a call to this machine"
        );
        // The proxied client, made now, takes the TLS connector already made.
        assert!(http.client(Route::Proxied).is_ok());
    }
}
