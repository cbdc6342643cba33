//! The offboarding sweep and create-into-keyring, over real HTTP to the simulators: a person's
//! tokens found in two vendors by owner, the dry run's refusals, the typed confirmation, bulk
//! revoke with per-token outcomes (a lost reply counted only once the vendor's list agrees),
//! and a token that goes straight into the keyring without ever being pending.

use scopekeeper_core::error::ErrorKind;
use scopekeeper_core::offboard::{sweep_csv, SweepQuery, SweepResult, SweepTarget};
use scopekeeper_core::secret::ExposeSecret;
use scopekeeper_core::secret_store::{SecretKey, SecretStore};
use scopekeeper_core::vendor::Vendor;
use scopekeeper_sim::FaultRule;

mod desk_support;
use desk_support::*;

fn owner(o: &str) -> SweepQuery {
    SweepQuery {
        owners: vec![o.into()],
        ..Default::default()
    }
}

#[tokio::test]
async fn a_sweep_by_owner_finds_tokens_in_two_vendors_and_revokes_after_the_typed_count() {
    let f = fixture().await;
    add_all_sandboxes(&f).await;
    let plan = sweep_plan(&f, &owner("former")).await;
    let found: Vec<(Vendor, &str)> = plan
        .matches
        .iter()
        .map(|m| (m.token.vendor, m.token.name.as_str()))
        .collect();
    assert!(
        found.contains(&(Vendor::MindBridge, "legacy-integration")),
        "{found:?}"
    );
    assert!(found.iter().any(|(v, _)| *v == Vendor::Cortex), "{found:?}");
    assert!(plan
        .matches
        .iter()
        .all(|m| m.why[0].starts_with("owner") && m.cannot_revoke.is_none()));
    assert!(plan.summary.contains("former"));

    let targets: Vec<SweepTarget> = plan
        .matches
        .iter()
        .map(|m| SweepTarget {
            connection_id: m.token.connection_id.clone(),
            token_id: m.token.id.clone(),
            confirmed_breaks: Vec::new(),
        })
        .collect();
    let n = targets.len();
    refusals_revoke_nothing(&f, &plan, &targets).await;

    let seen = std::sync::Mutex::new(0);
    let out =
        scopekeeper_core::offboard::sweep_revoke(&f.desk, &plan, &targets, &n.to_string(), &|_| {
            *seen.lock().unwrap() += 1
        })
        .await
        .unwrap();
    assert_eq!(*seen.lock().unwrap(), n);
    assert!(
        out.iter().all(|o| o.result == SweepResult::Revoked),
        "{out:?}"
    );
    let after = sweep_plan(&f, &owner("former")).await;
    assert!(after.matches.is_empty(), "{:?}", after.matches);
    let revoked = f
        .desk
        .recent_actions(50)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "revoked" && e.detail.contains("offboarding sweep"))
        .count();
    assert_eq!(revoked, n);
    let csv = sweep_csv(&plan.summary, &out);
    assert_eq!(csv.lines().count(), n + 1);
    assert!(csv.contains("legacy-integration") && csv.contains(",revoked,"));

    // A second revoke of the same plan finds them gone, and says so.
    let twice =
        scopekeeper_core::offboard::sweep_revoke(&f.desk, &plan, &targets, &n.to_string(), &|_| {})
            .await
            .unwrap();
    assert!(twice.iter().all(|o| o.result == SweepResult::AlreadyGone));
}

#[tokio::test]
async fn a_lost_reply_counts_only_when_the_vendor_no_longer_lists_the_token() {
    let f = fixture().await;
    add_all_sandboxes(&f).await;
    let plan = sweep_plan(&f, &owner("former")).await;
    let pick = |v: Vendor| {
        let m = plan.matches.iter().find(|m| m.token.vendor == v).unwrap();
        SweepTarget {
            connection_id: m.token.connection_id.clone(),
            token_id: m.token.id.clone(),
            confirmed_breaks: Vec::new(),
        }
    };
    // Cortex deletes but every reply is lost; MindBridge fails every delete.
    f.sim
        .add_fault("cortex.delete=lost".parse::<FaultRule>().unwrap());
    f.sim
        .add_fault("mindbridge.delete=500".parse::<FaultRule>().unwrap());
    let chosen = [pick(Vendor::Cortex), pick(Vendor::MindBridge)];
    let out = scopekeeper_core::offboard::sweep_revoke(&f.desk, &plan, &chosen, "2", &|_| {})
        .await
        .unwrap();
    let of = |v: Vendor| out.iter().find(|o| o.vendor == v).unwrap();
    assert_eq!(of(Vendor::Cortex).result, SweepResult::Revoked, "{out:?}");
    assert!(of(Vendor::Cortex).detail.contains("no longer lists"));
    assert_eq!(
        of(Vendor::MindBridge).result,
        SweepResult::Failed,
        "{out:?}"
    );
    assert!(of(Vendor::MindBridge).detail.starts_with("Not revoked"));
    // Both are logged: the one the vendor no longer lists as revoked, the other as failed.
    let log = f.desk.recent_actions(10).unwrap();
    let logged = |action: &str, id: &str| {
        log.iter()
            .any(|e| e.action == action && e.token_id.as_deref() == Some(id))
    };
    assert!(logged("revoked", &chosen[0].token_id), "{log:?}");
    assert!(logged("revoke_failed", &chosen[1].token_id), "{log:?}");
}

#[tokio::test]
async fn a_token_that_changed_since_the_dry_run_is_not_revoked() {
    let f = fixture().await;
    add_all_sandboxes(&f).await;
    let plan = sweep_plan(&f, &owner("Former Admin")).await;
    let m = &plan.matches[0];
    assert_eq!(m.token.name, "legacy-integration");
    // Someone renames it between the dry run and the revoke.
    f.desk
        .rename_token(&m.token.connection_id, &m.token.id, "still-needed")
        .await
        .unwrap();
    let out = revoke_planned(&f, &plan, m).await;
    assert_eq!(out[0].result, SweepResult::Failed, "{out:?}");
    assert!(
        out[0].detail.contains("changed since the dry run"),
        "{}",
        out[0].detail
    );
    let listed = f.desk.list_tokens(&m.token.connection_id).await.unwrap();
    assert!(listed.iter().any(|t| t.id == m.token.id), "it was kept");
}

#[tokio::test]
async fn a_token_created_into_the_keyring_is_never_pending_and_its_name_must_be_free() {
    let f = fixture().await;
    let mb = f.catalogs.get("mindbridge").unwrap();
    let conn = connect_mindbridge(&f, &f.sim.handshake.mindbridge.token).await;
    let s = spec("mindbridge", "api-token", &["api.engagements.read"], 30);
    let kept = f
        .desk
        .create_into_keyring(&conn.id, mb, &s, "ci engagements")
        .await
        .unwrap();
    assert_eq!(kept.account, "token:ci engagements");
    assert!(kept.lookups[0].contains("'token:ci engagements'"));
    assert!(f.desk.pending().is_none(), "never pending, so never shown");
    assert!(f.desk.reveal_pending(&kept.created.token_id).is_err());
    let secret = f
        .store
        .load(&SecretKey::scopekeeper("token:ci engagements"))
        .unwrap()
        .expect("in the keyring");
    assert_eq!(secret.expose_secret().len(), kept.created.secret_length);
    assert_no_file_contains(f.dir.path(), secret.expose_secret());

    // The same name again is refused before anything is sent to the vendor.
    let before = f.desk.list_tokens(&conn.id).await.unwrap().len();
    let e = f
        .desk
        .create_into_keyring(&conn.id, mb, &s, "ci engagements")
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Conflict);
    assert_eq!(f.desk.list_tokens(&conn.id).await.unwrap().len(), before);
    let log = f.desk.recent_actions(2).unwrap();
    assert_eq!(log[0].action, "saved_in_keyring");
    assert!(log[0].detail.contains("never shown"));
    assert!(
        log[1].detail.contains("fingerprint sha256:"),
        "{}",
        log[1].detail
    );
}

/// A wrong count and a token the plan did not find are refused, and nothing is revoked.
async fn refusals_revoke_nothing(
    f: &Fixture,
    plan: &scopekeeper_core::offboard::SweepPlan,
    targets: &[SweepTarget],
) {
    let n = targets.len();
    let wrong = scopekeeper_core::offboard::sweep_revoke(
        &f.desk,
        plan,
        targets,
        &(n + 1).to_string(),
        &|_| {},
    )
    .await
    .unwrap_err();
    assert_eq!(wrong.kind, ErrorKind::InvalidInput);
    assert!(
        wrong.message.contains(&format!("Type {n}")),
        "{}",
        wrong.message
    );
    let stranger = SweepTarget {
        connection_id: targets[0].connection_id.clone(),
        token_id: "not-in-the-plan".into(),
        confirmed_breaks: Vec::new(),
    };
    assert!(
        scopekeeper_core::offboard::sweep_revoke(&f.desk, plan, &[stranger], "1", &|_| {})
            .await
            .is_err()
    );
    // Nothing was revoked by the refusals.
    let again = sweep_plan(f, &owner("former")).await;
    assert_eq!(again.matches.len(), n);
}
