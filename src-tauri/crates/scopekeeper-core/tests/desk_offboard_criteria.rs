//! The offboarding sweep's dry run by each criterion, over real HTTP to the simulator: who
//! created a token here (the action log), its fingerprint, a name pattern, and an owner as
//! whole words; each match says how it matched and what revoking it would break.

use scopekeeper_core::offboard::{SweepPlan, SweepQuery};

mod desk_support;
use desk_support::*;

fn names(p: &SweepPlan) -> Vec<&str> {
    p.matches.iter().map(|m| m.token.name.as_str()).collect()
}

/// A fixture with one MindBridge connection and a token `ci-engagements` created through it
/// straight into the keyring (as `token:ci engagements`); its id.
async fn with_token_made_here() -> (Fixture, String) {
    let f = fixture().await;
    let mb = f.catalogs.get("mindbridge").unwrap();
    let conn = connect_mindbridge(&f, &f.sim.handshake.mindbridge.token).await;
    let kept = f
        .desk
        .create_into_keyring(
            &conn.id,
            mb,
            &spec("mindbridge", "api-token", &["api.engagements.read"], 30),
            "ci engagements",
        )
        .await
        .unwrap();
    (f, kept.created.token_id)
}

#[tokio::test]
async fn a_sweep_by_creator_finds_only_what_was_made_here_and_says_what_revoking_breaks() {
    let (f, _) = with_token_made_here().await;
    let by_creator = sweep_plan(
        &f,
        &SweepQuery {
            created_by: Some("TESTER".into()),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(
        names(&by_creator),
        ["ci-engagements"],
        "only what was made here"
    );
    let m = &by_creator.matches[0];
    assert_eq!(m.why, ["created here by \u{201c}tester\u{201d}"]);
    assert_eq!(
        m.breaks,
        ["It is kept in the OS keyring as token:ci engagements; programs that read it there will fail."]
    );
    assert!(m.cannot_revoke.is_none());
    let nobody = SweepQuery {
        created_by: Some("someone-else".into()),
        ..Default::default()
    };
    assert!(sweep_plan(&f, &nobody).await.matches.is_empty());
}

#[tokio::test]
async fn a_sweep_by_fingerprint_finds_the_token_the_log_fingerprinted() {
    let (f, id) = with_token_made_here().await;
    let log = f.desk.recent_actions(10).unwrap();
    let created = log.iter().find(|e| e.action == "created").unwrap();
    let fp = created
        .detail
        .split("fingerprint ")
        .nth(1)
        .unwrap()
        .to_uppercase();
    let by_fp = sweep_plan(
        &f,
        &SweepQuery {
            fingerprint: Some(fp.clone()),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(by_fp.matches.len(), 1);
    assert_eq!(by_fp.matches[0].token.id, id);
    assert_eq!(
        by_fp.matches[0].why,
        [format!("fingerprint {}", fp.to_lowercase())]
    );
}

#[tokio::test]
async fn a_sweep_by_name_pattern_covers_the_whole_name() {
    let (f, _) = with_token_made_here().await;
    let by_name = sweep_plan(
        &f,
        &SweepQuery {
            name_pattern: Some("CI-ENG*".into()),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(names(&by_name), ["ci-engagements"]);
    assert_eq!(
        by_name.matches[0].why,
        ["name \u{201c}ci-engagements\u{201d}"]
    );
    let inner = SweepQuery {
        name_pattern: Some("eng*".into()),
        ..Default::default()
    };
    assert!(
        !names(&sweep_plan(&f, &inner).await).contains(&"ci-engagements"),
        "a pattern covers the whole name"
    );
}

#[tokio::test]
async fn owners_match_as_whole_words_and_the_dry_run_says_how() {
    let f = fixture().await;
    connect_mindbridge(&f, &f.sim.handshake.mindbridge.token).await;
    let owner = |o: &str| SweepQuery {
        owners: vec![o.into()],
        ..Default::default()
    };
    let words = sweep_plan(&f, &owner("former")).await;
    assert!(names(&words).contains(&"legacy-integration"), "{words:?}");
    assert!(
        words
            .matches
            .iter()
            .all(|m| m.why[0].ends_with("(whole words \u{201c}former\u{201d})")),
        "{:?}",
        words.matches[0].why
    );
    let exact = sweep_plan(&f, &owner("former admin")).await;
    assert!(
        exact.matches.iter().any(|m| m.why[0].ends_with("(exact)")),
        "{:?}",
        exact.matches.iter().map(|m| &m.why).collect::<Vec<_>>()
    );
    assert!(
        sweep_plan(&f, &owner("forme")).await.matches.is_empty(),
        "part of a word is not an owner"
    );
}

#[tokio::test]
async fn the_connections_own_credential_is_never_revocable_and_says_it_breaks_the_connection() {
    let f = fixture().await;
    let conn = connect_mindbridge(&f, &f.sim.handshake.mindbridge.token).await;
    let own = sweep_plan(
        &f,
        &SweepQuery {
            name_pattern: Some("Scopekeeper sandbox admin".into()),
            ..Default::default()
        },
    )
    .await;
    let m = &own.matches[0];
    assert!(m.token.is_connection_credential);
    assert_eq!(
        m.breaks,
        [format!(
            "Scopekeeper's connection \u{201c}{}\u{201d} signs in with it: revoking it breaks that connection.",
            conn.label
        )]
    );
    assert!(m
        .cannot_revoke
        .as_deref()
        .unwrap()
        .contains("own credential"));
}
