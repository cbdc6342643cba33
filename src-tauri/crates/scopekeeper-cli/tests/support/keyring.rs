//! A private OS keyring for the CLI's tests: a D-Bus session bus of its own (no service
//! directories, so nothing is activated behind the test's back) and a throwaway, unlocked
//! gnome-keyring whose files live in a temporary dir; plus private config and data dirs for
//! the app's files. `make test` installs dbus, gnome-keyring and libsecret-tools.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub struct PrivateKeyring {
    dir: tempfile::TempDir,
    env: Vec<(String, String)>,
    children: Vec<Child>,
}

const BUS_CONFIG: &str = r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
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
"#;

fn spawn(what: &str, cmd: &mut Command) -> Child {
    cmd.spawn()
        .unwrap_or_else(|e| panic!("could not start {what} ({e}); `make test` installs it"))
}

impl PrivateKeyring {
    pub fn start() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("scopekeeper-cli-")
            .tempdir()
            .unwrap();
        let sub = |name: &str| {
            let d = dir.path().join(name);
            std::fs::create_dir_all(&d).unwrap();
            d.to_str().unwrap().to_owned()
        };
        let runtime = sub("runtime");
        std::fs::set_permissions(
            &runtime,
            std::os::unix::fs::PermissionsExt::from_mode(0o700),
        )
        .unwrap();
        let mut env = vec![
            ("HOME".to_owned(), sub("home")),
            ("XDG_RUNTIME_DIR".to_owned(), runtime.clone()),
            ("XDG_DATA_HOME".to_owned(), sub("xdg-data")),
            ("XDG_CONFIG_HOME".to_owned(), sub("xdg-config")),
            ("SCOPEKEEPER_CONFIG_DIR".to_owned(), sub("app-config")),
            ("SCOPEKEEPER_DATA_DIR".to_owned(), sub("app-data")),
            ("SCOPEKEEPER_CATALOG_DIR".to_owned(), sub("no-imports")),
        ];
        let config = Path::new(&runtime).join("bus.conf");
        std::fs::write(&config, BUS_CONFIG).unwrap();
        let mut bus = spawn(
            "dbus-daemon",
            Command::new("dbus-daemon")
                .arg(format!("--config-file={}", config.display()))
                .args(["--nofork", "--print-address=1"])
                .stdout(Stdio::piped())
                .stderr(Stdio::null()),
        );
        let mut address = String::new();
        BufReader::new(bus.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        assert!(!address.trim().is_empty(), "dbus-daemon printed no address");
        env.push(("DBUS_SESSION_BUS_ADDRESS".into(), address.trim().to_owned()));
        let mut keyring = Self {
            dir,
            env,
            children: vec![bus],
        };
        keyring.start_gnome_keyring();
        keyring
    }

    fn start_gnome_keyring(&mut self) {
        let mut child = spawn(
            "gnome-keyring-daemon",
            Command::new("gnome-keyring-daemon")
                .args(["--foreground", "--components=secrets", "--unlock"])
                .envs(self.env.iter().map(|(k, v)| (k, v)))
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
        );
        // The password of the throwaway login keyring; never a real one.
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(b"scopekeeper-cli-test").unwrap();
        drop(stdin);
        self.children.push(child);
        let start = Instant::now();
        while !self.secret_service_is_up() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "gnome-keyring did not take org.freedesktop.secrets on the private bus"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn secret_service_is_up(&self) -> bool {
        self.command("dbus-send")
            .args([
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner",
                "string:org.freedesktop.secrets",
            ])
            .output()
            .is_ok_and(|o| {
                o.status.success() && String::from_utf8_lossy(&o.stdout).contains("true")
            })
    }

    /// A command with this keyring's bus and the private dirs.
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut cmd = Command::new(program);
        cmd.envs(self.env.iter().map(|(k, v)| (k, v)));
        cmd
    }

    /// Runs `scopekeeper args…` here, with `stdin` as its standard input.
    pub fn sk(&self, args: &[&str], stdin: &str) -> Output {
        let mut child = self
            .command(env!("CARGO_BIN_EXE_scopekeeper"))
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run scopekeeper");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }

    /// What the real Secret Service holds for a Scopekeeper account, read with libsecret's
    /// own client rather than with the CLI.
    pub fn lookup(&self, account: &str) -> Option<String> {
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

    /// The app's config dir (connections.json) and data dir (actions.jsonl).
    pub fn app_dir(&self, which: &str) -> PathBuf {
        self.dir.path().join(format!("app-{which}"))
    }

    /// Every file the CLI could have written: the app's dirs and the home dir.
    pub fn written_files(&self) -> Vec<(PathBuf, String)> {
        let mut out = Vec::new();
        for d in ["app-config", "app-data", "home"] {
            collect(&self.dir.path().join(d), &mut out);
        }
        out
    }
}

fn collect(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else {
            let text = String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned();
            out.push((p, text));
        }
    }
}

/// Adds a connection through `scopekeeper connections add --json` with `args`, the credential
/// `secret` on stdin; the new connection's id.
pub fn add(k: &PrivateKeyring, args: &[&str], secret: &str) -> String {
    let mut all = vec!["connections", "add", "--json"];
    all.extend_from_slice(args);
    let o = k.sk(&all, secret);
    assert!(o.status.success(), "{}", super::out(&o));
    serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Adds the simulator's Cortex tenant, by its admin key and key id, as "Cortex prod"; its id.
pub fn add_cortex(k: &PrivateKeyring, h: &scopekeeper_sim::Handshake) -> String {
    let key_id = h.cortex.api_key_id.to_string();
    add(
        k,
        &[
            "--vendor",
            "cortex",
            "--label",
            "Cortex prod",
            "--base-url",
            &h.cortex.base_url,
            "--key-id",
            &key_id,
        ],
        &h.cortex.api_key,
    )
}

impl Drop for PrivateKeyring {
    fn drop(&mut self) {
        // Only the processes this keyring started, by their own handles.
        for c in self.children.iter_mut().rev() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// Adds the simulator's Cloudflare account, by its admin account token, as "Cloudflare prod";
/// its id.
pub fn add_cloudflare(k: &PrivateKeyring, h: &scopekeeper_sim::Handshake) -> String {
    add(
        k,
        &[
            "--vendor",
            "cloudflare",
            "--label",
            "Cloudflare prod",
            "--kind",
            "account-token",
            "--base-url",
            &h.cloudflare.base_url,
        ],
        &h.cloudflare.token,
    )
}

/// Adds the simulator's GitLab project, by the administrator's personal token, as "GitLab
/// platform/api"; its id.
pub fn add_gitlab(k: &PrivateKeyring, h: &scopekeeper_sim::Handshake) -> String {
    add(
        k,
        &[
            "--vendor",
            "gitlab",
            "--label",
            "GitLab platform/api",
            "--kind",
            "personal",
            "--base-url",
            &h.gitlab.base_url,
        ],
        &h.gitlab.token,
    )
}

/// Adds the simulator's GitHub organization, through its GitHub App (the App's ID and private
/// key), as "GitHub acme"; its id.
pub fn add_github(k: &PrivateKeyring, h: &scopekeeper_sim::Handshake) -> String {
    let app_id = h.github.app_id.to_string();
    add(
        k,
        &[
            "--vendor",
            "github",
            "--label",
            "GitHub acme",
            "--kind",
            "installation",
            "--base-url",
            &h.github.base_url,
            "--key-id",
            &app_id,
        ],
        &h.github.token,
    )
}
