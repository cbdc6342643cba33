//! The overview's charts as inline SVG: stacked bars of tokens per risk band (per connection,
//! per owner), the expiry timeline, and a vendor's heat strip (connections × groups). Each is
//! one `role="img"` drawing whose label carries its numbers; nothing in it is interactive (the
//! links are in the table under each). The colours run from light to dark as the risk rises and
//! every number is written as text, so a drawing reads in monochrome; none is a reassuring green.

use std::fmt::Write;

use crate::audit::overview::{Expiry, HeatBlock, BANDS, WEEKS, WEEK_MS};

use super::{day, esc};

/// The bands as drawn: riskiest first (indexes into [`BANDS`]).
pub(super) const ORDER: [usize; 5] = [4, 3, 2, 1, 0];
/// A band's fill, light to dark: none, low, medium, high, critical (the app's risk colours).
const FILL: [&str; 5] = ["#ffffff", "#dadde1", "#deb0e3", "#d57777", "#9f1239"];
/// The ink written on a band's fill.
const INK: [&str; 5] = ["#1b1f24", "#1b1f24", "#1b1f24", "#1b1f24", "#ffffff"];
const STROKE: &str = "#5b6472";

const LABEL_W: f64 = 200.0;
const BAR_W: f64 = 500.0;
const TOTAL_W: f64 = 80.0;
const ROW_H: f64 = 22.0;
const ROW_GAP: f64 = 6.0;
const LEGEND_H: f64 = 26.0;

/// One stacked bar: its label (as the vendor or file gave it) and its tokens per band.
pub(super) struct Bar<'a> {
    pub label: &'a str,
    pub bands: [u32; 5],
}

/// Text from a vendor or a file, made printable (control characters become U+FFFD), cut to
/// `max` characters, and escaped.
pub(super) fn label(s: &str, max: usize) -> String {
    let clean: String = s
        .chars()
        .map(|c| {
            if c.is_control() || super::is_bidi_control(c) {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect();
    if clean.chars().count() > max {
        let mut cut: String = clean.chars().take(max - 1).collect();
        cut.push('\u{2026}');
        esc(&cut)
    } else {
        esc(&clean)
    }
}

/// "3 tokens (1 critical, 0 high, 2 medium, 0 low, 0 none)".
pub(super) fn band_words(bands: &[u32; 5]) -> String {
    let each: Vec<String> = ORDER
        .iter()
        .map(|&b| format!("{} {}", bands[b], BANDS[b]))
        .collect();
    let total: u32 = bands.iter().sum();
    format!("{total} tokens ({})", each.join(", "))
}

fn open(out: &mut String, class: &str, w: f64, h: f64, aria: &str, title: &str) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart {class}\" role=\"img\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" aria-label=\"{aria}\"><title>{title}</title>"
    );
}

fn legend(out: &mut String) {
    for (i, &b) in ORDER.iter().enumerate() {
        let x = LABEL_W + i as f64 * 92.0;
        let _ = write!(
            out,
            "<rect x=\"{x}\" y=\"6\" width=\"12\" height=\"12\" fill=\"{}\" stroke=\"{STROKE}\"/><text x=\"{}\" y=\"16\">{}</text>",
            FILL[b],
            x + 17.0,
            BANDS[b]
        );
    }
    let _ = write!(
        out,
        "<text class=\"head\" x=\"{}\" y=\"16\" text-anchor=\"end\">Tokens</text>",
        LABEL_W + BAR_W + TOTAL_W - 4.0
    );
}

/// Stacked bars of tokens per band, each scaled against the largest; `note` is a last line of
/// text under them (e.g. "12 more owners").
pub(super) fn bands_chart(class: &str, title: &str, bars: &[Bar<'_>], note: &str) -> String {
    let max = bars
        .iter()
        .map(|b| b.bands.iter().sum::<u32>())
        .max()
        .unwrap_or(0);
    let note_h = if note.is_empty() { 0.0 } else { ROW_H };
    let w = LABEL_W + BAR_W + TOTAL_W;
    let h = LEGEND_H + bars.len() as f64 * (ROW_H + ROW_GAP) + note_h + 4.0;
    let words: Vec<String> = bars
        .iter()
        .map(|b| format!("{}: {}", label(b.label, 200), band_words(&b.bands)))
        .collect();
    let mut aria = format!("{}. {}", esc(title), words.join("; "));
    if !note.is_empty() {
        let _ = write!(aria, "; {}", esc(note));
    }
    let mut out = String::new();
    open(&mut out, class, w, h, &aria, &esc(title));
    legend(&mut out);
    for (i, bar) in bars.iter().enumerate() {
        let y = LEGEND_H + i as f64 * (ROW_H + ROW_GAP);
        bar_row(&mut out, bar, y, max);
    }
    if !note.is_empty() {
        let y = LEGEND_H + bars.len() as f64 * (ROW_H + ROW_GAP) + 15.0;
        let _ = write!(out, "<text x=\"4\" y=\"{y}\">{}</text>", esc(note));
    }
    out.push_str("</svg>");
    out
}

fn bar_row(out: &mut String, bar: &Bar<'_>, y: f64, max: u32) {
    let total: u32 = bar.bands.iter().sum();
    let text_y = y + ROW_H - 6.0;
    let _ = write!(
        out,
        "<g class=\"bar\"><title>{}: {}</title><text x=\"4\" y=\"{text_y}\">{}</text>",
        label(bar.label, 200),
        band_words(&bar.bands),
        label(bar.label, 30)
    );
    let mut x = LABEL_W;
    for &b in &ORDER {
        let n = bar.bands[b];
        if n == 0 || max == 0 {
            continue;
        }
        let seg = BAR_W * f64::from(n) / f64::from(max);
        let _ = write!(
            out,
            "<rect x=\"{x:.1}\" y=\"{y}\" width=\"{seg:.1}\" height=\"{ROW_H}\" fill=\"{}\" stroke=\"{STROKE}\" stroke-width=\"0.6\"/>",
            FILL[b]
        );
        // The count inside its segment when it fits (the table and the label have them all).
        if seg >= 8.0 * n.to_string().len() as f64 + 6.0 {
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{text_y}\" text-anchor=\"middle\" fill=\"{}\">{n}</text>",
                x + seg / 2.0,
                INK[b]
            );
        }
        x += seg;
    }
    let _ = write!(
        out,
        "<text class=\"head\" x=\"{}\" y=\"{text_y}\" text-anchor=\"end\">{total}</text></g>",
        LABEL_W + BAR_W + TOTAL_W - 4.0
    );
}

const COL_W: f64 = 44.0;
const PLOT_H: f64 = 150.0;
const TOP_H: f64 = 20.0;
const FOOT_H: f64 = 84.0;
/// Room on the left for the first column's slanted label.
const EXPIRY_LEFT: f64 = 36.0;

/// The expiry timeline's columns: label, count, fill.
pub(super) fn expiry_columns(e: &Expiry, now: i64) -> Vec<(String, u32, &'static str)> {
    let mut cols = vec![("Expired".to_owned(), e.expired, FILL[4])];
    for (i, &n) in e.weeks.iter().enumerate().take(WEEKS) {
        cols.push((day(now + i as i64 * WEEK_MS), n, FILL[2]));
    }
    cols.push(("Later".to_owned(), e.later, FILL[1]));
    cols.push(("Never".to_owned(), e.never, FILL[3]));
    cols
}

/// Columns of tokens: expired, expiring per week from the report's instant, later, never.
pub(super) fn expiry_chart(e: &Expiry, now: i64) -> String {
    let cols = expiry_columns(e, now);
    let max = cols.iter().map(|c| c.1).max().unwrap_or(0);
    let w = EXPIRY_LEFT + 8.0 + cols.len() as f64 * COL_W;
    let h = TOP_H + PLOT_H + FOOT_H;
    let words: Vec<String> = cols.iter().map(|(l, n, _)| format!("{l}: {n}")).collect();
    let aria = format!(
        "Tokens by expiry: expired, then each week from {} (UTC), later, never. {}",
        day(now),
        words.join("; ")
    );
    let mut out = String::new();
    open(&mut out, "expiry", w, h, &aria, "Tokens by expiry");
    let base = TOP_H + PLOT_H;
    for (i, (name, n, fill)) in cols.iter().enumerate() {
        let x = EXPIRY_LEFT + i as f64 * COL_W;
        let bar_h = if max == 0 {
            0.0
        } else {
            PLOT_H * f64::from(*n) / f64::from(max)
        };
        let top = base - bar_h;
        let _ = write!(
            out,
            "<g class=\"col\"><title>{name}: {n} tokens</title><rect x=\"{}\" y=\"{top:.1}\" width=\"{}\" height=\"{bar_h:.1}\" fill=\"{fill}\" stroke=\"{STROKE}\" stroke-width=\"0.6\"/><text x=\"{}\" y=\"{:.1}\" text-anchor=\"middle\">{n}</text>",
            x + 4.0,
            COL_W - 8.0,
            x + COL_W / 2.0,
            top - 4.0
        );
        let lx = x + COL_W / 2.0 + 4.0;
        let ly = base + 14.0;
        let _ = write!(
            out,
            "<text x=\"{lx}\" y=\"{ly}\" text-anchor=\"end\" transform=\"rotate(-45 {lx} {ly})\">{name}</text></g>"
        );
    }
    let _ = write!(
        out,
        "<line x1=\"{EXPIRY_LEFT}\" y1=\"{base}\" x2=\"{}\" y2=\"{base}\" stroke=\"{STROKE}\"/></svg>",
        w - 8.0
    );
    out
}

const HEAT_LABEL_W: f64 = 200.0;
const HEAT_W: f64 = 60.0;
const HEAT_H: f64 = 48.0;
const HEAT_HEAD: f64 = 140.0;
const HEAT_PAD: f64 = 110.0;
/// The letters of a heat cell and their fills (the matrix's tints).
pub(super) const HEAT_LETTERS: [char; 3] = ['W', 'D', 'A'];
const HEAT_FILL: [&str; 3] = ["#f3d3f5", "#f7c9c9", "#f1b8c8"];

/// The highest access a heat cell counts a token at (`None` when it counts none).
pub(super) fn highest(cell: &[u32; 3]) -> Option<usize> {
    (0..3).rev().find(|&k| cell[k] > 0)
}

/// One vendor's connections × groups: per cell, how many tokens hold write, delete and
/// elevated/admin access there, the highest letter large.
pub(super) fn heat_chart(block: &HeatBlock) -> String {
    let groups = block.groups.len() as f64;
    let w = HEAT_LABEL_W + groups * HEAT_W + HEAT_PAD;
    let h = HEAT_HEAD + block.rows.len() as f64 * HEAT_H + 4.0;
    let vendor = esc(block.vendor.name());
    let mut totals = vec![[0u32; 3]; block.groups.len()];
    for r in &block.rows {
        for (t, c) in totals.iter_mut().zip(&r.cells) {
            (0..3).for_each(|k| t[k] += c[k]);
        }
    }
    let per_group: Vec<String> = block
        .groups
        .iter()
        .zip(&totals)
        .map(|(g, t)| format!("{}: W {}, D {}, A {}", label(g, 200), t[0], t[1], t[2]))
        .collect();
    let aria = format!(
        "{vendor}: tokens holding write (W), delete (D) or elevated/admin (A) access, {} connections by {} catalog groups; over all its connections, {}",
        block.rows.len(),
        block.groups.len(),
        per_group.join("; ")
    );
    let mut out = String::new();
    let title = format!("{vendor}: write, delete and admin access per connection and group");
    open(&mut out, "heat", w, h, &aria, &title);
    let y = HEAT_HEAD - 6.0;
    let _ = write!(
        out,
        "<g class=\"head\"><text x=\"4\" y=\"{y}\">Connection</text>"
    );
    for (i, g) in block.groups.iter().enumerate() {
        let x = HEAT_LABEL_W + i as f64 * HEAT_W + 10.0;
        let _ = write!(
            out,
            "<text x=\"{x}\" y=\"{y}\" transform=\"rotate(-45 {x} {y})\"><title>{}</title>{}</text>",
            label(g, 200),
            label(g, 22)
        );
    }
    out.push_str("</g>");
    for (j, row) in block.rows.iter().enumerate() {
        let y = HEAT_HEAD + j as f64 * HEAT_H;
        let _ = write!(
            out,
            "<g class=\"heat-row\"><text x=\"4\" y=\"{}\">{}</text>",
            y + HEAT_H / 2.0 + 4.0,
            label(&row.label, 30)
        );
        for (i, cell) in row.cells.iter().enumerate() {
            heat_cell(
                &mut out,
                &block.groups[i],
                cell,
                HEAT_LABEL_W + i as f64 * HEAT_W,
                y,
            );
        }
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

fn heat_cell(out: &mut String, group: &str, cell: &[u32; 3], x: f64, y: f64) {
    let top = highest(cell);
    let fill = top.map_or("#ffffff", |k| HEAT_FILL[k]);
    let _ = write!(
        out,
        "<g class=\"cell\"><title>{}: W {}, D {}, A {}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\" stroke=\"#aab1bc\" stroke-width=\"0.6\"/>",
        label(group, 200),
        cell[0],
        cell[1],
        cell[2],
        x + 1.0,
        y + 1.0,
        HEAT_W - 2.0,
        HEAT_H - 2.0
    );
    if let Some(k) = top {
        let _ = write!(
            out,
            "<text class=\"letter\" x=\"{}\" y=\"{}\">{}</text>",
            x + 6.0,
            y + 30.0,
            HEAT_LETTERS[k]
        );
        for (n, l) in HEAT_LETTERS.iter().enumerate() {
            let _ = write!(
                out,
                "<text class=\"count\" x=\"{}\" y=\"{}\">{l} {}</text>",
                x + 22.0,
                y + 14.0 + n as f64 * 13.0,
                cell[n]
            );
        }
    }
    out.push_str("</g>");
}
