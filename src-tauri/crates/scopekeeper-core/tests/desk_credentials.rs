//! Two connections to the same simulated tenant over real HTTP: the second one's credential,
//! seen in the first one's listing, is marked as that connection's credential (by the id the
//! vendor reports for it), and is revoked only once the admin confirmed breaking it. A revoke
//! chosen from a list read before the connection was edited is refused.

use scopekeeper_core::connection::Connection;
use scopekeeper_core::desk::RevokeChoice;
use scopekeeper_core::error::ErrorKind;
use scopekeeper_core::offboard::{SweepQuery, SweepResult, SweepTarget};
use scopekeeper_core::vendor::Vendor;

mod desk_support;
use desk_support::*;

/// Creates a token through `admin` and saves it as a second connection's credential.
async fn second_connection(
    f: &Fixture,
    admin: &Connection,
    vendor: &str,
    kind: &str,
    scopes: &[&str],
) -> (Connection, String) {
    let cat = f.catalogs.get(vendor).unwrap();
    let mut s = spec(vendor, kind, scopes, 30);
    s.name = "b-credential".into();
    s.description = Some("b-credential".into());
    let created = f.desk.create_token(&admin.id, cat, &s).await.unwrap();
    let secret = f.desk.reveal_pending(&created.token_id).unwrap();
    let mut i = input(vendor, kind, &admin.base_url, &secret);
    i.label = "B narrow".into();
    if admin.key_id.is_some() {
        i.key_id = Some(created.token_id.parse().unwrap());
    }
    let b = f.desk.save_connection(i, cat).await.unwrap();
    (b, created.token_id)
}

/// A second MindBridge connection whose token, created through `admin`, reads tokens and
/// engagements.
async fn second_mindbridge(f: &Fixture, admin: &Connection) -> (Connection, String) {
    let scopes = ["api.api-tokens.read", "api.engagements.read"];
    second_connection(f, admin, "mindbridge", "api-token", &scopes).await
}

#[tokio::test]
async fn another_connections_credential_is_marked_and_revoked_only_once_its_breakage_is_confirmed()
{
    let f = fixture().await;
    let a = connect_mindbridge(&f, &f.sim.handshake.mindbridge.token).await;
    let (b, b_token) = second_mindbridge(&f, &a).await;

    let listed = f.desk.list_tokens(&a.id).await.unwrap();
    let t = listed.iter().find(|t| t.id == b_token).unwrap();
    assert!(!t.is_connection_credential, "not A's own");
    assert_eq!(t.credential_of.len(), 1, "{t:?}");
    assert_eq!(t.credential_of[0].connection_id, b.id);
    assert_eq!(t.credential_of[0].label, "B narrow");
    let own = listed.iter().find(|t| t.is_connection_credential).unwrap();
    assert_eq!(own.credential_of[0].connection_id, a.id, "A's own, by id");

    // The audit's inventory marks it the same way.
    let catalog_of = |v: Vendor| f.catalogs.get(v.id()).cloned();
    let inv = scopekeeper_core::audit::inventory(&f.desk, &catalog_of, &|_, _| {}).await;
    let seen: Vec<_> = inv.tokens.iter().filter(|t| t.id == b_token).collect();
    assert_eq!(seen.len(), 2, "listed through A and through B");
    assert!(seen
        .iter()
        .all(|t| t.credential_of.iter().any(|u| u.connection_id == b.id)));

    // Without naming B, nothing is revoked, and the refusal names B.
    let e = f
        .desk
        .revoke_token(&a.id, &b_token, &as_listed(&f, &a.id))
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidInput);
    assert!(
        e.message.contains("\u{201c}B narrow\u{201d}"),
        "{}",
        e.message
    );
    assert!(f
        .desk
        .test_connection(&b.id, f.catalogs.get("mindbridge").unwrap())
        .await
        .is_ok());

    let confirmed = RevokeChoice {
        confirmed_breaks: vec![b.id.clone()],
        ..as_listed(&f, &a.id)
    };
    f.desk
        .revoke_token(&a.id, &b_token, &confirmed)
        .await
        .unwrap();
    assert!(!f
        .desk
        .list_tokens(&a.id)
        .await
        .unwrap()
        .iter()
        .any(|t| t.id == b_token));
}

#[tokio::test]
async fn a_cortex_key_is_recognised_as_a_credential_by_its_key_id() {
    let f = fixture().await;
    let a = connect_cortex(&f).await;
    let (b, b_key) =
        second_connection(&f, &a, "cortex", "api-key", &["Public API (PAPI) Edit"]).await;
    let listed = f.desk.list_tokens(&a.id).await.unwrap();
    let t = listed.iter().find(|t| t.id == b_key).unwrap();
    assert_eq!(t.credential_of[0].connection_id, b.id, "{t:?}");
    assert!(!t.is_connection_credential);
    // Through B, A's key is A's credential.
    let through_b = f.desk.list_tokens(&b.id).await.unwrap();
    let a_key = a.key_id.unwrap().to_string();
    let t = through_b.iter().find(|t| t.id == a_key).unwrap();
    assert_eq!(t.credential_of[0].connection_id, a.id);
}

#[tokio::test]
async fn the_sweep_says_which_connection_a_credential_breaks_and_revokes_it_only_when_confirmed() {
    let f = fixture().await;
    let a = connect_mindbridge(&f, &f.sim.handshake.mindbridge.token).await;
    let (b, b_token) = second_mindbridge(&f, &a).await;
    let query = SweepQuery {
        name_pattern: Some("b-cred*".into()),
        ..Default::default()
    };
    let plan = sweep_plan(&f, &query).await;
    let through_a = plan
        .matches
        .iter()
        .find(|m| m.token.connection_id == a.id && m.token.id == b_token)
        .unwrap();
    assert!(
        through_a.breaks.iter().any(|b| b.contains("\u{201c}B narrow\u{201d}")
            && b.contains("breaks that connection")),
        "{:?}",
        through_a.breaks
    );
    assert_eq!(through_a.token.credential_of[0].connection_id, b.id);

    let target = |confirmed: Vec<String>| SweepTarget {
        connection_id: a.id.clone(),
        token_id: b_token.clone(),
        confirmed_breaks: confirmed,
    };
    let out =
        scopekeeper_core::offboard::sweep_revoke(&f.desk, &plan, &[target(vec![])], "1", &|_| {})
            .await
            .unwrap();
    assert_eq!(out[0].result, SweepResult::Failed, "{out:?}");
    assert!(out[0].detail.contains("B narrow"), "{}", out[0].detail);
    let out = scopekeeper_core::offboard::sweep_revoke(
        &f.desk,
        &plan,
        &[target(vec![b.id.clone()])],
        "1",
        &|_| {},
    )
    .await
    .unwrap();
    assert_eq!(out[0].result, SweepResult::Revoked, "{out:?}");
}

/// Points a Cortex connection at the same simulator by another origin (`localhost` for
/// `127.0.0.1`): to the desk, another tenant where the same key id may name another key.
async fn moved(f: &Fixture, conn: &Connection) {
    let h = &f.sim.handshake.cortex;
    let mut i = input(
        "cortex",
        "api-key",
        &h.base_url.replace("127.0.0.1", "localhost"),
        &h.api_key,
    );
    i.id = Some(conn.id.clone());
    i.key_id = Some(h.api_key_id);
    f.desk
        .save_connection(i, f.catalogs.get("cortex").unwrap())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_revoke_chosen_before_the_connection_was_edited_is_refused_until_listed_again() {
    let f = fixture().await;
    let a = connect_cortex(&f).await;
    let listed = f.desk.list_tokens(&a.id).await.unwrap();
    let victim = listed
        .iter()
        .find(|t| !t.is_connection_credential && t.credential_of.is_empty())
        .unwrap()
        .clone();
    let stale = RevokeChoice {
        listed_as: victim.listed_as.clone(),
        confirmed_breaks: Vec::new(),
    };
    moved(&f, &a).await;
    let e = f
        .desk
        .revoke_token(&a.id, &victim.id, &stale)
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Conflict);
    assert!(e.message.contains("list again"), "{}", e.message);
    let again = f.desk.list_tokens(&a.id).await.unwrap();
    assert!(again.iter().any(|t| t.id == victim.id), "nothing revoked");
    let fresh = RevokeChoice {
        listed_as: again[0].listed_as.clone(),
        confirmed_breaks: Vec::new(),
    };
    assert_ne!(fresh.listed_as, stale.listed_as);
    f.desk
        .revoke_token(&a.id, &victim.id, &fresh)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_sweep_planned_before_the_connection_was_edited_revokes_nothing_through_it() {
    let f = fixture().await;
    let a = connect_cortex(&f).await;
    let query = SweepQuery {
        owners: vec!["former".into()],
        ..Default::default()
    };
    let plan = sweep_plan(&f, &query).await;
    let m = &plan.matches[0];
    moved(&f, &a).await;
    let out = revoke_planned(&f, &plan, m).await;
    assert_eq!(out[0].result, SweepResult::Failed, "{out:?}");
    assert!(
        out[0].detail.contains("run the dry run again"),
        "{}",
        out[0].detail
    );
    let listed = f.desk.list_tokens(&a.id).await.unwrap();
    assert!(listed.iter().any(|t| t.id == m.token.id), "it was kept");
}
