//! How the app looks on a 1024×700 screen (its smallest supported size), in the dark theme,
//! with the largest catalog loaded: screenshots to look at, plus the layout facts a person
//! would notice.

use std::time::{Duration, Instant};

use scopekeeper_e2e::{bench_catalog, Harness, Options};

/// The page never scrolls sideways: nothing is cut off at the right edge.
async fn assert_no_horizontal_overflow(app: &Harness, screen: &str) {
    let v = app
        .client()
        .execute(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];",
            vec![],
        )
        .await
        .expect("measure the page");
    let (scroll, client) = (v[0].as_u64().unwrap(), v[1].as_u64().unwrap());
    assert!(
        scroll <= client,
        "{screen}: the page is {scroll}px wide in a {client}px window"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_1024x700_screen_the_dark_theme_and_the_gcp_catalog() {
    let app = Harness::start(Options {
        screen: (1024, 700),
        dark: true,
        ..Options::default()
    })
    .await;
    app.wait_for_text("[data-testid=vendor-list]", "the vendors", |t| {
        t.contains("Manifest")
    })
    .await;
    // The window fits the small screen, and nothing is cut off at its edge.
    let inner = app
        .client()
        .execute("return [window.innerWidth, window.innerHeight];", vec![])
        .await
        .unwrap();
    assert!(
        inner[0].as_u64().unwrap() <= 1024 && inner[1].as_u64().unwrap() <= 700,
        "the window does not fit a 1024x700 screen: {inner}"
    );
    let bg = app
        .client()
        .execute(
            "return getComputedStyle(document.documentElement).backgroundColor;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(bg, "rgb(21, 23, 27)", "the dark theme did not apply");
    assert_no_horizontal_overflow(&app, "status").await;

    app.click("[data-testid=nav-builder]").await;
    app.wait_for("label.pick", Duration::from_secs(10)).await;
    assert_no_horizontal_overflow(&app, "builder").await;
    app.screenshot("20-builder-1024x700-dark").await;

    a_large_catalog_pages_its_rows(&app).await;
    the_token_list_fits(&app).await;
    the_audit_fits(&app).await;
    history_and_offboarding_fit(&app).await;
    app.stop().await;
}

/// GCP imported through the system's dialog: its 2,461 roles render a page at a time.
async fn a_large_catalog_pages_its_rows(app: &Harness) {
    app.click("[data-testid=import-open]").await;
    let start = Instant::now();
    app.click("[data-testid=import-submit]").await;
    app.choose_file(
        "Import a catalog file",
        &bench_catalog("gcp-predefined-roles.json"),
    )
    .await;
    app.wait_for(
        "li.scope[data-scope='roles/accessapproval.admin']",
        Duration::from_secs(30),
    )
    .await;
    let shown = start.elapsed();
    // Large catalogs render a page of rows at a time.
    let count = app.text_of("[data-testid=shown-count]").await;
    assert_eq!(count, "300 of 2461 shown");
    app.click_settled("[data-testid=show-more]").await;
    app.wait_for_text("[data-testid=shown-count]", "the next page", |t| {
        t == "600 of 2461 shown"
    })
    .await;
    let rows = app
        .client()
        .execute(
            "return document.querySelectorAll('li.scope').length;",
            vec![],
        )
        .await
        .unwrap();
    eprintln!("GCP import and catalog view with {rows} rows: {shown:?}");
    assert_no_horizontal_overflow(app, "GCP catalog").await;
    app.fill("[data-testid=catalog-filter]", "storage.objects")
        .await;
    app.wait_for_text("[data-testid=scope-list]", "filtered roles", |t| {
        t.contains("roles/storage.objectViewer")
    })
    .await;
    assert_eq!(app.text_of("[data-testid=shown-count]").await, "151 shown");
    app.screenshot("21-gcp-catalog-1024x700-dark").await;
}

/// Connections and the vendor's token list, small and dark: nothing cut off.
async fn the_token_list_fits(app: &Harness) {
    app.click("[data-testid=nav-connections]").await;
    app.click("[data-testid=sandbox-add]").await;
    app.wait_for(
        "[data-testid=connection-mindbridge-sandbox]",
        Duration::from_secs(20),
    )
    .await;
    app.click("[data-testid=connection-mindbridge-sandbox]")
        .await;
    app.wait_for_text("[data-testid=token-table]", "the vendor's tokens", |t| {
        t.contains("quarterly-reporting")
    })
    .await;
    app.click("[data-testid=token-row]:nth-child(3) [data-testid=revoke]")
        .await;
    app.wait_for("[data-testid=revoke-confirm]", Duration::from_secs(5))
        .await;
    assert_no_horizontal_overflow(app, "connections").await;
    app.screenshot("22-connections-1024x700-dark").await;
}

/// The audit, small and dark: the page never scrolls sideways (the matrix scrolls inside its
/// own frame), and a drawer opens within the window.
async fn the_audit_fits(app: &Harness) {
    app.click("[data-testid=nav-audit]").await;
    app.click("[data-testid=audit-run]").await;
    app.wait_for("[data-testid=audit-row]", Duration::from_secs(20))
        .await;
    assert_no_horizontal_overflow(app, "audit").await;
    app.screenshot("70-audit-1024x700-dark").await;
    // Once the audit has ended and the cell has stopped moving (scrolling the matrix folds the
    // filters above it).
    app.wait_for(
        "[data-testid=audit-run]:not(:disabled)",
        Duration::from_secs(20),
    )
    .await;
    app.click_settled("[data-testid=audit-row] [data-testid=audit-cell]")
        .await;
    app.wait_for(
        "[data-testid=drawer-permissions] li",
        Duration::from_secs(10),
    )
    .await;
    assert_no_horizontal_overflow(app, "audit drawer").await;
    app.screenshot("71-audit-drawer-1024x700-dark").await;
}

/// The history (after a second run) and an offboarding dry run, small and dark.
async fn history_and_offboarding_fit(app: &Harness) {
    app.click("[data-testid=drawer-close]").await;
    app.click("[data-testid=audit-run]").await;
    app.wait_for("[data-testid=audit-changes]", Duration::from_secs(20))
        .await;
    app.click("[data-testid=nav-history]").await;
    app.wait_for("[data-testid=history-run]", Duration::from_secs(10))
        .await;
    assert_no_horizontal_overflow(app, "history").await;
    app.screenshot("80-history-1024x700-dark").await;
    app.click("[data-testid=nav-offboard]").await;
    app.fill("[data-testid=sweep-owners]", "admin").await;
    app.click("[data-testid=sweep-find]").await;
    app.wait_for("[data-testid=sweep-row]", Duration::from_secs(20))
        .await;
    assert_no_horizontal_overflow(app, "offboarding").await;
    app.screenshot("81-offboarding-1024x700-dark").await;
}
