//! `scopekeeper audit`: the app's audit, headless (CI, cron). Reads the connections (all, or
//! those named with `--connection`), prints the report in a format, and exits 1 when a finding
//! reaches `--fail-on`. A connection that cannot be read is reported on stderr with its reason;
//! the others' report is printed all the same. Each run is saved to the local history (a
//! history that cannot be written is a warning; the report is printed all the same), and
//! `--since` adds what changed since an earlier run.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;
use scopekeeper_core::audit::report::ReportFormat;
use scopekeeper_core::audit::AuditReport;
use scopekeeper_core::audit::{AuditSettings, Severity};
use scopekeeper_core::catalog::Catalog;
use scopekeeper_core::connection::Connection;
use scopekeeper_core::history::{end_of_local_day, Changes, HistoryStore, RunSummary};
use scopekeeper_core::places::{AUDIT_SETTINGS_FILE, TEMPLATES_FILE};
use scopekeeper_core::printable::printable;
use scopekeeper_core::vendor::adapter::ListProgress;
use scopekeeper_core::vendor::Vendor;

use crate::connections::{open_desk, runtime};
use crate::timings::Stages;
use crate::{places, registry, Failure};

#[derive(Args)]
pub struct AuditArgs {
    /// Audit only this connection (repeatable; `scopekeeper connections list` shows the ids).
    #[arg(long = "connection", value_name = "ID")]
    connections: Vec<String>,
    /// text, json, csv, html or sarif (default text; json with --json).
    #[arg(long, value_parser = parse_format)]
    format: Option<ReportFormat>,
    /// Exit 1 when any finding is at least this severe: low, medium, high or critical.
    #[arg(long = "fail-on", value_name = "SEVERITY", value_parser = parse_severity)]
    fail_on: Option<Severity>,
    /// Write the report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Also print what changed since the previous audit (`last`) or since the latest audit on
    /// or before the end of a local date (YYYY-MM-DD); each connection is compared with the
    /// latest such audit that read it, and one none read is "not compared". With the text and
    /// JSON formats; JSON then reads `{"report": …, "changes": …}`.
    #[arg(long, value_name = "last|YYYY-MM-DD", value_parser = parse_since)]
    since: Option<Since>,
    /// Print how long each stage took on standard error, as one line: `timings: setup …,
    /// read …, judge …, save …, print …, total … ms` (setup: connections, settings, catalogs
    /// and templates; read: every connection's listing; save: the history snapshot, saved while
    /// the report is printed unless `--since` needs it first).
    #[arg(long)]
    timings: bool,
}

/// The run `--since` compares with.
#[derive(Clone)]
enum Since {
    Last,
    /// The latest run at or before this instant (Unix ms), the end of the named local day.
    Day(i64, String),
}

fn parse_since(text: &str) -> Result<Since, String> {
    if text == "last" {
        return Ok(Since::Last);
    }
    end_of_local_day(text)
        .map(|end| Since::Day(end, text.to_owned()))
        .ok_or_else(|| {
            format!("`{text}` is not `last` or a date: use last or YYYY-MM-DD (e.g. 2026-11-30)")
        })
}

fn parse_format(text: &str) -> Result<ReportFormat, String> {
    ReportFormat::parse(text).ok_or_else(|| {
        format!("`{text}` is not a report format: use text, json, csv, html or sarif")
    })
}

fn parse_severity(text: &str) -> Result<Severity, String> {
    match text {
        "low" => Ok(Severity::Low),
        "medium" => Ok(Severity::Medium),
        "high" => Ok(Severity::High),
        "critical" => Ok(Severity::Critical),
        _ => Err(format!(
            "`{text}` is not a severity: use low, medium, high or critical"
        )),
    }
}

/// The templates the admin assigned in the app (`templates.json` beside the connections).
fn templates(
    catalog_of: &dyn Fn(Vendor) -> Option<Catalog>,
) -> Result<HashMap<String, scopekeeper_core::audit::Assigned>, Failure> {
    let Some(dir) = places::config_dir() else {
        return Ok(HashMap::new());
    };
    let store = scopekeeper_core::audit::TemplateStore::new(&dir.join(TEMPLATES_FILE));
    let all = store.load().map_err(|e| Failure::Message(e.message))?;
    Ok(scopekeeper_core::audit::templates::resolved(
        &all, catalog_of,
    ))
}

/// The audit settings file the app uses (`audit.toml` in its config dir); none means defaults.
fn settings() -> Result<AuditSettings, Failure> {
    let Some(dir) = places::config_dir() else {
        return Ok(AuditSettings::default());
    };
    AuditSettings::load(&dir.join(AUDIT_SETTINGS_FILE))
        .map_err(|e| Failure::Message(format!("the audit settings file is not valid: {e}")))
}

/// Shows each connection's reading progress on one terminal line (only on a terminal).
fn progress_line(
    labels: &HashMap<String, String>,
) -> impl Fn(&str, ListProgress) + Send + Sync + '_ {
    let on_terminal = std::io::stderr().is_terminal();
    move |id: &str, p: ListProgress| {
        if on_terminal {
            let label = printable(labels.get(id).map_or(id, String::as_str));
            let pages = p.total_pages.map_or_else(
                || p.pages_read.to_string(),
                |t| format!("{}/{t}", p.pages_read),
            );
            // The one escape the CLI sends itself: clear the progress line.
            eprint!(
                "\r\x1b[2KReading {label}: {} tokens, page {pages}",
                p.tokens_seen
            );
            let _ = std::io::stderr().flush();
        }
    }
}

pub fn run(json: bool, args: AuditArgs) -> Result<bool, Failure> {
    let mut stages = Stages::new();
    let format = args.format.unwrap_or(if json {
        ReportFormat::Json
    } else {
        ReportFormat::Text
    });
    if args.since.is_some() && !matches!(format, ReportFormat::Text | ReportFormat::Json) {
        return Err(Failure::Usage(
            "--since works with the text and json formats".into(),
        ));
    }
    let desk = open_desk()?;
    let conns = desk.connections();
    known_connections(&conns, &args.connections)?;
    if conns.is_empty() {
        tell!("note: there are no connections; add one with `scopekeeper connections add`");
    }
    let settings = settings()?;
    let registry = registry();
    let catalog_of = |v: Vendor| -> Option<Catalog> { registry.get(v.id()).cloned() };
    let labels: HashMap<String, String> = conns
        .iter()
        .map(|c| (c.id.clone(), c.label.clone()))
        .collect();
    let templates = templates(&catalog_of)?;
    let progress = progress_line(&labels);
    let only = (!args.connections.is_empty()).then_some(args.connections.as_slice());
    let max_tokens = settings.max_tokens_per_connection as usize;
    let runtime = runtime()?;
    // Opening the history checks the whole file (`quick_check`): done while the vendors are read.
    let history = std::thread::spawn(|| {
        crate::history::database().and_then(|path| HistoryStore::open(&path).map_err(|e| e.message))
    });
    stages.end("setup");
    let inventory = runtime.block_on(scopekeeper_core::audit::inventory_of(
        &desk,
        only,
        max_tokens,
        &catalog_of,
        &progress,
    ));
    stages.end("read");
    let report =
        scopekeeper_core::audit::judged(&desk, inventory, &catalog_of, &settings, &templates);
    stages.end("judge");
    if std::io::stderr().is_terminal() {
        eprint!("\r\x1b[2K");
    }
    report_failures(&report);
    let history = history
        .join()
        .unwrap_or_else(|_| Err("the history could not be opened".into()));
    save_and_print(history, &report, &registry, &args, format, &mut stages)?;
    if args.timings {
        eprintln!("{}", stages.line());
    }
    // A gate must not pass an audit it could not finish: with --fail-on, a connection that
    // could not be read fails it too.
    let incomplete = report.outcomes.iter().any(|o| o.error.is_some());
    if incomplete && args.fail_on.is_some() {
        tell!("error: the audit is incomplete (see above), so --fail-on fails it");
    }
    let passed = !args
        .fail_on
        .is_some_and(|bar| incomplete || reaches(&report, bar));
    // The process ends next: freeing every row's strings one by one (4% of a 10,000-token
    // audit's CPU in perf) is left to the exit.
    std::mem::forget(report);
    Ok(passed)
}

/// Saves the run to the history and prints the report: side by side (both only read the
/// report), or the save first when `--since` reads what changed from the run just saved.
fn save_and_print(
    history: Result<HistoryStore, String>,
    report: &AuditReport,
    registry: &scopekeeper_core::catalog::registry::CatalogRegistry,
    args: &AuditArgs,
    format: ReportFormat,
    stages: &mut Stages,
) -> Result<(), Failure> {
    let Some(asked) = &args.since else {
        let ((saved, saved_in), (printed, printed_in)) = std::thread::scope(|scope| {
            let saving = scope.spawn(|| timed(|| save(history, report, registry)));
            let printed =
                timed(|| crate::report_out::emit(args.out.as_deref(), report, format, None));
            let saved = saving
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (saved, printed)
        });
        // Told after the report, never in the middle of it on a terminal.
        if let Err(why) = saved {
            tell!("warning: this audit was not saved to the history: {why}");
        }
        stages.end_side_by_side(("save", saved_in), ("print", printed_in));
        return printed;
    };
    let recorded = record(history, report, registry);
    let since = Some(changes_since(recorded.as_ref(), asked));
    stages.end("save");
    crate::report_out::emit(args.out.as_deref(), report, format, since.as_ref())?;
    stages.end("print");
    match since {
        Some(Err(why)) => {
            if args.timings {
                eprintln!("{}", stages.line());
            }
            Err(Failure::Message(why))
        }
        _ => Ok(()),
    }
}

/// Every id in `asked` names one of `conns`; else a usage error listing them.
fn known_connections(conns: &[Connection], asked: &[String]) -> Result<(), Failure> {
    if let Some(unknown) = asked.iter().find(|id| !conns.iter().any(|c| &c.id == *id)) {
        let known: Vec<String> = conns
            .iter()
            .map(|c| format!("{} ({})", c.id, c.label))
            .collect();
        return Err(Failure::Usage(format!(
            "no connection `{unknown}`; the connections are: {}",
            if known.is_empty() {
                "none".into()
            } else {
                known.join(", ")
            }
        )));
    }
    Ok(())
}

/// Saves the run to the app's history (`opened`, or why it could not be opened); a failure is a
/// warning and the audit goes on.
fn record(
    opened: Result<HistoryStore, String>,
    report: &AuditReport,
    registry: &scopekeeper_core::catalog::registry::CatalogRegistry,
) -> Option<(HistoryStore, RunSummary)> {
    match save(opened, report, registry) {
        Ok(done) => Some(done),
        Err(why) => {
            tell!("warning: this audit was not saved to the history: {why}");
            None
        }
    }
}

/// Saves the run to the history; why not, when it could not be.
fn save(
    opened: Result<HistoryStore, String>,
    report: &AuditReport,
    registry: &scopekeeper_core::catalog::registry::CatalogRegistry,
) -> Result<(HistoryStore, RunSummary), String> {
    let cats: Vec<(Vendor, &Catalog)> = Vendor::ALL
        .iter()
        .filter_map(|&v| Some((v, registry.get(v.id())?)))
        .collect();
    opened.and_then(|store| {
        let run = store.save(report, &cats).map_err(|e| e.message)?;
        Ok((store, run))
    })
}

/// `work()` and how long it took.
fn timed<T>(work: impl FnOnce() -> T) -> (T, std::time::Duration) {
    let start = std::time::Instant::now();
    let done = work();
    (done, start.elapsed())
}

/// What changed since the run `since` names, each connection compared with the latest run by
/// then that read it; `Ok(None)` when there is none to compare with.
fn changes_since(
    recorded: Option<&(HistoryStore, RunSummary)>,
    since: &Since,
) -> Result<Option<Changes>, String> {
    let Some((store, run)) = recorded else {
        return Err("--since needs the history, and this audit could not be saved to it".into());
    };
    let until = match since {
        Since::Last => None,
        Since::Day(end, _) => Some(*end),
    };
    let found = store.since(run.id, until).map_err(|e| e.message)?;
    if found.is_none() {
        let why = match since {
            Since::Last => "no earlier audit is in the history (this is the first)".to_owned(),
            Since::Day(_, day) => format!("no audit on or before {day} is in the history"),
        };
        tell!("note: {why}; there is nothing to compare with");
    }
    Ok(found)
}

/// Each connection that could not be read, on stderr, with why.
fn report_failures(report: &AuditReport) {
    for o in &report.outcomes {
        if let Some(e) = &o.error {
            tell!(
                "error: {} connection \u{201c}{}\u{201d} ({}) could not be read: {}",
                o.vendor,
                printable(&o.label),
                o.connection_id,
                printable(&e.message)
            );
        }
    }
}

/// Whether any finding is at least as severe as `bar`.
fn reaches(report: &AuditReport, bar: Severity) -> bool {
    report
        .assessment
        .rows
        .iter()
        .flat_map(|r| &r.findings)
        .any(|f| f.severity >= bar)
}
