//! The admin's desk: connections, vendor calls, one-time secrets and the action log, as the
//! app's commands use them. Written against [`SecretStore`], [`Clock`] and the vendor clients,
//! so every flow runs (and is tested) without a window, against the simulators.
//!
//! Invariants:
//! - a credential goes only to the secret store; no reply from here carries one;
//! - a newly created secret is held in memory only, in one [`PendingSecret`], until the admin
//!   leaves the result screen ([`Desk::discard_pending`]) or creates another; it crosses IPC once
//!   ([`Desk::reveal_pending`]) and is otherwise only handed to the app's clipboard code;
//! - a create is sent once: an ambiguous failure (timeout) says the token may exist;
//! - every vendor action is appended to the action log, without secrets.

use std::sync::{Arc, Mutex, MutexGuard, RwLock};
use std::time::Duration;

use reqwest::Url;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::action_log::{ActionEntry, ActionLog};
use crate::algebra::{resolve, Reason, Resolution, ResolveOptions};
use crate::catalog::Catalog;
use crate::clock::Clock;
use crate::connection::{
    new_connection_id, validate_input, vendor_manages_tokens, Connection, ConnectionInput,
    ConnectionStore,
};
use crate::error::{ErrorKind, IpcError};
use crate::secret::{ExposeSecret, SecretString};
use crate::secret_store::{run_keyring_call, run_keyring_write, SecretKey, SecretStore};
use crate::token_spec::{check_spec, normalized, Day, TokenSpec};
use crate::vendor::cortex::{Cortex, SecurityLevel};
use crate::vendor::mindbridge::MindBridge;
use crate::vendor::{bright, check_base_url, manifest, VendorError, VendorHttp};

mod guided;
mod reconcile;
mod tokens;

pub use reconcile::Reconciliation;

/// How long a keyring call may take before the admin is told it is stuck.
pub const KEYRING_TIMEOUT: Duration = Duration::from_secs(15);

/// Where the in-app simulators listen this run, and their admin credentials.
#[derive(Clone)]
pub struct SandboxAccess {
    pub mindbridge: (String, SecretString),
    pub cortex: (String, SecretString, i64),
    pub bright: (String, SecretString),
    pub manifest: (String, SecretString),
}

impl SandboxAccess {
    fn base(&self, vendor: &str) -> Option<&str> {
        Some(match vendor {
            "mindbridge" => &self.mindbridge.0,
            "cortex" => &self.cortex.0,
            "bright" => &self.bright.0,
            "manifest" => &self.manifest.0,
            _ => return None,
        })
    }
}

/// What a connection test showed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ConnectionTest {
    pub connection_id: String,
    /// One sentence: who the credential is and what it can do.
    pub summary: String,
    /// The scopes (catalog ids) the credential holds, when the vendor says.
    pub holds: Vec<String>,
    /// Whether it can create tokens through the vendor's API.
    pub can_create: bool,
    /// More facts, one per line (expiry, allowlist, key id, …).
    pub facts: Vec<String>,
    /// What makes this credential dangerous to hold (breadth, elevated scopes, any address,
    /// no expiry), one per line; empty when nothing stands out.
    pub risks: Vec<String>,
    /// What Scopekeeper itself needs the credential to hold for what it does with it (on top of
    /// what the tokens it creates will hold): the narrower credential that would do.
    pub needed: Vec<String>,
    pub tested_at: String,
}

/// A token as the vendor lists it (never its secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct VendorToken {
    pub id: String,
    pub name: String,
    pub scopes: Vec<String>,
    pub created: Option<String>,
    pub created_by: Option<String>,
    /// RFC 3339 or `None` when it never expires.
    pub expires: Option<String>,
    pub allowlist: Vec<String>,
    pub security_level: Option<String>,
    pub partial: Option<String>,
    /// This is the connection's own credential.
    pub is_connection_credential: bool,
}

/// A token just created. Its secret stays in Rust ([`Desk::reveal_pending`] shows it once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CreatedToken {
    pub vendor: String,
    pub connection_id: String,
    pub connection_label: String,
    pub sandbox: bool,
    pub token_id: String,
    pub name: String,
    pub scopes: Vec<String>,
    pub expires: Option<String>,
    pub allowlist: Vec<String>,
    /// How many characters the secret has (what the masked field shows).
    pub secret_length: usize,
    /// The environment variable the vendor's tools read it from.
    pub env_var: String,
    /// Other lines the tools need (`CORTEX_API_KEY_ID=…`, base URL), never the secret.
    pub env_extra: Vec<String>,
    /// A command that checks the token, reading it from `env_var`.
    pub verify_command: String,
}

/// Whether a created token is listed by the vendor and accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TokenStatus {
    pub listed: bool,
    /// `None` when its secret is no longer held to try it.
    pub verifies: Option<bool>,
    pub detail: String,
}

/// The guided creation of a token in a vendor's own console.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct GuidedPlan {
    pub vendor: String,
    pub console_url: String,
    pub docs_url: Option<String>,
    /// Steps, in order.
    pub steps: Vec<String>,
    /// Exactly the scopes to tick, as the console names them.
    pub checklist: Vec<ChecklistItem>,
    pub key_format: Option<String>,
    pub env_var: String,
    /// A command that checks the token from a shell, reading it from `env_var`.
    pub verify_command: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ChecklistItem {
    pub scope: String,
    pub description: String,
    /// Ticked for another reason than the admin's choice (required, default, implied).
    pub reason: Option<String>,
}

/// A pasted token's checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PastedCheck {
    pub format_ok: bool,
    pub verified: bool,
    pub summary: String,
    pub saved_as: Option<String>,
}

/// What a one-time copy puts on the clipboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CopyWhat {
    Secret,
    EnvLine,
}

/// The one secret held after a create.
pub struct PendingSecret {
    pub created: CreatedToken,
    secret: SecretString,
    revealed: bool,
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
    keyring_timeout: Duration,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn invalid(m: impl Into<String>) -> IpcError {
    IpcError::new(ErrorKind::InvalidInput, m)
}

fn rfc3339_ms(ms: i64) -> String {
    chrono::DateTime::from_timestamp(ms.div_euclid(1000), 0)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_else(|| ms.to_string())
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
            keyring_timeout: KEYRING_TIMEOUT,
        }
    }

    /// The shared HTTP client (the sandbox console uses it too).
    pub fn http(&self) -> &VendorHttp {
        &self.http
    }

    pub fn now(&self) -> String {
        rfc3339_ms(self.clock.now_ms())
    }

    pub fn today(&self) -> Day {
        self.clock.today()
    }

    /// The local time zone's label (`UTC+01:00`), for dates shown with "today".
    pub fn zone_label(&self) -> String {
        self.clock.zone_label()
    }

    /// Records where this run's simulators are.
    pub fn set_sandbox(&self, access: SandboxAccess) {
        *self.sandbox.write().unwrap_or_else(|p| p.into_inner()) = Some(access);
    }

    pub fn sandbox_running(&self) -> bool {
        self.sandbox
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .is_some()
    }

    // ---- keyring -------------------------------------------------------------------------

    async fn load_secret(&self, key: SecretKey, what: &str) -> Result<SecretString, IpcError> {
        let store = Arc::clone(&self.secrets);
        let what = what.to_owned();
        run_keyring_call(self.keyring_timeout, move || store.load(&key))
            .await?
            .ok_or_else(|| {
                IpcError::new(
                    ErrorKind::NotFound,
                    format!("The OS keyring has no {what}; edit the connection and paste the credential again."),
                )
            })
    }

    async fn store_secret(&self, key: SecretKey, value: SecretString) -> Result<(), IpcError> {
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
    ) -> Result<(), IpcError> {
        run_keyring_write(
            self.keyring_timeout,
            Arc::clone(&self.secrets),
            key,
            value,
            previous,
        )
        .await
    }

    async fn remove_secret(&self, key: SecretKey) -> Result<bool, IpcError> {
        let store = Arc::clone(&self.secrets);
        run_keyring_call(self.keyring_timeout, move || store.remove(&key)).await
    }

    /// The credential of a saved connection, from the keyring.
    pub async fn credential(&self, conn: &Connection) -> Result<SecretString, IpcError> {
        self.load_secret(
            conn.credential_key(),
            &format!("credential for \u{201c}{}\u{201d}", conn.label),
        )
        .await
    }

    // ---- connections ---------------------------------------------------------------------

    pub fn connections(&self) -> Vec<Connection> {
        lock(&self.connections).list().to_vec()
    }

    /// Why the connections file could not be read, if it could not.
    pub fn connections_problem(&self) -> Option<String> {
        lock(&self.connections).broken().map(str::to_owned)
    }

    pub fn connection(&self, id: &str) -> Result<Connection, IpcError> {
        lock(&self.connections).get(id).cloned()
    }

    /// Adds or edits a connection. The credential is stored in the keyring first; the list is
    /// written only once that succeeded.
    pub async fn save_connection(
        &self,
        input: ConnectionInput,
        catalog: &Catalog,
    ) -> Result<Connection, IpcError> {
        let existing = match &input.id {
            Some(id) => Some(self.connection(id)?),
            None => None,
        };
        let kinds: Vec<String> = catalog.kinds.iter().map(|k| k.id.clone()).collect();
        let conn = validate_input(
            &input,
            &kinds,
            existing.as_ref(),
            new_connection_id,
            self.now(),
        )?;
        let credential = match input.credential {
            Some(c) if c.expose_secret().trim().is_empty() => {
                return Err(invalid("The credential is empty."))
            }
            Some(c) => Some(SecretString::from(c.expose_secret().trim().to_owned())),
            None => None,
        };
        let key = conn.credential_key();
        // An edit that replaces the credential keeps the old one to put back if the list
        // cannot be written.
        let previous = match (&existing, &credential) {
            (Some(_), Some(_)) => {
                let store = Arc::clone(&self.secrets);
                let k = key.clone();
                run_keyring_call(self.keyring_timeout, move || store.load(&k)).await?
            }
            _ => None,
        };
        if let Some(cred) = &credential {
            self.write_secret(key.clone(), cred.clone(), previous.clone())
                .await?;
        }
        let put = lock(&self.connections).put(conn.clone());
        if let Err(e) = put {
            if credential.is_some() {
                let undone = match previous {
                    Some(p) => self.store_secret(key, p).await,
                    None => self.remove_secret(key).await.map(|_| ()),
                };
                if undone.is_err() {
                    return Err(IpcError::new(
                        e.kind,
                        format!("{} The credential could not be put back in the keyring either: check the entry {} there.", e.message, conn.credential_key().account),
                    ));
                }
            }
            return Err(e);
        }
        let action = if existing.is_some() {
            "connection_updated"
        } else {
            "connection_added"
        };
        self.record(
            &conn,
            action,
            None,
            None,
            &[],
            &format!("{} at {}", conn.label, conn.base_url),
        );
        Ok(conn)
    }

    /// Removes a connection, then its credential.
    pub async fn remove_connection(&self, id: &str) -> Result<(), IpcError> {
        let conn = lock(&self.connections).remove(id)?;
        self.remove_secret(conn.credential_key()).await?;
        self.record(
            &conn,
            "connection_removed",
            None,
            None,
            &[],
            "credential removed from the keyring",
        );
        Ok(())
    }

    /// Adds the four sandbox connections (once), with the simulators' admin credentials.
    pub async fn add_sandbox_connections(
        &self,
        kinds: &[(&str, &str)],
    ) -> Result<Vec<Connection>, IpcError> {
        let access = self
            .sandbox
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or_else(|| IpcError::new(ErrorKind::Internal, "The sandbox is not running."))?;
        let mut added = Vec::new();
        for (vendor, kind) in kinds {
            if self
                .connections()
                .iter()
                .any(|c| c.sandbox && c.vendor == *vendor)
            {
                continue;
            }
            let (cred, key_id) = match *vendor {
                "mindbridge" => (access.mindbridge.1.clone(), None),
                "cortex" => (access.cortex.1.clone(), Some(access.cortex.2)),
                "bright" => (access.bright.1.clone(), None),
                "manifest" => (access.manifest.1.clone(), None),
                other => return Err(invalid(format!("no sandbox for {other}"))),
            };
            let conn = Connection {
                id: new_connection_id(),
                vendor: vendor.to_string(),
                label: format!("Sandbox {}", display_vendor(vendor)),
                base_url: String::new(),
                key_kind: kind.to_string(),
                sandbox: true,
                key_id,
                security_level: key_id.map(|_| "standard".into()),
                added_at: self.now(),
            };
            self.write_secret(conn.credential_key(), cred, None).await?;
            let put = lock(&self.connections).put(conn.clone());
            if let Err(e) = put {
                let _ = self.remove_secret(conn.credential_key()).await;
                return Err(e);
            }
            self.record(
                &conn,
                "connection_added",
                None,
                None,
                &[],
                "sandbox (built-in simulator)",
            );
            added.push(conn);
        }
        Ok(added)
    }

    /// The credentials of saved sandbox connections, to seed the simulators with on a new run.
    /// A credential missing from the keyring is skipped (the simulator makes a new one and the
    /// connection's test says so); a keyring that cannot be read is an error, so the sandbox
    /// does not start with credentials that silently no longer match.
    pub async fn sandbox_credentials(&self) -> Result<Vec<(String, SecretString)>, IpcError> {
        let mut out = Vec::new();
        for c in self.connections().into_iter().filter(|c| c.sandbox) {
            match self.credential(&c).await {
                Ok(s) => out.push((c.vendor.clone(), s)),
                Err(e) if e.kind == ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }

    fn base_url(&self, conn: &Connection) -> Result<Url, IpcError> {
        if conn.sandbox {
            let guard = self.sandbox.read().unwrap_or_else(|p| p.into_inner());
            let base = guard
                .as_ref()
                .and_then(|s| s.base(&conn.vendor))
                .ok_or_else(|| {
                    IpcError::new(
                        ErrorKind::VendorUnavailable,
                        "The sandbox is not running; restart Scopekeeper.",
                    )
                })?;
            return check_base_url(base).map_err(IpcError::from);
        }
        check_base_url(&conn.base_url).map_err(IpcError::from)
    }

    fn mindbridge(&self, conn: &Connection, cred: SecretString) -> Result<MindBridge, IpcError> {
        Ok(MindBridge::new(
            self.http.clone(),
            self.base_url(conn)?,
            cred,
        ))
    }

    fn cortex_with(
        &self,
        conn: &Connection,
        id: i64,
        cred: SecretString,
        level: SecurityLevel,
    ) -> Result<Cortex, IpcError> {
        Ok(Cortex::new(
            self.http.clone(),
            self.base_url(conn)?,
            id,
            cred,
            level,
            Arc::clone(&self.clock),
        ))
    }

    fn cortex(&self, conn: &Connection, cred: SecretString) -> Result<Cortex, IpcError> {
        let id = conn
            .key_id
            .ok_or_else(|| invalid("This Cortex connection has no key id; edit it."))?;
        self.cortex_with(
            conn,
            id,
            cred,
            SecurityLevel::parse(conn.security_level.as_deref()),
        )
    }

    /// Calls the vendor's who-am-I and reports what the credential can do.
    pub async fn test_connection(
        &self,
        id: &str,
        catalog: &Catalog,
    ) -> Result<ConnectionTest, IpcError> {
        let conn = self.connection(id)?;
        let cred = self.credential(&conn).await?;
        let result = self.probe(&conn, cred, catalog).await;
        match &result {
            Ok(t) => self.record(&conn, "connection_tested", None, None, &[], &t.summary),
            Err(e) => self.record(
                &conn,
                "connection_tested",
                None,
                None,
                &[],
                &format!("failed: {}", e.message),
            ),
        }
        result
    }

    async fn probe(
        &self,
        conn: &Connection,
        cred: SecretString,
        catalog: &Catalog,
    ) -> Result<ConnectionTest, IpcError> {
        let mut facts = Vec::new();
        let mut risks = Vec::new();
        let mut needed: Vec<String> = Vec::new();
        let (summary, holds, can_create) = match conn.vendor.as_str() {
            "mindbridge" => {
                let me = self.mindbridge(conn, cred)?.current().await?;
                facts.push(format!("Expires {}", me.expiry));
                if me.allowed_addresses.is_empty() {
                    risks.push(
                        "Usable from any address: anyone who obtains it can use it from anywhere."
                            .into(),
                    );
                } else {
                    facts.push(format!(
                        "Allowed addresses: {}",
                        me.allowed_addresses.join(", ")
                    ));
                }
                needed = [
                    "api.api-tokens.read",
                    "api.api-tokens.write",
                    "api.api-tokens.delete",
                ]
                .map(String::from)
                .to_vec();
                risks.extend(breadth_risks(catalog, &me.permissions));
                let can = me.permissions.iter().any(|p| p == "api.api-tokens.write");
                (
                    format!(
                        "Authenticated as API token \u{201c}{}\u{201d} with {} permissions",
                        me.name,
                        me.permissions.len()
                    ),
                    me.permissions,
                    can,
                )
            }
            "cortex" => {
                let cx = self.cortex(conn, cred)?;
                let status = cx.healthcheck().await?;
                facts.push(format!("Tenant health: {status}"));
                match cx.own_key().await {
                    Ok(Some(k)) => {
                        if let Some(e) = k.expiration {
                            facts.push(format!("Expires {}", rfc3339_ms(e)));
                        } else {
                            risks.push("Never expires.".into());
                        }
                        needed = vec!["Public API View/Edit".into()];
                        risks.extend(breadth_risks(catalog, &k.roles));
                        // What the roles grant, as the tenant defines them (the catalog if the
                        // key may not read roles).
                        let held = match cx.get_roles(&k.roles).await {
                            Ok(roles) => {
                                for r in &roles {
                                    facts.push(format!(
                                        "{} grants {}",
                                        r.pretty_name,
                                        r.permissions.join(", ")
                                    ));
                                }
                                roles.into_iter().flat_map(|r| r.permissions).collect()
                            }
                            Err(_) => self.held_permissions(catalog, &k.roles),
                        };
                        let can = held.iter().any(|p| p == "Public API View/Edit");
                        (
                            format!(
                                "Authenticated as API key {} with roles {}",
                                k.id,
                                k.roles.join(", ")
                            ),
                            k.roles,
                            can,
                        )
                    }
                    Ok(None) => (
                        "Authenticated; the key does not appear in its own key list".into(),
                        Vec::new(),
                        false,
                    ),
                    Err(VendorError::Forbidden { .. }) => (
                        "Authenticated; the key may not list API keys, so its roles are unknown"
                            .into(),
                        Vec::new(),
                        false,
                    ),
                    Err(e) => return Err(e.into()),
                }
            }
            "bright" => {
                let kind = bright::check_key_format(cred.expose_secret()).map_err(invalid)?;
                facts.push(format!("Key type letter: nex{kind}"));
                let probe = bright::verify(&self.http, &self.base_url(conn)?, &cred).await?;
                let summary = if probe.can_read_projects {
                    "Bright accepts the key; it can read projects".to_owned()
                } else {
                    "Bright accepts the key; it lacks projects:read".to_owned()
                };
                facts.push("Bright has no public API to list a key's scopes or create keys: tokens are made in its console (guided).".into());
                (summary, Vec::new(), false)
            }
            "manifest" => {
                let org = manifest::verify(&self.http, &self.base_url(conn)?, &cred).await?;
                facts.push("Manifest has no public API to list a token's scopes or create tokens: tokens are made in its console (guided).".into());
                (
                    format!(
                        "Manifest accepts the token for organization {}",
                        org.name.unwrap_or_else(|| "(unnamed)".into())
                    ),
                    Vec::new(),
                    false,
                )
            }
            other => return Err(invalid(format!("unknown vendor {other}"))),
        };
        Ok(ConnectionTest {
            connection_id: conn.id.clone(),
            summary,
            holds,
            can_create,
            facts,
            risks,
            needed,
            tested_at: self.now(),
        })
    }

    /// Granular permissions of a set of scopes, through the catalog.
    fn held_permissions(&self, catalog: &Catalog, scopes: &[String]) -> Vec<String> {
        let s: Vec<&str> = scopes.iter().map(String::as_str).collect();
        resolve(catalog, None, &s, ResolveOptions { defaults: false })
            .permissions
            .into_iter()
            .map(|p| p.id)
            .collect()
    }

    /// The spec's resolution, once the spec passes the vendor policy and the selection has no
    /// errors; otherwise every problem, itemised.
    fn checked(&self, catalog: &Catalog, spec: &TokenSpec) -> Result<Resolution, IpcError> {
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

    pub fn recent_actions(&self, limit: usize) -> Result<Vec<ActionEntry>, IpcError> {
        self.log.recent(limit)
    }

    fn record(
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
            vendor: conn.vendor.clone(),
            connection: conn.label.clone(),
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

/// How broad a credential holding `scopes` is: elevated scopes, and admin-equivalence (every
/// permission of the catalog, or most of it).
fn breadth_risks(catalog: &Catalog, scopes: &[String]) -> Vec<String> {
    let mut risks = Vec::new();
    let elevated: Vec<&str> = scopes
        .iter()
        .filter(|s| {
            catalog
                .scope_index(s)
                .is_some_and(|ix| catalog.scope(ix).elevated)
        })
        .map(String::as_str)
        .collect();
    if !elevated.is_empty() {
        risks.push(format!("Holds elevated scopes: {}.", elevated.join(", ")));
    }
    let refs: Vec<&str> = scopes.iter().map(String::as_str).collect();
    let held = resolve(catalog, None, &refs, ResolveOptions { defaults: false })
        .permissions
        .len();
    let total = catalog.permissions().len();
    if total > 0 && held == total {
        risks.push(format!(
            "Holds every {} permission ({held} of {total}): admin-equivalent.",
            catalog.vendor()
        ));
    } else if total > 0 && held * 2 > total {
        risks.push(format!(
            "Holds {held} of {total} {} permissions.",
            catalog.vendor()
        ));
    }
    risks
}

/// Refuses a spec (or catalog) for another vendor than the connection's.
fn same_vendor(conn: &Connection, catalog: &Catalog, spec: &TokenSpec) -> Result<(), IpcError> {
    if spec.vendor != conn.vendor || catalog.id != conn.vendor {
        return Err(invalid(format!(
            "This token is for {}, but the connection is a {} connection. Choose a {} connection, or build the token for {}.",
            display_vendor(&spec.vendor),
            display_vendor(&conn.vendor),
            display_vendor(&spec.vendor),
            display_vendor(&conn.vendor),
        )));
    }
    Ok(())
}

/// One shell word, single-quoted, for the commands Scopekeeper offers to paste into a shell
/// (a base URL is the admin's input and may hold `&`, `;`, `$` or spaces).
pub fn shell_quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', "'\\''"))
}

pub fn display_vendor(vendor: &str) -> &str {
    match vendor {
        "mindbridge" => "MindBridge",
        "cortex" => "Cortex",
        "bright" => "Bright",
        "manifest" => "Manifest",
        other => other,
    }
}

/// MindBridge documents no variable name; Scopekeeper's convention.
fn default_env_var(vendor: &str) -> String {
    match vendor {
        "mindbridge" => "MINDBRIDGE_API_TOKEN".into(),
        "bright" => "BRIGHT_TOKEN".into(),
        other => format!("{}_API_TOKEN", other.to_uppercase()),
    }
}

#[cfg(test)]
mod tests {
    use super::shell_quote;

    #[test]
    fn shell_words_are_quoted_whole() {
        assert_eq!(
            shell_quote("https://h/x?a=1&b=$(id);`x` y"),
            "'https://h/x?a=1&b=$(id);`x` y'"
        );
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
    }
}
