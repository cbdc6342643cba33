//! Vendor clients against the simulators over real HTTP on 127.0.0.1: every documented
//! behaviour the app relies on, and every fault mode (each test names the one it proves).
use std::time::Duration;

use scopekeeper_core::secret::ExposeSecret;
use scopekeeper_core::vendor::*;
use scopekeeper_sim::Vendor;
use serde_json::json;

mod vendor_support;
use vendor_support::*;

#[tokio::test]
async fn mindbridge_token_lifecycle_create_list_get_rename_delete() {
    let sim = sim().await;
    let admin = admin_mb(&sim);
    let created = admin
        .create(&mb_create(
            "ci-read-new",
            &["api.engagements.read", "api.analyses.read"],
        ))
        .await
        .expect("create succeeds");
    assert!(!created.secret.expose_secret().is_empty());
    assert_eq!(created.token.version, 0);
    assert_eq!(sim.call_count(Vendor::MindBridge, "create"), 1);

    // The new token works and knows its own permissions.
    let itself = mindbridge(&sim, created.secret.expose_secret())
        .current()
        .await
        .expect("new token authenticates");
    assert_eq!(itself.id, created.token.id);
    assert_eq!(
        itself.permissions,
        vec!["api.engagements.read", "api.analyses.read"]
    );

    // Listed by the vendor, never with its secret.
    let all = admin.query_all(&json!({})).await.unwrap();
    assert!(
        all.iter().any(|t| t.id == created.token.id),
        "the new token is listed"
    );
    let listed = serde_json::to_string(&all).unwrap();
    assert!(
        !listed.contains(created.secret.expose_secret()),
        "a list never carries a secret"
    );

    let got = admin.get(&created.token.id).await.unwrap();
    assert_eq!(got.name, "ci-read-new");
    let renamed = admin
        .rename(&got.id, got.version, "ci-read-renamed")
        .await
        .unwrap();
    assert_eq!(
        (renamed.name.as_str(), renamed.version),
        ("ci-read-renamed", 1)
    );
    let stale = admin
        .rename(&got.id, got.version, "again")
        .await
        .unwrap_err();
    assert!(
        matches!(stale, VendorError::Conflict { .. }),
        "a stale version is a conflict: {stale:?}"
    );

    admin
        .delete(&created.token.id)
        .await
        .expect("delete succeeds");
    let revoked = mindbridge(&sim, created.secret.expose_secret())
        .current()
        .await
        .unwrap_err();
    assert!(
        matches!(revoked, VendorError::Unauthorized { .. }),
        "a revoked token is refused: {revoked:?}"
    );
    let gone = admin.get(&created.token.id).await.unwrap_err();
    assert!(matches!(gone, VendorError::NotFound { .. }), "{gone:?}");
}

#[tokio::test]
async fn mindbridge_pages_are_zero_based_and_query_all_reads_them_all() {
    let sim = sim().await;
    let admin = admin_mb(&sim);
    for i in 0..5 {
        admin
            .create(&mb_create(&format!("bulk-{i}"), &["api.tasks.read"]))
            .await
            .unwrap();
    }
    let first = admin.query_page(&json!({}), 0, 3).await.unwrap();
    assert_eq!(first.page_number, 0);
    assert_eq!(first.content.len(), 3);
    assert_eq!(first.total_pages, first.total_elements.div_ceil(3));
    let all = admin.query_all(&json!({})).await.unwrap();
    assert_eq!(all.len(), first.total_elements);
    let filtered = admin.query_all(&json!({"name": "bulk-3"})).await.unwrap();
    assert_eq!(filtered.len(), 1);
}

#[tokio::test]
async fn mindbridge_validation_returns_the_vendors_problems() {
    let sim = sim().await;
    let admin = admin_mb(&sim);
    let mut req = mb_create("bad", &["api.engagements.read", "api.not-a-permission"]);
    req.expiry = in_days(800);
    req.allowed_addresses = vec!["10.0.0.0/33".into()];
    let e = admin.create(&req).await.unwrap_err();
    let VendorError::Validation { problems, .. } = &e else {
        panic!("expected validation, got {e:?}")
    };
    let all = problems.join("\n");
    assert!(all.contains("at most 2 years"), "{all}");
    assert!(all.contains("api.not-a-permission"), "{all}");
    assert!(all.contains("10.0.0.0/33"), "{all}");
    assert_eq!(problems.len(), 3, "{all}");
}

#[tokio::test]
async fn mindbridge_create_without_write_permission_is_forbidden_and_names_it() {
    let sim = sim().await;
    let reader = admin_mb(&sim)
        .create(&mb_create("reader", &["api.api-tokens.read"]))
        .await
        .unwrap();
    let e = mindbridge(&sim, reader.secret.expose_secret())
        .create(&mb_create("child", &["api.tasks.read"]))
        .await
        .unwrap_err();
    assert_eq!(
        e,
        VendorError::Forbidden {
            message: "permissions: The API token lacks the permission api.api-tokens.write (api.api-tokens.write)".into(),
            permission: Some("api.api-tokens.write".into()),
        }
    );
}

#[tokio::test]
async fn mindbridge_allowlist_refuses_calls_from_other_addresses() {
    let sim = sim().await;
    let mut req = mb_create("office-only", &["api.tasks.read"]);
    req.allowed_addresses = vec!["203.0.113.0/24".into()];
    let office = admin_mb(&sim).create(&req).await.unwrap();
    let e = mindbridge(&sim, office.secret.expose_secret())
        .current()
        .await
        .unwrap_err();
    assert!(
        matches!(e, VendorError::Unauthorized { ref message } if message.contains("not allowed")),
        "{e:?}"
    );
    req.allowed_addresses = vec!["127.0.0.0/8".into()];
    req.name = "loopback".into();
    let local = admin_mb(&sim).create(&req).await.unwrap();
    mindbridge(&sim, local.secret.expose_secret())
        .current()
        .await
        .expect("an allowed address is accepted");
}

#[tokio::test]
async fn fault_status_codes_map_to_typed_errors() {
    let sim = sim().await;
    let admin = admin_mb(&sim);
    type Check = fn(&VendorError) -> bool;
    let cases: [(&str, Check); 6] = [
        ("401", |e| matches!(e, VendorError::Unauthorized { .. })),
        (
            "403",
            |e| matches!(e, VendorError::Forbidden { permission: Some(p), .. } if p == "api.api-tokens.write"),
        ),
        ("409", |e| matches!(e, VendorError::Conflict { .. })),
        (
            "422",
            |e| matches!(e, VendorError::Validation { problems, .. } if !problems.is_empty()),
        ),
        ("423", |e| matches!(e, VendorError::Locked { .. })),
        ("500", |e| {
            matches!(e, VendorError::Unavailable { status: 500, .. })
        }),
    ];
    for (code, check) in cases {
        sim.clear_faults();
        fault(&sim, &format!("mindbridge.create={code}"));
        let e = admin
            .create(&mb_create("f", &["api.tasks.read"]))
            .await
            .unwrap_err();
        assert!(check(&e), "HTTP {code} became {e:?}");
    }
    assert_eq!(
        sim.call_count(Vendor::MindBridge, "create"),
        6,
        "no create was retried"
    );
}

#[tokio::test]
async fn rate_limited_reads_wait_for_retry_after_and_succeed() {
    let sim = sim().await;
    fault(&sim, "mindbridge.query=429:1@1");
    let started = std::time::Instant::now();
    admin_mb(&sim)
        .query_page(&json!({}), 0, 5)
        .await
        .expect("the retry succeeds");
    assert_eq!(sim.call_count(Vendor::MindBridge, "query"), 2);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After: 1 was honoured"
    );
}

#[tokio::test]
async fn creates_are_never_retried_on_429_5xx_or_timeout() {
    let sim = sim().await;
    let admin = admin_mb(&sim);
    fault(&sim, "mindbridge.create=429:1@1");
    let e = admin
        .create(&mb_create("a", &["api.tasks.read"]))
        .await
        .unwrap_err();
    assert_eq!(
        e,
        VendorError::RateLimited {
            retry_after_secs: Some(1)
        }
    );
    fault(&sim, "mindbridge.create=503@1");
    let e = admin
        .create(&mb_create("b", &["api.tasks.read"]))
        .await
        .unwrap_err();
    assert!(
        matches!(e, VendorError::Unavailable { status: 503, .. }),
        "{e:?}"
    );
    fault(&sim, "mindbridge.create=timeout@1");
    let e = admin
        .create(&mb_create("c", &["api.tasks.read"]))
        .await
        .unwrap_err();
    assert!(matches!(e, VendorError::Timeout { .. }), "{e:?}");
    // The worst case: the token was made, the reply lost. Still one call, and the error says so.
    fault(&sim, "mindbridge.create=lost@1");
    let e = admin
        .create(&mb_create("d", &["api.tasks.read"]))
        .await
        .unwrap_err();
    assert!(matches!(e, VendorError::Timeout { .. }), "{e:?}");
    assert_eq!(
        sim.call_count(Vendor::MindBridge, "create"),
        4,
        "each create was sent exactly once"
    );
    let listed = admin.query_all(&json!({"name": "d"})).await.unwrap();
    assert_eq!(
        listed.len(),
        1,
        "the lost-reply create exists at the vendor, once"
    );
}

#[tokio::test]
async fn idempotent_reads_retry_timeouts_locks_and_503() {
    let sim = sim().await;
    let admin = admin_mb(&sim);
    fault(&sim, "mindbridge.current=timeout@1");
    admin.current().await.expect("a timed-out read is retried");
    assert_eq!(sim.call_count(Vendor::MindBridge, "current"), 2);
    fault(&sim, "mindbridge.query=423@2");
    admin
        .query_page(&json!({}), 0, 5)
        .await
        .expect("423 is retried");
    assert_eq!(sim.call_count(Vendor::MindBridge, "query"), 3);
    fault(&sim, "mindbridge.current=503@5");
    let e = admin.current().await.unwrap_err();
    assert!(
        matches!(e, VendorError::Unavailable { status: 503, .. }),
        "{e:?}"
    );
    assert_eq!(
        sim.call_count(Vendor::MindBridge, "current"),
        5,
        "three attempts in all"
    );
}

#[tokio::test]
async fn slow_replies_within_the_time_limit_succeed() {
    let sim = sim().await;
    fault(&sim, "mindbridge.current=slow:400@1");
    admin_mb(&sim)
        .current()
        .await
        .expect("a slow reply is still a reply");
    assert_eq!(sim.call_count(Vendor::MindBridge, "current"), 1);
}

#[tokio::test]
async fn malformed_and_oversized_replies_are_bad_responses() {
    let sim = sim().await;
    let admin = admin_mb(&sim);
    fault(&sim, "mindbridge.current=malformed@1");
    let e = admin.current().await.unwrap_err();
    assert!(matches!(e, VendorError::BadResponse { .. }), "{e:?}");
    fault(&sim, "mindbridge.current=oversized@1");
    let e = admin.current().await.unwrap_err();
    assert!(
        matches!(e, VendorError::BadResponse { ref message } if message.contains("larger than")),
        "{e:?}"
    );
}

#[tokio::test]
async fn a_deleted_token_whose_reply_was_lost_counts_as_deleted() {
    let sim = sim().await;
    let admin = admin_mb(&sim);
    let t = admin
        .create(&mb_create("lost-reply", &["api.tasks.read"]))
        .await
        .unwrap();
    // The first DELETE is carried out but its reply never arrives; the retry then gets 404.
    fault(&sim, "mindbridge.delete=lost@1");
    admin
        .delete(&t.token.id)
        .await
        .expect("delete reported done");
    assert_eq!(sim.call_count(Vendor::MindBridge, "delete"), 2);
    assert!(matches!(
        admin.get(&t.token.id).await,
        Err(VendorError::NotFound { .. })
    ));
}

#[tokio::test]
async fn errors_never_contain_the_credential() {
    let sim = sim().await;
    let wrong = "wrong-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    let e = mindbridge(&sim, wrong).current().await.unwrap_err();
    assert!(matches!(e, VendorError::Unauthorized { .. }));
    for shown in [e.to_string(), format!("{e:?}")] {
        assert!(!shown.contains(wrong), "{shown}");
        assert!(!shown.contains(&sim.handshake.mindbridge.token), "{shown}");
    }
}
