//! The YAML front matter of a report: its keys read into texts and lists, each with its place.

use serde_yaml::Value;

use super::{CostLine, Field, HashMap, Parser, Raw, ReferenceLine};
use crate::diagnostic::{Code, Diagnostic, closest};
use crate::incident::Span;
use crate::yaml::{YamlDoc, describe, parse_mapping};

/// Unknown front matter keys reported one by one; the others are counted in one warning.
const MAX_UNKNOWN_KEYS: usize = 20;

/// Front matter values, each with its place.
#[derive(Default)]
pub(super) struct FrontMatter {
    pub(super) fields: HashMap<Field, Raw>,
    pub(super) services: Vec<Raw>,
    pub(super) factors: Vec<Raw>,
    pub(super) tags: Vec<Raw>,
    pub(super) related: Vec<Raw>,
    pub(super) slug: Option<Raw>,
    pub(super) aliases: Vec<Raw>,
    pub(super) draft: bool,
    pub(super) cost: HashMap<CostLine, Raw>,
    pub(super) references: HashMap<ReferenceLine, Raw>,
    pub(super) tickets: Vec<Raw>,
}

/// A front matter key: the one list the reader dispatches on, suggests from and the JSON
/// Schema (`schema/`) describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontMatterKey {
    /// A field given as one text under its own key (its grammar is the field's).
    Text(Field),
    /// A field given as a list, or as one text of comma-separated items.
    List(Field),
    Draft,
    Slug,
    Aliases,
    /// `cost:`, a mapping of [`CostLine`] keys.
    Cost,
    /// `references:`, a mapping of [`ReferenceLine`] keys.
    References,
}

impl FrontMatterKey {
    /// Every key, in the order messages and the schema list them.
    pub const ALL: [FrontMatterKey; 19] = [
        FrontMatterKey::Text(Field::Title),
        FrontMatterKey::Text(Field::Date),
        FrontMatterKey::Text(Field::Type),
        FrontMatterKey::Text(Field::Severity),
        FrontMatterKey::Text(Field::Duration),
        FrontMatterKey::Text(Field::UserImpact),
        FrontMatterKey::Text(Field::Detected),
        FrontMatterKey::Text(Field::Mitigated),
        FrontMatterKey::Text(Field::Resolved),
        FrontMatterKey::List(Field::Services),
        FrontMatterKey::Text(Field::Trigger),
        FrontMatterKey::List(Field::Factors),
        FrontMatterKey::List(Field::Tags),
        FrontMatterKey::List(Field::Related),
        FrontMatterKey::Draft,
        FrontMatterKey::Slug,
        FrontMatterKey::Aliases,
        FrontMatterKey::Cost,
        FrontMatterKey::References,
    ];

    /// The key as written.
    pub fn key(self) -> &'static str {
        match self {
            FrontMatterKey::Text(field) | FrontMatterKey::List(field) => field.key(),
            FrontMatterKey::Draft => "draft",
            FrontMatterKey::Slug => "slug",
            FrontMatterKey::Aliases => "aliases",
            FrontMatterKey::Cost => "cost",
            FrontMatterKey::References => "references",
        }
    }

    /// The key written `key` (exactly).
    pub fn named(key: &str) -> Option<FrontMatterKey> {
        FrontMatterKey::ALL.into_iter().find(|k| k.key() == key)
    }

    /// Every key as written, for suggestions.
    pub fn keys() -> impl Iterator<Item = &'static str> {
        FrontMatterKey::ALL.into_iter().map(FrontMatterKey::key)
    }
}

/// `span` without the quotes around `text`, when it holds them.
fn unquoted(mut span: Span, text: &str) -> Span {
    if span.len >= 2 && crate::text::char_len(text) + 2 == span.len {
        span.column += 1;
        span.len -= 2;
    }
    span
}

impl Parser<'_> {
    pub(super) fn front_matter(&mut self, yaml: &str) -> FrontMatter {
        let mut fm = FrontMatter::default();
        let doc = match parse_mapping(yaml, self.display, 2, Code::FrontMatterSyntax) {
            Ok(doc) => doc,
            Err(d) => {
                self.push(*d);
                return fm;
            }
        };
        let mut unknown = 0;
        for (key, value) in doc.entries() {
            let path = [key.as_str()];
            match FrontMatterKey::named(&key) {
                Some(FrontMatterKey::Text(field)) => {
                    let yes_no = field == Field::UserImpact;
                    if let Some(raw) = self.yaml_text(&doc, &path, value, yes_no) {
                        fm.fields.insert(field, raw);
                    }
                }
                Some(FrontMatterKey::List(field)) => {
                    let items = self.yaml_list(&doc, &path, value);
                    match field {
                        Field::Services => fm.services = items,
                        Field::Factors => fm.factors = items,
                        Field::Related => {
                            // Each related incident is checked apart: its own place.
                            fm.related = items;
                            for raw in &mut fm.related {
                                raw.span = unquoted(doc.item_span(&key, &raw.text), &raw.text);
                            }
                        }
                        Field::Tags => fm.tags = items,
                        // `FrontMatterKey::ALL` gives no other field as a list.
                        _ => {}
                    }
                }
                Some(FrontMatterKey::Aliases) => fm.aliases = self.yaml_list(&doc, &path, value),
                Some(FrontMatterKey::Slug) => fm.slug = self.yaml_text(&doc, &path, value, false),
                Some(FrontMatterKey::Draft) => match value {
                    Value::Bool(b) => fm.draft = *b,
                    other => self.wrong_type(&doc, &path, "`true` or `false`", other),
                },
                Some(FrontMatterKey::Cost) => self.front_matter_cost(&doc, &key, value, &mut fm),
                Some(FrontMatterKey::References) => {
                    self.front_matter_references(&doc, &key, value, &mut fm)
                }
                None => {
                    unknown += 1;
                    if unknown <= MAX_UNKNOWN_KEYS {
                        self.unknown_front_matter_key(&doc, &key);
                    }
                }
            }
        }
        self.too_many_unknown_keys(unknown, "front matter keys");
        fm
    }

    /// `cost:`: the downtime, lost and resolution figures.
    fn front_matter_cost(&mut self, doc: &YamlDoc, key: &str, value: &Value, fm: &mut FrontMatter) {
        for (sub, v) in self.yaml_submap(doc, key, value, &CostLine::ALL.map(CostLine::key)) {
            let line = CostLine::from_label(&sub).filter(|l| l.key() == sub);
            if let Some(line) = line
                && let Some(raw) = self.yaml_text(doc, &[key, &sub], &v, false)
            {
                fm.cost.insert(line, raw);
            }
        }
    }

    /// `references:`: the logs and dashboard links and the tickets.
    fn front_matter_references(
        &mut self,
        doc: &YamlDoc,
        key: &str,
        value: &Value,
        fm: &mut FrontMatter,
    ) {
        for (sub, v) in
            self.yaml_submap(doc, key, value, &ReferenceLine::ALL.map(ReferenceLine::key))
        {
            if sub == "tickets" {
                fm.tickets = self.yaml_list(doc, &[key, &sub], &v);
            } else if let Some(line) = ReferenceLine::from_label(&sub)
                && let Some(raw) = self.yaml_text(doc, &[key, &sub], &v, false)
            {
                fm.references.insert(line, raw);
            }
        }
    }

    /// A key front matter does not know: ignored, with the closest known key as help.
    fn unknown_front_matter_key(&mut self, doc: &YamlDoc, key: &str) {
        let span = doc.key_span(&[key]);
        let help = closest(key, FrontMatterKey::keys())
            .map(|c| format!("did you mean `{c}`?"))
            .unwrap_or_else(|| {
                let keys: Vec<_> = FrontMatterKey::keys().collect();
                format!("the keys are: {}", keys.join(", "))
            });
        self.push(
            Diagnostic::new(
                Code::UnknownKey,
                self.at(span),
                format!("unknown front matter key `{key}` (ignored)"),
            )
            .with_help(help),
        );
    }

    /// One warning for the unknown keys past the first [`MAX_UNKNOWN_KEYS`], which are not
    /// reported one by one.
    pub(super) fn too_many_unknown_keys(&mut self, unknown: usize, what: &str) {
        if unknown > MAX_UNKNOWN_KEYS {
            self.push(Diagnostic::new(
                Code::UnknownKey,
                self.at(Span::new(1, 1, 3)),
                format!(
                    "{} more unknown {what} (ignored)",
                    unknown - MAX_UNKNOWN_KEYS
                ),
            ));
        }
    }

    pub(super) fn wrong_type(
        &mut self,
        doc: &YamlDoc,
        path: &[&str],
        expected: &str,
        value: &Value,
    ) {
        let span = doc.value_span(path);
        self.push(Diagnostic::new(
            Code::WrongType,
            self.at(span),
            format!(
                "`{}` must be {expected}, found {}",
                path.join("."),
                describe(value)
            ),
        ));
    }

    pub(super) fn yaml_text(
        &mut self,
        doc: &YamlDoc,
        path: &[&str],
        value: &Value,
        yes_no: bool,
    ) -> Option<Raw> {
        let text = match value {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) if yes_no => if *b { "yes" } else { "no" }.to_string(),
            Value::Null => String::new(),
            other => {
                self.wrong_type(doc, path, "text", other);
                return None;
            }
        };
        let mut span = doc.value_span(path);
        // Point at the text itself inside quotes.
        if span.len >= 2 && text.chars().count() + 2 == span.len {
            span.column += 1;
            span.len -= 2;
        }
        Some(Raw { text, span })
    }

    pub(super) fn yaml_list(&mut self, doc: &YamlDoc, path: &[&str], value: &Value) -> Vec<Raw> {
        let span = doc.value_span(path);
        match value {
            Value::Sequence(items) => {
                let mut out = Vec::new();
                for item in items {
                    match item {
                        Value::String(s) => out.push(Raw {
                            text: s.clone(),
                            span,
                        }),
                        Value::Number(n) => out.push(Raw {
                            text: n.to_string(),
                            span,
                        }),
                        other => {
                            self.wrong_type(doc, path, "a list of texts", other);
                            return Vec::new();
                        }
                    }
                }
                out
            }
            // A single text is a list of comma-separated items.
            Value::String(s) => s
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| Raw {
                    text: s.to_string(),
                    span,
                })
                .collect(),
            Value::Null => Vec::new(),
            other => {
                self.wrong_type(doc, path, "a list such as `[api, database]`", other);
                Vec::new()
            }
        }
    }

    pub(super) fn yaml_submap(
        &mut self,
        doc: &YamlDoc,
        key: &str,
        value: &Value,
        keys: &[&str],
    ) -> Vec<(String, Value)> {
        match value {
            Value::Mapping(map) => {
                let mut out = Vec::new();
                let mut unknown = 0;
                for (k, v) in map {
                    let name = match k {
                        Value::String(s) => s.clone(),
                        other => describe(other),
                    };
                    if keys.contains(&name.as_str()) {
                        out.push((name, v.clone()));
                    } else {
                        unknown += 1;
                        if unknown > MAX_UNKNOWN_KEYS {
                            continue;
                        }
                        let span = doc.key_span(&[key, &name]);
                        let help = closest(&name, keys.iter().copied())
                            .map(|c| format!("did you mean `{c}`?"))
                            .unwrap_or_else(|| format!("`{key}` holds: {}", keys.join(", ")));
                        self.push(
                            Diagnostic::new(
                                Code::UnknownKey,
                                self.at(span),
                                format!("unknown key `{key}.{name}` (ignored)"),
                            )
                            .with_help(help),
                        );
                    }
                }
                self.too_many_unknown_keys(unknown, &format!("keys under `{key}`"));
                out
            }
            Value::Null => Vec::new(),
            other => {
                self.wrong_type(
                    doc,
                    &[key],
                    &format!("a mapping of {}", keys.join(", ")),
                    other,
                );
                Vec::new()
            }
        }
    }
}
