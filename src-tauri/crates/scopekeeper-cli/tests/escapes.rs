//! Terminal escapes a vendor puts in a token's name never reach the terminal: `connections
//! test` and `audit` (text and CSV to standard output) print them escaped as `\u{1b}`, and a
//! CSV written with `--out` keeps the exact bytes.

mod support;
use support::keyring::PrivateKeyring;

use std::process::Output;

use scopekeeper_core::secret::SecretString;
use scopekeeper_core::vendor::mindbridge::MindBridge;
use scopekeeper_core::vendor::{check_base_url, HttpPolicy, VendorHttp};
use scopekeeper_sim::{start, SimConfig};

/// A name that would retitle the window and clear the screen if printed raw.
const HOSTILE: &str = "ci\u{1b}]0;pwned\u{7}\u{1b}[2J\u{202e}";
const ESCAPED: &str = "ci\\u{1b}]0;pwned\\u{7}\\u{1b}[2J\\u{202e}";

/// ESC, BEL or a raw right-to-left override (UTF-8 `E2 80 AE`) in the output.
fn raw_control(o: &Output) -> bool {
    [&o.stdout, &o.stderr].iter().any(|b| {
        b.iter().any(|&c| c == 0x1b || c == 0x07)
            || b.windows(3).any(|w| w == "\u{202e}".as_bytes())
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vendor_supplied_names_are_printed_escaped_everywhere() {
    let sim = start(SimConfig::default()).await.unwrap();
    let h = &sim.handshake.mindbridge;
    let mb = MindBridge::new(
        VendorHttp::new(HttpPolicy::default()),
        check_base_url(&h.base_url).unwrap(),
        SecretString::from(h.token.clone()),
    );
    let me = mb.current().await.unwrap();
    mb.rename(&me.id, me.version, HOSTILE).await.unwrap();

    let k = PrivateKeyring::start();
    let added = k.sk(
        &[
            "connections",
            "add",
            "--vendor",
            "mindbridge",
            "--label",
            "MB",
            "--base-url",
            &h.base_url,
        ],
        &h.token,
    );
    assert!(added.status.success());
    let id = k.sk(&["connections", "list", "--json"], "");
    let id: serde_json::Value = serde_json::from_slice(&id.stdout).unwrap();
    let id = id[0]["id"].as_str().unwrap().to_owned();

    let tested = k.sk(&["connections", "test", &id], "");
    assert!(tested.status.success());
    let text = String::from_utf8_lossy(&tested.stdout);
    assert!(!raw_control(&tested), "raw escape in: {text:?}");
    assert!(text.contains(ESCAPED), "{text}");

    for format in ["text", "csv"] {
        let o = k.sk(&["audit", "--format", format], "");
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(!raw_control(&o), "{format}: raw escape in {text:?}");
        assert!(text.contains(ESCAPED), "{format}: {text}");
    }
    // JSON and SARIF on standard output stay valid JSON holding the exact name.
    for format in ["json", "sarif"] {
        let o = k.sk(&["audit", "--format", format], "");
        assert!(!raw_control(&o), "{format}: raw escape");
        let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert!(report.to_string().contains("pwned"), "{format}");
        assert!(
            serde_json::to_string(&report)
                .unwrap()
                .contains("\\u001b]0;pwned\\u0007\\u001b[2J\u{202e}"),
            "{format}: the name decodes exactly"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("audit.csv");
    let o = k.sk(
        &["audit", "--format", "csv", "--out", file.to_str().unwrap()],
        "",
    );
    assert!(o.status.success());
    let csv = std::fs::read_to_string(&file).unwrap();
    assert!(
        csv.contains(HOSTILE),
        "the file keeps the vendor's exact name"
    );
}
