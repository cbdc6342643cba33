//! Each connection's outcome in the audit's inventory over real HTTP to the simulators: a rate
//! limit, a vendor that never answers and a garbage body each fail their own connection while a
//! second tenant of the same vendor and the other vendors are kept; a `registered.json` entry
//! with a date no calendar has fails its connection with the file and entry named, and the file
//! is never overwritten. A cancelled or replaced audit returns no report; the next one does.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use scopekeeper_core::audit::AuditSettings;
use scopekeeper_core::audit::{AuditReport, AuditSlot};
use scopekeeper_core::desk::Declared;
use scopekeeper_core::error::{Error, ErrorKind};
use scopekeeper_core::secret::SecretString;
use scopekeeper_core::vendor::Vendor;
use scopekeeper_sim::{start, FaultRule, SimConfig};

mod desk_support;
use desk_support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rate_limit_a_timeout_and_a_garbage_body_each_fail_their_connection_alone() {
    let f = fixture().await;
    let added = add_all_sandboxes(&f).await;
    let faulted = added
        .iter()
        .find(|c| c.vendor == Vendor::MindBridge)
        .unwrap();
    let other_sim = start(SimConfig::default()).await.unwrap();
    let h = &other_sim.handshake.mindbridge;
    let mut second = input("mindbridge", "api-token", &h.base_url, &h.token);
    second.label = "second tenant".into();
    let second = f
        .desk
        .save_connection(second, f.catalogs.get("mindbridge").unwrap())
        .await
        .unwrap();
    let catalog_of = |v: Vendor| f.catalogs.get(v.id()).cloned();
    let clean = scopekeeper_core::audit::inventory(&f.desk, &catalog_of, &|_, _| {}).await;
    let count = |inv: &scopekeeper_core::audit::Inventory, id: &str| {
        inv.tokens.iter().filter(|t| t.connection_id == id).count()
    };

    for (fault, kind, says) in [
        ("429:45", ErrorKind::VendorRateLimited, "try again in 45 s"),
        ("timeout", ErrorKind::VendorTimeout, "did not answer"),
        (
            "malformed",
            ErrorKind::VendorBadResponse,
            "not the JSON expected",
        ),
    ] {
        f.sim.clear_faults();
        f.sim.add_fault(
            format!("mindbridge.query={fault}")
                .parse::<FaultRule>()
                .unwrap(),
        );
        let inv = scopekeeper_core::audit::inventory(&f.desk, &catalog_of, &|_, _| {}).await;
        assert_eq!(inv.outcomes.len(), 8, "{fault}");
        for o in &inv.outcomes {
            if o.connection_id == faulted.id {
                let e = o.error.as_ref().unwrap_or_else(|| panic!("{fault}: {o:?}"));
                assert_eq!(e.kind, kind, "{fault}: {e:?}");
                assert!(e.message.contains(says), "{fault}: {}", e.message);
                assert_eq!(o.tokens, 0, "{fault}");
                assert_eq!(count(&inv, &o.connection_id), 0, "{fault}: nothing kept");
            } else {
                assert!(o.error.is_none(), "{fault}: {} failed too: {o:?}", o.label);
                assert_eq!(
                    count(&inv, &o.connection_id),
                    count(&clean, &o.connection_id),
                    "{fault}: {} is kept whole",
                    o.label
                );
            }
        }
        assert!(count(&inv, &second.id) > 0, "{fault}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_registered_date_out_of_range_fails_its_connection_naming_file_and_entry() {
    let f = fixture().await;
    let added = add_all_sandboxes(&f).await;
    let bright = added.iter().find(|c| c.vendor == Vendor::Bright).unwrap();
    let pasted = f.sim.handshake.bright.api_key.clone();
    let declared = |name: &str| Declared {
        name: name.into(),
        scopes: vec!["scans".into()],
        expires_on: Some("2027-01-31".into()),
    };
    let checked = paste_bright_key(&f, &bright.id, declared("dast-ci")).await;
    let fingerprint = checked.registered.expect("registered");

    let path = f.dir.path().join("config/registered.json");
    let mut file: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    file["tokens"][&bright.id][0]["expires_ms"] = i64::MIN.into();
    let damaged = serde_json::to_vec_pretty(&file).unwrap();
    std::fs::write(&path, &damaged).unwrap();

    let report = audit(&f).await;
    for o in &report.outcomes {
        if o.connection_id == bright.id {
            let e = o.error.as_ref().expect("the damaged file fails Bright");
            assert_eq!(e.kind, ErrorKind::InvalidInput);
            for part in [
                "registered.json",
                "entry 1",
                bright.id.as_str(),
                fingerprint.as_str(),
                "dast-ci",
                "expires_ms",
                &i64::MIN.to_string(),
            ] {
                assert!(e.message.contains(part), "{part}: {}", e.message);
            }
        } else {
            assert!(o.error.is_none(), "{o:?}");
        }
    }
    assert!(report
        .assessment
        .rows
        .iter()
        .any(|r| r.token.vendor == Vendor::MindBridge));

    // Registering another token is refused and the file stays as it was.
    let e = f
        .desk
        .verify_pasted(
            &bright.id,
            SecretString::from(pasted),
            None,
            Some(declared("another")),
        )
        .await
        .expect_err("a damaged file is not written over");
    assert!(e.message.contains("registered.json"), "{}", e.message);
    assert_eq!(std::fs::read(&path).unwrap(), damaged, "never overwritten");
}

/// A desk audit of `f`'s connections as a `'static` future, counting progress reports.
fn audit_of(
    f: &Arc<Fixture>,
    pages: &Arc<AtomicUsize>,
) -> impl std::future::Future<Output = Result<AuditReport, Error>> + Send + 'static {
    let (f, pages) = (Arc::clone(f), Arc::clone(pages));
    async move {
        Ok(scopekeeper_core::audit::run(
            &f.desk,
            &|v| f.catalogs.get(v.id()).cloned(),
            &AuditSettings::default(),
            &Default::default(),
            &|_, _| {
                pages.fetch_add(1, Ordering::SeqCst);
            },
        )
        .await)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_or_replaced_audit_returns_no_report_and_the_next_one_does() {
    let f = fixture().await;
    add_all_sandboxes(&f).await;
    f.sim
        .add_fault("mindbridge.query=slow:20000".parse::<FaultRule>().unwrap());
    let f = Arc::new(f);
    let slot = Arc::new(AuditSlot::default());
    let pages = Arc::new(AtomicUsize::new(0));

    let running = tokio::spawn({
        let (slot, audit) = (Arc::clone(&slot), audit_of(&f, &pages));
        async move { slot.run(audit).await }
    });
    // Cortex has answered; MindBridge is still listing.
    while pages.load(Ordering::SeqCst) == 0 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    slot.cancel();
    let cancelled = tokio::time::timeout(Duration::from_secs(10), running)
        .await
        .expect("the cancel stops the audit at once")
        .unwrap();
    assert_eq!(cancelled, Ok(None), "a cancelled run keeps no report");

    // A newer run replaces a running one: the first gets nothing, the newer the whole report.
    let first = tokio::spawn({
        let (slot, audit) = (Arc::clone(&slot), audit_of(&f, &pages));
        async move { slot.run(audit).await }
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    f.sim.clear_faults();
    let newer = slot
        .run(audit_of(&f, &pages))
        .await
        .unwrap()
        .expect("a report");
    assert_eq!(
        first.await.unwrap(),
        Ok(None),
        "the replaced run keeps no report"
    );
    assert_eq!(newer.outcomes.len(), 7);
    assert!(
        newer.outcomes.iter().all(|o| o.error.is_none()),
        "{:?}",
        newer.outcomes
    );
    assert!(newer
        .assessment
        .rows
        .iter()
        .any(|r| r.token.vendor == Vendor::MindBridge));
}
