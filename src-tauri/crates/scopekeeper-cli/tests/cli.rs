//! The `scopekeeper` binary, run as a user runs it.

mod support;
use support::*;

#[test]
fn catalogs_lists_the_built_in_vendors_with_their_kinds() {
    let v = json(&["catalogs"]);
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "bright",
            "mindbridge",
            "cortex",
            "manifest",
            "cloudflare",
            "gitlab",
            "github"
        ]
    );
    let bright = &v[0]["kinds"];
    assert_eq!(bright[0]["id"], "personal");
    assert_eq!(bright[0]["scopes"], 35);
    assert_eq!(bright[1]["id"], "organization");
    assert_eq!(bright[1]["scopes"], 20);
    let text = stdout(&sk(&["catalogs"]));
    assert!(text.contains("personal (35), organization (20)"), "{text}");
    let cloudflare = &v[4]["kinds"];
    assert_eq!(cloudflare[0]["id"], "account-token");
    assert_eq!(cloudflare[0]["scopes"], 145 + 74);
    assert_eq!(cloudflare[1]["id"], "user-token");
    assert_eq!(cloudflare[1]["scopes"], 225);
    // GitLab: the scope table's columns, and a role for group and project tokens.
    let gitlab = &v[5]["kinds"];
    let kinds: Vec<(&str, u64)> = gitlab
        .as_array()
        .unwrap()
        .iter()
        .map(|k| (k["id"].as_str().unwrap(), k["scopes"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [("project", 11 + 6), ("group", 13 + 6), ("personal", 17)]
    );
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
    assert!(String::from_utf8_lossy(&o.stderr).contains(
        "no catalog `acme` (known: bright, mindbridge, cortex, manifest, cloudflare, gitlab, github)"
    ));
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
