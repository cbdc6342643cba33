//! Loopback calls never go through a proxy from the environment; calls to a vendor do. Its own
//! test binary: it sets `HTTP_PROXY`/`HTTPS_PROXY`/`ALL_PROXY` for the whole process before any
//! client is built.

use std::time::Duration;

use scopekeeper_core::secret::SecretString;
use scopekeeper_core::vendor::mindbridge::MindBridge;
use scopekeeper_core::vendor::{check_base_url, HttpPolicy, VendorHttp};
use scopekeeper_sim::{start, SimConfig};

#[tokio::test]
async fn a_call_to_this_machine_ignores_the_environments_proxy() {
    // A "proxy" that records whether anything connected to it.
    let proxy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    proxy.set_nonblocking(true).unwrap();
    let proxy_url = format!("http://{}", proxy.local_addr().unwrap());
    for var in [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
    ] {
        std::env::set_var(var, &proxy_url);
    }
    std::env::remove_var("NO_PROXY");
    std::env::remove_var("no_proxy");

    let sim = start(SimConfig::default()).await.unwrap();
    let http = VendorHttp::new(HttpPolicy {
        timeout: Duration::from_secs(3),
        max_attempts: 1,
        ..HttpPolicy::default()
    });
    for base in [
        sim.handshake.mindbridge.base_url.clone(),
        sim.handshake
            .mindbridge
            .base_url
            .replace("127.0.0.1", "localhost"),
    ] {
        let mb = MindBridge::new(
            http.clone(),
            check_base_url(&base).unwrap(),
            SecretString::from(sim.handshake.mindbridge.token.clone()),
        );
        let me = mb.current().await.unwrap_or_else(|e| panic!("{base}: {e}"));
        assert_eq!(me.name, "Scopekeeper sandbox admin");
    }
    assert!(
        matches!(proxy.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "nothing reached the proxy"
    );

    // A call that leaves this machine keeps the environment's proxy (the listener never
    // answers, so the call fails; it must have connected there all the same).
    let away = MindBridge::new(
        http.clone(),
        check_base_url("https://api.vendor.invalid").unwrap(),
        SecretString::from("not-a-real-credential".to_string()),
    );
    assert!(away.current().await.is_err(), "the silent proxy answered");
    assert!(
        proxy.accept().is_ok(),
        "a call to a vendor bypassed the environment's proxy"
    );
}
