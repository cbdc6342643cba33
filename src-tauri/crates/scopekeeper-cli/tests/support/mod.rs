//! What the CLI tests share: running the binary as a user runs it.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

pub fn sk(args: &[&str]) -> Output {
    // An empty imported-catalogs dir: the developer's own imports never leak into a test.
    let none = std::env::temp_dir().join("scopekeeper-cli-test-no-imports");
    Command::new(env!("CARGO_BIN_EXE_scopekeeper"))
        .args(args)
        .env("SCOPEKEEPER_CATALOG_DIR", none)
        .output()
        .expect("run scopekeeper")
}

/// What `o` printed: its stdout, then its stderr.
pub fn out(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    let o = sk(&all);
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "{args:?} did not print JSON ({e}): {}{}",
            stdout(&o),
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

pub fn bench(file: &str) -> PathBuf {
    let shared = std::env::var_os("SCOPEKEEPER_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../../shared"));
    let p = shared.join("catalogs/bench").join(file);
    assert!(
        p.is_file(),
        "bench catalog {} is needed (set SCOPEKEEPER_SHARED to the shared/ folder)",
        p.display()
    );
    p
}

pub mod keyring;

/// The project's tokens that are not revoked, paged from the simulator independently of the
/// app's client (20 a page, following `x-next-page`).
pub async fn gitlab_live_tokens(h: &scopekeeper_sim::GitLabAccess) -> usize {
    let (mut page, mut live) = ("1".to_owned(), 0);
    while !page.is_empty() {
        let r = reqwest::Client::new()
            .get(format!("{}/access_tokens?page={page}", h.base_url))
            .header("private-token", &h.token)
            .send()
            .await
            .unwrap();
        page = r.headers()["x-next-page"].to_str().unwrap().to_owned();
        let rows: Vec<Value> = r.json().await.unwrap();
        live += rows.iter().filter(|t| t["revoked"] == false).count();
    }
    live
}

/// The grants the organization lists, paged from the simulator independently of the app's
/// client (30 a page, following `Link: rel="next"`), read with an installation token made
/// here from the App's JWT.
pub async fn github_live_grants(h: &scopekeeper_sim::GitHubAccess) -> usize {
    use scopekeeper_core::secret::{ExposeSecret, SecretString};
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let jwt = scopekeeper_core::vendor::github::app_jwt(
        &SecretString::from(h.token.clone()),
        h.app_id as i64,
        now,
    )
    .unwrap();
    let http = reqwest::Client::new();
    let made: Value = http
        .post(format!(
            "{}/app/installations/{}/access_tokens",
            h.api_url, h.installation_id
        ))
        .bearer_auth(jwt.expose_secret())
        .header("user-agent", "scopekeeper-test")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = made["token"].as_str().unwrap().to_owned();
    let mut next = Some(format!("{}/personal-access-tokens", h.base_url));
    let mut n = 0;
    while let Some(url) = next.take() {
        let r = http
            .get(&url)
            .bearer_auth(&token)
            .header("user-agent", "scopekeeper-test")
            .send()
            .await
            .unwrap();
        next = r
            .headers()
            .get("link")
            .and_then(|v| v.to_str().ok())
            .and_then(|l| {
                l.split(',')
                    .find(|p| p.contains("rel=\"next\""))
                    .and_then(|p| p.split(['<', '>']).nth(1))
                    .map(str::to_owned)
            });
        n += r.json::<Vec<Value>>().await.unwrap().len();
    }
    n
}

/// `(connection, token id, rule, severity, points)` of every finding of a JSON report.
pub fn findings(
    report: &Value,
) -> std::collections::BTreeSet<(String, String, String, String, u64)> {
    let mut out = std::collections::BTreeSet::new();
    for row in report["assessment"]["rows"].as_array().unwrap() {
        for f in row["findings"].as_array().unwrap() {
            out.insert((
                row["token"]["connection_id"].as_str().unwrap().to_owned(),
                f["token_id"].as_str().unwrap().to_owned(),
                f["rule"].as_str().unwrap().to_owned(),
                f["severity"].as_str().unwrap().to_owned(),
                f["points"].as_u64().unwrap(),
            ));
        }
    }
    out
}

/// The rows of one connection in a JSON report.
pub fn rows_of(report: &Value, connection: &str) -> usize {
    report["assessment"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["token"]["connection_id"] == connection)
        .count()
}
