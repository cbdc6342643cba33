//! GitHub through the desk, against its simulator over real HTTP: an organization seen through
//! its GitHub App lists the fine-grained tokens that reach it (owner, permissions, reach, end,
//! last use) and revokes one's access; a one-hour installation token made from a spec, shown
//! once and accepted, and one beyond the installation's permissions refused before it is sent;
//! an unclear create; a personal token described and pasted tokens verified through the API
//! root; the exact checklist for a fine-grained token; each fault a listing meets.

use scopekeeper_core::connection::Connection;
use scopekeeper_core::error::ErrorKind;
use scopekeeper_core::secret::SecretString;
use scopekeeper_core::token_spec::TokenSpec;
use scopekeeper_sim::{FaultRule, Vendor};

mod desk_support;
use desk_support::*;

/// The organization, through the App (its ID as key id, its private key as credential).
async fn org(f: &Fixture) -> Connection {
    let h = &f.sim.handshake.github;
    let mut i = input("github", "installation", &h.base_url, &h.token);
    i.key_id = Some(h.app_id as i64);
    f.desk
        .save_connection(i, f.catalogs.get("github").unwrap())
        .await
        .unwrap()
}

/// The API root with a personal token.
async fn personal(f: &Fixture, token: &str) -> Connection {
    let h = &f.sim.handshake.github;
    f.desk
        .save_connection(
            input("github", "classic", &h.api_url, token),
            f.catalogs.get("github").unwrap(),
        )
        .await
        .unwrap()
}

fn gh_spec(kind: &str, name: &str, scopes: &[&str]) -> TokenSpec {
    let mut s = spec("github", kind, scopes, 30);
    s.name = name.into();
    if kind == "installation" {
        s.expires_on = None;
    }
    s
}

#[tokio::test]
async fn the_organization_lists_its_fine_grained_tokens_and_revokes_ones_access() {
    let f = fixture().await;
    let conn = org(&f).await;
    let listed = f.desk.list_tokens(&conn.id).await.unwrap();
    assert!(listed.len() >= 6, "the seeded grants: {}", listed.len());
    let bob = listed
        .iter()
        .find(|t| t.created_by.as_deref() == Some("dev-bob"))
        .expect("bob's token");
    assert!(
        bob.scopes.iter().any(|s| s == "administration:write"),
        "{bob:?}"
    );
    assert!(
        bob.broad_reach.is_some() && bob.reach.is_empty(),
        "all repositories: {bob:?}"
    );
    // A grant on chosen repositories names them, as GitHub lists them for it.
    let narrow = listed
        .iter()
        .find(|t| t.broad_reach.is_none())
        .expect("a grant on chosen repositories");
    assert!(
        !narrow.reach.is_empty()
            && narrow
                .reach
                .iter()
                .all(|r| ["api", "web", "infra"].contains(&r.as_str())),
        "{narrow:?}"
    );
    assert!(bob.expires.is_none() && bob.last_used.is_none());
    assert!(listed.iter().any(|t| t.last_used.is_some()));

    f.desk
        .revoke_token(&conn.id, &bob.id, &as_listed(&f, &conn.id))
        .await
        .unwrap();
    let after = f.desk.list_tokens(&conn.id).await.unwrap();
    assert_eq!(after.len(), listed.len() - 1);
    assert!(!after.iter().any(|t| t.id == bob.id), "its access is gone");
}

#[tokio::test]
async fn an_installation_token_is_made_shown_once_and_bounded_by_the_installation() {
    let f = fixture().await;
    let cat = f.catalogs.get("github").unwrap();
    let conn = org(&f).await;
    let t = f.desk.test_connection(&conn.id, cat).await.unwrap();
    assert!(
        t.summary.contains("GitHub App 1001 on acme"),
        "{}",
        t.summary
    );
    assert!(t.can_create);

    let s = gh_spec("installation", "ci checkout", &["contents:read"]);
    let made = f.desk.create_token(&conn.id, cat, &s).await.unwrap();
    assert_eq!(
        made.scopes,
        ["contents:read", "metadata:read"],
        "Metadata comes with it"
    );
    let end = made.expires.clone().expect("an hour from now");
    let secret = f.desk.reveal_pending(&made.token_id).unwrap();
    assert!(secret.starts_with("ghs_"), "an installation token");
    assert!(f.desk.reveal_pending(&made.token_id).is_err(), "shown once");
    let status = f.desk.token_status(&conn.id, &made.token_id).await.unwrap();
    assert_eq!(status.verifies, Some(true), "{status:?} until {end}");

    // Beyond what the App's installation holds: refused before anything is sent.
    let before = f.sim.call_count(Vendor::GitHub, "token");
    let e = f
        .desk
        .create_token(
            &conn.id,
            cat,
            &gh_spec("installation", "too wide", &["administration:write"]),
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::ExceedsCredential, "{e:?}");
    assert!(
        e.details.join(" ").contains("administration:write"),
        "{e:?}"
    );
    assert_eq!(
        f.sim.call_count(Vendor::GitHub, "token"),
        before,
        "nothing sent"
    );

    // A create whose reply was lost is sent once and said to be unclear.
    f.sim
        .add_fault("github.token=lost@1".parse::<FaultRule>().unwrap());
    let e = f
        .desk
        .create_token(
            &conn.id,
            cat,
            &gh_spec("installation", "lost", &["issues:read"]),
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::CreateUncertain, "{e:?}");
    assert_eq!(f.sim.call_count(Vendor::GitHub, "token"), before + 1);
}

#[tokio::test]
async fn personal_tokens_are_described_verified_and_made_from_an_exact_checklist() {
    let f = fixture().await;
    let cat = f.catalogs.get("github").unwrap();
    let h = f.sim.handshake.github.clone();
    let conn = personal(&f, &h.classic_token).await;
    let t = f.desk.test_connection(&conn.id, cat).await.unwrap();
    assert!(
        t.summary.starts_with("Authenticated as @sk-admin"),
        "{}",
        t.summary
    );
    assert!(
        t.holds.iter().any(|s| s == "repo"),
        "X-OAuth-Scopes: {:?}",
        t.holds
    );
    assert!(!t.can_create);

    let fine = f
        .desk
        .verify_pasted(
            &conn.id,
            SecretString::from(h.fine_grained_token.clone()),
            None,
            None,
        )
        .await
        .unwrap();
    assert!(fine.verified, "{fine:?}");
    assert!(
        fine.summary.contains("fine-grained") && fine.summary.contains("expires"),
        "{}",
        fine.summary
    );
    let garbage = f
        .desk
        .verify_pasted(
            &conn.id,
            SecretString::from("not-a-token".to_owned()),
            None,
            None,
        )
        .await
        .unwrap();
    assert!(!garbage.format_ok && !garbage.verified);

    let s = gh_spec("fine-grained", "triage bot", &["issues:write"]);
    let plan = f.desk.guided_plan(&conn.id, cat, &s).unwrap();
    assert!(
        plan.console_url
            .ends_with("/settings/personal-access-tokens/new"),
        "{}",
        plan.console_url
    );
    let steps = plan.steps.join("\n");
    assert!(
        steps.contains("issues: write") && steps.contains("metadata: read"),
        "{steps}"
    );
    assert!(
        steps.contains(&format!("Custom, {}", s.expires_on.as_deref().unwrap())),
        "{steps}"
    );
    // An installation token is the API's to make: no checklist.
    assert!(f
        .desk
        .guided_plan(
            &conn.id,
            cat,
            &gh_spec("installation", "x", &["issues:read"])
        )
        .is_err());
}

#[tokio::test]
async fn each_fault_a_listing_meets_is_an_error_the_admin_can_act_on() {
    let f = fixture().await;
    let conn = org(&f).await;
    listing_faults_are_actionable(&f, &conn.id, "github", "PRIVATE KEY").await;
    // GitHub's secondary limit: a 403 that says when to come back is a rate limit, not a
    // missing permission.
    f.sim.clear_faults();
    f.sim
        .add_fault("github.list=403:60".parse::<FaultRule>().unwrap());
    let e = f.desk.list_tokens(&conn.id).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::VendorRateLimited, "{e:?}");
}

#[tokio::test]
async fn an_installation_token_reaches_only_the_repositories_chosen_and_helper_tokens_are_ended() {
    let f = fixture().await;
    let cat = f.catalogs.get("github").unwrap();
    let conn = org(&f).await;
    let listed = f
        .desk
        .reach_items(&conn.id, cat, "installation", "repositories")
        .await
        .unwrap();
    let names: Vec<&str> = listed.items.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["api", "web", "infra"], "{listed:?}");
    assert_eq!(listed.items[0].detail.as_deref(), Some("private"));
    assert!(!listed.more);
    // The helper tokens Scopekeeper made to list (repositories here, grants below) were ended.
    let ended = f.sim.call_count(Vendor::GitHub, "revoke");
    assert_eq!(ended, 1, "the listing's own token was deleted");
    f.desk.list_tokens(&conn.id).await.unwrap();
    assert_eq!(f.sim.call_count(Vendor::GitHub, "revoke"), ended + 1);

    let mut s = gh_spec("installation", "deploy api", &["contents:read"]);
    s.reach = vec![scopekeeper_core::token_spec::Reach {
        area: "repositories".into(),
        items: vec!["api".into()],
        except: false,
    }];
    let made = f.desk.create_token(&conn.id, cat, &s).await.unwrap();
    let secret = f.desk.reveal_pending(&made.token_id).unwrap();
    // Asked with the new token: it reaches api, and nothing else.
    let http = reqwest::Client::new();
    let api = &f.sim.handshake.github.api_url;
    let status = |repo: &'static str| {
        let req = http
            .get(format!("{api}/repos/acme/{repo}"))
            .bearer_auth(&secret)
            .header("user-agent", "scopekeeper-test");
        async move { req.send().await.unwrap().status().as_u16() }
    };
    assert_eq!(status("api").await, 200);
    assert_eq!(status("infra").await, 404, "a repository not chosen");

    // Not a kind or area GitHub narrows: said, not asked.
    let e = f
        .desk
        .reach_items(&conn.id, cat, "classic", "repositories")
        .await
        .unwrap_err();
    assert!(e.message.contains("cannot be narrowed"), "{e:?}");
}

#[tokio::test]
async fn a_classic_token_pasted_through_the_api_root_is_registered_and_audited() {
    let f = fixture().await;
    let h = f.sim.handshake.github.clone();
    let root = personal(&f, &h.classic_token).await;
    let declared = scopekeeper_core::desk::Declared {
        name: "old deploy script".into(),
        scopes: vec!["repo".into()],
        expires_on: None,
    };
    let checked = f
        .desk
        .verify_pasted(
            &root.id,
            SecretString::from(h.classic_token.clone()),
            None,
            Some(declared),
        )
        .await
        .unwrap();
    assert!(checked.verified, "{checked:?}");
    let fp = checked
        .registered
        .expect("the API root lists no tokens, so the pasted one is registered");
    let report = audit(&f).await;
    let outcome = report
        .outcomes
        .iter()
        .find(|o| o.connection_id == root.id)
        .unwrap();
    assert!(outcome.unlisted && outcome.error.is_none(), "{outcome:?}");
    let row = report
        .assessment
        .rows
        .iter()
        .find(|r| r.token.connection_id == root.id)
        .expect("the registered token in the audit");
    let t = &row.token;
    assert_eq!(
        (t.id.as_str(), t.name.as_str()),
        (fp.as_str(), "old deploy script")
    );
    assert!(
        row.findings
            .iter()
            .any(|f| f.rule == scopekeeper_core::audit::RuleId::NoExpiry),
        "no expiry, flagged: {:?}",
        row.findings
    );

    // Through the organization (its App) tokens are listed, never registered.
    let org = org(&f).await;
    let again = f
        .desk
        .verify_pasted(
            &org.id,
            SecretString::from(h.classic_token.clone()),
            None,
            Some(scopekeeper_core::desk::Declared {
                name: "x".into(),
                scopes: vec![],
                expires_on: None,
            }),
        )
        .await
        .unwrap();
    assert!(again.registered.is_none(), "{again:?}");
}
