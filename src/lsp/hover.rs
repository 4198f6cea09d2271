//! Hover: what a field line's value reads as, in the site's own format (a duration in
//! seconds, an amount with its currency, a date in the site's time zone and in UTC).

use chrono::SecondsFormat;
use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position, Range};

use super::outline::{Outline, Part};
use super::position::position_at;
use crate::config::Config;
use crate::format::Formatter;
use crate::incident::{Kind, SectionKind, Severity, Trigger};
use crate::parse::lines::{field_line, heading, heading_date_and_title, incident_heading};
use crate::parse::{CostLine, Field};
use crate::values::{parse_date, parse_duration, parse_money};

/// The hover of the line at `position`, when it is a field line (or the incident heading).
pub fn hover(outline: &Outline, position: Position, config: &Config) -> Option<Hover> {
    let n = position.line as usize;
    let line = outline.lines.get(n)?;
    if line.code || line.part == Part::FrontMatter {
        return None;
    }
    let fmt = Formatter::new(config.language, config.timezone);
    let (value, start, text) = if let Some(rest) = heading(line.text)
        .filter(|(level, _)| *level == 2)
        .and_then(|(_, text)| incident_heading(text))
    {
        let (date, _) = heading_date_and_title(rest);
        let start = line.text.find(date).unwrap_or(0);
        (date, start, date_hover("Incident", date, &fmt))
    } else {
        let field = field_line(line.text, true)?;
        let text = match (Field::from_label(field.label), line.part) {
            (Some((field_kind, _)), Part::Fields) => {
                field_hover(field_kind, field.label, field.value, &fmt)
            }
            (_, Part::Section(Some(SectionKind::CostImpact))) => {
                let line = CostLine::from_label(field.label)?;
                cost_hover(line, field.label, field.value, &fmt, config)
            }
            _ => None,
        }?;
        (field.value, field.value_start, text)
    };
    let range = Range::new(
        position_at(n, line.text, start),
        position_at(n, line.text, start + value.len()),
    );
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: Some(range),
    })
}

/// `name` is the label as the report writes it.
fn field_hover(field: Field, name: &str, value: &str, fmt: &Formatter) -> Option<String> {
    let named = |french: &str, english: &str, slug: &str| {
        Some(format!("**{name}**: {french} / {english} (`{slug}`)"))
    };
    match field {
        Field::Date | Field::Detected | Field::Mitigated | Field::Resolved => {
            Some(date_hover(name, value, fmt))
        }
        Field::Duration => Some(duration_hover(name, value, fmt)),
        Field::Type => Kind::parse(value).map_or_else(
            || Some(not_read(name, "not a known type")),
            |k| named(k.french(), k.english(), k.slug()),
        ),
        Field::Severity => Severity::parse(value).map_or_else(
            || Some(not_read(name, "not a known severity")),
            |s| named(s.french(), s.english(), s.slug()),
        ),
        Field::Trigger => Trigger::parse(value).map_or_else(
            || Some(not_read(name, "not a known trigger")),
            |t| named(t.french(), t.english(), t.slug()),
        ),
        _ => None,
    }
}

fn cost_hover(
    line: CostLine,
    name: &str,
    value: &str,
    fmt: &Formatter,
    config: &Config,
) -> Option<String> {
    if line == CostLine::Downtime {
        return Some(duration_hover(name, value, fmt));
    }
    Some(match parse_money(value, &config.currency) {
        Ok(Some(money)) => {
            let exact = if money.approximate {
                "approximate"
            } else {
                "exact"
            };
            format!(
                "**{name}**: {}\n\n{} {}, {exact}",
                fmt.money_value(&money),
                money.amount,
                money.currency
            )
        }
        Ok(None) => format!("**{name}**: no amount"),
        Err(e) => not_read(name, &e.message),
    })
}

fn date_hover(name: &str, value: &str, fmt: &Formatter) -> String {
    match parse_date(value, fmt.timezone) {
        Ok((ts, ambiguous)) => {
            let utc = ts.instant.with_timezone(&chrono::Utc);
            let mut text = format!(
                "**{name}**: {} ({})\n\nUTC: {}",
                fmt.date(&ts),
                fmt.timezone.name(),
                utc.to_rfc3339_opts(SecondsFormat::Secs, true)
            );
            if let Some(warning) = ambiguous {
                text.push_str(&format!("\n\n{warning}"));
            }
            text
        }
        Err(crate::values::DateError::Invalid(e) | crate::values::DateError::Nonexistent(e)) => {
            not_read(name, &e.message)
        }
    }
}

fn duration_hover(name: &str, value: &str, fmt: &Formatter) -> String {
    let folded = crate::text::fold(value);
    if crate::parse::ONGOING.contains(&folded.as_str()) {
        return format!(
            "**{name}**: ongoing (the incident is not over; its duration is not counted)"
        );
    }
    match parse_duration(value) {
        Ok(d) => format!(
            "**{name}**: {} ({} s){}",
            fmt.duration_value(&d),
            fmt.number(d.seconds as usize),
            if d.approximate { ", approximate" } else { "" }
        ),
        Err(e) => not_read(name, &e.message),
    }
}

fn not_read(name: &str, why: &str) -> String {
    format!("**{name}**: not understood: {why}")
}
