//! `incidex check`: every problem in every report, then a summary.

use std::io::Write;
use std::path::PathBuf;

use incidex::check_reports;
use incidex::diagnostic::{Format, summary_line};

use super::{CommandError, Outcome};

/// Options of `incidex check`.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub root: PathBuf,
    /// Report files or folders to check (all when empty).
    pub paths: Vec<PathBuf>,
    /// Warnings count as errors.
    pub strict: bool,
    pub format: Format,
    pub color: bool,
}

/// Checks the reports and prints their diagnostics on stdout, then the summary (on stderr
/// when the diagnostics are JSON or GitHub annotations).
pub fn run(opts: &CheckOptions) -> Result<Outcome, CommandError> {
    let only = (!opts.paths.is_empty()).then_some(opts.paths.as_slice());
    let site = check_reports(&opts.root, only)?;
    let mut out = std::io::stdout().lock();
    let _ = site.write_diagnostics(&mut out, opts.format, opts.color);
    let checked = &site.checked;
    let summary = summary_line(checked.reports.len(), checked.errors(), checked.warnings());
    match opts.format {
        Format::Human => {
            let _ = writeln!(out, "{summary}");
        }
        _ => tell!("{summary}"),
    }
    let outcome = if checked.errors() > 0 || (opts.strict && checked.warnings() > 0) {
        Outcome::ReportsNeedFixing
    } else {
        Outcome::Done
    };
    // As after a build: the system takes the memory back at once when the command ends.
    std::mem::forget(site);
    Ok(outcome)
}
