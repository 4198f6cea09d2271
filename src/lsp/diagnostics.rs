//! The checks' diagnostics as the protocol's: ranges in UTF-16, codes, help as related
//! information, the other places of a conflict as links to them.

use std::path::{Path, PathBuf};

use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, Location as LspLocation, NumberOrString,
};

use super::position::range_of;
use super::uri::uri_of;
use crate::diagnostic::{Diagnostic, Location, Severity};

/// `d`, found in the document `file` whose text is `text`, for the editor. A problem whose
/// main place is in another file (the first report of a URL name two reports claim) is shown
/// at this file's place, the other one becoming related information.
pub fn to_protocol(d: &Diagnostic, file: &Path, text: &str) -> lsp_types::Diagnostic {
    let mut d = d.clone();
    if !same_file(&d.location.file, file)
        && let Some(here) = d
            .related
            .iter()
            .position(|r| same_file(&r.location.file, file))
    {
        let mine = d.related.remove(here);
        let other = std::mem::replace(&mut d.location, mine.location);
        d.related.insert(
            0,
            crate::diagnostic::Related {
                location: other,
                message: "also here".into(),
            },
        );
    }
    let range = range_of(text, &d.location);
    let here = uri_of(file).map(|uri| LspLocation::new(uri, range));
    let mut related = Vec::new();
    if let (Some(help), Some(here)) = (&d.help, &here) {
        related.push(DiagnosticRelatedInformation {
            location: here.clone(),
            message: format!("help: {help}"),
        });
    }
    for other in &d.related {
        if let Some(location) = elsewhere(&other.location, file, text) {
            related.push(DiagnosticRelatedInformation {
                location,
                message: other.message.clone(),
            });
        }
    }
    let mut message = d.message.clone();
    if let Some(label) = &d.label {
        message.push('\n');
        message.push_str(label);
    }
    lsp_types::Diagnostic {
        range,
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.as_str().to_string())),
        source: Some("incidex".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..Default::default()
    }
}

/// Whether a diagnostic's file (absolute, or relative to the current folder) is `file`.
fn same_file(written: &Path, file: &Path) -> bool {
    absolute(written) == file
}

fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        return path.to_path_buf();
    }
    std::env::current_dir()
        .map(|cwd| cwd.join(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Another place, in this document or in a file on disk (read for its line's UTF-16 columns).
fn elsewhere(location: &Location, file: &Path, text: &str) -> Option<LspLocation> {
    let path = absolute(&location.file);
    let range = if path == file {
        range_of(text, location)
    } else {
        let other = std::fs::read_to_string(&path).unwrap_or_default();
        range_of(&other, location)
    };
    Some(LspLocation::new(uri_of(&path)?, range))
}
