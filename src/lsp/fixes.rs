//! Quick fixes: the replacements a diagnostic's help suggests, each tried on the text first
//! and offered only when the problem is then gone.

use lsp_types::{Position, Range};

use super::position::{line_of, position_at};
use crate::diagnostic::{Diagnostic, Severity};

/// One replacement of part of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub range: Range,
    /// What was there.
    pub old: String,
    pub new: String,
}

/// The most checks of a changed text one diagnostic's fixes may cost.
const MOST_TRIES: usize = 16;

/// The fixes of `d`, one of the problems `found` in `text` (its last check). `recheck` checks a
/// changed text as the document would be checked.
pub fn fixes_for(
    d: &Diagnostic,
    found: &[Diagnostic],
    text: &str,
    recheck: &mut dyn FnMut(&str) -> Vec<Diagnostic>,
) -> Vec<Fix> {
    let (Some(help), true) = (d.help.as_deref(), d.location.line > 0) else {
        return Vec::new();
    };
    let line = d.location.line - 1;
    let Some(line_text) = line_of(text, line) else {
        return Vec::new();
    };
    let span = span_bytes(line_text, d.location.column, d.location.len);
    let targets = targets(&line_text[span.clone()], &d.message, help, span.start);
    let errors_before = errors_on(found, d.location.line, Some(d));
    let mut fixes: Vec<Fix> = Vec::new();
    let mut tries = 0;
    for candidate in suggestions(help) {
        for target in &targets {
            if tries == MOST_TRIES || line_text[target.clone()] == candidate {
                continue;
            }
            tries += 1;
            let changed = replace_in_line(text, line, line_text, target, &candidate);
            let after = recheck(&changed);
            let gone = !after
                .iter()
                .any(|a| a.code == d.code && a.location.line == d.location.line);
            if gone && errors_on(&after, d.location.line, None) <= errors_before {
                fixes.push(Fix {
                    range: Range::new(
                        position_at(line, line_text, target.start),
                        position_at(line, line_text, target.end),
                    ),
                    old: line_text[target.clone()].to_string(),
                    new: candidate.clone(),
                });
                break;
            }
        }
    }
    fixes
}

/// The errors found on `line`, `except` the one being fixed.
fn errors_on(found: &[Diagnostic], line: usize, except: Option<&Diagnostic>) -> usize {
    found
        .iter()
        .filter(|f| f.severity == Severity::Error && f.location.line == line)
        .filter(|f| except.is_none_or(|e| e.code != f.code))
        .count()
}

/// The byte range of a location's characters in its line (to the line's end when it has no
/// length).
fn span_bytes(line: &str, column: usize, len: usize) -> std::ops::Range<usize> {
    let byte_at = |chars: usize| {
        line.char_indices()
            .nth(chars)
            .map_or(line.len(), |(i, _)| i)
    };
    let start = byte_at(column.saturating_sub(1));
    let end = if len == 0 {
        line.len()
    } else {
        byte_at(column.saturating_sub(1) + len)
    };
    start..end.max(start)
}

/// The parts of the span a suggestion may replace, most precise first: what the help says
/// to replace (`instead of `dollars``), what the message quotes (longest first), each word
/// of the span, the whole span. Byte ranges in the line.
fn targets(span: &str, message: &str, help: &str, at: usize) -> Vec<std::ops::Range<usize>> {
    let mut texts: Vec<&str> = Vec::new();
    if let Some(after) = help.split("instead of `").nth(1) {
        texts.extend(after.split('`').next());
    }
    let mut quoted = backticked(message)
        .into_iter()
        .map(|(_, q)| q)
        .collect::<Vec<_>>();
    quoted.sort_by_key(|q| std::cmp::Reverse(q.len()));
    texts.extend(quoted);
    texts.extend(span.split_whitespace());
    texts.push(span.trim());
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    for text in texts.into_iter().filter(|t| !t.is_empty()) {
        if let Some(i) = span.find(text) {
            let range = at + i..at + i + text.len();
            if !ranges.contains(&range) {
                ranges.push(range);
            }
        }
    }
    ranges
}

/// The replacements a help suggests: its backticked texts, except patterns (`YYYY-MM-DD`),
/// examples (after `e.g.`, `like`, `such as`), what is to be replaced (`instead of `x``) and
/// advice that a value alone cannot follow (a time of the next day).
fn suggestions(help: &str) -> Vec<String> {
    if help.contains("next day") {
        return Vec::new();
    }
    let mut found: Vec<String> = Vec::new();
    let mut seen = 0;
    for (before, quoted) in backticked(help) {
        // The help up to this text, from the start of its clause.
        seen += before.len();
        let so_far = &help[..seen];
        seen += quoted.len() + 2;
        let clause = so_far.rsplit([';', '(']).next().unwrap_or(so_far);
        let example = ["e.g.", "like ", "such as"]
            .iter()
            .any(|w| clause.contains(w));
        let pattern = ["YYYY", "MM-DD", "HH:MM", "H:MM", "…"]
            .iter()
            .any(|p| quoted.contains(p));
        let replaced = before.ends_with("instead of ");
        if !example && !pattern && !replaced && !quoted.trim().is_empty() {
            let quoted = quoted.to_string();
            if !found.contains(&quoted) {
                found.push(quoted);
            }
        }
    }
    found
}

/// Each backticked text of `text`, with the text before it (since the previous one).
fn backticked(text: &str) -> Vec<(&str, &str)> {
    let parts: Vec<&str> = text.split('`').collect();
    (1..parts.len().saturating_sub(1))
        .step_by(2)
        .map(|i| (parts[i - 1], parts[i]))
        .collect()
}

/// `text` with `range` of its `line`th line replaced by `new`.
fn replace_in_line(
    text: &str,
    line: usize,
    line_text: &str,
    range: &std::ops::Range<usize>,
    new: &str,
) -> String {
    let start = super::position::offset_of(text, Position::new(line as u32, 0));
    let mut changed = String::with_capacity(text.len() + new.len());
    changed.push_str(&text[..start + range.start]);
    changed.push_str(new);
    changed.push_str(&text[start + range.end..]);
    debug_assert!(text[start..].starts_with(line_text));
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_leave_out_patterns_examples_and_what_is_replaced() {
        assert_eq!(suggestions("did you mean `Critique`?"), ["Critique"]);
        assert_eq!(
            suggestions("write `USD` instead of `dollars`, e.g. `5 USD`"),
            ["USD"]
        );
        assert_eq!(
            suggestions(
                "write dates as `YYYY-MM-DD HH:MM`: `2025-03-04 09:05` (read day first: 4 March); for 3 April write `2025-04-03 09:05`"
            ),
            ["2025-03-04 09:05", "2025-04-03 09:05"]
        );
        assert!(suggestions("write it like `25 minutes`, `1h30` or `01:30`").is_empty());
        assert!(
            suggestions("write the due date as `YYYY-MM-DD`, e.g. `2025-03-01`; the item is kept")
                .is_empty()
        );
        assert!(suggestions("write `00:00` of the next day").is_empty());
    }

    #[test]
    fn targets_go_from_the_quoted_word_to_the_whole_span() {
        let line = "**Durée :** 25 minuets";
        let span = span_bytes(line, 13, 10);
        let found = targets(
            &line[span.clone()],
            "invalid Durée: unknown duration unit `minuets`",
            "did you mean `minutes`?",
            span.start,
        );
        let texts: Vec<&str> = found.iter().map(|r| &line[r.clone()]).collect();
        assert_eq!(texts, ["minuets", "25", "25 minuets"]);
    }
}
