//! Diagnostics for tools: one JSON document.

use std::io::{self, Write};

use serde::Serialize;

use super::safe_text::{display_path, has_line};
use crate::diagnostic::{Diagnostic, Location};

#[derive(Serialize)]
pub(super) struct JsonDiagnostic<'a> {
    severity: &'static str,
    code: &'static str,
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
    label: Option<&'a str>,
    help: Option<&'a str>,
    related: Vec<JsonRelated<'a>>,
}

#[derive(Serialize)]
pub(super) struct JsonRelated<'a> {
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
}

pub(super) fn line_column(location: &Location) -> (Option<usize>, Option<usize>) {
    if has_line(location) {
        (Some(location.line), Some(location.column.max(1)))
    } else {
        (None, None)
    }
}

pub(super) fn render_json(out: &mut dyn Write, diagnostics: &[Diagnostic]) -> io::Result<()> {
    let items: Vec<JsonDiagnostic<'_>> = diagnostics
        .iter()
        .map(|d| {
            let (line, column) = line_column(&d.location);
            JsonDiagnostic {
                severity: d.severity.as_str(),
                code: d.code.as_str(),
                file: display_path(&d.location.file),
                line,
                column,
                message: &d.message,
                label: d.label.as_deref(),
                help: d.help.as_deref(),
                related: d
                    .related
                    .iter()
                    .map(|r| {
                        let (line, column) = line_column(&r.location);
                        JsonRelated {
                            file: display_path(&r.location.file),
                            line,
                            column,
                            message: &r.message,
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &items)?;
    out.write_all(b"\n")
}
