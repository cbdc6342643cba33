//! The private desktop: Xvfb, a D-Bus session bus, a throwaway gnome-keyring, app dirs.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::*;

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

    pub(crate) fn start_tauri_driver(&mut self, tauri_driver: &Path, webkit_driver: &Path) -> u16 {
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

impl PrivateDesktop {
    pub(crate) fn stop_children(&mut self) {
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
