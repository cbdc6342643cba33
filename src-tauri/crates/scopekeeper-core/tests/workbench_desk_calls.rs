//! The desk's calls through the workbench: the sandbox made ready before a sandbox
//! connection's call, a vendor console opened only at an https address, a simulated console
//! only for a sandbox connection (with the form the guided plan describes), whose new key is
//! answered once and checks out when pasted back.

use std::sync::atomic::Ordering;

use scopekeeper_core::error::ErrorKind;
use scopekeeper_core::secret::SecretString;
use scopekeeper_core::vendor::Vendor;

mod desk_support;
use desk_support::workbench::*;
use desk_support::{input, spec};

fn sandbox_of(b: &Bench, vendor: Vendor) -> String {
    let conns = b.wb.desk().connections();
    conns.into_iter().find(|c| c.vendor == vendor).unwrap().id
}

#[tokio::test]
async fn a_sandbox_connections_call_makes_the_sandbox_ready_first() {
    let b = bench().await;
    let mb = sandbox_of(&b, Vendor::MindBridge);
    let asked = b.host.asked.load(Ordering::SeqCst);
    let tokens =
        b.wb.list_vendor_tokens(&mb, &Default::default())
            .await
            .unwrap();
    assert!(!tokens.is_empty());
    assert_eq!(b.host.asked.load(Ordering::SeqCst), asked + 1);
    let listed = b.wb.list_connections();
    assert_eq!(
        listed.connections.len(),
        Vendor::ALL.len(),
        "a sandbox connection per vendor"
    );
    assert_eq!(listed.vendors.len(), Vendor::ALL.len());
    let checked = b.wb.keyring_check().await.unwrap();
    assert_eq!(
        checked.steps_verified.len(),
        4,
        "{:?}",
        checked.steps_verified
    );
}

#[tokio::test]
async fn a_console_opens_only_at_https_and_a_simulated_one_only_for_the_sandbox() {
    let b = bench().await;
    let sandboxed = sandbox_of(&b, Vendor::Bright);
    let s = spec("bright", "personal", &["scans:run"], 30);
    let no_web = b.wb.vendor_console_url(&sandboxed, &s).unwrap_err();
    assert_eq!(no_web.kind, ErrorKind::InvalidInput);

    let (vendor, form) = b.wb.sandbox_console_form(&sandboxed, &s).unwrap();
    assert_eq!(vendor, Vendor::Bright);
    let plan = b.wb.guided_plan(&sandboxed, &s).unwrap();
    let ticked: Vec<&str> = plan.checklist.iter().map(|c| c.scope.as_str()).collect();
    assert_eq!(
        form["scopes"],
        serde_json::json!(ticked),
        "the plan's checklist"
    );
    assert_eq!(form["name"], s.name.as_str());
    assert_eq!(form["expires_in_days"], 30);

    let real =
        b.wb.save_connection(input("bright", "personal", "https://app.example.test", "k"))
            .await
            .unwrap();
    let url = b.wb.vendor_console_url(&real.id, &s).unwrap();
    assert_eq!(url, "https://app.example.test/");
    let refused = b.wb.sandbox_console_form(&real.id, &s).unwrap_err();
    assert_eq!(refused.kind, ErrorKind::InvalidInput);
    assert!(
        refused.message.contains("Only sandbox"),
        "{}",
        refused.message
    );
}

#[tokio::test]
async fn a_key_made_in_the_simulated_console_is_answered_and_verifies_when_pasted() {
    let b = bench().await;
    let bright = sandbox_of(&b, Vendor::Bright);
    let s = spec("bright", "personal", &["scans:run"], 30);
    let key = b.wb.sandbox_console_create(&bright, &s).await.unwrap();
    assert!(!key.is_empty());
    let checked =
        b.wb.verify_pasted_token(&bright, SecretString::from(key), None, None)
            .await
            .unwrap();
    assert!(checked.format_ok && checked.verified, "{}", checked.summary);

    let mb = sandbox_of(&b, Vendor::MindBridge);
    let has_api =
        b.wb.sandbox_console_create(&mb, &spec("mindbridge", "api-token", &[], 30))
            .await
            .unwrap_err();
    assert_eq!(has_api.kind, ErrorKind::InvalidInput, "{}", has_api.message);
}
