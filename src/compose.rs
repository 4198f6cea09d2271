//! Writes an [`Incident`] back out as a report file in the team's template, in spellings that
//! read back to the same incident (for `incidex import`, `incidex new` and the round-trip test).
//!
//! What is written, in order:
//! - YAML front matter, only for what the template has no line for: `slug` (when it differs from
//!   the one the file stem gives), `aliases`, `services`, `tags`, `related`, `draft: true`,
//!   `references.tickets` when a ticket holds `,` or `;` (a `Tickets` line would split it), and
//!   `factors` when a line would not read back the same (one holds `,`, the last ends with `\`).
//! - `## Incident <date> — <title>`;
//! - the field lines (`**Type :** …` in French, `**Type:** …` in English), then Détecté /
//!   Atténué / Résolu, Déclencheur and Facteurs when given, then the unknown `**Label :**`
//!   lines as they were read;
//! - the summary, then the sections: known ones in the template's order under the template's
//!   heading in the chosen language, unknown ones after them under their heading as written.
//!   Section bodies are written as they are, except that the Coût Impact and Références lines
//!   are made to say what the incident's `cost` and `references` say: a line that already reads
//!   as the incident's value is kept as written; another is replaced by the canonical line; a
//!   value with no line gets one, after the section's last such line (or first in the section).
//!
//! Values: dates with their offset (`2025-01-15 14:30+01:00`, `2025-01-15T14:30:05+01:00` when
//! there are seconds; in UTC when the offset is not one the reader takes), `YYYY-MM-DD` for a day
//! without a time; durations to the second (`~1h 2min 3s (note)`, days as `j` or `d`); money as
//! an exact decimal and its ISO code (`~0.10 USD (note)`; three decimals get a fourth, `1.2340`,
//! since `1.234` reads as thousands); a missing amount or link as `N/A`.
//!
//! What cannot be written so that it reads back the same (the format reads it otherwise, see
//! the spec): summary lines that are `**Label :**` field lines or `###` headings, `###` lines
//! or `## Incident <date>` headings inside a section, an unclosed code fence, a value ending
//! with `\` in a `**Label :**` line, a note with unbalanced parentheses, blank lines at the
//! ends of a summary or section (they are dropped when read).

use chrono::{FixedOffset, Timelike};
use serde_yaml::{Mapping, Value};

use crate::config::Language;
use crate::incident::{
    Cost, Incident, IncidentDuration, References, SectionKind, Spanned, UserImpact,
};
use crate::parse::lines::{FenceState, field_line};
use crate::parse::{CostLine, ReferenceLine};
use crate::text::slugify;
use crate::values::money::is_no_value;
use crate::values::{Duration, Money, Timestamp, parse_duration, parse_money};

/// The report file for `incident`, to be saved as `<stem>.md`.
pub fn write_report(incident: &Incident, stem: &str, language: Language) -> String {
    let english = language == Language::English;
    let tickets_in_front_matter = !tickets_fit_a_line(&incident.references.tickets);
    let factors_in_front_matter = !factors_fit_a_line(&incident.factors);
    let mut out = front_matter(
        incident,
        stem,
        (tickets_in_front_matter, factors_in_front_matter),
    );

    out.push_str("## Incident ");
    out.push_str(&date(&incident.start.value));
    if let Some(title) = incident
        .title
        .as_ref()
        .filter(|t| !t.value.trim().is_empty())
    {
        out.push_str(" — ");
        out.push_str(&heading_text(title.value.trim()));
    }
    out.push_str("\n\n");

    let duration_text = match &incident.duration.value {
        IncidentDuration::Known(d) => duration(d, language),
        IncidentDuration::Ongoing => if english { "ongoing" } else { "en cours" }.to_string(),
    };
    let (kind, severity) = if english {
        (
            incident.kind.value.english(),
            incident.severity.value.english(),
        )
    } else {
        (
            incident.kind.value.french(),
            incident.severity.value.french(),
        )
    };
    let labels = |fr: &'static str, en: &'static str| if english { en } else { fr };
    let mut fields: Vec<(&str, String)> = vec![
        ("Type", kind.to_string()),
        (labels("Sévérité", "Severity"), severity.to_string()),
        (labels("Durée", "Duration"), duration_text),
        (
            labels("Impact utilisateurs", "User impact"),
            impact(&incident.user_impact.value, english),
        ),
    ];
    for (fr, en, ts) in [
        ("Détecté", "Detected", &incident.detected),
        ("Atténué", "Mitigated", &incident.mitigated),
        ("Résolu", "Resolved", &incident.resolved),
    ] {
        if let Some(ts) = ts {
            fields.push((labels(fr, en), date(&ts.value)));
        }
    }
    if let Some(trigger) = &incident.trigger {
        let word = if english {
            trigger.value.english()
        } else {
            trigger.value.french()
        };
        fields.push((labels("Déclencheur", "Trigger"), word.to_string()));
    }
    if !factors_in_front_matter && !incident.factors.is_empty() {
        fields.push((labels("Facteurs", "Factors"), joined(&incident.factors)));
    }
    for (label, value) in fields {
        out.push_str(&bold_line("", label, &value, english));
        out.push('\n');
    }
    for extra in &incident.extra_fields {
        out.push_str(&bold_line("", &extra.label, &extra.value, english));
        out.push('\n');
    }

    if !incident.summary.trim().is_empty() {
        out.push('\n');
        out.push_str(&incident.summary);
        out.push('\n');
    }

    for kind in SectionKind::ALL {
        let markdown = incident.section(kind).map(|s| s.markdown.as_str());
        let body = match kind {
            SectionKind::CostImpact => cost_body(markdown, &incident.cost, language),
            SectionKind::References => references_body(
                markdown,
                &incident.references,
                tickets_in_front_matter,
                english,
            ),
            _ => markdown.map(str::to_string),
        };
        if let Some(body) = body {
            let name = if english {
                kind.english()
            } else {
                kind.french()
            };
            push_section(&mut out, name, &body);
        }
    }
    for section in incident.sections.iter().filter(|s| s.kind.is_none()) {
        push_section(
            &mut out,
            &heading_text(section.heading.trim()),
            &section.markdown,
        );
    }
    out
}

fn push_section(out: &mut String, heading: &str, body: &str) {
    out.push_str("\n### ");
    out.push_str(heading);
    out.push('\n');
    if !body.trim().is_empty() {
        out.push_str(body);
        out.push('\n');
    }
}

/// A heading's text, with a closing `#` added when it ends with `#` (a trailing ` #` would
/// otherwise be read as the heading's closing sequence and dropped).
fn heading_text(text: &str) -> String {
    if text.ends_with('#') {
        format!("{text} #")
    } else {
        text.to_string()
    }
}

/// `**Label :** value` (French) or `**Label:** value` (English), after `prefix`.
fn bold_line(prefix: &str, label: &str, value: &str, english: bool) -> String {
    let colon = if english { ":" } else { " :" };
    if value.is_empty() {
        format!("{prefix}**{label}{colon}**")
    } else {
        format!("{prefix}**{label}{colon}** {value}")
    }
}

/// `Label : value` (French) or `Label: value` (English) in a list item.
fn plain_line(label: &str, value: &str, english: bool) -> String {
    let colon = if english { ":" } else { " :" };
    if value.is_empty() {
        format!("- {label}{colon}")
    } else {
        format!("- {label}{colon} {value}")
    }
}

fn impact(impact: &UserImpact, english: bool) -> String {
    let word = match (impact.affected, english) {
        (true, false) => "Oui",
        (false, false) => "Non",
        (true, true) => "Yes",
        (false, true) => "No",
    };
    match impact.description.as_deref().map(str::trim) {
        Some(d) if !d.is_empty() => format!("{word} - {d}"),
        _ => word.to_string(),
    }
}

/// The items of a list as one comma-separated value.
fn joined(items: &[Spanned<String>]) -> String {
    items
        .iter()
        .map(|i| i.value.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The front matter; `tickets` and `factors` say whether those lists go there because a
/// line would split one of their items.
fn front_matter(incident: &Incident, stem: &str, (tickets, factors): (bool, bool)) -> String {
    let mut map = Mapping::new();
    let list = |items: &[Spanned<String>]| {
        Value::Sequence(
            items
                .iter()
                .map(|i| Value::String(i.value.clone()))
                .collect(),
        )
    };
    if slugify(stem) != incident.slug.value {
        map.insert("slug".into(), incident.slug.value.clone().into());
    }
    for (key, items) in [
        ("aliases", &incident.aliases),
        ("services", &incident.services),
        ("factors", &incident.factors),
        ("tags", &incident.tags),
        ("related", &incident.related),
    ] {
        if !items.is_empty() && (key != "factors" || factors) {
            map.insert(key.into(), list(items));
        }
    }
    if tickets && !incident.references.tickets.is_empty() {
        let mut references = Mapping::new();
        references.insert("tickets".into(), list(&incident.references.tickets));
        map.insert("references".into(), Value::Mapping(references));
    }
    if incident.draft {
        map.insert("draft".into(), true.into());
    }
    if map.is_empty() {
        return String::new();
    }
    let yaml = serde_yaml::to_string(&map).expect("a mapping of texts is always valid YAML");
    format!("---\n{yaml}---\n")
}

// ----- values -----

/// A date that reads back to the same instant: `2025-01-15 14:30+01:00`, or
/// `2025-01-15T14:30:05.25+01:00` when there are seconds (fractions are read though the spec
/// does not list them); `2025-01-15` for a day without a time.
pub fn date(ts: &Timestamp) -> String {
    if !ts.has_time {
        return ts.instant.format("%Y-%m-%d").to_string();
    }
    let offset = ts.instant.offset().local_minus_utc();
    // The reader takes offsets in whole minutes up to ±14:00; others are written in UTC.
    let instant = if offset % 60 != 0 || offset.abs() > 14 * 3600 {
        ts.instant
            .with_timezone(&FixedOffset::east_opt(0).expect("zero is a valid offset"))
    } else {
        ts.instant
    };
    let nanos = instant.nanosecond() % 1_000_000_000;
    let seconds = instant.second() != 0 || nanos != 0;
    // The spec's forms: `YYYY-MM-DD HH:MM`, and `YYYY-MM-DDTHH:MM:SS` when there are seconds.
    let form = if seconds {
        "%Y-%m-%dT%H:%M"
    } else {
        "%Y-%m-%d %H:%M"
    };
    let mut out = instant.format(form).to_string();
    if seconds {
        out.push_str(&format!(":{:02}", instant.second()));
        if nanos != 0 {
            let fraction = format!("{nanos:09}");
            out.push('.');
            out.push_str(fraction.trim_end_matches('0'));
        }
    }
    out.push_str(&instant.format("%:z").to_string());
    out
}

/// A duration to the second: `1h 2min 3s`, `2j 3h` (`2d 3h` in English), `0s`; `~` when
/// approximate, the note in parentheses.
pub fn duration(d: &Duration, language: Language) -> String {
    let day = if language == Language::English {
        "d"
    } else {
        "j"
    };
    let mut rest = d.seconds;
    let mut parts = Vec::new();
    for (unit, name) in [(86_400, day), (3_600, "h"), (60, "min"), (1, "s")] {
        let n = rest / unit;
        rest %= unit;
        if n > 0 {
            parts.push(format!("{n}{name}"));
        }
    }
    if parts.is_empty() {
        parts.push("0s".to_string());
    }
    let text = parts.join(" ");
    with_marks(d.approximate, &text, d.note.as_deref())
}

/// An amount with its ISO code: `12.50 EUR`, `~0.10 USD (25 min × $0.24/h)`.
pub fn money(m: &Money) -> String {
    let mut amount = m.amount.to_string();
    if m.amount.scale() == 3 {
        // `1.234` reads as one thousand two hundred and thirty-four.
        amount.push('0');
    }
    with_marks(
        m.approximate,
        &format!("{amount} {}", m.currency),
        m.note.as_deref(),
    )
}

fn with_marks(approximate: bool, text: &str, note: Option<&str>) -> String {
    let mut out = String::new();
    if approximate {
        out.push('~');
    }
    out.push_str(text);
    if let Some(note) = note.map(str::trim).filter(|n| !n.is_empty()) {
        out.push_str(" (");
        out.push_str(note);
        out.push(')');
    }
    out
}

// ----- Coût Impact and Références -----

fn cost_value(cost: &Cost, which: CostLine, language: Language) -> Option<String> {
    match which {
        CostLine::Downtime => cost.downtime.as_ref().map(|d| duration(&d.value, language)),
        CostLine::Lost => cost.lost.as_ref().map(|m| money(&m.value)),
        CostLine::Resolution => cost.resolution.as_ref().map(|m| money(&m.value)),
    }
}

/// Whether a Coût Impact line's value reads as the incident's value.
fn cost_matches(cost: &Cost, which: CostLine, value: &str) -> bool {
    let value = value.trim();
    if value.is_empty() {
        return false;
    }
    match which {
        CostLine::Downtime => {
            let read = if is_no_value(value) {
                None
            } else {
                match parse_duration(value) {
                    Ok(d) => Some(d),
                    Err(_) => return false,
                }
            };
            read.as_ref() == cost.downtime.as_ref().map(|d| &d.value)
        }
        CostLine::Lost | CostLine::Resolution => {
            let model = match which {
                CostLine::Lost => &cost.lost,
                _ => &cost.resolution,
            };
            // No site currency: a bare amount is rewritten with its code.
            match parse_money(value, "XXX") {
                Ok(read) => read.as_ref() == model.as_ref().map(|m| &m.value),
                Err(_) => false,
            }
        }
    }
}

fn cost_body(markdown: Option<&str>, cost: &Cost, language: Language) -> Option<String> {
    const LINES: [CostLine; 3] = [CostLine::Downtime, CostLine::Lost, CostLine::Resolution];
    let english = language == Language::English;
    let has_values = LINES
        .iter()
        .any(|&l| cost_value(cost, l, language).is_some());
    let markdown = match markdown {
        Some(m) => m,
        None if has_values => "",
        None => return None,
    };
    let canonical = |which: CostLine| {
        let value = cost_value(cost, which, language).unwrap_or_else(|| "N/A".to_string());
        bold_line("- ", which.label(english), &value, english)
    };
    let mut out: Vec<String> = Vec::new();
    let mut written: Vec<CostLine> = Vec::new();
    let mut after_lines = None;
    let mut fence = FenceState::default();
    for line in body_lines(markdown) {
        if !fence.in_code(line)
            && let Some(f) = labelled(line)
            && let Some(which) = CostLine::from_label(f.label)
        {
            if written.contains(&which) {
                // Read twice is an error; the first one stands.
                continue;
            }
            written.push(which);
            out.push(if cost_matches(cost, which, f.value) {
                line.to_string()
            } else {
                canonical(which)
            });
            after_lines = Some(out.len());
            continue;
        }
        out.push(line.to_string());
    }
    let missing: Vec<String> = LINES
        .into_iter()
        .filter(|l| !written.contains(l) && cost_value(cost, *l, language).is_some())
        .map(canonical)
        .collect();
    Some(insert_lines(out, after_lines, missing))
}

/// Whether the tickets can be written as one `Tickets : A, B` line that reads back the same.
fn tickets_fit_a_line(tickets: &[Spanned<String>]) -> bool {
    let joined = tickets
        .iter()
        .map(|t| t.value.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    tickets
        .iter()
        .all(|t| !t.value.contains([',', ';']) && t.value.trim() == t.value && !t.value.is_empty())
        && (tickets.is_empty() || !(is_no_value(&joined) || bracketed(&joined)))
}

/// Whether the factors can be written as one `**Facteurs :** a, b` line that reads back the
/// same: none holds `,` (it would split) or space at its ends, and the line does not end with
/// `\`.
fn factors_fit_a_line(factors: &[Spanned<String>]) -> bool {
    factors
        .iter()
        .all(|f| !f.value.contains(',') && f.value.trim() == f.value && !f.value.is_empty())
        && factors.last().is_none_or(|f| !f.value.ends_with('\\'))
}

/// One bracketed text, as a template placeholder is (read as an error, never as a value).
fn bracketed(text: &str) -> bool {
    let t = text.trim();
    t.starts_with('[') && t.ends_with(']')
}

/// What a Logs or Dashboard line reads as: `None` when refused.
fn read_link(value: &str) -> Option<Option<&str>> {
    let value = value.trim();
    if value.is_empty() || bracketed(value) {
        return None;
    }
    Some((!is_no_value(value)).then_some(value))
}

/// What a Tickets line reads as: `None` when refused.
fn read_tickets(value: &str) -> Option<Vec<&str>> {
    let value = value.trim();
    if bracketed(value) {
        return None;
    }
    if is_no_value(value) {
        return Some(Vec::new());
    }
    let mut out: Vec<&str> = Vec::new();
    for t in value.split([',', ';']).map(str::trim) {
        if !t.is_empty() && !out.contains(&t) {
            out.push(t);
        }
    }
    Some(out)
}

fn references_body(
    markdown: Option<&str>,
    refs: &References,
    tickets_in_front_matter: bool,
    english: bool,
) -> Option<String> {
    let tickets: Vec<&str> = refs.tickets.iter().map(|t| t.value.as_str()).collect();
    let tickets_on_line = !tickets_in_front_matter && !tickets.is_empty();
    let has_values = refs.logs.is_some()
        || refs.dashboard.is_some()
        || tickets_on_line
        || !refs.other.is_empty();
    let markdown = match markdown {
        Some(m) => m,
        None if has_values => "",
        None => return None,
    };
    let lines = RefLines {
        refs,
        tickets: tickets.clone(),
        english,
    };
    let link = |which: ReferenceLine| lines.link(which);
    let canonical = |which: ReferenceLine| lines.canonical(which);
    let other_line = |label: &str, value: &str| lines.other(label, value);

    let mut out: Vec<String> = Vec::new();
    let mut written: Vec<ReferenceLine> = Vec::new();
    let mut others = refs.other.iter();
    let mut after_lines = None;
    let mut fence = FenceState::default();
    for line in body_lines(markdown) {
        let Some(f) = (!fence.in_code(line)).then(|| labelled(line)).flatten() else {
            out.push(line.to_string());
            continue;
        };
        match ReferenceLine::from_label(f.label) {
            Some(which) if written.contains(&which) => continue,
            Some(which) => {
                written.push(which);
                let matches = match which {
                    ReferenceLine::Tickets if tickets_in_front_matter => {
                        // The tickets are in the front matter: keep only a line that adds none.
                        if read_tickets(f.value).is_some_and(|t| t.is_empty()) {
                            out.push(line.to_string());
                            after_lines = Some(out.len());
                        }
                        continue;
                    }
                    ReferenceLine::Tickets => read_tickets(f.value) == Some(tickets.clone()),
                    _ => read_link(f.value) == Some(link(which)),
                };
                out.push(if matches {
                    line.to_string()
                } else {
                    canonical(which)
                });
            }
            None => match others.next() {
                Some(other) => {
                    let (label, value) = &other.value;
                    out.push(if f.label == label && f.value == value {
                        line.to_string()
                    } else {
                        other_line(label, value)
                    });
                }
                // More unknown lines than the incident has: not part of it.
                None => continue,
            },
        }
        after_lines = Some(out.len());
    }
    let missing = lines.missing(&written, tickets_on_line, others);
    Some(insert_lines(out, after_lines, missing))
}

/// The lines of the references section, written from the incident's values.
struct RefLines<'a> {
    refs: &'a References,
    tickets: Vec<&'a str>,
    english: bool,
}

impl RefLines<'_> {
    /// The link of the logs or the dashboard line.
    fn link(&self, which: ReferenceLine) -> Option<&str> {
        match which {
            ReferenceLine::Logs => self.refs.logs.as_ref().map(|l| l.value.as_str()),
            _ => self.refs.dashboard.as_ref().map(|l| l.value.as_str()),
        }
    }

    /// The line `which` in the template's words (`N/A` without a value).
    fn canonical(&self, which: ReferenceLine) -> String {
        let value = match which {
            ReferenceLine::Tickets => self.tickets.join(", "),
            _ => self.link(which).unwrap_or("N/A").to_string(),
        };
        let value = if value.is_empty() {
            "N/A".to_string()
        } else {
            value
        };
        plain_line(which.label(), &value, self.english)
    }

    /// A line of another label.
    fn other(&self, label: &str, value: &str) -> String {
        if plain_label(label) {
            plain_line(label, value, self.english)
        } else {
            bold_line("- ", label, value, self.english)
        }
    }

    /// The lines the section lacks: links and tickets not `written`, and the `others` left.
    fn missing<'o>(
        &self,
        written: &[ReferenceLine],
        tickets_on_line: bool,
        others: impl Iterator<Item = &'o Spanned<(String, String)>>,
    ) -> Vec<String> {
        let mut missing = Vec::new();
        for which in [ReferenceLine::Logs, ReferenceLine::Dashboard] {
            if !written.contains(&which) && self.link(which).is_some() {
                missing.push(self.canonical(which));
            }
        }
        if tickets_on_line && !written.contains(&ReferenceLine::Tickets) {
            missing.push(self.canonical(ReferenceLine::Tickets));
        }
        for other in others {
            missing.push(self.other(&other.value.0, &other.value.1));
        }
        missing
    }
}

/// Adds `missing` after line `after` of `lines`, or first followed by a blank line.
fn insert_lines(mut lines: Vec<String>, after: Option<usize>, missing: Vec<String>) -> String {
    match after {
        Some(at) => {
            lines.splice(at..at, missing);
        }
        None if !missing.is_empty() => {
            let mut head = missing;
            if !lines.is_empty() {
                head.push(String::new());
            }
            head.extend(lines);
            lines = head;
        }
        None => {}
    }
    lines.join("\n")
}

fn body_lines(markdown: &str) -> impl Iterator<Item = &str> {
    let lines = if markdown.is_empty() {
        None
    } else {
        Some(markdown.split('\n'))
    };
    lines.into_iter().flatten()
}

// ----- the line grammar, as `parse` reads it -----

/// A `Label : value` or `**Label :** value` line of the Coût Impact and Références sections.
struct Labelled<'a> {
    label: &'a str,
    value: &'a str,
}

/// Reads a labelled line exactly as the parser does.
fn labelled(line: &str) -> Option<Labelled<'_>> {
    field_line(line, true).map(|f| Labelled {
        label: f.label,
        value: f.value,
    })
}

/// Whether `label` reads back from a plain `- Label : value` line.
fn plain_label(label: &str) -> bool {
    !label.is_empty()
        && label.trim() == label
        && !label.starts_with("__")
        && !label.contains(':')
        && labelled(&plain_line(label, "x", false)).is_some_and(|f| f.label == label)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use chrono::TimeZone;
    use chrono_tz::Tz;
    use rust_decimal::Decimal;

    use super::*;
    use crate::parse::{Context, parse_report};
    use crate::values::parse_date;

    fn ctx(currency: &str) -> Context {
        Context {
            timezone: chrono_tz::Europe::Paris,
            currency: currency.to_string(),
        }
    }

    fn read(text: &str, stem: &str, currency: &str) -> Incident {
        let source = format!("{stem}.md");
        let parsed = parse_report(text, Path::new(&source), Path::new(&source), &ctx(currency));
        match parsed.incident {
            Some(incident) => incident,
            None => panic!("{text}\n{:#?}", parsed.diagnostics),
        }
    }

    const REPORT: &str = "## Incident 2025-01-15 14:30 — Instance C# ##

**Type :** Downtime
**Sévérité :** Critique
**Durée :** 25 minutes
**Impact utilisateurs :** Oui - Service inaccessible
**Priorité :** P1

Résumé.

### 1. Cause racine
OOM.

### Symptômes
- 502

### Actions Immédiates
1. Redémarré

### Résolution
Fix.

### Prévention
Alerte.

### Coût Impact
- **Temps d'indisponibilité :** 25 minutes
- **Coût perdu :** 12
- Total : rien

### Références
- Logs : https://logs.example.org/x
- Tickets : INC-1; INC-2
- Runbook : https://wiki/x

### Notes ###
Free text.
";

    #[test]
    fn a_report_reads_back_the_same_once_written() {
        let incident = read(REPORT, "crash", "EUR");
        let text = write_report(&incident, "crash", Language::French);
        let again = read(&text, "crash", "USD");
        assert_eq!(again.title.as_ref().unwrap().value, "Instance C#");
        assert!(text.contains("— Instance C# #\n"), "{text}");
        assert_eq!(strip(&again.cost), strip(&incident.cost), "{text}");
        assert_eq!(again.references.tickets.len(), 2);
        assert_eq!(again.references.other[0].value.1, "https://wiki/x");
        // The bare amount was read in the site's currency and is written with its code.
        assert!(text.contains("- **Coût perdu :** 12 EUR\n"), "{text}");
        // Lines that read the same are kept as written.
        assert!(text.contains("- **Temps d'indisponibilité :** 25 minutes\n- **Coût perdu"));
        assert!(text.contains("- Tickets : INC-1; INC-2\n"), "{text}");
        assert!(text.contains("### Cause\nOOM.\n"), "{text}");
        assert!(text.contains("### Notes\nFree text.\n"), "{text}");
        // Writing the incident read back gives the same file.
        assert_eq!(write_report(&again, "crash", Language::French), text);
    }

    fn strip(cost: &Cost) -> Cost {
        let mut cost = cost.clone();
        for m in [&mut cost.lost, &mut cost.resolution].into_iter().flatten() {
            m.span = Default::default();
        }
        if let Some(d) = &mut cost.downtime {
            d.span = Default::default();
        }
        cost
    }

    #[test]
    fn values_missing_from_their_section_are_added_and_wrong_lines_replaced() {
        let mut incident = read(REPORT, "crash", "EUR");
        incident.cost.resolution = Some(Spanned::new(
            Money {
                amount: Decimal::new(1_234_567, 3),
                currency: "CHF".into(),
                approximate: true,
                note: Some("a (b) c".into()),
            },
            Default::default(),
        ));
        incident.cost.downtime = None;
        incident.references.dashboard = Some(Spanned::new("grafana".into(), Default::default()));
        incident.references.tickets[0].value = "A,B".into();
        let text = write_report(&incident, "other name", Language::English);
        assert!(text.starts_with("---\nslug: crash\nreferences:\n  tickets:\n  - A,B\n"));
        assert!(text.contains(
            "- **Downtime:** N/A\n- **Lost cost:** 12 EUR\n- **Resolution cost:** ~1234.5670 CHF (a (b) c)\n- Total : rien"
        ), "{text}");
        assert!(text.contains("- Logs : https://logs.example.org/x\n- Runbook : https://wiki/x\n- Dashboard: grafana\n"), "{text}");
        let again = read(&text, "other name", "EUR");
        assert_eq!(strip(&again.cost), strip(&incident.cost));
        assert_eq!(again.references.dashboard.unwrap().value, "grafana");
        let tickets: Vec<_> = again.references.tickets.iter().map(|t| &t.value).collect();
        assert_eq!(tickets, ["A,B", "INC-2"]);
    }

    #[test]
    fn dates_keep_their_instant() {
        let paris: Tz = chrono_tz::Europe::Paris;
        for text in [
            "2025-01-15 14:30+01:00",
            "2025-03-30 02:30-05:00",
            "2025-01-15 14:30:05.25Z",
            "2025-01-15",
            "1850-01-01 10:00+00:09",
        ] {
            let (ts, _) = parse_date(text, paris).unwrap();
            let written = date(&ts);
            let (back, _) = parse_date(&written, chrono_tz::UTC).unwrap();
            if ts.has_time {
                assert_eq!(back, ts, "{text} -> {written}");
            } else {
                assert_eq!(written, text);
            }
        }
        let odd = Timestamp {
            instant: FixedOffset::east_opt(561)
                .unwrap()
                .with_ymd_and_hms(1900, 1, 1, 0, 0, 0)
                .unwrap(),
            has_time: true,
        };
        assert_eq!(date(&odd), "1899-12-31T23:50:39+00:00");
        assert_eq!(parse_date(&date(&odd), chrono_tz::UTC).unwrap().0, odd);
    }

    #[test]
    fn durations_and_money_to_the_unit() {
        let d = Duration {
            seconds: 10_000_000,
            approximate: true,
            note: Some("estimé".into()),
        };
        assert_eq!(
            duration(&d, Language::French),
            "~115j 17h 46min 40s (estimé)"
        );
        assert_eq!(parse_duration(&duration(&d, Language::English)).unwrap(), d);
        let zero = Duration {
            seconds: 0,
            approximate: false,
            note: None,
        };
        assert_eq!(
            parse_duration(&duration(&zero, Language::French)).unwrap(),
            zero
        );
        for (amount, scale) in [(1234, 3), (5, 1), (0, 0), (123_456_789, 2), (1, 4)] {
            let m = Money {
                amount: Decimal::new(amount, scale),
                currency: "EUR".into(),
                approximate: false,
                note: None,
            };
            assert_eq!(
                parse_money(&money(&m), "USD").unwrap(),
                Some(m.clone()),
                "{}",
                money(&m)
            );
        }
    }
}
