//! The sandbox's connections (added once, removed with their credential) and guided creation for
//! vendors without a token API: Bright's and Manifest's exact checklists, pasted keys checked
//! and kept.

use scopekeeper_core::connection::Connection;
use scopekeeper_core::error::ErrorKind;
use scopekeeper_core::secret::SecretString;
use scopekeeper_core::secret_store::SecretStore;
use scopekeeper_core::vendor::Vendor as VendorId;

mod desk_support;
use desk_support::*;

#[tokio::test]
async fn sandbox_connections_and_the_bright_guided_flow() {
    let f = fixture().await;
    let added = add_all_sandboxes(&f).await;
    assert_eq!(added.len(), VendorId::ALL.len());
    assert!(added.iter().all(|c| c.sandbox && c.base_url.is_empty()));
    assert!(
        f.desk
            .add_sandbox_connections(&[VendorId::Bright])
            .await
            .unwrap()
            .is_empty(),
        "added once"
    );
    let br = f.catalogs.get("bright").unwrap();
    let bright = added.iter().find(|c| c.vendor == VendorId::Bright).unwrap();
    let t = f.desk.test_connection(&bright.id, br).await.unwrap();
    assert!(t.summary.contains("can read projects"), "{}", t.summary);

    bright_plan_names_exactly_what_to_tick(&f, bright).await;
    pasted_bright_key_checked(&f, bright).await;
    let manifest = added
        .iter()
        .find(|c| c.vendor == VendorId::Manifest)
        .unwrap();
    manifest_plan_then_removal(&f, manifest).await;
}

/// Bright's checklist: the kind's page only, implied scopes with their reason, the verify
/// command; no API create; a Manifest spec refused on a Bright connection.
async fn bright_plan_names_exactly_what_to_tick(f: &Fixture, bright: &Connection) {
    let br = f.catalogs.get("bright").unwrap();
    let mut s = spec("bright", "personal", &["scans:run"], 30);
    s.name = "dast-runner".into();
    let plan = f.desk.guided_plan(&bright.id, br, &s).unwrap();
    let ticks: Vec<&str> = plan.checklist.iter().map(|c| c.scope.as_str()).collect();
    assert!(
        ticks.contains(&"scans:run") && ticks.contains(&"projects:read"),
        "{ticks:?}"
    );
    assert!(plan
        .checklist
        .iter()
        .find(|c| c.scope == "projects:read")
        .unwrap()
        .reason
        .is_some());
    assert!(
        f.desk.create_token(&bright.id, br, &s).await.is_err(),
        "no API create for Bright"
    );
    assert_eq!(
        plan.steps[0],
        "Sign in to Bright and open User Settings \u{2192} Manage your user API keys.",
        "step 1 names the page of the chosen kind only"
    );
    let org = f
        .desk
        .guided_plan(
            &bright.id,
            br,
            &spec("bright", "organization", &["scans:run"], 30),
        )
        .unwrap();
    assert!(
        org.steps[0].contains("Organization \u{2192} Manage your Organization API keys")
            && !org.steps[0].contains("personal:"),
        "{}",
        org.steps[0]
    );
    let mf = f.catalogs.get("manifest").unwrap();
    let wrong = f
        .desk
        .guided_plan(
            &bright.id,
            mf,
            &spec("manifest", "api-token", &["view-all"], 30),
        )
        .unwrap_err();
    assert_eq!(
        wrong.kind,
        ErrorKind::InvalidInput,
        "a Manifest plan on a Bright connection"
    );

    assert!(
        plan.verify_command.contains("Api-Key $BRIGHT_TOKEN"),
        "{}",
        plan.verify_command
    );
}

/// A pasted key: the wrong shape is refused offline, a real one verified and kept.
async fn pasted_bright_key_checked(f: &Fixture, bright: &Connection) {
    let bad = f
        .desk
        .verify_pasted(
            &bright.id,
            SecretString::from("not-a-key".to_owned()),
            None,
            None,
        )
        .await
        .unwrap();
    assert!(!bad.format_ok && !bad.verified);
    let good = f
        .desk
        .verify_pasted(
            &bright.id,
            SecretString::from(f.sim.handshake.bright.api_key.clone()),
            Some("bright dast".into()),
            None,
        )
        .await
        .unwrap();
    assert!(
        good.verified && good.saved_as.as_deref() == Some("token:bright dast"),
        "{good:?}"
    );
}

/// Manifest's plan (view-all required), its test, then removal takes the credential too.
async fn manifest_plan_then_removal(f: &Fixture, manifest: &Connection) {
    let mf = f.catalogs.get("manifest").unwrap();
    let mut ms = spec("manifest", "api-token", &["manage-sboms-and-vex"], 60);
    ms.name = "ci-sbom".into();
    let mplan = f.desk.guided_plan(&manifest.id, mf, &ms).unwrap();
    assert_eq!(mplan.env_var, "MANIFEST_API_KEY");
    assert!(
        mplan.verify_command.ends_with("/manifest/v1/organization'"),
        "{}",
        mplan.verify_command
    );
    let ticks: Vec<&str> = mplan.checklist.iter().map(|c| c.scope.as_str()).collect();
    assert_eq!(
        ticks,
        vec!["view-all", "manage-sboms-and-vex"],
        "view-all is required for every token"
    );
    assert!(f
        .desk
        .test_connection(&manifest.id, mf)
        .await
        .unwrap()
        .summary
        .contains("Sandbox Organization"));
    f.desk.remove_connection(&manifest.id).await.unwrap();
    assert!(
        f.store.load(&manifest.credential_key()).unwrap().is_none(),
        "its credential left the keyring"
    );
}
