//! Diagnostics for GitHub Actions: workflow command annotations.

use super::safe_text::{display_path, has_line, must_escape, place, push_escaped};
use crate::diagnostic::Diagnostic;

/// Escapes workflow command data (`property` adds the rules for property values). Other
/// control and bidi characters are written as `\u{1b}` so they never reach the log raw.
pub(super) fn github_escape(s: &str, property: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c if must_escape(c) => push_escaped(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

pub(super) fn render_github(diagnostic: &Diagnostic) -> String {
    let location = &diagnostic.location;
    let mut properties = format!(
        "file={}",
        github_escape(&display_path(&location.file), true)
    );
    if has_line(location) {
        properties.push_str(&format!(
            ",line={},col={}",
            location.line,
            location.column.max(1)
        ));
    }
    properties.push_str(&format!(
        ",title={}",
        github_escape(diagnostic.code.as_str(), true)
    ));

    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    for related in &diagnostic.related {
        message.push_str(&format!(
            "\nnote: {} ({})",
            related.message,
            place(&related.location)
        ));
    }
    format!(
        "::{} {properties}::{}\n",
        diagnostic.severity.as_str(),
        github_escape(&message, false)
    )
}
