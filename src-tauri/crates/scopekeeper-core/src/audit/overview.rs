//! The audit at a glance: what the overview's charts draw, computed once from a report so the
//! app's charts and the HTML report's drawings say the same numbers. Every count is of
//! *tokens*, never of findings. Pure: the instant is the report's own.

use std::collections::HashMap;

use serde::Serialize;
use ts_rs::TS;

use super::{rule, AuditReport, AuditRow, RuleId};
use crate::vendor::Vendor;

/// The bands, as [`Overview`]'s `[u32; 5]` counts index them: none, low, medium, high,
/// critical (the order of [`super::band`]'s ranges).
pub const BANDS: [&str; 5] = ["none", "low", "medium", "high", "critical"];

/// How many weeks ahead the expiry timeline looks (13 weeks: the next 90 days and one more).
pub const WEEKS: usize = 13;
pub const WEEK_MS: i64 = 7 * 24 * 3_600_000;
/// How many tokens the "riskiest" list names.
pub const TOP: usize = 10;

/// The index of a band's name in [`BANDS`] (an unknown name counts as critical: a row is never
/// made to look safer than it is).
pub fn band_index(band: &str) -> usize {
    BANDS.iter().position(|b| *b == band).unwrap_or(4)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Overview {
    /// The report's instant (Unix ms): the expiry timeline counts from it.
    #[ts(type = "number")]
    pub now_ms: i64,
    pub tokens: u32,
    /// Tokens per band (see [`BANDS`]).
    pub bands: [u32; 5],
    /// Tokens per band in each connection read, in the report's order.
    pub connections: Vec<ConnectionBands>,
    pub expiry: Expiry,
    /// Per vendor: its connections × its catalog groups.
    pub heat: Vec<HeatBlock>,
    /// The riskiest tokens (at most [`TOP`]), riskiest first.
    pub top: Vec<TopToken>,
    /// Tokens per owner, riskiest first; tokens no vendor named an owner for come under `None`.
    pub owners: Vec<OwnerBands>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ConnectionBands {
    pub connection_id: String,
    pub label: String,
    pub vendor: Vendor,
    pub bands: [u32; 5],
}

/// When tokens expire, counted from the report's instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Expiry {
    /// Already expired and still present.
    pub expired: u32,
    /// `weeks[i]`: expiring in `[now + i weeks, now + (i + 1) weeks)`.
    pub weeks: Vec<u32>,
    /// Expiring later than the last week.
    pub later: u32,
    /// Never expiring.
    pub never: u32,
}

/// One vendor's heat strip: a row per connection, a cell per catalog group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct HeatBlock {
    pub vendor: Vendor,
    /// The groups' names, in the matrix's column order.
    pub groups: Vec<String>,
    pub rows: Vec<HeatRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct HeatRow {
    pub connection_id: String,
    pub label: String,
    /// Per group: how many tokens hold it at most write, at most delete, and elevated/admin
    /// (each token counts once, under its highest access there).
    pub cells: Vec<[u32; 3]>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TopToken {
    /// Its index in the report's rows.
    pub row: u32,
    pub connection_id: String,
    pub id: String,
    pub name: String,
    pub score: u8,
    pub band: String,
    /// Its weightiest finding (the first of equals, in the report's order), with the fix.
    pub rule: Option<RuleId>,
    pub finding: Option<String>,
    pub fix: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct OwnerBands {
    pub owner: Option<String>,
    pub bands: [u32; 5],
    pub top_score: u8,
}

/// The access letters a heat cell counts, lowest first.
const HEAT_LETTERS: [u8; 3] = [b'W', b'D', b'A'];

impl Overview {
    pub fn of(report: &AuditReport) -> Self {
        let rows = &report.assessment.rows;
        let now = report.generated_ms;
        let mut bands = [0u32; 5];
        let mut expiry = Expiry {
            expired: 0,
            weeks: vec![0; WEEKS],
            later: 0,
            never: 0,
        };
        for r in rows {
            bands[band_index(&r.band)] += 1;
            count_expiry(&mut expiry, now, r.token.expires_ms);
        }
        Overview {
            now_ms: now,
            tokens: rows.len() as u32,
            bands,
            connections: connections(report),
            expiry,
            heat: heat(report),
            top: top(rows),
            owners: owners(rows),
        }
    }
}

fn count_expiry(e: &mut Expiry, now: i64, expires_ms: Option<i64>) {
    let Some(at) = expires_ms else {
        e.never += 1;
        return;
    };
    if at <= now {
        e.expired += 1;
        return;
    }
    let week = (at - now) / WEEK_MS;
    match e.weeks.get_mut(week as usize) {
        Some(n) => *n += 1,
        None => e.later += 1,
    }
}

/// Each connection of the report's outcomes, then any a row names that no outcome does (a
/// report is never trusted to be whole).
fn connections(report: &AuditReport) -> Vec<ConnectionBands> {
    let mut out: Vec<ConnectionBands> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for o in &report.outcomes {
        at.entry(&o.connection_id).or_insert_with(|| {
            out.push(ConnectionBands {
                connection_id: o.connection_id.clone(),
                label: o.label.clone(),
                vendor: o.vendor,
                bands: [0; 5],
            });
            out.len() - 1
        });
    }
    for r in &report.assessment.rows {
        let i = *at.entry(&r.token.connection_id).or_insert_with(|| {
            out.push(ConnectionBands {
                connection_id: r.token.connection_id.clone(),
                label: r.token.connection_id.clone(),
                vendor: r.token.vendor,
                bands: [0; 5],
            });
            out.len() - 1
        });
        out[i].bands[band_index(&r.band)] += 1;
    }
    out
}

fn heat(report: &AuditReport) -> Vec<HeatBlock> {
    let a = &report.assessment;
    let mut out: Vec<HeatBlock> = a
        .blocks
        .iter()
        .map(|b| HeatBlock {
            vendor: b.vendor,
            groups: b.groups.iter().map(|g| g.name.clone()).collect(),
            rows: Vec::new(),
        })
        .collect();
    let labels: HashMap<&str, &str> = report
        .outcomes
        .iter()
        .map(|o| (o.connection_id.as_str(), o.label.as_str()))
        .collect();
    // (block, connection) → its row in that block.
    let mut at: HashMap<(usize, &str), usize> = HashMap::new();
    for r in &a.rows {
        let Some(b) = out.iter().position(|b| b.vendor == r.token.vendor) else {
            continue;
        };
        let block = &mut out[b];
        let width = block.groups.len();
        let i = *at.entry((b, &r.token.connection_id)).or_insert_with(|| {
            let id = &r.token.connection_id;
            block.rows.push(HeatRow {
                connection_id: id.clone(),
                label: labels.get(id.as_str()).unwrap_or(&id.as_str()).to_string(),
                cells: vec![[0; 3]; width],
            });
            block.rows.len() - 1
        });
        let cells = &mut block.rows[i].cells;
        for (g, letter) in r.access.bytes().enumerate().take(width) {
            if let Some(k) = HEAT_LETTERS.iter().position(|l| *l == letter) {
                cells[g][k] += 1;
            }
        }
    }
    out.retain(|b| !b.rows.is_empty());
    out
}

fn top(rows: &[AuditRow]) -> Vec<TopToken> {
    let mut order: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].score > 0).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (&rows[a], &rows[b]);
        rb.score
            .cmp(&ra.score)
            .then_with(|| ra.token.name.cmp(&rb.token.name))
            .then(a.cmp(&b))
    });
    order.truncate(TOP);
    order
        .into_iter()
        .map(|i| {
            let r = &rows[i];
            // The weightiest finding; the first of equals.
            let worst = r.findings.iter().reduce(|best, f| {
                if (f.points, f.severity) > (best.points, best.severity) {
                    f
                } else {
                    best
                }
            });
            TopToken {
                row: i as u32,
                connection_id: r.token.connection_id.clone(),
                id: r.token.id.clone(),
                name: r.token.name.clone(),
                score: r.score,
                band: r.band.clone(),
                rule: worst.map(|f| f.rule),
                finding: worst.map(|f| rule(f.rule).title.to_owned()),
                fix: worst.map(|f| rule(f.rule).fix.to_owned()),
            }
        })
        .collect()
}

fn owners(rows: &[AuditRow]) -> Vec<OwnerBands> {
    let mut out: Vec<OwnerBands> = Vec::new();
    let mut at: HashMap<Option<&str>, usize> = HashMap::new();
    for r in rows {
        let i = *at.entry(r.token.owner.as_deref()).or_insert_with(|| {
            out.push(OwnerBands {
                owner: r.token.owner.clone(),
                bands: [0; 5],
                top_score: 0,
            });
            out.len() - 1
        });
        out[i].bands[band_index(&r.band)] += 1;
        out[i].top_score = out[i].top_score.max(r.score);
    }
    // Riskiest first: most critical tokens, then most high, … then most tokens, then by name.
    out.sort_by(|a, b| {
        let key = |o: &OwnerBands| {
            let mut k = o.bands;
            k.reverse();
            k
        };
        key(b)
            .cmp(&key(a))
            .then_with(|| b.top_score.cmp(&a.top_score))
            .then_with(|| a.owner.cmp(&b.owner))
    });
    out
}

#[cfg(test)]
mod tests;
