//! What the desk tests share: a desk on an in-memory secret store and private dirs, pointed at
//! a running simulator, and helpers to connect and to build specs.

#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use scopekeeper_core::action_log::ActionLog;
use scopekeeper_core::audit::AuditReport;
use scopekeeper_core::catalog::registry::CatalogRegistry;
use scopekeeper_core::clock::{Clock, SystemClock};
use scopekeeper_core::connection::{ConnectionInput, ConnectionStore};
use scopekeeper_core::desk::Desk;
use scopekeeper_core::offboard::{SweepOutcome, SweepPlan, SweepQuery, SweepTarget};
use scopekeeper_core::secret::SecretString;
use scopekeeper_core::secret_store::MemorySecretStore;
use scopekeeper_core::token_spec::TokenSpec;
use scopekeeper_core::vendor::{HttpPolicy, Vendor, VendorHttp};
use scopekeeper_sim::{start, RunningSim, SimConfig};

pub mod sandbox;
pub mod workbench;

pub struct Fixture {
    pub sim: RunningSim,
    pub desk: Desk,
    pub store: Arc<MemorySecretStore>,
    pub dir: tempfile::TempDir,
    pub catalogs: CatalogRegistry,
}

pub async fn fixture() -> Fixture {
    let sim = start(SimConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(MemorySecretStore::new());
    let http = VendorHttp::new(HttpPolicy {
        timeout: Duration::from_millis(1500),
        backoff: Duration::from_millis(10),
        ..HttpPolicy::default()
    });
    let desk = Desk::new(
        http,
        Arc::new(SystemClock),
        store.clone(),
        ConnectionStore::open(&dir.path().join("config/connections.json")),
        ActionLog::new(&dir.path().join("data/actions.jsonl")),
        "tester".into(),
    );
    desk.set_sandbox(sandbox::access(&sim));
    Fixture {
        sim,
        desk,
        store,
        dir,
        catalogs: CatalogRegistry::builtins_only(),
    }
}

/// Saves a MindBridge connection to the simulator with `token` as its credential.
pub async fn connect_mindbridge(
    f: &Fixture,
    token: &str,
) -> scopekeeper_core::connection::Connection {
    let base = &f.sim.handshake.mindbridge.base_url;
    f.desk
        .save_connection(
            input("mindbridge", "api-token", base, token),
            f.catalogs.get("mindbridge").unwrap(),
        )
        .await
        .unwrap()
}

/// Saves a Cortex connection to the simulator with its admin key (Standard security).
pub async fn connect_cortex(f: &Fixture) -> scopekeeper_core::connection::Connection {
    let h = &f.sim.handshake.cortex;
    let mut i = input("cortex", "api-key", &h.base_url, &h.api_key);
    i.key_id = Some(h.api_key_id);
    f.desk
        .save_connection(i, f.catalogs.get("cortex").unwrap())
        .await
        .unwrap()
}

/// Adds the four sandbox connections (MindBridge, Cortex, Bright organization, Manifest).
pub async fn add_all_sandboxes(f: &Fixture) -> Vec<scopekeeper_core::connection::Connection> {
    f.desk.add_sandbox_connections(&Vendor::ALL).await.unwrap()
}

pub fn input(vendor: &str, kind: &str, base: &str, cred: &str) -> ConnectionInput {
    ConnectionInput {
        id: None,
        vendor: vendor.into(),
        label: format!("{vendor} test tenant"),
        base_url: base.into(),
        key_kind: kind.into(),
        key_id: None,
        security_level: None,
        credential: Some(SecretString::from(cred.to_owned())),
    }
}

pub fn spec(vendor: &str, kind: &str, scopes: &[&str], days: i64) -> TokenSpec {
    TokenSpec {
        format: 1,
        vendor: vendor.into(),
        kind: kind.into(),
        name: "ci-engagements".into(),
        description: None,
        scopes: scopes.iter().map(|s| s.to_string()).collect(),
        expires_on: Some(SystemClock.today().plus_days(days).to_string()),
        ip_allowlist: vec![],
        ip_denylist: vec![],
        starts_on: None,
        reach: vec![],
        security_level: None,
    }
}

/// Every file under `dir`, as bytes.
pub fn all_files(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(all_files(&p));
        } else {
            out.push((p.display().to_string(), std::fs::read(&p).unwrap()));
        }
    }
    out
}

pub fn assert_no_file_contains(dir: &std::path::Path, secret: &str) {
    for (path, bytes) in all_files(dir) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(secret),
            "{path} contains a secret"
        );
    }
}

/// A revoke chosen from a list read through the connection as it is now, breaking nothing.
pub fn as_listed(f: &Fixture, id: &str) -> scopekeeper_core::desk::RevokeChoice {
    scopekeeper_core::desk::RevokeChoice {
        listed_as: f.desk.listed_as(&f.desk.connection(id).unwrap()).unwrap(),
        confirmed_breaks: Vec::new(),
    }
}

/// The desk's audit of every connection with the default settings and no templates.
pub async fn audit(f: &Fixture) -> AuditReport {
    scopekeeper_core::audit::run(
        &f.desk,
        &|v| f.catalogs.get(v.id()).cloned(),
        &scopekeeper_core::audit::AuditSettings::default(),
        &Default::default(),
        &|_, _| {},
    )
    .await
}

/// The offboarding sweep's dry run for `q`, through the built-in catalogs.
pub async fn sweep_plan(f: &Fixture, q: &SweepQuery) -> SweepPlan {
    let catalog_of = |v: Vendor| f.catalogs.get(v.id()).cloned();
    scopekeeper_core::offboard::sweep_plan(&f.desk, q, &catalog_of, &|_, _| {})
        .await
        .unwrap()
}

/// Revokes the token `m` of `plan` names, confirming no breakage; the outcomes.
pub async fn revoke_planned(
    f: &Fixture,
    plan: &SweepPlan,
    m: &scopekeeper_core::offboard::SweepMatch,
) -> Vec<SweepOutcome> {
    let target = SweepTarget {
        connection_id: m.token.connection_id.clone(),
        token_id: m.token.id.clone(),
        confirmed_breaks: Vec::new(),
    };
    scopekeeper_core::offboard::sweep_revoke(&f.desk, plan, &[target], "1", &|_| {})
        .await
        .unwrap()
}

/// Pastes the simulator's Bright key into the connection `id` with `declared`; the check.
pub async fn paste_bright_key(
    f: &Fixture,
    id: &str,
    declared: scopekeeper_core::desk::Declared,
) -> scopekeeper_core::desk::PastedCheck {
    let pasted = f.sim.handshake.bright.api_key.clone();
    f.desk
        .verify_pasted(id, SecretString::from(pasted), None, Some(declared))
        .await
        .unwrap()
}

/// Each fault a listing of `vendor` (its simulator id) can meet is the error the admin acts on,
/// never quoting `secret`; a 503 once is retried (a listing only reads).
pub async fn listing_faults_are_actionable(f: &Fixture, conn_id: &str, vendor: &str, secret: &str) {
    use scopekeeper_core::error::ErrorKind;
    use scopekeeper_sim::FaultRule;
    for (fault, kind) in [
        ("401", ErrorKind::VendorUnauthorized),
        ("403", ErrorKind::VendorForbidden),
        ("429:999", ErrorKind::VendorRateLimited),
        ("500", ErrorKind::VendorUnavailable),
        ("malformed", ErrorKind::VendorBadResponse),
        ("oversized", ErrorKind::VendorBadResponse),
        ("timeout", ErrorKind::VendorTimeout),
    ] {
        f.sim.clear_faults();
        f.sim.add_fault(
            format!("{vendor}.list={fault}")
                .parse::<FaultRule>()
                .unwrap(),
        );
        let e = f.desk.list_tokens(conn_id).await.unwrap_err();
        assert_eq!(e.kind, kind, "{fault}: {e:?}");
        assert!(!e.message.contains(secret), "{fault}");
    }
    f.sim.clear_faults();
    f.sim
        .add_fault(format!("{vendor}.list=503@1").parse::<FaultRule>().unwrap());
    assert!(
        f.desk.list_tokens(conn_id).await.is_ok(),
        "a 503 once is retried"
    );
}

/// A Cloudflare account connection (the handshake's account) with `token`.
pub async fn connect_cloudflare(
    f: &Fixture,
    token: &str,
) -> scopekeeper_core::connection::Connection {
    let h = &f.sim.handshake.cloudflare;
    f.desk
        .save_connection(
            input("cloudflare", "account-token", &h.base_url, token),
            f.catalogs.get("cloudflare").unwrap(),
        )
        .await
        .unwrap()
}

/// A Cloudflare token as the simulator stores it (policies and conditions as sent), read at
/// `base` (an account's or the user's URL) with `bearer`.
pub async fn cf_token_as_stored(base: &str, bearer: &str, id: &str) -> serde_json::Value {
    let v: serde_json::Value = reqwest::Client::new()
        .get(format!("{base}/tokens/{id}"))
        .bearer_auth(bearer)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    v["result"].clone()
}

/// A Cloudflare account token spec named `name`, ending in 30 days.
pub fn cf_spec(name: &str, scopes: &[&str]) -> TokenSpec {
    let mut s = spec("cloudflare", "account-token", scopes, 30);
    s.name = name.into();
    s
}
