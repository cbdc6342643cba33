//! `scopekeeper-sim`: serves every simulated vendor on 127.0.0.1 until interrupted. Its first
//! stdout line is JSON naming each vendor's base URL and admin credential.

use clap::Parser;
use scopekeeper_sim::{start, FaultRule, SimConfig};

/// Local simulators of the MindBridge, Cortex, Bright, Manifest, Cloudflare, GitLab and GitHub
/// token APIs.
#[derive(Parser)]
#[command(name = "scopekeeper-sim", version)]
struct Args {
    /// Port on 127.0.0.1 (0 picks any free port).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// A fault to inject: VENDOR[.OP]=FAULT[@TIMES], e.g. `mindbridge.create=429:5@1`.
    /// FAULT is 401, 403, 409, 422, 423, 429[:secs], 500, 502, 503, timeout, lost, slow:MS, malformed
    /// or oversized. Repeatable; more can be added at run time with POST /_sim/faults.
    #[arg(long = "fault", value_name = "RULE")]
    faults: Vec<FaultRule>,
    /// Seed this many extra tokens (a fifth for Cloudflare, a tenth each for GitLab and GitHub,
    /// the rest about half for MindBridge and half for Cortex): a realistic, deterministic mix (narrow and
    /// broad, expiring, expired, allowlisted, admin).
    #[arg(long, value_name = "N", default_value_t = 0)]
    seed_tokens: usize,
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    let sim = match start(SimConfig {
        port: args.port,
        faults: args.faults,
        seed_tokens: args.seed_tokens,
        ..SimConfig::default()
    })
    .await
    {
        Ok(s) => s,
        Err(e) => {
            eprintln!(
                "scopekeeper-sim: cannot listen on 127.0.0.1:{}: {e}",
                args.port
            );
            std::process::exit(1);
        }
    };
    println!(
        "{}",
        serde_json::to_string(&sim.handshake).expect("the handshake serializes")
    );
    eprintln!(
        "scopekeeper-sim: serving on {} (Ctrl-C to stop)",
        sim.origin()
    );
    let _ = tokio::signal::ctrl_c().await;
}
