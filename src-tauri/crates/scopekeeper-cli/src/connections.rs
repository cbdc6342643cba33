//! `scopekeeper connections list|add|test|remove`: the desktop app's connections, through the
//! same desk, connections file, action log and OS keyring. A credential is read from standard
//! input or a hidden prompt ([`crate::prompt`]), goes to the keyring only, and is never shown.

use std::sync::Arc;

use clap::Subcommand;
use scopekeeper_core::action_log::ActionLog;
use scopekeeper_core::catalog::Catalog;
use scopekeeper_core::clock::SystemClock;
use scopekeeper_core::connection::{Connection, ConnectionInput, ConnectionStore};
use scopekeeper_core::desk::Desk;
use scopekeeper_core::error::Error;
use scopekeeper_core::printable::printable;
use scopekeeper_core::secret_store::OsKeyringStore;
use scopekeeper_core::vendor::{check_base_url, HttpPolicy, VendorHttp};

use crate::{places, print_json, prompt, registry, Failure};

#[derive(Subcommand)]
pub enum ConnectionsCommand {
    /// List the saved connections (never a credential).
    List,
    /// Add a connection; its credential is read from standard input, or from a hidden prompt
    /// when standard input is a terminal, and kept only in the OS keyring.
    Add {
        /// bright, mindbridge, cortex or manifest.
        #[arg(long)]
        vendor: String,
        /// A name for the tenant, e.g. "Production".
        #[arg(long)]
        label: String,
        /// The tenant's API address (https; plain http only to this machine).
        #[arg(long = "base-url", value_name = "URL")]
        base_url: String,
        /// The key kind of the credential (needed when the vendor has more than one).
        #[arg(long)]
        kind: Option<String>,
        /// Cortex: the API key's id (sent as x-xdr-auth-id).
        #[arg(long = "key-id", value_name = "N")]
        key_id: Option<i64>,
        /// Cortex: standard (default) or advanced.
        #[arg(long = "security-level", value_name = "LEVEL")]
        security_level: Option<String>,
    },
    /// Call the vendor with the connection's credential: who it is, what it can do, its risks.
    Test { id: String },
    /// Remove a connection and its credential from the OS keyring.
    Remove { id: String },
}

/// A failure the desk reported (exit 1), with its details.
pub fn desk_failure(e: Error) -> Failure {
    let mut m = e.message;
    for d in e.details {
        m.push_str("\n  ");
        m.push_str(&d);
    }
    Failure::Message(m)
}

/// The desk the desktop app builds, on the same files and the OS keyring.
pub fn open_desk() -> Result<Desk, Failure> {
    let Some(places) = places::places() else {
        return Err(Failure::Message(
            "cannot tell where the app keeps its files (HOME is not set); set SCOPEKEEPER_CONFIG_DIR and SCOPEKEEPER_DATA_DIR".into(),
        ));
    };
    let http = VendorHttp::new(HttpPolicy::default());
    // Reading the certificate store takes tens of milliseconds: done beside the keyring and
    // file reads that come before the first vendor call.
    http.prepare_in_background();
    let desk = Desk::new(
        http,
        Arc::new(SystemClock),
        Arc::new(OsKeyringStore),
        ConnectionStore::open(&places.connections()),
        ActionLog::new(&places.action_log()),
        places::os_user(),
    );
    if let Some(problem) = desk.connections_problem() {
        return Err(Failure::Message(problem));
    }
    Ok(desk)
}

/// A runtime for the desk's calls.
pub fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Message(format!("cannot start the async runtime: {e}")))
}

/// The vendor's catalog (built in or imported in the app).
fn catalog(vendor: &str) -> Result<Catalog, Failure> {
    registry()
        .get(vendor)
        .cloned()
        .ok_or_else(|| Failure::Message(format!("no catalog for vendor `{vendor}`")))
}

pub fn run(json: bool, command: ConnectionsCommand) -> Result<bool, Failure> {
    let desk = open_desk()?;
    let rt = runtime()?;
    match command {
        ConnectionsCommand::List => {
            list(json, &desk.connections());
            Ok(true)
        }
        ConnectionsCommand::Add {
            vendor,
            label,
            base_url,
            kind,
            key_id,
            security_level,
        } => {
            let cat = catalog(&vendor)?;
            let key_kind = match kind {
                Some(k) => k,
                None => only_kind(&cat)?,
            };
            // The address is checked before the admin is asked for a secret.
            check_base_url(&base_url).map_err(|e| Failure::Message(e.to_string()))?;
            let credential = prompt::credential(&format!("{} credential", cat.vendor()))
                .map_err(Failure::Message)?;
            let input = ConnectionInput {
                id: None,
                vendor,
                label,
                base_url,
                key_kind,
                key_id,
                security_level,
                credential: Some(credential),
            };
            let conn = rt
                .block_on(desk.save_connection(input, &cat))
                .map_err(desk_failure)?;
            if json {
                print_json(&conn);
            } else {
                say!(
                    "Added {} connection \u{201c}{}\u{201d} (id {}); its credential is in the OS keyring.\nCheck it with: scopekeeper connections test {}",
                    conn.vendor, printable(&conn.label), conn.id, conn.id
                );
            }
            Ok(true)
        }
        ConnectionsCommand::Test { id } => test(json, &desk, &rt, &id),
        ConnectionsCommand::Remove { id } => {
            let conn = desk.connection(&id).map_err(desk_failure)?;
            rt.block_on(desk.remove_connection(&id))
                .map_err(desk_failure)?;
            if !json {
                say!(
                    "Removed \u{201c}{}\u{201d} ({id}) and its credential.",
                    printable(&conn.label)
                );
            }
            Ok(true)
        }
    }
}

/// The key kind when the vendor has only one; otherwise `--kind` is needed.
fn only_kind(cat: &Catalog) -> Result<String, Failure> {
    match cat.kinds.as_slice() {
        [one] => Ok(one.id.clone()),
        kinds => Err(Failure::Usage(format!(
            "{} has several key kinds; choose one with --kind ({})",
            cat.vendor(),
            kinds
                .iter()
                .map(|k| k.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

fn list(json: bool, conns: &[Connection]) {
    if json {
        print_json(&conns);
        return;
    }
    if conns.is_empty() {
        say!("No connections. Add one with: scopekeeper connections add --vendor V --label L --base-url URL");
        return;
    }
    for c in conns {
        let place = if c.sandbox {
            "sandbox (runs inside the app)".to_owned()
        } else {
            c.base_url.clone()
        };
        let key = c
            .key_id
            .map(|k| format!(", key id {k}"))
            .unwrap_or_default();
        say!(
            "{}  {:<10} {}  [{}{key}]  {place}",
            c.id,
            c.vendor.id(),
            printable(&c.label),
            c.key_kind
        );
    }
}

fn test(json: bool, desk: &Desk, rt: &tokio::runtime::Runtime, id: &str) -> Result<bool, Failure> {
    let conn = desk.connection(id).map_err(desk_failure)?;
    let cat = catalog(conn.vendor.id())?;
    let t = rt
        .block_on(desk.test_connection(id, &cat))
        .map_err(desk_failure)?;
    if json {
        print_json(&t);
        return Ok(true);
    }
    // Facts and risks carry vendor-supplied names: each stays on its own line.
    say!("{}", printable(&t.summary));
    for f in &t.facts {
        say!("  {}", printable(f));
    }
    for r in &t.risks {
        say!("  risk: {}", printable(r));
    }
    if !t.needed.is_empty() {
        say!("  Scopekeeper needs: {}", t.needed.join(", "));
    }
    Ok(true)
}
