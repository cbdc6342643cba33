//! The credential prompt on a real pseudo-terminal: what is typed is not echoed, and echo comes
//! back when the prompt ends — answered, or interrupted with Ctrl-C.
#![cfg(unix)]

use std::io::Read;
use std::os::fd::{FromRawFd, OwnedFd};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn echo_on(fd: i32) -> bool {
    // SAFETY: tcgetattr fills a termios we own, for a descriptor we hold open.
    let mut t: libc::termios = unsafe { std::mem::zeroed() };
    assert_eq!(unsafe { libc::tcgetattr(fd, &mut t) }, 0);
    t.c_lflag & libc::ECHO != 0
}

/// Starts `connections add` on a new pseudo-terminal; (child, master, slave fd).
fn prompt_on_a_pty() -> (std::process::Child, std::fs::File, i32) {
    let (mut master, mut slave) = (0, 0);
    // SAFETY: openpty writes two descriptors we then own.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(rc, 0, "openpty");
    let dir = tempfile::tempdir().unwrap().keep();
    let io = |fd: i32| {
        // SAFETY: a duplicate of the slave, owned by the child's stdio.
        Stdio::from(unsafe { OwnedFd::from_raw_fd(libc::dup(fd)) })
    };
    let child = Command::new(env!("CARGO_BIN_EXE_scopekeeper"))
        .args([
            "connections",
            "add",
            "--vendor",
            "mindbridge",
            "--label",
            "T",
        ])
        .args(["--base-url", "http://127.0.0.1:9"])
        .env("SCOPEKEEPER_CONFIG_DIR", &dir)
        .env("SCOPEKEEPER_DATA_DIR", &dir)
        .stdin(io(slave))
        .stdout(io(slave))
        .stderr(io(slave))
        .spawn()
        .unwrap();
    // SAFETY: the master descriptor is ours.
    let mut master = unsafe { std::fs::File::from_raw_fd(master) };
    let mut seen = Vec::new();
    let start = Instant::now();
    while !String::from_utf8_lossy(&seen).contains("input hidden") {
        assert!(start.elapsed() < Duration::from_secs(20), "no prompt");
        let mut buf = [0u8; 256];
        let n = master.read(&mut buf).unwrap();
        seen.extend_from_slice(&buf[..n]);
    }
    (child, master, slave)
}

#[test]
fn the_prompt_hides_what_is_typed_and_ctrl_c_gives_the_terminal_back_its_echo() {
    let (mut child, mut master, slave) = prompt_on_a_pty();
    assert!(!echo_on(slave), "echo is off while the credential is typed");
    std::io::Write::write_all(&mut master, b"typed-secret-value").unwrap();
    std::thread::sleep(Duration::from_millis(200));
    // SAFETY: signals the child we started.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let status = child.wait().unwrap();
    assert!(!status.success());
    assert!(echo_on(slave), "Ctrl-C left the terminal without echo");
}

#[test]
fn an_answered_prompt_gives_the_echo_back_and_never_shows_the_secret() {
    let (mut child, mut master, slave) = prompt_on_a_pty();
    std::io::Write::write_all(&mut master, b"typed-secret-value\n").unwrap();
    child.wait().unwrap();
    assert!(echo_on(slave));
    // SAFETY: non-blocking, so reading what is left ends.
    unsafe { libc::fcntl(slave, libc::F_SETFL, libc::O_NONBLOCK) };
    unsafe {
        let fd = std::os::fd::AsRawFd::as_raw_fd(&master);
        libc::fcntl(fd, libc::F_SETFL, libc::O_NONBLOCK)
    };
    let mut rest = Vec::new();
    let _ = master.read_to_end(&mut rest);
    assert!(
        !String::from_utf8_lossy(&rest).contains("typed-secret-value"),
        "the secret was echoed"
    );
}
