//! The Cortex, Bright and Manifest clients against the simulators over real HTTP on 127.0.0.1:
//! both auth levels, limits and quirks, faults, and the verify probes.

use scopekeeper_core::clock::{Clock, SystemClock};
use scopekeeper_core::secret::ExposeSecret;
use scopekeeper_core::vendor::cortex::{CxFilter, SecurityLevel};
use scopekeeper_core::vendor::*;
use scopekeeper_sim::Vendor;
use serde_json::json;

mod vendor_support;
use vendor_support::*;

#[tokio::test]
async fn cortex_generate_list_roles_delete_with_standard_auth() {
    let sim = sim().await;
    let admin = admin_cx(&sim);
    assert_eq!(admin.healthcheck().await.unwrap(), "available");
    let new = admin
        .generate(&gen(&["CLI Read-Only Custom"], SecurityLevel::Standard))
        .await
        .unwrap();
    assert_eq!(new.secret.expose_secret().len(), 128);
    let listed = admin.list(&[CxFilter::IdIn(vec![new.id])]).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].roles, vec!["CLI Read-Only Custom"]);
    let week = 7 * 24 * 3600 * 1000;
    let exp = listed[0].expiration.expect("a default expiration is set");
    assert!(
        (exp - listed[0].creation_time.unwrap() - week).abs() < 5000,
        "default is one week"
    );
    assert!(!serde_json::to_string(&listed)
        .unwrap()
        .contains(new.secret.expose_secret()));

    let child = cortex(
        &sim,
        new.id,
        new.secret.expose_secret(),
        SecurityLevel::Standard,
    );
    assert_eq!(child.healthcheck().await.unwrap(), "available");
    let roles = admin.get_roles(&listed[0].roles).await.unwrap();
    assert_eq!(roles[0].pretty_name, "CLI Read-Only Custom");
    assert_eq!(roles[0].permissions, vec!["CLI Tools View"]);
    assert!(
        admin.get_roles(&[]).await.unwrap().is_empty(),
        "an empty request is not sent"
    );

    assert_eq!(admin.delete(&[new.id]).await.unwrap().update_count, 1);
    let e = child.healthcheck().await.unwrap_err();
    assert!(
        matches!(e, VendorError::Unauthorized { .. }),
        "a deleted key is refused: {e:?}"
    );
    let own = admin
        .own_key()
        .await
        .unwrap()
        .expect("the admin key lists itself");
    assert_eq!(own.id, sim.handshake.cortex.api_key_id);
}

#[tokio::test]
async fn cortex_advanced_keys_authenticate_only_with_a_signed_nonce() {
    let sim = sim().await;
    let new = admin_cx(&sim)
        .generate(&gen(&["CLI Write Custom"], SecurityLevel::Advanced))
        .await
        .unwrap();
    let signed = cortex(
        &sim,
        new.id,
        new.secret.expose_secret(),
        SecurityLevel::Advanced,
    );
    assert_eq!(signed.healthcheck().await.unwrap(), "available");
    assert_eq!(
        signed.healthcheck().await.unwrap(),
        "available",
        "a fresh nonce each call"
    );
    let plain = cortex(
        &sim,
        new.id,
        new.secret.expose_secret(),
        SecurityLevel::Standard,
    );
    assert!(
        matches!(
            plain.healthcheck().await,
            Err(VendorError::Unauthorized { .. })
        ),
        "Standard auth is refused for an Advanced key"
    );

    // A replayed request (same nonce and timestamp) is refused.
    let nonce = "N".repeat(64);
    let ts = SystemClock.now_ms().to_string();
    let sig = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(format!(
            "{}{nonce}{ts}",
            new.secret.expose_secret()
        )))
    };
    let url = format!(
        "{}/public_api/v1/healthcheck",
        sim.handshake.cortex.base_url
    );
    let send = || {
        reqwest::Client::new()
            .get(&url)
            .header("x-xdr-auth-id", new.id.to_string())
            .header("x-xdr-nonce", &nonce)
            .header("x-xdr-timestamp", &ts)
            .header("authorization", &sig)
            .send()
    };
    assert_eq!(send().await.unwrap().status(), 200);
    assert_eq!(
        send().await.unwrap().status(),
        401,
        "a nonce is accepted once"
    );
}

#[tokio::test]
async fn cortex_limits_permissions_and_quirks() {
    let sim = sim().await;
    let admin = admin_cx(&sim);
    let mut too_long = gen(&["CLI"], SecurityLevel::Standard);
    too_long.expiration = Some(SystemClock.now_ms() + 200 * 24 * 3600 * 1000);
    let e = admin.generate(&too_long).await.unwrap_err();
    assert!(
        matches!(e, VendorError::Validation { ref message, ref problems } if message == "Invalid request data" && problems[0].contains("six months")),
        "{e:?}"
    );

    let reader = admin
        .generate(&gen(&["CLI Read-Only Custom"], SecurityLevel::Standard))
        .await
        .unwrap();
    let e = cortex(
        &sim,
        reader.id,
        reader.secret.expose_secret(),
        SecurityLevel::Standard,
    )
    .generate(&gen(&["CLI"], SecurityLevel::Standard))
    .await
    .unwrap_err();
    assert!(
        matches!(e, VendorError::Forbidden { permission: Some(ref p), .. } if p == "Public API View/Edit"),
        "{e:?}"
    );

    // Raw call: an empty role_names is a 500 (documented quirk), and lists are upper-case.
    let raw = |path: &str, body: serde_json::Value| {
        reqwest::Client::new()
            .post(format!(
                "{}/public_api/v1/{path}",
                sim.handshake.cortex.base_url
            ))
            .header("authorization", &sim.handshake.cortex.api_key)
            .header("x-xdr-auth-id", sim.handshake.cortex.api_key_id.to_string())
            .json(&body)
            .send()
    };
    assert_eq!(
        raw(
            "rbac/get_roles",
            json!({"request_data": {"role_names": []}})
        )
        .await
        .unwrap()
        .status(),
        500
    );
    let list: serde_json::Value = raw("api_keys/get_api_keys", json!({"request_data": {}}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        list["reply"]["DATA"].is_array() && list["reply"]["TOTAL_COUNT"].is_number(),
        "{list}"
    );
    let expired = admin
        .list(&[CxFilter::ExpirationAtMost(SystemClock.now_ms())])
        .await
        .unwrap();
    assert!(
        !expired.is_empty(),
        "the seeded tenant has an expired key, still listed"
    );
}

#[tokio::test]
async fn cortex_faults_map_and_reads_retry() {
    let sim = sim().await;
    let admin = admin_cx(&sim);
    fault(&sim, "cortex.list=429:1@1");
    admin.list(&[]).await.expect("retried after Retry-After");
    assert_eq!(sim.call_count(Vendor::Cortex, "list"), 2);
    fault(&sim, "cortex.generate=500@1");
    let e = admin
        .generate(&gen(&["CLI"], SecurityLevel::Standard))
        .await
        .unwrap_err();
    assert!(
        matches!(e, VendorError::Unavailable { status: 500, .. }),
        "{e:?}"
    );
    assert_eq!(
        sim.call_count(Vendor::Cortex, "generate"),
        1,
        "generate is never retried"
    );
    fault(&sim, "cortex.healthcheck=401@1");
    assert!(matches!(
        admin.healthcheck().await,
        Err(VendorError::Unauthorized { .. })
    ));
    fault(&sim, "cortex.healthcheck=malformed@1");
    assert!(matches!(
        admin.healthcheck().await,
        Err(VendorError::BadResponse { .. })
    ));
}

#[tokio::test]
async fn bright_verify_by_probe() {
    let sim = sim().await;
    let http = http();
    let base = check_base_url(&sim.handshake.bright.base_url).unwrap();
    let key = &sim.handshake.bright.api_key;
    assert_eq!(bright::check_key_format(key), Ok('a'));
    let ok = bright::verify(&http, &base, &secret(key)).await.unwrap();
    assert_eq!(
        ok,
        bright::BrightProbe {
            valid: true,
            can_read_projects: true
        }
    );

    let wrong = "abcdefg.nexp.abcdefghijklmnopqrstuvwxyz012345";
    assert!(bright::check_key_format(wrong).is_ok());
    let e = bright::verify(&http, &base, &secret(wrong))
        .await
        .unwrap_err();
    assert!(matches!(e, VendorError::Unauthorized { .. }), "{e:?}");

    // A key made in the (simulated) console without projects:read is valid but cannot probe.
    let made: serde_json::Value = reqwest::Client::new()
        .post(format!(
            "{}/_sim/console/api-keys",
            sim.handshake.bright.base_url
        ))
        .header("authorization", format!("api-key {key}"))
        .json(&json!({"name": "scanner", "kind": "personal", "scopes": ["scans:run"]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let narrow = made["key"].as_str().unwrap();
    assert_eq!(bright::check_key_format(narrow), Ok('p'));
    let probe = bright::verify(&http, &base, &secret(narrow)).await.unwrap();
    assert_eq!(
        probe,
        bright::BrightProbe {
            valid: true,
            can_read_projects: false
        }
    );

    fault(&sim, "bright.projects=503@3");
    assert!(matches!(
        bright::verify(&http, &base, &secret(key)).await,
        Err(VendorError::Unavailable { status: 503, .. })
    ));
}

#[tokio::test]
async fn manifest_verify_by_organization() {
    let sim = sim().await;
    let http = http();
    let base = check_base_url(&sim.handshake.manifest.base_url).unwrap();
    let org = manifest::verify(&http, &base, &secret(&sim.handshake.manifest.token))
        .await
        .unwrap();
    assert_eq!(org.name.as_deref(), Some("Sandbox Organization"));
    let e = manifest::verify(&http, &base, &secret("nope-nope-nope"))
        .await
        .unwrap_err();
    assert!(matches!(e, VendorError::Unauthorized { .. }), "{e:?}");
    fault(&sim, "manifest.organization=timeout");
    let e = manifest::verify(&http, &base, &secret(&sim.handshake.manifest.token))
        .await
        .unwrap_err();
    assert!(matches!(e, VendorError::Timeout { .. }), "{e:?}");
    assert_eq!(
        sim.call_count(Vendor::Manifest, "organization"),
        5,
        "1 + 1 + 3 attempts"
    );
}
