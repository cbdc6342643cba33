//! GitLab through the desk, against its simulator over real HTTP: a project access token made
//! from a spec (scopes, its role, a mandatory expiry), revealed once, verified, listed with its
//! last use, rotated (a new token in its place, the old value dead) and revoked; a create whose
//! reply broke (found by reconciling); a role above the creator's refused before anything is
//! sent; personal tokens made for a user by an administrator and seen instance-wide; the wrong
//! kind for a connection refused with the fix; and each fault a listing can meet.

use scopekeeper_core::connection::Connection;
use scopekeeper_core::error::ErrorKind;
use scopekeeper_core::token_spec::TokenSpec;
use scopekeeper_sim::{FaultRule, Vendor};

mod desk_support;
use desk_support::*;

/// A connection on `path` under the API root (`projects/7`, `users/2`, or `` for the instance).
async fn connect(f: &Fixture, path: &str, token: &str) -> Connection {
    let h = &f.sim.handshake.gitlab;
    let base = if path.is_empty() {
        h.api_url.clone()
    } else {
        format!("{}/{path}", h.api_url)
    };
    f.desk
        .save_connection(
            input("gitlab", "personal", &base, token),
            f.catalogs.get("gitlab").unwrap(),
        )
        .await
        .unwrap()
}

fn project(f: &Fixture) -> String {
    format!("projects/{}", f.sim.handshake.gitlab.project_id)
}

fn gl_spec(kind: &str, name: &str, scopes: &[&str]) -> TokenSpec {
    let mut s = spec("gitlab", kind, scopes, 30);
    s.name = name.into();
    s
}

fn has(scopes: &[String], id: &str) -> bool {
    scopes.iter().any(|s| s == id)
}

#[tokio::test]
async fn a_project_token_is_created_with_its_role_revealed_once_listed_with_last_use_and_revoked() {
    let f = fixture().await;
    let cat = f.catalogs.get("gitlab").unwrap();
    let conn = connect(&f, &project(&f), &f.sim.handshake.gitlab.token).await;
    let before = f.desk.list_tokens(&conn.id).await.unwrap().len();
    let s = gl_spec("project", "ci clone", &["read_repository", "role:reporter"]);
    let created = f.desk.create_token(&conn.id, cat, &s).await.unwrap();
    assert!(has(&created.scopes, "read_repository"), "{created:?}");
    assert!(
        has(&created.scopes, "role:reporter"),
        "the role GitLab gave it"
    );
    assert!(!has(&created.scopes, "role:developer"));
    assert_eq!(created.env_var, "GITLAB_TOKEN");
    // The last day chosen is the spec's; GitLab stops the token at the next midnight (UTC).
    let last_day = s.expires_on.clone().unwrap();
    let end = created.expires.clone().unwrap();
    assert!(
        end.ends_with("T00:00:00Z") && end[..10] > *last_day,
        "{end} after {last_day}"
    );
    let secret = f.desk.reveal_pending(&created.token_id).unwrap();
    assert!(secret.starts_with("glpat-"), "GitLab's token prefix");
    assert!(
        f.desk.reveal_pending(&created.token_id).is_err(),
        "shown once"
    );
    let status = f
        .desk
        .token_status(&conn.id, &created.token_id)
        .await
        .unwrap();
    assert!(status.listed && status.verifies == Some(true), "{status:?}");

    let listed = f.desk.list_tokens(&conn.id).await.unwrap();
    assert_eq!(listed.len(), before + 1);
    let mine = listed.iter().find(|t| t.id == created.token_id).unwrap();
    assert!(mine.last_used.is_some(), "used when verified: {mine:?}");
    assert!(mine.allowlist.is_empty() && mine.broad_reach.is_none());
    assert!(
        listed
            .iter()
            .all(|t| t.scopes.iter().any(|s| s.starts_with("role:"))),
        "every project token carries its role"
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
    assert!(
        !status.listed,
        "a revoked token leaves the inventory: {status:?}"
    );
}

#[tokio::test]
async fn an_unclear_create_may_exist_and_reconciling_finds_it() {
    let f = fixture().await;
    let cat = f.catalogs.get("gitlab").unwrap();
    let conn = connect(&f, &project(&f), &f.sim.handshake.gitlab.token).await;
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
            format!("gitlab.create={fault}@1")
                .parse::<FaultRule>()
                .unwrap(),
        );
        let s = gl_spec(
            "project",
            &format!("unclear-{n}"),
            &["read_api", "role:guest"],
        );
        let before = f.sim.call_count(Vendor::GitLab, "create");
        let e = f.desk.create_token(&conn.id, cat, &s).await.unwrap_err();
        assert_eq!(e.kind, ErrorKind::CreateUncertain, "{fault}: {e:?}");
        assert_eq!(
            f.sim.call_count(Vendor::GitLab, "create"),
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
        .add_fault("gitlab.create=503@1".parse::<FaultRule>().unwrap());
    let e = f
        .desk
        .create_token(&conn.id, cat, &gl_spec("project", "refused", &["read_api"]))
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::VendorUnavailable);
}

#[tokio::test]
async fn personal_tokens_are_made_for_a_user_and_a_role_above_the_creators_is_refused_unsent() {
    let f = fixture().await;
    let cat = f.catalogs.get("gitlab").unwrap();
    let h = &f.sim.handshake.gitlab;
    // An administrator makes a personal token for alice (user 2, Maintainer of the project).
    let for_alice = connect(&f, "users/2", &h.token).await;
    let made = f
        .desk
        .create_token(
            &for_alice.id,
            cat,
            &gl_spec("personal", "alice api", &["api"]),
        )
        .await
        .unwrap();
    assert!(has(&made.scopes, "api") && !made.scopes.iter().any(|s| s.starts_with("role:")));
    let alice = f.desk.reveal_pending(&made.token_id).unwrap();
    // Instance-wide, the administrator sees it among every personal token, each reaching all
    // its user can.
    let instance = connect(&f, "", &h.token).await;
    let all = f.desk.list_tokens(&instance.id).await.unwrap();
    let seen = all.iter().find(|t| t.id == made.token_id).expect("listed");
    assert_eq!(seen.created_by.as_deref(), Some("user 2"));
    assert!(seen.broad_reach.is_some());
    // The instance connection names nobody, so it makes nothing, and says where to.
    let e = f
        .desk
        .create_token(
            &instance.id,
            cat,
            &gl_spec("personal", "nobody's", &["read_api"]),
        )
        .await
        .unwrap_err();
    assert!(e.message.contains("/users/{id}"), "{}", e.message);

    // As alice on the project: a Maintainer cannot make an Owner token.
    let conn = connect(&f, &project(&f), &alice).await;
    let before = f.sim.call_count(Vendor::GitLab, "create");
    let e = f
        .desk
        .create_token(
            &conn.id,
            cat,
            &gl_spec("project", "too high", &["read_api", "role:owner"]),
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::ExceedsCredential, "{e:?}");
    assert!(e.details.join(" ").contains("role:owner"), "{e:?}");
    assert_eq!(
        f.sim.call_count(Vendor::GitLab, "create"),
        before,
        "nothing sent"
    );
    let ok = f
        .desk
        .create_token(
            &conn.id,
            cat,
            &gl_spec("project", "as high", &["read_api", "role:maintainer"]),
        )
        .await
        .unwrap();
    assert!(has(&ok.scopes, "role:maintainer"));
    // The wrong kind for the connection: refused with the fix, nothing sent.
    let e = f
        .desk
        .create_token(
            &conn.id,
            cat,
            &gl_spec("group", "wrong kind", &["read_api", "role:guest"]),
        )
        .await
        .unwrap_err();
    assert!(e.message.contains("makes project tokens"), "{}", e.message);
    assert_eq!(f.sim.call_count(Vendor::GitLab, "create"), before + 1);
}

#[tokio::test]
async fn a_rotated_token_is_a_new_one_with_the_same_scopes_and_the_old_value_is_dead() {
    let f = fixture().await;
    let cat = f.catalogs.get("gitlab").unwrap();
    let conn = connect(&f, &project(&f), &f.sim.handshake.gitlab.token).await;
    let s = gl_spec("project", "to rotate", &["read_registry", "role:developer"]);
    let made = f.desk.create_token(&conn.id, cat, &s).await.unwrap();
    let old = f.desk.reveal_pending(&made.token_id).unwrap();

    let rotated = f
        .desk
        .roll_token(&conn.id, &made.token_id, &as_listed(&f, &conn.id))
        .await
        .unwrap();
    assert_ne!(
        rotated.token_id, made.token_id,
        "GitLab rotates into a new token"
    );
    assert_eq!(rotated.scopes, made.scopes, "the same scopes and role");
    assert_eq!(
        rotated.expires, made.expires,
        "the same end, not GitLab's one-week default"
    );
    let new = f.desk.reveal_pending(&rotated.token_id).unwrap();
    assert_ne!(new, old);
    let gone = f.desk.token_status(&conn.id, &made.token_id).await.unwrap();
    assert!(!gone.listed, "the old token is revoked: {gone:?}");
    let now = f
        .desk
        .token_status(&conn.id, &rotated.token_id)
        .await
        .unwrap();
    assert!(now.listed && now.verifies == Some(true), "{now:?}");
    let logged = f.desk.recent_actions(5).unwrap();
    let rolled = logged.iter().find(|a| a.action == "rolled").unwrap();
    assert!(rolled
        .detail
        .contains(&format!("now token {}", rotated.token_id)));
    assert!(!rolled.detail.contains(&new) && !rolled.detail.contains(&old));

    // A rotate whose reply was lost is sent once; the old token may be gone, so the admin is
    // told to list again and roll the new one, not to roll the old one again.
    f.sim
        .add_fault("gitlab.rotate=lost@1".parse::<FaultRule>().unwrap());
    let before = f.sim.call_count(Vendor::GitLab, "rotate");
    let e = f
        .desk
        .roll_token(&conn.id, &rotated.token_id, &as_listed(&f, &conn.id))
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::CreateUncertain, "{e:?}");
    assert!(
        e.message.contains("run the audit again") && !e.message.contains("Roll it again"),
        "{}",
        e.message
    );
    assert_eq!(f.sim.call_count(Vendor::GitLab, "rotate"), before + 1);
}

#[tokio::test]
async fn each_fault_a_listing_meets_is_an_error_the_admin_can_act_on() {
    let f = fixture().await;
    let conn = connect(&f, &project(&f), &f.sim.handshake.gitlab.token).await;
    listing_faults_are_actionable(&f, &conn.id, "gitlab", &f.sim.handshake.gitlab.token).await;
}
