//! The audit over a whole inventory: rows grouped and ordered, matrix cells counted and
//! lettered, chips, templates and parents; and the settings file.

use std::collections::HashMap;

use super::tests::{plain_ctx, token, DAY, NOW};
use super::*;
use crate::catalog::builtin::builtin;

fn order() -> HashMap<String, (usize, String)> {
    HashMap::from([("c1".to_owned(), (0, "Tenant".to_owned()))])
}

#[test]
fn rows_are_grouped_credential_first_then_riskiest_and_cells_count_each_group() {
    let mb = builtin("mindbridge").unwrap();
    let all: Vec<String> = mb.permissions().iter().map(|p| p.id.clone()).collect();
    let mut admin = token(Vendor::MindBridge, "admin", &[], &[]);
    admin.scopes = all.clone();
    admin.permissions = all;
    admin.is_connection_credential = true;
    let narrow = token(
        Vendor::MindBridge,
        "narrow",
        &["api.engagements.read"],
        &["api.engagements.read"],
    );
    let mut broad = token(
        Vendor::MindBridge,
        "broad",
        &["api.engagements.write", "api.engagements.delete"],
        &["api.engagements.write", "api.engagements.delete"],
    );
    broad.allowlist.clear();
    broad.expires_ms = None;
    let templates = HashMap::from([(
        token_key(&broad),
        Assigned {
            name: "Read engagements".into(),
            permissions: vec!["api.engagements.read".into()],
        },
    )]);
    let cats = [(Vendor::MindBridge, &mb)];
    let settings = AuditSettings::default();
    let input = AssessInput {
        now_ms: NOW,
        settings: &settings,
        catalogs: &cats,
        templates: &templates,
        connection_order: &order(),
    };
    let a = assess(vec![narrow, broad, admin], &input);
    let names: Vec<&str> = a.rows.iter().map(|r| r.token.name.as_str()).collect();
    assert_eq!(names, ["admin", "broad", "narrow"]);

    let block = &a.blocks[0];
    let eng = block
        .groups
        .iter()
        .position(|g| g.id == "engagements")
        .unwrap();
    assert_eq!(block.groups[eng].permissions, 3);
    assert_eq!(block.groups[eng].scopes.len(), 3);
    let row = |n: &str| a.rows.iter().find(|r| r.token.name == n).unwrap();
    let letter = |n: &str| row(n).access.chars().nth(eng).unwrap();
    assert_eq!((row("narrow").held[eng], letter("narrow")), (1, 'R'));
    assert_eq!((row("broad").held[eng], letter("broad")), (2, 'D'));
    assert_eq!(row("admin").held[eng], 3);
    // Groups it holds nothing of read `-`.
    assert_eq!(row("narrow").held.iter().filter(|&&h| h > 0).count(), 1);
    assert_eq!(
        row("narrow").access.matches('-').count(),
        block.groups.len() - 1
    );

    let broad = row("broad");
    assert_eq!(broad.template.as_deref(), Some("Read engagements"));
    for chip in ["write_delete", "no_expiry", "any_address", "excess"] {
        assert!(
            broad.chips.iter().any(|c| c == chip),
            "{chip} in {:?}",
            broad.chips
        );
    }
    assert!(row("narrow").chips.is_empty(), "{:?}", row("narrow").chips);
    let count = |id: &str| a.chips.iter().find(|c| c.id == id).unwrap().count;
    assert_eq!(count("excess"), 1);
    assert_eq!(count("write_delete"), 2);
    assert_eq!(
        a.by_severity.iter().sum::<u32>() as usize,
        a.rows.iter().map(|r| r.findings.len()).sum::<usize>()
    );
}

#[test]
fn a_token_made_by_the_connections_credential_and_broader_than_it_is_flagged() {
    let mb = builtin("mindbridge").unwrap();
    let mut cred = token(
        Vendor::MindBridge,
        "cred",
        &["api.api-tokens.read"],
        &["api.api-tokens.read"],
    );
    cred.is_connection_credential = true;
    let mut child = token(
        Vendor::MindBridge,
        "child",
        &["api.users.read"],
        &["api.users.read"],
    );
    child.source = TokenSource::CreatedHere;
    // Made by someone else in the console: not the credential's child.
    let other = token(
        Vendor::MindBridge,
        "other",
        &["api.users.write"],
        &["api.users.write"],
    );
    let cats = [(Vendor::MindBridge, &mb)];
    let settings = AuditSettings::default();
    let a = assess(
        vec![child, other, cred],
        &AssessInput {
            now_ms: NOW,
            settings: &settings,
            catalogs: &cats,
            templates: &HashMap::new(),
            connection_order: &order(),
        },
    );
    let child = a.rows.iter().find(|r| r.token.id == "child").unwrap();
    assert!(child.chips.iter().any(|c| c == "broader_than_parent"));
    assert!(child
        .findings
        .iter()
        .any(|f| f.evidence == "api.users.read"));
}

#[test]
fn a_catalog_without_groups_has_one_column_of_all_its_scopes() {
    let cx = builtin("cortex").unwrap();
    let cols = matrix::Columns::new(Vendor::Cortex, &cx);
    let named: usize = cols.block.groups.iter().map(|g| g.scopes.len()).sum();
    assert_eq!(named, cx.scopes().len(), "every scope is in one column");
    assert_eq!(cols.block.catalog_hash.len(), 12);
}

#[test]
fn settings_change_thresholds_and_severities_and_bad_files_name_the_place() {
    let s = AuditSettings::parse("expiring_soon_days = 30\n[severity]\nno_expiry = \"critical\"\n")
        .unwrap();
    assert_eq!(s.expiring_soon_days, 30);
    assert_eq!(s.severity_of(RuleId::NoExpiry), Severity::Critical);
    assert_eq!(s.severity_of(RuleId::AnyAddress), Severity::Medium);

    let mb = builtin("mindbridge").unwrap();
    let mut t = token(
        Vendor::MindBridge,
        "t",
        &["api.tasks.read"],
        &["api.tasks.read"],
    );
    t.expires_ms = Some(NOW + 20 * DAY);
    let twins = Twins::default();
    let defaults = AuditSettings::default();
    let ctx = |settings| plain_ctx(&mb, Some(730), &twins, settings);
    assert!(findings(&t, &ctx(&defaults)).is_empty());
    let soon = findings(&t, &ctx(&s));
    assert_eq!(soon.len(), 1);
    assert_eq!(soon[0].rule, "expiring_soon");
    t.expires_ms = None;
    assert_eq!(findings(&t, &ctx(&s))[0].severity, Severity::Critical);

    let bad = AuditSettings::parse("expiring_soon_days = 30\nexpiring_son = 3\n").unwrap_err();
    assert!(bad.starts_with("2:1:"), "{bad}");
    let unknown = AuditSettings::parse("[severity]\nnot_a_rule = \"low\"\n").unwrap_err();
    assert!(unknown.contains("not_a_rule"), "{unknown}");
    let dir = tempfile::tempdir().unwrap();
    let missing = AuditSettings::load(&dir.path().join("audit.toml")).unwrap();
    assert_eq!(missing, AuditSettings::default());
    std::fs::write(dir.path().join("audit.toml"), "long_lived_days = \"x\"\n").unwrap();
    let err = AuditSettings::load(&dir.path().join("audit.toml")).unwrap_err();
    assert!(err.contains("audit.toml:1:"), "{err}");
}

#[test]
fn an_unknown_rule_in_audit_toml_is_named_at_its_place_with_the_known_ids_and_the_file_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.toml");
    let text =
        "expiring_soon_days = 30\n\n[severity]\nno_expiry = \"critical\"\n  not_a_rule = \"low\"\n";
    std::fs::write(&path, text).unwrap();
    let err = AuditSettings::load(&path).unwrap_err();
    assert!(
        err.starts_with(&format!("{}:5:3: ", path.display())),
        "{err}"
    );
    assert!(err.contains("`not_a_rule`"), "{err}");
    for r in RULES {
        assert!(err.contains(&format!("`{}`", r.id)), "{err} lacks {}", r.id);
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn twins_are_found_within_a_connection_even_when_key_ids_repeat_across_tenants() {
    let cx = builtin("cortex").unwrap();
    let key = |conn: &str, id: &str, role: &str, perms: &[&str]| {
        let mut t = token(Vendor::Cortex, id, &[role], perms);
        t.connection_id = conn.into();
        t.name = format!("{conn}-{id}");
        t
    };
    let tokens = vec![
        // Tenant A: keys 1 and 2 hold the same; tenant B's key 1 holds that too, and its key 2
        // something else.
        key("a", "1", "CLI", &["CLI Tools View"]),
        key("a", "2", "CLI", &["CLI Tools View"]),
        key("b", "1", "CLI", &["CLI Tools View"]),
        key("b", "2", "CLI Write Custom", &["CLI Tools View/Edit"]),
    ];
    let twins = Twins::new(&tokens);
    let settings = AuditSettings::default();
    let ctx = plain_ctx(&cx, None, &twins, &settings);
    let dup = |t: &AuditToken| {
        findings(t, &ctx)
            .into_iter()
            .find(|f| f.rule == "duplicate_permissions")
            .map(|f| f.evidence)
    };
    assert_eq!(dup(&tokens[0]).as_deref(), Some("same as a-2 (2)"));
    assert_eq!(dup(&tokens[1]).as_deref(), Some("same as a-1 (1)"));
    assert_eq!(dup(&tokens[2]), None, "another tenant's token is no twin");
    assert_eq!(dup(&tokens[3]), None);
}

#[test]
fn a_row_names_the_scopes_its_own_imply() {
    let br = builtin("bright").unwrap();
    let t = token(Vendor::Bright, "b", &["scans"], &["scans:read"]);
    let cats = [(Vendor::Bright, &br)];
    let settings = AuditSettings::default();
    let a = assess(
        vec![t],
        &AssessInput {
            now_ms: NOW,
            settings: &settings,
            catalogs: &cats,
            templates: &HashMap::new(),
            connection_order: &order(),
        },
    );
    let implied = &a.rows[0].implied_scopes;
    for s in ["scans:read", "scans:run", "scans:delete"] {
        assert!(implied.iter().any(|i| i == s), "{s} in {implied:?}");
    }
    assert!(!implied.iter().any(|i| i == "scans"));
}
