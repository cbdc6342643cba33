//! Unit tests of `scopes`.

use super::*;

#[test]
fn scope_ids_are_the_catalogs() {
    assert_eq!(scope_id(ZONE, "DNS Write"), "zone.dns-write");
    assert_eq!(
        scope_id(
            ACCOUNT,
            "Access: Organizations, Identity Providers, and Groups Write"
        ),
        "account.access-organizations-identity-providers-and-groups-write"
    );
    assert_eq!(scope_id(USER, "API Tokens Read"), "user.api-tokens-read");
    assert_eq!(cidr("192.0.2.1"), "192.0.2.1/32");
    assert_eq!(cidr("2001:db8::1"), "2001:db8::1/128");
    assert_eq!(cidr("10.0.0.0/8"), "10.0.0.0/8");
}

fn with(resources: serde_json::Value, effect: &str) -> CfToken {
    serde_json::from_value(json!({
        "id": "t", "policies": [{ "effect": effect, "permission_groups": [], "resources": resources }]
    }))
    .unwrap()
}

#[test]
fn every_account_or_every_zone_is_broad_and_named_resources_are_not() {
    let reach = |r, e| broad_reach(&with(r, e));
    assert_eq!(
        reach(json!({ "com.cloudflare.api.account.*": "*" }), "allow").as_deref(),
        Some("every account")
    );
    assert_eq!(
        reach(json!({ "com.cloudflare.api.account.zone.*": "*" }), "allow").as_deref(),
        Some("every zone of every account")
    );
    assert_eq!(
        reach(json!({ "com.cloudflare.api.account.abc": { "com.cloudflare.api.account.zone.*": "*" } }), "allow").as_deref(),
        Some("every zone of account abc")
    );
    assert_eq!(
        reach(
            json!({ "com.cloudflare.api.account.abc": "*", "com.cloudflare.api.account.zone.z1": "*" }),
            "allow"
        ),
        None
    );
    let but_one: CfToken = serde_json::from_value(json!({ "id": "t", "policies": [
        { "effect": "allow", "permission_groups": [], "resources": { "com.cloudflare.api.account.abc": { "com.cloudflare.api.account.zone.*": "*" } } },
        { "effect": "deny", "permission_groups": [], "resources": { "com.cloudflare.api.account.zone.z1": "*" } }
    ] }))
    .unwrap();
    assert_eq!(
        broad_reach(&but_one).as_deref(),
        Some("every zone of account abc; less what its deny policies take away")
    );
    assert_eq!(
        reach(json!({ "com.cloudflare.api.account.*": "*" }), "deny"),
        None,
        "a deny reaches nothing"
    );
}

#[test]
fn a_token_is_made_on_the_connections_account_only() {
    let groups = Groups::new(vec![
        CfGroup {
            id: "g1".into(),
            name: "DNS Write".into(),
            scopes: vec![ZONE.into()],
        },
        CfGroup {
            id: "g2".into(),
            name: "Billing Read".into(),
            scopes: vec![ACCOUNT.into()],
        },
        CfGroup {
            id: "g3".into(),
            name: "API Tokens Write".into(),
            scopes: vec![USER.into()],
        },
    ]);
    let scopes = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let made = policies(
        &groups,
        Some("a1"),
        &scopes(&["zone.dns-write", "account.billing-read"]),
        &ZoneReach::Every,
    )
    .unwrap();
    assert_eq!(
        made[0]["resources"],
        json!({ "com.cloudflare.api.account.a1": "*" })
    );
    assert_eq!(made[0]["permission_groups"], json!([{ "id": "g2" }]));
    assert_eq!(
        made[1]["resources"],
        json!({ "com.cloudflare.api.account.a1": { "com.cloudflare.api.account.zone.*": "*" } })
    );
    let narrowed = policies(
        &groups,
        Some("a1"),
        &scopes(&["zone.dns-write"]),
        &ZoneReach::Only(scopes(&["z1", "z2"])),
    )
    .unwrap();
    assert_eq!(
        narrowed[0]["resources"],
        json!({ "com.cloudflare.api.account.zone.z1": "*", "com.cloudflare.api.account.zone.z2": "*" }),
        "chosen zones are named, the account's other zones are not reached"
    );
    let refused =
        |account, s: &[&str]| match policies(&groups, account, &scopes(s), &ZoneReach::Every) {
            Err(VendorError::Validation { message, .. }) => message,
            other => panic!("{other:?}"),
        };
    assert!(
        refused(None, &["zone.dns-write"]).contains("account's URL"),
        "never every account"
    );
    assert!(refused(Some("a1"), &["user.api-tokens-write"]).contains("Untick it"));
    assert!(refused(Some("a1"), &["zone.nope"]).contains("untick it"));
}

#[test]
fn every_zone_but_some_is_an_allow_over_every_zone_and_a_deny_over_those_left_out() {
    let groups = Groups::new(vec![CfGroup {
        id: "g1".into(),
        name: "DNS Write".into(),
        scopes: vec![ZONE.into()],
    }]);
    let scopes = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let but = policies(
        &groups,
        Some("a1"),
        &scopes(&["zone.dns-write"]),
        &ZoneReach::Except(scopes(&["z2"])),
    )
    .unwrap();
    assert_eq!(
        (&but[0]["effect"], &but[0]["resources"]),
        (
            &json!("allow"),
            &json!({ "com.cloudflare.api.account.a1": { "com.cloudflare.api.account.zone.*": "*" } })
        ),
        "every zone of the account…"
    );
    assert_eq!(
        (
            &but[1]["effect"],
            &but[1]["permission_groups"],
            &but[1]["resources"]
        ),
        (
            &json!("deny"),
            &json!([{ "id": "g1" }]),
            &json!({ "com.cloudflare.api.account.zone.z2": "*" })
        ),
        "…less the zone left out, for the same permissions"
    );
}

fn holding(resources: serde_json::Value) -> CfToken {
    serde_json::from_value(json!({
        "id": "parent",
        "policies": [{ "effect": "allow", "permission_groups": [{ "id": "g1" }, { "id": "g2" }], "resources": resources }]
    }))
    .unwrap()
}

#[test]
fn a_parent_holds_a_zone_scope_only_where_its_resources_reach() {
    let groups = Groups::new(vec![
        CfGroup {
            id: "g1".into(),
            name: "DNS Write".into(),
            scopes: vec![ZONE.into()],
        },
        CfGroup {
            id: "g2".into(),
            name: "Billing Read".into(),
            scopes: vec![ACCOUNT.into()],
        },
    ]);
    let zones = |z: &[&str]| z.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let one_zone = holding(json!({ "com.cloudflare.api.account.zone.z1": "*" }));
    assert_eq!(
        groups
            .scopes_over(&one_zone, "a1", &ZoneReach::Only(zones(&["z1"])))
            .held,
        vec!["zone.dns-write"],
        "the zone it names"
    );
    assert!(
        groups
            .scopes_over(&one_zone, "a1", &ZoneReach::Only(zones(&["z1", "z2"])))
            .held
            .is_empty(),
        "not a zone it does not name"
    );
    assert!(
        groups
            .scopes_over(&one_zone, "a1", &ZoneReach::Every)
            .held
            .is_empty(),
        "one zone is not every zone of the account"
    );
    let all_zones = holding(
        json!({ "com.cloudflare.api.account.a1": { "com.cloudflare.api.account.zone.*": "*" } }),
    );
    assert_eq!(
        groups.scopes_over(&all_zones, "a1", &ZoneReach::Every).held,
        vec!["zone.dns-write"],
        "every zone of the account, but not the account's own permissions"
    );
    assert!(
        groups
            .scopes_over(&all_zones, "a2", &ZoneReach::Every)
            .held
            .is_empty(),
        "another account"
    );
    let account = holding(json!({ "com.cloudflare.api.account.a1": "*" }));
    assert_eq!(
        groups
            .scopes_over(&account, "a1", &ZoneReach::Only(zones(&["z9"])))
            .held,
        vec!["zone.dns-write", "account.billing-read"]
    );
    let every_zone = holding(json!({ "com.cloudflare.api.account.zone.*": "*" }));
    assert_eq!(
        groups
            .scopes_over(&every_zone, "a1", &ZoneReach::Every)
            .held,
        vec!["zone.dns-write"]
    );
}

#[test]
fn zones_split_across_policies_count_and_a_deny_takes_its_part_away() {
    let groups = Groups::new(vec![CfGroup {
        id: "g1".into(),
        name: "DNS Write".into(),
        scopes: vec![ZONE.into()],
    }]);
    let zones = |z: &[&str]| z.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let policy = |effect: &str, resources: serde_json::Value| json!({ "effect": effect, "permission_groups": [{ "id": "g1" }], "resources": resources });
    let token = |policies: Vec<serde_json::Value>| -> CfToken {
        serde_json::from_value(json!({ "id": "parent", "policies": policies })).unwrap()
    };
    let split = token(vec![
        policy(
            "allow",
            json!({ "com.cloudflare.api.account.zone.z1": "*" }),
        ),
        policy(
            "allow",
            json!({ "com.cloudflare.api.account.zone.z2": "*" }),
        ),
    ]);
    assert_eq!(
        groups
            .scopes_over(&split, "a1", &ZoneReach::Only(zones(&["z1", "z2"])))
            .held,
        vec!["zone.dns-write"],
        "each zone covered by one of the policies"
    );
    let denied = token(vec![
        policy("allow", json!({ "com.cloudflare.api.account.zone.*": "*" })),
        policy("deny", json!({ "com.cloudflare.api.account.zone.z2": "*" })),
    ]);
    assert_eq!(
        groups
            .scopes_over(&denied, "a1", &ZoneReach::Only(zones(&["z1"])))
            .held,
        vec!["zone.dns-write"],
        "a zone the deny does not name"
    );
    assert!(
        groups
            .scopes_over(&denied, "a1", &ZoneReach::Only(zones(&["z2"])))
            .held
            .is_empty(),
        "the zone the deny names"
    );
    assert!(
        groups
            .scopes_over(&denied, "a1", &ZoneReach::Every)
            .held
            .is_empty(),
        "every zone, one of them denied"
    );
}
