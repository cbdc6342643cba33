//! The findings rules, applied to one token. Each finding names its rule (see [`super::RULES`]),
//! its evidence and its fix; the score is the sum of their points.

use std::collections::{HashMap, HashSet};

use super::access::{access_level, Access};
use super::{rule, AuditFinding, AuditSettings, AuditToken, RuleId, TokenSource};
use crate::catalog::Catalog;
use crate::clock::days_between;
use crate::token_spec::parse_ip_entry;

/// What a token is judged against.
pub struct AuditContext<'a> {
    pub now_ms: i64,
    pub catalog: &'a Catalog,
    /// The vendor's longest allowed life for this kind of token, in days.
    pub max_days: Option<u32>,
    /// The permissions the token's assigned template grants, when it has one.
    pub template: Option<&'a [String]>,
    /// The permissions of the key that created it (its connection's credential).
    pub parent: Option<&'a [String]>,
    /// What Scopekeeper itself needs its connection's credential to hold.
    pub needed: &'a [String],
    /// The inventory's tokens by permission set (for duplicates).
    pub twins: &'a Twins,
    /// Thresholds and severity overrides.
    pub settings: &'a AuditSettings,
    /// The catalog's [`strong_groups`], when computed once for many tokens.
    pub strong: Option<&'a StrongGroups>,
}

/// Each token's twin in its own connection (another token with exactly its permissions), found
/// once for the whole inventory, so asking is one lookup. Tokens of different connections are never twins (another tenant's token with the
/// same rights is not a spare), and Cortex's small key ids repeat across tenants, so a token is
/// known by its connection and id.
#[derive(Debug, Default)]
pub struct Twins {
    twin_of: HashMap<(String, String), (String, String)>,
}

impl Twins {
    /// Candidates first, cheaply: tokens of a connection with as many permissions and the same
    /// first and last few (permissions arrive in one order per source — the catalog's, or
    /// sorted — so equal sets look alike there). Only candidates are compared in full, as sets.
    pub fn new(tokens: &[AuditToken]) -> Self {
        use std::hash::{DefaultHasher, Hash, Hasher};
        const SAMPLE: usize = 6;
        let mut candidates: HashMap<(&str, usize, u64), Vec<&AuditToken>> = HashMap::new();
        for t in tokens.iter().filter(|t| !t.permissions.is_empty()) {
            let p = &t.permissions;
            let mut h = DefaultHasher::new();
            p[..p.len().min(SAMPLE)].hash(&mut h);
            p[p.len().saturating_sub(SAMPLE)..].hash(&mut h);
            candidates
                .entry((&t.connection_id, p.len(), h.finish()))
                .or_default()
                .push(t);
        }
        let mut twin_of = HashMap::new();
        for group in candidates.values().filter(|g| g.len() > 1) {
            let mut exact: HashMap<Vec<&str>, Vec<&AuditToken>> = HashMap::new();
            for t in group {
                let mut set: Vec<&str> = t.permissions.iter().map(String::as_str).collect();
                set.sort_unstable();
                set.dedup();
                exact.entry(set).or_default().push(t);
            }
            for members in exact.values().filter(|m| m.len() > 1) {
                for (i, t) in members.iter().enumerate() {
                    let other = members[if i == 0 { 1 } else { 0 }];
                    twin_of.insert(
                        (t.connection_id.clone(), t.id.clone()),
                        (other.id.clone(), other.name.clone()),
                    );
                }
            }
        }
        Self { twin_of }
    }

    /// Another token of its connection with exactly `token`'s permissions: its id and name.
    fn of(&self, token: &AuditToken) -> Option<&(String, String)> {
        self.twin_of
            .get(&(token.connection_id.clone(), token.id.clone()))
    }
}

/// Every finding for `token`.
pub fn findings(token: &AuditToken, ctx: &AuditContext<'_>) -> Vec<AuditFinding> {
    let mut out = Vec::new();
    let mut add = |id: RuleId, evidence: String| {
        let r = rule(id);
        out.push(AuditFinding {
            rule: r.id,
            title: r.title.to_owned(),
            severity: ctx.settings.severity_of(r.id),
            points: r.points,
            token_id: token.id.clone(),
            evidence,
            fix: r.fix.to_owned(),
        });
    };
    breadth(token, ctx, &mut add);
    lifetime(token, ctx, &mut add);
    addresses(token, ctx.settings, &mut add);
    if let Some(reach) = &token.broad_reach {
        add(RuleId::BroadReach, reach.clone());
    }
    against_others(token, ctx, &mut add);
    out
}

type Add<'f> = dyn FnMut(RuleId, String) + 'f;

/// Elevated scopes, admin-equivalence, unknown scopes, and (for a connection's credential) more
/// than Scopekeeper needs.
fn breadth(token: &AuditToken, ctx: &AuditContext<'_>, add: &mut Add<'_>) {
    let cat = ctx.catalog;
    let elevated: Vec<&str> = token
        .scopes
        .iter()
        .filter(|s| cat.scope_index(s).is_some_and(|ix| cat.scope(ix).elevated))
        .map(String::as_str)
        .collect();
    if !elevated.is_empty() {
        add(RuleId::ElevatedScope, elevated.join(", "));
    }
    let unknown: Vec<&str> = token
        .scopes
        .iter()
        .filter(|s| cat.scope_index(s).is_none())
        .map(String::as_str)
        .collect();
    if !unknown.is_empty() {
        add(RuleId::UnknownScope, unknown.join(", "));
    }
    if let Some(why) = admin_equivalent(token, ctx) {
        add(RuleId::AdminEquivalent, why);
    }
    if token.is_connection_credential && !ctx.needed.is_empty() {
        let beyond = token.permissions.len().saturating_sub(ctx.needed.len());
        if beyond > 0 && token.permissions.len() * 2 > cat.permissions().len() {
            add(
                RuleId::CredentialBroaderThanNeeded,
                format!(
                    "{} permissions; Scopekeeper needs {}",
                    token.permissions.len(),
                    ctx.needed.len()
                ),
            );
        }
    }
}

/// Each catalog group's write and delete permissions (groups with at least two): what holding
/// all of makes a token admin-equivalent there. Computed once per catalog.
pub type StrongGroups = Vec<(String, Vec<String>)>;

pub fn strong_groups(cat: &Catalog) -> StrongGroups {
    cat.def
        .groups
        .iter()
        .filter_map(|g| {
            let mut strong: Vec<String> = cat
                .scopes()
                .iter()
                .enumerate()
                .filter(|(_, s)| s.group.as_deref() == Some(g.id.as_str()))
                .flat_map(|(i, _)| cat.grants_of(i as u32).iter().map(|&p| cat.permission(p)))
                .filter(|p| access_level(&p.id, &p.description) >= Access::Write)
                .map(|p| p.id.clone())
                .collect();
            strong.sort_unstable();
            strong.dedup();
            let name = g.name.clone().unwrap_or_else(|| g.id.clone());
            (strong.len() >= 2).then_some((name, strong))
        })
        .collect()
}

/// Most of the catalog (`share` percent of its permissions, 90 by default), or every write and
/// delete permission of a group that has some.
fn admin_equivalent(token: &AuditToken, ctx: &AuditContext<'_>) -> Option<String> {
    let cat = ctx.catalog;
    let total = cat.permissions().len();
    let share = usize::from(ctx.settings.admin_share_percent);
    if total > 0 && token.permissions.len() * 100 >= total * share {
        return Some(format!(
            "{} of {total} permissions",
            token.permissions.len()
        ));
    }
    let computed;
    let strong = match ctx.strong {
        Some(s) => s,
        None => {
            computed = strong_groups(cat);
            &computed
        }
    };
    if strong.is_empty() {
        return None;
    }
    let held: HashSet<&str> = token.permissions.iter().map(String::as_str).collect();
    strong
        .iter()
        .find(|(_, perms)| perms.iter().all(|p| held.contains(p.as_str())))
        .map(|(name, _)| format!("every write and delete permission of {name}"))
}

/// No expiry, longer than the vendor allows or than a year, expired, expiring soon. A date so
/// far from now that the days between do not fit is judged as expired or as valid for longer
/// than any limit, never an overflow.
fn lifetime(token: &AuditToken, ctx: &AuditContext<'_>, add: &mut Add<'_>) {
    let Some(expires) = token.expires_ms else {
        add(RuleId::NoExpiry, "no expiry date".into());
        return;
    };
    let days_left = days_between(ctx.now_ms, expires);
    if expires <= ctx.now_ms {
        let ago = days_left.and_then(i64::checked_neg).map_or_else(
            || "expired before any calendar date".into(),
            |d| format!("expired {d} days ago"),
        );
        add(RuleId::ExpiredStillPresent, ago);
        return;
    }
    let from = token.created_ms.unwrap_or(ctx.now_ms);
    let Some(days_left) = days_left else {
        add(
            RuleId::LongerThanAYear,
            "valid past any calendar date".into(),
        );
        return;
    };
    if days_left < i64::from(ctx.settings.expiring_soon_days) {
        add(RuleId::ExpiringSoon, format!("expires in {days_left} days"));
    }
    let Some(life_days) = days_between(from, expires) else {
        add(
            RuleId::LongerThanAYear,
            "valid past any calendar date".into(),
        );
        return;
    };
    if let Some(max) = ctx.max_days.filter(|m| life_days > i64::from(*m)) {
        add(
            RuleId::BeyondVendorMaximum,
            format!("valid {life_days} days; the vendor allows {max}"),
        );
    } else if life_days > i64::from(ctx.settings.long_lived_days) {
        add(RuleId::LongerThanAYear, format!("valid {life_days} days"));
    }
}

/// Any address, or an allowlist as wide as a /8 (IPv4) or a /32 (IPv6) by default.
fn addresses(token: &AuditToken, settings: &AuditSettings, add: &mut Add<'_>) {
    if token.allowlist.is_empty() {
        if token.vendor.adapter().capabilities().set_allowlist {
            add(RuleId::AnyAddress, "no allowlist".into());
        }
        return;
    }
    let wide: Vec<&str> = token
        .allowlist
        .iter()
        .filter(|e| {
            parse_ip_entry(e).is_ok_and(|n| match n {
                ipnet::IpNet::V4(v4) => v4.prefix_len() <= settings.wide_ipv4_prefix,
                ipnet::IpNet::V6(v6) => v6.prefix_len() <= settings.wide_ipv6_prefix,
            })
        })
        .map(String::as_str)
        .collect();
    if !wide.is_empty() {
        add(RuleId::WideAllowlist, wide.join(", "));
    }
}

/// Excess over its template, broader than its parent, the same permissions as another token.
fn against_others(token: &AuditToken, ctx: &AuditContext<'_>, add: &mut Add<'_>) {
    let beyond = |set: &[String]| -> Vec<&str> {
        token
            .permissions
            .iter()
            .filter(|p| !set.contains(p))
            .map(String::as_str)
            .collect()
    };
    if let Some(t) = ctx.template {
        let excess = beyond(t);
        if !excess.is_empty() {
            add(RuleId::ExcessOverTemplate, excess.join(", "));
        }
    }
    // Only what the connection's own credential made has it as its parent; tokens others made
    // in the console answer to their makers, whom the audit cannot see.
    let child = !token.is_connection_credential && token.source == TokenSource::CreatedHere;
    if let Some(parent) = ctx.parent.filter(|_| child) {
        let more = beyond(parent);
        if !more.is_empty() {
            add(RuleId::BroaderThanParent, more.join(", "));
        }
    }
    if let Some((id, name)) = ctx.twins.of(token) {
        add(
            RuleId::DuplicatePermissions,
            format!("same as {name} ({id})"),
        );
    }
}
