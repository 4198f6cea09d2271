//! The Markdown body of a report: the incident heading, the field lines, the summary and the
//! `###` sections as found, before their values are read.

use super::line_runs::{LineRuns, offset_of};
use super::lines::{self, FenceState, field_line, heading, incident_heading};
use super::{Field, HashMap, Parser, Raw};
use crate::diagnostic::{Code, Diagnostic, closest};
use crate::incident::{ExtraField, SectionKind, Span};
use crate::text::{char_len, column_of};

/// A section as found in the file, before validation.
pub(super) struct RawSection<'a> {
    pub(super) kind: Option<SectionKind>,
    pub(super) heading: String,
    pub(super) span: Span,
    /// (line number, line) of the body.
    pub(super) body: LineRuns<'a>,
}

/// What the Markdown body says.
#[derive(Default)]
pub(super) struct Body<'a> {
    /// The whole `## Incident` line.
    pub(super) heading_span: Option<Span>,
    /// An `Incident <date>` heading at another level than 2, and its level.
    pub(super) wrong_level: Option<(Span, usize)>,
    /// The first `## Incident` heading found inside a code block.
    pub(super) fenced_incident: Option<Span>,
    /// `Label : value` lines without bold where bold is required, by field.
    pub(super) plain_fields: HashMap<Field, (Span, String)>,
    pub(super) date: Option<Raw>,
    pub(super) title: Option<Raw>,
    pub(super) fields: HashMap<Field, Raw>,
    pub(super) extra: Vec<ExtraField>,
    pub(super) summary: Option<LineRuns<'a>>,
    pub(super) sections: Vec<RawSection<'a>>,
}

impl<'a> Body<'a> {
    /// Whether a `###` section has started: every line from there belongs to a section.
    fn in_sections(&self) -> bool {
        !self.sections.is_empty()
    }

    /// A line inside a code block: kept as it is in the summary or the current section. The
    /// first `## Incident` heading found there is remembered (an incident log, not a report).
    fn code_block_line(&mut self, summary: &mut LineRuns<'a>, line: &'a str, no: usize) {
        if self.fenced_incident.is_none()
            && let Some((2, text)) = heading(line)
            && incident_heading(text).is_some()
        {
            self.fenced_incident = Some(Span::new(no, 1, char_len(line.trim_end())));
        }
        let in_sections = self.in_sections();
        match self.sections.last_mut() {
            Some(section) if in_sections => section.body.push(no, line),
            _ => summary.push(no, line),
        }
    }
}

/// What a heading line of the body turned out to be.
enum HeadingLine {
    /// The incident heading, a title, a section: read.
    Read,
    /// A second incident heading: the rest of the file is not read.
    SecondIncident,
    /// A heading of the text.
    Other,
}

impl Parser<'_> {
    pub(super) fn body<'t>(&mut self, report: &'t str, start: usize) -> Body<'t> {
        let mut body = Body::default();
        let mut summary = LineRuns::new(report);
        let mut fence = FenceState::default();
        for (i, line) in report.split('\n').enumerate().skip(start) {
            let no = i + 1;
            if fence.in_code(line) {
                body.code_block_line(&mut summary, line, no);
                continue;
            }
            if let Some((level, text)) = heading(line) {
                match self.body_heading(&mut body, report, line, (level, text), no) {
                    HeadingLine::Read => continue,
                    HeadingLine::SecondIncident => break,
                    HeadingLine::Other => {}
                }
            }
            self.text_line(&mut body, &mut summary, line, no);
        }
        body.summary = Some(summary);
        body
    }

    /// A heading line outside code blocks: the incident heading, a `# Title`, a `###` section,
    /// or a heading of the summary or of a section's text.
    fn body_heading<'t>(
        &mut self,
        body: &mut Body<'t>,
        report: &'t str,
        line: &str,
        (level, text): (usize, &str),
        no: usize,
    ) -> HeadingLine {
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
                    .with_help(
                        "split the file: `incidex import FILE` writes one report per incident",
                    )
                    .with_related(self.at(first), "the first incident starts here"),
                );
                return HeadingLine::SecondIncident;
            }
            body.heading_span = Some(Span::new(no, 1, char_len(line.trim_end())));
            self.incident_heading(body, line, rest, no);
            return HeadingLine::Read;
        }
        let in_sections = body.in_sections();
        if level != 2
            && body.heading_span.is_none()
            && body.wrong_level.is_none()
            && !in_sections
            && incident_heading(text).is_some()
        {
            body.wrong_level = Some((Span::new(no, 1, char_len(line.trim_end())), level));
            return HeadingLine::Read;
        }
        if level == 1 && body.heading_span.is_none() && body.title.is_none() && !in_sections {
            let start = offset_of(line, text);
            body.title = Some(Raw {
                text: text.to_string(),
                span: Span::new(no, column_of(line, start), char_len(text)),
            });
            return HeadingLine::Read;
        }
        if level == 3 {
            self.section_heading(body, report, line, text, no);
            return HeadingLine::Read;
        }
        HeadingLine::Other
    }

    /// A `###` heading: a new section starts.
    fn section_heading<'t>(
        &mut self,
        body: &mut Body<'t>,
        report: &'t str,
        line: &str,
        text: &str,
        no: usize,
    ) {
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
    }

    /// A line that is not a heading: text of a section, a field line, or the summary.
    fn text_line<'t>(
        &mut self,
        body: &mut Body<'t>,
        summary: &mut LineRuns<'t>,
        line: &'t str,
        no: usize,
    ) {
        if body.in_sections() {
            if let Some(section) = body.sections.last_mut() {
                section.body.push(no, line);
            }
            return;
        }
        if let Some(f) = field_line(line, false) {
            self.field(body, line, &f, no);
            return;
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

    pub(super) fn incident_heading(&mut self, body: &mut Body, line: &str, rest: &str, no: usize) {
        let rest_start = line.len() - line.trim_end().len();
        let _ = rest_start;
        let offset = offset_of(line, rest);
        let (date, title) = lines::heading_date_and_title(rest);
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

    pub(super) fn field(&mut self, body: &mut Body, line: &str, f: &lines::FieldLine, no: usize) {
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

    pub(super) fn conflict(&mut self, label: &str, body: &Raw, front: &Raw, front_name: &str) {
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
}
