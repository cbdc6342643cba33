//! The loader's unit tests.

use super::*;

fn load_json(text: &str) -> Result<Catalog, CatalogErrors> {
    load_catalog_text("t.json", text, Format::Json, Origin::File("t.json".into()))
}

#[test]
fn the_minimal_form_loads_as_is() {
    let c = load_json(
            r#"{ "vendor": "Example",
  "scopes": [ { "id": "a:read", "name": "A (read)", "description": "…", "grants": ["GET /a"], "implies": [] } ],
  "permissions": [ { "id": "GET /a", "description": "" } ] }"#,
        )
        .expect("minimal form");
    assert_eq!(c.id, "example");
    assert_eq!(c.scopes().len(), 1);
    assert_eq!(c.permissions().len(), 1);
    assert_eq!(c.kinds[0].id, "default");
}

#[test]
fn a_scope_without_grants_grants_itself() {
    let c = load_json(r#"{"vendor":"V","scopes":[{"id":"bot"}]}"#).unwrap();
    let bot = c.scope_index("bot").unwrap();
    assert_eq!(c.permission(c.grants_of(bot)[0]).id, "bot");
}

#[test]
fn every_semantic_error_is_reported_with_its_location() {
    let text = r#"{
  "vendor": "V",
  "scopes": [
    {"id": "a", "implies": ["b"], "grants": ["p1"]},
    {"id": "b", "implies": ["a", "ghost"], "grants": ["nope"]},
    {"id": "a"}
  ],
  "permissions": [{"id": "p1"}]
}"#;
    let errs = load_json(text).unwrap_err().to_string();
    let lines: Vec<&str> = errs.lines().collect();
    assert!(
        lines.contains(&"t.json:5:34: scopes[1].implies[1]: unknown scope `ghost` in implies"),
        "{errs}"
    );
    assert!(
        lines.contains(
            &"t.json:5:55: scopes[1].grants[0]: unknown permission `nope` (not in `permissions`)"
        ),
        "{errs}"
    );
    assert!(
        lines.contains(
            &"t.json:6:12: scopes[2].id: duplicate scope id `a` (first defined at scopes[0])"
        ),
        "{errs}"
    );
    assert!(errs.contains("implication cycle: a → b → a"), "{errs}");
    assert_eq!(lines.len(), 4, "{errs}");
}

#[test]
fn every_type_error_is_reported_not_just_the_first() {
    let text = "{\"vendor\": \"V\", \"scopes\": [\n {\"id\": 7},\n {\"id\": \"ok\", \"default\": \"yes\"},\n {\"id\": \"x\", \"implys\": []}\n]}";
    let errs = load_json(text).unwrap_err();
    assert_eq!(errs.0.len(), 3, "{errs}");
    assert_eq!((errs.0[0].line, errs.0[0].column), (2, 9), "{errs}");
    assert!(errs.0[0].message.contains("invalid type"), "{errs}");
    assert_eq!(errs.0[1].line, 3, "{errs}");
    assert!(errs.0[2].message.contains("implys"), "{errs}");
}

#[test]
fn a_json_syntax_error_is_located() {
    let errs = load_json("{\"vendor\": \"V\",\n \"scopes\": [,]}").unwrap_err();
    assert_eq!(errs.0.len(), 1);
    assert_eq!(errs.0[0].line, 2, "{errs}");
    assert!(errs.0[0].message.starts_with("invalid JSON"), "{errs}");
}

#[test]
fn toml_loads_and_its_errors_are_located() {
    let ok = "vendor = \"T\"\n[[scopes]]\nid = \"a\"\nimplies = [\"b\"]\n[[scopes]]\nid = \"b\"\n";
    let c = load_catalog_text("t.toml", ok, Format::Toml, Origin::BuiltIn).unwrap();
    assert_eq!(c.scopes().len(), 2);
    let bad = "vendor = \"T\"\n[[scopes]]\nid = \"a\"\nimplies = [\"zz\"]\n";
    let errs = load_catalog_text("t.toml", bad, Format::Toml, Origin::BuiltIn).unwrap_err();
    assert_eq!(
        errs.to_string(),
        "t.toml:4:12: scopes[0].implies[0]: unknown scope `zz` in implies"
    );
    let syntax =
        load_catalog_text("t.toml", "vendor = \n", Format::Toml, Origin::BuiltIn).unwrap_err();
    assert!(syntax.0[0].message.starts_with("invalid TOML"), "{syntax}");
}

#[test]
fn garbage_never_panics() {
    for text in [
        "",
        "[]",
        "null",
        "{",
        "{\"vendor\": 3}",
        "\u{0}",
        "{\"scopes\": {}}",
    ] {
        assert!(load_json(text).is_err(), "{text:?} must not load");
    }
}

#[test]
fn slugs_are_stable() {
    assert_eq!(slug("Manifest Cyber"), "manifest-cyber");
    assert_eq!(
        slug("Google Cloud IAM (predefined roles)"),
        "google-cloud-iam-predefined-roles"
    );
}

#[test]
fn a_narrow_to_area_names_a_known_group_once() {
    let text = r#"{
  "vendor": "V",
  "groups": [{"id": "repo", "name": "Repository"}],
  "scopes": [{"id": "a", "group": "repo"}],
  "key_kinds": [{"id": "k", "policy": {"narrow_to": [
    {"id": "repos", "label": "repositories", "every": "all", "scope_group": "repo"},
    {"id": "repos", "label": "repositories", "every": "all", "scope_group": "ghost"}
  ]}}]
}"#;
    let errs = load_json(text).unwrap_err().to_string();
    assert!(
        errs.contains(
            "key_kinds[0].policy.narrow_to[1].id: duplicate narrow_to area `repos` in key kind `k`"
        ),
        "{errs}"
    );
    assert!(
        errs.contains("key_kinds[0].policy.narrow_to[1].scope_group: unknown group `ghost` in narrow_to area `repos`"),
        "{errs}"
    );
    assert_eq!(errs.lines().count(), 2, "{errs}");
}
