//! Stage four: each problem located at `file:line:col` (through the document's own text), in
//! file order.

use super::{CatalogDiagnostic, CatalogErrors, Format};
use crate::catalog::locate::{json_offsets, line_col, toml_offsets, DocPath};

pub(super) fn located(
    name: &str,
    text: &str,
    format: Format,
    problems: Vec<(DocPath, String)>,
) -> CatalogErrors {
    let paths: Vec<DocPath> = problems.iter().map(|(p, _)| p.clone()).collect();
    let offsets = match format {
        Format::Json => json_offsets(text, &paths),
        Format::Toml => toml_offsets(text, &paths),
    };
    let mut diags: Vec<(usize, CatalogDiagnostic)> = problems
        .into_iter()
        .map(|(path, message)| {
            let offset = offsets.get(&path).copied().unwrap_or(0);
            let (line, column) = line_col(text, offset);
            let message = if path.0.is_empty() {
                message
            } else {
                format!("{path}: {message}")
            };
            let d = CatalogDiagnostic {
                file: name.to_owned(),
                line,
                column,
                message,
            };
            (offset, d)
        })
        .collect();
    diags.sort_by_key(|(offset, _)| *offset);
    CatalogErrors(diags.into_iter().map(|(_, d)| d).collect())
}
