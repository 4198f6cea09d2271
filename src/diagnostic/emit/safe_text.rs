//! What every format shares: source text and paths made safe and measured for the terminal.

use std::path::Path;

use unicode_width::UnicodeWidthChar;

use crate::diagnostic::Location;

/// Source lines longer than this (in characters or display columns) are shortened around the caret.
pub(super) const MAX_LINE: usize = 200;
/// Display columns kept from a shortened line (the two `…` excluded).
pub(super) const WINDOW_WIDTH: usize = 160;
/// Display columns kept before the caret in a shortened line (when the line goes on long enough).
pub(super) const CONTEXT_BEFORE: usize = 40;
/// What a tab in a source line becomes.
pub(super) const TAB: &str = "    ";

/// Characters that must never reach a terminal raw: C0/C1 controls and DEL, and the bidirectional
/// formatting characters that can reorder what is shown (Trojan Source).
pub(super) fn must_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
        )
}

pub(super) fn push_escaped(out: &mut String, c: char) {
    use std::fmt::Write as _;
    let _ = write!(out, "\\u{{{:x}}}", c as u32);
}

/// Length (and display width) of `\u{…}` for `c`.
pub(super) fn escaped_len(c: char) -> usize {
    let hex_digits = (32 - (c as u32).leading_zeros()).div_ceil(4).max(1) as usize;
    hex_digits + 4
}

/// `s` with every dangerous character written as `\u{1b}`.
pub(super) fn sanitize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if must_escape(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    out
}

/// Display width of `c` once written into a snippet (tabs expanded, controls escaped).
pub(super) fn source_width(c: char) -> usize {
    if c == '\t' {
        TAB.len()
    } else if must_escape(c) {
        escaped_len(c)
    } else {
        c.width().unwrap_or(0)
    }
}

/// Appends `c` as shown in a snippet and returns its display width.
pub(super) fn push_source_char(out: &mut String, c: char) -> usize {
    if c == '\t' {
        out.push_str(TAB);
    } else if must_escape(c) {
        push_escaped(out, c);
    } else {
        out.push(c);
    }
    source_width(c)
}

/// The path as written in `location.file`, with `/` separators.
pub(super) fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    if cfg!(windows) {
        text.replace('\\', "/")
    } else {
        text.into_owned()
    }
}

pub(super) fn has_line(location: &Location) -> bool {
    location.line > 0
}

/// `path:line:col`, or `path` for a whole file.
pub(super) fn place(location: &Location) -> String {
    let path = display_path(&location.file);
    if has_line(location) {
        format!("{path}:{}:{}", location.line, location.column.max(1))
    } else {
        path
    }
}
