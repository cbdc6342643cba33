//! Memory of the app as the system sees it: the proportional set size (PSS) of its whole
//! process tree (the app, and the WebKit web and network processes it starts), read from
//! `/proc/PID/smaps_rollup`. PSS shares each shared page among the processes mapping it, so
//! the sum over a tree counts every page once.

use std::collections::HashMap;
use std::path::Path;

use super::*;

/// One process of a tree and its PSS.
#[derive(Debug, Clone)]
pub struct ProcessMemory {
    pub pid: u32,
    /// The kernel's short name (`comm`), e.g. `WebKitWebProces`.
    pub name: String,
    pub pss_kib: u64,
}

/// The processes of one app's tree, root first.
#[derive(Debug, Clone)]
pub struct TreeMemory {
    pub processes: Vec<ProcessMemory>,
}

impl TreeMemory {
    /// The tree's PSS in MiB.
    pub fn total_mib(&self) -> f64 {
        self.processes.iter().map(|p| p.pss_kib).sum::<u64>() as f64 / 1024.0
    }

    /// `name 123.4 MiB` for each process, for a report.
    pub fn breakdown(&self) -> String {
        self.processes
            .iter()
            .map(|p| format!("{} {:.1}", p.name, p.pss_kib as f64 / 1024.0))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

struct Proc {
    ppid: u32,
    name: String,
}

fn processes() -> HashMap<u32, Proc> {
    let mut all = HashMap::new();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return all;
    };
    for entry in entries.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        // `pid (comm) state ppid ...`; comm may hold spaces and parentheses: split at the last `)`.
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
            continue;
        };
        let ppid = stat[close + 1..]
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let name = stat[open + 1..close].to_owned();
        all.insert(pid, Proc { ppid, name });
    }
    all
}

fn pss_kib(pid: u32) -> Option<u64> {
    let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
    rollup
        .lines()
        .find_map(|l| l.strip_prefix("Pss:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Whether process `pid` runs `exe` with this desktop's runtime dir (so a copy of the same
/// binary elsewhere on the machine is never counted).
fn runs_here(pid: u32, exe: &Path, runtime_dir: &str) -> bool {
    let Ok(actual) = std::fs::read_link(format!("/proc/{pid}/exe")) else {
        return false;
    };
    if actual != exe {
        return false;
    }
    let marker = format!("XDG_RUNTIME_DIR={runtime_dir}");
    std::fs::read(format!("/proc/{pid}/environ"))
        .map(|env| env.split(|b| *b == 0).any(|v| v == marker.as_bytes()))
        .unwrap_or(false)
}

impl PrivateDesktop {
    /// The PSS of every process started from `exe` on this desktop, and of all its
    /// descendants. Panics when no such process runs (the measurement would be meaningless).
    pub fn memory_of(&self, exe: &Path) -> TreeMemory {
        let exe = exe
            .canonicalize()
            .unwrap_or_else(|e| panic!("{}: {e}", exe.display()));
        let runtime_dir = self
            .env
            .iter()
            .find(|(k, _)| k == "XDG_RUNTIME_DIR")
            .map(|(_, v)| v.clone())
            .expect("the desktop sets XDG_RUNTIME_DIR");
        let all = processes();
        let mut roots: Vec<u32> = all
            .keys()
            .copied()
            .filter(|pid| runs_here(*pid, &exe, &runtime_dir))
            .collect();
        roots.sort_unstable();
        assert!(
            !roots.is_empty(),
            "no process runs {} on this desktop",
            exe.display()
        );
        let mut tree = roots.clone();
        let mut i = 0;
        while i < tree.len() {
            let parent = tree[i];
            let mut children: Vec<u32> = all
                .iter()
                .filter(|(pid, p)| p.ppid == parent && !tree.contains(pid))
                .map(|(pid, _)| *pid)
                .collect();
            children.sort_unstable();
            tree.extend(children);
            i += 1;
        }
        let processes = tree
            .into_iter()
            .filter_map(|pid| {
                Some(ProcessMemory {
                    pid,
                    name: all.get(&pid)?.name.clone(),
                    pss_kib: pss_kib(pid)?,
                })
            })
            .collect();
        TreeMemory { processes }
    }
}
