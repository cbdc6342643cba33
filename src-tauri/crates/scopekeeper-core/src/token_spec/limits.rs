//! The fields only some vendors offer: a first day of use, addresses refused inside the
//! allowlist, and the items (zones, repositories) a token is narrowed to.

use super::{allows_every_address, parse_ip_entry, Day, TokenSpec, Verdict};
use crate::catalog::{Catalog, TokenPolicy};
use ipnet::IpNet;

/// The longest item name a spec may carry (a zone's or repository's name is far shorter).
const MAX_ITEM_CHARS: usize = 255;

pub(super) fn check_start(spec: &TokenSpec, policy: &TokenPolicy, today: Day, out: &mut Verdict) {
    let Some(text) = spec.starts_on.as_deref() else {
        return;
    };
    if !policy.start_date {
        out.error(
            "starts_on",
            "This kind of token cannot be given a first day: clear it.",
        );
        return;
    }
    let Some(day) = Day::parse(text) else {
        out.error(
            "starts_on",
            format!("`{text}` is not a date (use YYYY-MM-DD)."),
        );
        return;
    };
    if day < today {
        out.error(
            "starts_on",
            format!("{day} is in the past (today is {today}): clear it to start now."),
        );
    }
    if let Some(end) = spec.expires_on.as_deref().and_then(Day::parse) {
        if day > end {
            out.error(
                "starts_on",
                format!("The first day {day} is after the last valid day {end}."),
            );
        }
    }
}

pub(super) fn check_denylist(spec: &TokenSpec, policy: &TokenPolicy, out: &mut Verdict) {
    if spec.ip_denylist.is_empty() {
        return;
    }
    if !policy.ip_denylist {
        out.error(
            "ip_denylist",
            "This kind of token cannot refuse addresses: clear the list.",
        );
        return;
    }
    let allowed: Vec<_> = spec
        .ip_allowlist
        .iter()
        .filter_map(|e| parse_ip_entry(e).ok())
        .collect();
    for (i, entry) in spec.ip_denylist.iter().enumerate() {
        match parse_ip_entry(entry) {
            Err(m) => out.error(format!("ip_denylist[{i}]"), m),
            Ok(net) if allows_every_address(&net) => out.error(
                format!("ip_denylist[{i}]"),
                format!("`{entry}` refuses every address: the token would work from nowhere."),
            ),
            Ok(net)
                if !allowed.is_empty()
                    && !allowed.iter().any(|a| a.contains(&net) || net.contains(a)) =>
            {
                out.warn(
                    format!("ip_denylist[{i}]"),
                    format!(
                        "`{entry}` is outside every allowed range, so refusing it changes nothing."
                    ),
                )
            }
            Ok(_) => {}
        }
    }
    // Ranges that together hold every allowed address (two halves of one, say) leave the
    // token nowhere to work from. A range refusing every address is already an error above.
    let refused: Vec<IpNet> = spec
        .ip_denylist
        .iter()
        .filter_map(|e| parse_ip_entry(e).ok())
        .collect();
    if !refused.iter().any(allows_every_address) {
        let anywhere = ["0.0.0.0/0", "::/0"].map(|n| n.parse::<IpNet>().expect("a CIDR"));
        let allowed = if allowed.is_empty() {
            anywhere.to_vec()
        } else {
            allowed
        };
        let merged = IpNet::aggregate(&refused);
        if allowed.iter().all(|a| merged.iter().any(|r| r.contains(a))) {
            out.error(
                "ip_denylist",
                "The refused addresses cover every allowed address: the token would work from nowhere. Narrow the refused ranges or widen the allowlist.",
            );
        }
    }
}

/// Each area named once, known to the kind, with at least one item and no more than the
/// vendor takes; an area with no items chosen reaches every item, and says so.
pub(super) fn check_reach(
    cat: &Catalog,
    spec: &TokenSpec,
    policy: &TokenPolicy,
    out: &mut Verdict,
) {
    for (i, r) in spec.reach.iter().enumerate() {
        let field = format!("reach.{}", r.area);
        let Some(area) = policy.narrow_to.iter().find(|a| a.id == r.area) else {
            out.error(
                field.clone(),
                format!("This kind of token cannot be narrowed to `{}`.", r.area),
            );
            continue;
        };
        if spec.reach[..i].iter().any(|e| e.area == r.area) {
            out.error(
                field.clone(),
                format!("The {} are chosen twice.", area.label),
            );
            continue;
        }
        if r.except && area.except.is_none() {
            out.error(
                field.clone(),
                format!(
                    "This kind of token cannot leave some of the {} out: tick the ones it may reach instead.",
                    area.label
                ),
            );
            continue;
        }
        if r.items.is_empty() {
            let leave = if r.except { " to leave out" } else { "" };
            out.error(
                field.clone(),
                format!(
                    "Choose at least one of the {}{leave}, or choose {}.",
                    area.label, area.every
                ),
            );
        }
        for (j, item) in r.items.iter().enumerate() {
            if item.is_empty()
                || item.chars().count() > MAX_ITEM_CHARS
                || item.chars().any(char::is_control)
            {
                out.error(
                    field.clone(),
                    format!("Item {} is not a name of one of the {}.", j + 1, area.label),
                );
            } else if r.items[..j].iter().any(|e| e.eq_ignore_ascii_case(item)) {
                out.error(field.clone(), format!("`{item}` is chosen twice."));
            }
        }
        if let Some(max) = area.max_items {
            if r.items.len() > max as usize {
                out.error(
                    field.clone(),
                    format!(
                        "At most {max} {} can be chosen ({} are).",
                        area.label,
                        r.items.len()
                    ),
                );
            }
        }
    }
    warn_breadth(cat, spec, policy, out);
}

/// Says where a token reaches every item of an area (or all but some), and where a choice
/// changes nothing because no permission ticked applies there.
fn warn_breadth(cat: &Catalog, spec: &TokenSpec, policy: &TokenPolicy, out: &mut Verdict) {
    for area in &policy.narrow_to {
        let in_area = |s: &String| {
            area.scope_prefix
                .as_deref()
                .is_none_or(|p| s.starts_with(p))
                && area.scope_group.as_deref().is_none_or(|g| {
                    cat.scope_index(s)
                        .is_some_and(|ix| cat.scope(ix).group.as_deref() == Some(g))
                })
        };
        let applies = spec.scopes.iter().any(in_area);
        let beyond: Vec<&str> = spec
            .scopes
            .iter()
            .filter(|s| !in_area(s))
            .map(String::as_str)
            .collect();
        let chosen_some = spec.reach.iter().any(|r| r.area == area.id);
        if chosen_some && applies && area.scope_group.is_some() && !beyond.is_empty() {
            let more = match beyond.len() {
                n if n > 5 => format!(" and {} more", n - 5),
                _ => String::new(),
            };
            out.warn(
                format!("reach.{}", area.id),
                format!(
                    "The {} chosen do not narrow {}{more}: those apply wherever the token reaches.",
                    area.label,
                    beyond[..beyond.len().min(5)].join(", ")
                ),
            );
        }
        let chosen = spec.reach.iter().find(|r| r.area == area.id);
        match (chosen, applies) {
            (None, true) => out.warn(
                format!("reach.{}", area.id),
                format!("The token reaches {}.", area.every),
            ),
            (Some(r), true) if r.except => out.warn(
                format!("reach.{}", area.id),
                format!(
                    "The token reaches all but {}: {}.",
                    r.items.join(", "),
                    area.except.as_deref().unwrap_or(&area.every)
                ),
            ),
            (Some(_), false) => out.warn(
                format!("reach.{}", area.id),
                format!(
                    "No permission ticked applies to {}: the choice changes nothing.",
                    area.label
                ),
            ),
            _ => {}
        }
    }
}
