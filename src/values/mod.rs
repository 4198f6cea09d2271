//! The value grammars of the spec's section 6: dates, durations and money.

mod cursor;
pub mod date;
pub mod duration;
pub mod money;

pub use date::{DateError, Timestamp, parse_date};
pub use duration::{Duration, parse_duration};
pub use money::{Money, parse_money};

/// Why a value was refused, in words for the report's author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueError {
    /// What is wrong, e.g. "unknown duration unit `minuets`".
    pub message: String,
    /// A suggestion, e.g. "did you mean `minutes`?" or "write it like `1h30` or `25 minutes`".
    pub help: Option<String>,
}

impl std::fmt::Display for ValueError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ValueError {}

impl ValueError {
    pub fn new(message: impl Into<String>) -> Self {
        ValueError {
            message: message.into(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// The input in backticks for a message, shortened if very long.
pub(crate) fn quote(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() > MAX {
        let short: String = text.chars().take(MAX).collect();
        format!("`{short}…`")
    } else {
        format!("`{text}`")
    }
}

/// Splits a trailing parenthesised note off a value: `~$0.10 (25 min × $0.24/h)` gives
/// (`~$0.10`, `Some("25 min × $0.24/h")`). Nested parentheses inside the note are kept.
pub fn split_note(text: &str) -> (&str, Option<&str>) {
    let trimmed = text.trim_end();
    if !trimmed.ends_with(')') {
        return (text.trim(), None);
    }
    let mut depth = 0usize;
    for (i, c) in trimmed.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth -= 1;
                if depth == 0 {
                    let note = trimmed[i + 1..trimmed.len() - 1].trim();
                    let head = trimmed[..i].trim();
                    if head.is_empty() {
                        return (text.trim(), None);
                    }
                    return (head, Some(note).filter(|n| !n.is_empty()));
                }
            }
            _ => {}
        }
    }
    (text.trim(), None)
}

#[cfg(test)]
mod tests {
    use super::split_note;

    #[test]
    fn notes_are_split_off() {
        assert_eq!(
            split_note("~$0.10 (25 min × $0.24/h)"),
            ("~$0.10", Some("25 min × $0.24/h"))
        );
        assert_eq!(
            split_note("0$ (redémarrage gratuit)"),
            ("0$", Some("redémarrage gratuit"))
        );
        assert_eq!(
            split_note("45 s (estimé (à peu près))"),
            ("45 s", Some("estimé (à peu près)"))
        );
        assert_eq!(split_note("25 minutes"), ("25 minutes", None));
        assert_eq!(split_note("(only a note)"), ("(only a note)", None));
        assert_eq!(split_note("unbalanced)"), ("unbalanced)", None));
    }
}
