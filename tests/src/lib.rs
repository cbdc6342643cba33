//! End-to-end harness: runs the real Scopekeeper binary in its real WebKitGTK webview and
//! drives it through WebDriver, as a person would.
//!
//! Each [`Harness`] owns a private world and tears it down on drop: an Xvfb display, a private
//! D-Bus session bus, a throwaway gnome-keyring (unlocked, locked, or absent) whose files live
//! in a temporary `XDG_DATA_HOME`, private config/data dirs for the app, and a `tauri-driver`
//! (which starts `WebKitWebDriver`, which starts the app). Nothing touches the developer's own
//! display, keyring or settings. Screenshots go to `target/e2e-screenshots/`.
//!
//! The harness never builds the app: `make test` builds it first. A missing binary or tool is a
//! test failure with a message saying what to run, never a silent skip.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

pub use fantoccini;

/// What kind of Secret Service the app finds on its session bus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyringMode {
    /// gnome-keyring with a default collection created and unlocked (a logged-in desktop).
    Unlocked,
    /// gnome-keyring running, but no collection unlocked and no prompt can be answered.
    Locked,
    /// No Secret Service on the bus at all.
    Absent,
}

/// How to start a harness.
#[derive(Debug, Clone)]
pub struct Options {
    pub keyring: KeyringMode,
    /// Xvfb screen size; also the largest the window can be.
    pub screen: (u32, u32),
    /// Ask GTK (and so the webview's `prefers-color-scheme`) for the dark theme.
    pub dark: bool,
    /// Another binary to drive instead of the app (benchmarks compare with a blank window).
    pub app: Option<PathBuf>,
    /// What must be on the page before the harness hands over.
    pub ready_css: &'static str,
    /// Extra environment for the app (and everything else on this desktop).
    pub env: Vec<(String, String)>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            keyring: KeyringMode::Unlocked,
            screen: (1280, 800),
            dark: false,
            app: None,
            ready_css: "#app > *",
            env: Vec::new(),
        }
    }
}

/// A private display, session bus, keyring and app dirs: everything but the app.
pub struct PrivateDesktop {
    children: Vec<(&'static str, Child)>,
    env: Vec<(String, String)>,
    _root: tempfile::TempDir,
}

/// One running app, driven over WebDriver, on its own [`PrivateDesktop`].
pub struct Harness {
    client: Option<Client>,
    screenshots: PathBuf,
    desktop: PrivateDesktop,
    /// From asking WebDriver for a session to `ready_css` being on the page.
    startup: Duration,
}

/// The workspace root (this crate lives in `tests/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// A catalog from `../shared/catalogs/bench` (or `$SCOPEKEEPER_SHARED/catalogs/bench`).
pub fn bench_catalog(file: &str) -> PathBuf {
    let shared = std::env::var_os("SCOPEKEEPER_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("../shared"));
    let p = shared.join("catalogs/bench").join(file);
    assert!(
        p.is_file(),
        "bench catalog {} is needed (set SCOPEKEEPER_SHARED to the shared/ folder)",
        p.display()
    );
    p
}

/// The app binary under test: `$SCOPEKEEPER_APP`, or the debug build `make build` produces.
pub fn app_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("SCOPEKEEPER_APP") {
        return PathBuf::from(p);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    target.join("debug").join("scopekeeper-desktop")
}

fn find_tool(name: &str, env_override: &str) -> PathBuf {
    if let Some(p) = std::env::var_os(env_override) {
        return PathBuf::from(p);
    }
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        dirs.push(PathBuf::from(home).join("bin"));
    }
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo/bin"));
    }
    dirs.into_iter()
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!("`{name}` is not installed (or set {env_override}); `make test` installs it")
        })
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free TCP port on 127.0.0.1")
}

fn wait_until(what: &str, limit: Duration, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(
            start.elapsed() < limit,
            "timed out after {limit:?} waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

impl PrivateDesktop {
    /// Starts Xvfb, a private session bus and (per `options`) a gnome-keyring.
    pub fn start(options: &Options) -> PrivateDesktop {
        let root = tempfile::Builder::new()
            .prefix("scopekeeper-e2e-")
            .tempdir()
            .expect("create a temporary directory");
        let dir = |name: &str| {
            let d = root.path().join(name);
            std::fs::create_dir_all(&d).expect("create a harness directory");
            d
        };
        let runtime_dir = dir("runtime");
        std::fs::set_permissions(
            &runtime_dir,
            std::os::unix::fs::PermissionsExt::from_mode(0o700),
        )
        .expect("chmod the runtime dir");

        let mut desktop = PrivateDesktop {
            children: Vec::new(),
            env: vec![
                ("XDG_RUNTIME_DIR".into(), path_str(&runtime_dir)),
                ("XDG_DATA_HOME".into(), path_str(&dir("data"))),
                ("XDG_CONFIG_HOME".into(), path_str(&dir("config"))),
                ("XDG_CACHE_HOME".into(), path_str(&dir("cache"))),
                // Keeps GTK from looking for an accessibility bus we do not run.
                ("NO_AT_BRIDGE".into(), "1".into()),
            ],
            _root: root,
        };
        desktop.env.extend(options.env.iter().cloned());
        if options.dark {
            desktop
                .env
                .push(("GTK_THEME".into(), "Adwaita:dark".into()));
        }
        desktop.start_xvfb(options.screen);
        desktop.start_dbus();
        desktop.start_keyring(options.keyring);
        desktop
    }

    /// The variables that point a process at this harness's display, bus and dirs.
    pub fn env(&self) -> &[(String, String)] {
        &self.env
    }

    /// A command that runs inside this desktop (its display, bus and dirs).
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut cmd = Command::new(program);
        cmd.envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        cmd
    }

    fn spawn(&mut self, name: &'static str, cmd: &mut Command) -> &mut Child {
        cmd.envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("could not start {name}: {e}; `make test` installs it"));
        self.children.push((name, child));
        &mut self.children.last_mut().expect("just pushed").1
    }

    fn start_xvfb(&mut self, (w, h): (u32, u32)) {
        // Pick a display number nobody uses; Xvfb refuses a taken one and we try the next.
        let base = 100 + (std::process::id() % 400);
        for display in base..base + 50 {
            if Path::new(&format!("/tmp/.X11-unix/X{display}")).exists()
                || Path::new(&format!("/tmp/.X{display}-lock")).exists()
            {
                continue;
            }
            let child = self.spawn(
                "Xvfb",
                Command::new("Xvfb")
                    .arg(format!(":{display}"))
                    .args(["-screen", "0", &format!("{w}x{h}x24"), "-nolisten", "tcp"])
                    .stdout(Stdio::null())
                    .stderr(Stdio::null()),
            );
            let socket = PathBuf::from(format!("/tmp/.X11-unix/X{display}"));
            let start = Instant::now();
            let mut exited = false;
            while !socket.exists() && start.elapsed() < Duration::from_secs(10) {
                if child.try_wait().ok().flatten().is_some() {
                    exited = true;
                    break;
                }
                std::thread::sleep(Duration::from_millis(25));
            }
            if socket.exists() && !exited {
                self.env.push(("DISPLAY".into(), format!(":{display}")));
                return;
            }
            self.children.pop();
        }
        panic!("could not start Xvfb on any display from :{base}");
    }

    fn start_dbus(&mut self) {
        // A session bus of our own with no service directories: nothing is D-Bus activated
        // behind the test's back (no second, unmanaged keyring; no accessibility bus).
        let config = Path::new(&self.env_value("XDG_RUNTIME_DIR")).join("bus.conf");
        std::fs::write(
            &config,
            r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
        )
        .expect("write the D-Bus config");
        let child = self.spawn(
            "dbus-daemon",
            Command::new("dbus-daemon")
                .arg(format!("--config-file={}", path_str(&config)))
                .args(["--nofork", "--print-address=1"])
                .stdout(Stdio::piped())
                .stderr(Stdio::null()),
        );
        let stdout = child.stdout.take().expect("piped stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read the D-Bus address");
        let address = line.trim().to_owned();
        assert!(
            !address.is_empty(),
            "dbus-daemon printed no address: is package dbus installed?"
        );
        self.env.push(("DBUS_SESSION_BUS_ADDRESS".into(), address));
    }

    /// One of the desktop's XDG dirs: `"config"`, `"data"` or `"cache"` (the app's own folders
    /// are inside them, named after its identifier).
    pub fn xdg_dir(&self, which: &str) -> PathBuf {
        PathBuf::from(self.env_value(&format!("XDG_{}_HOME", which.to_uppercase())))
    }

    /// The secret the real Secret Service holds for one of Scopekeeper's accounts, read with
    /// libsecret's own client (`secret-tool`), or `None`.
    pub fn keyring_lookup(&self, account: &str) -> Option<String> {
        let out = self
            .command("secret-tool")
            .args([
                "lookup",
                "service",
                "app.scopekeeper.desktop",
                "username",
                account,
            ])
            .output()
            .expect("run secret-tool (libsecret-tools; `make test` installs it)");
        let s = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        (out.status.success() && !s.is_empty()).then_some(s)
    }

    /// Everything the app and its drivers wrote to stdout and stderr so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self._root.path().join("driver.log")).unwrap_or_default()
    }

    fn env_value(&self, key: &str) -> String {
        self.env
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("harness env lacks {key}"))
    }

    fn start_keyring(&mut self, mode: KeyringMode) {
        if mode == KeyringMode::Absent {
            return;
        }
        let mut cmd = Command::new("gnome-keyring-daemon");
        cmd.args(["--foreground", "--components=secrets"]);
        if mode == KeyringMode::Unlocked {
            cmd.arg("--unlock");
        }
        let child = self.spawn(
            "gnome-keyring-daemon",
            cmd.stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
        );
        let mut stdin = child.stdin.take().expect("piped stdin");
        if mode == KeyringMode::Unlocked {
            // The password of the throwaway login keyring; never a real one.
            stdin
                .write_all(b"scopekeeper-e2e")
                .expect("write keyring password");
        }
        drop(stdin);
        let env = self.env.clone();
        wait_until(
            "gnome-keyring to own org.freedesktop.secrets",
            Duration::from_secs(15),
            || secret_service_is_up(&env),
        );
    }

    fn start_tauri_driver(&mut self, tauri_driver: &Path, webkit_driver: &Path) -> u16 {
        let port = free_port();
        let native_port = free_port();
        // The app's (and the drivers') output goes to a file the test can read: it is checked
        // for secrets, and printed if the test fails.
        let log = std::fs::File::create(self._root.path().join("driver.log"))
            .expect("create the driver log");
        let log_err = log.try_clone().expect("clone the driver log handle");
        self.spawn(
            "tauri-driver",
            Command::new(tauri_driver)
                .args(["--port", &port.to_string()])
                .args(["--native-port", &native_port.to_string()])
                .arg("--native-driver")
                .arg(webkit_driver)
                .stdout(Stdio::from(log))
                .stderr(Stdio::from(log_err)),
        );
        // tauri-driver forwards to WebKitWebDriver, which it starts itself: both must listen
        // before a session can be created (under load the native one can lag behind).
        wait_until(
            "tauri-driver and WebKitWebDriver to accept connections",
            Duration::from_secs(30),
            || {
                TcpStream::connect(("127.0.0.1", port)).is_ok()
                    && TcpStream::connect(("127.0.0.1", native_port)).is_ok()
            },
        );
        port
    }
}

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

    async fn inner_text(&self, css: &str) -> Option<String> {
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
            .unwrap_or_else(|e| panic!("could not click `{css}`: {e}"));
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

    /// Chooses the option with `value` in the `<select>` matching `css`.
    pub async fn select(&self, css: &str, value: &str) {
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

impl PrivateDesktop {
    fn stop_children(&mut self) {
        // Newest first: tauri-driver before the keyring, bus and display it uses.
        while let Some((name, mut child)) = self.children.pop() {
            if child.try_wait().ok().flatten().is_some() {
                continue;
            }
            // SIGTERM, not SIGKILL: tauri-driver must get the chance to stop WebKitWebDriver.
            // SAFETY: kill(2) with a pid we spawned and still own (not yet reaped).
            unsafe {
                libc::kill(child.id() as libc::pid_t, libc::SIGTERM);
            }
            let start = Instant::now();
            while child.try_wait().ok().flatten().is_none() {
                if start.elapsed() > Duration::from_secs(5) {
                    eprintln!("{name} ignored SIGTERM; killing it");
                    let _ = child.kill();
                    let _ = child.wait();
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
}

impl Drop for PrivateDesktop {
    fn drop(&mut self) {
        // A failed test drops the harness without `stop`; the app dies with its driver.
        self.stop_children();
        if std::thread::panicking() {
            let log = self.log();
            let tail: Vec<&str> = log.lines().rev().take(60).collect();
            eprintln!("--- last lines of the app and driver output ---");
            for l in tail.into_iter().rev() {
                eprintln!("{l}");
            }
        }
    }
}

/// Whether a Secret Service owns its well-known name on the bus described by `env`.
fn secret_service_is_up(env: &[(String, String)]) -> bool {
    Command::new("dbus-send")
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            "string:org.freedesktop.secrets",
        ])
        .output()
        .map(|o| o.status.success() && String::from_utf8_lossy(&o.stdout).contains("true"))
        .unwrap_or(false)
}

fn path_str(p: &Path) -> String {
    p.to_str().expect("harness paths are UTF-8").to_owned()
}
