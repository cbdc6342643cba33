//! What changed between two runs: each kind of change, expired versus revoked, connections that
//! cannot be compared, catalog drift and scopes a catalog does not know.

use super::tests::{run_at, save, store, tok, DAY, T0};
use super::*;
use crate::catalog::load::{load_catalog_text, Format};
use crate::catalog::Origin;

const READ: &str = "api.engagements.read";
const WRITE: &str = "api.engagements.write";

fn find<'a>(c: &'a Changes, id: &str) -> &'a TokenChange {
    c.tokens
        .iter()
        .find(|t| t.token_id == id)
        .unwrap_or_else(|| panic!("{id} is not among the changes: {:?}", c.tokens))
}

/// Two runs a week apart: one token of each kind of change, one unchanged.
fn every_kind_of_change() -> Changes {
    let (_dir, s) = store();
    let mut expiring = tok("expiring", &[READ]);
    expiring.expires_ms = Some(T0 + 3 * DAY);
    let before = vec![
        tok("same", &[READ]),
        tok("widened", &[READ]),
        tok("narrowed", &[READ, WRITE]),
        tok("extended", &[READ]),
        tok("opened", &[READ]),
        tok("renamed", &[READ]),
        tok("revoked", &[READ]),
        expiring,
    ];
    save(&s, &run_at(T0, before.clone(), None), None);
    let mut after: Vec<_> = before
        .into_iter()
        .filter(|t| t.id != "revoked" && t.id != "expiring")
        .collect();
    for t in &mut after {
        match t.id.as_str() {
            "widened" => {
                t.scopes.push(WRITE.into());
                t.permissions.push(WRITE.into());
            }
            "narrowed" => {
                t.scopes.retain(|s| s != WRITE);
                t.permissions.retain(|s| s != WRITE);
            }
            "extended" => t.expires_ms = None,
            "opened" => t.allowlist.clear(),
            "renamed" => t.name = "renamed-later".into(),
            _ => {}
        }
    }
    after.push(tok("new", &[READ]));
    save(&s, &run_at(T0 + 7 * DAY, after, None), None);
    s.since_last().unwrap().expect("two runs")
}

#[test]
fn each_kind_of_change_is_listed_and_counted_and_unchanged_tokens_are_not() {
    let c = every_kind_of_change();
    assert!(
        !c.tokens.iter().any(|t| t.token_id == "same"),
        "{:?}",
        c.tokens
    );
    let w = find(&c, "widened");
    assert_eq!(w.kind, ChangeKind::Changed);
    assert_eq!(
        (w.scopes_added.as_slice(), w.permissions_added_count),
        ([WRITE.to_owned()].as_slice(), 1)
    );
    assert!(w.score_before.is_some() && w.score_after.is_some());
    let n = find(&c, "narrowed");
    assert_eq!(n.scopes_removed, [WRITE]);
    assert_eq!(n.permissions_removed, [WRITE]);
    let e = find(&c, "extended");
    assert!(e.expiry_changed);
    assert_eq!(
        (e.expires_before_ms, e.expires_after_ms),
        (Some(T0 + 45 * DAY), None)
    );
    assert!(
        e.rules_added.contains(&"no_expiry".to_owned()),
        "{:?}",
        e.rules_added
    );
    assert!(e.score_after > e.score_before, "{e:?}");
    let o = find(&c, "opened");
    assert!(o.allowlist_changed);
    assert_eq!(o.allowlist_before, ["203.0.113.0/24"]);
    assert!(o.allowlist_after.is_empty());
    assert_eq!(
        find(&c, "renamed").name_before.as_deref(),
        Some("renamed-name")
    );
    let gone = find(&c, "revoked");
    assert_eq!(
        (gone.kind, gone.vanished),
        (ChangeKind::Vanished, Some(Vanished::Gone))
    );
    assert_eq!(gone.scopes_removed, [READ]);
    let expired = find(&c, "expiring");
    assert_eq!(expired.vanished, Some(Vanished::Expired));
    let new = find(&c, "new");
    assert_eq!((new.kind, new.score_before), (ChangeKind::Added, None));

    let k = &c.counts;
    assert_eq!(
        (k.new, k.vanished, k.vanished_gone, k.vanished_expired),
        (1, 2, 1, 1)
    );
    assert_eq!((k.widened, k.narrowed, k.expiry_changed), (1, 1, 1));
    assert_eq!((k.allowlist_changed, k.renamed), (1, 1));
    assert!(k.score_up >= 2, "extended and opened score higher: {k:?}");
    assert_eq!(c.tokens.len(), 8);
    assert!(c.not_compared.is_empty() && c.catalog_drift.is_empty());
}

#[test]
fn a_connection_that_could_not_be_read_loses_no_token_and_is_named() {
    let (_dir, s) = store();
    save(&s, &run_at(T0, vec![tok("a", &[READ])], None), None);
    let mut failed = run_at(T0 + DAY, vec![], None);
    failed.outcomes[0].error = Some(Error::new(ErrorKind::VendorUnavailable, "down"));
    failed.outcomes[0].tokens = 0;
    save(&s, &failed, None);
    let c = s.since_last().unwrap().unwrap();
    assert!(c.tokens.is_empty(), "not vanished: {:?}", c.tokens);
    assert_eq!(c.not_compared.len(), 1);
    assert_eq!(c.not_compared[0].label, "MB prod");
    assert!(c.not_compared[0].reason.contains("could not be read"));
    // From the failed run to a good one: since the last audit compares with the last run that
    // read the connection (the first), across the gap.
    let last = save(
        &s,
        &run_at(T0 + 2 * DAY, vec![tok("a", &[READ])], None),
        None,
    );
    let first = s.run_on_or_before(T0).unwrap().unwrap();
    let c = s.since_last().unwrap().unwrap();
    assert!(c.tokens.is_empty() && c.not_compared.is_empty(), "{c:?}");
    assert_eq!(c.baselines.len(), 1);
    assert_eq!(c.baselines[0].run.id, first.id);
    // The two runs alone: the failed one could not read it, so it is not compared.
    let failed = s.previous(last.id).unwrap().unwrap();
    let c = s.changes(Some(failed.id), last.id).unwrap();
    assert!(c.tokens.is_empty() && c.not_compared.len() == 1);
    // Across the gap, the first and last runs compare as usual.
    assert!(s
        .changes(Some(first.id), last.id)
        .unwrap()
        .tokens
        .is_empty());
}

/// The built-in MindBridge catalog, edited: one scope removed, one added, one made elevated
/// and granting more, loaded as an imported file.
fn edited_mindbridge() -> Catalog {
    let mut v: serde_json::Value =
        serde_json::from_str(include_str!("../../catalogs/mindbridge.json")).unwrap();
    let scopes = v["scopes"].as_array_mut().unwrap();
    scopes.retain(|s| s["id"] != "scim.user.schema");
    for s in scopes.iter_mut() {
        if s["id"] == "scim.user.write" {
            s["elevated"] = true.into();
            s["grants"] = serde_json::json!(["scim.user.write", "scim.user.read"]);
        }
    }
    scopes.push(serde_json::json!({"id": "api.history.read", "description": "Read history"}));
    let text = v.to_string();
    load_catalog_text(
        "edited.json",
        &text,
        Format::Json,
        Origin::File("edited.json".into()),
    )
    .unwrap()
}

#[test]
fn a_replaced_catalog_shows_its_drift_and_a_token_holding_an_unknown_scope_is_named() {
    let (_dir, s) = store();
    let edited = edited_mindbridge();
    let mut odd = tok("odd", &[READ]);
    odd.scopes.push("scim.user.schema".into());
    save(&s, &run_at(T0, vec![odd.clone()], None), None);
    save(
        &s,
        &run_at(T0 + DAY, vec![odd], Some(&edited)),
        Some(&edited),
    );
    let c = s.since_last().unwrap().unwrap();
    assert_eq!(c.catalog_drift.len(), 1);
    let d = &c.catalog_drift[0];
    assert_eq!(d.vendor, Vendor::MindBridge);
    assert_ne!(d.hash_before, d.hash_after);
    assert_eq!(d.origin_before, "built in");
    assert_eq!(d.origin_after, "imported from edited.json");
    assert_eq!(d.scopes_added, ["api.history.read"]);
    assert_eq!(d.scopes_removed, ["scim.user.schema"]);
    assert_eq!(d.scopes_changed.len(), 1, "{:?}", d.scopes_changed);
    let w = &d.scopes_changed[0];
    assert_eq!(w.scope, "scim.user.write");
    assert_eq!(w.permissions_added, ["scim.user.read"]);
    assert!(!w.elevated_before && w.elevated_after);

    // The token's scope is unknown to the new version only.
    assert_eq!(c.unknown_scopes.len(), 1);
    let u = &c.unknown_scopes[0];
    assert_eq!(
        (u.token_id.as_str(), u.scopes.as_slice()),
        ("odd", ["scim.user.schema".to_owned()].as_slice())
    );
    assert_eq!(u.catalog_hash, d.hash_after);
    let first = s.run_on_or_before(T0).unwrap().unwrap();
    assert!(s.changes(None, first.id).unwrap().unknown_scopes.is_empty());
}
