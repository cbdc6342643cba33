//! The desk when things go wrong after a request was sent: a create whose reply was lost or
//! broken (the token may exist: reconcile), a revoke whose first reply was lost, a late discard.

use scopekeeper_core::error::ErrorKind;
use scopekeeper_sim::{FaultRule, Vendor};

mod desk_support;
use desk_support::*;

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
        f.desk
            .revoke_token(&conn.id, &r.found[0].id, &as_listed(&f, &conn.id))
            .await
            .unwrap();
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
    let conn = connect_cortex(&f).await;
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
    f.desk
        .revoke_token(&conn.id, &r.found[0].id, &as_listed(&f, &conn.id))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_cortex_revoke_whose_first_reply_was_lost_is_done_and_logged() {
    let f = fixture().await;
    let cx = f.catalogs.get("cortex").unwrap();
    let conn = connect_cortex(&f).await;
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
        .revoke_token(&conn.id, &created.token_id, &as_listed(&f, &conn.id))
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

#[tokio::test]
async fn a_create_that_went_through_ends_the_search_for_an_earlier_lost_one() {
    let f = fixture().await;
    let mb = f.catalogs.get("mindbridge").unwrap();
    let conn = connect_mindbridge(&f, &f.sim.handshake.mindbridge.token).await;
    f.sim
        .add_fault("mindbridge.create=500@1".parse::<FaultRule>().unwrap());
    let s = spec("mindbridge", "api-token", &["api.tasks.read"], 30);
    let e = f.desk.create_token(&conn.id, mb, &s).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::CreateUncertain);
    f.desk.create_token(&conn.id, mb, &s).await.unwrap();
    assert_eq!(
        f.desk.reconcile_create(&conn.id).await.unwrap_err().kind,
        ErrorKind::NotFound,
        "the token just made is not offered as the lost one"
    );
}
