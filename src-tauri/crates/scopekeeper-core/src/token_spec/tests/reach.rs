//! Narrowing: the items of an area a token reaches, or leaves out.

use super::*;

#[test]
fn narrowing_names_known_areas_with_some_items_within_the_vendors_limit() {
    let cf = &builtin("cloudflare").unwrap();
    let base = spec("cloudflare", "account-token", &["zone.dns-read"]);
    let with = |reach: Vec<Reach>| {
        check_spec(
            cf,
            &TokenSpec {
                reach,
                ..base.clone()
            },
            today(),
            "UTC",
        )
    };
    let zones = |items: &[&str]| Reach {
        area: "zones".into(),
        items: items.iter().map(|s| (*s).to_owned()).collect(),
        except: false,
    };
    let every = with(vec![]);
    assert!(every.errors.is_empty());
    assert!(
        fields_of(&every.warnings, "reach.zones")[0].contains("every zone of the account"),
        "{:?}",
        every.warnings
    );
    let some = with(vec![zones(&["example.com"])]);
    assert!(some.errors.is_empty() && fields_of(&some.warnings, "reach.zones").is_empty());
    assert!(fields_of(&with(vec![zones(&[])]).errors, "reach.zones")[0].contains("at least one"));
    assert!(fields_of(
        &with(vec![zones(&["a.com", "a.com"])]).errors,
        "reach.zones"
    )[0]
    .contains("twice"));
    assert!(fields_of(
        &with(vec![zones(&["a.com", "A.com"])]).errors,
        "reach.zones"
    )[0]
    .contains("twice"));
    assert!(
        fields_of(&with(vec![zones(&["bad\u{7}name"])]).errors, "reach.zones")[0]
            .contains("not a name")
    );
    let repos = Reach {
        area: "repositories".into(),
        items: vec!["api".into()],
        except: false,
    };
    assert!(
        fields_of(&with(vec![repos]).errors, "reach.repositories")[0]
            .contains("cannot be narrowed")
    );
    // Zones chosen for a token with no zone permission change nothing, and it says so.
    let account_only = TokenSpec {
        scopes: vec!["account.billing-read".into()],
        reach: vec![zones(&["example.com"])],
        ..base.clone()
    };
    let c = check_spec(cf, &account_only, today(), "UTC");
    assert!(fields_of(&c.warnings, "reach.zones")[0].contains("changes nothing"));
}

#[test]
fn an_installation_names_at_most_500_repositories_and_says_what_they_do_not_narrow() {
    let gh = &builtin("github").unwrap();
    let many: Vec<String> = (0..501).map(|i| format!("repo-{i}")).collect();
    let s = TokenSpec {
        reach: vec![Reach {
            area: "repositories".into(),
            items: many,
            except: false,
        }],
        ..spec("github", "installation", &["contents:read"])
    };
    let c = check_spec(gh, &s, today(), "UTC");
    assert!(
        fields_of(&c.errors, "reach.repositories")[0].contains("At most 500"),
        "{:?}",
        c.errors
    );
    // Repositories narrow repository permissions only; an organization permission is said.
    let mixed = TokenSpec {
        scopes: vec!["contents:read".into(), "members:read".into()],
        reach: vec![Reach {
            area: "repositories".into(),
            items: vec!["acme/infra".into()],
            except: false,
        }],
        ..s.clone()
    };
    let w = fields_of(
        &check_spec(gh, &mixed, today(), "UTC").warnings,
        "reach.repositories",
    );
    assert!(
        w.len() == 1 && w[0].contains("do not narrow members:read") && !w[0].contains("contents"),
        "{w:?}"
    );
}

#[test]
fn leaving_items_out_is_broad_and_only_where_the_vendor_can() {
    let cf = &builtin("cloudflare").unwrap();
    let but = |items: &[&str]| TokenSpec {
        reach: vec![Reach {
            area: "zones".into(),
            items: items.iter().map(|s| (*s).to_owned()).collect(),
            except: true,
        }],
        ..spec("cloudflare", "account-token", &["zone.dns-read"])
    };
    let c = check_spec(cf, &but(&["example.net"]), today(), "UTC");
    assert!(c.errors.is_empty(), "{:?}", c.errors);
    let w = fields_of(&c.warnings, "reach.zones");
    assert!(
        w.len() == 1 && w[0].contains("all but example.net") && w[0].contains("every other zone"),
        "{w:?}"
    );
    assert_eq!(but(&["example.net"]).reach_in("zones"), None);
    assert_eq!(
        but(&["example.net"]).reach_except("zones"),
        Some(&["example.net".to_owned()][..])
    );
    let none = check_spec(cf, &but(&[]), today(), "UTC");
    assert!(fields_of(&none.errors, "reach.zones")[0].contains("to leave out"));
    // A GitHub installation token names its repositories; it cannot leave some out.
    let gh = &builtin("github").unwrap();
    let s = TokenSpec {
        reach: vec![Reach {
            area: "repositories".into(),
            items: vec!["acme/infra".into()],
            except: true,
        }],
        ..spec("github", "installation", &["contents:read"])
    };
    let c = check_spec(gh, &s, today(), "UTC");
    assert!(fields_of(&c.errors, "reach.repositories")[0].contains("cannot leave"));
}
