//! The token builder in the real app: presets, auto-added scopes with their reasons, policy
//! errors, least privilege, spec files through the system's dialogs, compare.

use std::time::Duration;

use scopekeeper_e2e::{Harness, Options};

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
async fn least_privilege_suggestion_spec_export_and_load_compare_and_remove() {
    let dir = tempfile::tempdir().unwrap();
    let app = open_builder("manifest").await;
    app.wait_for("label.pick[data-scope='view-all']", Duration::from_secs(10))
        .await;

    a_suggestion_is_applied(&app).await;
    the_spec_is_exported_compared_and_loaded(&app, dir.path()).await;
    an_imported_catalog_is_removed(&app, dir.path()).await;
    app.stop().await;
}

/// "I need these permissions" → the least-privilege selection → applied.
async fn a_suggestion_is_applied(app: &Harness) {
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
}

/// Export the spec, change the selection, compare with the file, load it back.
async fn the_spec_is_exported_compared_and_loaded(app: &Harness, dir: &std::path::Path) {
    // Export the spec, change the selection, compare with the file, load it back.
    let spec = dir.join("spec.json");
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
}

/// An imported catalog can be removed again.
async fn an_imported_catalog_is_removed(app: &Harness, dir: &std::path::Path) {
    // An imported catalog can be removed again.
    let acme = dir.join("acme.json");
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
}
