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
