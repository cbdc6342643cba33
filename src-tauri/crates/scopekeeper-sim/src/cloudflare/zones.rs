//! `GET /client/v4/zones` and `GET /client/v4/accounts` (below) [C, for zones: the path, the `account.id`, `name`, `page` and `per_page` query
//! parameters, the zone's `id` (32 characters), `name`, `status`, `paused`, `type`,
//! `account: {id, name}`, `name_servers`, `created_on`, `modified_on`, `activated_on`, and the
//! list envelope with `result_info`; I: `per_page` 20 by default and at most 50, as clients
//! describe it, and the name servers' names].
//!
//! Which zones a token sees [I: Cloudflare says it lists "your" zones and names *Zone Read* as
//! the permission it accepts; the simulator is more lenient, as clients that list zones with a
//! DNS-only token expect]: every allow policy of the token counts, whatever its groups, and deny
//! policies are ignored. A policy reaches every zone of the account when it names the account
//! (`com.cloudflare.api.account.<id>: "*"`), every account (`…account.*`), every zone
//! (`…zone.*`, at top level or under the account key); otherwise only the zones it names
//! (`…account.zone.<zone id>`, at top level or under the account key). A user-only token sees
//! none. Other choices [I]: `name` matches exactly (no operators), `account.id` of another
//! account gives an empty list, `per_page` outside 1–50 or a `page` below 1 is a 400 with code
//! 1001, zones come in the order they were added, and every zone is `active`, `full`, not paused.

use std::collections::{BTreeSet, HashMap};
use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use super::model::{Effect, Tenant, Token, Zone, ACCOUNT_SCOPE, ZONE_SCOPE};
use super::{call, error, Need};
use crate::common::{self, rfc3339};
use crate::Sim;

/// Which of the account's zones a token reaches.
enum Reach {
    All,
    Some(BTreeSet<String>),
}

impl Reach {
    fn covers(&self, zone: &str) -> bool {
        match self {
            Reach::All => true,
            Reach::Some(ids) => ids.contains(zone),
        }
    }
}

/// What the token's allow policies reach among the zones of `account_id`.
fn reach(tok: &Token, account_id: &str) -> Reach {
    let account_key = format!("{ACCOUNT_SCOPE}.{account_id}");
    let every_zone = format!("{ZONE_SCOPE}.*");
    let zone_prefix = format!("{ZONE_SCOPE}.");
    let mut named = BTreeSet::new();
    for p in tok.policies.iter().filter(|p| p.effect == Effect::Allow) {
        for (key, value) in &p.resources {
            if let Some(zone) = key.strip_prefix(&zone_prefix) {
                if zone == "*" {
                    return Reach::All;
                }
                named.insert(zone.to_owned());
            } else if *key == account_key || *key == format!("{ACCOUNT_SCOPE}.*") {
                match value {
                    Value::Object(zones) => {
                        for z in zones.keys() {
                            if *z == every_zone {
                                return Reach::All;
                            }
                            if let Some(zone) = z.strip_prefix(&zone_prefix) {
                                named.insert(zone.to_owned());
                            }
                        }
                    }
                    _ => return Reach::All,
                }
            }
        }
    }
    Reach::Some(named)
}

fn record(t: &Tenant, z: &Zone) -> Value {
    json!({
        "id": z.id,
        "name": z.name,
        "status": "active",
        "paused": false,
        "type": "full",
        "account": { "id": t.account_id, "name": t.account_name },
        "name_servers": ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"],
        "created_on": rfc3339(z.created_on),
        "modified_on": rfc3339(z.created_on),
        "activated_on": rfc3339(z.created_on),
    })
}

/// `page` and `per_page` from the query (1-based; 1–50 per page, 20 by default), or the 400.
fn paging(q: &HashMap<String, String>) -> Result<(usize, usize), Response> {
    let number = |k: &str, d: usize| q.get(k).map_or(Some(d), |v| v.parse::<usize>().ok());
    let (Some(page), Some(per_page)) = (number("page", 1), number("per_page", 20)) else {
        return Err(error(
            StatusCode::BAD_REQUEST,
            1001,
            "page and per_page must be numbers",
        ));
    };
    if page < 1 || !(1..=50).contains(&per_page) {
        return Err(error(
            StatusCode::BAD_REQUEST,
            1001,
            "per_page must be 1 to 50 and page at least 1",
        ));
    }
    Ok((page, per_page))
}

/// One page of `rows` in the list envelope.
fn page_of(rows: Vec<Value>, page: usize, per_page: usize) -> Response {
    let total = rows.len();
    let rows: Vec<Value> = rows
        .into_iter()
        .skip((page - 1).saturating_mul(per_page))
        .take(per_page)
        .collect();
    common::json(
        StatusCode::OK,
        json!({
            "success": true, "errors": [], "messages": [],
            "result_info": {
                "page": page, "per_page": per_page, "count": rows.len(),
                "total_count": total, "total_pages": total.div_ceil(per_page),
            },
            "result": rows,
        }),
    )
}

/// A root listing (`op` for the fault rules): the caller checked as every call is, the query's
/// pages checked, and one page of what `rows` finds for the caller (the tenant, the caller's
/// index, the query).
async fn listing(
    sim: &Sim,
    op: &str,
    (peer, headers, q): (SocketAddr, &HeaderMap, &HashMap<String, String>),
    rows: impl FnOnce(&Tenant, usize, &HashMap<String, String>) -> Vec<Value>,
) -> Response {
    call(
        sim,
        op,
        (peer, headers, &HashMap::new()),
        Need::Nothing,
        |t, _, me| match paging(q) {
            Ok((page, per_page)) => page_of(rows(t, me, q), page, per_page),
            Err(r) => r,
        },
    )
    .await
}

pub(super) async fn list(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    listing(&sim, "zones", (peer, &headers, &q), |t, me, q| {
        let reach = reach(&t.tokens[me], &t.account_id);
        let other_account = q.get("account.id").is_some_and(|a| *a != t.account_id);
        let name = q.get("name");
        t.zones
            .iter()
            .filter(|z| !other_account && reach.covers(&z.id))
            .filter(|z| name.is_none_or(|n| *n == z.name))
            .map(|z| record(t, z))
            .collect()
    })
    .await
}

/// `GET /client/v4/accounts` [C: the path, `page`, `per_page`, `name`; an account's `id`,
/// `name`, `type`, `created_on`]. The simulated user belongs to one account, which every valid
/// token sees [I: Cloudflare lists the accounts "you have ownership or verified access to"];
/// `name` matches exactly.
pub(super) async fn accounts(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    listing(&sim, "accounts", (peer, &headers, &q), |t, _, q| {
        let mine = q.get("name").is_none_or(|n| *n == t.account_name);
        let created = t.zones.first().map(|z| rfc3339(z.created_on));
        mine.then(|| json!({ "id": t.account_id, "name": t.account_name, "type": "standard", "created_on": created }))
            .into_iter()
            .collect()
    })
    .await
}
