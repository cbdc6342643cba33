//! The built-in catalogs say exactly what the seed documents say: checked against the seed
//! texts themselves (../shared/seeds beside the repository, or `$SCOPEKEEPER_SHARED/seeds`),
//! parsed here independently of how the catalogs were written.

use std::collections::BTreeSet;
use std::path::PathBuf;

use scopekeeper_core::algebra::{resolve, ResolveOptions};
use scopekeeper_core::catalog::builtin::{builtin, builtins};

fn seed(prefix: &str) -> String {
    let shared = std::env::var_os("SCOPEKEEPER_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../../shared"));
    let dir = shared.join("seeds");
    let entry = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| {
            panic!(
                "the seed documents are needed to check the built-in catalogs: {}: {e} \
                 (set SCOPEKEEPER_SHARED to the shared/ folder)",
                dir.display()
            )
        })
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no seed {prefix}_* in {}", dir.display()));
    std::fs::read_to_string(entry.path()).expect("read seed")
}

fn set<'a>(items: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    items.into_iter().map(str::to_owned).collect()
}

#[test]
fn manifest_has_doc_004s_twenty_scopes_with_exactly_its_permissions() {
    let text = seed("004");
    let cat = builtin("manifest").unwrap();
    let mut rows = 0;
    for line in text.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // | Scope Name | Identifier | Description | Granular Permissions Granted |
        if cells.len() != 6 || cells[2] == "Identifier" || cells[2].starts_with("---") {
            continue;
        }
        rows += 1;
        let (name, id, description, perms) = (cells[1], cells[2], cells[3], cells[4]);
        let s = cat
            .scopes()
            .iter()
            .find(|s| s.id == id)
            .unwrap_or_else(|| panic!("doc 004 scope {id} missing"));
        assert_eq!(s.name.as_deref(), Some(name));
        assert_eq!(s.description, description, "{id}");
        let want = set(perms.split(',').map(str::trim));
        assert!(s.grants.is_some(), "{id} declares its grants");
        let ix = cat.scope_index(id).unwrap();
        let got = set(cat
            .grants_of(ix)
            .iter()
            .map(|&p| cat.permission(p).id.as_str()));
        assert_eq!(got, want, "{id} grants");
    }
    assert_eq!(rows, 20, "doc 004 has 20 scope rows");
    assert_eq!(cat.scopes().len(), 20);
    let required: Vec<&str> = cat
        .scopes()
        .iter()
        .filter(|s| s.required)
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(required, ["view-all"]);
    let elevated = set(cat
        .scopes()
        .iter()
        .filter(|s| s.elevated)
        .map(|s| s.id.as_str()));
    assert_eq!(
        elevated,
        set([
            "manage-settings",
            "manage-people",
            "manage-sub-organizations"
        ])
    );
    let presets: Vec<&str> = cat.def.presets.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        presets,
        [
            "CI/CD SBOM upload",
            "Read-only vulnerability reporting",
            "Custom vulnerability ingestion",
            "Vulnerability triage automation",
            "AI model tracking (MAIS plugin)",
            "Full admin / programmatic org management"
        ]
    );
    let admin = cat.def.presets.last().unwrap();
    assert_eq!(admin.scopes.len(), 20, "All scopes is the admin preset");
}

#[test]
fn bright_kinds_have_exactly_the_scopes_of_docs_000_and_001() {
    let cat = builtin("bright").unwrap();
    let personal_doc = seed("000");
    let mut personal = BTreeSet::new();
    for line in personal_doc.lines() {
        if let Some((id, description)) = line.split_once(' ') {
            if id
                .chars()
                .all(|c| c.is_ascii_lowercase() || ":.-".contains(c))
                && !id.is_empty()
            {
                let s = cat
                    .scopes()
                    .iter()
                    .find(|s| s.id == id)
                    .unwrap_or_else(|| panic!("{id} missing"));
                assert_eq!(s.description, description.trim(), "{id}");
                personal.insert(id.to_owned());
            }
        }
    }
    assert_eq!(personal.len(), 35);
    let kind = |k: &str| -> BTreeSet<String> {
        cat.kind_scopes(k)
            .iter()
            .map(|&i| cat.scope(i).id.clone())
            .collect()
    };
    assert_eq!(kind("personal"), personal);
    let org_doc = seed("001");
    let org: BTreeSet<String> = org_doc
        .split("<code>")
        .skip(1)
        .map(|rest| rest.split("</code>").next().unwrap().trim().to_owned())
        .collect();
    assert_eq!(org.len(), 20);
    assert_eq!(kind("organization"), org);
    assert!(org.contains("scim") && !personal.contains("scim"));
    let format = cat.kinds[0]
        .policy
        .as_ref()
        .unwrap()
        .key_format
        .clone()
        .unwrap();
    let re = regex::Regex::new(&format).unwrap();
    assert!(re.is_match("weobbz5.nexa.vennegtzr2h7urpxgtksetz2kwppdgj0"));
    assert!(!re.is_match("weobbz5.nexq.vennegtzr2h7urpxgtksetz2kwppdgj0"));
}

#[test]
fn mindbridge_has_doc_002s_64_permissions_and_no_invented_rules() {
    let text = seed("002");
    let list = text
        .split("\n1")
        .find(|chunk| chunk.starts_with("api.organizations.read"))
        .expect("doc 002 permission list");
    let list = &list[..list.find("scim.user.schema").unwrap() + "scim.user.schema".len()];
    let want = set(list.split(',').map(str::trim));
    assert_eq!(want.len(), 64);
    let cat = builtin("mindbridge").unwrap();
    let got = set(cat.scopes().iter().map(|s| s.id.as_str()));
    assert_eq!(got, want);
    assert!(cat
        .scopes()
        .iter()
        .all(|s| s.implies.is_empty() && s.requires.is_empty()));
    let policy = cat.kinds[0].policy.as_ref().unwrap();
    assert!(policy.expiry_required && policy.ip_allowlist && policy.name_required);
    assert_eq!(policy.expiry_max_days, Some(730));
    assert_eq!(policy.min_scopes, Some(1));
}

#[test]
fn cortex_models_the_roles_doc_003_names() {
    let text = seed("003");
    let cat = builtin("cortex").unwrap();
    for role in [
        "CLI Read-Only Custom",
        "CLI Write Custom",
        "Public API (PAPI) Edit",
        "CLI",
        "CLI Read Only",
        "Instance Admin",
        "Account Admin",
    ] {
        assert!(text.contains(role), "{role} is not in doc 003");
        assert!(cat.scope_index(role).is_some(), "{role} not modelled");
    }
    let elevated = set(cat
        .scopes()
        .iter()
        .filter(|s| s.elevated)
        .map(|s| s.id.as_str()));
    assert_eq!(elevated, set(["Instance Admin", "Account Admin"]));
    // View/Edit includes View.
    let write = resolve(&cat, None, &["CLI Write Custom"], ResolveOptions::default());
    let perms = set(write.permissions.iter().map(|p| p.id.as_str()));
    assert_eq!(perms, set(["CLI Tools View", "CLI Tools View/Edit"]));
    let policy = cat.kinds[0].policy.as_ref().unwrap();
    assert_eq!(policy.expiry_default_days, Some(7));
    let advanced = policy
        .security_levels
        .iter()
        .find(|l| l.id == "advanced")
        .unwrap();
    assert!(advanced.warning.as_deref().unwrap().contains("CLI scans"));
}

#[test]
fn every_built_in_catalog_records_its_source_and_drift() {
    for cat in builtins() {
        assert!(!cat.def.sources.is_empty(), "{} has no source", cat.id);
        for s in &cat.def.sources {
            assert!(s.url.is_some() && s.date.is_some(), "{}: {s:?}", cat.id);
        }
        assert!(!cat.def.drift.is_empty(), "{} has no drift note", cat.id);
    }
}
