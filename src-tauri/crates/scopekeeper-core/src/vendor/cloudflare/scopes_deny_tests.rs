//! Unit tests of `scopes`: what a parent's deny policies take away.

use super::*;

#[test]
fn every_zone_but_some_is_held_where_the_parents_denies_stay_inside_those_left_out() {
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
    let every =
        json!({ "com.cloudflare.api.account.a1": { "com.cloudflare.api.account.zone.*": "*" } });
    let but_z2 = token(vec![
        policy("allow", every.clone()),
        policy("deny", json!({ "com.cloudflare.api.account.zone.z2": "*" })),
    ]);
    let held = |t: &CfToken, out: &[&str]| {
        groups
            .scopes_over(t, "a1", &ZoneReach::Except(zones(out)))
            .held
    };
    assert_eq!(
        held(&but_z2, &["z2"]),
        vec!["zone.dns-write"],
        "the same zone left out"
    );
    assert_eq!(
        held(&but_z2, &["z2", "z3"]),
        vec!["zone.dns-write"],
        "more left out"
    );
    assert!(
        held(&but_z2, &["z3"]).is_empty(),
        "the child would reach z2, which the parent may not"
    );
    let whole = token(vec![policy("allow", every)]);
    assert_eq!(held(&whole, &["z9"]), vec!["zone.dns-write"]);
    let one = token(vec![policy(
        "allow",
        json!({ "com.cloudflare.api.account.zone.z1": "*" }),
    )]);
    assert!(
        held(&one, &["z2"]).is_empty(),
        "one zone is not every zone but one"
    );
    let wide_deny = token(vec![
        policy("allow", json!({ "com.cloudflare.api.account.zone.*": "*" })),
        policy("deny", json!({ "com.cloudflare.api.account.a1": "*" })),
    ]);
    assert!(
        held(&wide_deny, &["z2"]).is_empty(),
        "a deny over the whole account"
    );
}

#[test]
fn a_deny_counts_unless_it_plainly_names_somewhere_else() {
    let groups = Groups::new(vec![
        CfGroup {
            id: "g1".into(),
            name: "DNS Write".into(),
            scopes: vec![ZONE.into()],
        },
        CfGroup {
            id: "g2".into(),
            name: "DNS Read".into(),
            scopes: vec![ZONE.into()],
        },
    ]);
    let zones = |z: &[&str]| z.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let every =
        json!({ "com.cloudflare.api.account.a1": { "com.cloudflare.api.account.zone.*": "*" } });
    let with_deny = |group: &str, resources: serde_json::Value| -> CfToken {
        serde_json::from_value(json!({ "id": "parent", "policies": [
            { "effect": "allow", "permission_groups": [{ "id": "g1" }, { "id": "g2" }], "resources": every },
            { "effect": "deny", "permission_groups": [{ "id": group }], "resources": resources },
        ] }))
        .unwrap()
    };
    let but_z2 = ZoneReach::Except(zones(&["z2"]));
    // Shapes that reach the zones kept, or cannot be read plainly: the group is not held.
    for resources in [
        json!({ "com.cloudflare.api.account.zone.*": { "com.cloudflare.api.account.zone.z2": "*" } }),
        json!({}),
        json!({ "com.cloudflare.api.account.a1": {} }),
        json!({ "com.cloudflare.api.account.a1": "read" }),
        json!({ "com.cloudflare.api.account.A1": "*" }),
        json!({ "com.cloudflare.api.account.zone.Z3": "*" }),
        json!({ "COM.CLOUDFLARE.API.ACCOUNT.ZONE.Z3": "*" }),
    ] {
        let over = groups.scopes_over(&with_deny("g1", resources.clone()), "a1", &but_z2);
        assert_eq!(over.held, vec!["zone.dns-read"], "{resources}");
        assert_eq!(over.denied, vec!["zone.dns-write"], "{resources}");
    }
    // Plainly elsewhere: another account, a user, the zone left out (also under the account).
    for resources in [
        json!({ "com.cloudflare.api.account.b2": "*" }),
        json!({ "com.cloudflare.api.user.u1": "*" }),
        json!({ "com.cloudflare.api.account.a1": { "com.cloudflare.api.account.zone.Z2": "*" } }),
    ] {
        let over = groups.scopes_over(&with_deny("g1", resources.clone()), "a1", &but_z2);
        assert_eq!(
            over.held,
            vec!["zone.dns-write", "zone.dns-read"],
            "{resources}"
        );
        assert!(over.denied.is_empty(), "{resources}");
    }
    // A deny of one group is said, so what another group implies cannot stand in for it.
    let read_denied = with_deny("g2", json!({ "com.cloudflare.api.account.zone.z9": "*" }));
    let over = groups.scopes_over(&read_denied, "a1", &but_z2);
    assert_eq!(
        (over.held, over.denied),
        (
            vec!["zone.dns-write".to_owned()],
            vec!["zone.dns-read".to_owned()]
        )
    );
}
