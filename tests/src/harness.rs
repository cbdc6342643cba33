//! The app on its private desktop, driven over WebDriver as a person would.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

use super::*;

impl Harness {
    /// Starts a private desktop and the app on it, and waits until the webview shows the UI.
    pub async fn start(options: Options) -> Harness {
        let app = options.app.clone().unwrap_or_else(app_binary);
        assert!(
            app.is_file(),
            "the app binary {} does not exist: run `make build` first",
            app.display()
        );
        let tauri_driver = find_tool("tauri-driver", "TAURI_DRIVER");
        let webkit_driver = find_tool("WebKitWebDriver", "WEBKIT_WEBDRIVER");
        let mut desktop = PrivateDesktop::start(&options);
        let port = desktop.start_tauri_driver(&tauri_driver, &webkit_driver);
        let mut harness = Harness {
            client: None,
            screenshots: workspace_root().join("target").join("e2e-screenshots"),
            desktop,
            startup: Duration::ZERO,
        };
        std::fs::create_dir_all(&harness.screenshots).expect("create target/e2e-screenshots");
        let start = Instant::now();
        harness.connect(port, &app).await;
        harness
            .wait_for(options.ready_css, Duration::from_secs(30))
            .await;
        harness.startup = start.elapsed();
        harness
    }

    /// How long the app took from the WebDriver session request until `ready_css` appeared.
    pub fn startup(&self) -> Duration {
        self.startup
    }

    /// The private desktop the app runs on.
    pub fn desktop(&self) -> &PrivateDesktop {
        &self.desktop
    }

    async fn connect(&mut self, port: u16, app: &Path) {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": path_str(app) }),
        );
        let url = format!("http://127.0.0.1:{port}");
        // Without a usable display WebKitWebDriver waits forever: bound it. A connection that
        // drops before any answer (the driver still starting) created no session: try again.
        let mut attempt = 0;
        let client = loop {
            attempt += 1;
            let made = tokio::time::timeout(
                Duration::from_secs(60),
                ClientBuilder::native()
                    .capabilities(caps.clone())
                    .connect(&url),
            )
            .await
            .expect("creating the WebDriver session timed out (is the display usable?)");
            match made {
                Ok(client) => break client,
                Err(
                    e @ (fantoccini::error::NewSessionError::Failed(_)
                    | fantoccini::error::NewSessionError::FailedC(_)
                    | fantoccini::error::NewSessionError::Lost(_)),
                ) if attempt < 4 => {
                    eprintln!("WebDriver session attempt {attempt} failed ({e}); retrying");
                    tokio::time::sleep(Duration::from_millis(500 * attempt)).await;
                }
                Err(e) => panic!("could not create a WebDriver session with the app: {e}"),
            }
        };
        self.client = Some(client);
    }

    /// The WebDriver client, connected to the app's webview.
    pub fn client(&self) -> &Client {
        self.client.as_ref().expect("connected in start")
    }

    /// Waits until an element matching `css` exists and returns it.
    pub async fn wait_for(&self, css: &str, limit: Duration) -> fantoccini::elements::Element {
        let start = Instant::now();
        loop {
            if let Ok(e) = self.client().find(Locator::Css(css)).await {
                return e;
            }
            assert!(
                start.elapsed() < limit,
                "no element matched `{css}` within {limit:?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The rendered text (`innerText`) of the first element matching `css`.
    pub async fn text_of(&self, css: &str) -> String {
        self.wait_for(css, Duration::from_secs(10)).await;
        self.inner_text(css)
            .await
            .unwrap_or_else(|| panic!("`{css}` disappeared while reading its text"))
    }

    /// The text of `css` as shown, or `None` when nothing matches.
    pub async fn inner_text(&self, css: &str) -> Option<String> {
        let v = self
            .client()
            .execute(
                "const el = document.querySelector(arguments[0]); return el ? el.innerText : null;",
                vec![serde_json::json!(css)],
            )
            .await
            .ok()?;
        v.as_str().map(str::to_owned)
    }

    /// Clicks the first element matching `css` (waiting for it to exist).
    pub async fn click(&self, css: &str) {
        self.wait_for(css, Duration::from_secs(10))
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("could not click `{css}`: {e} ({e:?})"));
    }

    /// Scrolls `css` into view and clicks it once it has stopped moving there (the same place on
    /// screen three reads in a row, 100 ms apart), as a person clicks what they see: below a
    /// windowed list, scrolling makes the list lay out the rows it now shows, which moves the
    /// button between WebDriver's own scroll to it and its click.
    pub async fn click_settled(&self, css: &str) {
        self.settle(css).await;
        self.click(css).await;
    }

    /// Presses Enter on `css` once it has stopped moving (as [`Harness::click_settled`]), as an
    /// admin who tabs to a button and activates it does: focus and key in one command, so a
    /// list drawing its rows anew cannot move the button from under a pointer.
    pub async fn enter_settled(&self, css: &str) {
        self.settle(css).await;
        self.wait_for(css, Duration::from_secs(10))
            .await
            .send_keys("\u{E007}")
            .await
            .unwrap_or_else(|e| panic!("could not press Enter on `{css}`: {e} ({e:?})"));
    }

    /// Scrolls `css` into view and waits until it has stopped moving there (the same place on
    /// screen three reads in a row, 100 ms apart).
    async fn settle(&self, css: &str) {
        self.scroll_to(css).await;
        let (start, mut last, mut same) = (Instant::now(), String::new(), 0);
        while same < 2 && start.elapsed() < Duration::from_secs(10) {
            let at = self
                .client()
                .execute(
                    "const r = document.querySelector(arguments[0])?.getBoundingClientRect(); return r ? `${r.x},${r.y},${r.width},${r.height}` : '';",
                    vec![serde_json::json!(css)],
                )
                .await
                .map(|v| v.as_str().unwrap_or_default().to_string())
                .unwrap_or_default();
            same = if !at.is_empty() && at == last {
                same + 1
            } else {
                0
            };
            last = at;
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Clears the input matching `css` and types `text` into it, as a person would.
    pub async fn fill(&self, css: &str, text: &str) {
        let el = self.wait_for(css, Duration::from_secs(10)).await;
        el.clear()
            .await
            .unwrap_or_else(|e| panic!("could not clear `{css}`: {e}"));
        el.send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("could not type into `{css}`: {e}"));
    }

    /// Chooses the option with `value` in the `<select>` matching `css`, once that option is
    /// there (a select's options may arrive after the select itself, e.g. a catalog's key kinds).
    pub async fn select(&self, css: &str, value: &str) {
        let option = format!("{css} option[value=\"{}\"]", value.replace('"', "\\\""));
        self.wait_for(&option, Duration::from_secs(10)).await;
        self.wait_for(css, Duration::from_secs(10))
            .await
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("could not choose `{value}` in `{css}`: {e}"));
    }

    /// Sets an input's value and fires `input`/`change` (for native pickers such as dates,
    /// whose typing WebDriver cannot do portably).
    pub async fn set_value(&self, css: &str, value: &str) {
        self.wait_for(css, Duration::from_secs(10)).await;
        self.client()
            .execute(
                "const el = document.querySelector(arguments[0]); el.value = arguments[1];\n\
                 el.dispatchEvent(new Event('input', {bubbles: true}));\n\
                 el.dispatchEvent(new Event('change', {bubbles: true}));",
                vec![serde_json::json!(css), serde_json::json!(value)],
            )
            .await
            .unwrap_or_else(|e| panic!("could not set `{css}`: {e}"));
    }

    /// Scrolls the element matching `css` to the middle of its scroll container.
    pub async fn scroll_to(&self, css: &str) {
        self.wait_for(css, Duration::from_secs(10)).await;
        self.client()
            .execute(
                "document.querySelector(arguments[0]).scrollIntoView({block: 'center'});",
                vec![serde_json::json!(css)],
            )
            .await
            .unwrap_or_else(|e| panic!("could not scroll to `{css}`: {e}"));
    }

    /// Waits until the text of `css` satisfies `ok`, and returns it.
    pub async fn wait_for_text(&self, css: &str, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let text = self.inner_text(css).await.unwrap_or_default();
            if ok(&text) {
                return text;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "`{css}` never showed {what}; last text: {text:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// How many elements match `css` now.
    pub async fn count(&self, css: &str) -> usize {
        self.client()
            .find_all(Locator::Css(css))
            .await
            .expect("query elements")
            .len()
    }

    /// Answers the app's native file dialog titled `title` with `path`, at the keyboard as a
    /// person would (the dialog is GTK's, opened by the app's Rust side; there is no WebDriver
    /// way into it): focus it, open its location field (Ctrl+L; a save dialog's name field takes
    /// a whole path too), type the path, press Enter.
    pub async fn choose_file(&self, title: &str, path: &Path) {
        let xdotool = |args: &[&str]| {
            self.desktop
                .command("xdotool")
                .args(args)
                .output()
                .expect("run xdotool (`make test` installs it)")
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        let window = loop {
            let out = xdotool(&["search", "--onlyvisible", "--name", title]);
            if let Some(id) = String::from_utf8_lossy(&out.stdout).lines().next() {
                break id.to_owned();
            }
            assert!(
                Instant::now() < deadline,
                "no file dialog titled `{title}` appeared"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        };
        // Let GTK finish mapping it before it takes keys.
        tokio::time::sleep(Duration::from_millis(700)).await;
        xdotool(&["windowfocus", "--sync", &window]);
        xdotool(&["key", "--clearmodifiers", "ctrl+l"]);
        tokio::time::sleep(Duration::from_millis(300)).await;
        xdotool(&["key", "--clearmodifiers", "ctrl+a"]);
        xdotool(&[
            "type",
            "--delay",
            "15",
            "--clearmodifiers",
            &path.display().to_string(),
        ]);
        tokio::time::sleep(Duration::from_millis(300)).await;
        xdotool(&["key", "--clearmodifiers", "Return"]);
    }

    /// Saves a screenshot of the app as `target/e2e-screenshots/{name}.png` and returns its path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        // The DOM may be ahead of what has been painted: let two frames render first.
        self.client()
            .execute_async(
                "const done = arguments[arguments.length - 1];\n\
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await
            .expect("wait for the page to paint");
        let png = self.client().screenshot().await.expect("take a screenshot");
        assert!(
            png.starts_with(b"\x89PNG"),
            "the screenshot of {name} is not a PNG"
        );
        let path = self.screenshots.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write the screenshot");
        path
    }

    /// Ends the WebDriver session (closing the app) and stops everything the harness started.
    pub async fn stop(mut self) {
        if let Some(client) = self.client.take() {
            let _ = tokio::time::timeout(Duration::from_secs(10), client.close()).await;
        }
        self.desktop.stop_children();
    }
}
