//! Where a new token's permissions apply (the connection's account and the zones chosen, or
//! for a user-level connection the user, the accounts and the zones chosen), the policies that
//! say so, and what the connection's own token holds over those places (child within parent).

use serde_json::Value;

use crate::catalog::Catalog;
use crate::vendor::adapter::{catalog_permissions, CreateRequest, MAX_REACH_ITEMS};
use crate::vendor::VendorError;

use super::scopes::{policies, Groups, Over, ZoneReach};
use super::user::{describe, user_of, user_places, user_policies};
use super::{CfToken, Cloudflare};

/// Where the spec's zone permissions apply, zones named by id: every zone of the account, the
/// zones chosen, or every zone but those left out (`Cloudflare::find_zones`).
async fn chosen_zones(
    cf: &Cloudflare,
    account: &str,
    req: &CreateRequest<'_>,
) -> Result<ZoneReach, VendorError> {
    let (only, except) = (req.spec.reach_in("zones"), req.spec.reach_except("zones"));
    let Some(names) = only.or(except) else {
        return Ok(ZoneReach::Every);
    };
    if !req.scopes.iter().any(|s| s.starts_with("zone.")) {
        return Ok(ZoneReach::Every);
    }
    let (zones, more) = cf.zones(Some(account), MAX_REACH_ITEMS).await?;
    let found = cf.find_zones(Some(account), names, &zones, more).await?;
    let ids = found.into_iter().map(|z| z.id).collect();
    Ok(if only.is_some() {
        ZoneReach::Only(ids)
    } else {
        ZoneReach::Except(ids)
    })
}

/// An account's URL makes account tokens, the user's URL the user's own: the spec's kind must
/// be the one the connection makes.
pub(super) fn kind_fits(account: Option<&str>, kind: &str) -> Result<(), VendorError> {
    let (makes, other) = match account {
        Some(_) => ("account-token", "the user (…/client/v4/user)"),
        None => (
            "user-token",
            "an account (…/client/v4/accounts/{account_id})",
        ),
    };
    if kind == makes {
        return Ok(());
    }
    Err(VendorError::Validation {
        message: format!("This connection makes {} API tokens; choose that kind, or a connection whose base URL names {other}", if account.is_some() { "account" } else { "user" }),
        problems: Vec::new(),
    })
}

/// The user a user-level connection's token acts for, or why it cannot make user tokens.
fn acting_user(own: &CfToken) -> Result<String, VendorError> {
    user_of(own).ok_or_else(|| VendorError::Validation {
        message: "The connection's token names no single Cloudflare user in its permissions, so Scopekeeper cannot tell whose tokens to make. Connect with a token made from the dashboard's \"Create additional tokens\" template".into(),
        problems: Vec::new(),
    })
}

/// What a parent holds over the places, less what its deny policies take away there
/// (whatever an allow of another group implies).
fn held_less_denied(catalog: &Catalog, over: Over) -> Vec<String> {
    let taken = direct_grants(catalog, &over.denied);
    let mut held = catalog_permissions(catalog, &over.held);
    held.retain(|p| !taken.contains(p));
    held
}

/// The permissions `scopes` grant themselves (not what they imply).
fn direct_grants(catalog: &Catalog, scopes: &[String]) -> Vec<String> {
    scopes
        .iter()
        .filter_map(|s| catalog.scope_index(s))
        .flat_map(|ix| catalog.grants_of(ix).iter())
        .map(|p| catalog.permission(*p).id.clone())
        .collect()
}

/// What the connection's token holds over the places `req` reaches (less what its denies take
/// away there), and those places in words for the refusal.
pub(super) async fn held_over(
    cf: &Cloudflare,
    account: Option<&str>,
    catalog: &Catalog,
    req: &CreateRequest<'_>,
) -> Result<(Vec<String>, Option<String>), VendorError> {
    let me = cf.verify().await?;
    let groups = Groups::new(cf.permission_groups().await?);
    let own = cf.get(&me.id).await?;
    let names = |area: &str| {
        let list = req.spec.reach_in(area).or(req.spec.reach_except(area));
        list.unwrap_or_default().join(", ")
    };
    let Some(a) = account else {
        let places = user_places(cf, acting_user(&own)?, req).await?;
        let held = held_less_denied(catalog, groups.held_by_user(&own, &places));
        return Ok((held, Some(describe(&places, req.scopes, &names))));
    };
    let zones = chosen_zones(cf, a, req).await?;
    let held = held_less_denied(catalog, groups.scopes_over(&own, a, &zones));
    let over = req
        .scopes
        .iter()
        .any(|s| s.starts_with("zone."))
        .then(|| match zones {
            ZoneReach::Only(_) => format!("the zones chosen ({})", names("zones")),
            ZoneReach::Except(_) => format!("every zone of the account except {}", names("zones")),
            ZoneReach::Every => "every zone of the account".to_owned(),
        });
    Ok((held, over))
}

/// The policies a new token is sent with.
pub(super) async fn new_policies(
    cf: &Cloudflare,
    account: Option<&str>,
    groups: &Groups,
    req: &CreateRequest<'_>,
) -> Result<Vec<Value>, VendorError> {
    match account {
        Some(a) => {
            let zones = chosen_zones(cf, a, req).await?;
            policies(groups, Some(a), req.scopes, &zones)
        }
        None => {
            let own = cf.get(&cf.verify().await?.id).await?;
            let places = user_places(cf, acting_user(&own)?, req).await?;
            user_policies(groups, &places, req.scopes)
        }
    }
}
