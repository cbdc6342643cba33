//! Unit tests of `connection`.

use super::*;

fn input(vendor: &str, url: &str) -> ConnectionInput {
    ConnectionInput {
        id: None,
        vendor: vendor.into(),
        label: "Prod".into(),
        base_url: url.into(),
        key_kind: "api-token".into(),
        key_id: None,
        security_level: None,
        credential: Some(SecretString::from("s3cr3t-value".to_owned())),
    }
}

fn validate(i: &ConnectionInput) -> Result<Connection, Error> {
    validate_input(
        i,
        &["api-token".into(), "api-key".into()],
        None,
        || "c1".into(),
        "2026-11-23T00:00:00Z".into(),
    )
}

#[test]
fn inputs_are_checked() {
    let ok = validate(&input("mindbridge", "https://acme.mindbridge.ai/")).unwrap();
    assert_eq!(ok.base_url, "https://acme.mindbridge.ai");
    assert!(validate(&input("mindbridge", "http://acme.mindbridge.ai"))
        .unwrap_err()
        .message
        .contains("https"));
    assert!(validate(&input("acme", "https://x")).is_err());
    let mut c = input("cortex", "https://api-acme.xdr.us.paloaltonetworks.com");
    c.key_kind = "api-key".into();
    assert!(validate(&c).unwrap_err().message.contains("key's ID"));
    c.key_id = Some(12);
    assert_eq!(
        validate(&c).unwrap().security_level.as_deref(),
        Some("standard")
    );
    let mut no_secret = input("manifest", "https://api.manifestcyber.com");
    no_secret.credential = None;
    assert!(validate(&no_secret).is_err(), "adding needs a credential");
}

#[test]
fn an_edit_that_moves_the_credential_needs_it_again() {
    let old = validate(&input("mindbridge", "https://acme.mindbridge.ai")).unwrap();
    let edit = |url: &str, cred: bool| {
        let mut i = input("mindbridge", url);
        i.id = Some("c1".into());
        i.label = "Renamed".into();
        if !cred {
            i.credential = None;
        }
        validate_input(
            &i,
            &["api-token".into()],
            Some(&old),
            || unreachable!("an edit keeps its id"),
            "2026-12-01T00:00:00Z".into(),
        )
    };
    assert_eq!(
        edit("https://acme.mindbridge.ai/", false).unwrap().label,
        "Renamed"
    );
    for moved in [
        "https://attacker.example",
        "https://acme.mindbridge.ai:8443",
        "http://127.0.0.1:9",
    ] {
        let e = edit(moved, false).unwrap_err();
        assert!(
            e.message.contains("paste the credential again"),
            "{moved}: {}",
            e.message
        );
        assert!(edit(moved, true).is_ok(), "{moved} with the credential");
    }

    let mut cx_in = input("cortex", "https://api-acme.xdr.us.paloaltonetworks.com");
    cx_in.key_kind = "api-key".into();
    cx_in.key_id = Some(7);
    cx_in.security_level = Some("advanced".into());
    let cx = validate(&cx_in).unwrap();
    let cx_edit = |key_id: i64, level: &str| {
        let mut i = input("cortex", "https://api-acme.xdr.us.paloaltonetworks.com");
        i.id = Some("c1".into());
        i.key_kind = "api-key".into();
        i.key_id = Some(key_id);
        i.security_level = Some(level.into());
        i.credential = None;
        validate_input(
            &i,
            &["api-key".into()],
            Some(&cx),
            || unreachable!(),
            String::new(),
        )
    };
    assert!(cx_edit(7, "advanced").is_ok());
    assert!(cx_edit(8, "advanced")
        .unwrap_err()
        .message
        .contains("key ID changed"));
    assert!(cx_edit(7, "standard")
        .unwrap_err()
        .message
        .contains("paste the key again"));
}

#[test]
fn the_input_never_prints_its_credential() {
    let shown = format!("{:?}", input("mindbridge", "https://x"));
    assert!(!shown.contains("s3cr3t-value"), "{shown}");
}

#[test]
fn store_saves_atomically_and_refuses_to_overwrite_a_broken_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("connections.json");
    let mut store = ConnectionStore::open(&path);
    let conn = validate(&input("mindbridge", "https://acme.mindbridge.ai")).unwrap();
    store.put(conn.clone()).unwrap();
    assert_eq!(
        ConnectionStore::open(&path).list(),
        std::slice::from_ref(&conn)
    );
    let text = fs::read_to_string(&path).unwrap();
    assert!(!text.contains("s3cr3t"), "no secret in the file");
    store.remove("c1").unwrap();
    assert!(ConnectionStore::open(&path).list().is_empty());

    fs::write(&path, "{\"format\": 1, \"connections\": [}").unwrap();
    let mut broken = ConnectionStore::open(&path);
    assert!(
        broken.broken().unwrap().contains(":1:"),
        "{:?}",
        broken.broken()
    );
    assert_eq!(broken.put(conn).unwrap_err().kind, ErrorKind::Io);
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "{\"format\": 1, \"connections\": [}",
        "left untouched"
    );
}
