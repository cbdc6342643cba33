//! `scopekeeper audit` against tenants that page without end: a loopback server written here
//! answers MindBridge's listing with oversized pages, the same page again, or full pages for
//! ever. Each such connection fails on its own line, the simulator's connections beside them
//! are reported, the run ends and its peak memory stays bounded; `audit.toml` sets the most
//! tokens a connection may list. The peak memory of an audit of 10,000 sandbox tokens is
//! measured too.

use std::process::{Output, Stdio};

use scopekeeper_sim::{start, RunningSim, SimConfig};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

mod support;
use support::keyring::{add, add_cloudflare, add_cortex, add_github, add_gitlab, PrivateKeyring};
use support::out;

/// The peak memory every run here must stay under (the goal for 10,000 tokens is 300 MB).
const MAX_RSS_KB: u64 = 300 * 1024;

/// How a hostile tenant answers a query for a page.
#[derive(Clone, Copy)]
enum Paging {
    /// 5,000 tokens in every page (within the reply size limit), whatever size was asked for.
    Oversized,
    /// The same full page whatever page was asked for.
    Repeating,
    /// A full page of new tokens for every page asked for.
    Endless,
}

fn token(id: &str) -> Value {
    json!({"id": id, "version": 1, "name": id, "expiry": "2030-01-01T00:00:00Z",
           "permissions": ["api.api-tokens.read"]})
}

fn page_body(paging: Paging, page: usize, size: usize) -> Value {
    let ids: Vec<String> = match paging {
        Paging::Oversized => (0..5_000).map(|i| format!("o{page}-{i}")).collect(),
        Paging::Repeating => (0..size).map(|i| format!("r{i}")).collect(),
        Paging::Endless => (0..size).map(|i| format!("e{}", page * size + i)).collect(),
    };
    json!({"pageNumber": page, "totalPages": 1_000_000, "totalElements": 100_000_000,
           "content": ids.iter().map(|id| token(id)).collect::<Vec<_>>()})
}

/// The value of `name` in a request target's query.
fn query_param(target: &str, name: &str) -> Option<usize> {
    let (_, query) = target.split_once('?')?;
    query
        .split('&')
        .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))?
        .parse()
        .ok()
}

/// Answers one keep-alive connection's requests until the client closes it.
async fn serve(mut stream: TcpStream, paging: Paging) {
    let mut buf = Vec::new();
    loop {
        let head_end = loop {
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            let mut chunk = [0u8; 8192];
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
        let length: usize = head
            .lines()
            .find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.eq_ignore_ascii_case("content-length")
                    .then(|| v.trim().parse().ok())?
            })
            .unwrap_or(0);
        while buf.len() < head_end + length {
            let mut chunk = [0u8; 8192];
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        buf.drain(..head_end + length);
        let target = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
        let (status, body) = if target.starts_with("/api/v1/api-tokens/current") {
            ("200 OK", token("self").to_string())
        } else if target.starts_with("/api/v1/api-tokens/query") {
            let page = query_param(&target, "page").unwrap_or(0);
            let size = query_param(&target, "size").unwrap_or(100);
            ("200 OK", page_body(paging, page, size).to_string())
        } else {
            ("404 Not Found", json!({"title": "not found"}).to_string())
        };
        let reply = format!(
            "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        );
        if stream.write_all(reply.as_bytes()).await.is_err() {
            return;
        }
    }
}

/// A hostile tenant on a loopback port; its base URL.
async fn hostile(paging: Paging) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(serve(stream, paging));
        }
    });
    format!("http://{addr}")
}

/// A simulator seeded with `seed` more tokens, and a MindBridge and a Cortex connection to it.
async fn simulated(k: &PrivateKeyring, seed: usize) -> (RunningSim, String, String) {
    let sim = start(SimConfig {
        seed_tokens: seed,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let h = sim.handshake.clone();
    let mb = add(
        k,
        &[
            "--vendor",
            "mindbridge",
            "--label",
            "MB prod",
            "--base-url",
            &h.mindbridge.base_url,
        ],
        &h.mindbridge.token,
    );
    let cx = add_cortex(k, &h);
    (sim, mb, cx)
}

/// `scopekeeper audit --json` under `/usr/bin/time -v`, stopped after 5 minutes: its output
/// and its peak resident memory (KiB).
async fn measured_audit(k: &PrivateKeyring) -> (Output, u64) {
    let mut cmd = k.command("timeout");
    cmd.args(["300", "/usr/bin/time", "-v"])
        .arg(env!("CARGO_BIN_EXE_scopekeeper"))
        .args(["audit", "--json"])
        .stdin(Stdio::null());
    let o = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    assert_ne!(o.status.code(), Some(124), "the audit never ended");
    let stderr = String::from_utf8_lossy(&o.stderr);
    let rss = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no peak memory from /usr/bin/time: {stderr}"));
    (o, rss)
}

fn outcome<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["connection_id"] == id)
        .unwrap_or_else(|| panic!("no outcome for {id}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_listings_fail_alone_and_the_audit_ends_with_memory_bounded() {
    let k = PrivateKeyring::start();
    let (_sim, mb, cx) = simulated(&k, 60).await;
    let mut hostile_ids = Vec::new();
    for (label, paging, says) in [
        (
            "Oversized pages",
            Paging::Oversized,
            "where 100 were asked for",
        ),
        (
            "Repeated page",
            Paging::Repeating,
            "repeated tokens already listed",
        ),
        (
            "Endless listing",
            Paging::Endless,
            "more than 200000 tokens",
        ),
    ] {
        let base = hostile(paging).await;
        let id = add(
            &k,
            &[
                "--vendor",
                "mindbridge",
                "--label",
                label,
                "--base-url",
                &base,
            ],
            "hostile-tenant-token-0000000000000000000000000000",
        );
        hostile_ids.push((id, label, says));
    }

    let (o, rss_kb) = measured_audit(&k).await;
    eprintln!("peak memory of the hostile audit: {} MiB", rss_kb / 1024);
    assert_eq!(o.status.code(), Some(0), "no --fail-on: {}", out(&o));
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    for (id, label, says) in &hostile_ids {
        let failed = outcome(&report, id);
        assert_eq!(failed["error"]["kind"], "vendor_bad_response", "{label}");
        assert_eq!(failed["tokens"], 0, "{label}: nothing read is kept");
        let message = failed["error"]["message"].as_str().unwrap();
        assert!(message.contains(says), "{label}: {message}");
        let line = stderr
            .lines()
            .find(|l| l.contains(&format!("\u{201c}{label}\u{201d}")))
            .unwrap_or_else(|| panic!("{label} is not named on stderr: {stderr}"));
        assert!(
            line.contains(message),
            "{label} fails on its own line: {line}"
        );
    }
    let rows = report["assessment"]["rows"].as_array().unwrap();
    for good in [&mb, &cx] {
        let kept = outcome(&report, good);
        assert!(kept["error"].is_null(), "{kept}");
        let n = kept["tokens"].as_u64().unwrap();
        assert!(n > 20, "{n} tokens");
        let in_rows = rows
            .iter()
            .filter(|r| r["token"]["connection_id"] == good.as_str())
            .count();
        assert_eq!(
            in_rows as u64, n,
            "the good connection's tokens are reported"
        );
    }
    assert_eq!(rows.len() as u64, {
        let n = |id: &str| outcome(&report, id)["tokens"].as_u64().unwrap();
        n(&mb) + n(&cx)
    });
    assert!(rss_kb < MAX_RSS_KB, "peak memory {} MiB", rss_kb / 1024);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_toml_sets_the_most_tokens_a_connection_may_list() {
    let k = PrivateKeyring::start();
    let (_sim, mb, cx) = simulated(&k, 60).await;
    let o = k.sk(&["audit", "--json"], "");
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    let n = |r: &Value, id: &str| outcome(r, id)["tokens"].as_u64().unwrap();
    let (n_mb, n_cx) = (n(&report, &mb), n(&report, &cx));
    assert_ne!(n_mb, n_cx, "the seeded tenants differ in size");
    let (larger, smaller) = if n_mb > n_cx { (&mb, &cx) } else { (&cx, &mb) };
    let cap = n_mb.min(n_cx);
    std::fs::write(
        k.app_dir("config").join("audit.toml"),
        format!("max_tokens_per_connection = {cap}\n"),
    )
    .unwrap();

    let o = k.sk(&["audit", "--json"], "");
    let report: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{}", out(&o)));
    let over = outcome(&report, larger);
    assert_eq!(over["tokens"], 0);
    let message = over["error"]["message"].as_str().unwrap();
    assert!(
        message.contains(&format!("more than {cap} tokens"))
            && message.contains("max_tokens_per_connection"),
        "{message}"
    );
    let at = outcome(&report, smaller);
    assert!(
        at["error"].is_null(),
        "exactly the most allowed is read: {at}"
    );
    assert_eq!(at["tokens"], cap);

    // One fewer: both vendors' listings (MindBridge's pages, Cortex's single reply) stop.
    std::fs::write(
        k.app_dir("config").join("audit.toml"),
        format!("max_tokens_per_connection = {}\n", cap - 1),
    )
    .unwrap();
    let o = k.sk(&["audit", "--json"], "");
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    for id in [&mb, &cx] {
        let over = outcome(&report, id);
        assert_eq!(over["error"]["kind"], "vendor_bad_response", "{over}");
        assert_eq!(over["tokens"], 0);
    }
    assert_eq!(report["assessment"]["rows"].as_array().unwrap().len(), 0);

    std::fs::write(
        k.app_dir("config").join("audit.toml"),
        "max_tokens_per_connection = 0\n",
    )
    .unwrap();
    let o = k.sk(&["audit", "--json"], "");
    assert_ne!(o.status.code(), Some(0));
    assert!(
        out(&o).contains("max_tokens_per_connection must be between 1 and"),
        "{}",
        out(&o)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_audit_of_ten_thousand_tokens_stays_under_300_mb() {
    let k = PrivateKeyring::start();
    let (sim, mb, cx) = simulated(&k, 10_000).await;
    // A fifth of the seeded tokens are Cloudflare's, a tenth each GitLab's and GitHub's.
    let cf = add_cloudflare(&k, &sim.handshake);
    let gl = add_gitlab(&k, &sim.handshake);
    let gh = add_github(&k, &sim.handshake);
    let (o, rss_kb) = measured_audit(&k).await;
    eprintln!(
        "peak memory of an audit of 10,000 tokens: {} MiB",
        rss_kb / 1024
    );
    let report: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{}", out(&o)));
    let total: u64 = [&mb, &cx, &cf, &gl, &gh]
        .iter()
        .map(|id| {
            let o = outcome(&report, id);
            assert!(o["error"].is_null(), "{o}");
            o["tokens"].as_u64().unwrap()
        })
        .sum();
    // GitLab's revoked tokens (a few percent of its thousand) are history, not inventory.
    assert!(total >= 9_900, "{total} tokens read");
    assert!(rss_kb < MAX_RSS_KB, "peak memory {} MiB", rss_kb / 1024);
}
