//! The line grammar of the template: headings, `**Label :** value` lines, placeholders, fences.

use crate::text::fold;

/// A `**Label :** value` line (or `Label : value` where plain labels are allowed), with byte
/// offsets into the line so diagnostics can point at the label or the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldLine<'a> {
    pub label: &'a str,
    pub label_start: usize,
    pub value: &'a str,
    pub value_start: usize,
}

/// Strips up to three spaces of indentation and one list marker (`- `, `* `, `+ `).
fn strip_marker(line: &str) -> (&str, usize) {
    let trimmed = line.trim_start_matches(' ');
    let mut offset = line.len() - trimmed.len();
    if offset > 3 {
        return (line, 0);
    }
    let mut rest = trimmed;
    for marker in ["- ", "* ", "+ "] {
        if let Some(r) = rest.strip_prefix(marker) {
            let r2 = r.trim_start();
            offset += rest.len() - r2.len();
            rest = r2;
            break;
        }
    }
    (rest, offset)
}

/// Reads a field line. Bold labels are always accepted; `plain` also accepts `Label : value`
/// (the Coût Impact and Références sections).
pub fn field_line(line: &str, plain: bool) -> Option<FieldLine<'_>> {
    let (rest, offset) = strip_marker(line);
    for bold in ["**", "__"] {
        if let Some(inner) = rest.strip_prefix(bold) {
            let close = inner.find(bold)?;
            let label_raw = &inner[..close];
            let after = &inner[close + bold.len()..];
            let (label, after_colon) = if let Some(l) = label_raw.trim_end().strip_suffix(':') {
                (l, after)
            } else {
                let a = after.trim_start();
                let a = a.strip_prefix(':')?;
                (label_raw, a)
            };
            let label_trimmed = label.trim();
            if label_trimmed.is_empty() {
                return None;
            }
            let label_start = offset + bold.len() + (label.len() - label.trim_start().len());
            let value = after_colon.trim();
            let value_start = line.len() - after_colon.trim_start().len();
            return Some(FieldLine {
                label: label_trimmed,
                label_start,
                value: value.trim_end_matches('\\').trim_end(),
                value_start,
            });
        }
    }
    if !plain {
        return None;
    }
    let colon = rest.find(':')?;
    let label = rest[..colon].trim();
    let after = &rest[colon + 1..];
    // `https://...` is a value, not a label; a label is a short phrase.
    if label.is_empty()
        || !(after.is_empty() || after.starts_with([' ', '\t', '\u{a0}']))
        || label.chars().count() > 40
        || label.contains(['/', '[', ']', '(', ')', '`', '*'])
    {
        return None;
    }
    let value_start = line.len() - after.trim_start().len();
    Some(FieldLine {
        label,
        label_start: offset,
        value: after.trim(),
        value_start,
    })
}

/// The Markdown of a Références section without the `Label : value` lines the parser reads as
/// references (those outside code blocks, with or without bold): what is left (paragraphs, items
/// without a label, notes) is shown after the list of references, so no text of the section is
/// lost. Blank lines at both ends are dropped.
pub fn without_field_lines(markdown: &str) -> String {
    let mut fence = FenceState::default();
    let kept: Vec<&str> = markdown
        .split('\n')
        .filter(|line| fence.in_code(line) || field_line(line, true).is_none())
        .collect();
    let start = kept.iter().position(|l| !l.trim().is_empty());
    let end = kept.iter().rposition(|l| !l.trim().is_empty());
    match (start, end) {
        (Some(start), Some(end)) => kept[start..=end].join("\n"),
        _ => String::new(),
    }
}

/// A Markdown ATX heading: its level and its text (closing `#`s removed).
pub fn heading(line: &str) -> Option<(usize, &str)> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let level = trimmed.bytes().take_while(|&b| b == b'#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let rest = &trimmed[level..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let text = rest.trim();
    let stripped = text.trim_end_matches('#');
    let text = if stripped.is_empty() {
        ""
    } else if stripped.ends_with([' ', '\t']) {
        stripped.trim_end()
    } else {
        text
    };
    Some((level, text))
}

/// If `text` (a level-2 heading's text) is an incident heading (`Incident 2025-01-15 14:30`,
/// `Incident [YYYY-MM-DD HH:MM]`), the text after the word `Incident`.
pub fn incident_heading(text: &str) -> Option<&str> {
    let word_end = text.find([' ', '\t', ':']).unwrap_or(text.len());
    if fold(&text[..word_end]) != "incident" {
        return None;
    }
    let rest = text[word_end..].trim_start_matches(':').trim_start();
    rest.starts_with(|c: char| c.is_ascii_digit() || c == '[')
        .then_some(rest)
}

/// The date of an incident heading's text after `Incident` ([`incident_heading`]), and the
/// title after it when there is one: the title follows the date after ` — `, ` – `, ` - ` or
/// `: `.
pub fn heading_date_and_title(rest: &str) -> (&str, Option<&str>) {
    let separators = [" — ", " – ", " - ", ": "];
    let cut = separators
        .iter()
        .filter_map(|s| rest.find(s).map(|i| (i, s.len())))
        .min_by_key(|(i, _)| *i);
    match cut {
        Some((i, len)) => (rest[..i].trim_end(), Some(&rest[i + len..])),
        None => (rest.trim_end(), None),
    }
}

/// An opening or closing code fence: the fence character and its length.
pub fn fence(line: &str) -> Option<(char, usize)> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let c = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = trimmed.chars().take_while(|x| *x == c).count();
    (n >= 3).then_some((c, n))
}

/// Tracks whether a line is inside a fenced code block.
#[derive(Default)]
pub struct FenceState {
    open: Option<(char, usize)>,
}

impl FenceState {
    /// Feeds one line; true if the line belongs to a code block (fence lines included).
    pub fn in_code(&mut self, line: &str) -> bool {
        match (self.open, fence(line)) {
            (None, Some((c, n))) => {
                // A backtick fence's info string may not contain backticks.
                if c == '`' && line.trim_start()[n..].contains('`') {
                    return false;
                }
                self.open = Some((c, n));
                true
            }
            (Some((c, n)), Some((c2, n2)))
                if c == c2 && n2 >= n && line.trim()[n2..].trim().is_empty() =>
            {
                self.open = None;
                true
            }
            (Some(_), _) => true,
            (None, None) => false,
        }
    }
}

/// A template placeholder left unfilled: one bracketed text and nothing else, not a link,
/// footnote or task box (spec §7).
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    let Some(inner) = v.strip_prefix('[').and_then(|v| v.strip_suffix(']')) else {
        return false;
    };
    !inner.contains(['[', ']'])
        && !inner.starts_with('^')
        && !matches!(inner.trim(), "" | "x" | "X")
}

/// Whether a section body is nothing but placeholders, one per line or list item.
pub fn is_placeholder_body(body: &str) -> bool {
    let mut any = false;
    for line in body.lines().filter(|l| !l.trim().is_empty()) {
        let (rest, _) = strip_marker(line);
        let rest = strip_ordered_marker(rest);
        if !is_placeholder(rest) {
            return false;
        }
        any = true;
    }
    any
}

fn strip_ordered_marker(line: &str) -> &str {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0
        && let Some(rest) = line[digits..].strip_prefix(['.', ')'])
        && rest.starts_with(' ')
    {
        return rest.trim_start();
    }
    line
}

/// A section heading without a leading number (`1. Cause` → `Cause`).
pub fn section_name(heading: &str) -> &str {
    strip_ordered_marker(heading).trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lv(line: &str, plain: bool) -> Option<(String, String)> {
        field_line(line, plain).map(|f| (f.label.to_string(), f.value.to_string()))
    }

    #[test]
    fn every_spelling_of_a_field_line() {
        let want = Some(("Sévérité".to_string(), "Critique".to_string()));
        for line in [
            "**Sévérité :** Critique",
            "**Sévérité:** Critique",
            "**Sévérité** : Critique",
            "**Sévérité**: Critique",
            "**Sévérité :**Critique",
            "- **Sévérité :** Critique",
            "* **Sévérité :** Critique",
            "+ **Sévérité :** Critique",
            "  - **Sévérité :** Critique  ",
            "__Sévérité :__ Critique",
        ] {
            assert_eq!(lv(line, false), want, "{line}");
        }
    }

    #[test]
    fn plain_labels_only_where_allowed() {
        assert_eq!(lv("- Temps d'indisponibilité : 25 minutes", false), None);
        assert_eq!(
            lv("- Temps d'indisponibilité : 25 minutes", true),
            Some(("Temps d'indisponibilité".into(), "25 minutes".into()))
        );
        assert_eq!(
            lv("- Dashboard : https://vast.ai/console/instances", true),
            Some((
                "Dashboard".into(),
                "https://vast.ai/console/instances".into()
            ))
        );
        assert_eq!(lv("- https://vast.ai/console", true), None);
        assert_eq!(lv("Just a sentence without colon", true), None);
    }

    #[test]
    fn value_offsets_point_at_the_value() {
        let line = "**Sévérité :** Critcal";
        let f = field_line(line, false).unwrap();
        assert_eq!(&line[f.value_start..], "Critcal");
        assert_eq!(
            &line[f.label_start..f.label_start + f.label.len()],
            "Sévérité"
        );
        let line = "- Logs : x";
        let f = field_line(line, true).unwrap();
        assert_eq!(&line[f.value_start..], "x");
        assert_eq!(&line[f.label_start..f.label_start + 4], "Logs");
    }

    #[test]
    fn bold_text_that_is_not_a_label() {
        assert_eq!(lv("**Important** this is a sentence", false), None);
        assert_eq!(lv("**unclosed : x", false), None);
    }

    #[test]
    fn reference_lines_left_out_and_the_rest_kept() {
        let section = "- Logs : somewhere\n- https://bare.example\n- **Tickets :** INC-1\n\nA note *after*.\n\n```\nKey : in code\n```\n";
        assert_eq!(
            without_field_lines(section),
            "- https://bare.example\n\nA note *after*.\n\n```\nKey : in code\n```"
        );
        assert_eq!(without_field_lines("- Logs : x\n- Dashboard : y\n"), "");
    }

    #[test]
    fn headings() {
        assert_eq!(
            heading("## Incident 2025-01-15 14:30"),
            Some((2, "Incident 2025-01-15 14:30"))
        );
        assert_eq!(heading("### Cause ###"), Some((3, "Cause")));
        assert_eq!(heading("#hashtag"), None);
        assert_eq!(heading("    ## code"), None);
        assert_eq!(
            incident_heading("Incident 2025-01-15 14:30"),
            Some("2025-01-15 14:30")
        );
        assert_eq!(incident_heading("INCIDENT: 2025-01-15"), Some("2025-01-15"));
        assert_eq!(
            incident_heading("Incident [YYYY-MM-DD HH:MM]"),
            Some("[YYYY-MM-DD HH:MM]")
        );
        assert_eq!(incident_heading("Incident review"), None);
        assert_eq!(incident_heading("Incidents"), None);
    }

    #[test]
    fn placeholders() {
        assert!(is_placeholder("[Critique / Haute / Moyenne / Basse]"));
        assert!(is_placeholder(" [X heures] "));
        assert!(!is_placeholder("[logs](https://x)"));
        assert!(!is_placeholder("[^1]"));
        assert!(!is_placeholder("[ ]"));
        assert!(!is_placeholder("[x]"));
        assert!(!is_placeholder("[a] and [b]"));
        assert!(!is_placeholder("Critique"));
        assert!(is_placeholder_body("- [Symptôme 1]\n- [Symptôme 2]\n"));
        assert!(is_placeholder_body(
            "1. [Action prise immédiatement]\n2. [Action prise immédiatement]"
        ));
        assert!(!is_placeholder_body("- [Symptôme 1]\n- Real symptom"));
        assert!(!is_placeholder_body(""));
    }

    #[test]
    fn fences() {
        let mut f = FenceState::default();
        let flags: Vec<bool> = ["a", "```text", "### not a heading", "```", "### heading"]
            .iter()
            .map(|l| f.in_code(l))
            .collect();
        assert_eq!(flags, [false, true, true, true, false]);
        let mut f = FenceState::default();
        let flags: Vec<bool> = ["~~~~", "```", "~~~", "~~~~", "x"]
            .iter()
            .map(|l| f.in_code(l))
            .collect();
        assert_eq!(flags, [true, true, true, true, false]);
    }
}
