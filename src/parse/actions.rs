//! Action items: the task-list items (`- [ ] …`, `- [x] …`) of the Prévention section, with an
//! optional `@owner` and due date `YYYY-MM-DD` in their text.
//!
//! Rules (the spec only names the items; these are decided here and documented in README):
//! - An item is a list item (`-`, `*`, `+`, `1.` or `1)`, at any indentation) whose text starts
//!   with `[ ]`, `[x]` or `[X]` followed by a space, outside code blocks, as in GitHub's task
//!   lists. A box with nothing after it is not an item.
//! - Its text is its first paragraph: the box line and the lines that follow it up to a blank
//!   line or the next list item, joined by a space.
//! - The owner is the first `@name` of the text that starts a word (`name` is letters, digits,
//!   `.`, `_`, `-`; a trailing `.` or `-` is punctuation), so `ops@example.org` is not one.
//! - The due date is the first `YYYY-MM-DD` standing alone (not part of a longer run of
//!   letters, digits, `-` or `/`, so no date inside a URL path or a timestamp like
//!   `2025-01-15T10:00`) that is a real date. One that is not (`2025-02-30`) is reported.

use chrono::NaiveDate;

use super::lines::FenceState;
use crate::incident::{ActionItem, Span};
use crate::text::{char_len, column_of};

/// A `YYYY-MM-DD` in an item's text that is no real date, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImpossibleDate {
    pub text: String,
    pub span: Span,
}

/// A line of an item's paragraph: (line number, line, byte offset of the text in the line).
type ItemLine<'a> = (usize, &'a str, usize);

/// The item being read.
struct OpenItem<'a> {
    done: bool,
    lines: Vec<ItemLine<'a>>,
}

/// The action items of a section body, given as (line number, line), in file order.
pub fn action_items<'a>(
    body: impl IntoIterator<Item = (usize, &'a str)>,
) -> (Vec<ActionItem>, Vec<ImpossibleDate>) {
    let mut items = Vec::new();
    let mut impossible = Vec::new();
    let mut fence = FenceState::default();
    let mut current: Option<OpenItem> = None;
    let finish = |current: &mut Option<OpenItem>,
                  items: &mut Vec<ActionItem>,
                  impossible: &mut Vec<ImpossibleDate>| {
        if let Some(open) = current.take() {
            items.push(item(open.done, &open.lines, impossible));
        }
    };
    for (no, line) in body {
        if fence.in_code(line) {
            finish(&mut current, &mut items, &mut impossible);
            continue;
        }
        match list_item(line) {
            Some(start) => {
                finish(&mut current, &mut items, &mut impossible);
                if let Some((done, offset)) = task_box(line, start) {
                    current = Some(OpenItem {
                        done,
                        lines: vec![(no, line, offset)],
                    });
                }
            }
            None if line.trim().is_empty() || line.trim_start().starts_with(['#', '>']) => {
                finish(&mut current, &mut items, &mut impossible);
            }
            None => {
                if let Some(open) = current.as_mut() {
                    open.lines
                        .push((no, line, line.len() - line.trim_start().len()));
                }
            }
        }
    }
    finish(&mut current, &mut items, &mut impossible);
    (items, impossible)
}

/// If `line` starts a list item, the byte offset of the item's content.
fn list_item(line: &str) -> Option<usize> {
    let content = line.trim_start_matches([' ', '\t']);
    let indent = line.len() - content.len();
    let marker = if content.starts_with(['-', '*', '+']) {
        1
    } else {
        let digits = content.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 9 || !content[digits..].starts_with(['.', ')']) {
            return None;
        }
        digits + 1
    };
    let rest = &content[marker..];
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    Some(indent + marker + (rest.len() - rest.trim_start().len()))
}

/// If the item content at `start` opens with a task box, whether it is ticked and the byte
/// offset of the text after it.
fn task_box(line: &str, start: usize) -> Option<(bool, usize)> {
    let content = &line[start..];
    let done = match content.get(..3)? {
        "[ ]" => false,
        "[x]" | "[X]" => true,
        _ => return None,
    };
    let after = &content[3..];
    if !after.starts_with([' ', '\t']) || after.trim().is_empty() {
        return None;
    }
    Some((done, start + 3 + (after.len() - after.trim_start().len())))
}

/// One item from its paragraph's lines: (line number, line, byte offset of the text).
fn item(done: bool, lines: &[ItemLine], impossible: &mut Vec<ImpossibleDate>) -> ActionItem {
    let piece = |line: &str, offset: usize| line[offset..].trim_end().to_string();
    let text = lines
        .iter()
        .map(|&(_, line, offset)| piece(line, offset))
        .collect::<Vec<_>>()
        .join(" ");
    let mut owner = None;
    let mut due = None;
    for &(no, line, offset) in lines {
        let part = &line[offset..];
        if owner.is_none() {
            owner = find_owner(part);
        }
        for (at, date) in date_candidates(part) {
            match NaiveDate::parse_from_str(date, "%Y-%m-%d") {
                Ok(d) => {
                    due.get_or_insert(d);
                }
                Err(_) => impossible.push(ImpossibleDate {
                    text: date.to_string(),
                    span: Span::new(no, column_of(line, offset + at), char_len(date)),
                }),
            }
        }
    }
    let (no, line, offset) = lines[0];
    ActionItem {
        text,
        done,
        owner,
        due,
        span: Span::new(no, column_of(line, offset), char_len(&piece(line, offset))),
    }
}

/// The first `@name` starting a word, without the `@`.
fn find_owner(text: &str) -> Option<String> {
    let mut previous: Option<char> = None;
    for (i, c) in text.char_indices() {
        if c == '@' && previous.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | ',')) {
            let name: String = text[i + 1..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'))
                .collect();
            let name = name.trim_end_matches(['.', '-']);
            if !name.is_empty() {
                return Some(name.to_string());
            }
        }
        previous = Some(c);
    }
    None
}

/// Every `YYYY-MM-DD` standing alone in `text`: (byte offset, the ten characters).
fn date_candidates(text: &str) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let joined = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'/' | b'_');
    let mut out = Vec::new();
    let mut i = 0;
    while i + 10 <= bytes.len() {
        let window = &bytes[i..i + 10];
        let shape = window.iter().enumerate().all(|(k, b)| match k {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
        let before_ok = i == 0 || !(joined(bytes[i - 1]) || bytes[i - 1] >= 0x80);
        let after_ok = bytes.get(i + 10).is_none_or(|&b| !(joined(b) || b >= 0x80));
        if shape && before_ok && after_ok {
            out.push((i, &text[i..i + 10]));
            i += 10;
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Vec<ActionItem>, Vec<ImpossibleDate>) {
        let lines: Vec<(usize, &str)> =
            text.lines().enumerate().map(|(i, l)| (i + 10, l)).collect();
        action_items(lines)
    }

    #[test]
    fn task_items_with_owner_and_due_date() {
        let (items, impossible) = read(
            "Intro text\n- [ ] Add an alert @marie 2025-03-01\n- [x] Fix the cron @karim.\n* plain item\n1. [X] Numbered, due 2025-04-30\n",
        );
        assert!(impossible.is_empty());
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].text, "Add an alert @marie 2025-03-01");
        assert!(!items[0].done);
        assert_eq!(items[0].owner.as_deref(), Some("marie"));
        assert_eq!(items[0].due, NaiveDate::from_ymd_opt(2025, 3, 1));
        assert_eq!(items[0].span, Span::new(11, 7, 30));
        assert!(items[1].done);
        assert_eq!(items[1].owner.as_deref(), Some("karim"));
        assert_eq!(items[1].due, None);
        assert_eq!(items[2].span.line, 14);
        assert!(items[2].done);
        assert_eq!(items[2].due, NaiveDate::from_ymd_opt(2025, 4, 30));
    }

    #[test]
    fn continuation_lines_belong_to_the_item() {
        let (items, _) = read(
            "- [ ] Rotate the keys\n  before 2025-06-01 @sec-team\n\n  More detail @other\n- [ ] Next",
        );
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].text, "Rotate the keys before 2025-06-01 @sec-team");
        assert_eq!(items[0].owner.as_deref(), Some("sec-team"));
        assert_eq!(items[0].due, NaiveDate::from_ymd_opt(2025, 6, 1));
        assert_eq!(items[1].text, "Next");
    }

    #[test]
    fn impossible_dates_are_reported_where_they_are() {
        let (items, impossible) = read("- [ ] Renew — 2025-02-30 then 2025-03-02");
        assert_eq!(items[0].due, NaiveDate::from_ymd_opt(2025, 3, 2));
        assert_eq!(
            impossible,
            [ImpossibleDate {
                text: "2025-02-30".into(),
                span: Span::new(10, 15, 10)
            }]
        );
    }

    #[test]
    fn what_is_not_an_item_or_not_an_owner_or_date() {
        let (items, impossible) = read(
            "```\n- [ ] in code\n```\n- [ ]\n- [x]no space\n-[ ] no marker space\n- [ ] mail ops@example.org, see https://x.org/2025-02-30/ and 2025-01-15T10:00",
        );
        assert!(impossible.is_empty(), "{impossible:?}");
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].owner, None);
        assert_eq!(items[0].due, None);
    }
}
