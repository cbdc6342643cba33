//! The desk's flows end to end without a window: connections with credentials in a secret
//! store, vendor calls over HTTP to the simulators, one-time secrets, child ⊆ parent, the
//! action log, and a canary: no secret in any file the desk wrote.

use std::sync::Arc;
use std::time::Duration;

use scopekeeper_core::action_log::ActionLog;
use scopekeeper_core::catalog::registry::CatalogRegistry;
use scopekeeper_core::clock::{Clock, SystemClock};
use scopekeeper_core::connection::{ConnectionInput, ConnectionStore};
use scopekeeper_core::desk::{CopyWhat, Desk, SandboxAccess};
use scopekeeper_core::error::ErrorKind;
use scopekeeper_core::secret::{ExposeSecret, SecretString};
use scopekeeper_core::secret_store::{MemorySecretStore, SecretKey, SecretStore};
use scopekeeper_core::token_spec::TokenSpec;
use scopekeeper_core::vendor::{HttpPolicy, Vendor as VendorId, VendorHttp};
use scopekeeper_sim::{start, FaultRule, RunningSim, SimConfig, Vendor};

struct Fixture {
    sim: RunningSim,
    desk: Desk,
    store: Arc<MemorySecretStore>,
    dir: tempfile::TempDir,
    catalogs: CatalogRegistry,
}

async fn fixture() -> Fixture {
    let sim = start(SimConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(MemorySecretStore::new());
    let http = VendorHttp::new(HttpPolicy {
        timeout: Duration::from_millis(1500),
        backoff: Duration::from_millis(10),
        ..HttpPolicy::default()
    })
    .unwrap();
    let desk = Desk::new(
        http,
        Arc::new(SystemClock),
        store.clone(),
        ConnectionStore::open(&dir.path().join("config/connections.json")),
        ActionLog::new(&dir.path().join("data/actions.jsonl")),
        "tester".into(),
    );
    let h = &sim.handshake;
    let s = |v: &str| SecretString::from(v.to_owned());
    desk.set_sandbox(SandboxAccess {
        mindbridge: (h.mindbridge.base_url.clone(), s(&h.mindbridge.token)),
        cortex: (
            h.cortex.base_url.clone(),
            s(&h.cortex.api_key),
            h.cortex.api_key_id,
        ),
        bright: (h.bright.base_url.clone(), s(&h.bright.api_key)),
        manifest: (h.manifest.base_url.clone(), s(&h.manifest.token)),
    });
    Fixture {
        sim,
        desk,
        store,
        dir,
        catalogs: CatalogRegistry::builtins_only(),
    }
}

/// Saves a MindBridge connection to the simulator with `token` as its credential.
async fn connect_mindbridge(f: &Fixture, token: &str) -> scopekeeper_core::connection::Connection {
    let base = &f.sim.handshake.mindbridge.base_url;
    f.desk
        .save_connection(
            input("mindbridge", "api-token", base, token),
            f.catalogs.get("mindbridge").unwrap(),
        )
        .await
        .unwrap()
}

fn input(vendor: &str, kind: &str, base: &str, cred: &str) -> ConnectionInput {
    ConnectionInput {
        id: None,
        vendor: vendor.into(),
        label: format!("{vendor} test tenant"),
        base_url: base.into(),
        key_kind: kind.into(),
        key_id: None,
        security_level: None,
        credential: Some(SecretString::from(cred.to_owned())),
    }
}

fn spec(vendor: &str, kind: &str, scopes: &[&str], days: i64) -> TokenSpec {
    TokenSpec {
        format: 1,
        vendor: vendor.into(),
        kind: kind.into(),
        name: "ci-engagements".into(),
        description: None,
        scopes: scopes.iter().map(|s| s.to_string()).collect(),
        expires_on: Some(SystemClock.today().plus_days(days).to_string()),
        ip_allowlist: vec![],
        security_level: None,
    }
}

/// Every file under `dir`, as bytes.
fn all_files(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(all_files(&p));
        } else {
            out.push((p.display().to_string(), std::fs::read(&p).unwrap()));
        }
    }
    out
}

fn assert_no_file_contains(dir: &std::path::Path, secret: &str) {
    for (path, bytes) in all_files(dir) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(secret),
            "{path} contains a secret"
        );
    }
}

#[tokio::test]
async fn mindbridge_connect_test_create_reveal_once_verify_revoke() {
    let f = fixture().await;
    let mb = f.catalogs.get("mindbridge").unwrap();
    let admin_token = f.sim.handshake.mindbridge.token.clone();
    let conn = connect_mindbridge(&f, &admin_token).await;
    assert_eq!(
        f.store
            .load(&SecretKey::scopekeeper(format!("connection:{}", conn.id)))
            .unwrap()
            .unwrap()
            .expose_secret(),
        admin_token,
        "the credential is in the secret store"
    );

    let test = f.desk.test_connection(&conn.id, mb).await.unwrap();
    assert!(test.can_create, "{test:?}");
    assert!(
        test.summary.contains("Scopekeeper sandbox admin"),
        "{}",
        test.summary
    );
    assert!(test.holds.iter().any(|p| p == "api.api-tokens.write"));
    // The sandbox admin holds everything from any address: a risk, not a reassurance.
    assert!(
        test.risks.iter().any(|r| r.contains("admin-equivalent"))
            && test.risks.iter().any(|r| r.contains("any address")),
        "{:?}",
        test.risks
    );
    assert_eq!(
        test.needed,
        [
            "api.api-tokens.read",
            "api.api-tokens.write",
            "api.api-tokens.delete"
        ]
    );

    let created = f
        .desk
        .create_token(
            &conn.id,
            mb,
            &spec("mindbridge", "api-token", &["api.engagements.read"], 30),
        )
        .await
        .unwrap();
    assert_eq!(created.scopes, vec!["api.engagements.read"]);
    assert_eq!(created.env_var, "MINDBRIDGE_API_TOKEN");
    assert!(
        created.expires.as_deref().unwrap().ends_with("T23:59:59Z"),
        "{:?}",
        created.expires
    );
    let copied = f
        .desk
        .pending_for_copy(&created.token_id, CopyWhat::EnvLine)
        .unwrap();
    let secret = f.desk.reveal_pending(&created.token_id).unwrap();
    assert_eq!(secret.len(), created.secret_length);
    assert_eq!(
        copied.expose_secret(),
        &format!("MINDBRIDGE_API_TOKEN={secret}")
    );
    assert_eq!(
        f.desk.reveal_pending(&created.token_id).unwrap_err().kind,
        ErrorKind::Conflict,
        "shown once"
    );

    let status = f
        .desk
        .token_status(&conn.id, &created.token_id)
        .await
        .unwrap();
    assert!(status.listed && status.verifies == Some(true), "{status:?}");
    let listed = f.desk.list_tokens(&conn.id).await.unwrap();
    let me = listed.iter().find(|t| t.is_connection_credential).unwrap();
    assert_eq!(me.name, "Scopekeeper sandbox admin");
    assert_eq!(
        f.desk
            .revoke_token(&conn.id, &me.id)
            .await
            .unwrap_err()
            .kind,
        ErrorKind::InvalidInput,
        "own credential is not revoked"
    );

    let ci = listed.iter().find(|t| t.name == "ci-read").unwrap();
    let renamed = f
        .desk
        .rename_token(&conn.id, &ci.id, "ci-read (engagements)")
        .await
        .unwrap();
    assert_eq!(renamed.name, "ci-read (engagements)");
    let saved = f
        .desk
        .save_pending(&created.token_id, "ci engagements")
        .await
        .unwrap();
    assert_eq!(
        f.store
            .load(&SecretKey::scopekeeper(saved))
            .unwrap()
            .unwrap()
            .expose_secret(),
        secret
    );

    f.desk
        .revoke_token(&conn.id, &created.token_id)
        .await
        .unwrap();
    assert!(
        f.desk.pending().is_none(),
        "a revoked token's secret is forgotten"
    );
    let status = f
        .desk
        .token_status(&conn.id, &created.token_id)
        .await
        .unwrap();
    assert!(!status.listed, "{status:?}");

    let actions: Vec<String> = f
        .desk
        .recent_actions(50)
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    for a in [
        "renamed",
        "connection_added",
        "connection_tested",
        "created",
        "verified",
        "saved_in_keyring",
        "revoked",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} logged: {actions:?}");
    }
    assert_no_file_contains(f.dir.path(), &secret);
    assert_no_file_contains(f.dir.path(), &admin_token);
}

#[tokio::test]
async fn a_token_beyond_the_connections_own_permissions_is_refused() {
    let f = fixture().await;
    let mb = f.catalogs.get("mindbridge").unwrap();
    let admin = connect_mindbridge(&f, &f.sim.handshake.mindbridge.token).await;
    // A narrower admin token: may create tokens, holds only tasks.read besides.
    let narrow = f
        .desk
        .create_token(
            &admin.id,
            mb,
            &spec(
                "mindbridge",
                "api-token",
                &[
                    "api.api-tokens.write",
                    "api.api-tokens.read",
                    "api.tasks.read",
                ],
                30,
            ),
        )
        .await
        .unwrap();
    let narrow_secret = f.desk.reveal_pending(&narrow.token_id).unwrap();
    let conn = connect_mindbridge(&f, &narrow_secret).await;
    let before = f.sim.call_count(Vendor::MindBridge, "create");
    let e = f
        .desk
        .create_token(
            &conn.id,
            mb,
            &spec(
                "mindbridge",
                "api-token",
                &["api.tasks.read", "api.engagements.read"],
                30,
            ),
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::ExceedsCredential);
    assert_eq!(
        e.details,
        vec!["Untick \u{201c}api.engagements.read\u{201d}: it grants api.engagements.read, which the connection's credential lacks."],
        "names the scope to untick and the permission"
    );
    assert!(e.message.contains("lacks 1 permission "), "{}", e.message);
    assert!(
        !e.message.contains("Remove the scopes"),
        "the way forward is said once, by the UI"
    );
    assert_eq!(
        f.sim.call_count(Vendor::MindBridge, "create"),
        before,
        "nothing was requested"
    );
    f.desk
        .create_token(
            &conn.id,
            mb,
            &spec("mindbridge", "api-token", &["api.tasks.read"], 30),
        )
        .await
        .expect("within the parent it works");
}

#[tokio::test]
async fn cortex_primary_key_creates_cli_keys_but_not_admin_keys() {
    let f = fixture().await;
    let cx = f.catalogs.get("cortex").unwrap();
    let mut i = input(
        "cortex",
        "api-key",
        &f.sim.handshake.cortex.base_url,
        &f.sim.handshake.cortex.api_key,
    );
    i.key_id = Some(f.sim.handshake.cortex.api_key_id);
    let conn = f.desk.save_connection(i, cx).await.unwrap();
    let test = f.desk.test_connection(&conn.id, cx).await.unwrap();
    assert!(
        test.can_create
            && test.holds.contains(&"Public API (PAPI) Edit".to_owned())
            && test
                .facts
                .iter()
                .any(|f| f == "CLI Write Custom grants CLI Tools View/Edit, CLI Tools View"),
        "{test:?}"
    );

    let e = f
        .desk
        .create_token(
            &conn.id,
            cx,
            &spec("cortex", "api-key", &["Instance Admin"], 30),
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::ExceedsCredential);
    assert_eq!(
        e.details,
        vec!["Untick \u{201c}Instance Admin\u{201d}: it grants Tenant-wide permissions, which the connection's credential lacks."]
    );

    let mut s = spec("cortex", "api-key", &["CLI Read-Only Custom"], 30);
    s.security_level = Some("advanced".into());
    let created = f.desk.create_token(&conn.id, cx, &s).await.unwrap();
    assert_eq!(created.env_var, "CORTEX_API_KEY");
    assert!(created
        .env_extra
        .iter()
        .any(|l| l == &format!("CORTEX_API_KEY_ID={}", created.token_id)));
    let status = f
        .desk
        .token_status(&conn.id, &created.token_id)
        .await
        .unwrap();
    assert!(
        status.listed && status.verifies == Some(true),
        "an Advanced key verifies with a signed call: {status:?}"
    );
    f.desk
        .revoke_token(&conn.id, &created.token_id)
        .await
        .unwrap();
    assert!(
        !f.desk
            .token_status(&conn.id, &created.token_id)
            .await
            .unwrap()
            .listed
    );
}

/// Every way a create's reply can break after the vendor did the work: the token may exist,
/// the request is never repeated, and reconciling finds it so it can be revoked.
#[tokio::test]
async fn an_unclear_create_says_the_token_may_exist_and_reconciling_finds_and_revokes_it() {
    let f = fixture().await;
    let mb = f.catalogs.get("mindbridge").unwrap();
    let conn = connect_mindbridge(&f, &f.sim.handshake.mindbridge.token).await;
    for (n, fault) in [
        "lost",
        "done-then:malformed",
        "done-then:oversized",
        "done-then:reset",
        "done-then:502",
        "done-then:504",
    ]
    .into_iter()
    .enumerate()
    {
        f.sim.add_fault(
            format!("mindbridge.create={fault}@1")
                .parse::<FaultRule>()
                .unwrap(),
        );
        let mut s = spec("mindbridge", "api-token", &["api.tasks.read"], 30);
        s.name = format!("unclear-{n}");
        let before = f.sim.call_count(Vendor::MindBridge, "create");
        let e = f.desk.create_token(&conn.id, mb, &s).await.unwrap_err();
        assert_eq!(e.kind, ErrorKind::CreateUncertain, "{fault}: {e:?}");
        assert!(
            e.message.contains("may have created"),
            "{fault}: {}",
            e.message
        );
        assert_eq!(
            f.sim.call_count(Vendor::MindBridge, "create"),
            before + 1,
            "{fault}: sent once, never repeated"
        );
        assert!(f.desk.pending().is_none());
        assert_eq!(f.desk.recent_actions(1).unwrap()[0].action, "create_failed");

        let r = f.desk.reconcile_create(&conn.id).await.unwrap();
        assert_eq!(r.found.len(), 1, "{fault}: {r:?}");
        assert_eq!(r.found[0].name, s.name);
        f.desk.revoke_token(&conn.id, &r.found[0].id).await.unwrap();
        assert!(
            f.desk
                .reconcile_create(&conn.id)
                .await
                .unwrap()
                .found
                .is_empty(),
            "{fault}: revoked"
        );
    }

    // A 500 that did nothing: reconciling says it was not created. A 503 is a clear refusal.
    f.sim
        .add_fault("mindbridge.create=500@1".parse::<FaultRule>().unwrap());
    let mut s = spec("mindbridge", "api-token", &["api.tasks.read"], 30);
    s.name = "not-made".into();
    let e = f.desk.create_token(&conn.id, mb, &s).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::CreateUncertain);
    let r = f.desk.reconcile_create(&conn.id).await.unwrap();
    assert!(
        r.found.is_empty() && r.detail.contains("not created"),
        "{r:?}"
    );
    f.sim
        .add_fault("mindbridge.create=503@1".parse::<FaultRule>().unwrap());
    let e = f.desk.create_token(&conn.id, mb, &s).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::VendorUnavailable);
}

#[tokio::test]
async fn an_unclear_cortex_create_is_found_by_its_comment() {
    let f = fixture().await;
    let cx = f.catalogs.get("cortex").unwrap();
    let mut i = input(
        "cortex",
        "api-key",
        &f.sim.handshake.cortex.base_url,
        &f.sim.handshake.cortex.api_key,
    );
    i.key_id = Some(f.sim.handshake.cortex.api_key_id);
    let conn = f.desk.save_connection(i, cx).await.unwrap();
    f.sim.add_fault(
        "cortex.generate=done-then:malformed@1"
            .parse::<FaultRule>()
            .unwrap(),
    );
    let mut s = spec("cortex", "api-key", &["CLI Read-Only Custom"], 30);
    s.name = "ci-scanner".into();
    let e = f.desk.create_token(&conn.id, cx, &s).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::CreateUncertain, "{e:?}");
    assert_eq!(f.sim.call_count(Vendor::Cortex, "generate"), 1);
    let r = f.desk.reconcile_create(&conn.id).await.unwrap();
    assert_eq!(r.found.len(), 1, "{r:?}");
    assert_eq!(r.found[0].scopes, ["CLI Read-Only Custom"]);
    f.desk.revoke_token(&conn.id, &r.found[0].id).await.unwrap();
}

#[tokio::test]
async fn sandbox_connections_and_the_bright_guided_flow() {
    let f = fixture().await;
    let added = f
        .desk
        .add_sandbox_connections(&[
            (VendorId::MindBridge, "api-token"),
            (VendorId::Cortex, "api-key"),
            (VendorId::Bright, "organization"),
            (VendorId::Manifest, "api-token"),
        ])
        .await
        .unwrap();
    assert_eq!(added.len(), 4);
    assert!(added.iter().all(|c| c.sandbox && c.base_url.is_empty()));
    assert!(
        f.desk
            .add_sandbox_connections(&[(VendorId::Bright, "organization")])
            .await
            .unwrap()
            .is_empty(),
        "added once"
    );
    let br = f.catalogs.get("bright").unwrap();
    let bright = added.iter().find(|c| c.vendor == VendorId::Bright).unwrap();
    let t = f.desk.test_connection(&bright.id, br).await.unwrap();
    assert!(t.summary.contains("can read projects"), "{}", t.summary);

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

    let bad = f
        .desk
        .verify_pasted(&bright.id, SecretString::from("not-a-key".to_owned()), None)
        .await
        .unwrap();
    assert!(!bad.format_ok && !bad.verified);
    let good = f
        .desk
        .verify_pasted(
            &bright.id,
            SecretString::from(f.sim.handshake.bright.api_key.clone()),
            Some("bright dast".into()),
        )
        .await
        .unwrap();
    assert!(
        good.verified && good.saved_as.as_deref() == Some("token:bright dast"),
        "{good:?}"
    );

    assert!(
        plan.verify_command.contains("Api-Key $BRIGHT_TOKEN"),
        "{}",
        plan.verify_command
    );
    let manifest = added
        .iter()
        .find(|c| c.vendor == VendorId::Manifest)
        .unwrap();
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

#[tokio::test]
async fn an_edit_never_sends_the_saved_credential_elsewhere_and_a_failed_write_puts_it_back() {
    let f = fixture().await;
    let mb = f.catalogs.get("mindbridge").unwrap();
    let admin = f.sim.handshake.mindbridge.token.clone();
    let conn = connect_mindbridge(&f, &admin).await;

    // Another host, credential left empty: refused before anything is saved or sent.
    let mut moved = input("mindbridge", "api-token", "http://127.0.0.1:9/api", "");
    moved.id = Some(conn.id.clone());
    moved.credential = None;
    let e = f.desk.save_connection(moved, mb).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidInput);
    assert!(
        e.message.contains("paste the credential again"),
        "{}",
        e.message
    );
    assert_eq!(f.desk.connection(&conn.id).unwrap().base_url, conn.base_url);

    // The list cannot be written: an edit's new credential is rolled back to the old one, and
    // a new connection leaves no credential behind.
    std::fs::create_dir_all(f.dir.path().join("config/connections.json.tmp")).unwrap();
    let mut edit = input(
        "mindbridge",
        "api-token",
        &conn.base_url,
        "replacement-token",
    );
    edit.id = Some(conn.id.clone());
    let e = f.desk.save_connection(edit, mb).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Io, "{e:?}");
    assert_eq!(
        f.store
            .load(&conn.credential_key())
            .unwrap()
            .unwrap()
            .expose_secret(),
        admin,
        "the old credential is back"
    );
    let before = f.store.len();
    let e = f
        .desk
        .save_connection(
            input("mindbridge", "api-token", &conn.base_url, "another"),
            mb,
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Io);
    assert_eq!(f.store.len(), before, "no orphan credential");
}

#[tokio::test]
async fn a_cortex_revoke_whose_first_reply_was_lost_is_done_and_logged() {
    let f = fixture().await;
    let cx = f.catalogs.get("cortex").unwrap();
    let mut i = input(
        "cortex",
        "api-key",
        &f.sim.handshake.cortex.base_url,
        &f.sim.handshake.cortex.api_key,
    );
    i.key_id = Some(f.sim.handshake.cortex.api_key_id);
    let conn = f.desk.save_connection(i, cx).await.unwrap();
    let created = f
        .desk
        .create_token(
            &conn.id,
            cx,
            &spec("cortex", "api-key", &["CLI Read-Only Custom"], 30),
        )
        .await
        .unwrap();
    f.sim
        .add_fault("cortex.delete=lost@1".parse::<FaultRule>().unwrap());
    f.desk
        .revoke_token(&conn.id, &created.token_id)
        .await
        .expect("the retried delete finds the key gone: done");
    assert_eq!(f.sim.call_count(Vendor::Cortex, "delete"), 2);
    assert!(!f
        .desk
        .list_tokens(&conn.id)
        .await
        .unwrap()
        .iter()
        .any(|t| t.id == created.token_id));
    let log = f.desk.recent_actions(1).unwrap();
    assert_eq!(log[0].action, "revoked");
    assert_eq!(log[0].token_id.as_deref(), Some(created.token_id.as_str()));
}

#[tokio::test]
async fn leaving_an_old_result_screen_keeps_a_newer_secret() {
    let f = fixture().await;
    let mb = f.catalogs.get("mindbridge").unwrap();
    let conn = connect_mindbridge(&f, &f.sim.handshake.mindbridge.token).await;
    let s = spec("mindbridge", "api-token", &["api.tasks.read"], 30);
    let first = f.desk.create_token(&conn.id, mb, &s).await.unwrap();
    let second = f.desk.create_token(&conn.id, mb, &s).await.unwrap();
    assert!(
        !f.desk.discard_pending_of(&first.token_id),
        "the first screen's late discard finds nothing of its own"
    );
    assert!(
        f.desk.reveal_pending(&second.token_id).is_ok(),
        "the newer secret is still there"
    );
    assert!(f.desk.discard_pending_of(&second.token_id));
    assert!(f.desk.pending().is_none());
}
