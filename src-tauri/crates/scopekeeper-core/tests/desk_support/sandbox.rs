//! The simulators' tenants as the desk's sandbox access; shared by the desk tests and the
//! benchmarks (which include this file by its path).

use scopekeeper_core::desk::{SandboxAccess, SandboxTenant};
use scopekeeper_core::secret::SecretString;
use scopekeeper_core::vendor::Vendor;
use scopekeeper_sim::RunningSim;

/// Every tenant `sim` runs, by its vendor, with its base URL, credential and key id.
pub fn access(sim: &RunningSim) -> SandboxAccess {
    let mut access = SandboxAccess::default();
    for t in sim.handshake.tenants() {
        let tenant = SandboxTenant {
            base_url: t.base_url.to_owned(),
            credential: SecretString::from(t.credential.to_owned()),
            key_id: t.key_id,
        };
        access.insert(Vendor::parse(t.vendor).expect("a built-in vendor"), tenant);
    }
    access
}
