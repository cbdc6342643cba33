//! `scopekeeper audit` on simulated tenants added through `scopekeeper connections add` (the
//! credential on stdin, kept in a real Secret Service on a private bus): the JSON report has the
//! findings `audit::run` finds on the same tenants, `--fail-on` sets the exit code, a tenant
//! that cannot be read is reported on stderr without losing the others, and the SARIF, CSV and
//! HTML reports hold what they should and no credential.

use std::collections::BTreeSet;
use std::sync::Arc;

use scopekeeper_core::action_log::ActionLog;
use scopekeeper_core::catalog::registry::CatalogRegistry;
use scopekeeper_core::clock::SystemClock;
use scopekeeper_core::connection::{credential_key, ConnectionStore};
use scopekeeper_core::desk::Desk;
use scopekeeper_core::secret::secret;
use scopekeeper_core::secret_store::{MemorySecretStore, SecretStore};
use scopekeeper_core::vendor::{HttpPolicy, VendorHttp};
use scopekeeper_sim::{start, RunningSim, SimConfig};
use serde_json::Value;

mod support;
use support::keyring::{add, add_cloudflare, add_cortex, add_github, add_gitlab, PrivateKeyring};
use support::{findings, github_live_grants, gitlab_live_tokens, out, rows_of};

const WRONG: &str = "wrong-token-000000000000000000000000000000000000";

struct Tenants {
    sim: RunningSim,
    k: PrivateKeyring,
    mindbridge: String,
    cortex: String,
    cloudflare: String,
    gitlab: String,
    github: String,
    broken: String,
}

/// A simulator with 60 more tokens; a MindBridge and a Cortex connection to it, and a
/// MindBridge one whose credential the tenant refuses.
async fn tenants() -> Tenants {
    let sim = start(SimConfig {
        seed_tokens: 60,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let k = PrivateKeyring::start();
    let h = sim.handshake.clone();
    let mb = [
        "--vendor",
        "mindbridge",
        "--base-url",
        &h.mindbridge.base_url,
    ];
    let mindbridge = add(
        &k,
        &[&mb[..], &["--label", "MB prod"]].concat(),
        &h.mindbridge.token,
    );
    let cortex = add_cortex(&k, &h);
    let cloudflare = add_cloudflare(&k, &h);
    let gitlab = add_gitlab(&k, &h);
    let github = add_github(&k, &h);
    let broken = add(&k, &[&mb[..], &["--label", "MB old"]].concat(), WRONG);
    Tenants {
        sim,
        k,
        mindbridge,
        cortex,
        cloudflare,
        gitlab,
        github,
        broken,
    }
}

/// `audit::run` in this process on the connections file the CLI wrote, with the same
/// credentials (from the simulator's handshake) in memory.
async fn desk_report(t: &Tenants) -> Value {
    let store = Arc::new(MemorySecretStore::new());
    let h = &t.sim.handshake;
    for (id, s) in [
        (&t.mindbridge, &h.mindbridge.token),
        (&t.cortex, &h.cortex.api_key),
        (&t.cloudflare, &h.cloudflare.token),
        (&t.gitlab, &h.gitlab.token),
        (&t.github, &h.github.token),
        (&t.broken, &WRONG.to_owned()),
    ] {
        store
            .store(&credential_key(id), &secret(s.clone()))
            .unwrap();
    }
    let desk = Desk::new(
        VendorHttp::new(HttpPolicy::default()),
        Arc::new(SystemClock),
        store,
        ConnectionStore::open(&t.k.app_dir("config").join("connections.json")),
        ActionLog::new(&t.k.app_dir("data").join("actions.jsonl")),
        "tester".into(),
    );
    let catalogs = CatalogRegistry::builtins_only();
    let report = scopekeeper_core::audit::run(
        &desk,
        &|v| catalogs.get(v.id()).cloned(),
        &Default::default(),
        &Default::default(),
        &|_, _| {},
    )
    .await;
    serde_json::to_value(&report).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_json_has_the_desks_findings_and_fail_on_sets_the_exit_code() {
    let t = tenants().await;
    let k = &t.k;
    let o = k.sk(&["audit", "--format", "json"], "");
    assert_eq!(o.status.code(), Some(0), "no --fail-on: {}", out(&o));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("\u{201c}MB old\u{201d}") && stderr.contains("could not be read"),
        "the refused tenant is reported on stderr: {stderr}"
    );
    let cli: Value = serde_json::from_slice(&o.stdout).unwrap();
    let outcomes = cli["outcomes"].as_array().unwrap();
    assert_eq!(outcomes.len(), 6);
    let failed: Vec<&Value> = outcomes.iter().filter(|o| !o["error"].is_null()).collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["connection_id"], t.broken.as_str());
    assert_eq!(failed[0]["error"]["kind"], "vendor_unauthorized");
    assert!(stderr.contains(failed[0]["error"]["message"].as_str().unwrap()));

    let desk = desk_report(&t).await;
    let (ours, theirs) = (findings(&cli), findings(&desk));
    assert!(ours.len() > 50, "{} findings", ours.len());
    assert_eq!(ours, theirs, "the CLI finds what the desk finds");
    let rows = |r: &Value| r["assessment"]["rows"].as_array().unwrap().len();
    every_tenant_is_listed(&t, &cli).await;
    assert_eq!(rows(&cli), rows(&desk));

    let high = k.sk(&["audit", "--fail-on", "high"], "");
    assert_eq!(
        high.status.code(),
        Some(1),
        "a high finding fails: {}",
        out(&high)
    );
    assert!(String::from_utf8_lossy(&high.stdout).contains("admin_equivalent"));
    // The refused tenant alone has no finding, but the audit is incomplete: a gate fails it.
    let alone = k.sk(
        &[
            "audit",
            "--connection",
            &t.broken,
            "--fail-on",
            "low",
            "--json",
        ],
        "",
    );
    assert_eq!(alone.status.code(), Some(1), "{}", out(&alone));
    assert!(
        String::from_utf8_lossy(&alone.stderr).contains("the audit is incomplete"),
        "{}",
        out(&alone)
    );
    let alone: Value = serde_json::from_slice(&alone.stdout).unwrap();
    assert_eq!(rows(&alone), 0);

    let only = k.sk(
        &["audit", "--connection", &t.cortex, "--format", "json"],
        "",
    );
    let only: Value = serde_json::from_slice(&only.stdout).unwrap();
    let vendors: BTreeSet<&str> = only["assessment"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["token"]["vendor"].as_str().unwrap())
        .collect();
    assert_eq!(vendors, BTreeSet::from(["cortex"]));
    assert_eq!(only["outcomes"].as_array().unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timings_name_every_stage_and_the_report_streams_into_out_whole() {
    let t = tenants().await;
    let k = &t.k;
    let only = k.sk(
        &["audit", "--connection", &t.cortex, "--format", "json"],
        "",
    );
    let only: Value = serde_json::from_slice(&only.stdout).unwrap();
    let rows = |r: &Value| r["assessment"]["rows"].as_array().unwrap().len();
    let file = k.app_dir("data").join("cortex.json");
    let timed = k.sk(
        &[
            "audit",
            "--connection",
            &t.cortex,
            "--json",
            "--timings",
            "--out",
        ],
        "",
    );
    assert_eq!(
        timed.status.code(),
        Some(2),
        "--out needs a file: {}",
        out(&timed)
    );
    let timed = k.sk(
        &[
            "audit",
            "--connection",
            &t.cortex,
            "--json",
            "--timings",
            "--out",
            file.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(timed.status.code(), Some(0), "{}", out(&timed));
    assert!(timed.stdout.is_empty(), "{}", out(&timed));
    let stderr = String::from_utf8_lossy(&timed.stderr);
    let line = stderr
        .lines()
        .find(|l| l.starts_with("timings: "))
        .unwrap_or_else(|| panic!("no timings line: {stderr}"));
    let stages: Vec<&str> = line["timings: ".len()..]
        .split(", ")
        .map(|part| {
            assert!(part.ends_with(" ms"), "{line}");
            part.split(' ').next().unwrap()
        })
        .collect();
    assert_eq!(stages, ["setup", "read", "judge", "save", "print", "total"]);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.ends_with("}\n"), "one line end after the report");
    let saved: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(rows(&saved), rows(&only));
    assert_eq!(findings(&saved), findings(&only));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sarif_csv_and_html_reports_hold_the_audit_and_no_credential() {
    let t = tenants().await;
    let k = &t.k;
    let json: Value = serde_json::from_slice(&k.sk(&["audit", "--json"], "").stdout).unwrap();
    let n_rows = json["assessment"]["rows"].as_array().unwrap().len();
    let n_findings = findings(&json).len();

    let sarif = sarif_of(k, n_findings);

    let dir = tempfile::tempdir().unwrap();
    let csv_path = dir.path().join("audit.csv");
    let csv = k.sk(
        &[
            "audit",
            "--format",
            "csv",
            "--out",
            csv_path.to_str().unwrap(),
        ],
        "",
    );
    assert!(
        csv.status.success() && csv.stdout.is_empty(),
        "--out writes the file only"
    );
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    assert!(csv.starts_with("vendor,connection,token_id,name,"));
    assert_eq!(
        csv.split("\r\n").filter(|l| !l.is_empty()).count(),
        n_rows + 1
    );
    assert!(csv.contains(",MB prod,") && csv.contains(",Cortex prod,"));

    let html_path = dir.path().join("audit.html");
    k.sk(
        &[
            "audit",
            "--format",
            "html",
            "--out",
            html_path.to_str().unwrap(),
        ],
        "",
    );
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(
        html.matches("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"matrix\"")
            .count(),
        5,
        "a matrix per vendor with tokens"
    );
    assert!(
        html.find("<section id=\"overview\">") < html.find("<h2>Connections</h2>"),
        "the overview opens the report"
    );
    assert_eq!(html.matches("<g class=\"row\">").count(), n_rows);
    for label in ["MB prod", "Cortex prod", "MB old"] {
        assert!(html.contains(label), "{label}");
    }

    let h = &t.sim.handshake;
    for (name, text) in [
        ("csv", &csv),
        ("html", &html),
        ("sarif", &sarif.to_string()),
        ("json", &json.to_string()),
    ] {
        for s in [&h.mindbridge.token, &h.cortex.api_key, &WRONG.to_owned()] {
            assert!(
                !text.contains(s.as_str()),
                "the {name} report holds a credential"
            );
        }
    }
}

/// The SARIF report: a rule per table entry, a result per finding at a valid level.
fn sarif_of(k: &PrivateKeyring, n_findings: usize) -> Value {
    let sarif = k.sk(&["audit", "--format", "sarif"], "");
    let sarif: Value = serde_json::from_slice(&sarif.stdout).expect("SARIF is JSON");
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    let rule_ids: BTreeSet<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), n_findings);
    for r in results {
        assert!(rule_ids.contains(r["ruleId"].as_str().unwrap()));
        assert!(["note", "warning", "error"].contains(&r["level"].as_str().unwrap()));
    }
    sarif
}

#[test]
fn usage_errors_exit_2() {
    let k = PrivateKeyring::start();
    for (args, why) in [
        (vec!["audit", "--format", "pdf"], "an unknown format"),
        (vec!["audit", "--fail-on", "severe"], "an unknown severity"),
        (
            vec!["audit", "--connection", "no-such-id"],
            "an unknown connection",
        ),
    ] {
        let o = k.sk(&args, "");
        assert_eq!(o.status.code(), Some(2), "{why}: {}", out(&o));
    }
}

/// Every token the seven tenants list is a row, counted apart from the app: GitLab's and
/// GitHub's paged from the simulator directly.
async fn every_tenant_is_listed(t: &Tenants, cli: &Value) {
    let rows = |r: &Value| r["assessment"]["rows"].as_array().unwrap().len();
    let gitlab = gitlab_live_tokens(&t.sim.handshake.gitlab).await;
    let github = github_live_grants(&t.sim.handshake.github).await;
    assert!(gitlab > 6 && github > 6, "{gitlab}, {github}");
    assert_eq!(
        rows(cli),
        7 + 18 + 5 + 18 + 7 + 12 + gitlab + github,
        "every token the seven tenants list, seeded ones included (60: a fifth to Cloudflare, a \
         tenth each to GitLab and GitHub, the rest halved; Bright and Manifest list none)"
    );
    assert_eq!(rows_of(cli, &t.cloudflare), 7 + 12);
    assert_eq!(rows_of(cli, &t.gitlab), gitlab);
    assert_eq!(rows_of(cli, &t.github), github);
}
