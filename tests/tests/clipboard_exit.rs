//! A token copied from Scopekeeper does not outlive the app: quitting clears the clipboard if it
//! still holds the token, even when a clipboard manager has taken the text over (as managers
//! that keep the clipboard's contents do). The clearing timer is set far off here, so only the
//! exit can be what clears it.

use std::io::Write;
use std::process::Stdio;
use std::time::{Duration, Instant};

use scopekeeper_e2e::{Harness, KeyringMode, Options};

mod support;
use support::*;

/// Sends the window manager's "close" (WM_DELETE_WINDOW) to an X window, as a title bar's close
/// button does; Xvfb runs no window manager, so it is sent through libX11 directly.
const CLOSE_WINDOW: &str = r#"
import ctypes, sys
x = ctypes.CDLL("libX11.so.6")
x.XOpenDisplay.restype = ctypes.c_void_p
x.XOpenDisplay.argtypes = [ctypes.c_char_p]
x.XInternAtom.restype = ctypes.c_ulong
x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
x.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long, ctypes.c_void_p]
x.XFlush.argtypes = [ctypes.c_void_p]
class ClientMessage(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                ("display", ctypes.c_void_p), ("window", ctypes.c_ulong),
                ("message_type", ctypes.c_ulong), ("format", ctypes.c_int),
                ("data", ctypes.c_long * 5), ("pad", ctypes.c_long * 12)]
d = x.XOpenDisplay(None)
for w in sys.argv[1:]:
    ev = ClientMessage(type=33, window=int(w), format=32)
    ev.message_type = x.XInternAtom(d, b"WM_PROTOCOLS", 0)
    ev.data[0] = x.XInternAtom(d, b"WM_DELETE_WINDOW", 0)
    x.XSendEvent(d, ev.window, 0, 0, ctypes.byref(ev))
x.XFlush(d)
"#;

#[tokio::test(flavor = "multi_thread")]
async fn quitting_clears_a_copied_token_a_clipboard_manager_took_over() {
    let app = Harness::start(Options {
        keyring: KeyringMode::Unlocked,
        env: vec![("SCOPEKEEPER_CLIPBOARD_CLEAR_SECS".into(), "600".into())],
        ..Options::default()
    })
    .await;
    add_sandbox(&app, "mindbridge").await;
    build(&app, None, &["api.engagements.read"], "ci-e2e-exit").await;
    app.set_value("[data-testid=token-expiry]", &in_days(30))
        .await;
    let conn_id = sandbox_connection_id(&app, "mindbridge");
    app.select("[data-testid=create-connection]", &conn_id)
        .await;
    app.click("[data-testid=create-token]").await;
    app.wait_for("[data-testid=created-token]", LONG).await;
    app.click("[data-testid=created-reveal]").await;
    let secret = app
        .wait_for_text("[data-testid=created-secret]", "the revealed token", |t| {
            !t.is_empty() && !t.contains('•')
        })
        .await;
    app.click("[data-testid=created-copy]").await;
    app.wait_for_text("[data-testid=copy-status]", "the copy status", |t| {
        t.contains("cleared in 600 s")
    })
    .await;
    assert_eq!(clipboard(&app), secret);

    // A clipboard manager takes the text over: it now serves the token, not Scopekeeper.
    a_clipboard_manager_takes_over(&app, &secret);
    assert_eq!(clipboard(&app), secret, "the manager serves the token");

    // Quit the app as a person does: close its window.
    let windows = app_windows(&app);
    assert!(!windows.is_empty(), "the app's window is found");
    let sent = app
        .desktop()
        .command("python3")
        .arg("-c")
        .arg(CLOSE_WINDOW)
        .args(&windows)
        .status()
        .expect("run python3");
    assert!(sent.success(), "the close request was sent");
    let asked = Instant::now();
    while !app_windows(&app).is_empty() {
        assert!(
            asked.elapsed() < LONG,
            "the app did not quit when its window was closed"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // The app is gone; the clipboard must not still hold the token.
    let gone = Instant::now();
    while clipboard(&app) == secret {
        assert!(
            gone.elapsed() < Duration::from_secs(5),
            "the token outlived the app on the clipboard"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let log = app.desktop().log();
    assert!(!log.contains("panicked"), "{log}");
    app.stop().await;
}

/// Takes the clipboard's ownership with the same text, as a clipboard manager keeping the
/// clipboard's contents does (xclip stays in the background serving it until someone else
/// takes the clipboard).
fn a_clipboard_manager_takes_over(app: &Harness, text: &str) {
    let mut child = app
        .desktop()
        .command("xclip")
        .args(["-selection", "clipboard", "-i"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run xclip");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
}

/// The X windows titled "Scopekeeper" (none once the app has quit).
fn app_windows(app: &Harness) -> Vec<String> {
    let out = app
        .desktop()
        .command("xdotool")
        .args(["search", "--name", "^Scopekeeper$"])
        .output()
        .expect("run xdotool");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}
