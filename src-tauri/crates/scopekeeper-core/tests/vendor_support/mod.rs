//! What the vendor client tests share: a simulator, clients of each vendor pointed at it, and
//! small builders.

#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use scopekeeper_core::clock::{Clock, SystemClock};
use scopekeeper_core::secret::SecretString;
use scopekeeper_core::vendor::cortex::{Cortex, CxGenerate, SecurityLevel};
use scopekeeper_core::vendor::mindbridge::{MbCreate, MindBridge};
use scopekeeper_core::vendor::{check_base_url, HttpPolicy, VendorHttp};
use scopekeeper_sim::{start, FaultRule, RunningSim, SimConfig};

pub fn http() -> VendorHttp {
    VendorHttp::new(HttpPolicy {
        timeout: Duration::from_millis(1500),
        max_attempts: 3,
        backoff: Duration::from_millis(10),
        max_retry_wait: Duration::from_secs(5),
        max_body_bytes: 2 << 20,
    })
}

pub async fn sim() -> RunningSim {
    start(SimConfig::default())
        .await
        .expect("the simulator starts")
}

pub fn fault(sim: &RunningSim, rule: &str) {
    sim.add_fault(rule.parse::<FaultRule>().expect("valid fault rule"));
}

pub fn secret(s: &str) -> SecretString {
    SecretString::from(s.to_owned())
}

pub fn mindbridge(sim: &RunningSim, token: &str) -> MindBridge {
    MindBridge::new(
        http(),
        check_base_url(&sim.handshake.mindbridge.base_url).unwrap(),
        secret(token),
    )
}

pub fn admin_mb(sim: &RunningSim) -> MindBridge {
    mindbridge(sim, &sim.handshake.mindbridge.token)
}

pub fn in_days(days: i64) -> String {
    let t = chrono::Utc::now() + chrono::Duration::days(days);
    format!("{}T00:00:00Z", t.date_naive())
}

pub fn mb_create(name: &str, permissions: &[&str]) -> MbCreate {
    MbCreate {
        name: name.into(),
        expiry: in_days(30),
        permissions: permissions.iter().map(|s| s.to_string()).collect(),
        allowed_addresses: vec![],
    }
}

pub fn cortex(sim: &RunningSim, id: i64, key: &str, level: SecurityLevel) -> Cortex {
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    Cortex::new(
        http(),
        check_base_url(&sim.handshake.cortex.base_url).unwrap(),
        id,
        secret(key),
        level,
        clock,
    )
}

pub fn admin_cx(sim: &RunningSim) -> Cortex {
    cortex(
        sim,
        sim.handshake.cortex.api_key_id,
        &sim.handshake.cortex.api_key,
        SecurityLevel::Standard,
    )
}

pub fn gen(roles: &[&str], level: SecurityLevel) -> CxGenerate {
    CxGenerate {
        roles: roles.iter().map(|s| s.to_string()).collect(),
        security_level: level,
        expiration: None,
        comment: Some("scopekeeper test".into()),
    }
}
