//! The whole audit over an inventory: each token judged against its catalog, its connection's
//! credential (its parent), its template and the others; a score, the matrix cells and the
//! findings-strip chips per token; rows grouped by vendor → connection, the credential first,
//! then riskiest first. Pure: the instant and everything else are passed in.

use std::collections::HashMap;

use serde::Serialize;
use ts_rs::TS;

use super::findings::{strong_groups, StrongGroups};
use super::matrix::Columns;
use super::{band, findings, score, AuditContext, AuditFinding, AuditSettings, AuditToken, Twins};
use super::{MatrixBlock, RuleId, Severity};
use crate::catalog::Catalog;
use crate::vendor::Vendor;

/// One row of the audit: a token, what is wrong with it, its score and its cells.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AuditRow {
    pub token: AuditToken,
    pub findings: Vec<AuditFinding>,
    pub score: u8,
    pub band: String,
    /// The template it is judged against, when one is assigned.
    pub template: Option<String>,
    /// Permissions held per group of its vendor's block.
    pub held: Vec<u16>,
    /// One letter per group: its highest access there (R, W, D, A; `-` none).
    pub access: String,
    /// The findings-strip chips it counts under.
    pub chips: Vec<String>,
    /// Scopes it holds through the ones it carries (what they imply), for the scope columns.
    pub implied_scopes: Vec<String>,
}

/// A findings-strip chip: a question an admin filters the matrix by.
#[derive(Debug, Clone, Copy)]
pub struct Chip {
    pub id: &'static str,
    pub label: &'static str,
    /// The rules that put a token under it (`write_delete` is read from its cells).
    pub rules: &'static [RuleId],
}

pub const CHIPS: &[Chip] = &[
    Chip {
        id: "elevated",
        label: "Elevated",
        rules: &[RuleId::ElevatedScope, RuleId::AdminEquivalent],
    },
    Chip {
        id: "write_delete",
        label: "Write / delete",
        rules: &[],
    },
    Chip {
        id: "no_expiry",
        label: "No expiry",
        rules: &[RuleId::NoExpiry],
    },
    Chip {
        id: "long_lived",
        label: "> 1 year",
        rules: &[RuleId::LongerThanAYear, RuleId::BeyondVendorMaximum],
    },
    Chip {
        id: "expiring",
        label: "Expiring or expired",
        rules: &[RuleId::ExpiringSoon, RuleId::ExpiredStillPresent],
    },
    Chip {
        id: "any_address",
        label: "Any address",
        rules: &[RuleId::AnyAddress, RuleId::WideAllowlist],
    },
    Chip {
        id: "broad_reach",
        label: "Every zone or account",
        rules: &[RuleId::BroadReach],
    },
    Chip {
        id: "excess",
        label: "Excess vs template",
        rules: &[RuleId::ExcessOverTemplate],
    },
    Chip {
        id: "unknown_scope",
        label: "Unknown scope",
        rules: &[RuleId::UnknownScope],
    },
    Chip {
        id: "broader_than_parent",
        label: "Broader than parent",
        rules: &[RuleId::BroaderThanParent],
    },
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ChipCount {
    pub id: String,
    pub label: String,
    pub count: u32,
}

/// The audit of an inventory.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct Assessment {
    pub rows: Vec<AuditRow>,
    pub blocks: Vec<MatrixBlock>,
    pub chips: Vec<ChipCount>,
    /// Findings per severity: low, medium, high, critical.
    pub by_severity: [u32; 4],
}

/// A template assigned to a token: its name and the permissions it grants.
#[derive(Debug, Clone)]
pub struct Assigned {
    pub name: String,
    pub permissions: Vec<String>,
}

/// What the audit judges against.
pub struct AssessInput<'a> {
    pub now_ms: i64,
    pub settings: &'a AuditSettings,
    pub catalogs: &'a [(Vendor, &'a Catalog)],
    /// [`token_key`] → its template.
    pub templates: &'a HashMap<String, Assigned>,
    /// Connection id → its label and position, for grouping rows.
    pub connection_order: &'a HashMap<String, (usize, String)>,
}

/// A token's stable key across audits: `vendor/connection/id`.
pub fn token_key(t: &AuditToken) -> String {
    format!("{}/{}/{}", t.vendor.id(), t.connection_id, t.id)
}

/// The longest life the vendor allows for any kind of its tokens.
fn max_days(cat: &Catalog) -> Option<u32> {
    cat.kinds
        .iter()
        .filter_map(|k| k.policy.as_ref()?.expiry_max_days)
        .max()
}

pub fn assess(tokens: Vec<AuditToken>, input: &AssessInput<'_>) -> Assessment {
    let twins = Twins::new(&tokens);
    let columns: Vec<(Vendor, &Catalog, Columns, Option<u32>, StrongGroups)> = input
        .catalogs
        .iter()
        .filter(|(v, _)| tokens.iter().any(|t| t.vendor == *v))
        .map(|&(v, cat)| {
            let c = Columns::new(v, cat);
            (v, cat, c, max_days(cat), strong_groups(cat))
        })
        .collect();
    let parents: HashMap<&str, &[String]> = tokens
        .iter()
        .filter(|t| t.is_connection_credential)
        .map(|t| (t.connection_id.as_str(), t.permissions.as_slice()))
        .collect();
    let needed: HashMap<Vendor, Vec<String>> = columns
        .iter()
        .map(|(v, ..)| {
            let n = v.adapter().needed_permissions();
            (*v, n.iter().map(|s| s.to_string()).collect())
        })
        .collect();
    // Judged by reference (the twins and parents borrow the tokens), then each token moves into
    // its row: no copy of 10,000 tokens' permissions.
    let judged: Vec<Option<AuditRow>> = tokens
        .iter()
        .map(|t| {
            let (_, cat, cols, max_days, strong) = columns.iter().find(|(v, ..)| *v == t.vendor)?;
            let assigned = if input.templates.is_empty() {
                None
            } else {
                input.templates.get(&token_key(t))
            };
            let ctx = AuditContext {
                now_ms: input.now_ms,
                catalog: cat,
                max_days: *max_days,
                template: assigned.map(|a| a.permissions.as_slice()),
                parent: parents.get(t.connection_id.as_str()).copied(),
                needed: &needed[&t.vendor],
                twins: &twins,
                settings: input.settings,
                strong: Some(strong),
            };
            let found = findings(t, &ctx);
            let (held, access) = cols.cells(cat, t);
            let score = score(&found);
            Some(AuditRow {
                implied_scopes: implied(cat, &t.scopes),
                token: AuditToken::placeholder(),
                score,
                band: band(score).to_owned(),
                template: assigned.map(|a| a.name.clone()),
                chips: chips_of(&found, &access),
                findings: found,
                held,
                access,
            })
        })
        .collect();
    drop(twins);
    drop(parents);
    let mut rows: Vec<AuditRow> = tokens
        .into_iter()
        .zip(judged)
        .map(|(t, j)| match j {
            Some(mut row) => {
                row.token = t;
                row
            }
            None => bare_row(t),
        })
        .collect();
    sort_rows(&mut rows, input.connection_order);
    summarise(
        rows,
        columns.into_iter().map(|(_, _, c, ..)| c.block).collect(),
    )
}

fn bare_row(token: AuditToken) -> AuditRow {
    AuditRow {
        token,
        findings: Vec::new(),
        score: 0,
        band: band(0).to_owned(),
        template: None,
        held: Vec::new(),
        access: String::new(),
        chips: Vec::new(),
        implied_scopes: Vec::new(),
    }
}

/// The scopes `scopes` imply, transitively, beyond themselves.
fn implied(cat: &Catalog, scopes: &[String]) -> Vec<String> {
    let mut seen: Vec<u32> = scopes.iter().filter_map(|s| cat.scope_index(s)).collect();
    let mut todo = seen.clone();
    let mut out = Vec::new();
    while let Some(ix) = todo.pop() {
        for &next in cat.implies_of(ix) {
            if !seen.contains(&next) {
                seen.push(next);
                todo.push(next);
                out.push(cat.scope(next).id.clone());
            }
        }
    }
    out
}

fn chips_of(found: &[AuditFinding], access: &str) -> Vec<String> {
    CHIPS
        .iter()
        .filter(|c| match c.id {
            "write_delete" => access.contains(['W', 'D', 'A']),
            _ => found.iter().any(|f| c.rules.contains(&f.rule)),
        })
        .map(|c| c.id.to_owned())
        .collect()
}

/// Vendor, then connection (in the connections' order), the credential first, riskiest first,
/// then by name and id (so the order is deterministic).
fn sort_rows(rows: &mut Vec<AuditRow>, order: &HashMap<String, (usize, String)>) {
    // Each row's connection position looked up once, not twice per comparison; the positions
    // of the rows are sorted, and the rows (hundreds of bytes each) moved once.
    let pos: Vec<usize> = rows
        .iter()
        .map(|r| {
            order
                .get(&r.token.connection_id)
                .map_or(usize::MAX, |(i, _)| *i)
        })
        .collect();
    let mut sorted: Vec<usize> = (0..rows.len()).collect();
    sorted.sort_by(|&i, &j| {
        let (a, b) = (&rows[i], &rows[j]);
        let (x, y) = (&a.token, &b.token);
        x.vendor
            .cmp(&y.vendor)
            .then(pos[i].cmp(&pos[j]))
            .then(x.connection_id.cmp(&y.connection_id))
            .then(y.is_connection_credential.cmp(&x.is_connection_credential))
            .then(b.score.cmp(&a.score))
            .then(x.name.cmp(&y.name))
            .then(x.id.cmp(&y.id))
    });
    let mut slots: Vec<Option<AuditRow>> = rows.drain(..).map(Some).collect();
    rows.extend(
        sorted
            .into_iter()
            .map(|i| slots[i].take().expect("each row is placed once")),
    );
}

/// The counts over `rows` (chips, findings per severity) beside them.
pub(crate) fn summarise(rows: Vec<AuditRow>, blocks: Vec<MatrixBlock>) -> Assessment {
    let chips = CHIPS
        .iter()
        .map(|c| ChipCount {
            id: c.id.into(),
            label: c.label.into(),
            count: rows
                .iter()
                .filter(|r| r.chips.iter().any(|x| x == c.id))
                .count() as u32,
        })
        .collect();
    let mut by_severity = [0u32; 4];
    for f in rows.iter().flat_map(|r| &r.findings) {
        by_severity[match f.severity {
            Severity::Low => 0,
            Severity::Medium => 1,
            Severity::High => 2,
            Severity::Critical => 3,
        }] += 1;
    }
    Assessment {
        rows,
        blocks,
        chips,
        by_severity,
    }
}
