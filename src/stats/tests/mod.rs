//! Exact figures on hand-made archives: the archives and helpers the tests share, then the
//! figures, the page view and the charts, one file each.

mod action_quarters;
mod charts;
mod figures;
mod services;
mod triggers;
mod view;

use std::path::PathBuf;
use std::str::FromStr;

use chrono::{DateTime, TimeZone};
use chrono_tz::{Europe, Tz, UTC};
use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::*;
use crate::config::Language;
use crate::format::Formatter;
use crate::incident::{Cost, IncidentDuration, References, Span, Spanned, UserImpact};
use crate::values::{Duration, Money, Timestamp};

fn spanned<T>(value: T) -> Spanned<T> {
    Spanned::new(value, Span::default())
}

/// A critical downtime of 25 minutes at `start` (RFC 3339), users affected, no cost.
fn incident(slug: &str, start: &str) -> Incident {
    Incident {
        slug: spanned(slug.to_string()),
        aliases: Vec::new(),
        source: PathBuf::from(format!("{slug}.md")),
        title: None,
        start: spanned(Timestamp {
            instant: DateTime::parse_from_rfc3339(start).unwrap(),
            has_time: true,
        }),
        kind: spanned(Kind::Downtime),
        severity: spanned(Severity::Critical),
        duration: spanned(IncidentDuration::Known(seconds(1_500))),
        user_impact: spanned(UserImpact {
            affected: true,
            description: None,
        }),
        detected: None,
        mitigated: None,
        resolved: None,
        summary: String::new(),
        sections: Vec::new(),
        cost: Cost::default(),
        references: References::default(),
        services: Vec::new(),
        trigger: None,
        factors: Vec::new(),
        tags: Vec::new(),
        related: Vec::new(),
        draft: false,
        extra_fields: Vec::new(),
        actions: Vec::new(),
    }
}

fn seconds(seconds: u64) -> Duration {
    Duration {
        seconds,
        approximate: false,
        note: None,
    }
}

fn money(amount: &str, currency: &str, approximate: bool) -> Option<Spanned<Money>> {
    Some(spanned(Money {
        amount: Decimal::from_str(amount).unwrap(),
        currency: currency.to_string(),
        approximate,
        note: None,
    }))
}

fn with(mut incident: Incident, change: impl FnOnce(&mut Incident)) -> Incident {
    change(&mut incident);
    incident
}

fn title_of(incident: &Incident) -> String {
    incident
        .title
        .as_ref()
        .map_or_else(|| incident.slug.value.clone(), |t| t.value.clone())
}

fn stats_of(incidents: &[Incident], tz: Tz) -> Stats {
    let refs: Vec<&Incident> = incidents.iter().collect();
    compute(&refs, tz, &Default::default(), &title_of)
}

/// Five reports over six months, in two currencies, one ongoing; deliberately not in order.
fn archive() -> Vec<Incident> {
    vec![
        with(incident("e-bill", "2025-06-01T10:00:00Z"), |i| {
            i.title = Some(spanned("Surprise bill".into()));
            i.severity.value = Severity::Low;
            i.kind.value = Kind::Cost;
            i.duration.value = IncidentDuration::Known(seconds(86_400));
            i.cost.lost = money("1234.5", "EUR", true);
            i.cost.resolution = money("0.25", "EUR", false);
        }),
        with(incident("c-leak", "2025-04-10T08:00:00Z"), |i| {
            i.severity.value = Severity::Medium;
            i.kind.value = Kind::Security;
            i.duration.value = IncidentDuration::Ongoing;
            i.cost.downtime = Some(spanned(seconds(600)));
            i.cost.resolution = money("100", "USD", false);
        }),
        with(incident("a-crash", "2025-01-15T13:30:00Z"), |i| {
            i.title = Some(spanned("Instance crash".into()));
            i.cost.downtime = Some(spanned(seconds(1_500)));
            i.cost.lost = money("0.10", "USD", true);
            i.cost.resolution = money("0", "USD", false);
        }),
        with(incident("d-slow", "2025-04-20T00:00:00+02:00"), |i| {
            i.start.value.has_time = false;
            i.severity.value = Severity::Low;
            i.kind.value = Kind::Performance;
            i.duration.value = IncidentDuration::Known(seconds(45));
            i.user_impact.value.affected = false;
        }),
        // 00:30 on 1 February in Paris.
        with(incident("b-errors", "2025-01-31T23:30:00Z"), |i| {
            i.severity.value = Severity::High;
            i.kind.value = Kind::Error;
            i.duration.value = IncidentDuration::Known(seconds(7_200));
            i.user_impact.value.affected = false;
            i.cost.lost = money("12.50", "EUR", false);
        }),
    ]
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

fn english() -> Formatter {
    Formatter::new(Language::English, Europe::Paris)
}

fn french() -> Formatter {
    Formatter::new(Language::French, Europe::Paris)
}

fn href(slug: &str) -> String {
    format!("../incidents/{slug}/")
}
