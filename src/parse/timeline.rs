//! The incident's timeline (detected, mitigated, resolved) and its order after the start.

use super::body::Body;
use super::front_matter::FrontMatter;
use super::{Field, Parser};
use crate::diagnostic::{Code, Diagnostic};
use crate::incident::Spanned;
use crate::values::Timestamp;

/// Detected, mitigated and resolved, in this order, each with its value when given and valid.
pub(super) type Timeline = Vec<(Field, Option<Spanned<Timestamp>>)>;

impl Parser<'_> {
    /// Detected, mitigated and resolved, each from the body or the front matter.
    pub(super) fn timeline(&mut self, fm: &FrontMatter, body: &Body) -> Timeline {
        let english = self.english();
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
        timeline
    }

    /// Timeline order: start ≤ detected ≤ mitigated ≤ resolved. Each value is compared with
    /// the latest one before it, so that every value out of order is reported once.
    pub(super) fn check_timeline_order(
        &mut self,
        start: &Spanned<Timestamp>,
        timeline: &Timeline,
        fm: &FrontMatter,
        body: &Body,
    ) {
        let english = self.english();
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
        for (field, value) in timeline {
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
