//! The `scopekeeper` binary's queries, run as a user runs them: grants, suggest (both modes),
//! a kind's catalog, search, diff, the built-in snapshots, imported catalogs.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

mod support;
use support::*;

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
