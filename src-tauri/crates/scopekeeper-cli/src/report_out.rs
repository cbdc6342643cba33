//! Where `audit` puts its report: standard output (escaped for a terminal) or the `--out`
//! file (exact bytes, written atomically), streamed as it is rendered: JSON is never held whole.

use std::io::{BufWriter, Write};

use scopekeeper_core::audit::report::{render, ReportFormat};
use scopekeeper_core::audit::AuditReport;
use scopekeeper_core::history::Changes;
use scopekeeper_core::printable::{printable_json, printable_lines};

use crate::Failure;

/// The report (with what changed, when asked) on standard output or in `--out`, streamed as it
/// is rendered (JSON is never held whole).
pub fn emit(
    out_file: Option<&std::path::Path>,
    report: &AuditReport,
    format: ReportFormat,
    since: Option<&Result<Option<Changes>, String>>,
) -> Result<(), Failure> {
    match out_file {
        Some(path) => {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            scopekeeper_core::fsutil::write_atomically_with(path, &format!(".{name}.saving"), |w| {
                write_report(w, report, format, since, false)
            })
            .map_err(|e| Failure::Message(format!("cannot write {}: {e}", path.display())))
        }
        None => {
            let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            write_report(&mut out, report, format, since, true)
                .and_then(|()| out.flush())
                .map_err(|e| Failure::Message(format!("cannot write the report: {e}")))
        }
    }
}

/// The report into `out`; `terminal`: escaped for a terminal, JSON and SARIF as JSON (still
/// valid), the others as text with their line ends kept. A file keeps the exact bytes.
fn write_report(
    out: &mut dyn Write,
    report: &AuditReport,
    format: ReportFormat,
    since: Option<&Result<Option<Changes>, String>>,
    terminal: bool,
) -> std::io::Result<()> {
    if format == ReportFormat::Json {
        #[derive(serde::Serialize)]
        struct Both<'a> {
            report: &'a AuditReport,
            changes: Option<&'a Changes>,
        }
        match since {
            None => json_into(&mut *out, report, terminal),
            Some(found) => {
                let changes = found.as_ref().ok().and_then(Option::as_ref);
                json_into(&mut *out, &Both { report, changes }, terminal)
            }
        }?;
        return out.write_all(b"\n");
    }
    let text = match since {
        None => render(report, format),
        Some(found) => with_changes(report, format, found),
    };
    let shown = match (terminal, format) {
        (false, _) => text.as_str().into(),
        (true, ReportFormat::Sarif) => printable_json(&text),
        (true, _) => printable_lines(&text),
    };
    out.write_all(shown.as_bytes())
}

/// `value` as pretty JSON, escaped for a terminal when `terminal`.
fn json_into(
    out: impl Write,
    value: &impl serde::Serialize,
    terminal: bool,
) -> std::io::Result<()> {
    if terminal {
        scopekeeper_core::printable::write_json(out, value)
    } else {
        serde_json::to_writer_pretty(out, value)
    }
    .map_err(std::io::Error::from)
}

/// The text report followed by the changes (JSON has them in [`write_report`]).
fn with_changes(
    report: &AuditReport,
    format: ReportFormat,
    found: &Result<Option<Changes>, String>,
) -> String {
    let mut out = render(report, format);
    out.push('\n');
    match found {
        Ok(Some(c)) => out.push_str(&crate::history::changes_text(c)),
        Ok(None) => {
            out.push_str("Changes: there is no earlier audit to compare with in the history.\n")
        }
        Err(_) => out.push_str("Changes: unavailable (see the error below).\n"),
    }
    out
}
