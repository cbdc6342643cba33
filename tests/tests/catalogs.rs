//! The catalog browser in the real app: browse, reverse lookup, search everything; importing a
//! broken catalog (every error located) and a large one (GCP) through the system's file dialog.

use scopekeeper_e2e::{bench_catalog, Harness, Options};

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
    assert_eq!(app.count("[data-testid=scope-list] li.scope").await, 20);
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
        app.count("[data-testid=search-results] mark").await > 3,
        "no highlighted matches"
    );
    let first = app.text_of("[data-testid=search-results] li").await;
    assert!(first.contains("manifest"), "{first}");
    app.screenshot("11-search").await;
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
