//! What the overview's charts must say, computed here from the audit's JSON report (the
//! report the admin exports), independently of the app's own arithmetic.

use std::collections::HashMap;

use serde_json::Value;

pub const BANDS: [&str; 5] = ["none", "low", "medium", "high", "critical"];
pub const WEEK_MS: i64 = 7 * 24 * 3_600_000;

pub fn band_index(band: &str) -> usize {
    BANDS.iter().position(|b| *b == band).unwrap_or(4)
}

/// A chart table's rows as the charts' riskiest-first columns read: critical … none, total.
pub fn band_cells(bands: &[u32; 5]) -> Vec<String> {
    let mut out: Vec<String> = (0..5).rev().map(|b| bands[b].to_string()).collect();
    out.push(bands.iter().sum::<u32>().to_string());
    out
}

pub struct Expected {
    /// Per connection (the report's outcome order): label, then the band cells.
    pub connections: Vec<Vec<String>>,
    /// expired, 13 weeks, later, never.
    pub expiry: Vec<u32>,
    /// connection label, group, write, delete, admin — nonzero cells, in drawing order.
    pub heat: Vec<Vec<String>>,
    pub top_scores: Vec<u64>,
    /// The ten riskiest owners: label, then the band cells.
    pub owners: Vec<Vec<String>>,
    pub owners_total: usize,
}

fn rows(report: &Value) -> &Vec<Value> {
    report["assessment"]["rows"].as_array().unwrap()
}

fn labels(report: &Value) -> HashMap<&str, &str> {
    report["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["connection_id"].as_str().unwrap(),
                o["label"].as_str().unwrap(),
            )
        })
        .collect()
}

pub fn expected(report: &Value) -> Expected {
    let (owners, owners_total) = owners(report);
    Expected {
        connections: connections(report),
        expiry: expiry(report),
        heat: heat(report),
        top_scores: top_scores(report),
        owners,
        owners_total,
    }
}

fn connections(report: &Value) -> Vec<Vec<String>> {
    let label = labels(report);
    let mut per_conn: Vec<(&str, [u32; 5])> = report["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["connection_id"].as_str().unwrap(), [0; 5]))
        .collect();
    for r in rows(report) {
        let conn = r["token"]["connection_id"].as_str().unwrap();
        match per_conn.iter_mut().find(|(c, _)| *c == conn) {
            Some((_, bands)) => bands[band_index(r["band"].as_str().unwrap())] += 1,
            None => panic!("row of connection {conn} that no outcome names"),
        }
    }
    per_conn
        .iter()
        .map(|(c, bands)| {
            let mut row = vec![label[c].to_owned()];
            row.extend(band_cells(bands));
            row
        })
        .collect()
}

fn expiry(report: &Value) -> Vec<u32> {
    let now = report["generated_ms"].as_i64().unwrap();
    let mut out = vec![0u32; 16];
    for r in rows(report) {
        let slot = match r["token"]["expires_ms"].as_i64() {
            None => 15,
            Some(at) if at <= now => 0,
            Some(at) => match (at - now) / WEEK_MS {
                w @ 0..=12 => 1 + w as usize,
                _ => 14,
            },
        };
        out[slot] += 1;
    }
    out
}

fn top_scores(report: &Value) -> Vec<u64> {
    let mut scores: Vec<u64> = rows(report)
        .iter()
        .map(|r| r["score"].as_u64().unwrap())
        .filter(|s| *s > 0)
        .collect();
    scores.sort_unstable_by(|a, b| b.cmp(a));
    scores.truncate(10);
    scores
}

/// The ten riskiest owners' table rows, and how many owners there are.
fn owners(report: &Value) -> (Vec<Vec<String>>, usize) {
    let mut owners: Vec<(Option<&str>, [u32; 5], u64)> = Vec::new();
    for r in rows(report) {
        let b = band_index(r["band"].as_str().unwrap());
        let owner = r["token"]["owner"].as_str();
        let score = r["score"].as_u64().unwrap();
        match owners.iter_mut().find(|(o, _, _)| *o == owner) {
            Some((_, bands, top)) => {
                bands[b] += 1;
                *top = (*top).max(score);
            }
            None => {
                let mut bands = [0; 5];
                bands[b] = 1;
                owners.push((owner, bands, score));
            }
        }
    }
    owners.sort_by(|a, b| {
        let key = |o: &[u32; 5]| [o[4], o[3], o[2], o[1], o[0]];
        key(&b.1)
            .cmp(&key(&a.1))
            .then(b.2.cmp(&a.2))
            .then(a.0.cmp(&b.0))
    });
    let table = owners
        .iter()
        .take(10)
        .map(|(o, bands, _)| {
            let mut row = vec![o.unwrap_or("No owner recorded").to_owned()];
            row.extend(band_cells(bands));
            row
        })
        .collect();
    (table, owners.len())
}

/// The heat strip: per vendor block, connections in the order their first row comes.
fn heat(report: &Value) -> Vec<Vec<String>> {
    let label = labels(report);
    let mut heat = Vec::new();
    for block in report["assessment"]["blocks"].as_array().unwrap() {
        let vendor = block["vendor"].as_str().unwrap();
        let groups: Vec<&str> = block["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["name"].as_str().unwrap())
            .collect();
        let mut conns: Vec<(&str, Vec<[u32; 3]>)> = Vec::new();
        for r in rows(report)
            .iter()
            .filter(|r| r["token"]["vendor"] == vendor)
        {
            let conn = r["token"]["connection_id"].as_str().unwrap();
            if !conns.iter().any(|(c, _)| *c == conn) {
                conns.push((conn, vec![[0; 3]; groups.len()]));
            }
            let cells = &mut conns.iter_mut().find(|(c, _)| *c == conn).unwrap().1;
            for (g, letter) in r["access"].as_str().unwrap().chars().enumerate() {
                if let Some(k) = "WDA".find(letter) {
                    cells[g][k] += 1;
                }
            }
        }
        for (conn, cells) in conns {
            for (g, c) in cells
                .iter()
                .enumerate()
                .filter(|(_, c)| c.iter().sum::<u32>() > 0)
            {
                heat.push(vec![
                    label[conn].to_owned(),
                    groups[g].to_owned(),
                    c[0].to_string(),
                    c[1].to_string(),
                    c[2].to_string(),
                ]);
            }
        }
    }
    heat
}
