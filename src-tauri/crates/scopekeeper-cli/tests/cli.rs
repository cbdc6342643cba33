//! The `scopekeeper` binary, run as a user runs it.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

fn sk(args: &[&str]) -> Output {
    // An empty imported-catalogs dir: the developer's own imports never leak into a test.
    let none = std::env::temp_dir().join("scopekeeper-cli-test-no-imports");
    Command::new(env!("CARGO_BIN_EXE_scopekeeper"))
        .args(args)
        .env("SCOPEKEEPER_CATALOG_DIR", none)
        .output()
        .expect("run scopekeeper")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    let o = sk(&all);
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "{args:?} did not print JSON ({e}): {}{}",
            stdout(&o),
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

fn bench(file: &str) -> PathBuf {
    let shared = std::env::var_os("SCOPEKEEPER_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../../shared"));
    let p = shared.join("catalogs/bench").join(file);
    assert!(
        p.is_file(),
        "bench catalog {} is needed (set SCOPEKEEPER_SHARED to the shared/ folder)",
        p.display()
    );
    p
}

#[test]
fn catalogs_lists_the_four_built_in_vendors_with_their_kinds() {
    let v = json(&["catalogs"]);
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["bright", "mindbridge", "cortex", "manifest"]);
    let bright = &v[0]["kinds"];
    assert_eq!(bright[0]["id"], "personal");
    assert_eq!(bright[0]["scopes"], 35);
    assert_eq!(bright[1]["id"], "organization");
    assert_eq!(bright[1]["scopes"], 20);
    let text = stdout(&sk(&["catalogs"]));
    assert!(text.contains("personal (35), organization (20)"), "{text}");
}

#[test]
fn catalog_show_manifest_json_has_the_20_scopes_and_their_permissions() {
    let v = json(&["catalog", "show", "manifest"]);
    let scopes = v["scopes"].as_array().unwrap();
    assert_eq!(scopes.len(), 20);
    let sboms = scopes
        .iter()
        .find(|s| s["id"] == "manage-sboms-and-vex")
        .unwrap();
    assert_eq!(
        sboms["grants"],
        serde_json::json!(["create:sbom-and-vex", "delete:sbom-and-vex"])
    );
    let view_all = &scopes[0];
    assert_eq!(view_all["id"], "view-all");
    assert_eq!(view_all["required"], true);
    assert_eq!(view_all["grants"].as_array().unwrap().len(), 22);
    assert_eq!(v["presets"].as_array().unwrap().len(), 6);
    assert_eq!(v["key_kinds"][0]["policy"]["env_var"], "MANIFEST_API_KEY");
    assert!(v["sources"][0]["document"]
        .as_str()
        .unwrap()
        .starts_with("004_"));
}

#[test]
fn resolve_manifest_adds_view_all_as_required_and_grants_24_permissions() {
    let v = json(&["resolve", "manifest", "--scopes", "manage-sboms-and-vex"]);
    assert_eq!(v["added"][0]["id"], "view-all");
    assert_eq!(v["added"][0]["reasons"][0]["rule"], "required_for_all");
    assert_eq!(v["permissions"].as_array().unwrap().len(), 24);
    let text = stdout(&sk(&[
        "resolve",
        "manifest",
        "--scopes",
        "manage-sboms-and-vex",
    ]));
    assert!(
        text.contains("+ view-all              required for every token"),
        "{text}"
    );
    assert!(text.contains("2 scopes, 24 permissions"), "{text}");
}

#[test]
fn resolve_bright_scans_run_adds_projects_read_with_its_reason() {
    let v = json(&[
        "resolve",
        "bright",
        "--kind",
        "personal",
        "--scopes",
        "scans:run",
    ]);
    let added = v["added"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "projects:read")
        .expect("projects:read added");
    assert_eq!(added["reasons"][0]["rule"], "required_by");
    assert_eq!(added["reasons"][0]["scope"], "scans:run");
    assert_eq!(
        added["reasons"][0]["reason"],
        "projects:read is required for running a scan"
    );
}

#[test]
fn resolve_bright_bare_scans_expands_to_scans_star() {
    let v = json(&[
        "resolve", "bright", "--kind", "personal", "--scopes", "scans",
    ]);
    let scopes: Vec<&str> = v["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    for s in [
        "scans",
        "scans:read",
        "scans:manage",
        "scans:run",
        "scans:stop",
        "scans:delete",
    ] {
        assert!(scopes.contains(&s), "{s} not in {scopes:?}");
    }
}

#[test]
fn unknown_scopes_and_vendors_exit_1_and_usage_errors_exit_2() {
    let o = sk(&["resolve", "manifest", "--scopes", "nope"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("Manifest Cyber has no scope `nope`"));
    let o = sk(&["resolve", "acme", "--scopes", "x"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr)
        .contains("no catalog `acme` (known: bright, mindbridge, cortex, manifest)"));
    let o = sk(&["resolve", "manifest"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "missing --scopes is a usage error"
    );
}

#[test]
fn lint_accepts_every_bench_catalog() {
    for f in [
        "gcp-predefined-roles.json",
        "aws-managed-policies.json",
        "github-app-permissions.json",
    ] {
        let path = bench(f);
        let o = sk(&["catalog", "lint", path.to_str().unwrap()]);
        assert!(
            o.status.success(),
            "{f}: {}{}",
            stdout(&o),
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(stdout(&o).starts_with("ok "), "{}", stdout(&o));
    }
}

#[test]
fn lint_rejects_a_broken_catalog_with_every_error_located() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken.toml");
    std::fs::write(
        &bad,
        "vendor = \"Broken\"\n\n[[scopes]]\nid = \"a\"\nimplies = [\"b\", \"ghost\"]\n\n[[scopes]]\nid = \"b\"\nimplies = [\"a\"]\ngrants = [\"p\"]\n\n[[scopes]]\nid = \"a\"\n\n[[permissions]]\nid = \"q\"\n",
    )
    .unwrap();
    let o = sk(&["catalog", "lint", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let name = bad.display().to_string();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert_eq!(
        lines[0],
        format!("{name}:5:17: scopes[0].implies[1]: unknown scope `ghost` in implies")
    );
    assert!(
        out.contains(&format!(
            "{name}:9:12: scopes[1].implies[0]: implication cycle: a → b → a"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "{name}:10:11: scopes[1].grants[0]: unknown permission `p` (not in `permissions`)"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "{name}:13:6: scopes[2].id: duplicate scope id `a` (first defined at scopes[0])"
        )),
        "{out}"
    );
}

#[test]
fn grants_on_the_gcp_catalog_finds_the_storage_viewer_roles() {
    let gcp = bench("gcp-predefined-roles.json");
    let v = json(&[
        "grants",
        "--catalog",
        gcp.to_str().unwrap(),
        "storage.objects.get",
    ]);
    let scopes: Vec<&str> = v["granted_by"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["scope"].as_str().unwrap())
        .collect();
    assert!(scopes.contains(&"roles/storage.objectViewer"), "{scopes:?}");
    // Exactly the roles whose grants list it, read straight from the file.
    let raw: Value = serde_json::from_slice(&std::fs::read(&gcp).unwrap()).unwrap();
    let mut want: Vec<&str> = raw["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| {
            s["grants"]
                .as_array()
                .unwrap()
                .iter()
                .any(|g| g == "storage.objects.get")
        })
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    want.sort_unstable();
    let mut got = scopes.clone();
    got.sort_unstable();
    assert_eq!(got, want);
}

#[test]
fn suggest_reports_uncoverable_permissions_and_exits_1() {
    let o = sk(&[
        "suggest",
        "bright",
        "--kind",
        "organization",
        "--needs",
        "scans:read,projects:read",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("  scans:read"), "{out}");
    assert!(
        out.contains("No organization scope grants: projects:read"),
        "{out}"
    );
}

#[test]
fn suggest_offers_fewest_scopes_and_fewest_excess_on_gcp() {
    let gcp = bench("gcp-predefined-roles.json");
    let raw: Value = serde_json::from_slice(&std::fs::read(&gcp).unwrap()).unwrap();
    let perms = raw["permissions"].as_array().unwrap();
    // 20 permissions spread over the catalog's services.
    let needs: Vec<&str> = perms
        .iter()
        .step_by(perms.len() / 20)
        .take(20)
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    let needs = needs.join(",");
    let run = |mode: &str| {
        json(&[
            "suggest",
            "--catalog",
            gcp.to_str().unwrap(),
            "--needs",
            &needs,
            "--mode",
            mode,
        ])
    };
    let few = run("fewest-scopes");
    let least = run("fewest-excess");
    assert_eq!(few["mode"], "fewest_scopes");
    assert_eq!(least["mode"], "fewest_excess");
    for v in [&few, &least] {
        assert_eq!(v["covered"].as_array().unwrap().len(), 20, "{v}");
    }
    let excess = |v: &Value| v["excess_permissions"].as_u64().unwrap();
    let count = |v: &Value| v["scopes"].as_array().unwrap().len();
    assert!(
        excess(&least) * 5 < excess(&few),
        "least {} vs fewest-scopes {}",
        excess(&least),
        excess(&few)
    );
    assert!(count(&few) <= count(&least));
    assert_eq!(
        sk(&[
            "suggest",
            "manifest",
            "--needs",
            "read:asset",
            "--mode",
            "cheap"
        ])
        .status
        .code(),
        Some(2)
    );
}

#[test]
fn a_kinds_catalog_shows_no_rule_to_a_scope_it_cannot_carry() {
    let o = sk(&["catalog", "show", "bright", "--kind", "organization"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("scans:run"), "{out}");
    assert!(!out.contains("projects:read"), "{out}");
    let v = json(&["catalog", "show", "bright", "--kind", "organization"]);
    let all = json(&["catalog", "show", "bright"]);
    assert!(
        v["permissions"].as_array().unwrap().len() < all["permissions"].as_array().unwrap().len()
    );
}

#[test]
fn search_ranks_and_finds_across_catalogs() {
    let v = json(&["search", "sbom", "upload"]);
    assert!(v["total"].as_u64().unwrap() >= 1);
    assert_eq!(v["hits"][0]["catalog"], "manifest");
}

#[test]
fn diff_against_a_preset_lists_excess_and_missing() {
    let v = json(&[
        "diff",
        "manifest",
        "--from",
        "ci-cd-sbom-upload",
        "--to",
        "view-all,export-reports",
    ]);
    assert_eq!(
        v["diff"]["added_scopes"],
        serde_json::json!(["export-reports"])
    );
    assert_eq!(
        v["diff"]["removed_scopes"],
        serde_json::json!(["manage-sboms-and-vex"])
    );
    assert_eq!(
        v["diff"]["removed_permissions"],
        serde_json::json!(["create:sbom-and-vex", "delete:sbom-and-vex"])
    );
    assert_eq!(
        v["diff"]["added_permissions"],
        serde_json::json!(["create:product-vdr-report"])
    );
}

/// `catalog show` of every built-in, compared with the committed snapshot: a change to a
/// built-in catalog must be deliberate. `UPDATE_SNAPSHOTS=1` rewrites the snapshots.
#[test]
fn built_in_catalogs_match_their_snapshots() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    for vendor in ["bright", "mindbridge", "cortex", "manifest"] {
        let o = sk(&["catalog", "show", vendor]);
        assert!(o.status.success());
        let got = stdout(&o);
        let path = dir.join(format!("{vendor}.txt"));
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            got == want,
            "`scopekeeper catalog show {vendor}` differs from {}; if the change is intended, \
             run UPDATE_SNAPSHOTS=1 cargo test -p scopekeeper-cli and review the diff",
            path.display()
        );
    }
}

#[test]
fn catalogs_imported_in_the_app_are_listed_and_usable() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("acme.toml"),
        "vendor = \"Acme\"\nid = \"acme\"\n[[scopes]]\nid = \"a\"\nimplies = [\"b\"]\n[[scopes]]\nid = \"b\"\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("broken.json"), "{").unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_scopekeeper"))
            .args(args)
            .env("SCOPEKEEPER_CATALOG_DIR", dir.path())
            .output()
            .unwrap()
    };
    let o = run(&["catalogs"]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("acme"), "{}", stdout(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("imported catalog skipped"),
        "a broken import is reported"
    );
    let o = run(&["resolve", "acme", "--scopes", "a", "--json"]);
    assert!(o.status.success());
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["added"][0]["id"], "b");
}
