//! `scopekeeper history`: the audit runs kept in the local history database (the app's
//! `history.sqlite3` in its data dir), and the text of what changed between two runs, which
//! `scopekeeper audit --since` prints. A damaged run (a list altered in the file) is marked in
//! the list, said in words with what to do, and makes `history` exit 1.

use std::fmt::Write;
use std::path::PathBuf;

use clap::Args;
use scopekeeper_core::history::{
    local_date, local_time, ChangeKind, Changes, HistoryStore, RunSummary, TokenChange, Vanished,
};
use scopekeeper_core::places::HISTORY_FILE;
use scopekeeper_core::printable::printable;

use crate::{places, print_json, Failure};

#[derive(Args)]
pub struct HistoryArgs {
    /// How many runs to list, newest first.
    #[arg(long, default_value_t = 20)]
    limit: usize,
}

/// Where the app keeps its history.
pub fn database() -> Result<PathBuf, String> {
    places::data_dir()
        .map(|d| d.join(HISTORY_FILE))
        .ok_or_else(|| {
            "cannot tell where the app keeps its data: set $HOME or $SCOPEKEEPER_DATA_DIR".into()
        })
}

pub fn run(json: bool, args: HistoryArgs) -> Result<bool, Failure> {
    let path = database().map_err(Failure::Message)?;
    if !path.exists() {
        if json {
            print_json(&Vec::<RunSummary>::new());
        } else {
            say!("No audits recorded yet (`scopekeeper audit` records one).");
        }
        return Ok(true);
    }
    let store = HistoryStore::open(&path).map_err(|e| Failure::Message(e.message))?;
    let runs = store
        .runs(args.limit)
        .map_err(|e| Failure::Message(e.message))?;
    if json {
        print_json(&runs);
    } else if runs.is_empty() {
        say!("No audits recorded yet (`scopekeeper audit` records one).");
    } else {
        say_part!("{}", runs_table(&runs));
        say_part!("{}", damaged_text(&runs));
    }
    // A damaged run is a finding: exit 1, as `log verify` does for a broken chain.
    Ok(runs.iter().all(|r| r.damaged.is_none()))
}

/// One line per damaged run: what is wrong and what to do.
fn damaged_text(runs: &[RunSummary]) -> String {
    let mut out = String::new();
    for r in runs {
        if let Some(why) = &r.damaged {
            let _ = writeln!(
                out,
                "Run {} is DAMAGED: {}. It cannot be compared or exported; keep a copy of the \
                 history file to find out who changed it, and run a new audit for a picture \
                 you can trust.",
                r.id,
                printable(why)
            );
        }
    }
    out
}

fn runs_table(runs: &[RunSummary]) -> String {
    let head = [
        "RUN",
        "WHEN",
        "WHO",
        "CONNECTIONS",
        "TOKENS",
        "FINDINGS C/H/M/L",
        "TOP SCORE",
    ];
    let rows: Vec<[String; 7]> = runs
        .iter()
        .map(|r| {
            let failed = r.connections.iter().filter(|c| c.error.is_some()).count();
            let names: Vec<String> = r
                .connections
                .iter()
                .map(|c| match c.error {
                    Some(_) => format!("{} (not read)", printable(&c.label)),
                    None => printable(&c.label).into_owned(),
                })
                .collect();
            let conns = if names.len() <= 3 {
                names.join(", ")
            } else {
                format!("{} ({failed} not read)", names.len())
            };
            let s = r.by_severity;
            let id = match r.damaged {
                Some(_) => format!("{} DAMAGED", r.id),
                None => r.id.to_string(),
            };
            [
                id,
                local_time(r.at_ms),
                printable(&r.actor).into_owned(),
                conns,
                r.tokens.to_string(),
                format!("{}/{}/{}/{}", s[3], s[2], s[1], s[0]),
                r.top_score.to_string(),
            ]
        })
        .collect();
    let mut width = head.map(str::len);
    for r in &rows {
        for (w, cell) in width.iter_mut().zip(r) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let line = |cells: [&str; 7], out: &mut String| {
        let mut l = String::new();
        for (c, w) in cells.iter().zip(width) {
            let _ = write!(l, "{c:<w$}  ");
        }
        let _ = writeln!(out, "{}", l.trim_end());
    };
    line(head, &mut out);
    for r in &rows {
        line(r.each_ref().map(String::as_str), &mut out);
    }
    out
}

/// At most `n` items, then how many more.
fn some(items: &[String], n: usize) -> String {
    let shown: Vec<&str> = items.iter().take(n).map(String::as_str).collect();
    let mut s = printable(&shown.join(", ")).into_owned();
    if items.len() > n {
        let _ = write!(s, " and {} more", items.len() - n);
    }
    s
}

fn expiry(ms: Option<i64>) -> String {
    ms.map_or_else(|| "never".into(), local_date)
}

fn allowlist(list: &[String]) -> String {
    if list.is_empty() {
        "any address".into()
    } else {
        some(list, 3)
    }
}

/// One line per token change: `+` new, `-` vanished, `~` changed.
fn token_line(t: &TokenChange) -> String {
    let who = format!(
        "{} · {} · {} ({})",
        t.vendor,
        printable(&t.connection),
        printable(&t.name),
        printable(&t.token_id)
    );
    let mut parts: Vec<String> = Vec::new();
    let plus_minus = |what: &str, added: &[String], removed: &[String], parts: &mut Vec<String>| {
        if !added.is_empty() || !removed.is_empty() {
            let mut p = what.to_owned();
            if !added.is_empty() {
                let _ = write!(p, " +{}", some(added, 5));
            }
            if !removed.is_empty() {
                let _ = write!(p, " -{}", some(removed, 5));
            }
            parts.push(p);
        }
    };
    let mark = match t.kind {
        ChangeKind::Added => {
            parts.push(format!("new, scopes {}", some(&t.scopes_added, 5)));
            "+"
        }
        ChangeKind::Vanished => {
            parts.push(match t.vanished {
                Some(Vanished::Expired) => "vanished (expired)".into(),
                _ => "vanished (revoked or gone)".into(),
            });
            parts.push(format!("held {}", some(&t.scopes_removed, 5)));
            "-"
        }
        ChangeKind::Changed => {
            if let Some(before) = &t.name_before {
                parts.push(format!("renamed from {}", printable(before)));
            }
            plus_minus("scopes", &t.scopes_added, &t.scopes_removed, &mut parts);
            if t.permissions_added_count + t.permissions_removed_count > 0 {
                parts.push(format!(
                    "permissions +{} -{}",
                    t.permissions_added_count, t.permissions_removed_count
                ));
            }
            if t.expiry_changed {
                let (b, a) = (expiry(t.expires_before_ms), expiry(t.expires_after_ms));
                parts.push(format!("expiry {b} → {a}"));
            }
            if t.allowlist_changed {
                let (b, a) = (
                    allowlist(&t.allowlist_before),
                    allowlist(&t.allowlist_after),
                );
                parts.push(format!("allowlist {b} → {a}"));
            }
            "~"
        }
    };
    if let (Some(b), Some(a)) = (t.score_before, t.score_after) {
        if a != b {
            parts.push(format!("score {b} → {a}"));
        }
    }
    plus_minus("findings", &t.rules_added, &t.rules_removed, &mut parts);
    format!("  {mark} {who}: {}", parts.join("; "))
}

/// What changed between two runs, for a person.
pub fn changes_text(c: &Changes) -> String {
    let mut out = String::new();
    let since = match &c.from {
        Some(f) => format!(
            "the audit of {} (run {}, by {})",
            local_time(f.at_ms),
            f.id,
            printable(&f.actor)
        ),
        None => "nothing (the first audit)".into(),
    };
    let _ = writeln!(out, "Changes since {since}, to run {}:", c.to.id);
    let k = &c.counts;
    let _ = writeln!(
        out,
        "  {} new, {} vanished ({} revoked or gone, {} expired), {} widened, {} narrowed, {} expiry changed, {} allowlist changed, {} scores up, {} down, {} renamed",
        k.new, k.vanished, k.vanished_gone, k.vanished_expired, k.widened, k.narrowed,
        k.expiry_changed, k.allowlist_changed, k.score_up, k.score_down, k.renamed
    );
    if c.tokens.is_empty() {
        let _ = writeln!(out, "  No token changed.");
    }
    for t in &c.tokens {
        let _ = writeln!(out, "{}", token_line(t));
    }
    drift_text(c, &mut out);
    out
}

/// Catalog drift, unknown scopes, connections compared with an earlier run than the rest, and
/// connections not compared.
fn drift_text(c: &Changes, out: &mut String) {
    if !c.catalog_drift.is_empty() {
        let _ = writeln!(out, "Catalog drift:");
    }
    for d in &c.catalog_drift {
        let changed: Vec<String> = d.scopes_changed.iter().map(|s| s.scope.clone()).collect();
        let _ = writeln!(
            out,
            "  {}: {} → {} ({}): scopes added {}; removed {}; changed {}",
            d.vendor,
            d.hash_before,
            d.hash_after,
            printable(&d.origin_after),
            or_none(&d.scopes_added),
            or_none(&d.scopes_removed),
            or_none(&changed)
        );
    }
    if !c.unknown_scopes.is_empty() {
        let _ = writeln!(out, "Scopes the catalog does not know:");
    }
    for u in &c.unknown_scopes {
        let _ = writeln!(
            out,
            "  {} · {} ({}): {} (catalog {})",
            u.vendor,
            printable(&u.name),
            printable(&u.token_id),
            some(&u.scopes, 5),
            u.catalog_hash
        );
    }
    for b in &c.baselines {
        let _ = writeln!(
            out,
            "Compared with its last reading: {} connection \u{201c}{}\u{201d} against the audit of {} (run {})",
            b.vendor,
            printable(&b.label),
            local_time(b.run.at_ms),
            b.run.id
        );
    }
    for n in &c.not_compared {
        let _ = writeln!(
            out,
            "Not compared: {} connection \u{201c}{}\u{201d}: {}",
            n.vendor,
            printable(&n.label),
            n.reason
        );
    }
}

fn or_none(items: &[String]) -> String {
    if items.is_empty() {
        "none".into()
    } else {
        some(items, 8)
    }
}
