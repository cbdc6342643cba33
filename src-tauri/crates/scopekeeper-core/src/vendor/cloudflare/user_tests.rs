//! Unit tests of `user`: the policies of a user-owned token, and what a user-level parent holds.

use super::*;
use crate::vendor::cloudflare::CfGroup;

fn groups() -> Groups {
    let g = |id: &str, name: &str, scope: &str| CfGroup {
        id: id.into(),
        name: name.into(),
        scopes: vec![scope.into()],
    };
    Groups::new(vec![
        g("gu", "API Tokens Write", USER),
        g("ga", "Billing Read", ACCOUNT),
        g("gz", "DNS Write", ZONE),
    ])
}

fn ids(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

fn places(accounts: ZoneReach, zones: ZoneReach) -> UserPlaces {
    UserPlaces {
        user: "u1".into(),
        accounts,
        zones,
        zone_accounts: [("z1".to_owned(), "a1".to_owned())].into(),
    }
}

fn token(policies: serde_json::Value) -> CfToken {
    serde_json::from_value(json!({ "id": "parent", "policies": policies })).unwrap()
}

fn allow(groups: &[&str], resources: serde_json::Value) -> serde_json::Value {
    let g: Vec<_> = groups.iter().map(|id| json!({ "id": id })).collect();
    json!({ "effect": "allow", "permission_groups": g, "resources": resources })
}

fn deny(groups: &[&str], resources: serde_json::Value) -> serde_json::Value {
    let g: Vec<_> = groups.iter().map(|id| json!({ "id": id })).collect();
    json!({ "effect": "deny", "permission_groups": g, "resources": resources })
}

#[test]
fn user_account_and_zone_permissions_each_go_over_their_own_places() {
    let all = ids(&[
        "user.api-tokens-write",
        "account.billing-read",
        "zone.dns-write",
    ]);
    let made = user_policies(
        &groups(),
        &places(ZoneReach::Only(ids(&["a1"])), ZoneReach::Every),
        &all,
    )
    .unwrap();
    assert_eq!(
        made,
        vec![
            allow(&["gu"], json!({ "com.cloudflare.api.user.u1": "*" })),
            allow(&["ga"], json!({ "com.cloudflare.api.account.a1": "*" })),
            allow(&["gz"], json!({ "com.cloudflare.api.account.zone.*": "*" })),
        ]
    );
    let made = user_policies(
        &groups(),
        &places(ZoneReach::Every, ZoneReach::Except(ids(&["z1"]))),
        &ids(&["account.billing-read", "zone.dns-write"]),
    )
    .unwrap();
    assert_eq!(
        made,
        vec![
            allow(&["ga"], json!({ "com.cloudflare.api.account.*": "*" })),
            allow(&["gz"], json!({ "com.cloudflare.api.account.zone.*": "*" })),
            deny(
                &["gz"],
                json!({ "com.cloudflare.api.account.zone.z1": "*" })
            ),
        ],
        "every zone but z1: an allow over all and a deny over z1"
    );
    let refused = |p: UserPlaces, s: &[&str]| match user_policies(&groups(), &p, &ids(s)) {
        Err(VendorError::Validation { message, .. }) => message,
        other => panic!("{other:?}"),
    };
    assert!(refused(
        places(ZoneReach::Except(Vec::new()), ZoneReach::Every),
        &["account.billing-read"]
    )
    .contains("at least one account to leave out"));
    assert!(refused(
        places(ZoneReach::Every, ZoneReach::Every),
        &["zone.ssl-write"]
    )
    .contains("untick it"));
}

#[test]
fn the_acting_user_is_the_one_user_a_token_names() {
    let one = token(json!([allow(
        &["gu"],
        json!({ "com.cloudflare.api.user.u1": "*" })
    )]));
    assert_eq!(user_of(&one).as_deref(), Some("u1"));
    let two = token(json!([
        allow(&["gu"], json!({ "com.cloudflare.api.user.u1": "*" })),
        allow(&["ga"], json!({ "com.cloudflare.api.user.u2": "*" })),
    ]));
    assert_eq!(user_of(&two), None, "two users: whose tokens is unclear");
    let wild = token(json!([allow(
        &["gu"],
        json!({ "com.cloudflare.api.user.*": "*" })
    )]));
    assert_eq!(user_of(&wild), None, "never a wildcard");
}

#[test]
fn a_user_level_parent_holds_what_its_policies_reach_over_every_place() {
    let g = groups();
    let held = |t: &CfToken, p: UserPlaces| g.held_by_user(t, &p).held;
    let one_account = token(json!([allow(
        &["gu", "ga", "gz"],
        json!({ "com.cloudflare.api.user.u1": "*", "com.cloudflare.api.account.a1": "*" })
    )]));
    let only_a1 = || places(ZoneReach::Only(ids(&["a1"])), ZoneReach::Only(ids(&["z1"])));
    assert_eq!(
        held(&one_account, only_a1()),
        ids(&[
            "user.api-tokens-write",
            "account.billing-read",
            "zone.dns-write"
        ]),
        "the user, account a1, and zone z1 through a1"
    );
    assert_eq!(
        held(&one_account, places(ZoneReach::Every, ZoneReach::Every)),
        ids(&["user.api-tokens-write"]),
        "one account is not every account, nor its zones every zone"
    );
    assert_eq!(
        held(
            &one_account,
            places(ZoneReach::Only(ids(&["a1"])), ZoneReach::Only(ids(&["z9"])))
        ),
        ids(&["user.api-tokens-write", "account.billing-read"]),
        "a zone whose account is not known is not reached through a1"
    );
    let mut other_user = only_a1();
    other_user.user = "u2".into();
    assert!(!held(&one_account, other_user).contains(&"user.api-tokens-write".to_owned()));
    let everywhere = token(json!([allow(
        &["ga", "gz"],
        json!({ "com.cloudflare.api.account.*": "*" })
    )]));
    assert_eq!(
        held(&everywhere, places(ZoneReach::Every, ZoneReach::Every)),
        ids(&["account.billing-read", "zone.dns-write"])
    );
}

#[test]
fn a_user_level_parents_deny_counts_unless_it_plainly_spares_the_new_tokens_places() {
    let g = groups();
    let parent = |d: serde_json::Value| {
        token(json!([
            allow(
                &["ga", "gz"],
                json!({ "com.cloudflare.api.account.*": "*" })
            ),
            d
        ]))
    };
    let denied = |t: &CfToken, p: UserPlaces| g.held_by_user(t, &p).denied;
    let a1_denied = parent(deny(
        &["ga"],
        json!({ "com.cloudflare.api.account.a1": "*" }),
    ));
    assert_eq!(
        denied(
            &a1_denied,
            places(ZoneReach::Only(ids(&["a1"])), ZoneReach::Every)
        ),
        ids(&["account.billing-read"])
    );
    assert!(denied(
        &a1_denied,
        places(ZoneReach::Only(ids(&["a2"])), ZoneReach::Every)
    )
    .is_empty());
    assert!(
        denied(
            &a1_denied,
            places(ZoneReach::Except(ids(&["a1"])), ZoneReach::Every)
        )
        .is_empty(),
        "left out of the new token too"
    );
    assert_eq!(
        denied(&a1_denied, places(ZoneReach::Every, ZoneReach::Every)),
        ids(&["account.billing-read"])
    );
    let z1_denied = parent(deny(
        &["gz"],
        json!({ "com.cloudflare.api.account.zone.z1": "*" }),
    ));
    assert!(denied(
        &z1_denied,
        places(ZoneReach::Every, ZoneReach::Only(ids(&["z2"])))
    )
    .is_empty());
    assert_eq!(
        denied(&z1_denied, places(ZoneReach::Every, ZoneReach::Every)),
        ids(&["zone.dns-write"])
    );
    // Through an account, by a wildcard, or with no resources: counts.
    for resources in [
        json!({ "com.cloudflare.api.account.a1": "*" }),
        json!({ "com.cloudflare.api.account.zone.*": "*" }),
        json!({}),
    ] {
        let t = parent(deny(&["gz"], resources.clone()));
        assert_eq!(
            denied(&t, places(ZoneReach::Every, ZoneReach::Only(ids(&["z2"])))),
            ids(&["zone.dns-write"]),
            "{resources}"
        );
    }
}

#[test]
fn a_user_level_parents_deny_over_its_own_user_counts_against_account_scopes() {
    let g = groups();
    let parent = |d: serde_json::Value| {
        token(json!([
            allow(
                &["ga", "gz"],
                json!({ "com.cloudflare.api.account.*": "*" })
            ),
            d
        ]))
    };
    let denied = |t: &CfToken, p: UserPlaces| g.held_by_user(t, &p).denied;
    // A deny over the user itself: what it does to account groups is not documented, so it
    // counts; over another user it plainly spares them.
    let own_user = parent(deny(&["ga"], json!({ "com.cloudflare.api.user.u1": "*" })));
    assert_eq!(
        denied(
            &own_user,
            places(ZoneReach::Only(ids(&["a1"])), ZoneReach::Every)
        ),
        ids(&["account.billing-read"])
    );
    let other_user = parent(deny(&["ga"], json!({ "com.cloudflare.api.user.u9": "*" })));
    assert!(denied(
        &other_user,
        places(ZoneReach::Only(ids(&["a1"])), ZoneReach::Every)
    )
    .is_empty());
}
