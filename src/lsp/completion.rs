//! Completion: field labels at the start of a line, section headings after `###`, the values
//! a field accepts (types, severities, user impact, triggers, services and owners already used
//! in the archive), and the front matter's keys and values.

use std::collections::BTreeSet;

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Position, Range, TextEdit,
};

use super::outline::{Outline, Part};
use super::position::{byte_of, position_at};
use crate::incident::{Kind, SectionKind, Severity, Trigger};
use crate::parse::lines::field_line;
use crate::parse::{CostLine, Field, FrontMatterKey, ReferenceLine};

/// The fields offered at the start of a line before the first section, in the template's
/// order.
const FIELDS: [Field; 14] = [
    Field::Title,
    Field::Date,
    Field::Type,
    Field::Severity,
    Field::Duration,
    Field::UserImpact,
    Field::Detected,
    Field::Mitigated,
    Field::Resolved,
    Field::Services,
    Field::Trigger,
    Field::Factors,
    Field::Tags,
    Field::Related,
];

/// What the archive already uses, offered as values.
pub struct Known<'a> {
    pub services: &'a BTreeSet<String>,
    pub owners: &'a BTreeSet<String>,
    /// The site's language, when the report's own does not tell.
    pub english: bool,
}

/// The completions at `position` of a report read as `outline`.
pub fn complete(outline: &Outline, position: Position, known: &Known) -> Vec<CompletionItem> {
    let n = position.line as usize;
    let Some(line) = outline.lines.get(n) else {
        return Vec::new();
    };
    if line.code {
        return Vec::new();
    }
    let before = &line.text[..byte_of(line.text, position.character)];
    let english = outline.english.unwrap_or(known.english);
    let replace = |from: usize| Range::new(position_at(n, line.text, from), position);
    if line.part == Part::FrontMatter {
        return front_matter(outline, before, english, &replace);
    }
    if let Some(rest) = before.trim_start().strip_prefix("###") {
        let from = before.len() - rest.trim_start().len();
        return sections(english, outline, replace(from));
    }
    if let Some(field) = field_line(before, true) {
        return values(&field, before, english, known, &replace);
    }
    if let Some(at) = before.rfind('@')
        && matches!(line.part, Part::Section(Some(SectionKind::Prevention)))
        && !before[at + 1..].contains(char::is_whitespace)
    {
        return plain(
            known.owners.iter().map(String::as_str),
            "owner",
            replace(at + 1),
        );
    }
    let start = before.len() - before.trim_start().len();
    let typed = before[start..].trim_start_matches(['-', '*', ' ']);
    labels(outline, line.part, english, typed, replace(start))
}

/// The field lines not written yet (metadata), or the cost and reference lines, whose label
/// starts with what is `typed` (accents and case aside): a line of prose gets none.
fn labels(
    outline: &Outline,
    part: Part,
    english: bool,
    typed: &str,
    range: Range,
) -> Vec<CompletionItem> {
    let typed = crate::text::fold(typed);
    let colon = if english { ":" } else { " :" };
    let written: Vec<&str> = outline
        .lines
        .iter()
        .filter(|l| l.part == part && !l.code)
        .filter_map(|l| field_line(l.text, true).map(|f| f.label))
        .collect();
    let taken = |label: &str| {
        written
            .iter()
            .any(|w| crate::text::fold(w) == crate::text::fold(label))
    };
    let lines: Vec<(String, &str)> = match part {
        Part::Fields => FIELDS
            .iter()
            .map(|f| (f.label(english).to_string(), "field"))
            .collect(),
        Part::Section(Some(SectionKind::CostImpact)) => CostLine::ALL
            .iter()
            .map(|c| (c.label(english).to_string(), "cost line"))
            .collect(),
        Part::Section(Some(SectionKind::References)) => ReferenceLine::ALL
            .iter()
            .map(|r| (r.label().to_string(), "reference line"))
            .collect(),
        _ => return Vec::new(),
    };
    let list = if part == Part::Fields { "" } else { "- " };
    lines
        .into_iter()
        .filter(|(label, _)| !taken(label) && crate::text::fold(label).starts_with(&typed))
        .enumerate()
        .map(|(i, (label, what))| {
            let text = format!("{list}**{label}{colon}** ");
            item(&label, what, CompletionItemKind::FIELD, range, text, i)
        })
        .collect()
}

/// In the YAML front matter: the keys not written yet at the start of a line, and the values
/// of a key whose field accepts a few (type, severity, user impact, duration, trigger; draft).
fn front_matter(
    outline: &Outline,
    before: &str,
    english: bool,
    replace: &dyn Fn(usize) -> Range,
) -> Vec<CompletionItem> {
    let key_of = |text: &str| -> Option<String> {
        let (key, _) = text.split_once(':')?;
        let plain = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        plain.then(|| key.to_string())
    };
    if let Some(key) = key_of(before) {
        let value_start = before.len() - before[key.len() + 1..].trim_start().len();
        let names = match key.as_str() {
            "draft" => vec!["true", "false"],
            key => match FrontMatterKey::ALL.iter().find(|k| k.key() == key) {
                Some(FrontMatterKey::Text(field)) => accepted(*field, english),
                _ => Vec::new(),
            },
        };
        if names.is_empty() {
            return Vec::new();
        }
        return plain(names.into_iter(), &key, replace(value_start));
    }
    if before.starts_with(char::is_whitespace) || before.starts_with("---") {
        return Vec::new();
    }
    let written: Vec<String> = outline
        .lines
        .iter()
        .filter(|l| l.part == Part::FrontMatter)
        .filter_map(|l| key_of(l.text))
        .collect();
    FrontMatterKey::ALL
        .iter()
        .map(|k| k.key())
        .filter(|k| k.starts_with(before) && !written.iter().any(|w| w == k))
        .enumerate()
        .map(|(i, k)| {
            item(
                k,
                "front matter key",
                CompletionItemKind::FIELD,
                replace(0),
                format!("{k}: "),
                i,
            )
        })
        .collect()
}

/// The sections not written yet, in the template's order.
fn sections(english: bool, outline: &Outline, range: Range) -> Vec<CompletionItem> {
    let written: Vec<SectionKind> = outline
        .lines
        .iter()
        .filter_map(|l| match l.part {
            Part::Section(Some(kind)) => Some(kind),
            _ => None,
        })
        .collect();
    SectionKind::ALL
        .iter()
        .filter(|kind| !written.contains(kind))
        .enumerate()
        .map(|(i, kind)| {
            let name = if english {
                kind.english()
            } else {
                kind.french()
            };
            let text = format!(" {name}");
            let mut item = item(name, "section", CompletionItemKind::MODULE, range, text, i);
            item.filter_text = Some(format!(" {name}"));
            item
        })
        .collect()
}

/// The values of the field whose line `before` the cursor is.
fn values(
    field: &crate::parse::lines::FieldLine,
    before: &str,
    english: bool,
    known: &Known,
    replace: &dyn Fn(usize) -> Range,
) -> Vec<CompletionItem> {
    let Some((kind, _)) = Field::from_label(field.label) else {
        return Vec::new();
    };
    let value_start = field.value_start.min(before.len());
    if kind == Field::Services {
        // A list: the item being typed, after the last comma.
        let from = before[value_start..]
            .rfind(',')
            .map_or(value_start, |i| value_start + i + 1);
        let from = from + (before[from..].len() - before[from..].trim_start().len());
        return plain(
            known.services.iter().map(String::as_str),
            "service",
            replace(from),
        );
    }
    let names = accepted(kind, english);
    plain(names.into_iter(), kind.label(english), replace(value_start))
}

/// The values a field line accepts, in the template's order and the report's language (none
/// for a free text).
fn accepted(field: Field, english: bool) -> Vec<&'static str> {
    let pick = |french: &'static str, english_name: &'static str| {
        if english { english_name } else { french }
    };
    match field {
        Field::Type => Kind::ALL
            .iter()
            .map(|k| pick(k.french(), k.english()))
            .collect(),
        Field::Severity => Severity::ALL
            .iter()
            .map(|s| pick(s.french(), s.english()))
            .collect(),
        Field::Trigger => Trigger::ALL
            .iter()
            .map(|t| pick(t.french(), t.english()))
            .collect(),
        Field::UserImpact => vec![pick("Oui - ", "Yes - "), pick("Non - ", "No - ")],
        Field::Duration => vec![pick("en cours", "ongoing")],
        _ => Vec::new(),
    }
}

/// One item per value, replacing `range`.
fn plain<'a>(
    values: impl Iterator<Item = &'a str>,
    what: &str,
    range: Range,
) -> Vec<CompletionItem> {
    values
        .enumerate()
        .map(|(i, value)| {
            item(
                value.trim_end(),
                what,
                CompletionItemKind::VALUE,
                range,
                value.to_string(),
                i,
            )
        })
        .collect()
}

fn item(
    label: &str,
    what: &str,
    kind: CompletionItemKind,
    range: Range,
    text: String,
    order: usize,
) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        detail: Some(what.to_string()),
        sort_text: Some(format!("{order:03}")),
        filter_text: Some(text.clone()),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(range, text))),
        ..Default::default()
    }
}
