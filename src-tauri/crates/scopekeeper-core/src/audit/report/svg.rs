//! The tokens × groups matrix as inline SVG, one drawing per vendor: a row per token (name and
//! score), a column per catalog group; a cell says how much of the group the token holds and
//! its highest access there as a letter (R read, W write, D delete, A elevated/admin), so it
//! reads without colour; the colour only repeats the letter.

use std::fmt::Write;

use crate::audit::{AuditRow, MatrixBlock};

use super::esc;

const NAME_W: usize = 230;
const SCORE_W: usize = 44;
const CELL_W: usize = 58;
const ROW_H: usize = 18;
const HEAD_H: usize = 150;
/// Room on the right for the last group's slanted name.
const RIGHT_PAD: usize = 110;

/// The fill behind a cell's letter.
fn fill(letter: char) -> &'static str {
    match letter {
        // The app's risk tints: slate, fuchsia, red, crimson (never a reassuring green).
        'R' => "#e2e6ec",
        'W' => "#f3d3f5",
        'D' => "#f7c9c9",
        'A' => "#f1b8c8",
        _ => "#ffffff",
    }
}

fn access_word(letter: char) -> &'static str {
    match letter {
        'R' => "read",
        'W' => "write",
        'D' => "delete",
        'A' => "elevated/admin",
        _ => "none",
    }
}

/// A name cut to `max` characters (the full name is in its title).
fn short(name: &str, max: usize) -> String {
    if name.chars().count() > max {
        let mut s: String = name.chars().take(max - 1).collect();
        s.push('\u{2026}');
        s
    } else {
        name.to_owned()
    }
}

/// The matrix of one vendor's block over `rows` (that vendor's rows, in the report's order).
pub(super) fn matrix(block: &MatrixBlock, rows: &[&AuditRow]) -> String {
    let width = NAME_W + SCORE_W + CELL_W * block.groups.len() + RIGHT_PAD;
    let height = HEAD_H + ROW_H * rows.len() + 4;
    let vendor = block.vendor.name();
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"matrix\" role=\"img\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" aria-label=\"{} tokens by {} catalog groups of {}\">",
        rows.len(),
        block.groups.len(),
        esc(vendor)
    );
    let _ = write!(
        out,
        "<title>{}: tokens × catalog groups (held/total and highest access: R read, W write, D delete, A elevated/admin)</title>",
        esc(vendor)
    );
    header(&mut out, block);
    for (i, row) in rows.iter().enumerate() {
        token_row(&mut out, block, row, HEAD_H + i * ROW_H);
    }
    out.push_str("</svg>");
    out
}

fn header(out: &mut String, block: &MatrixBlock) {
    let y = HEAD_H - 6;
    let _ = write!(
        out,
        "<g class=\"head\"><text x=\"4\" y=\"{y}\">Token</text><text x=\"{}\" y=\"{y}\">Score</text>",
        NAME_W
    );
    for (i, g) in block.groups.iter().enumerate() {
        let x = NAME_W + SCORE_W + i * CELL_W + 8;
        let _ = write!(
            out,
            "<text x=\"{x}\" y=\"{y}\" transform=\"rotate(-45 {x} {y})\"><title>{} ({} permissions)</title>{}</text>",
            esc(&g.name),
            g.permissions,
            esc(&short(&g.name, 24))
        );
    }
    out.push_str("</g>");
}

fn token_row(out: &mut String, block: &MatrixBlock, row: &AuditRow, y: usize) {
    let t = &row.token;
    let text_y = y + ROW_H - 5;
    let _ = write!(
        out,
        "<g class=\"row\"><title>{} \u{2014} score {} ({})</title><rect class=\"band\" x=\"0\" y=\"{y}\" width=\"{}\" height=\"{ROW_H}\"/><text x=\"4\" y=\"{text_y}\">{}</text><text class=\"score\" x=\"{}\" y=\"{text_y}\">{}</text>",
        esc(&t.name),
        row.score,
        esc(&row.band),
        NAME_W + SCORE_W + CELL_W * block.groups.len(),
        esc(&short(&t.name, 34)),
        NAME_W,
        row.score
    );
    let letters: Vec<char> = row.access.chars().collect();
    for (i, g) in block.groups.iter().enumerate() {
        let held = row.held.get(i).copied().unwrap_or(0);
        let letter = letters.get(i).copied().unwrap_or('-');
        if held == 0 && letter == '-' {
            continue;
        }
        let x = NAME_W + SCORE_W + i * CELL_W;
        let _ = write!(
            out,
            "<g class=\"cell\"><title>{}: {held} of {} permissions, highest {}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/><text x=\"{}\" y=\"{text_y}\">{held}/{} {letter}</text></g>",
            esc(&g.name),
            g.permissions,
            access_word(letter),
            x + 1,
            y + 1,
            CELL_W - 2,
            ROW_H - 2,
            fill(letter),
            x + 4,
            g.permissions
        );
    }
    out.push_str("</g>");
}
