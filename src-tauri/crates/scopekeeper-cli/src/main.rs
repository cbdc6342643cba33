//! `scopekeeper`: the headless CLI on scopekeeper-core.
//!
//! Human-readable output by default, `--json` for machines. Exit codes: 0 success, 1 a finding
//! or invalid input (unknown scope, broken catalog, uncoverable permission), 2 usage errors,
//! 3 an evidence pack whose signer is not verified.
//! Every VENDOR argument also accepts `--catalog FILE` in its place. `connections` and `audit`
//! work on the desktop app's own connections file and OS keyring entries.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use scopekeeper_core::catalog::builtin::builtin;
use scopekeeper_core::catalog::registry::CatalogRegistry;
use scopekeeper_core::catalog::{load_catalog_file, Catalog, CatalogErrors};
use scopekeeper_core::suggest::SuggestMode;

/// Every text the CLI prints goes through these: the formatted text with control characters
/// escaped (`\u{1b}`), line breaks kept ([`scopekeeper_core::printable::printable_lines`]), so
/// no vendor reply, file or pack can send a terminal escape. `--out` files keep exact bytes.
/// Like `println!`, to standard output.
macro_rules! say {
    ($($arg:tt)*) => {
        ::std::println!("{}", ::scopekeeper_core::printable::printable_lines(&::std::format!($($arg)*)))
    };
}

/// Like `print!`, escaped as [`say!`].
macro_rules! say_part {
    ($($arg:tt)*) => {
        ::std::print!("{}", ::scopekeeper_core::printable::printable_lines(&::std::format!($($arg)*)))
    };
}

/// Like `eprintln!`, escaped as [`say!`].
macro_rules! tell {
    ($($arg:tt)*) => {
        ::std::eprintln!("{}", ::scopekeeper_core::printable::printable_lines(&::std::format!($($arg)*)))
    };
}

mod audit;
mod commands;
mod connections;
mod evidence;
mod history;
mod log;
mod places;
mod prompt;
mod render;
mod report_out;
mod timings;

#[derive(Parser)]
#[command(
    name = "scopekeeper",
    version,
    about = "Scope catalogs of SaaS vendors: browse them, resolve a selection, find who grants a permission, suggest least privilege; manage the app's connections and audit their tokens"
)]
struct Cli {
    /// Print JSON instead of text.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List vendors and key kinds: built-in, imported in the desktop app, and any --catalog.
    Catalogs {
        /// Also list these catalog files.
        #[arg(long = "catalog", value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Show or validate catalogs.
    Catalog {
        #[command(subcommand)]
        command: CatalogCommand,
    },
    /// Resolve a selection: effective scopes, granular permissions, what was added and why.
    Resolve {
        #[command(flatten)]
        target: Target,
        #[arg(long)]
        kind: Option<String>,
        /// Comma-separated scope ids (repeatable).
        #[arg(long, value_delimiter = ',', required = true)]
        scopes: Vec<String>,
        /// Do not add the scopes the vendor selects by default.
        #[arg(long)]
        no_defaults: bool,
    },
    /// Reverse lookup: which scopes grant a permission (directly or through implication).
    Grants {
        /// VENDOR PERMISSION, or just PERMISSION with --catalog.
        #[arg(value_name = "VENDOR PERMISSION", num_args = 1..=2, required = true)]
        args: Vec<String>,
        #[arg(long = "catalog", value_name = "FILE")]
        catalog: Option<PathBuf>,
        #[arg(long)]
        kind: Option<String>,
    },
    /// Least privilege: a minimal set of scopes covering the needed permissions.
    Suggest {
        #[command(flatten)]
        target: Target,
        #[arg(long)]
        kind: Option<String>,
        /// Comma-separated permission ids (repeatable).
        #[arg(long, value_delimiter = ',', required = true)]
        needs: Vec<String>,
        /// What least privilege minimises first: `fewest-scopes` (then excess permissions) or
        /// `fewest-excess` (excess permissions, then scopes).
        #[arg(long, default_value = "fewest-scopes", value_parser = parse_mode)]
        mode: SuggestMode,
    },
    /// Compare two selections: scopes and permissions added and removed (after resolving both).
    Diff {
        #[command(flatten)]
        target: Target,
        #[arg(long)]
        kind: Option<String>,
        /// The selection to compare from (comma-separated scope ids, or a preset id).
        #[arg(long, value_delimiter = ',', required = true)]
        from: Vec<String>,
        /// The selection to compare to (comma-separated scope ids, or a preset id).
        #[arg(long, value_delimiter = ',', required = true)]
        to: Vec<String>,
    },
    /// Search every catalog (ids, names, descriptions, permission ids).
    Search {
        query: Vec<String>,
        /// Also search these catalog files.
        #[arg(long = "catalog", value_name = "FILE")]
        files: Vec<PathBuf>,
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// The desktop app's connections: list, add, test, remove (same file, same OS keyring).
    Connections {
        #[command(subcommand)]
        command: connections::ConnectionsCommand,
    },
    /// Audit the tokens every connection can see: findings, risk scores, a report; exit 1 when
    /// a finding reaches --fail-on.
    Audit(audit::AuditArgs),
    /// Past audit runs kept in the local history database.
    History(history::HistoryArgs),
    /// The tamper-evident action log.
    Log {
        #[command(subcommand)]
        command: log::LogCommand,
    },
    /// Signed evidence packs for auditors: export and verify.
    Evidence {
        #[command(subcommand)]
        command: evidence::EvidenceCommand,
    },
}

#[derive(Subcommand)]
enum CatalogCommand {
    /// Scopes, grants and rules of one catalog.
    Show {
        #[command(flatten)]
        target: Target,
        #[arg(long)]
        kind: Option<String>,
    },
    /// Validate catalog files; every problem is reported as file:line:col.
    Lint {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
}

/// A built-in vendor id, or `--catalog FILE`.
#[derive(Args)]
struct Target {
    /// A vendor id: built in (bright, mindbridge, cortex, manifest) or imported in the app.
    #[arg(value_name = "VENDOR", required_unless_present = "catalog")]
    vendor: Option<String>,
    /// A catalog file (JSON or TOML) instead of a built-in vendor.
    #[arg(long, value_name = "FILE", conflicts_with = "vendor")]
    catalog: Option<PathBuf>,
}

/// A failure the CLI reports: exit 1, or 2 for a usage error found after parsing, or 3 for an
/// evidence pack that is whole but whose signer is not verified (already said on stdout).
enum Failure {
    Message(String),
    Catalog(CatalogErrors),
    Usage(String),
    SignerUnverified,
}

/// Where the desktop app keeps the catalogs an admin imported (its data dir), so the CLI sees
/// the same set; `$SCOPEKEEPER_CATALOG_DIR` overrides it.
fn imported_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("SCOPEKEEPER_CATALOG_DIR") {
        return Some(PathBuf::from(dir));
    }
    Some(places::data_dir()?.join(scopekeeper_core::places::CATALOGS_DIR))
}

/// The built-in catalogs and the imported ones. Imported files that no longer load are
/// reported on stderr and left out.
fn registry() -> CatalogRegistry {
    let reg = match imported_dir() {
        Some(dir) => CatalogRegistry::open(&dir),
        None => CatalogRegistry::builtins_only(),
    };
    for d in reg.broken() {
        tell!("warning: imported catalog skipped: {d}");
    }
    reg
}

fn load_target(vendor: Option<&str>, file: Option<&PathBuf>) -> Result<Catalog, Failure> {
    if let Some(path) = file {
        return load_catalog_file(path).map_err(Failure::Catalog);
    }
    let id = vendor.unwrap_or_default();
    if let Some(cat) = builtin(id) {
        return Ok(cat);
    }
    let reg = registry();
    reg.get(id).cloned().ok_or_else(|| {
        let known: Vec<&str> = reg.catalogs().iter().map(|c| c.id.as_str()).collect();
        Failure::Message(format!(
            "no catalog `{id}` (known: {}); use --catalog FILE for others",
            known.join(", ")
        ))
    })
}

/// A named key kind must exist in the catalog.
fn check_kind(cat: &Catalog, kind: Option<&str>) -> Result<(), Failure> {
    match kind {
        Some(k) if cat.kind(k).is_none() => Err(Failure::Message(format!(
            "{} has no key kind `{k}` (kinds: {})",
            cat.vendor(),
            render::kind_ids(cat)
        ))),
        _ => Ok(()),
    }
}

fn split(list: &[String]) -> Vec<&str> {
    list.iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect()
}

/// JSON on standard output, escaped so it stays valid ([`scopekeeper_core::printable::printable_json`]),
/// written as it is serialized (a catalog's JSON is never built whole in memory).
fn print_json(value: &impl serde::Serialize) {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    scopekeeper_core::printable::write_json(&mut out, value).expect("failed printing to stdout");
    out.write_all(b"\n")
        .and_then(|()| out.flush())
        .expect("failed printing to stdout");
}

/// Runs one command; `Ok(true)` means success, `Ok(false)` a finding (exit 1).
fn run(cli: Cli) -> Result<bool, Failure> {
    let json = cli.json;
    match cli.command {
        Command::Catalogs { files } => commands::catalogs(json, &files),
        Command::Catalog {
            command: CatalogCommand::Show { target, kind },
        } => commands::show(json, target, kind),
        Command::Catalog {
            command: CatalogCommand::Lint { files },
        } => commands::lint(json, &files),
        Command::Resolve {
            target,
            kind,
            scopes,
            no_defaults,
        } => commands::resolve(json, target, kind, &scopes, no_defaults),
        Command::Grants {
            args,
            catalog,
            kind,
        } => commands::grants(json, &args, catalog, kind),
        Command::Suggest {
            target,
            kind,
            needs,
            mode,
        } => commands::suggest(json, target, kind, &needs, mode),
        Command::Diff {
            target,
            kind,
            from,
            to,
        } => commands::diff(json, target, kind, &from, &to),
        Command::Search {
            query,
            files,
            limit,
        } => commands::search(json, &query, &files, limit),
        Command::Connections { command } => connections::run(json, command),
        Command::Audit(args) => audit::run(json, args),
        Command::History(args) => history::run(json, args),
        Command::Log { command } => log::run(json, command),
        Command::Evidence { command } => evidence::run(json, command),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(Failure::Message(m)) => {
            tell!("error: {m}");
            ExitCode::from(1)
        }
        Err(Failure::Catalog(errors)) => {
            tell!("{errors}");
            ExitCode::from(1)
        }
        Err(Failure::Usage(m)) => {
            tell!("error: {m}");
            ExitCode::from(2)
        }
        Err(Failure::SignerUnverified) => ExitCode::from(3),
    }
}

fn parse_mode(text: &str) -> Result<SuggestMode, String> {
    SuggestMode::parse(text)
        .ok_or_else(|| format!("`{text}` is not a mode: use fewest-scopes or fewest-excess"))
}
