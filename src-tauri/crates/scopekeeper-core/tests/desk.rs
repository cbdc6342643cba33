//! The desk's flows end to end without a window: connections with credentials in a secret
//! store, vendor calls over HTTP to the simulators, one-time secrets, child ⊆ parent, the
//! action log, and a canary: no secret in any file the desk wrote.

use scopekeeper_core::connection::Connection;
use scopekeeper_core::desk::{CopyWhat, CreatedToken};
use scopekeeper_core::error::ErrorKind;
use scopekeeper_core::secret::ExposeSecret;
use scopekeeper_core::secret_store::{SecretKey, SecretStore};
use scopekeeper_sim::Vendor;

mod desk_support;
use desk_support::*;

#[tokio::test]
async fn mindbridge_connect_test_create_reveal_once_verify_revoke() {
    let f = fixture().await;
    let admin_token = f.sim.handshake.mindbridge.token.clone();
    let conn = connect_mindbridge(&f, &admin_token).await;
    stored_and_tested(&f, &conn, &admin_token).await;
    let (created, secret) = created_and_revealed_once(&f, &conn).await;
    listed_verified_renamed(&f, &conn, &created).await;
    saved_revoked_and_logged(&f, &conn, &created, &secret).await;
    assert_no_file_contains(f.dir.path(), &secret);
    assert_no_file_contains(f.dir.path(), &admin_token);
}

/// The credential is in the secret store; the test names it and marks its breadth as a risk.
async fn stored_and_tested(f: &Fixture, conn: &Connection, admin_token: &str) {
    let mb = f.catalogs.get("mindbridge").unwrap();
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
}

/// A token is created (end of the local day), its env line copied, its secret shown once.
async fn created_and_revealed_once(f: &Fixture, conn: &Connection) -> (CreatedToken, String) {
    let mb = f.catalogs.get("mindbridge").unwrap();
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

    (created, secret)
}

/// The vendor lists and accepts it; the connection's own credential is not revoked; another
/// token is renamed.
async fn listed_verified_renamed(f: &Fixture, conn: &Connection, created: &CreatedToken) {
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
            .revoke_token(&conn.id, &me.id, &as_listed(f, &conn.id))
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
}

/// Saved in the keyring, revoked (its secret forgotten), and every step in the action log.
async fn saved_revoked_and_logged(
    f: &Fixture,
    conn: &Connection,
    created: &CreatedToken,
    secret: &str,
) {
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
        .revoke_token(&conn.id, &created.token_id, &as_listed(f, &conn.id))
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
    let conn = connect_cortex(&f).await;
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
        .revoke_token(&conn.id, &created.token_id, &as_listed(&f, &conn.id))
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
async fn listing_tokens_reports_its_progress_page_by_page() {
    let f = fixture().await;
    let conn = connect_mindbridge(&f, &f.sim.handshake.mindbridge.token).await;
    let seen = std::sync::Mutex::new(Vec::new());
    let tokens = f
        .desk
        .list_tokens_with_progress(&conn.id, &|p| seen.lock().unwrap().push(p))
        .await
        .unwrap();
    let seen = seen.into_inner().unwrap();
    let last = seen.last().expect("progress was reported");
    assert_eq!(last.tokens_seen, tokens.len());
    assert_eq!(Some(last.pages_read), last.total_pages, "every page read");
    assert!(
        seen.windows(2)
            .all(|w| w[0].tokens_seen <= w[1].tokens_seen),
        "{seen:?}"
    );
}
