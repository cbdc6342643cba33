//! The audit's inventory over real HTTP to the simulators: every connection read at once, each
//! token normalized with its effective permissions, a failing connection reported on its own,
//! and the findings engine scoring what was read.

use scopekeeper_core::audit::{findings, score, AuditContext, Twins};
use scopekeeper_core::error::ErrorKind;
use scopekeeper_core::vendor::Vendor as VendorId;

mod desk_support;
use desk_support::*;

#[tokio::test]
async fn every_connection_is_read_at_once_and_one_failure_loses_nothing() {
    let f = fixture().await;
    let added = add_all_sandboxes(&f).await;
    let broken = connect_mindbridge(&f, "wrong-token-0000000000000000000000000000").await;
    let progress = std::sync::Mutex::new(Vec::new());
    let inv = scopekeeper_core::audit::inventory(
        &f.desk,
        &|v| f.catalogs.get(v.id()).cloned(),
        &|id, p| progress.lock().unwrap().push((id.to_owned(), p)),
    )
    .await;

    assert_eq!(inv.outcomes.len(), 8);
    let outcome = |id: &str| inv.outcomes.iter().find(|o| o.connection_id == id).unwrap();
    let bad = outcome(&broken.id);
    assert_eq!(
        bad.error.as_ref().unwrap().kind,
        ErrorKind::VendorUnauthorized
    );
    assert_eq!(bad.tokens, 0);
    for c in &added {
        let o = outcome(&c.id);
        assert!(o.error.is_none(), "{o:?}");
        match c.vendor {
            VendorId::MindBridge
            | VendorId::Cortex
            | VendorId::Cloudflare
            | VendorId::GitLab
            | VendorId::GitHub => {
                let listed = f.desk.list_tokens(&c.id).await.unwrap().len();
                assert_eq!(o.tokens, listed, "{}", c.label);
                assert!(listed > 0 && !o.unlisted);
                let last = progress
                    .lock()
                    .unwrap()
                    .iter()
                    .rev()
                    .find(|(id, _)| id == &c.id)
                    .map(|(_, p)| *p)
                    .expect("progress reported");
                assert_eq!(last.tokens_seen, listed);
            }
            VendorId::Bright | VendorId::Manifest => assert!(o.unlisted && o.tokens == 0),
        }
    }

    // What was read is scored: the sandbox admin (everything, any address) is a risk, a narrow
    // allowlisted token much less of one.
    let mb = f.catalogs.get("mindbridge").unwrap();
    let needed = ["api.api-tokens.read".to_owned()];
    let ctx = AuditContext {
        now_ms: chrono::Utc::now().timestamp_millis(),
        catalog: mb,
        max_days: Some(730),
        template: None,
        parent: None,
        needed: &needed,
        twins: &Twins::new(&inv.tokens),
        settings: &Default::default(),
        strong: None,
    };
    let of = |name: &str| {
        let t = inv.tokens.iter().find(|t| t.name == name).unwrap();
        score(&findings(t, &ctx))
    };
    let admin = of("Scopekeeper sandbox admin");
    let narrow = of("ci-read");
    assert!(
        admin >= 50 && narrow < 25,
        "admin {admin}, ci-read {narrow}"
    );
}

#[tokio::test]
async fn an_audit_run_scores_every_connection_marks_tokens_created_here_and_reads_cortex_roles() {
    use scopekeeper_core::audit::TokenSource;
    let f = fixture().await;
    let added = add_all_sandboxes(&f).await;
    let mb = &added[0];
    let made = f
        .desk
        .create_token(
            &mb.id,
            f.catalogs.get("mindbridge").unwrap(),
            &spec("mindbridge", "api-token", &["api.engagements.read"], 30),
        )
        .await
        .unwrap();
    let report = audit(&f).await;
    let rows = &report.assessment.rows;
    assert_eq!(report.actor, "tester");
    assert_eq!(report.outcomes.len(), 7);
    assert!(report.outcomes.iter().all(|o| o.error.is_none()));

    // Rows come vendor by vendor, each connection's credential first.
    let first_of = |v: VendorId| rows.iter().find(|r| r.token.vendor == v).unwrap();
    assert!(
        first_of(VendorId::MindBridge)
            .token
            .is_connection_credential
    );
    assert!(first_of(VendorId::Cortex).token.is_connection_credential);
    let vendors: Vec<VendorId> = rows.iter().map(|r| r.token.vendor).collect();
    let mut sorted = vendors.clone();
    sorted.sort();
    assert_eq!(vendors, sorted);

    let ours = rows.iter().find(|r| r.token.id == made.token_id).unwrap();
    assert_eq!(ours.token.source, TokenSource::CreatedHere);
    let theirs = rows.iter().find(|r| r.token.name == "ci-read").unwrap();
    assert_eq!(theirs.token.source, TokenSource::VendorApi);

    // Cortex keys' permissions are what the tenant's roles grant (the seeded legacy key is an
    // Instance Admin: tenant-wide, elevated, never expires).
    let legacy = rows
        .iter()
        .find(|r| r.token.name == "legacy automation")
        .unwrap();
    assert!(legacy
        .token
        .permissions
        .iter()
        .any(|p| p == "Tenant-wide permissions"));
    assert_eq!(
        legacy.token.owner.as_deref(),
        Some("former.admin@example.com")
    );
    for chip in ["elevated", "no_expiry"] {
        assert!(
            legacy.chips.iter().any(|c| c == chip),
            "{chip}: {:?}",
            legacy.chips
        );
    }
    assert!(legacy.score >= 45, "{}", legacy.score);
    assert_eq!(
        report.assessment.blocks.len(),
        5,
        "MindBridge, Cortex, Cloudflare, GitLab and GitHub have tokens"
    );
}

#[tokio::test]
async fn a_replaced_token_is_revoked_only_once_its_replacement_exists_and_the_log_links_them() {
    let f = fixture().await;
    let mb = connect_mindbridge(&f, &f.sim.handshake.mindbridge.token.clone()).await;
    let listed = f.desk.list_tokens(&mb.id).await.unwrap();
    let old = listed
        .iter()
        .find(|t| t.name == "legacy-integration")
        .unwrap();

    // No replacement yet: refused, and the old token is still there.
    let refused = f
        .desk
        .revoke_replaced(&mb.id, &old.id, "no-such-token")
        .await
        .unwrap_err();
    assert_eq!(refused.kind, ErrorKind::NotFound);
    assert!(refused.message.contains("was kept"), "{}", refused.message);
    // Nor by a token someone else made, nor by itself.
    let theirs = listed.iter().find(|t| t.name == "ci-read").unwrap();
    let refused = f
        .desk
        .revoke_replaced(&mb.id, &old.id, &theirs.id)
        .await
        .unwrap_err();
    assert!(
        refused.message.contains("not created here"),
        "{}",
        refused.message
    );
    assert!(f
        .desk
        .revoke_replaced(&mb.id, &old.id, &old.id)
        .await
        .is_err());
    assert!(f
        .desk
        .list_tokens(&mb.id)
        .await
        .unwrap()
        .iter()
        .any(|t| t.id == old.id));

    let new = f
        .desk
        .create_token(
            &mb.id,
            f.catalogs.get("mindbridge").unwrap(),
            &spec("mindbridge", "api-token", &["api.engagements.read"], 30),
        )
        .await
        .unwrap();
    f.desk
        .revoke_replaced(&mb.id, &old.id, &new.token_id)
        .await
        .unwrap();
    let after = f.desk.list_tokens(&mb.id).await.unwrap();
    assert!(!after.iter().any(|t| t.id == old.id));
    assert!(after.iter().any(|t| t.id == new.token_id));
    let log = f.desk.recent_actions(5).unwrap();
    let revoked = log.iter().find(|e| e.action == "revoked").unwrap();
    assert_eq!(revoked.token_id.as_deref(), Some(old.id.as_str()));
    assert!(revoked.detail.contains(&new.token_id), "{}", revoked.detail);
}

#[tokio::test]
async fn a_template_assigned_after_the_run_is_judged_without_asking_the_vendor_again() {
    use scopekeeper_core::audit::templates::resolved;
    use scopekeeper_core::audit::{token_key, AuditSettings, Template, TemplateSource};
    let f = fixture().await;
    add_all_sandboxes(&f).await;
    let catalog_of = |v: VendorId| f.catalogs.get(v.id()).cloned();
    let settings = AuditSettings::default();
    let report = scopekeeper_core::audit::run(
        &f.desk,
        &catalog_of,
        &settings,
        &Default::default(),
        &|_, _| {},
    )
    .await;
    let etl = report
        .assessment
        .rows
        .iter()
        .find(|r| r.token.name == "etl-loader")
        .unwrap();
    assert!(!etl.chips.iter().any(|c| c == "excess"));
    let key = token_key(&etl.token);
    let templates = std::collections::BTreeMap::from([(
        key.clone(),
        Template {
            vendor: VendorId::MindBridge,
            source: TemplateSource::Suggestion,
            name: "Least privilege for reading files".into(),
            scopes: vec!["api.file-manager.read".into()],
        },
    )]);
    let calls = f
        .sim
        .call_count(scopekeeper_sim::Vendor::MindBridge, "query");
    let generated = report.generated_ms;
    let again = scopekeeper_core::audit::reassess(
        &f.desk,
        report,
        &catalog_of,
        &settings,
        &resolved(&templates, &catalog_of),
    );
    assert_eq!(
        f.sim
            .call_count(scopekeeper_sim::Vendor::MindBridge, "query"),
        calls,
        "no vendor was asked"
    );
    assert_eq!(again.generated_ms, generated);
    let etl = again
        .assessment
        .rows
        .iter()
        .find(|r| token_key(&r.token) == key)
        .unwrap();
    assert_eq!(
        etl.template.as_deref(),
        Some("Least privilege for reading files")
    );
    let excess = etl
        .findings
        .iter()
        .find(|f| f.rule == "excess_over_template")
        .expect("excess over the template");
    assert!(
        excess.evidence.contains("api.file-manager.write"),
        "{}",
        excess.evidence
    );
}

#[tokio::test]
async fn a_pasted_bright_token_is_known_to_the_audit_by_its_fingerprint_only() {
    use scopekeeper_core::desk::{fingerprint, Declared};
    use scopekeeper_core::secret::SecretString;
    let f = fixture().await;
    let added = add_all_sandboxes(&f).await;
    let bright = added.iter().find(|c| c.vendor == VendorId::Bright).unwrap();
    let key = f.sim.handshake.bright.api_key.clone();
    let paste = |token: &str, expires: &str| {
        f.desk.verify_pasted(
            &bright.id,
            SecretString::from(token.to_owned()),
            None,
            Some(Declared {
                name: "dast-ci".into(),
                scopes: vec!["scans".into()],
                expires_on: Some(expires.into()),
            }),
        )
    };
    // A bad date is refused and nothing is kept; a malformed key is not registered.
    let bad = paste(&key, "2027-13-01").await.unwrap_err();
    assert!(bad.message.contains("2027-13-01"), "{}", bad.message);
    let wrong = paste("nope", "2027-01-31").await.unwrap();
    assert!(wrong.registered.is_none());

    let ok = paste(&key, "2027-01-31").await.unwrap();
    let fp = fingerprint(&SecretString::from(key.clone()));
    assert_eq!(ok.registered.as_deref(), Some(fp.as_str()));
    assert_eq!(fp.len(), "sha256:".len() + 12);
    assert_no_file_contains(f.dir.path(), &key);

    in_the_audit_as_known(&f, &bright.id, &fp).await;

    f.desk.forget_registered(&bright.id, &fp).unwrap();
    assert!(!audit(&f)
        .await
        .assessment
        .rows
        .iter()
        .any(|r| r.token.id == fp));
    assert!(f.desk.forget_registered(&bright.id, &fp).is_err());
}

/// The registered token is a row of the audit, known to Scopekeeper, with its declared scopes'
/// permissions; its connection's outcome counts it.
async fn in_the_audit_as_known(f: &Fixture, conn: &str, fp: &str) {
    use scopekeeper_core::audit::TokenSource;
    let report = audit(f).await;
    let row = report
        .assessment
        .rows
        .iter()
        .find(|r| r.token.id == fp)
        .expect("known to the audit");
    assert_eq!(row.token.source, TokenSource::Registered);
    assert_eq!(row.token.name, "dast-ci");
    let perms = &row.token.permissions;
    assert!(perms.iter().any(|p| p.starts_with("scans:")), "{perms:?}");
    let outcome = report
        .outcomes
        .iter()
        .find(|o| o.connection_id == conn)
        .unwrap();
    assert!(outcome.unlisted && outcome.tokens == 1);
}
