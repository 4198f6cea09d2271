//! Reads one report (template lines, YAML front matter, or both) into an [`Incident`],
//! collecting every problem as a diagnostic.

mod actions;
mod consistency;
mod fields;
pub(crate) mod lines;
mod names;

/// The parser's small maps (keyed by field, line or section kind): a faster hash than SipHash.
type HashMap<K, V> = std::collections::HashMap<K, V, ahash::RandomState>;
use std::path::Path;

use chrono_tz::Tz;
use serde_yaml::Value;

use crate::diagnostic::{Code, Diagnostic, Location, Severity as DiagSeverity, closest};
use crate::incident::{
    Cost, ExtraField, Incident, IncidentDuration, Kind, References, Section, SectionKind, Severity,
    Span, Spanned, UserImpact,
};
use crate::text::{char_len, column_of, fold, slugify};
use crate::values::{
    DateError, Duration, Money, Timestamp, parse_date, parse_duration, parse_money,
};
use crate::yaml::{YamlDoc, describe, parse_mapping};

pub use fields::{CostLine, Field, ReferenceLine};
use lines::{
    FenceState, field_line, heading, incident_heading, is_placeholder, is_placeholder_body,
};

/// Unknown front matter keys reported one by one; the others are counted in one warning.
const MAX_UNKNOWN_KEYS: usize = 20;

/// Reports larger than this are refused before they are read.
pub const MAX_REPORT_BYTES: u64 = 5 * 1024 * 1024;

/// The site settings a report's values depend on.
#[derive(Debug, Clone)]
pub struct Context {
    pub timezone: Tz,
    /// For amounts written without a currency.
    pub currency: String,
}

/// The outcome of reading one report.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The incident, when the report has no error.
    pub incident: Option<Incident>,
    pub diagnostics: Vec<Diagnostic>,
    /// The URL name, known even when the report has errors (for duplicate detection).
    pub slug: Option<Spanned<String>>,
    pub aliases: Vec<Spanned<String>>,
    pub draft: bool,
}

/// Where a file stopped being valid UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotUtf8 {
    pub offset: usize,
    pub line: usize,
    pub column: usize,
}

/// Decodes a report's bytes: UTF-8 required, a byte order mark dropped, CRLF and CR line
/// endings made LF, and every other control character but tab (NUL, ESC, DEL, C1...) replaced
/// by U+FFFD ([`crate::text::replace_unprintable`]): read once here, so that no page, feed, data
/// file or search entry can carry one.
pub fn decode(bytes: &[u8]) -> Result<String, NotUtf8> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let offset = e.valid_up_to();
            let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
            let line = valid.matches('\n').count() + 1;
            let line_start = valid.rfind('\n').map_or(0, |i| i + 1);
            let column = valid[line_start..].chars().count() + 1;
            return Err(NotUtf8 {
                offset,
                line,
                column,
            });
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    Ok(crate::text::replace_unprintable(&text).into_owned())
}

/// Where `part` starts in `line`: by its address when it is a slice of `line` (no search, and
/// the place it was read from even when its text is there twice), else where it is found.
fn offset_of(line: &str, part: &str) -> usize {
    let start = line.as_ptr() as usize;
    let at = part.as_ptr() as usize;
    if at >= start && at + part.len() <= start + line.len() {
        at - start
    } else {
        line.find(part).unwrap_or(0)
    }
}

/// A text value and where it was written.
#[derive(Debug, Clone)]
struct Raw {
    text: String,
    span: Span,
}

/// Lines of a report kept as runs of consecutive lines (byte ranges of the text) rather than
/// one entry per line: a hostile report of millions of short lines would otherwise take many
/// times its size.
struct LineRuns<'a> {
    text: &'a str,
    /// (line number of the line after the run, byte range of its lines in `text`, line number
    /// of its first line).
    runs: Vec<(usize, std::ops::Range<usize>, usize)>,
}

impl<'a> LineRuns<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            runs: Vec::new(),
        }
    }

    /// Adds line `no`, a slice of the text.
    fn push(&mut self, no: usize, line: &'a str) {
        let start = offset_of(self.text, line);
        let end = start + line.len();
        if let Some((next, range, _)) = self.runs.last_mut()
            && *next == no
            && range.end + 1 == start
        {
            range.end = end;
            *next += 1;
            return;
        }
        self.runs.push((no + 1, start..end, no));
    }

    /// Every line with its number, in order.
    fn lines(&self) -> impl Iterator<Item = (usize, &'a str)> + '_ {
        self.runs.iter().flat_map(|(_, range, first)| {
            self.text[range.clone()]
                .split('\n')
                .enumerate()
                .map(move |(i, line)| (first + i, line))
        })
    }

    fn first(&self) -> Option<(usize, &'a str)> {
        self.lines().next()
    }

    /// The lines joined into a Markdown block, blank lines at both ends dropped.
    fn block(&self) -> String {
        let mut joined = String::new();
        for (i, (_, range, _)) in self.runs.iter().enumerate() {
            if i > 0 {
                joined.push('\n');
            }
            joined.push_str(&self.text[range.clone()]);
        }
        trim_blank_lines(&joined).to_string()
    }
}

/// `block` without its blank lines at both ends (a line of whitespace is blank).
fn trim_blank_lines(block: &str) -> &str {
    let mut start = 0;
    for line in block.split_inclusive('\n') {
        if !line.trim().is_empty() {
            break;
        }
        start += line.len();
    }
    let rest = &block[start..];
    let mut end = rest.len();
    for line in rest.rsplit('\n') {
        if !line.trim().is_empty() {
            break;
        }
        end = end.saturating_sub(line.len() + 1);
    }
    &rest[..end.min(rest.len())]
}

/// A section as found in the file, before validation.
struct RawSection<'a> {
    kind: Option<SectionKind>,
    heading: String,
    span: Span,
    /// (line number, line) of the body.
    body: LineRuns<'a>,
}

/// Reads the report `text`. `source` is its path relative to the content folder (its stem is
/// the default slug); `display` is how messages name the file.
pub fn parse_report(text: &str, source: &Path, display: &Path, ctx: &Context) -> Parsed {
    let mut parser = Parser {
        ctx,
        source,
        display,
        diags: Vec::new(),
        english: 0,
    };
    let stem = source
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let parsed = parser.parse(text, &stem);
    let mut parsed = parsed;
    parsed.diagnostics = parser.diags;
    if parsed.diagnostics.iter().any(Diagnostic::is_error) {
        parsed.incident = None;
    }
    parsed
}

struct Parser<'a> {
    ctx: &'a Context,
    source: &'a Path,
    display: &'a Path,
    diags: Vec<Diagnostic>,
    /// Positive when the report is written with English labels; messages follow it.
    english: i32,
}

/// Front matter values, each with its place.
#[derive(Default)]
struct FrontMatter {
    fields: HashMap<Field, Raw>,
    services: Vec<Raw>,
    tags: Vec<Raw>,
    slug: Option<Raw>,
    aliases: Vec<Raw>,
    draft: bool,
    cost: HashMap<CostLine, Raw>,
    references: HashMap<ReferenceLine, Raw>,
    tickets: Vec<Raw>,
}

/// What the Markdown body says.
#[derive(Default)]
struct Body<'a> {
    /// The whole `## Incident` line.
    heading_span: Option<Span>,
    /// An `Incident <date>` heading at another level than 2, and its level.
    wrong_level: Option<(Span, usize)>,
    /// The first `## Incident` heading found inside a code block.
    fenced_incident: Option<Span>,
    /// `Label : value` lines without bold where bold is required, by field.
    plain_fields: HashMap<Field, (Span, String)>,
    date: Option<Raw>,
    title: Option<Raw>,
    fields: HashMap<Field, Raw>,
    extra: Vec<ExtraField>,
    summary: Option<LineRuns<'a>>,
    sections: Vec<RawSection<'a>>,
}

impl Parser<'_> {
    fn english(&self) -> bool {
        self.english > 0
    }

    fn at(&self, span: Span) -> Location {
        Location::new(self.display, span.line, span.column, span.len)
    }

    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn parse(&mut self, text: &str, stem: &str) -> Parsed {
        // The lines are read as they are needed, never all kept: a report of millions of short
        // lines would take many times its size.
        let text = text.strip_suffix('\n').unwrap_or(text);
        let lines = || text.split('\n');
        if lines().all(|l| l.trim().is_empty()) {
            self.push(
                Diagnostic::new(
                    Code::EmptyReport,
                    Location::file(self.display),
                    "the report is empty",
                )
                .with_help("write the report from the template, or delete the file"),
            );
            return Parsed {
                incident: None,
                diagnostics: Vec::new(),
                slug: self.slug(None, stem),
                aliases: Vec::new(),
                draft: false,
            };
        }

        // Front matter: a `---` first line, closed by `---` or `...`.
        let mut fm = FrontMatter::default();
        let mut body_start = 0;
        if lines().next().is_some_and(|l| l.trim_end() == "---") {
            match lines()
                .skip(1)
                .position(|l| matches!(l.trim_end(), "---" | "..."))
            {
                Some(end) => {
                    // The lines between the two `---`, as one slice of the text.
                    let start = text.find('\n').map_or(text.len(), |i| i + 1);
                    let closing = lines()
                        .nth(end + 1)
                        .map_or(text.len(), |l| offset_of(text, l));
                    let yaml = &text[start..closing.saturating_sub(1).max(start)];
                    fm = self.front_matter(yaml);
                    body_start = end + 2;
                }
                None => {
                    self.push(
                        Diagnostic::new(
                            Code::FrontMatterSyntax,
                            self.at(Span::new(1, 1, 3)),
                            "the front matter is never closed",
                        )
                        .with_help("end the front matter with a line holding only `---`"),
                    );
                    body_start = usize::MAX;
                }
            }
        }

        let body = self.body(text, body_start);
        self.assemble(fm, body, stem)
    }

    // ----- front matter -----

    fn front_matter(&mut self, yaml: &str) -> FrontMatter {
        let mut fm = FrontMatter::default();
        let doc = match parse_mapping(yaml, self.display, 2, Code::FrontMatterSyntax) {
            Ok(doc) => doc,
            Err(d) => {
                self.push(*d);
                return fm;
            }
        };
        const KEYS: &[&str] = &[
            "title",
            "date",
            "type",
            "severity",
            "duration",
            "user_impact",
            "detected",
            "mitigated",
            "resolved",
            "services",
            "tags",
            "draft",
            "slug",
            "aliases",
            "cost",
            "references",
        ];
        let mut unknown = 0;
        for (key, value) in doc.entries() {
            let field = [
                Field::Title,
                Field::Date,
                Field::Type,
                Field::Severity,
                Field::Duration,
                Field::UserImpact,
                Field::Detected,
                Field::Mitigated,
                Field::Resolved,
            ]
            .into_iter()
            .find(|f| f.key() == key);
            if let Some(field) = field {
                if let Some(raw) = self.yaml_text(&doc, &[&key], value, field == Field::UserImpact)
                {
                    fm.fields.insert(field, raw);
                }
                continue;
            }
            match key.as_str() {
                "services" => fm.services = self.yaml_list(&doc, &[&key], value),
                "tags" => fm.tags = self.yaml_list(&doc, &[&key], value),
                "aliases" => fm.aliases = self.yaml_list(&doc, &[&key], value),
                "slug" => fm.slug = self.yaml_text(&doc, &[&key], value, false),
                "draft" => match value {
                    Value::Bool(b) => fm.draft = *b,
                    other => self.wrong_type(&doc, &[&key], "`true` or `false`", other),
                },
                "cost" => {
                    for (sub, v) in
                        self.yaml_submap(&doc, &key, value, &["downtime", "lost", "resolution"])
                    {
                        let line = CostLine::from_label(&sub).filter(|l| l.key() == sub);
                        if let Some(line) = line
                            && let Some(raw) = self.yaml_text(&doc, &[&key, &sub], &v, false)
                        {
                            fm.cost.insert(line, raw);
                        }
                    }
                }
                "references" => {
                    for (sub, v) in
                        self.yaml_submap(&doc, &key, value, &["logs", "dashboard", "tickets"])
                    {
                        if sub == "tickets" {
                            fm.tickets = self.yaml_list(&doc, &[&key, &sub], &v);
                        } else if let Some(line) = ReferenceLine::from_label(&sub)
                            && let Some(raw) = self.yaml_text(&doc, &[&key, &sub], &v, false)
                        {
                            fm.references.insert(line, raw);
                        }
                    }
                }
                _ => {
                    unknown += 1;
                    if unknown > MAX_UNKNOWN_KEYS {
                        continue;
                    }
                    let span = doc.key_span(&[&key]);
                    let help = closest(&key, KEYS.iter().copied())
                        .map(|c| format!("did you mean `{c}`?"))
                        .unwrap_or_else(|| format!("the keys are: {}", KEYS.join(", ")));
                    self.push(
                        Diagnostic::new(
                            Code::UnknownKey,
                            self.at(span),
                            format!("unknown front matter key `{key}` (ignored)"),
                        )
                        .with_help(help),
                    );
                }
            }
        }
        self.too_many_unknown_keys(unknown, "front matter keys");
        fm
    }

    /// One warning for the unknown keys past the first [`MAX_UNKNOWN_KEYS`], which are not
    /// reported one by one.
    fn too_many_unknown_keys(&mut self, unknown: usize, what: &str) {
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

    fn wrong_type(&mut self, doc: &YamlDoc, path: &[&str], expected: &str, value: &Value) {
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

    fn yaml_text(
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

    fn yaml_list(&mut self, doc: &YamlDoc, path: &[&str], value: &Value) -> Vec<Raw> {
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

    fn yaml_submap(
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

    // ----- body -----

    fn body<'t>(&mut self, report: &'t str, start: usize) -> Body<'t> {
        let mut body = Body::default();
        let mut summary = LineRuns::new(report);
        let mut fence = FenceState::default();
        let mut in_sections = false;
        for (i, line) in report.split('\n').enumerate().skip(start) {
            let no = i + 1;
            if fence.in_code(line) {
                if body.fenced_incident.is_none()
                    && let Some((2, text)) = heading(line)
                    && incident_heading(text).is_some()
                {
                    body.fenced_incident = Some(Span::new(no, 1, char_len(line.trim_end())));
                }
                match body.sections.last_mut() {
                    Some(section) if in_sections => section.body.push(no, line),
                    _ => summary.push(no, line),
                }
                continue;
            }
            if let Some((level, text)) = heading(line) {
                if level == 2
                    && let Some(rest) = incident_heading(text)
                {
                    if let Some(first) = body.heading_span {
                        self.push(
                            Diagnostic::new(
                                Code::SecondIncident,
                                self.at(Span::new(no, 1, char_len(line.trim_end()))),
                                "a second incident in the same file",
                            )
                            .with_label("one file holds one incident")
                            .with_help("split the file: `incidex import FILE` writes one report per incident")
                            .with_related(self.at(first), "the first incident starts here"),
                        );
                        break;
                    }
                    body.heading_span = Some(Span::new(no, 1, char_len(line.trim_end())));
                    self.incident_heading(&mut body, line, rest, no);
                    continue;
                }
                if level != 2
                    && body.heading_span.is_none()
                    && body.wrong_level.is_none()
                    && !in_sections
                    && incident_heading(text).is_some()
                {
                    body.wrong_level = Some((Span::new(no, 1, char_len(line.trim_end())), level));
                    continue;
                }
                if level == 1 && body.heading_span.is_none() && body.title.is_none() && !in_sections
                {
                    let start = offset_of(line, text);
                    body.title = Some(Raw {
                        text: text.to_string(),
                        span: Span::new(no, column_of(line, start), char_len(text)),
                    });
                    continue;
                }
                if level == 3 {
                    in_sections = true;
                    let name = lines::section_name(text);
                    let parsed = SectionKind::parse_with_language(name);
                    match parsed {
                        Some((_, Some(true))) => self.english += 1,
                        Some((_, Some(false))) => self.english -= 1,
                        _ => {}
                    }
                    let kind = parsed.map(|(kind, _)| kind);
                    let start = offset_of(line, text);
                    body.sections.push(RawSection {
                        kind,
                        heading: text.to_string(),
                        span: Span::new(no, column_of(line, start), char_len(text)),
                        body: LineRuns::new(report),
                    });
                    continue;
                }
            }
            if in_sections {
                if let Some(section) = body.sections.last_mut() {
                    section.body.push(no, line);
                }
                continue;
            }
            if let Some(f) = field_line(line, false) {
                self.field(&mut body, line, &f, no);
                continue;
            }
            if let Some(f) = field_line(line, true)
                && let Some((field, _)) = Field::from_label(f.label)
            {
                body.plain_fields.entry(field).or_insert((
                    Span::new(no, column_of(line, f.label_start), char_len(f.label)),
                    f.value.to_string(),
                ));
            }
            summary.push(no, line);
        }
        body.summary = Some(summary);
        body
    }

    fn incident_heading(&mut self, body: &mut Body, line: &str, rest: &str, no: usize) {
        let rest_start = line.len() - line.trim_end().len();
        let _ = rest_start;
        let offset = offset_of(line, rest);
        // The title follows the date after ` — `, ` – `, ` - ` or `: `.
        let separators = [" — ", " – ", " - ", ": "];
        let cut = separators
            .iter()
            .filter_map(|s| rest.find(s).map(|i| (i, s.len())))
            .min_by_key(|(i, _)| *i);
        let (date, title) = match cut {
            Some((i, len)) => (rest[..i].trim_end(), Some(&rest[i + len..])),
            None => (rest.trim_end(), None),
        };
        body.date = Some(Raw {
            text: date.to_string(),
            span: Span::new(no, column_of(line, offset), char_len(date)),
        });
        if let Some(title) = title.map(str::trim).filter(|t| !t.is_empty()) {
            let start = offset_of(line, title);
            let raw = Raw {
                text: title.to_string(),
                span: Span::new(no, column_of(line, start), char_len(title)),
            };
            // A `# Title` line and a heading title: the heading's wins, both must agree.
            if let Some(previous) = body.title.take()
                && previous.text.trim() != raw.text.trim()
            {
                let label = Field::Title.label(self.english());
                self.conflict(label, &raw, &previous, "the `# Title` line");
            }
            body.title = Some(raw);
        }
    }

    fn field(&mut self, body: &mut Body, line: &str, f: &lines::FieldLine, no: usize) {
        let value_span = Span::new(no, column_of(line, f.value_start), char_len(f.value).max(1));
        let Some((field, english_only)) = Field::from_label(f.label) else {
            let label_span = Span::new(no, column_of(line, f.label_start), char_len(f.label));
            let help =
                closest(f.label, Field::all_labels()).map(|c| format!("did you mean `{c}`?"));
            self.push(
                Diagnostic::new(
                    Code::UnknownLabel,
                    self.at(label_span),
                    format!(
                        "unknown field `{}` (kept and shown with the metadata)",
                        f.label
                    ),
                )
                .with_help_opt(help),
            );
            body.extra.push(ExtraField {
                label: f.label.to_string(),
                value: f.value.to_string(),
                span: value_span,
            });
            return;
        };
        self.english += if english_only { 1 } else { 0 };
        let raw = Raw {
            text: f.value.to_string(),
            span: value_span,
        };
        if let Some(first) = body.fields.get(&field) {
            let first_at = self.at(first.span);
            self.push(
                Diagnostic::new(
                    Code::DuplicateField,
                    self.at(Span::new(
                        no,
                        column_of(line, f.label_start),
                        char_len(f.label),
                    )),
                    format!("`{}` is given twice", f.label),
                )
                .with_help("keep one line and delete the other")
                .with_related(first_at, "first given here"),
            );
            return;
        }
        body.fields.insert(field, raw);
    }

    fn conflict(&mut self, label: &str, body: &Raw, front: &Raw, front_name: &str) {
        self.push(
            Diagnostic::new(
                Code::Conflict,
                self.at(body.span),
                format!(
                    "`{label}` is `{}` here but `{}` in {front_name}",
                    body.text.trim(),
                    front.text.trim()
                ),
            )
            .with_help("give the value once, or make both places agree")
            .with_related(
                self.at(front.span),
                format!("{front_name} gives `{}`", front.text.trim()),
            ),
        );
    }

    // ----- values -----

    /// Checks what every value shares: not empty, not a placeholder. Returns the trimmed text.
    fn filled<'r>(&mut self, raw: &'r Raw, label: &str, expected: &str) -> Option<&'r str> {
        let text = raw.text.trim();
        if text.is_empty() {
            self.push(
                Diagnostic::new(
                    Code::MissingField,
                    self.at(raw.span),
                    format!("`{label}` has no value"),
                )
                .with_label(format!("expected {expected}")),
            );
            return None;
        }
        if is_placeholder(text) {
            self.push(
                Diagnostic::new(
                    Code::Placeholder,
                    self.at(raw.span),
                    format!("template placeholder not filled in: `{label}`"),
                )
                .with_label(format!("expected {expected}")),
            );
            return None;
        }
        Some(text)
    }

    fn kind(&mut self, raw: &Raw) -> Option<Kind> {
        let english = self.english();
        let label = Field::Type.label(english);
        let text = self.filled(raw, label, Field::Type.expected(english))?;
        let kind = Kind::parse(text);
        if kind.is_none() {
            let help = closest(text, Kind::spellings())
                .and_then(Kind::parse)
                .map(|k| {
                    format!(
                        "did you mean `{}`?",
                        if english { k.english() } else { k.french() }
                    )
                });
            self.push(
                Diagnostic::new(
                    Code::InvalidType,
                    self.at(raw.span),
                    format!("unknown incident type `{text}`"),
                )
                .with_label(format!("expected {}", Field::Type.expected(english)))
                .with_help_opt(help),
            );
        }
        kind
    }

    fn severity(&mut self, raw: &Raw) -> Option<Severity> {
        let english = self.english();
        let label = Field::Severity.label(english);
        let text = self.filled(raw, label, Field::Severity.expected(english))?;
        let severity = Severity::parse(text);
        if severity.is_none() {
            let help = closest(text, Severity::spellings())
                .and_then(Severity::parse)
                .map(|s| {
                    format!(
                        "did you mean `{}`?",
                        if english { s.english() } else { s.french() }
                    )
                });
            self.push(
                Diagnostic::new(
                    Code::InvalidSeverity,
                    self.at(raw.span),
                    format!("unknown severity `{text}`"),
                )
                .with_label(format!("expected {}", Field::Severity.expected(english)))
                .with_help_opt(help),
            );
        }
        severity
    }

    fn duration_value(
        &mut self,
        raw: &Raw,
        label: &str,
        allow_ongoing: bool,
    ) -> Option<IncidentDuration> {
        let expected = if allow_ongoing {
            "a duration such as `25 minutes`, `1h30` or `en cours`"
        } else {
            "a duration such as `25 minutes` or `1h30`"
        };
        let text = self.filled(raw, label, expected)?;
        let folded = fold(text);
        if allow_ongoing
            && matches!(
                folded.as_str(),
                "en cours" | "ongoing" | "in progress" | "en cours..."
            )
        {
            return Some(IncidentDuration::Ongoing);
        }
        match parse_duration(text) {
            Ok(d) => Some(IncidentDuration::Known(d)),
            Err(e) => {
                let help = e.help.or_else(|| {
                    (!allow_ongoing && matches!(folded.as_str(), "en cours" | "ongoing"))
                        .then(|| "downtime cannot be ongoing: give the downtime so far".to_string())
                });
                self.push(
                    Diagnostic::new(
                        Code::InvalidDuration,
                        self.at(raw.span),
                        format!("invalid {label}: {}", e.message),
                    )
                    .with_label(format!("expected {expected}"))
                    .with_help_opt(help),
                );
                None
            }
        }
    }

    fn impact(&mut self, raw: &Raw) -> Option<UserImpact> {
        let english = self.english();
        let label = Field::UserImpact.label(english);
        let expected = Field::UserImpact.expected(english);
        let text = self.filled(raw, label, expected)?;
        let word_end = text
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(text.len());
        let affected = match fold(&text[..word_end]).as_str() {
            "oui" | "yes" | "true" => Some(true),
            "non" | "no" | "false" => Some(false),
            _ => None,
        };
        let rest = &text[word_end..];
        let description = ["—", "–", "-", ":", ","]
            .iter()
            .find_map(|sep| rest.trim_start().strip_prefix(sep))
            .map(str::trim);
        match (affected, rest.trim().is_empty(), description) {
            (Some(affected), true, _) => Some(UserImpact {
                affected,
                description: None,
            }),
            (Some(affected), false, Some(d)) => Some(UserImpact {
                affected,
                description: Some(d.to_string()).filter(|d| !d.is_empty()),
            }),
            _ => {
                let help = if affected.is_some() {
                    format!(
                        "separate the description with ` - `: `{} - {}`",
                        &text[..word_end],
                        rest.trim()
                    )
                } else if english {
                    format!("start with `Yes` or `No`, e.g. `Yes - {text}`")
                } else {
                    format!("start with `Oui` or `Non`, e.g. `Oui - {text}`")
                };
                self.push(
                    Diagnostic::new(
                        Code::InvalidImpact,
                        self.at(raw.span),
                        format!("invalid {label}: `{text}`"),
                    )
                    .with_label(format!("expected {expected}"))
                    .with_help(help),
                );
                None
            }
        }
    }

    fn timestamp(&mut self, raw: &Raw, field: Field) -> Option<Timestamp> {
        let english = self.english();
        let label = field.label(english);
        let text = self.filled(raw, label, field.expected(english))?;
        match parse_date(text, self.ctx.timezone) {
            Ok((ts, warning)) => {
                if let Some(w) = warning {
                    self.push(
                        Diagnostic::new(Code::AmbiguousTime, self.at(raw.span), w).with_help(
                            "add the offset to say which one you mean, e.g. `+02:00` or `+01:00`",
                        ),
                    );
                }
                Some(ts)
            }
            Err(DateError::Invalid(e)) => {
                // A date followed by a title without a separator: say how to separate them.
                let help = e.help.clone().or_else(|| self.title_after_date_help(text));
                self.push(
                    Diagnostic::new(
                        Code::InvalidDate,
                        self.at(raw.span),
                        format!("invalid date: {}", e.message),
                    )
                    .with_label(format!("expected {}", field.expected(english)))
                    .with_help_opt(help),
                );
                None
            }
            Err(DateError::Nonexistent(e)) => {
                self.push(
                    Diagnostic::new(Code::NonexistentTime, self.at(raw.span), e.message)
                        .with_help_opt(e.help),
                );
                None
            }
        }
    }

    /// Whether `a` comes before `b` in the timeline. A date written without a time is a whole
    /// day: compared with another instant, only the days (in the site's time zone) count.
    fn before(&self, a: &Timestamp, b: &Timestamp) -> bool {
        if a.has_time && b.has_time {
            return a.instant < b.instant;
        }
        let day = |t: &Timestamp| t.instant.with_timezone(&self.ctx.timezone).date_naive();
        day(a) < day(b)
    }

    fn title_after_date_help(&self, text: &str) -> Option<String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        (1..words.len()).rev().find_map(|n| {
            let date = words[..n].join(" ");
            parse_date(&date, self.ctx.timezone).ok().map(|_| {
                format!(
                    "separate the title from the date with ` — `: `## Incident {date} — {}`",
                    words[n..].join(" ")
                )
            })
        })
    }

    fn money(&mut self, raw: &Raw, label: &str) -> Option<Option<Money>> {
        let text = raw.text.trim();
        if fold(text) == "[si applicable]" {
            self.push(
                Diagnostic::new(
                    Code::NoValuePlaceholder,
                    self.at(raw.span),
                    format!("`{label}` still says `{text}`: read as no value"),
                )
                .with_help("write `N/A` when there is no cost, or the amount, e.g. `$12.50`"),
            );
            return Some(None);
        }
        let text = self.filled(raw, label, "an amount such as `$12.50`, `12,50 €` or `N/A`")?;
        match parse_money(text, &self.ctx.currency) {
            Ok(m) => Some(m),
            Err(e) => {
                self.push(
                    Diagnostic::new(
                        Code::InvalidMoney,
                        self.at(raw.span),
                        format!("invalid {label}: {}", e.message),
                    )
                    .with_label("expected an amount such as `$12.50`, `12,50 €` or `N/A`")
                    .with_help_opt(e.help),
                );
                None
            }
        }
    }

    /// Reads a field from the front matter and the body, checking that they agree.
    fn resolve<T: PartialEq + Clone>(
        &mut self,
        label: &str,
        fm: Option<&Raw>,
        body: Option<&Raw>,
        mut read: impl FnMut(&mut Self, &Raw) -> Option<T>,
    ) -> Resolved<T> {
        let from_fm = fm.map(|raw| (read(self, raw), raw));
        let from_body = body.map(|raw| (read(self, raw), raw));
        match (from_fm, from_body) {
            (Some((Some(a), fm_raw)), Some((Some(b), body_raw))) => {
                if a != b {
                    self.conflict(label, body_raw, fm_raw, "the front matter");
                    return Resolved::Invalid;
                }
                Resolved::Value(Spanned::new(b, body_raw.span))
            }
            (Some((None, _)), _) | (_, Some((None, _))) => Resolved::Invalid,
            (Some((Some(a), raw)), None) | (None, Some((Some(a), raw))) => {
                Resolved::Value(Spanned::new(a, raw.span))
            }
            (None, None) => Resolved::Missing,
        }
    }

    // ----- assembling the incident -----

    fn assemble(&mut self, fm: FrontMatter, body: Body, stem: &str) -> Parsed {
        let english = self.english();
        let heading_span = body.heading_span.unwrap_or(Span::new(1, 1, 1));

        // Start date: heading or `date:`.
        let date = self.resolve(
            Field::Date.label(english),
            fm.fields.get(&Field::Date),
            body.date.as_ref(),
            |p, raw| p.timestamp(raw, Field::Date),
        );
        if let (Resolved::Missing, Some((span, level))) = (&date, body.wrong_level) {
            let shown = "#".repeat(level);
            self.push(
                Diagnostic::new(
                    Code::MissingHeading,
                    self.at(span),
                    format!("the incident heading must be of level 2 (`##`), not `{shown}`"),
                )
                .with_label("the start date is read from a `## Incident <date>` heading")
                .with_help("write `## Incident` with two `#`"),
            );
        } else if let (Resolved::Missing, Some(span)) = (&date, body.fenced_incident) {
            self.push(
                Diagnostic::new(
                    Code::MissingHeading,
                    self.at(span),
                    "the incident is inside a code block: this looks like an incident log, not a report",
                )
                .with_label("a heading inside ``` is not read")
                .with_help("`incidex import FILE` writes one report per incident of such a document; or remove the ``` lines around the report"),
            );
            return self.finish_without_incident(&fm, stem);
        } else if let Resolved::Missing = date {
            self.push(
                Diagnostic::new(Code::MissingHeading, self.at(Span::new(1, 1, 1)), "the report has no start date")
                    .with_label("expected a `## Incident <date>` heading")
                    .with_help(
                        "start the report with `## Incident 2025-01-15 14:30`, or give `date:` in front matter",
                    ),
            );
        }

        let title_body = body
            .title
            .clone()
            .or_else(|| body.fields.get(&Field::Title).cloned());
        let title = self.resolve(
            Field::Title.label(english),
            fm.fields.get(&Field::Title),
            title_body.as_ref(),
            |p, raw| {
                let t = raw.text.trim();
                if is_placeholder(t) {
                    p.filled(raw, Field::Title.label(p.english()), "a title")
                        .map(str::to_string)
                } else {
                    Some(t.to_string())
                }
            },
        );

        let kind = self.resolve(
            Field::Type.label(english),
            fm.fields.get(&Field::Type),
            body.fields.get(&Field::Type),
            |p, raw| p.kind(raw),
        );
        let severity = self.resolve(
            Field::Severity.label(english),
            fm.fields.get(&Field::Severity),
            body.fields.get(&Field::Severity),
            |p, raw| p.severity(raw),
        );
        let duration = self.resolve(
            Field::Duration.label(english),
            fm.fields.get(&Field::Duration),
            body.fields.get(&Field::Duration),
            |p, raw| p.duration_value(raw, Field::Duration.label(p.english()), true),
        );
        let impact = self.resolve(
            Field::UserImpact.label(english),
            fm.fields.get(&Field::UserImpact),
            body.fields.get(&Field::UserImpact),
            |p, raw| p.impact(raw),
        );
        let mut timeline = Vec::new();
        for field in [Field::Detected, Field::Mitigated, Field::Resolved] {
            let t = self.resolve(
                field.label(english),
                fm.fields.get(&field),
                body.fields.get(&field),
                |p, raw| p.timestamp(raw, field),
            );
            timeline.push((field, t.value()));
        }
        for field in Field::REQUIRED {
            let missing = match field {
                Field::Type => matches!(kind, Resolved::Missing),
                Field::Severity => matches!(severity, Resolved::Missing),
                Field::Duration => matches!(duration, Resolved::Missing),
                _ => matches!(impact, Resolved::Missing),
            };
            if missing && let Some((span, value)) = body.plain_fields.get(&field) {
                let label = field.label(english);
                let colon = if english { ":" } else { " :" };
                self.push(
                    Diagnostic::new(
                        Code::MissingField,
                        self.at(*span),
                        format!("the field `{label}` must be written in bold"),
                    )
                    .with_label("a label without bold is read as text")
                    .with_help(format!("write `**{label}{colon}** {value}`")),
                );
            } else if missing {
                self.push(
                    Diagnostic::new(
                        Code::MissingField,
                        self.at(heading_span),
                        format!("missing field `{}`", field.label(english)),
                    )
                    .with_label(format!("expected {}", field.expected(english)))
                    .with_help(format!(
                        "add a line `{}` below the `## Incident` heading",
                        field.example(english)
                    )),
                );
            }
        }

        // Timeline order: start ≤ detected ≤ mitigated ≤ resolved. Each value is compared with
        // the latest one before it, so that every value out of order is reported once.
        if let Resolved::Value(start) = &date {
            let written = |field: Field| {
                let in_body = match field {
                    Field::Date => body.date.as_ref(),
                    f => body.fields.get(&f),
                };
                in_body
                    .or_else(|| fm.fields.get(&field))
                    .map(|raw| raw.text.trim().to_string())
                    .unwrap_or_default()
            };
            let mut latest = (Field::Date, start.clone());
            for (field, value) in &timeline {
                let Some(ts) = value else { continue };
                if self.before(&ts.value, &latest.1.value) {
                    let (this, other) = (written(*field), written(latest.0));
                    let name = |f: Field| match f {
                        Field::Date => "the start".to_string(),
                        f => format!("`{}`", f.label(english)),
                    };
                    self.push(
                        Diagnostic::new(
                            Code::TimelineOrder,
                            self.at(ts.span),
                            format!(
                                "{} ({this}) is before {} ({})",
                                name(*field),
                                name(latest.0),
                                shortened(&other, &this)
                            ),
                        )
                        .with_label("expected start ≤ detected ≤ mitigated ≤ resolved")
                        .with_help(format!(
                            "correct {} or {}; a time without an offset is in the site's time zone ({})",
                            name(*field),
                            name(latest.0),
                            self.ctx.timezone
                        ))
                        .with_related(
                            self.at(latest.1.span),
                            format!("{} is here", name(latest.0)),
                        ),
                    );
                } else {
                    latest = (*field, ts.clone());
                }
            }
        }

        let sections = self.sections(&body.sections, heading_span, &fm);
        let (cost, downtime_no_value) = self.cost(&fm, &body.sections);
        let actions = self.actions(&body.sections);
        let references = self.references(&fm, &body.sections);

        let slug = self.slug(fm.slug.as_ref(), stem);
        let aliases: Vec<Spanned<String>> = fm
            .aliases
            .iter()
            .filter_map(|raw| {
                let s = slugify(&raw.text);
                if s.is_empty() {
                    self.push(Diagnostic::new(
                        Code::InvalidValue,
                        self.at(raw.span),
                        format!("alias `{}` has no letters or digits", raw.text),
                    ));
                    None
                } else {
                    if let Some(d) = names::too_long("alias", &raw.text, &s, self.at(raw.span)) {
                        self.push(d);
                    }
                    Some(Spanned::new(s, raw.span))
                }
            })
            .collect();
        let services = self.list_items(&fm.services, body.fields.get(&Field::Services), "service");
        let tags = self.list_items(&fm.tags, body.fields.get(&Field::Tags), "tag");

        let summary = body
            .summary
            .as_ref()
            .map(LineRuns::block)
            .unwrap_or_default();
        let incident = match (date, kind, severity, duration, impact, &slug) {
            (
                Resolved::Value(start),
                Resolved::Value(kind),
                Resolved::Value(severity),
                Resolved::Value(duration),
                Resolved::Value(user_impact),
                Some(slug),
            ) => Some(Incident {
                slug: slug.clone(),
                aliases: aliases.clone(),
                source: self.source.to_path_buf(),
                title: title.value(),
                start,
                kind,
                severity,
                duration,
                user_impact,
                detected: timeline[0].1.clone(),
                mitigated: timeline[1].1.clone(),
                resolved: timeline[2].1.clone(),
                summary,
                sections,
                cost,
                references,
                services,
                tags,
                draft: fm.draft,
                extra_fields: body.extra,
                actions,
            }),
            _ => None,
        };
        if let Some(incident) = &incident {
            let at = |span: Span| self.at(span);
            let places = consistency::Places {
                at: &at,
                english,
                downtime_no_value,
            };
            let warnings = consistency::check(incident, &places);
            self.diags.extend(warnings);
        }
        Parsed {
            incident,
            diagnostics: Vec::new(),
            slug,
            aliases,
            draft: fm.draft,
        }
    }

    /// The outcome for a file that is not a report at all: only what duplicate detection needs.
    fn finish_without_incident(&mut self, fm: &FrontMatter, stem: &str) -> Parsed {
        Parsed {
            incident: None,
            diagnostics: Vec::new(),
            slug: self.slug(fm.slug.as_ref(), stem),
            aliases: Vec::new(),
            draft: fm.draft,
        }
    }

    fn slug(&mut self, given: Option<&Raw>, stem: &str) -> Option<Spanned<String>> {
        let (source, span) = match given {
            Some(raw) => (raw.text.as_str(), raw.span),
            None => (stem, Span::default()),
        };
        let slug = slugify(source);
        if slug.is_empty() {
            let location = if given.is_some() {
                self.at(span)
            } else {
                Location::file(self.display)
            };
            self.push(
                Diagnostic::new(
                    Code::EmptySlug,
                    location,
                    format!("the URL name made from `{source}` is empty"),
                )
                .with_help("use letters or digits in the file name, or give `slug:` in front matter, e.g. `slug: panne-reseau`"),
            );
            return None;
        }
        let location = match given {
            Some(_) => self.at(span),
            None => Location::file(self.display),
        };
        if let Some(d) = names::too_long("slug", source, &slug, location) {
            self.push(d);
        }
        Some(Spanned::new(slug, span))
    }

    fn list_items(&mut self, fm: &[Raw], body: Option<&Raw>, what: &str) -> Vec<Spanned<String>> {
        let mut items: Vec<Spanned<String>> = Vec::new();
        let from_body: Vec<Raw> = body
            .map(|raw| {
                raw.text
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| Raw {
                        text: s.to_string(),
                        span: raw.span,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut seen: std::collections::HashSet<String, ahash::RandomState> =
            std::collections::HashSet::default();
        for raw in fm.iter().chain(&from_body) {
            let text = raw.text.trim();
            let slug = slugify(text);
            if let Some(d) = names::too_long(what, text, &slug, self.at(raw.span)) {
                self.push(d);
            }
            if text.is_empty() || slug.is_empty() {
                self.push(Diagnostic::new(
                    Code::InvalidValue,
                    self.at(raw.span),
                    format!("{what} `{text}` has no letters or digits"),
                ));
                continue;
            }
            if seen.insert(text.to_string()) {
                items.push(Spanned::new(text.to_string(), raw.span));
            }
        }
        items
    }

    fn sections(
        &mut self,
        raw: &[RawSection],
        heading_span: Span,
        fm: &FrontMatter,
    ) -> Vec<Section> {
        let english = self.english();
        let mut seen: HashMap<SectionKind, Span> = HashMap::default();
        let mut known = Vec::new();
        let mut unknown = Vec::new();
        for section in raw {
            let markdown = section.body.block();
            let body_line = section.body.first().map_or(section.span.line, |(n, _)| n);
            let out = Section {
                kind: section.kind,
                heading: section.heading.clone(),
                markdown: markdown.clone(),
                span: section.span,
                body_line,
            };
            let Some(kind) = section.kind else {
                let help = closest(&section.heading, SectionKind::spellings())
                    .map(|c| format!("did you mean `{c}`?"));
                self.push(
                    Diagnostic::new(
                        Code::UnknownSection,
                        self.at(section.span),
                        format!(
                            "unknown section `{}` (shown after the known ones)",
                            section.heading
                        ),
                    )
                    .with_help_opt(help),
                );
                unknown.push(out);
                continue;
            };
            if let Some(first) = seen.get(&kind) {
                let first = self.at(*first);
                self.push(
                    Diagnostic::new(
                        Code::DuplicateSection,
                        self.at(section.span),
                        format!("the section `{}` appears twice", section.heading),
                    )
                    .with_help("merge the two sections into one")
                    .with_related(first, "first here"),
                );
                continue;
            }
            seen.insert(kind, section.span);
            if kind.required() {
                if markdown.trim().is_empty() {
                    self.push(
                        Diagnostic::new(
                            Code::EmptySection,
                            self.at(section.span),
                            format!("the section `{}` is empty", section.heading),
                        )
                        .with_help("describe what happened, or write what is not known yet"),
                    );
                } else if is_placeholder_body(&markdown) {
                    let (line, text) = section
                        .body
                        .lines()
                        .find(|(_, l)| !l.trim().is_empty())
                        .map_or((section.span.line, ""), |(n, l)| (n, l.trim_end()));
                    self.push(
                        Diagnostic::new(
                            Code::Placeholder,
                            self.at(Span::new(line, 1, char_len(text).max(1))),
                            format!(
                                "template placeholder not filled in: section `{}`",
                                section.heading
                            ),
                        )
                        .with_label("replace the bracketed text with what happened"),
                    );
                }
            }
            known.push(out);
        }
        let missing: Vec<&str> = SectionKind::ALL
            .into_iter()
            .filter(|k| k.required() && !seen.contains_key(k))
            .map(|k| if english { k.english() } else { k.french() })
            .collect();
        if !missing.is_empty() {
            let list = missing
                .iter()
                .map(|m| format!("`### {m}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let message = if missing.len() == 1 {
                format!("missing section {list}")
            } else {
                format!("missing sections {list}")
            };
            self.push(
                Diagnostic::new(Code::MissingSection, self.at(heading_span), message).with_help(
                    "every report has the sections Cause, Symptômes, Actions Immédiates, Résolution and Prévention (or their English names)",
                ),
            );
        }
        let optional: Vec<&str> = [SectionKind::CostImpact, SectionKind::References]
            .into_iter()
            .filter(|k| !seen.contains_key(k))
            // Front matter may carry what the section would hold.
            .filter(|k| match k {
                SectionKind::CostImpact => fm.cost.is_empty(),
                _ => fm.references.is_empty() && fm.tickets.is_empty(),
            })
            .map(|k| if english { k.english() } else { k.french() })
            .collect();
        if !optional.is_empty() {
            let list = optional
                .iter()
                .map(|m| format!("`### {m}`"))
                .collect::<Vec<_>>()
                .join(" and ");
            self.push(
                Diagnostic::new(
                    Code::MissingOptionalSection,
                    self.at(heading_span),
                    format!(
                        "no {list} section{}",
                        if optional.len() > 1 { "s" } else { "" }
                    ),
                )
                .with_help(if optional.len() > 1 {
                    "add them, even to say there was no cost (`N/A`) and nothing to link"
                } else if seen.contains_key(&SectionKind::CostImpact) {
                    "add it to link the logs, dashboards and tickets of the incident"
                } else {
                    "add it, even to say there was no cost (`N/A`)"
                }),
            );
        }
        known.sort_by_key(|s| s.kind);
        known.extend(unknown);
        known
    }

    /// The `Label : value` lines of the first section of a kind.
    fn section_lines<'s>(
        sections: &'s [RawSection],
        kind: SectionKind,
    ) -> impl Iterator<Item = (usize, &'s str)> + 's {
        let section = sections.iter().find(|s| s.kind == Some(kind));
        let mut fence = FenceState::default();
        section
            .into_iter()
            .flat_map(|s| s.body.lines())
            .filter(move |(_, line)| !fence.in_code(line))
    }

    /// The `Label : value` lines of a section, by the known label they give (a label given
    /// twice is reported), and the lines with an unknown label: (label, its place, value).
    fn labelled_lines<K: Copy + Eq + std::hash::Hash>(
        &mut self,
        sections: &[RawSection],
        kind: SectionKind,
        from_label: impl Fn(&str) -> Option<K>,
    ) -> (HashMap<K, Raw>, Vec<UnknownLine>) {
        let mut known: HashMap<K, Raw> = HashMap::default();
        let mut unknown = Vec::new();
        for (no, line) in Self::section_lines(sections, kind) {
            let Some(f) = field_line(line, true) else {
                continue;
            };
            let raw = Raw {
                text: f.value.to_string(),
                span: Span::new(no, column_of(line, f.value_start), char_len(f.value).max(1)),
            };
            let label_span = Span::new(no, column_of(line, f.label_start), char_len(f.label));
            match from_label(f.label) {
                Some(which) => {
                    if let Some(first) = known.get(&which) {
                        let first = self.at(first.span);
                        self.push(
                            Diagnostic::new(
                                Code::DuplicateField,
                                self.at(label_span),
                                format!("`{}` is given twice", f.label),
                            )
                            .with_related(first, "first given here"),
                        );
                    } else {
                        known.insert(which, raw);
                    }
                }
                None => unknown.push(UnknownLine {
                    label: f.label.to_string(),
                    label_span,
                    raw,
                }),
            }
        }
        (known, unknown)
    }

    /// The Prévention section's action items; an impossible due date is a warning.
    fn actions(&mut self, sections: &[RawSection]) -> Vec<crate::incident::ActionItem> {
        let Some(section) = sections
            .iter()
            .find(|s| s.kind == Some(SectionKind::Prevention))
        else {
            return Vec::new();
        };
        let (items, impossible) = actions::action_items(section.body.lines());
        for date in impossible {
            self.push(
                Diagnostic::new(
                    Code::ImpossibleDueDate,
                    self.at(date.span),
                    format!("the due date `{}` does not exist", date.text),
                )
                .with_label("expected a real date, YYYY-MM-DD")
                .with_help("write the due date as `YYYY-MM-DD`, e.g. `2025-03-01`; the item is kept without a due date"),
            );
        }
        items
    }

    /// The Coût Impact figures, and where a downtime is written as no value (`N/A`).
    fn cost(&mut self, fm: &FrontMatter, sections: &[RawSection]) -> (Cost, Option<Span>) {
        let english = self.english();
        let (body, unknown) =
            self.labelled_lines(sections, SectionKind::CostImpact, CostLine::from_label);
        for UnknownLine {
            label, label_span, ..
        } in unknown
        {
            let help =
                closest(&label, CostLine::all_labels()).map(|c| format!("did you mean `{c}`?"));
            self.push(
                Diagnostic::new(
                    Code::UnknownCostLine,
                    self.at(label_span),
                    format!("unknown cost line `{label}` (kept)"),
                )
                .with_help_opt(help),
            );
        }
        let mut cost = Cost::default();
        let downtime_label = CostLine::Downtime.label(english);
        let downtime_no_value = body
            .get(&CostLine::Downtime)
            .or(fm.cost.get(&CostLine::Downtime))
            .filter(|raw| crate::values::money::is_no_value(raw.text.trim()))
            .map(|raw| raw.span);
        if let Resolved::Value(v) = self.resolve(
            downtime_label,
            fm.cost.get(&CostLine::Downtime),
            body.get(&CostLine::Downtime),
            |p, raw| {
                if crate::values::money::is_no_value(raw.text.trim()) {
                    return Some(None);
                }
                p.duration_value(raw, downtime_label, false)
                    .map(|d| match d {
                        IncidentDuration::Known(d) => Some(d),
                        IncidentDuration::Ongoing => None,
                    })
            },
        ) {
            cost.downtime = v.value.map(|d: Duration| Spanned::new(d, v.span));
        }
        for which in [CostLine::Lost, CostLine::Resolution] {
            let label = which.label(english);
            if let Resolved::Value(v) =
                self.resolve(label, fm.cost.get(&which), body.get(&which), |p, raw| {
                    p.money(raw, label)
                })
            {
                let money = v.value.map(|m| Spanned::new(m, v.span));
                match which {
                    CostLine::Lost => cost.lost = money,
                    _ => cost.resolution = money,
                }
            }
        }
        (cost, downtime_no_value)
    }

    fn references(&mut self, fm: &FrontMatter, sections: &[RawSection]) -> References {
        let mut refs = References::default();
        let (body, unknown) =
            self.labelled_lines(sections, SectionKind::References, ReferenceLine::from_label);
        for UnknownLine {
            label,
            label_span,
            raw,
        } in unknown
        {
            self.push(
                Diagnostic::new(
                    Code::UnknownCostLine,
                    self.at(label_span),
                    format!("unknown reference `{label}` (kept)"),
                )
                .with_help("the references incidex knows are Logs, Dashboard and Tickets"),
            );
            refs.other.push(Spanned::new((label, raw.text), raw.span));
        }
        for which in [ReferenceLine::Logs, ReferenceLine::Dashboard] {
            let value = self.resolve(
                which.label(),
                fm.references.get(&which),
                body.get(&which),
                |p, raw| {
                    let text = p.filled(raw, which.label(), "a link or a description")?;
                    // `none`, `N/A`: nothing to link.
                    Some((!crate::values::money::is_no_value(text)).then(|| text.to_string()))
                },
            );
            if let Resolved::Value(Spanned {
                value: Some(text),
                span,
            }) = value
            {
                let v = Some(Spanned::new(text, span));
                match which {
                    ReferenceLine::Logs => refs.logs = v,
                    _ => refs.dashboard = v,
                }
            }
        }
        let mut tickets = fm.tickets.clone();
        if let Some(raw) = body.get(&ReferenceLine::Tickets) {
            let text = raw.text.trim();
            if is_placeholder(text) {
                self.filled(
                    raw,
                    "Tickets",
                    "ticket numbers such as `INC-1042, INC-1043`",
                );
            } else if !crate::values::money::is_no_value(text) {
                tickets.extend(
                    text.split([',', ';'])
                        .map(str::trim)
                        .filter(|t| !t.is_empty())
                        .map(|t| Raw {
                            text: t.to_string(),
                            span: raw.span,
                        }),
                );
            }
        }
        let mut seen: std::collections::HashSet<String, ahash::RandomState> =
            std::collections::HashSet::default();
        for t in tickets {
            let text = t.text.trim().to_string();
            if !text.is_empty() && seen.insert(text.clone()) {
                refs.tickets.push(Spanned::new(text, t.span));
            }
        }
        refs
    }
}

/// A `Label : value` line whose label incidex does not know.
struct UnknownLine {
    label: String,
    label_span: Span,
    raw: Raw,
}

/// A field read from one or two places.
enum Resolved<T> {
    Value(Spanned<T>),
    Missing,
    /// Given but refused (a diagnostic was recorded).
    Invalid,
}

impl<T> Resolved<T> {
    fn value(self) -> Option<Spanned<T>> {
        match self {
            Resolved::Value(v) => Some(v),
            _ => None,
        }
    }
}

/// `other` (a date as written) for a message next to `this`: only its time when both are
/// written on the same day (`14:30` next to `2025-01-15 14:20`).
fn shortened<'a>(other: &'a str, this: &str) -> &'a str {
    match (other.get(..10), this.get(..10), other.get(10..)) {
        (Some(a), Some(b), Some(time)) if a == b && !time.trim().is_empty() => {
            time.trim_start_matches(['T', ' '])
        }
        _ => other,
    }
}

/// Makes every error of a draft a warning (`check` reports a draft's problems as warnings).
pub fn soften_for_draft(diagnostics: &mut [Diagnostic]) {
    for d in diagnostics {
        if d.severity == DiagSeverity::Error {
            d.severity = DiagSeverity::Warning;
            d.message = format!("{} (draft)", d.message);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_runs_give_back_their_lines() {
        let text = "a\n\n  \nb\nc\n\nd\n";
        let lines: Vec<&str> = text.split('\n').collect();
        let mut runs = LineRuns::new(text);
        for (i, line) in lines.iter().enumerate() {
            if i != 4 {
                runs.push(i + 1, line);
            }
        }
        assert_eq!(runs.runs.len(), 2);
        let back: Vec<(usize, &str)> = runs.lines().collect();
        assert_eq!(
            back,
            [
                (1, "a"),
                (2, ""),
                (3, "  "),
                (4, "b"),
                (6, ""),
                (7, "d"),
                (8, "")
            ]
        );
        assert_eq!(runs.block(), "a\n\n  \nb\n\nd");
        assert_eq!(trim_blank_lines("\n \n x\n\ny \n\t\n"), " x\n\ny ");
        assert_eq!(trim_blank_lines(" \n"), "");
        assert_eq!(LineRuns::new("").block(), "");
    }

    #[test]
    fn a_slice_s_offset_is_where_it_was_taken_from() {
        let line = "### Cause Cause";
        assert_eq!(offset_of(line, &line[10..]), 10, "not the first `Cause`");
        assert_eq!(offset_of(line, "Cause"), 4, "not a slice: searched");
        assert_eq!(offset_of(line, "missing"), 0);
    }
}
