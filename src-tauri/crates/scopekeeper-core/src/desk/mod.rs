//! The admin's desk: connections, vendor calls, one-time secrets and the action log, as the
//! app's commands use them. Written against [`SecretStore`], [`Clock`] and the vendor adapters,
//! so every flow runs (and is tested) without a window, against the simulators. The desk never
//! names a vendor: it asks the connection's [`Vendor`] for its adapter.
//!
//! One concern a file: `connections` (add, edit, remove, the sandbox's), `probe` (the connection
//! test), `tokens` (list, create, status, rename, revoke, child within parent), `pending` (the one
//! new secret), `guided` (console checklists and pasted tokens), `reconcile` (a create whose reply
//! was lost).
//!
//! Invariants:
//! - a credential goes only to the secret store; no reply from here carries one;
//! - a newly created secret is held in memory only, in one [`PendingSecret`], until the admin
//!   leaves the result screen ([`Desk::discard_pending_of`]) or creates another; it crosses IPC
//!   once ([`Desk::reveal_pending`]) and is otherwise only handed to the app's clipboard code;
//! - a create is sent once: a failure after it was sent says the token may exist, and reconciles;
//! - every vendor action is appended to the action log, without secrets.
//!
//! The audit (`audit::run`, `audit::inventory`) and the offboarding sweep (`offboard`) drive the
//! desk from outside it through a few crate-visible calls — `session` (a vendor session holding
//! the credential), `record` (an action-log entry), `revoke_logged`, `credential_ids`,
//! `registered_tokens` — so those modules keep the same invariants: a session's credential goes
//! only into its vendor call, and every revoke they make is logged.

use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use reqwest::Url;

use crate::action_log::{ActionEntry, ActionLog};
use crate::algebra::{resolve, Resolution, ResolveOptions};
use crate::catalog::Catalog;
use crate::clock::Clock;
use crate::connection::{Connection, ConnectionStore};
use crate::error::{Error, ErrorKind};
use crate::secret::SecretString;
use crate::secret_store::{run_keyring_call, run_keyring_write, SecretKey, SecretStore};
use crate::sync::{lock, read, write};
use crate::token_spec::{check_spec, Day, TokenSpec};
use crate::vendor::adapter::Session;
use crate::vendor::{check_base_url, Vendor, VendorHttp};

mod connections;
mod credentials;
mod drift;
mod guided;
mod into_keyring;
mod parent;
mod pending;
mod probe;
mod reconcile;
mod registered;
mod roll;
mod tokens;
mod types;

pub(crate) use credentials::same_listing;
pub use drift::ScopesAtVendor;
pub use into_keyring::{lookup_lines, KeptInKeyring};
pub use reconcile::Reconciliation;
pub use registered::{fingerprint, Declared};
pub use types::*;

/// How long a keyring call may take before the admin is told it is stuck (a locked keyring can
/// wait forever on an unlock prompt nobody sees).
pub const KEYRING_TIMEOUT: Duration = Duration::from_secs(15);

/// Where the in-app simulators listen this run, and their admin credentials: one entry per
/// simulated vendor, keyed by [`Vendor`] (the desk never names one).
#[derive(Clone, Default)]
pub struct SandboxAccess {
    tenants: std::collections::BTreeMap<Vendor, SandboxTenant>,
}

/// One simulated tenant: its base URL, admin credential, and the credential's key id where the
/// vendor has one.
#[derive(Clone)]
pub struct SandboxTenant {
    pub base_url: String,
    pub credential: SecretString,
    pub key_id: Option<i64>,
}

impl SandboxAccess {
    /// Adds (or replaces) the simulated tenant of `vendor`.
    pub fn insert(&mut self, vendor: Vendor, tenant: SandboxTenant) {
        self.tenants.insert(vendor, tenant);
    }

    fn tenant(&self, vendor: Vendor) -> Option<&SandboxTenant> {
        self.tenants.get(&vendor)
    }
}

/// Everything the vendor-facing commands share.
pub struct Desk {
    http: VendorHttp,
    clock: Arc<dyn Clock>,
    secrets: Arc<dyn SecretStore>,
    connections: Mutex<ConnectionStore>,
    log: ActionLog,
    actor: String,
    sandbox: RwLock<Option<SandboxAccess>>,
    pending: Mutex<Option<PendingSecret>>,
    uncertain: Mutex<Option<reconcile::UncertainCreate>>,
    /// Serialises adding, editing and removing connections (each awaits the keyring).
    edits: tokio::sync::Mutex<()>,
    keyring_timeout: Duration,
}

fn invalid(m: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidInput, m)
}

impl Desk {
    pub fn new(
        http: VendorHttp,
        clock: Arc<dyn Clock>,
        secrets: Arc<dyn SecretStore>,
        connections: ConnectionStore,
        log: ActionLog,
        actor: String,
    ) -> Self {
        Self {
            http,
            clock,
            secrets,
            connections: Mutex::new(connections),
            log,
            actor,
            sandbox: RwLock::new(None),
            pending: Mutex::new(None),
            uncertain: Mutex::new(None),
            edits: tokio::sync::Mutex::new(()),
            keyring_timeout: KEYRING_TIMEOUT,
        }
    }

    /// The shared HTTP client (the sandbox console uses it too).
    pub fn http(&self) -> &VendorHttp {
        &self.http
    }

    pub fn now(&self) -> String {
        crate::vendor::adapter::rfc3339_ms(self.clock.now_ms())
    }

    /// The desk's clock, in Unix ms.
    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// The OS user the desk acts for (who the action log and reports name).
    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// The one source of "today": the local day of the desk's clock.
    pub fn today(&self) -> Day {
        self.clock.today()
    }

    /// The local time zone's label (`UTC+01:00`), for dates shown with "today".
    pub fn zone_label(&self) -> String {
        self.clock.zone_label()
    }

    /// Records where this run's simulators are.
    pub fn set_sandbox(&self, access: SandboxAccess) {
        *write(&self.sandbox) = Some(access);
    }

    pub fn sandbox_running(&self) -> bool {
        read(&self.sandbox).is_some()
    }

    // ---- keyring -------------------------------------------------------------------------

    async fn load_secret(&self, key: SecretKey, what: &str) -> Result<SecretString, Error> {
        let store = Arc::clone(&self.secrets);
        let what = what.to_owned();
        run_keyring_call(self.keyring_timeout, move || store.load(&key))
            .await?
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::NotFound,
                    format!("The OS keyring has no {what}; edit the connection and paste the credential again."),
                )
            })
    }

    async fn store_secret(&self, key: SecretKey, value: SecretString) -> Result<(), Error> {
        let store = Arc::clone(&self.secrets);
        run_keyring_call(self.keyring_timeout, move || store.store(&key, &value)).await
    }

    /// A keyring write that, if it times out, is undone when it completes (see
    /// [`run_keyring_write`]); `previous` is what to put back.
    async fn write_secret(
        &self,
        key: SecretKey,
        value: SecretString,
        previous: Option<SecretString>,
    ) -> Result<(), Error> {
        run_keyring_write(
            self.keyring_timeout,
            Arc::clone(&self.secrets),
            key,
            value,
            previous,
        )
        .await
    }

    async fn remove_secret(&self, key: SecretKey) -> Result<bool, Error> {
        let store = Arc::clone(&self.secrets);
        run_keyring_call(self.keyring_timeout, move || store.remove(&key)).await
    }

    /// The credential of a saved connection, from the keyring.
    pub async fn credential(&self, conn: &Connection) -> Result<SecretString, Error> {
        self.load_secret(
            conn.credential_key(),
            &format!("credential for \u{201c}{}\u{201d}", conn.label),
        )
        .await
    }

    // ---- vendor sessions -----------------------------------------------------------------

    fn base_url(&self, conn: &Connection) -> Result<Url, Error> {
        if conn.sandbox {
            let guard = read(&self.sandbox);
            let tenant = guard
                .as_ref()
                .and_then(|s| s.tenant(conn.vendor))
                .ok_or_else(|| {
                    Error::new(
                        ErrorKind::VendorUnavailable,
                        "The sandbox is not running; restart Scopekeeper.",
                    )
                })?;
            return check_base_url(&tenant.base_url).map_err(Error::from);
        }
        check_base_url(&conn.base_url).map_err(Error::from)
    }

    /// Whether the connection lists its tenant's tokens (else they are registered): its
    /// vendor's adapter decides from the base URL it reaches.
    pub fn lists_through(&self, conn: &Connection) -> bool {
        let adapter = conn.vendor.adapter();
        match self.base_url(conn) {
            Ok(base) => adapter.lists_through(&base),
            Err(_) => adapter.capabilities().list,
        }
    }

    /// The connection's credential, from the keyring, ready for its vendor's adapter.
    pub(crate) async fn session<'a>(&'a self, conn: &'a Connection) -> Result<Session<'a>, Error> {
        let credential = self.credential(conn).await?;
        self.session_with(conn, credential)
    }

    /// [`Desk::session`] with the connection's credential already read from the keyring.
    pub(crate) fn session_with<'a>(
        &'a self,
        conn: &'a Connection,
        credential: SecretString,
    ) -> Result<Session<'a>, Error> {
        Ok(Session {
            http: &self.http,
            base: self.base_url(conn)?,
            credential,
            connection: conn,
            clock: Arc::clone(&self.clock),
            max_tokens: crate::vendor::adapter::MAX_TOKENS_LISTED,
            filter: crate::vendor::ListFilter::default(),
        })
    }

    /// The spec's resolution, once the spec passes the vendor policy and the selection has no
    /// errors; otherwise every problem, itemised.
    fn checked(&self, catalog: &Catalog, spec: &TokenSpec) -> Result<Resolution, Error> {
        let check = check_spec(catalog, spec, self.today(), &self.clock.zone_label());
        if !check.errors.is_empty() {
            return Err(
                invalid("The token spec has problems; fix them in the builder.").with_details(
                    check
                        .errors
                        .iter()
                        .map(|p| format!("{}: {}", p.field, p.message))
                        .collect(),
                ),
            );
        }
        let selected: Vec<&str> = spec.scopes.iter().map(String::as_str).collect();
        let res = resolve(
            catalog,
            Some(&spec.kind),
            &selected,
            ResolveOptions::default(),
        );
        if !res.errors.is_empty() {
            return Err(invalid("The selection has errors.")
                .with_details(res.errors.iter().map(|f| f.message.clone()).collect()));
        }
        Ok(res)
    }

    // ---- log -----------------------------------------------------------------------------

    pub fn recent_actions(&self, limit: usize) -> Result<Vec<ActionEntry>, Error> {
        self.log.recent(limit)
    }

    pub(crate) fn record(
        &self,
        conn: &Connection,
        action: &str,
        token_id: Option<&str>,
        token_name: Option<&str>,
        scopes: &[String],
        detail: &str,
    ) {
        let entry = ActionEntry {
            at: self.now(),
            actor: self.actor.clone(),
            action: action.into(),
            vendor: conn.vendor.id().into(),
            connection: conn.label.clone(),
            connection_id: Some(conn.id.clone()),
            sandbox: conn.sandbox,
            token_id: token_id.map(str::to_owned),
            token_name: token_name.map(str::to_owned),
            scopes: scopes.to_vec(),
            detail: detail.into(),
        };
        if let Err(e) = self.log.append(&entry) {
            // The vendor action happened; a log failure must not hide that. Report on stderr.
            eprintln!("scopekeeper: {}", e.message);
        }
    }
}

/// Refuses a spec (or catalog) for another vendor than the connection's.
fn same_vendor(conn: &Connection, catalog: &Catalog, spec: &TokenSpec) -> Result<(), Error> {
    let vendor = conn.vendor;
    if spec.vendor != vendor.id() || catalog.id != vendor.id() {
        let other = Vendor::parse(&spec.vendor)
            .map_or_else(|| spec.vendor.clone(), |v| v.name().to_owned());
        return Err(invalid(format!(
            "This token is for {other}, but the connection is a {vendor} connection. Choose a {other} connection, or build the token for {vendor}."
        )));
    }
    Ok(())
}
