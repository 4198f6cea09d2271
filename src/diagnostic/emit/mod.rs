//! Diagnostics shown to people (rustc-like), to tools (JSON) and to GitHub Actions (annotations).

use std::io::{self, Write};
use std::path::Path;

mod github;
mod human;
mod json;
mod safe_text;
#[cfg(test)]
mod tests;

use super::Diagnostic;
use github::render_github;
use human::{Style, render_human};
use json::render_json;

/// The output formats of `check --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Github,
}

/// Gives the text of a source line for the snippet under a diagnostic.
pub trait Sources {
    /// Line `line` (1-based) of `file`, without its line ending.
    fn line(&self, file: &Path, line: usize) -> Option<String>;
}

/// Writes every diagnostic in `format`. `color` adds ANSI colours (human format only).
pub fn render_all(
    out: &mut dyn Write,
    diagnostics: &[Diagnostic],
    format: Format,
    sources: &dyn Sources,
    color: bool,
) -> io::Result<()> {
    match format {
        Format::Human => {
            let style = Style { color };
            for diagnostic in diagnostics {
                let text = render_human(diagnostic, sources, style);
                out.write_all(text.as_bytes())?;
            }
            Ok(())
        }
        Format::Json => render_json(out, diagnostics),
        Format::Github => {
            for diagnostic in diagnostics {
                out.write_all(render_github(diagnostic).as_bytes())?;
            }
            Ok(())
        }
    }
}

/// `12 reports checked: 2 errors, 1 warning` (singular and plural handled).
pub fn summary_line(reports: usize, errors: usize, warnings: usize) -> String {
    let checked = format!("{} checked", count(reports, "report"));
    let problems = match (errors, warnings) {
        (0, 0) => "no problems".to_string(),
        (e, 0) => count(e, "error"),
        (0, w) => count(w, "warning"),
        (e, w) => format!("{}, {}", count(e, "error"), count(w, "warning")),
    };
    format!("{checked}: {problems}")
}

fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
