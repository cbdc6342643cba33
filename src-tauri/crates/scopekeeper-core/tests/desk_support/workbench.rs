//! A workbench on private folders and an in-memory secret store, whose sandbox host points the
//! desk at a running simulator and counts how often it was asked.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use scopekeeper_core::audit::{AuditReport, Severity};
use scopekeeper_core::clock::SystemClock;
use scopekeeper_core::desk::{Desk, RevokeChoice, SandboxAccess};
use scopekeeper_core::error::Error;
use scopekeeper_core::places::Places;
use scopekeeper_core::secret::SecretString;
use scopekeeper_core::secret_store::MemorySecretStore;
use scopekeeper_core::vendor::Vendor;
use scopekeeper_core::vendor::{HttpPolicy, VendorHttp};
use scopekeeper_core::workbench::{BoxFuture, SandboxConsole, SandboxHost, Tools, Workbench};
use scopekeeper_sim::{start, Handshake, RunningSim, SimConfig};

/// Points the desk at the simulator's tenants when asked, and names its consoles.
pub struct SimHost {
    access: SandboxAccess,
    handshake: Handshake,
    pub asked: AtomicUsize,
}

impl SandboxHost for SimHost {
    fn ensure<'a>(&'a self, desk: &'a Desk) -> BoxFuture<'a, Result<(), Error>> {
        self.asked.fetch_add(1, Ordering::SeqCst);
        desk.set_sandbox(self.access.clone());
        Box::pin(async { Ok(()) })
    }

    fn console(&self, vendor: Vendor) -> BoxFuture<'_, Option<SandboxConsole>> {
        let console = self.handshake.console(vendor.id()).map(|c| SandboxConsole {
            url: c.url,
            authorization: SecretString::from(c.authorization),
            key_field: c.key_field,
        });
        Box::pin(async { console })
    }
}

pub struct Bench {
    pub sim: RunningSim,
    pub wb: Workbench,
    pub host: Arc<SimHost>,
    pub places: Places,
    pub dir: tempfile::TempDir,
}

/// A workbench with the four sandbox connections added.
pub async fn bench() -> Bench {
    let sim = start(SimConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let places = Places::new(dir.path().join("config"), dir.path().join("data"));
    let host = Arc::new(SimHost {
        access: super::sandbox::access(&sim),
        handshake: sim.handshake.clone(),
        asked: AtomicUsize::new(0),
    });
    let tools = Tools {
        http: VendorHttp::new(HttpPolicy {
            timeout: Duration::from_millis(1500),
            backoff: Duration::from_millis(10),
            ..HttpPolicy::default()
        }),
        clock: Arc::new(SystemClock),
        secrets: Arc::new(MemorySecretStore::new()),
        actor: "tester".into(),
    };
    let wb = Workbench::open(places.clone(), tools, host.clone());
    wb.start_sandbox().await.unwrap();
    wb.desk()
        .add_sandbox_connections(&Vendor::ALL)
        .await
        .unwrap();
    Bench {
        sim,
        wb,
        host,
        places,
        dir,
    }
}

/// The workbench's audit, which must finish.
pub async fn run(b: &Bench) -> AuditReport {
    b.wb.run_audit(|_| {})
        .await
        .unwrap()
        .expect("not cancelled")
}

/// A revoke chosen from a list read through the connection as it is now, breaking nothing.
pub fn listed(b: &Bench, id: &str) -> RevokeChoice {
    let desk = b.wb.desk();
    RevokeChoice {
        listed_as: desk.listed_as(&desk.connection(id).unwrap()).unwrap(),
        confirmed_breaks: Vec::new(),
    }
}

/// The findings per severity as the report's rows hold them now.
pub fn counted(report: &AuditReport) -> [u32; 4] {
    let mut by = [0u32; 4];
    for f in report.assessment.rows.iter().flat_map(|r| &r.findings) {
        by[match f.severity {
            Severity::Low => 0,
            Severity::Medium => 1,
            Severity::High => 2,
            Severity::Critical => 3,
        }] += 1;
    }
    by
}
