//! The `Label : value` lines and task items read from inside sections: Coût Impact figures,
//! References and Prévention action items.

use super::body::RawSection;
use super::field_values::Resolved;
use super::front_matter::FrontMatter;
use super::lines::{FenceState, field_line, is_placeholder};
use super::{CostLine, HashMap, Parser, Raw, ReferenceLine, actions};
use crate::diagnostic::{Code, Diagnostic, closest};
use crate::incident::{Cost, IncidentDuration, References, SectionKind, Span, Spanned};
use crate::text::{char_len, column_of};
use crate::values::Duration;

impl Parser<'_> {
    pub(super) fn section_lines<'s>(
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
    pub(super) fn labelled_lines<K: Copy + Eq + std::hash::Hash>(
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
    pub(super) fn actions(&mut self, sections: &[RawSection]) -> Vec<crate::incident::ActionItem> {
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
    pub(super) fn cost(
        &mut self,
        fm: &FrontMatter,
        sections: &[RawSection],
    ) -> (Cost, Option<Span>) {
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

    pub(super) fn references(&mut self, fm: &FrontMatter, sections: &[RawSection]) -> References {
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
pub(super) struct UnknownLine {
    pub(super) label: String,
    pub(super) label_span: Span,
    pub(super) raw: Raw,
}
