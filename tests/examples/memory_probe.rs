//! Where the memory goes with GCP loaded (its file already in the app's catalogs folder): each
//! process of the app's tree, and the web process's PSS by kind of mapping (the heap, other
//! anonymous memory such as JavaScriptCore's, files, GPU-less render buffers in shared memory),
//! on the status screen, on GCP's catalog page, with that page scrolled to its end, and back on
//! the status screen. A diagnostic for `make bench-ui`'s memory figures; the web process is the
//! same whatever the app's profile, so the debug app answers for it (`SCOPEKEEPER_APP` names
//! another build).

use std::collections::BTreeMap;
use std::time::Duration;

use scopekeeper_e2e::{app_binary, bench_catalog, Harness, Options};

/// The web process's PSS (KiB) by kind of mapping, from `/proc/PID/smaps`.
fn by_mapping(pid: u32) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    let Ok(text) = std::fs::read_to_string(format!("/proc/{pid}/smaps")) else {
        return out;
    };
    let mut kind = String::new();
    for line in text.lines() {
        let mut parts = line.split_whitespace();
        let first = parts.next().unwrap_or_default();
        if first.contains('-') && first.chars().next().is_some_and(|c| c.is_ascii_hexdigit()) {
            let path = line.split_whitespace().nth(5).unwrap_or("");
            kind = match path {
                "" => "anonymous".into(),
                "[heap]" => "heap (malloc)".into(),
                p if p.starts_with("/memfd:") || p.starts_with("/dev/shm") => {
                    "shared memory".into()
                }
                p if p.starts_with('[') => p.into(),
                p if p.contains(".so") => "libraries".into(),
                _ => "other files".into(),
            };
        } else if first == "Pss:" {
            let kib: u64 = parts.next().and_then(|v| v.parse().ok()).unwrap_or(0);
            *out.entry(kind.clone()).or_default() += kib;
        }
    }
    out
}

async fn show(app: &Harness, exe: &std::path::Path, what: &str) {
    tokio::time::sleep(Duration::from_secs(3)).await;
    let m = app.desktop().memory_of(exe);
    println!("{what}: {:.1} MiB [{}]", m.total_mib(), m.breakdown());
    for p in m
        .processes
        .iter()
        .filter(|p| p.name.starts_with("WebKitWebProces"))
    {
        let kinds: Vec<String> = by_mapping(p.pid)
            .into_iter()
            .filter(|(_, kib)| *kib >= 512)
            .map(|(k, kib)| format!("{k} {:.1}", kib as f64 / 1024.0))
            .collect();
        println!("    web process by mapping (MiB): {}", kinds.join(", "));
        let env = std::fs::read(format!("/proc/{}/environ", p.pid)).unwrap_or_default();
        let jsc: Vec<String> = env
            .split(|b| *b == 0)
            .filter(|v| v.starts_with(b"JSC_"))
            .map(|v| String::from_utf8_lossy(v).into_owned())
            .collect();
        if !jsc.is_empty() {
            println!("    its JavaScriptCore options: {}", jsc.join(" "));
        }
    }
}

const SCROLL_TO_END: &str = r#"
const done = arguments[arguments.length - 1];
const main = document.querySelector('.main');
const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 30)));
(async () => {
  for (let i = 0; i < 400; i++) {
    main.scrollTop = main.scrollHeight;
    await frame();
    const more = document.querySelector('[data-testid=show-more]');
    if (more) { more.click(); await frame(); continue; }
    if (main.scrollTop + main.clientHeight >= main.scrollHeight - 2) break;
  }
  done(`${document.querySelectorAll('li.scope').length} rows in the DOM, list ${main.scrollHeight} px high`);
})();
"#;

/// GCP's replies fetched and dropped, then the catalog page's scroller without the page.
async fn replies_and_a_tall_block(app: &Harness, exe: &std::path::Path) {
    for (label, script) in [
        (
            "after one catalog_view reply, dropped",
            "const done = arguments[arguments.length - 1]; window.__TAURI_INTERNALS__.invoke('catalog_view', {req: {vendor: arguments[0], kind: null}}).then(v => done(`${JSON.stringify(v).length} bytes of JSON, ${v.permissions.length} permissions`), e => done(String(e)));",
        ),
        (
            "after every catalog_scopes page, dropped",
            "const done = arguments[arguments.length - 1]; (async () => { let bytes = 0, n = 0, biggest = 0; for (let offset = 0; offset < 2500; offset += 100) { const p = await window.__TAURI_INTERNALS__.invoke('catalog_scopes', {req: {vendor: arguments[0], kind: null, filter: '', in_grants: true, offset, limit: 100, around: null}}); const b = JSON.stringify(p).length; bytes += b; biggest = Math.max(biggest, b); n++; } done(`${n} pages, ${bytes} bytes of JSON, the biggest ${biggest}`); })().catch((e) => done(String(e)));",
        ),
    ] {
        let said = app
            .client()
            .execute_async(
                script,
                vec![serde_json::json!("google-cloud-iam-predefined-roles")],
            )
            .await
            .unwrap();
        show(app, exe, &format!("{label} ({said})")).await;
    }
    // The catalog page's scroller without the page: an empty 160,000 px block in the same
    // scrolling element, at its top, then scrolled to its end, then removed.
    app.client()
        .execute("const d = document.createElement('div'); d.id = 'probe-tall'; d.style.height = '160000px'; document.querySelector('.main').appendChild(d);", vec![])
        .await
        .unwrap();
    show(app, exe, "an empty 160,000 px block in the main scroller").await;
    app.client()
        .execute(
            "const m = document.querySelector('.main'); m.scrollTop = m.scrollHeight;",
            vec![],
        )
        .await
        .unwrap();
    show(app, exe, "  ... scrolled to its end").await;
    app.client()
        .execute("document.getElementById('probe-tall').remove();", vec![])
        .await
        .unwrap();
    show(app, exe, "  ... removed").await;
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
        // JavaScriptCore's options (`JSC_name=value`) set here reach the web process: a
        // diagnostic of what the engine holds.
        env: std::env::vars()
            .filter(|(k, _)| k.starts_with("JSC_") || k.starts_with("WEBKIT_"))
            .chain([("XDG_DATA_HOME".into(), data.path().display().to_string())])
            .collect(),
        ..Options::default()
    })
    .await;
    show(&app, &exe, "GCP loaded, status screen").await;
    replies_and_a_tall_block(&app, &exe).await;
    app.click("[data-testid=vendor-mindbridge] button.vendor")
        .await;
    app.wait_for("li.scope", Duration::from_secs(30)).await;
    show(&app, &exe, "a small built-in catalog's page (mindbridge)").await;
    app.click("[data-testid=vendor-google-cloud-iam-predefined-roles] button.vendor")
        .await;
    app.wait_for(
        "li.scope[data-scope='roles/accessapproval.admin']",
        Duration::from_secs(30),
    )
    .await;
    show(&app, &exe, "GCP catalog page").await;
    let scrolled = app
        .client()
        .execute_async(SCROLL_TO_END, vec![])
        .await
        .unwrap();
    show(&app, &exe, &format!("scrolled to its end ({scrolled})")).await;
    app.click("[data-testid=nav-status]").await;
    show(&app, &exe, "back on the status screen").await;
    app.stop().await;
}
