//! Cloudflare through the desk, against its simulator over real HTTP: a token created from a
//! spec (policies over the connection's account, an address range, an expiry), revealed once,
//! verified, listed with its last use, revoked; a create whose reply broke (may exist: found
//! by reconciling); a token beyond the connection's own groups refused before anything is sent;
//! and each fault a listing can meet, as the error the admin acts on.

use scopekeeper_core::error::ErrorKind;
use scopekeeper_sim::{FaultRule, Vendor};

mod desk_support;
use desk_support::*;

#[tokio::test]
async fn a_token_is_created_revealed_once_verified_listed_with_last_use_and_revoked() {
    let f = fixture().await;
    let cat = f.catalogs.get("cloudflare").unwrap();
    let conn = connect_cloudflare(&f, &f.sim.handshake.cloudflare.token).await;
    let mut s = cf_spec("dns for example.com", &["zone.dns-write", "zone.zone-read"]);
    s.ip_allowlist = vec!["127.0.0.1".into()];
    let created = f.desk.create_token(&conn.id, cat, &s).await.unwrap();
    // Write includes Read: the implied group is requested too.
    assert_eq!(
        created.scopes,
        ["zone.dns-read", "zone.dns-write", "zone.zone-read"]
    );
    assert_eq!(created.env_var, "CLOUDFLARE_API_TOKEN");
    assert!(created.expires.as_deref().unwrap().ends_with("T23:59:59Z"));
    let secret = f.desk.reveal_pending(&created.token_id).unwrap();
    assert_eq!(secret.len(), 40);
    assert_eq!(
        f.desk.reveal_pending(&created.token_id).unwrap_err().kind,
        ErrorKind::Conflict,
        "shown once"
    );
    // Verified with its own value (from this machine, inside its range), so it has been used.
    let status = f
        .desk
        .token_status(&conn.id, &created.token_id)
        .await
        .unwrap();
    assert!(status.listed && status.verifies == Some(true), "{status:?}");

    let listed = f.desk.list_tokens(&conn.id).await.unwrap();
    let mine = listed.iter().find(|t| t.id == created.token_id).unwrap();
    assert_eq!(mine.allowlist, ["127.0.0.1/32"]);
    assert!(mine.last_used.is_some(), "{mine:?}");
    let me = listed.iter().find(|t| t.is_connection_credential).unwrap();
    assert_eq!(me.name, "Scopekeeper sandbox admin");
    let legacy = listed
        .iter()
        .find(|t| t.name == "legacy token admin")
        .unwrap();
    assert!(legacy.last_used.is_none() && legacy.expires.is_none());
    assert!(legacy
        .scopes
        .contains(&"account.account-api-tokens-write".to_owned()));
    assert_eq!(
        listed.len(),
        8,
        "the 7 seeded account tokens (the expired one too) and the new one"
    );

    f.desk
        .revoke_token(&conn.id, &created.token_id, &as_listed(&f, &conn.id))
        .await
        .unwrap();
    let status = f
        .desk
        .token_status(&conn.id, &created.token_id)
        .await
        .unwrap();
    assert!(!status.listed, "{status:?}");
}

#[tokio::test]
async fn an_unclear_create_may_exist_and_reconciling_finds_it() {
    let f = fixture().await;
    let cat = f.catalogs.get("cloudflare").unwrap();
    let conn = connect_cloudflare(&f, &f.sim.handshake.cloudflare.token).await;
    for (n, fault) in [
        "lost",
        "done-then:malformed",
        "done-then:reset",
        "done-then:502",
    ]
    .into_iter()
    .enumerate()
    {
        f.sim.add_fault(
            format!("cloudflare.create={fault}@1")
                .parse::<FaultRule>()
                .unwrap(),
        );
        let s = cf_spec(&format!("unclear-{n}"), &["zone.dns-read"]);
        let before = f.sim.call_count(Vendor::Cloudflare, "create");
        let e = f.desk.create_token(&conn.id, cat, &s).await.unwrap_err();
        assert_eq!(e.kind, ErrorKind::CreateUncertain, "{fault}: {e:?}");
        assert_eq!(
            f.sim.call_count(Vendor::Cloudflare, "create"),
            before + 1,
            "{fault}: sent once"
        );
        let r = f.desk.reconcile_create(&conn.id).await.unwrap();
        assert_eq!(r.found.len(), 1, "{fault}: {r:?}");
        assert_eq!(r.found[0].name, s.name);
        f.desk
            .revoke_token(&conn.id, &r.found[0].id, &as_listed(&f, &conn.id))
            .await
            .unwrap();
    }
    f.sim
        .add_fault("cloudflare.create=503@1".parse::<FaultRule>().unwrap());
    let e = f
        .desk
        .create_token(&conn.id, cat, &cf_spec("refused", &["zone.dns-read"]))
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::VendorUnavailable);
}

#[tokio::test]
async fn a_token_beyond_the_connections_own_groups_is_refused_before_it_is_sent() {
    let f = fixture().await;
    let cat = f.catalogs.get("cloudflare").unwrap();
    let admin = connect_cloudflare(&f, &f.sim.handshake.cloudflare.token).await;
    // A narrower credential: may make account tokens, and holds DNS Read besides.
    let narrow = f
        .desk
        .create_token(
            &admin.id,
            cat,
            &cf_spec(
                "token maker",
                &["account.account-api-tokens-write", "zone.dns-read"],
            ),
        )
        .await
        .unwrap();
    let secret = f.desk.reveal_pending(&narrow.token_id).unwrap();
    let conn = connect_cloudflare(&f, &secret).await;
    let before = f.sim.call_count(Vendor::Cloudflare, "create");
    let e = f
        .desk
        .create_token(&conn.id, cat, &cf_spec("wider", &["zone.dns-write"]))
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::ExceedsCredential, "{e:?}");
    assert!(e.details.join(" ").contains("zone.dns-write"), "{e:?}");
    assert_eq!(
        f.sim.call_count(Vendor::Cloudflare, "create"),
        before,
        "nothing sent"
    );
    // Within it: allowed.
    f.desk
        .create_token(&conn.id, cat, &cf_spec("narrower", &["zone.dns-read"]))
        .await
        .unwrap();
}

#[tokio::test]
async fn each_fault_a_listing_meets_is_an_error_the_admin_can_act_on() {
    let f = fixture().await;
    let conn = connect_cloudflare(&f, &f.sim.handshake.cloudflare.token).await;
    listing_faults_are_actionable(
        &f,
        &conn.id,
        "cloudflare",
        &f.sim.handshake.cloudflare.token,
    )
    .await;
}

#[tokio::test]
async fn a_rolled_value_is_shown_once_the_old_one_stops_working_and_a_lost_roll_says_so() {
    let f = fixture().await;
    let cat = f.catalogs.get("cloudflare").unwrap();
    let conn = connect_cloudflare(&f, &f.sim.handshake.cloudflare.token).await;
    let mut s = cf_spec("to roll", &["zone.dns-read"]);
    s.ip_allowlist = vec!["127.0.0.1".into()];
    let made = f.desk.create_token(&conn.id, cat, &s).await.unwrap();
    let old = f.desk.reveal_pending(&made.token_id).unwrap();

    let rolled = f
        .desk
        .roll_token(&conn.id, &made.token_id, &as_listed(&f, &conn.id))
        .await
        .unwrap();
    assert_eq!(
        (rolled.token_id.as_str(), rolled.name.as_str()),
        (made.token_id.as_str(), "to roll")
    );
    assert_eq!(rolled.scopes, made.scopes, "the same permissions");
    let new = f.desk.reveal_pending(&rolled.token_id).unwrap();
    assert_ne!(new, old);
    assert!(
        f.desk.reveal_pending(&rolled.token_id).is_err(),
        "shown once"
    );
    assert_eq!(f.sim.call_count(Vendor::Cloudflare, "roll"), 1);
    let status = f.desk.token_status(&conn.id, &made.token_id).await.unwrap();
    assert!(status.listed, "{status:?}");
    let actions = f.desk.recent_actions(5).unwrap();
    let logged = actions
        .iter()
        .find(|a| a.action == "rolled")
        .expect("logged");
    assert!(!logged.detail.contains(&new) && !logged.detail.contains(&old));

    // The connection's own credential is never rolled (it would lock Scopekeeper out).
    let own = f
        .desk
        .list_tokens(&conn.id)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.is_connection_credential)
        .unwrap();
    let e = f
        .desk
        .roll_token(&conn.id, &own.id, &as_listed(&f, &conn.id))
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidInput, "{e:?}");

    // A roll whose reply was lost: sent once, and the admin is told to roll again.
    f.sim
        .add_fault("cloudflare.roll=lost@1".parse::<FaultRule>().unwrap());
    let e = f
        .desk
        .roll_token(&conn.id, &made.token_id, &as_listed(&f, &conn.id))
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::CreateUncertain, "{e:?}");
    assert!(e.message.contains("Roll it again"), "{}", e.message);
    assert_eq!(
        f.sim.call_count(Vendor::Cloudflare, "roll"),
        2,
        "never repeated by itself"
    );
    assert!(f.desk.pending().is_none());
}

#[tokio::test]
async fn the_catalog_is_compared_with_the_groups_the_account_offers_now() {
    let f = fixture().await;
    let cat = f.catalogs.get("cloudflare").unwrap();
    let conn = connect_cloudflare(&f, &f.sim.handshake.cloudflare.token).await;
    let same = f.desk.catalog_drift(&conn.id, cat).await.unwrap();
    assert_eq!((same.offered, same.in_catalog), (145 + 74, 145 + 74));
    assert!(
        same.new_at_vendor.is_empty() && same.gone_at_vendor.is_empty(),
        "{same:?}"
    );

    f.sim.cloudflare_console(|t| {
        t.console_retire_group("zone", "Zone Write");
        t.console_offer_group("zone", "Email Security Write");
    });
    let drift = f.desk.catalog_drift(&conn.id, cat).await.unwrap();
    assert_eq!(drift.gone_at_vendor, ["zone.zone-write"]);
    assert_eq!(drift.new_at_vendor.len(), 1);
    assert_eq!(
        (
            drift.new_at_vendor[0].id.as_str(),
            drift.new_at_vendor[0].name.as_str()
        ),
        ("zone.email-security-write", "Email Security Write")
    );
    let logged = f.desk.recent_actions(1).unwrap();
    assert_eq!(logged[0].action, "catalog_compared");
    assert!(
        logged[0]
            .detail
            .contains("1 new at the vendor, 1 no longer offered"),
        "{}",
        logged[0].detail
    );

    // A vendor whose API lists no scopes says where to compare instead.
    let mb = connect_mindbridge(&f, &f.sim.handshake.mindbridge.token).await;
    let e = f
        .desk
        .catalog_drift(&mb.id, f.catalogs.get("mindbridge").unwrap())
        .await
        .unwrap_err();
    assert!(e.message.contains("documentation"), "{}", e.message);
}
