//! The incident assembled from the front matter and the body: the start date, the title and
//! the required fields read from either place, and the checks that need the whole incident.

use super::body::Body;
use super::field_values::Resolved;
use super::front_matter::FrontMatter;
use super::line_runs::LineRuns;
use super::lines::is_placeholder;
use super::{Field, HashMap, Parsed, Parser, Raw, consistency};
use crate::diagnostic::{Code, Diagnostic};
use crate::incident::{Incident, IncidentDuration, Kind, Severity, Span, Trigger, UserImpact};
use crate::values::Timestamp;

/// The fields every report gives, as read from the front matter and the body.
struct RequiredFields {
    kind: Resolved<Kind>,
    severity: Resolved<Severity>,
    duration: Resolved<IncidentDuration>,
    impact: Resolved<UserImpact>,
}

impl RequiredFields {
    /// Whether `field`, one of [`Field::REQUIRED`], is given nowhere.
    fn missing(&self, field: Field) -> bool {
        match field {
            Field::Type => matches!(self.kind, Resolved::Missing),
            Field::Severity => matches!(self.severity, Resolved::Missing),
            Field::Duration => matches!(self.duration, Resolved::Missing),
            _ => matches!(self.impact, Resolved::Missing),
        }
    }
}

impl Parser<'_> {
    pub(super) fn assemble(&mut self, fm: FrontMatter, body: Body, stem: &str) -> Parsed {
        let heading_span = body.heading_span.unwrap_or(Span::new(1, 1, 1));
        let Some(date) = self.start_date(&fm, &body) else {
            return self.finish_without_incident(&fm, stem);
        };
        let title = self.title(&fm, &body);
        let required = self.required_fields(&fm, &body);
        let timeline = self.timeline(&fm, &body);
        self.missing_required_fields(&required, &body, heading_span);
        if let Resolved::Value(start) = &date {
            self.check_timeline_order(start, &timeline, &fm, &body);
        }

        let sections = self.sections(&body.sections, heading_span, &fm);
        let (cost, downtime_no_value) = self.cost(&fm, &body.sections);
        let actions = self.actions(&body.sections);
        let references = self.references(&fm, &body.sections);

        let slug = self.slug(fm.slug.as_ref(), stem);
        let aliases = self.aliases(&fm.aliases);
        let services = self.list_items(&fm.services, body.fields.get(&Field::Services), "service");
        let trigger = self.optional_trigger(&fm, &body);
        let factors = self.list_items(&fm.factors, body.fields.get(&Field::Factors), "factor");
        let tags = self.list_items(&fm.tags, body.fields.get(&Field::Tags), "tag");
        let related = self.related(&fm.related, body.fields.get(&Field::Related));

        let summary = body
            .summary
            .as_ref()
            .map(LineRuns::block)
            .unwrap_or_default();
        let RequiredFields {
            kind,
            severity,
            duration,
            impact,
        } = required;
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
                trigger: trigger.value(),
                factors,
                tags,
                related,
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
                english: self.english(),
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

    /// The start date, from the heading or `date:`; reported when missing. `None` when the
    /// incident is inside a code block: the file is not a report at all.
    fn start_date(&mut self, fm: &FrontMatter, body: &Body) -> Option<Resolved<Timestamp>> {
        let date = self.resolve(
            Field::Date.label(self.english()),
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
            return None;
        } else if let Resolved::Missing = date {
            self.push(
                Diagnostic::new(Code::MissingHeading, self.at(Span::new(1, 1, 1)), "the report has no start date")
                    .with_label("expected a `## Incident <date>` heading")
                    .with_help(
                        "start the report with `## Incident 2025-01-15 14:30`, or give `date:` in front matter",
                    ),
            );
        }
        Some(date)
    }

    /// The title: from the heading, a `# Title` line, a title field line or `title:`.
    fn title(&mut self, fm: &FrontMatter, body: &Body) -> Resolved<String> {
        let title_body = body
            .title
            .clone()
            .or_else(|| body.fields.get(&Field::Title).cloned());
        self.resolve(
            Field::Title.label(self.english()),
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
        )
    }

    /// The trigger, from the body or the front matter; a place with an empty value (the line
    /// `incidex new` writes) gives none.
    fn optional_trigger(&mut self, fm: &FrontMatter, body: &Body) -> Resolved<Trigger> {
        fn given(fields: &HashMap<Field, Raw>) -> Option<&Raw> {
            fields
                .get(&Field::Trigger)
                .filter(|r| !r.text.trim().is_empty())
        }
        self.resolve(
            Field::Trigger.label(self.english()),
            given(&fm.fields),
            given(&body.fields),
            |p, raw| p.trigger(raw),
        )
    }

    /// Type, severity, duration and user impact, each from the body or the front matter.
    fn required_fields(&mut self, fm: &FrontMatter, body: &Body) -> RequiredFields {
        let english = self.english();
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
        RequiredFields {
            kind,
            severity,
            duration,
            impact,
        }
    }

    /// A required field given nowhere: reported at the heading, or at its line when it is
    /// written without bold.
    fn missing_required_fields(
        &mut self,
        required: &RequiredFields,
        body: &Body,
        heading_span: Span,
    ) {
        let english = self.english();
        for field in Field::REQUIRED {
            let missing = required.missing(field);
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
    }

    /// The outcome for a file that is not a report at all: only what duplicate detection needs.
    pub(super) fn finish_without_incident(&mut self, fm: &FrontMatter, stem: &str) -> Parsed {
        Parsed {
            incident: None,
            diagnostics: Vec::new(),
            slug: self.slug(fm.slug.as_ref(), stem),
            aliases: Vec::new(),
            draft: fm.draft,
        }
    }
}
