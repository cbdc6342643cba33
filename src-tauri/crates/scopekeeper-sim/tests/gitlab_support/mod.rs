//! Calls to the GitLab simulator's API for its tests: a token per call, replies with their
//! status, headers and body.

#![allow(dead_code)]

use reqwest::header::HeaderMap;
use reqwest::{Client, Method, StatusCode};
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
}

/// The instance's API, called with one token or another.
pub struct Api<'a> {
    pub sim: &'a RunningSim,
}

impl Api<'_> {
    pub fn admin(&self) -> &str {
        &self.sim.handshake.gitlab.token
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> Reply {
        let mut rb = Client::new()
            .request(
                method,
                format!("{}{path}", self.sim.handshake.gitlab.api_url),
            )
            .header("private-token", token);
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

    pub async fn get(&self, path: &str, token: &str) -> Reply {
        self.call(Method::GET, path, token, None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Reply {
        self.call(Method::POST, path, token, Some(body)).await
    }

    /// Creates a token (201 expected); its record with `token`.
    pub async fn made(&self, path: &str, token: &str, body: Value) -> Value {
        let r = self.post(path, token, body).await;
        assert_eq!(r.status, 201, "{}", r.body);
        r.body
    }

    /// A personal token for `user` made by the administrator; its value.
    pub async fn personal(&self, user: u64, scopes: &[&str]) -> String {
        let body = json!({ "name": format!("for {user}"), "scopes": scopes });
        let path = format!("/users/{user}/personal_access_tokens");
        secret(&self.made(&path, self.admin(), body).await)
    }
}

pub fn secret(record: &Value) -> String {
    record["token"].as_str().unwrap().to_owned()
}

pub fn in_days(days: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(days)).to_string()
}

/// The names in a list reply, in order.
pub fn names(r: &Reply) -> Vec<String> {
    r.body
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_owned())
        .collect()
}
