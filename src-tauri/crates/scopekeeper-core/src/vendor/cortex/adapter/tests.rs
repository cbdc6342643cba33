use super::*;

#[test]
fn the_comment_is_the_description_else_the_name() {
    let mut spec: TokenSpec = serde_json::from_value(serde_json::json!({
        "vendor": "cortex", "kind": "api-key", "name": "ci", "scopes": []
    }))
    .unwrap();
    assert_eq!(comment(&spec).as_deref(), Some("ci"));
    spec.description = Some("scanner on the CI box".into());
    assert_eq!(comment(&spec).as_deref(), Some("scanner on the CI box"));
}
