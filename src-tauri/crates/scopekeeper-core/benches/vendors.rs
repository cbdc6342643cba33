//! Vendor client benchmark against the simulators over loopback HTTP. Prints medians and the
//! ratios that say what Scopekeeper's own layer costs, all measured in this run:
//!
//! - a bare reqwest GET (no auth, no policy) vs the MindBridge client's `current()` (bearer auth,
//!   size-limited read, error mapping, JSON decode): the client's overhead ratio
//! - create (never retried) per token
//! - listing 1,000 tokens through 0-based pages of 100 (`query_all`)
//! - Cortex Advanced auth (nonce + SHA-256 per request) vs Standard
//!
//! Run with `make bench` (or `cargo bench -p scopekeeper-core --bench vendors`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use scopekeeper_core::clock::SystemClock;
use scopekeeper_core::secret::{ExposeSecret, SecretString};
use scopekeeper_core::vendor::cortex::{Cortex, CxGenerate, SecurityLevel};
use scopekeeper_core::vendor::mindbridge::{MbCreate, MindBridge};
use scopekeeper_core::vendor::{check_base_url, HttpPolicy, VendorHttp};
use scopekeeper_sim::{start, SimConfig};

async fn median_async<F, Fut, T>(runs: usize, mut f: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = T>,
{
    std::hint::black_box(f().await);
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        std::hint::black_box(f().await);
        times.push(start.elapsed());
    }
    times.sort();
    times[runs / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() {
    let sim = start(SimConfig::default())
        .await
        .expect("the simulator starts");
    let http = VendorHttp::new(HttpPolicy::default());
    let h = sim.handshake.clone();
    let mb = MindBridge::new(
        http.clone(),
        check_base_url(&h.mindbridge.base_url).unwrap(),
        SecretString::from(h.mindbridge.token.clone()),
    );

    let bare_client = reqwest::Client::new();
    let health = format!("{}/v1/health", h.manifest.base_url);
    let bare = median_async(400, || async {
        bare_client
            .get(&health)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap()
    })
    .await;
    let current = median_async(400, || async { mb.current().await.unwrap() }).await;
    println!(
        "bare loopback GET {}; MindBridge current() {} ({:.2}x the bare call)",
        ms(bare),
        ms(current),
        current.as_secs_f64() / bare.as_secs_f64()
    );

    let expiry = {
        let t = chrono::Utc::now() + chrono::Duration::days(30);
        format!("{}T00:00:00Z", t.date_naive())
    };
    let mut n = 0;
    let create = median_async(200, || {
        n += 1;
        let req = MbCreate {
            name: format!("bench-{n}"),
            expiry: expiry.clone(),
            permissions: vec!["api.tasks.read".into()],
            allowed_addresses: vec![],
        };
        let mb = &mb;
        async move { mb.create(&req).await.unwrap().secret.expose_secret().len() }
    })
    .await;
    println!("MindBridge create {} per token", ms(create));
    for i in 0..(1000 - 201 - 7) {
        let req = MbCreate {
            name: format!("fill-{i}"),
            expiry: expiry.clone(),
            permissions: vec!["api.tasks.read".into()],
            allowed_addresses: vec![],
        };
        mb.create(&req).await.unwrap();
    }
    let total = mb
        .query_page(&serde_json::json!({}), 0, 1)
        .await
        .unwrap()
        .total_elements;
    let all = median_async(20, || async {
        mb.query_all(&serde_json::json!({})).await.unwrap().len()
    })
    .await;
    println!(
        "MindBridge query_all of {total} tokens (pages of 100): {}",
        ms(all)
    );

    cortex_auth_levels(&http, &h).await;
}

/// Standard and Advanced authentication, on the same healthcheck.
async fn cortex_auth_levels(http: &VendorHttp, h: &scopekeeper_sim::Handshake) {
    let admin = Cortex::new(
        http.clone(),
        check_base_url(&h.cortex.base_url).unwrap(),
        h.cortex.api_key_id,
        SecretString::from(h.cortex.api_key.clone()),
        SecurityLevel::Standard,
        Arc::new(SystemClock),
    );
    let adv = admin
        .generate(&CxGenerate {
            roles: vec!["CLI".into()],
            security_level: SecurityLevel::Advanced,
            expiration: None,
            comment: None,
        })
        .await
        .unwrap();
    let advanced = Cortex::new(
        http.clone(),
        check_base_url(&h.cortex.base_url).unwrap(),
        adv.id,
        adv.secret,
        SecurityLevel::Advanced,
        Arc::new(SystemClock),
    );
    let std_t = median_async(400, || async { admin.healthcheck().await.unwrap() }).await;
    let adv_t = median_async(400, || async { advanced.healthcheck().await.unwrap() }).await;
    println!(
        "Cortex healthcheck: Standard {}, Advanced {} ({:.2}x)",
        ms(std_t),
        ms(adv_t),
        adv_t.as_secs_f64() / std_t.as_secs_f64()
    );
}
