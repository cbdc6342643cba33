//! The one way a credential enters the CLI: standard input when it is not a terminal (a pipe or
//! a file), else a prompt that does not echo what is typed. Never an argument (argv is visible
//! to every user of the machine) and never an environment variable.

use std::io::{IsTerminal, Read};

use scopekeeper_core::secret::SecretString;

/// Reads the credential; `what` names it in the prompt.
pub fn credential(what: &str) -> Result<SecretString, String> {
    let stdin = std::io::stdin();
    let mut text = String::new();
    if stdin.is_terminal() {
        hidden_line(&format!("{what} (input hidden): "), &mut text)?;
    } else {
        stdin
            .lock()
            .read_to_string(&mut text)
            .map_err(|e| format!("could not read the credential from standard input: {e}"))?;
    }
    let end = text.trim_end_matches(['\r', '\n']).len();
    text.truncate(end);
    Ok(SecretString::from(text))
}

/// Prompts on stderr and reads one line from the terminal with echo off; echo is restored
/// whatever happens to the read.
#[cfg(unix)]
fn hidden_line(prompt: &str, into: &mut String) -> Result<(), String> {
    use std::io::{BufRead, Write};
    use std::os::fd::AsRawFd;

    let fd = std::io::stdin().as_raw_fd();
    // SAFETY: tcgetattr fills the termios we pass for a descriptor we hold open.
    let mut saved: libc::termios = unsafe { std::mem::zeroed() };
    if unsafe { libc::tcgetattr(fd, &mut saved) } != 0 {
        return Err("could not read the terminal's settings to hide the input".into());
    }
    let mut quiet = saved;
    quiet.c_lflag &= !libc::ECHO;
    quiet.c_lflag |= libc::ECHONL;
    // SAFETY: as above; `quiet` is a copy of the terminal's own settings with echo cleared.
    if unsafe { libc::tcsetattr(fd, libc::TCSAFLUSH, &quiet) } != 0 {
        return Err("could not turn the terminal's echo off".into());
    }
    eprint!("{prompt}");
    let _ = std::io::stderr().flush();
    let read = std::io::stdin().lock().read_line(into);
    // SAFETY: puts back the settings read above.
    unsafe { libc::tcsetattr(fd, libc::TCSAFLUSH, &saved) };
    read.map(|_| ())
        .map_err(|e| format!("could not read the credential: {e}"))
}

#[cfg(not(unix))]
fn hidden_line(_prompt: &str, _into: &mut String) -> Result<(), String> {
    Err("this platform has no hidden prompt here; pipe the credential on standard input".into())
}
