//! Calls to the GitHub simulator's API for its tests: JWTs signed with the App's key (tests may
//! sign; the simulator never does), installation tokens, replies with status, headers and body.

#![allow(dead_code)]

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use reqwest::header::HeaderMap;
use reqwest::{Client, Method, StatusCode};
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey, LineEnding};
use rsa::pkcs1v15::SigningKey;
use rsa::rand_core::{CryptoRng, RngCore};
use rsa::sha2::Sha256;
use rsa::signature::{SignatureEncoding, Signer};
use rsa::RsaPrivateKey;
use scopekeeper_sim::RunningSim;
use serde_json::{json, Value};

/// One call: its status, headers and body (JSON when it is JSON, else the text as a string).
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Reply {
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).map_or("", |v| v.to_str().unwrap())
    }

    pub fn has(&self, name: &str) -> bool {
        self.headers.contains_key(name)
    }
}

/// Unix seconds now.
pub fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A JWT with `header` and `claims`, signed RS256 with `key`.
pub fn sign(key: &RsaPrivateKey, header: Value, claims: Value) -> String {
    let head = format!(
        "{}.{}",
        b64(header.to_string().as_bytes()),
        b64(claims.to_string().as_bytes())
    );
    let sig = SigningKey::<Sha256>::new(key.clone()).sign(head.as_bytes());
    format!("{head}.{}", b64(&sig.to_bytes()))
}

pub fn rs256() -> Value {
    json!({ "alg": "RS256", "typ": "JWT" })
}

/// The GitHub simulator, called with one credential or another.
pub struct Api<'a> {
    pub sim: &'a RunningSim,
}

impl Api<'_> {
    /// The App's key, from the handshake's PEM.
    pub fn app_key(&self) -> RsaPrivateKey {
        RsaPrivateKey::from_pkcs1_pem(&self.sim.handshake.github.token).unwrap()
    }

    /// A JWT with these claims, signed with the App's key.
    pub fn jwt_with(&self, claims: Value) -> String {
        sign(&self.app_key(), rs256(), claims)
    }

    /// A valid JWT: issued 30 seconds ago, for nine minutes, by app 1001.
    pub fn jwt(&self) -> String {
        let now = unix_now();
        self.jwt_with(json!({ "iat": now - 30, "exp": now + 540, "iss": 1001 }))
    }

    pub fn classic(&self) -> &str {
        &self.sim.handshake.github.classic_token
    }

    pub fn fine_grained(&self) -> &str {
        &self.sim.handshake.github.fine_grained_token
    }

    pub async fn call(&self, method: Method, path: &str, auth: &str, body: Option<Value>) -> Reply {
        let url = format!("{}{path}", self.sim.handshake.github.api_url);
        call_url(method, &url, auth, body).await
    }

    pub async fn get(&self, path: &str, auth: &str) -> Reply {
        self.call(Method::GET, path, auth, None).await
    }

    pub async fn post(&self, path: &str, auth: &str, body: Value) -> Reply {
        self.call(Method::POST, path, auth, Some(body)).await
    }

    /// `POST /app/installations/5001/access_tokens` with `body`.
    pub async fn mint(&self, body: Value) -> Reply {
        let jwt = self.jwt();
        self.post("/app/installations/5001/access_tokens", &jwt, body)
            .await
    }

    /// Revokes the grant `pat_id`.
    pub async fn revoke(&self, token: &str, pat_id: u64) -> Reply {
        let body = json!({ "action": "revoke" });
        self.post(&format!("{LIST}/{pat_id}"), token, body).await
    }

    /// The token names of every grant listed (one page of 100).
    pub async fn listed(&self, token: &str) -> Vec<String> {
        names(&self.get(&format!("{LIST}?per_page=100"), token).await)
    }

    /// An installation token with the installation's permissions.
    pub async fn installation_token(&self) -> String {
        let r = self.mint(json!({})).await;
        assert_eq!(r.status, 201, "{}", r.body);
        r.body["token"].as_str().unwrap().to_owned()
    }
}

/// A call to a full URL (a `Link` one).
pub async fn call_url(method: Method, url: &str, auth: &str, body: Option<Value>) -> Reply {
    let mut rb = Client::new()
        .request(method, url)
        .header("accept", "application/vnd.github+json")
        .header("x-github-api-version", "2022-11-28");
    if !auth.is_empty() {
        rb = rb.bearer_auth(auth);
    }
    if let Some(b) = body {
        rb = rb.json(&b);
    }
    let r = rb.send().await.unwrap();
    let (status, headers) = (r.status(), r.headers().clone());
    let text = r.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    Reply {
        status,
        headers,
        body,
    }
}

/// The organisation's list of fine-grained tokens.
pub const LIST: &str = "/orgs/acme/personal-access-tokens";

/// Every grant, following `Link: rel="next"`; the pages seen.
pub async fn every_grant(api: &Api<'_>, token: &str, query: &str) -> (Vec<Value>, usize) {
    let mut url = format!("{}{LIST}?{query}", api.sim.handshake.github.api_url);
    let (mut all, mut pages) = (Vec::new(), 0);
    loop {
        let r = call_url(Method::GET, &url, token, None).await;
        assert_eq!(r.status, 200, "{}", r.body);
        pages += 1;
        all.extend(r.body.as_array().unwrap().iter().cloned());
        let rels = links(r.header("link"));
        let has = |rel: &str| rels.iter().any(|(r, _)| r == rel);
        assert_eq!(has("prev") || has("first"), pages > 1, "{rels:?}");
        match rels.into_iter().find(|(rel, _)| rel == "next") {
            Some((_, next)) => url = next,
            None => return (all, pages),
        }
    }
}

/// The `rel` links of a `Link` header: `(rel, url)`.
pub fn links(link: &str) -> Vec<(String, String)> {
    link.split(", ")
        .filter(|s| !s.is_empty())
        .map(|part| {
            let (url, rel) = part.split_once("; rel=").unwrap();
            (
                rel.trim_matches('"').to_owned(),
                url.trim_matches(|c| c == '<' || c == '>').to_owned(),
            )
        })
        .collect()
}

/// The token names in a grant list.
pub fn names(r: &Reply) -> Vec<String> {
    r.body
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["token_name"].as_str().unwrap().to_owned())
        .collect()
}

/// The operating system's random source, for a second key.
struct OsRandom;

impl RngCore for OsRandom {
    fn next_u32(&mut self) -> u32 {
        self.next_u64() as u32
    }

    fn next_u64(&mut self) -> u64 {
        let mut b = [0u8; 8];
        self.fill_bytes(&mut b);
        u64::from_le_bytes(b)
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        getrandom::fill(dest).unwrap();
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rsa::rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl CryptoRng for OsRandom {}

/// A new RSA key as PKCS#1 PEM, other than the simulator's own.
pub fn other_key_pem() -> String {
    let key = RsaPrivateKey::new(&mut OsRandom, 2048).unwrap();
    key.to_pkcs1_pem(LineEnding::LF).unwrap().to_string()
}
