//! The app opens in its real webview, renders its shell and answers over IPC.

use std::time::Duration;

use scopekeeper_e2e::fantoccini::Locator;
use scopekeeper_e2e::{Harness, Options};

#[tokio::test(flavor = "multi_thread")]
async fn the_window_opens_renders_the_shell_and_answers_over_ipc() {
    let app = Harness::start(Options::default()).await;
    let client = app.client();

    assert_eq!(
        client.title().await.expect("read the document title"),
        "Scopekeeper",
        "the webview did not load Scopekeeper's UI"
    );

    for (css, what) in [
        ("[data-testid=app-header]", "header"),
        ("[data-testid=sidebar]", "sidebar"),
        ("[data-testid=main-area]", "main area"),
    ] {
        let el = app.wait_for(css, Duration::from_secs(10)).await;
        assert!(
            el.is_displayed().await.expect("query visibility"),
            "the {what} is not displayed"
        );
        let (_, _, w, h) = el.rectangle().await.expect("query the size");
        assert!(
            w > 100.0 && h > 40.0,
            "the {what} rendered at {w}x{h}, too small to be the real layout"
        );
    }
    assert!(
        app.text_of("[data-testid=app-header]")
            .await
            .contains("Scopekeeper"),
        "the header does not name the app"
    );

    // The version shown came over IPC from Rust (`app_info`), not from the bundle.
    let version = tokio::time::timeout(Duration::from_secs(20), async {
        loop {
            if let Ok(el) = client.find(Locator::Css("[data-testid=app-version]")).await {
                return el.text().await.expect("read the version");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await
    .expect("the IPC answer (app version) never appeared");
    assert_eq!(version, env!("CARGO_PKG_VERSION"));
    let info = app.text_of("[data-testid=app-info]").await;
    assert!(
        info.contains("scopekeeper-core") && info.contains("linux"),
        "the application card lacks the engine or platform: {info}"
    );

    // The files card lists this app's own config and data dirs, from Rust (`app_files`).
    app.wait_for("[data-testid=app-file]", Duration::from_secs(20))
        .await;
    let files = app.text_of("[data-testid=app-files]").await;
    for dir in ["config", "data"] {
        let dir = app.desktop().xdg_dir(dir);
        assert!(
            files.contains(&dir.display().to_string()),
            "the files card does not name {}: {files}",
            dir.display()
        );
    }
    assert!(
        files.contains("connections.json") && files.contains("history.sqlite3"),
        "the files card lacks the connections or the history: {files}"
    );

    let shot = app.screenshot("01-shell").await;
    assert!(shot.is_file());

    reload_asks_over_ipc_and_shows_the_same(&app).await;
    app.stop().await;
}

/// The first screen came with the window (boot data, no IPC round trip); a reload of the page,
/// whose boot data would be as old as the window, asks over IPC and shows the same.
async fn reload_asks_over_ipc_and_shows_the_same(app: &Harness) {
    let client = app.client();
    let marks = |c: &fantoccini::Client| {
        let c = c.clone();
        async move {
            c.execute(
                "return ['scopekeeper:boot', 'scopekeeper:catalogs'].map(n => performance.getEntriesByName(n).length)",
                vec![],
            )
            .await
            .expect("read the page's marks")
        }
    };
    assert_eq!(
        marks(client).await,
        serde_json::json!([1, 1]),
        "the first screen did not come from the window's boot data"
    );
    let listed = |c: &fantoccini::Client| {
        let c = c.clone();
        async move {
            c.execute(
                "return [...document.querySelectorAll('[data-testid=vendor-list] > li')].map(l => l.dataset.testid).join(',')",
                vec![],
            )
            .await
            .expect("list the vendors")
        }
    };
    let before = listed(client).await;
    client.refresh().await.expect("reload the page");
    app.wait_for(
        "[data-testid=vendor-list] li[data-testid^=vendor-]",
        Duration::from_secs(20),
    )
    .await;
    assert_eq!(listed(client).await, before, "a reload lists other vendors");
    assert_eq!(
        marks(client).await,
        serde_json::json!([0, 1]),
        "a reload used the window's boot data instead of asking over IPC"
    );
    assert!(
        before.as_str().unwrap_or("").contains("vendor-mindbridge"),
        "the built-in vendors are not listed: {before}"
    );
    assert_eq!(
        app.text_of("[data-testid=app-version]").await,
        env!("CARGO_PKG_VERSION"),
        "after a reload the version did not come over IPC"
    );
}

/// The page may not open file dialogs (nor read or write files) itself: only Rust does, for
/// the person's own choice. A call to the dialog plugin from the page is refused.
#[tokio::test(flavor = "multi_thread")]
async fn the_page_cannot_open_file_dialogs_or_name_a_path() {
    let app = Harness::start(Options::default()).await;
    app.wait_for("[data-testid=main-area]", Duration::from_secs(10))
        .await;
    let answer = app
        .client()
        .execute_async(
            "const done = arguments[arguments.length - 1];\n\
             const call = (cmd, args) => window.__TAURI_INTERNALS__.invoke(cmd, args)\n\
               .then(() => 'allowed', (e) => 'refused: ' + (typeof e === 'string' ? e : JSON.stringify(e)));\n\
             Promise.all([\n\
               call('plugin:dialog|open', { options: { title: 'x' } }),\n\
               call('plugin:dialog|save', { options: { title: 'x' } }),\n\
             ]).then(done);",
            vec![],
        )
        .await
        .expect("run the calls");
    for (what, got) in ["open", "save"].iter().zip(answer.as_array().unwrap()) {
        let got = got.as_str().unwrap_or_default();
        assert!(
            got.starts_with("refused") && got.contains("not allowed"),
            "dialog {what} from the page: {got}"
        );
    }
    app.stop().await;
}
