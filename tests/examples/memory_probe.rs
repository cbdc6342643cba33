//! Where the memory goes with GCP loaded (its file already in the app's catalogs folder): each
//! process of the app's tree on the status screen, after one catalog view reply the page drops,
//! on GCP's catalog page, and with most of its rows hidden. A diagnostic for `make bench-ui`'s
//! memory figure; run it on the release app with `SCOPEKEEPER_APP=target/release/scopekeeper-desktop`.

use std::time::Duration;

use scopekeeper_e2e::{app_binary, bench_catalog, Harness, Options};

async fn show(app: &Harness, exe: &std::path::Path, what: &str) {
    tokio::time::sleep(Duration::from_secs(3)).await;
    let m = app.desktop().memory_of(exe);
    println!("{what}: {:.1} MiB [{}]", m.total_mib(), m.breakdown());
}

#[tokio::main]
async fn main() {
    let exe = app_binary();
    // GCP already imported: its file in the app's catalogs folder.
    let data = tempfile::tempdir().unwrap();
    let catalogs = data.path().join("app.scopekeeper.desktop/catalogs");
    std::fs::create_dir_all(&catalogs).unwrap();
    std::fs::copy(
        bench_catalog("gcp-predefined-roles.json"),
        catalogs.join("gcp-predefined-roles.json"),
    )
    .unwrap();
    let app = Harness::start(Options {
        app: Some(exe.clone()),
        ready_css: "[data-testid=vendor-list] li[data-testid^=vendor-]",
        env: vec![("XDG_DATA_HOME".into(), data.path().display().to_string())],
        ..Options::default()
    })
    .await;
    show(&app, &exe, "GCP loaded, status screen").await;
    let ids = app.client().execute("return [...document.querySelectorAll('[data-testid^=vendor-]')].map(e => e.dataset.testid)", vec![]).await.unwrap();
    println!("{ids}");
    let n = app.client().execute_async("const done = arguments[arguments.length-1]; window.__TAURI_INTERNALS__.invoke('catalog_view', {req: {vendor: arguments[0], kind: null}}).then(v => done(v.scopes.length), e => done(String(e)));", vec![serde_json::json!("google-cloud-iam-predefined-roles")]).await.unwrap();
    println!("view fetched and dropped: {n}");
    show(&app, &exe, "after one catalog_view reply, dropped").await;
    app.click("[data-testid=vendor-google-cloud-iam-predefined-roles] button.vendor")
        .await;
    app.wait_for("[data-testid=catalog-title]", Duration::from_secs(30))
        .await;
    show(&app, &exe, "GCP catalog page").await;
    let kept = app.client().execute("const rows = [...document.querySelectorAll('li.scope')]; rows.slice(50).forEach(r => r.style.display = 'none'); return rows.length", vec![]).await.unwrap();
    show(&app, &exe, &format!("all but 50 of {kept} rows hidden")).await;
    app.client()
        .execute(
            "document.querySelectorAll('li.scope').forEach(r => r.style.display = '')",
            vec![],
        )
        .await
        .unwrap();
    show(&app, &exe, "rows shown again").await;
    app.stop().await;
}
