//! `/_sim/faults` and `/_sim/calls` exist only with the `test-hooks` feature: with it they
//! answer the handshake's control token; without it (the app's release build) they are 404,
//! control token or not. `make test` runs this file both ways.

use scopekeeper_sim::{start, SimConfig};

#[tokio::test]
async fn the_control_endpoints_answer_only_in_a_build_with_test_hooks() {
    let sim = start(SimConfig::default()).await.unwrap();
    let auth = format!("Bearer {}", sim.handshake.control_token);
    let http = reqwest::Client::new();
    let calls = status(http.get(format!("{}/_sim/calls", sim.origin())), &auth).await;
    let fault = status(
        http.post(format!("{}/_sim/faults", sim.origin()))
            .body("mindbridge.current=500"),
        &auth,
    )
    .await;
    let cleared = status(http.delete(format!("{}/_sim/faults", sim.origin())), &auth).await;
    let with_hooks = cfg!(feature = "test-hooks");
    let expected = if with_hooks {
        [200, 201, 204]
    } else {
        [404, 404, 404]
    };
    assert_eq!(
        [calls, fault, cleared],
        expected,
        "test-hooks: {with_hooks}"
    );
    // The vendors themselves are served either way (the sandbox stays).
    let health = http
        .get(format!("{}/v1/health", sim.handshake.manifest.base_url))
        .send()
        .await
        .unwrap()
        .status();
    assert_ne!(health.as_u16(), 404);
}

/// The status `req` answers with, sent with the control token's `auth` header.
async fn status(req: reqwest::RequestBuilder, auth: &str) -> u16 {
    req.header("authorization", auth)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}
