//! Catalog browser and token builder in the real app: browse, search, reverse lookup, presets,
//! auto-added scopes with their reasons, policy errors, importing catalogs.

use std::time::Duration;

use scopekeeper_e2e::fantoccini::Locator;
use scopekeeper_e2e::{bench_catalog, Harness, Options};

/// Starts the app and opens the token builder on `vendor`.
async fn open_builder(vendor: &str) -> Harness {
    let app = Harness::start(Options::default()).await;
    app.click("[data-testid=nav-builder]").await;
    app.wait_for(
        &format!("[data-testid=builder-vendor] option[value={vendor}]"),
        Duration::from_secs(10),
    )
    .await;
    app.select("[data-testid=builder-vendor]", vendor).await;
    app
}

async fn count(app: &Harness, css: &str) -> usize {
    app.client()
        .find_all(Locator::Css(css))
        .await
        .expect("query elements")
        .len()
}

#[tokio::test(flavor = "multi_thread")]
async fn browse_a_catalog_look_up_a_permission_and_search_everything() {
    let app = Harness::start(Options::default()).await;
    // Sidebar: every built-in vendor with its scope count, and Bright's two key kinds.
    let sidebar = app
        .wait_for_text("[data-testid=vendor-list]", "the vendors", |t| {
            t.contains("Manifest")
        })
        .await;
    for v in ["Bright", "MindBridge", "Cortex", "Manifest"] {
        assert!(
            sidebar.contains(v),
            "{v} missing from the sidebar: {sidebar}"
        );
    }
    assert!(
        !sidebar.contains("Palo Alto Networks"),
        "one name for Cortex everywhere: {sidebar}"
    );
    assert!(sidebar.contains("Personal API key\n35"), "{sidebar}");
    assert!(sidebar.contains("Organization API key\n20"), "{sidebar}");

    app.click("[data-testid=vendor-manifest] button.vendor")
        .await;
    app.wait_for_text("[data-testid=catalog-title]", "Manifest", |t| {
        t.starts_with("Manifest Cyber")
    })
    .await;
    assert_eq!(count(&app, "[data-testid=scope-list] li.scope").await, 20);
    let view_all = app.text_of("li[data-scope='view-all']").await;
    assert!(view_all.contains("required"), "{view_all}");
    assert!(view_all.contains("22 permissions"), "{view_all}");
    app.click("li[data-scope='manage-people'] .expander").await;
    let perms = app.text_of("[data-testid='perms-manage-people']").await;
    assert!(
        perms.contains("read:user") && perms.contains("delete:user"),
        "{perms}"
    );
    // Its first permission, read:user, is also granted by view-all.
    app.click("[data-testid='perms-manage-people'] button.perm")
        .await;
    let lookup = app
        .wait_for_text("[data-testid=reverse-lookup]", "the granting scope", |t| {
            t.contains("manage-people")
        })
        .await;
    assert!(lookup.contains("Who grants read:user"), "{lookup}");
    assert!(lookup.contains("2 scopes in Manifest Cyber"), "{lookup}");
    assert!(lookup.contains("view-all"), "{lookup}");
    app.click("[data-testid=source-toggle]").await;
    let source = app.text_of("[data-testid=source-panel]").await;
    assert!(
        source.contains("API Token Scopes Reference") && source.contains("004_"),
        "{source}"
    );
    app.screenshot("10-catalog-manifest").await;

    // Global search: typed, results update, matches marked.
    app.fill("[data-testid=global-search]", "sbom").await;
    let summary = app
        .wait_for_text("[data-testid=search-summary]", "matches", |t| {
            t.contains("for “sbom”")
        })
        .await;
    assert!(summary.contains("match"), "{summary}");
    assert!(
        count(&app, "[data-testid=search-results] mark").await > 3,
        "no highlighted matches"
    );
    let first = app.text_of("[data-testid=search-results] li").await;
    assert!(first.contains("manifest"), "{first}");
    app.screenshot("11-search").await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn manifest_cicd_preset_locks_view_all_as_required_and_grants_24_permissions() {
    let app = open_builder("manifest").await;
    app.wait_for("label.pick[data-scope='view-all']", Duration::from_secs(10))
        .await;
    app.select("[data-testid=builder-preset]", "ci-cd-sbom-upload")
        .await;
    app.wait_for_text("[data-testid=permission-count]", "24 permissions", |t| {
        t == "24"
    })
    .await;
    let why = app.text_of("[data-testid='why-view-all']").await;
    assert!(why.contains("required for every token"), "{why}");
    let view_all = app
        .wait_for(
            "label.pick[data-scope='view-all'] input",
            Duration::from_secs(5),
        )
        .await;
    assert_eq!(
        view_all.prop("checked").await.unwrap().as_deref(),
        Some("true")
    );
    assert_eq!(
        view_all.prop("disabled").await.unwrap().as_deref(),
        Some("true"),
        "view-all must be locked"
    );
    let sboms = app
        .wait_for(
            "label.pick[data-scope='manage-sboms-and-vex'] input",
            Duration::from_secs(5),
        )
        .await;
    assert_eq!(
        sboms.prop("checked").await.unwrap().as_deref(),
        Some("true")
    );
    // The picker stays editable after a preset.
    app.click("label.pick[data-scope='export-reports'] input")
        .await;
    app.wait_for_text("[data-testid=permission-count]", "25 permissions", |t| {
        t == "25"
    })
    .await;
    app.click("label.pick[data-scope='export-reports'] input")
        .await;
    app.wait_for_text("[data-testid=permission-count]", "24 permissions", |t| {
        t == "24"
    })
    .await;
    // Review, and Create waits for a connection.
    // Enter in a settings field proceeds to the review.
    app.fill("[data-testid=token-name]", "ci-sbom-upload\u{E007}")
        .await;
    let review = app.text_of("[data-testid=review-summary]").await;
    assert!(
        review.contains("view-all, manage-sboms-and-vex"),
        "{review}"
    );
    assert!(review.contains("24: read:vulnerability"), "{review}");
    let create = app
        .wait_for("[data-testid=create-token]", Duration::from_secs(5))
        .await;
    assert_eq!(
        create.prop("disabled").await.unwrap().as_deref(),
        Some("true")
    );
    assert!(app
        .text_of("[data-testid=create-hint]")
        .await
        .contains("Connect Manifest first"));
    app.scroll_to("[data-testid=live-panel]").await;
    app.screenshot("12-builder-manifest-preset").await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn bright_scans_run_adds_projects_read_with_its_reason_and_unticking_explains() {
    let app = open_builder("bright").await;
    app.wait_for(
        "[data-testid=builder-kind] option[value=personal]",
        Duration::from_secs(10),
    )
    .await;
    app.select("[data-testid=builder-kind]", "personal").await;
    app.click("label.pick[data-scope='scans:run'] input").await;
    let why = app
        .wait_for_text("[data-testid='why-projects:read']", "the reason", |t| {
            !t.is_empty()
        })
        .await;
    assert!(
        why.contains("required by scans:run: projects:read is required for running a scan"),
        "{why}"
    );
    let added = app.text_of("[data-testid=added-list]").await;
    assert!(added.contains("projects:read"), "{added}");
    // `user` is selected by default: ticked, and the admin may untick it.
    let user = app
        .wait_for(
            "label.pick[data-scope='user'] input",
            Duration::from_secs(5),
        )
        .await;
    assert_eq!(user.prop("checked").await.unwrap().as_deref(), Some("true"));
    assert_eq!(
        user.prop("disabled").await.unwrap().as_deref(),
        Some("false")
    );
    app.screenshot("13-builder-bright-scans-run").await;
    app.click("label.pick[data-scope='scans:run'] input").await;
    let note = app
        .wait_for_text("[data-testid=builder-note]", "what goes", |t| {
            t.contains("also removes")
        })
        .await;
    assert!(note.contains("projects:read"), "{note}");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn invalid_cidr_and_over_limit_expiry_are_refused_with_clear_messages() {
    let app = Harness::start(Options::default()).await;
    app.click("[data-testid=nav-builder]").await;
    app.wait_for(
        "[data-testid=builder-vendor] option[value=mindbridge]",
        Duration::from_secs(10),
    )
    .await;
    app.select("[data-testid=builder-vendor]", "mindbridge")
        .await;
    app.click("label.pick[data-scope='api.engagements.read'] input")
        .await;
    app.fill("[data-testid=token-ips]", "203.0.113.0/24, 10.0.0.1/33")
        .await;
    let ip = app
        .wait_for_text("[data-testid=ip-error]", "the CIDR error", |t| {
            t.contains("/33")
        })
        .await;
    assert_eq!(
        ip, "/33 is not a prefix length from 0 to 32",
        "code, not backticks"
    );
    // Leaving the builder and coming back by the sidebar keeps the draft.
    app.click("[data-testid=nav-activity]").await;
    app.click("[data-testid=nav-builder]").await;
    let kept = app
        .wait_for("[data-testid=token-ips]", Duration::from_secs(10))
        .await
        .prop("value")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some("203.0.113.0/24, 10.0.0.1/33"));
    app.set_value("[data-testid=token-expiry]", "2099-01-01")
        .await;
    let expiry = app
        // The check is asynchronous: wait for the verdict on this date, not any message.
        .wait_for_text("[data-testid=expiry-error]", "the expiry error", |t| {
            t.contains("limit")
        })
        .await;
    assert!(
        expiry.contains("past the vendor's limit of 730 days"),
        "{expiry}"
    );
    app.set_value("[data-testid=token-expiry]", "2001-01-01")
        .await;
    app.wait_for_text("[data-testid=expiry-error]", "a past-date error", |t| {
        t.contains("is not in the future")
    })
    .await;
    app.set_value("[data-testid=token-expiry]", "2099-01-01")
        .await;
    app.wait_for_text("[data-testid=expiry-error]", "the limit again", |t| {
        t.contains("730")
    })
    .await;
    // Typed as a person types it, key by key: the field keeps exactly what was typed (a
    // locale date editor turned `2029-12-01` into 0001-12-12).
    app.fill("[data-testid=token-expiry]", "2029-12-01").await;
    app.wait_for_text(
        "[data-testid=expiry-error]",
        "the typed date's verdict",
        |t| t.starts_with("2029-12-01 is past the vendor's limit"),
    )
    .await;
    app.scroll_to("[data-testid=token-settings]").await;
    app.screenshot("14-builder-policy-errors").await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_broken_catalog_shows_every_located_error_and_the_gcp_catalog_imports_and_searches() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.json");
    std::fs::write(
        &broken,
        "{\n  \"vendor\": \"Broken\",\n  \"scopes\": [\n    {\"id\": \"a\", \"implies\": [\"ghost\"]},\n    {\"id\": \"a\"}\n  ]\n}\n",
    )
    .unwrap();
    let app = Harness::start(Options::default()).await;
    app.wait_for_text("[data-testid=vendor-list]", "the vendors", |t| {
        t.contains("Manifest")
    })
    .await;
    app.click("[data-testid=import-open]").await;
    // The file is chosen in the system's dialog, which the app's Rust side opens.
    app.click("[data-testid=import-submit]").await;
    app.choose_file("Import a catalog file", &broken).await;
    let errors = app
        .wait_for_text("[data-testid=import-errors]", "the located errors", |t| {
            t.contains("problems")
        })
        .await;
    let name = broken.display().to_string();
    assert!(
        errors.contains(&format!(
            "{name}:4:29: scopes[0].implies[0]: unknown scope ghost in implies"
        )),
        "{errors}"
    );
    assert!(
        errors.contains(&format!("{name}:5:12: scopes[1].id: duplicate scope id a")),
        "{errors}"
    );
    app.screenshot("15-import-broken").await;

    let gcp = bench_catalog("gcp-predefined-roles.json");
    app.click("[data-testid=import-submit]").await;
    app.choose_file("Import a catalog file", &gcp).await;
    app.wait_for_text("[data-testid=catalog-title]", "the GCP catalog", |t| {
        t.starts_with("Google Cloud IAM")
    })
    .await;
    let sidebar = app.text_of("[data-testid=vendor-list]").await;
    assert!(
        sidebar.contains("Google Cloud IAM (predefined roles)"),
        "{sidebar}"
    );
    assert!(sidebar.contains("2461"), "{sidebar}");
    app.fill("[data-testid=global-search]", "storage.objects.get")
        .await;
    let summary = app
        .wait_for_text("[data-testid=search-summary]", "GCP matches", |t| {
            t.contains("for “storage.objects.get”")
        })
        .await;
    assert!(!summary.starts_with("0 "), "{summary}");
    let first = app.text_of("[data-testid=search-results] li").await;
    assert!(first.contains("storage.objects.get"), "{first}");
    app.screenshot("16-gcp-search").await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn least_privilege_suggestion_spec_export_and_load_compare_and_remove() {
    let dir = tempfile::tempdir().unwrap();
    let app = open_builder("manifest").await;
    app.wait_for("label.pick[data-scope='view-all']", Duration::from_secs(10))
        .await;

    // "I need these permissions" → the least-privilege selection → applied.
    app.click(".needs summary").await;
    app.fill(
        "[data-testid=needs-input]",
        "create:ticket, update:label\u{E007}",
    )
    .await;
    app.click("[data-testid=needs-suggest]").await;
    let suggestion = app
        .wait_for_text("[data-testid=suggestion]", "a suggestion", |t| {
            t.contains("scope")
        })
        .await;
    assert!(
        suggestion.contains("2 scopes (proven fewest scopes)")
            && suggestion.contains("manage-labels")
            && suggestion.contains("create-tickets"),
        "{suggestion}"
    );
    app.click("[data-testid=suggestion] button.primary").await;
    app.wait_for_text("[data-testid=scope-count]", "3 scopes", |t| t == "3")
        .await;

    // Export the spec, change the selection, compare with the file, load it back.
    let spec = dir.path().join("spec.json");
    app.fill("[data-testid=token-name]", "labels-and-tickets")
        .await;
    app.click("[data-testid=spec-export]").await;
    app.choose_file("Save the token spec", &spec).await;
    app.wait_for_text("[data-testid=spec-message]", "saved", |t| {
        t == "Saved to spec.json"
    })
    .await;
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&spec).unwrap()).unwrap();
    assert_eq!(saved["vendor"], "manifest");
    assert_eq!(saved["name"], "labels-and-tickets");
    assert_eq!(
        saved["scopes"],
        serde_json::json!(["manage-labels", "create-tickets"])
    );
    app.click("label.pick[data-scope='export-reports'] input")
        .await;
    app.wait_for_text("[data-testid=scope-count]", "4 scopes", |t| t == "4")
        .await;
    app.select("[data-testid=compare-with]", "spec").await;
    app.click("[data-testid=compare-run]").await;
    app.choose_file("Open a token spec", &spec).await;
    let cmp = app
        .wait_for_text("[data-testid=comparison]", "the diff", |t| {
            t.contains("Excess")
        })
        .await;
    assert!(cmp.contains("create:product-vdr-report"), "{cmp}");
    app.click("[data-testid=spec-load]").await;
    app.choose_file("Open a token spec", &spec).await;
    app.wait_for_text("[data-testid=spec-message]", "loaded", |t| {
        t == "Loaded spec.json"
    })
    .await;
    app.wait_for_text("[data-testid=scope-count]", "3 scopes again", |t| t == "3")
        .await;
    app.screenshot("17-builder-suggest-spec").await;

    // An imported catalog can be removed again.
    let acme = dir.path().join("acme.json");
    std::fs::write(
        &acme,
        r#"{"vendor": "Acme", "id": "acme", "scopes": [{"id": "a"}]}"#,
    )
    .unwrap();
    app.click("[data-testid=import-open]").await;
    app.click("[data-testid=import-submit]").await;
    app.choose_file("Import a catalog file", &acme).await;
    app.wait_for_text("[data-testid=catalog-title]", "Acme", |t| {
        t.starts_with("Acme")
    })
    .await;
    app.click("[data-testid=remove-catalog]").await;
    app.wait_for_text("[data-testid=vendor-list]", "Acme gone", |t| {
        !t.contains("Acme") && t.contains("Manifest")
    })
    .await;
    app.stop().await;
}
