//! The Cloudflare simulator's tests' shared calls: the account's token API and its zones,
//! called over real HTTP with one token.
#![allow(dead_code)]

use reqwest::header::HeaderMap;
use reqwest::{Client, Method, StatusCode};
use scopekeeper_sim::RunningSim;
use serde_json::Value;

/// One call: its status, headers and JSON body.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Reply {
    pub fn code(&self) -> (u16, Value) {
        (self.status.as_u16(), self.body["errors"][0]["code"].clone())
    }
}

/// The account's token API, called with one token.
pub struct Account<'a> {
    pub sim: &'a RunningSim,
}

impl Account<'_> {
    pub fn base(&self) -> &str {
        &self.sim.handshake.cloudflare.base_url
    }

    pub fn admin(&self) -> &str {
        &self.sim.handshake.cloudflare.token
    }

    pub fn key(&self) -> String {
        format!(
            "com.cloudflare.api.account.{}",
            self.sim.handshake.cloudflare.account_id
        )
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> Reply {
        let mut rb = Client::new()
            .request(method, format!("{}{path}", self.base()))
            .bearer_auth(token);
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        let r = rb.send().await.unwrap();
        let (status, headers) = (r.status(), r.headers().clone());
        Reply {
            status,
            headers,
            body: r.json().await.unwrap(),
        }
    }

    pub async fn get(&self, path: &str, token: &str) -> Reply {
        self.call(Method::GET, path, token, None).await
    }

    /// A permission group's id, by name and scope.
    pub async fn group(&self, name: &str, scope: &str) -> String {
        let r = self.get("/tokens/permission_groups", self.admin()).await;
        assert_eq!(r.status, 200, "{}", r.body);
        let list = r.body["result"].as_array().unwrap();
        assert!(
            list.iter()
                .all(|g| g["scopes"][0] != "com.cloudflare.api.user"),
            "an account lists no user groups"
        );
        list.iter()
            .find(|g| g["name"] == name && g["scopes"][0] == scope)
            .unwrap_or_else(|| panic!("no group {name}"))["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// Creates a token by the admin; its id and value.
    pub async fn create(&self, body: Value) -> (String, String) {
        let r = self
            .call(Method::POST, "/tokens", self.admin(), Some(body))
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        let t = &r.body["result"];
        (
            t["id"].as_str().unwrap().to_owned(),
            t["value"].as_str().unwrap().to_owned(),
        )
    }
}

impl Account<'_> {
    /// `GET /client/v4/zones?{query}` with `token`.
    pub async fn zones(&self, query: &str, token: &str) -> Reply {
        self.at_root("zones", query, token).await
    }

    /// `GET /client/v4/{path}?{query}` with `token`.
    pub async fn at_root(&self, path: &str, query: &str, token: &str) -> Reply {
        let url = format!("{}/cloudflare/client/v4/{path}?{query}", self.sim.origin());
        let r = Client::new()
            .get(url)
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        let (status, headers) = (r.status(), r.headers().clone());
        Reply {
            status,
            headers,
            body: r.json().await.unwrap(),
        }
    }

    /// The zone names a listing shows.
    pub fn zone_names(r: &Reply) -> Vec<&str> {
        r.body["result"]
            .as_array()
            .unwrap()
            .iter()
            .map(|z| z["name"].as_str().unwrap())
            .collect()
    }
}
