//! Diagnostics for people: rustc-like, with the source line and a caret under the problem.

use super::Sources;
use super::safe_text::{
    CONTEXT_BEFORE, MAX_LINE, WINDOW_WIDTH, has_line, place, push_source_char, sanitize,
    source_width,
};
use crate::diagnostic::{Diagnostic, Location, Severity};
use anstyle::{AnsiColor, Style as Look};

#[derive(Clone, Copy)]
pub(super) struct Style {
    pub(super) color: bool,
}

/// The looks of the parts of a diagnostic, rustc's: the severity and its carets in bold red
/// or yellow, the gutter (`-->`, `|`, line numbers, `=`) in bold blue, the message in bold.
const BOLD: Look = Look::new().bold();
const ERROR: Look = AnsiColor::Red.on_default().bold();
const WARNING: Look = AnsiColor::Yellow.on_default().bold();
const GUTTER: Look = AnsiColor::Blue.on_default().bold();

impl Style {
    fn paint(self, text: &str, look: Look) -> String {
        if self.color && !text.is_empty() {
            format!("{look}{text}{look:#}")
        } else {
            text.to_string()
        }
    }

    fn severity(self, severity: Severity) -> Look {
        match severity {
            Severity::Error => ERROR,
            Severity::Warning => WARNING,
        }
    }
}

/// One source line ready to print, with where its carets go.
pub(super) struct Snippet {
    line: usize,
    text: String,
    caret_offset: usize,
    caret_width: usize,
}

pub(super) fn fetch_snippet(location: &Location, sources: &dyn Sources) -> Option<Snippet> {
    if !has_line(location) {
        return None;
    }
    let source = sources.line(&location.file, location.line)?;
    Some(excerpt(
        &source,
        location.line,
        location.column,
        location.len,
    ))
}

/// Byte offset of the `n`th character of `s` (or `s.len()` past the end).
pub(super) fn byte_of_char(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}

pub(super) fn is_long(line: &str) -> bool {
    if line.chars().nth(MAX_LINE).is_some() {
        return true;
    }
    let mut width = 0;
    for c in line.chars() {
        width += source_width(c);
        if width > MAX_LINE {
            return true;
        }
    }
    false
}

/// The byte range of a long line shown around `start` (the first caret's byte).
pub(super) fn window(line: &str, start: usize) -> (usize, usize) {
    let mut from = start;
    let mut used = 0;
    for (i, c) in line[..start].char_indices().rev() {
        let w = source_width(c);
        if used + w > CONTEXT_BEFORE {
            break;
        }
        used += w;
        from = i;
    }
    let mut to = from;
    let mut used = 0;
    for (i, c) in line[from..].char_indices() {
        let w = source_width(c);
        let at = from + i;
        // The character under the first caret is always shown.
        if used + w > WINDOW_WIDTH && at > start {
            break;
        }
        used += w;
        to = at + c.len_utf8();
    }
    if to == line.len() {
        // The caret is near the end: use the room left for more text before it.
        for (i, c) in line[..from].char_indices().rev() {
            let w = source_width(c);
            if used + w > WINDOW_WIDTH {
                break;
            }
            used += w;
            from = i;
        }
    }
    (from, to)
}

/// Prepares `line` for display: tabs expanded, controls escaped, long lines shortened around the
/// caret; carets measured in display columns.
pub(super) fn excerpt(line: &str, line_number: usize, column: usize, len: usize) -> Snippet {
    let start = byte_of_char(line, column.max(1) - 1);
    let end = start + byte_of_char(&line[start..], len.max(1));
    let (from, to) = if is_long(line) {
        window(line, start)
    } else {
        (0, line.len())
    };

    let mut text = String::new();
    let mut col = 0;
    if from > 0 {
        text.push('…');
        col += 1;
    }
    let mut caret_offset = None;
    let mut caret_width = 0;
    for (i, c) in line[from..to].char_indices() {
        let at = from + i;
        if at == start {
            caret_offset = Some(col);
        }
        let w = push_source_char(&mut text, c);
        if (start..end).contains(&at) {
            caret_width += w;
        }
        col += w;
    }
    if to < line.len() {
        text.push('…');
    }
    Snippet {
        line: line_number,
        text,
        caret_offset: caret_offset.unwrap_or(col),
        caret_width: caret_width.max(1),
    }
}

pub(super) fn render_human(diagnostic: &Diagnostic, sources: &dyn Sources, style: Style) -> String {
    let main = fetch_snippet(&diagnostic.location, sources);
    let related: Vec<Option<Snippet>> = diagnostic
        .related
        .iter()
        .map(|r| fetch_snippet(&r.location, sources))
        .collect();
    let widest = main
        .iter()
        .chain(related.iter().flatten())
        .map(|s| s.line)
        .max()
        .unwrap_or(1);
    let width = widest.to_string().len();
    let pad = " ".repeat(width);
    let severity_color = style.severity(diagnostic.severity);
    let bar = format!("{pad} {}", style.paint("|", GUTTER));

    let mut out = String::new();
    let head = format!("{}[{}]", diagnostic.severity.as_str(), diagnostic.code);
    out.push_str(&style.paint(&head, severity_color));
    out.push_str(&style.paint(&format!(": {}", sanitize(&diagnostic.message)), BOLD));
    out.push('\n');

    let arrow = |out: &mut String, location: &Location| {
        out.push_str(&format!(
            "{pad}{} {}\n",
            style.paint("-->", GUTTER),
            sanitize(&place(location))
        ));
    };
    let snippet = |out: &mut String, snippet: &Snippet, label: Option<&str>| {
        out.push_str(&bar);
        out.push('\n');
        let number = format!("{:<width$} |", snippet.line);
        out.push_str(&style.paint(&number, GUTTER));
        if !snippet.text.is_empty() {
            out.push(' ');
            out.push_str(&snippet.text);
        }
        out.push('\n');
        out.push_str(&bar);
        out.push(' ');
        out.push_str(&" ".repeat(snippet.caret_offset));
        let mut marks = "^".repeat(snippet.caret_width);
        if let Some(label) = label {
            marks.push(' ');
            marks.push_str(&sanitize(label));
        }
        out.push_str(&style.paint(&marks, severity_color));
        out.push('\n');
    };

    arrow(&mut out, &diagnostic.location);
    if let Some(main) = &main {
        snippet(&mut out, main, diagnostic.label.as_deref());
    }
    if let Some(help) = &diagnostic.help {
        out.push_str(&bar);
        out.push('\n');
        out.push_str(&format!(
            "{pad} {} {}: {}\n",
            style.paint("=", GUTTER),
            style.paint("help", BOLD),
            sanitize(help)
        ));
    }
    for (related, shown) in diagnostic.related.iter().zip(&related) {
        out.push_str(&format!(
            "{}: {}\n",
            style.paint("note", BOLD),
            sanitize(&related.message)
        ));
        arrow(&mut out, &related.location);
        if let Some(shown) = shown {
            snippet(&mut out, shown, None);
        }
    }
    out.push('\n');
    out
}
