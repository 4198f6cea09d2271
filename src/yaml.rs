//! YAML documents (incidex.yaml, front matter) read into mappings, with the place of every key.

use std::path::Path;

use serde_yaml::{Mapping, Value};

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::incident::Span;
use crate::text::{char_len, column_of};

/// A YAML mapping and the text it came from, so that keys and values can be located.
pub struct YamlDoc<'a> {
    pub map: Mapping,
    /// The YAML text's lines; the first is line `first_line` of the file.
    lines: Vec<&'a str>,
    first_line: usize,
}

/// Parses `text` as a YAML mapping. An empty document is an empty mapping. Syntax errors, alias
/// bombs and deep nesting become one diagnostic with `code` at the right line of `file`.
pub fn parse_mapping<'a>(
    text: &'a str,
    file: &Path,
    first_line: usize,
    code: Code,
) -> Result<YamlDoc<'a>, Box<Diagnostic>> {
    // The YAML scanner slows down quadratically with flow nesting (`[[[[…`) before the
    // deserialiser's own limit is reached: refuse deep nesting before parsing.
    if let Some((line, column)) = too_deep(text, MAX_FLOW_DEPTH) {
        return Err(Box::new(
            Diagnostic::new(
                code,
                Location::new(file, first_line + line - 1, column, 1),
                "invalid YAML: recursion limit exceeded".to_string(),
            )
            .with_help("the values are nested too deeply; a report needs at most two levels"),
        ));
    }
    let value: Value = match serde_yaml::from_str(text) {
        Ok(value) => value,
        Err(error) => {
            return Err(Box::new(syntax_diagnostic(
                &error, text, file, first_line, code,
            )));
        }
    };
    let map = match without_unprintable(value) {
        Value::Mapping(map) => map,
        Value::Null => Mapping::new(),
        other => {
            return Err(Box::new(
                Diagnostic::new(
                    code,
                    Location::new(file, first_line, 1, 1),
                    format!("expected `key: value` lines, found {}", describe(&other)),
                )
                .with_help("write one `key: value` per line, e.g. `title: Instance crash`"),
            ));
        }
    };
    Ok(YamlDoc {
        map,
        lines: text.lines().collect(),
        first_line,
    })
}

/// `value` with the control characters of its texts replaced (see
/// [`crate::text::replace_unprintable`]): YAML escapes (`"\x01"`, `"\0"`) write what the
/// report's decoding already replaced in its raw text.
fn without_unprintable(value: Value) -> Value {
    match value {
        Value::String(s) => match crate::text::replace_unprintable(&s) {
            std::borrow::Cow::Borrowed(_) => Value::String(s),
            std::borrow::Cow::Owned(clean) => Value::String(clean),
        },
        Value::Sequence(items) => {
            Value::Sequence(items.into_iter().map(without_unprintable).collect())
        }
        Value::Mapping(map) => Value::Mapping(
            map.into_iter()
                .map(|(k, v)| (without_unprintable(k), without_unprintable(v)))
                .collect(),
        ),
        Value::Tagged(tagged) => {
            let tagged = *tagged;
            Value::Tagged(Box::new(serde_yaml::value::TaggedValue {
                tag: tagged.tag,
                value: without_unprintable(tagged.value),
            }))
        }
        other => other,
    }
}

/// Flow collections (`[…]`, `{…}`) nested deeper than this are refused unread.
const MAX_FLOW_DEPTH: usize = 64;

/// Where flow nesting first goes deeper than `max` (1-based line and column), ignoring brackets
/// inside quoted strings and comments.
fn too_deep(text: &str, max: usize) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    for (n, line) in text.lines().enumerate() {
        let mut quote: Option<char> = None;
        let mut previous = ' ';
        for (column, c) in line.chars().enumerate() {
            match (quote, c) {
                (Some('"'), '\\') if previous != '\\' => {}
                (Some(q), c) if c == q && !(q == '"' && previous == '\\') => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') if previous.is_whitespace() => break,
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > max {
                        return Some((n + 1, column + 1));
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
            previous = if previous == '\\' && c == '\\' {
                ' '
            } else {
                c
            };
        }
    }
    None
}

fn syntax_diagnostic(
    error: &serde_yaml::Error,
    text: &str,
    file: &Path,
    first_line: usize,
    code: Code,
) -> Diagnostic {
    let full = error.to_string();
    // The library appends " at line L column C"; the location is shown separately.
    let message = match full.find(" at line ") {
        Some(at) => full[..at].to_string(),
        None => full.clone(),
    };
    let (line, column) = match error.location() {
        Some(loc) => (loc.line().max(1), loc.column().max(1)),
        None => (1, 1),
    };
    let line_text = text.lines().nth(line - 1).unwrap_or("");
    let column = column.min(crate::text::char_len(line_text) + 1);
    let help = if message.contains("repetition limit") {
        Some(
            "the aliases (`*name`) expand to an enormous document; write the values out"
                .to_string(),
        )
    } else if message.contains("recursion limit") {
        Some("the values are nested too deeply; a report needs at most two levels".to_string())
    } else if message.contains("mapping values are not allowed") {
        Some("a value containing `: ` must be quoted, e.g. `title: \"Panne : API\"`".to_string())
    } else {
        None
    };
    Diagnostic::new(
        code,
        Location::new(file, first_line + line - 1, column, 1),
        format!("invalid YAML: {message}"),
    )
    .with_help_opt(help)
}

/// A short description of a YAML value's kind, for "expected X, found Y" messages.
pub fn describe(value: &Value) -> String {
    match value {
        Value::Null => "nothing".into(),
        Value::Bool(b) => format!("the boolean `{b}`"),
        Value::Number(n) => format!("the number `{n}`"),
        Value::String(s) => format!("the text `{s}`"),
        Value::Sequence(_) => "a list".into(),
        Value::Mapping(_) => "a mapping".into(),
        Value::Tagged(_) => "a tagged value".into(),
    }
}

impl YamlDoc<'_> {
    /// Top-level keys as text, with their values, in document order. Non-text keys are
    /// reported by the caller through [`YamlDoc::key_span`] on their display form.
    pub fn entries(&self) -> Vec<(String, &Value)> {
        self.map
            .iter()
            .map(|(k, v)| {
                let key = match k {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    Value::Bool(b) => b.to_string(),
                    _ => "?".to_string(),
                };
                (key, v)
            })
            .collect()
    }

    /// Where the key at `path` (e.g. `["cost", "lost"]`) is written.
    pub fn key_span(&self, path: &[&str]) -> Span {
        self.locate(path)
            .map(|place| place.key)
            .unwrap_or_else(|| Span::new(self.first_line, 1, 1))
    }

    /// Where the value of the key at `path` is written (falls back to the key).
    pub fn value_span(&self, path: &[&str]) -> Span {
        match self.locate(path) {
            Some(place) => place.value.unwrap_or(place.key),
            None => Span::new(self.first_line, 1, 1),
        }
    }

    /// Where the list item `item` of the top-level key `key` is written: in a flow list on the
    /// key's line (`private: [cost, tags]`) or on its own `- item` line below it (quoted or
    /// not). Falls back to the value, then the key.
    pub fn item_span(&self, key: &str, item: &str) -> Span {
        let Some(place) = self.locate(&[key]) else {
            return Span::new(self.first_line, 1, 1);
        };
        let index = place.key.line - self.first_line;
        // The item's byte offset in `line` and its length in characters, quotes included.
        let find = |line: &str| -> Option<(usize, usize)> {
            [format!("\"{item}\""), format!("'{item}'"), item.to_string()]
                .iter()
                .find_map(|needle| {
                    let at = line
                        .match_indices(needle.as_str())
                        .map(|(i, _)| i)
                        .find(|&i| {
                            let before = line[..i].chars().next_back();
                            let after = line[i + needle.len()..].chars().next();
                            !before.is_some_and(|c| c.is_alphanumeric() || c == '.' || c == '_')
                                && !after
                                    .is_some_and(|c| c.is_alphanumeric() || c == '.' || c == '_')
                        })?;
                    Some((at, char_len(needle)))
                })
        };
        let key_line = self.lines[index];
        let after_key = key_line.find(':').map_or(0, |c| c + 1);
        if let Some((i, len)) = find(&key_line[after_key..]) {
            return Span::new(place.key.line, column_of(key_line, after_key + i), len);
        }
        for (n, line) in self.lines.iter().enumerate().skip(index + 1) {
            let rest = line.trim_start();
            if rest.is_empty() || rest.starts_with('#') {
                continue;
            }
            let Some(body) = rest.strip_prefix('-') else {
                break;
            };
            let offset = line.len() - body.len();
            if let Some((i, len)) = find(body) {
                return Span::new(self.first_line + n, column_of(line, offset + i), len);
            }
        }
        place.value.unwrap_or(place.key)
    }

    /// Finds a key by scanning the block structure: each level is a line whose indentation is
    /// deeper than its parent's. Flow mappings (`cost: {lost: 5}`) are searched within the line.
    fn locate(&self, path: &[&str]) -> Option<KeyPlace> {
        let lines = &self.lines;
        let mut from = 0;
        let mut parent_indent: Option<usize> = None;
        let mut found: Option<KeyPlace> = None;
        for key in path {
            let mut hit = None;
            for (i, line) in lines.iter().enumerate().skip(from) {
                let indent = line.len() - line.trim_start().len();
                let rest = line.trim_start();
                if rest.is_empty() || rest.starts_with('#') {
                    continue;
                }
                match parent_indent {
                    Some(p) if indent <= p => break,
                    None if indent != 0 => continue,
                    _ => {}
                }
                if let Some(after) = key_prefix(rest, key) {
                    hit = Some((i, indent, after));
                    break;
                }
            }
            let Some((i, indent, after)) = hit else {
                // Flow style: search the parent's line for `key:`.
                let parent = found?;
                let line = lines[parent.key.line - self.first_line];
                return Some(match line.find(&format!("{key}:")) {
                    Some(pos) => KeyPlace {
                        key: Span::new(parent.key.line, column_of(line, pos), char_len(key)),
                        value: None,
                    },
                    None => parent,
                });
            };
            let line = lines[i];
            let value_byte = line.len() - after.trim_start().len();
            let value = after.trim();
            found = Some(KeyPlace {
                key: Span::new(self.first_line + i, column_of(line, indent), char_len(key)),
                value: (!value.is_empty()).then(|| {
                    Span::new(
                        self.first_line + i,
                        column_of(line, value_byte),
                        char_len(value),
                    )
                }),
            });
            from = i + 1;
            parent_indent = Some(indent);
        }
        found
    }
}

/// Where a key and its value are written.
#[derive(Clone, Copy)]
struct KeyPlace {
    key: Span,
    value: Option<Span>,
}

/// If `line` starts with `key:` (the key optionally quoted), the text after the colon.
fn key_prefix<'l>(line: &'l str, key: &str) -> Option<&'l str> {
    let line = line.strip_prefix("- ").unwrap_or(line);
    for quote in ["", "\"", "'"] {
        if let Some(rest) = line.strip_prefix(quote)
            && let Some(rest) = rest.strip_prefix(key)
            && let Some(rest) = rest.strip_prefix(quote)
        {
            let rest = rest.trim_start_matches([' ', '\t']);
            if let Some(after) = rest.strip_prefix(':')
                && (after.is_empty() || after.starts_with([' ', '\t']))
            {
                return Some(after);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> YamlDoc<'_> {
        parse_mapping(text, Path::new("x.yaml"), 2, Code::FrontMatterSyntax).unwrap()
    }

    #[test]
    fn keys_and_values_are_located() {
        let d = doc("title: Crash\ncost:\n  downtime: 25 min\n  lost: \"$5\"\ntags: [a, b]\n");
        assert_eq!(d.key_span(&["title"]), Span::new(2, 1, 5));
        assert_eq!(d.value_span(&["title"]), Span::new(2, 8, 5));
        assert_eq!(d.value_span(&["cost", "lost"]), Span::new(5, 9, 4));
        assert_eq!(d.key_span(&["cost", "downtime"]), Span::new(4, 3, 8));
        assert_eq!(d.value_span(&["tags"]), Span::new(6, 7, 6));
    }

    #[test]
    fn list_items_are_located() {
        let d = doc("private: [cost, 'tags']\nother:\n  - a\n  - \"services\"\n");
        assert_eq!(d.item_span("private", "cost"), Span::new(2, 11, 4));
        assert_eq!(d.item_span("private", "tags"), Span::new(2, 17, 6));
        assert_eq!(d.item_span("other", "services"), Span::new(5, 5, 10));
        assert_eq!(d.item_span("other", "missing"), d.key_span(&["other"]));
    }

    #[test]
    fn flow_mappings_fall_back_to_the_line() {
        let d = doc("cost: {lost: 5, downtime: 1h}\n");
        assert_eq!(d.key_span(&["cost", "downtime"]).line, 2);
        assert_eq!(d.key_span(&["cost", "downtime"]).column, 17);
    }

    #[test]
    fn syntax_errors_carry_the_file_line() {
        let e = parse_mapping(
            "title: a\n  bad: [",
            Path::new("x.md"),
            2,
            Code::FrontMatterSyntax,
        )
        .err()
        .unwrap();
        assert_eq!(e.code, Code::FrontMatterSyntax);
        assert!(e.location.line >= 2, "{e:?}");
        assert!(e.message.starts_with("invalid YAML"), "{}", e.message);
    }

    #[test]
    fn alias_bombs_fail_fast() {
        let mut text = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
        let mut prev = "a";
        for n in names {
            text.push_str(&format!("{n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
            prev = n;
        }
        let started = std::time::Instant::now();
        let e = parse_mapping(&text, Path::new("x.md"), 2, Code::FrontMatterSyntax)
            .err()
            .unwrap();
        assert!(e.message.contains("repetition limit"), "{}", e.message);
        assert!(started.elapsed().as_secs() < 5);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = format!("a: {}{}", "[".repeat(10_000), "]".repeat(10_000));
        let e = parse_mapping(&text, Path::new("x.md"), 2, Code::FrontMatterSyntax)
            .err()
            .unwrap();
        assert!(e.message.contains("recursion limit"), "{}", e.message);
    }

    #[test]
    fn a_list_is_not_a_mapping() {
        let e = parse_mapping("- a\n- b\n", Path::new("x.md"), 2, Code::FrontMatterSyntax)
            .err()
            .unwrap();
        assert!(e.message.contains("found a list"), "{}", e.message);
    }
}
