//! The report's `###` sections: known, unknown, repeated, empty or missing.

use super::body::RawSection;
use super::front_matter::FrontMatter;
use super::lines::is_placeholder_body;
use super::{HashMap, Parser};
use crate::diagnostic::{Code, Diagnostic, closest};
use crate::incident::{Section, SectionKind, Span};
use crate::text::char_len;

impl Parser<'_> {
    /// The sections in the template's order, the unknown ones after them; a repeated section
    /// is dropped, and every problem (unknown, repeated, empty, missing) is reported.
    pub(super) fn sections(
        &mut self,
        raw: &[RawSection],
        heading_span: Span,
        fm: &FrontMatter,
    ) -> Vec<Section> {
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
                self.unknown_section(section);
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
                self.unfilled_section(section, &markdown);
            }
            known.push(out);
        }
        self.missing_sections(&seen, heading_span);
        self.missing_optional_sections(&seen, heading_span, fm);
        known.sort_by_key(|s| s.kind);
        known.extend(unknown);
        known
    }

    /// A section whose heading incidex does not know: kept, shown after the known ones.
    fn unknown_section(&mut self, section: &RawSection) {
        let help = closest(&section.heading, SectionKind::spellings())
            .map(|c| format!("did you mean `{c}`?"));
        self.push(
            Diagnostic::new(
                Code::UnknownSection,
                self.at(section.span),
                format!(
                    "unknown section `{}` ({})",
                    section.heading,
                    if is_timeline_heading(&section.heading) {
                        "shown first, as the incident's timeline"
                    } else {
                        "shown after the known ones"
                    }
                ),
            )
            .with_help_opt(help),
        );
    }

    /// A required section left empty or holding the template's placeholder.
    fn unfilled_section(&mut self, section: &RawSection, markdown: &str) {
        if markdown.trim().is_empty() {
            self.push(
                Diagnostic::new(
                    Code::EmptySection,
                    self.at(section.span),
                    format!("the section `{}` is empty", section.heading),
                )
                .with_help("describe what happened, or write what is not known yet"),
            );
        } else if is_placeholder_body(markdown) {
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

    /// The required sections not `seen`, in one error at the incident heading.
    fn missing_sections(&mut self, seen: &HashMap<SectionKind, Span>, heading_span: Span) {
        let english = self.english();
        let missing: Vec<&str> = SectionKind::ALL
            .into_iter()
            .filter(|k| k.required() && !seen.contains_key(k))
            .map(|k| if english { k.english() } else { k.french() })
            .collect();
        if missing.is_empty() {
            return;
        }
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

    /// Coût Impact and Références when neither the body nor the front matter gives them, in
    /// one warning.
    fn missing_optional_sections(
        &mut self,
        seen: &HashMap<SectionKind, Span>,
        heading_span: Span,
        fm: &FrontMatter,
    ) {
        let english = self.english();
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
        if optional.is_empty() {
            return;
        }
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
}

/// Whether an unknown section's heading names a timeline (`Timeline`, `Chronologie`): the
/// page shows it first, after the summary.
pub fn is_timeline_heading(heading: &str) -> bool {
    matches!(
        crate::text::fold(heading).as_str(),
        "timeline" | "chronologie" | "chronology" | "deroule" | "deroulement"
    )
}
