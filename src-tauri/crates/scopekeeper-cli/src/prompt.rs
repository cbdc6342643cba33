//! The one way a credential enters the CLI: standard input when it is not a terminal (a pipe or
//! a file), else a prompt that does not echo what is typed. Never an argument (argv is visible
//! to every user of the machine) and never an environment variable.

use std::io::{IsTerminal, Read};

use scopekeeper_core::secret::SecretString;

const MAX: u64 = 64 * 1024;

/// Reads the credential; `what` names it in the prompt.
pub fn credential(what: &str) -> Result<SecretString, String> {
    let stdin = std::io::stdin();
    let mut text = String::new();
    if stdin.is_terminal() {
        hidden_line(&format!("{what} (input hidden): "), &mut text)?;
    } else {
        // A credential is short: stop at 64 KiB (`< /dev/zero` must not exhaust memory).
        stdin
            .lock()
            .take(MAX + 1)
            .read_to_string(&mut text)
            .map_err(|e| format!("could not read the credential from standard input: {e}"))?;
        if text.len() as u64 > MAX {
            return Err("standard input holds more than 64 KiB: that is not a credential".into());
        }
    }
    let end = text.trim_end_matches(['\r', '\n']).len();
    text.truncate(end);
    Ok(SecretString::from(text))
}

/// Prompts on stderr and reads one line from the terminal with echo off. Echo comes back
/// however the read ends: returned, failed, panicked (a guard) or interrupted with Ctrl-C (a
/// signal handler puts the settings back, then lets the signal end the process as usual).
#[cfg(unix)]
fn hidden_line(prompt: &str, into: &mut String) -> Result<(), String> {
    use std::io::{BufRead, Write};
    use std::os::fd::AsRawFd;

    let fd = std::io::stdin().as_raw_fd();
    let _quiet = echo::off(fd)?;
    eprint!("{prompt}");
    let _ = std::io::stderr().flush();
    std::io::stdin()
        .lock()
        .take(MAX)
        .read_line(into)
        .map(|_| ())
        .map_err(|e| format!("could not read the credential: {e}"))
}

#[cfg(unix)]
mod echo {
    use std::sync::atomic::{AtomicBool, Ordering};

    /// The terminal's settings while echo is off, for the signal handler (which may not lock).
    static mut SAVED: std::mem::MaybeUninit<(libc::c_int, libc::termios)> =
        std::mem::MaybeUninit::uninit();
    static ARMED: AtomicBool = AtomicBool::new(false);

    /// Echo stays off while this lives.
    pub struct EchoOff {
        fd: libc::c_int,
        saved: libc::termios,
        previous: [libc::sighandler_t; 2],
    }

    const SIGNALS: [libc::c_int; 2] = [libc::SIGINT, libc::SIGTERM];

    extern "C" fn restore_and_die(sig: libc::c_int) {
        if ARMED.swap(false, Ordering::SeqCst) {
            // SAFETY: SAVED was written before ARMED was set; tcsetattr, signal and raise are
            // async-signal-safe.
            unsafe {
                let (fd, saved) = (*std::ptr::addr_of!(SAVED)).assume_init();
                libc::tcsetattr(fd, libc::TCSAFLUSH, &saved);
            }
        }
        unsafe {
            libc::signal(sig, libc::SIG_DFL);
            libc::raise(sig);
        }
    }

    pub fn off(fd: libc::c_int) -> Result<EchoOff, String> {
        // SAFETY: tcgetattr fills the termios we pass for a descriptor we hold open.
        let mut saved: libc::termios = unsafe { std::mem::zeroed() };
        if unsafe { libc::tcgetattr(fd, &mut saved) } != 0 {
            return Err("could not read the terminal's settings to hide the input".into());
        }
        // SAFETY: written once per prompt, before the handler can read it (ARMED is set after).
        unsafe { (*std::ptr::addr_of_mut!(SAVED)).write((fd, saved)) };
        ARMED.store(true, Ordering::SeqCst);
        let handler = restore_and_die as extern "C" fn(libc::c_int) as libc::sighandler_t;
        // SAFETY: installs a handler that only calls async-signal-safe functions.
        let previous = SIGNALS.map(|s| unsafe { libc::signal(s, handler) });
        let mut quiet = saved;
        quiet.c_lflag &= !libc::ECHO;
        quiet.c_lflag |= libc::ECHONL;
        let guard = EchoOff {
            fd,
            saved,
            previous,
        };
        // SAFETY: `quiet` is a copy of the terminal's own settings with echo cleared.
        if unsafe { libc::tcsetattr(fd, libc::TCSAFLUSH, &quiet) } != 0 {
            return Err("could not turn the terminal's echo off".into());
        }
        Ok(guard)
    }

    impl Drop for EchoOff {
        fn drop(&mut self) {
            ARMED.store(false, Ordering::SeqCst);
            // SAFETY: puts back the settings read in `off`, and the handlers it replaced.
            unsafe {
                libc::tcsetattr(self.fd, libc::TCSAFLUSH, &self.saved);
                for (s, h) in SIGNALS.iter().zip(self.previous) {
                    libc::signal(*s, h);
                }
            }
        }
    }
}

#[cfg(not(unix))]
fn hidden_line(_prompt: &str, _into: &mut String) -> Result<(), String> {
    Err("this platform has no hidden prompt here; pipe the credential on standard input".into())
}
