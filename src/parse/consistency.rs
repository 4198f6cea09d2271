//! Warnings for values of one report that are each valid but disagree with one another
//! (W008–W010): a Durée that the timeline contradicts, a Downtime incident without downtime,
//! no user impact despite downtime.
//!
//! Rules decided here (documented in README):
//! - W008: when the Durée is known and the start and `resolved` both have a time of day, the
//!   Durée must be within 5 minutes of resolved − start. An ongoing incident is not compared.
//! - W009: "downtime given" means a `Temps d'indisponibilité` / `Downtime` value, on the Coût
//!   Impact line or in front matter `cost.downtime`, other than `N/A` and its kin; the very
//!   figure the statistics count (spec §9: reports that give none are "downtime not given").
//!   `0 minutes` is given. The Durée does not stand for it: an incident may last longer than
//!   the service was down. An ongoing incident is not warned: its downtime is not known yet.
//! - W010: user impact `Non` / `No` and a downtime above zero.

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::format::Formatter;
use crate::incident::{Incident, IncidentDuration, Kind, SectionKind, Span};
use crate::parse::{CostLine, Field};

/// How far the Durée may be from resolved − start before it is reported.
pub const DURATION_TOLERANCE_SECONDS: u64 = 5 * 60;

/// Where the report's text is, for the warnings.
pub struct Places<'a> {
    pub at: &'a dyn Fn(Span) -> Location,
    /// Labels in the report's language.
    pub english: bool,
    /// A `Temps d'indisponibilité` written as no value (`N/A`), if any.
    pub downtime_no_value: Option<Span>,
}

/// The consistency warnings of a valid `incident`.
pub fn check(incident: &Incident, places: &Places) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let english = places.english;
    let at = places.at;
    let fmt = Formatter::new(crate::config::Language::English, chrono_tz::UTC);

    // W008: the Durée against the timeline.
    if let (IncidentDuration::Known(duration), Some(resolved)) =
        (&incident.duration.value, &incident.resolved)
        && incident.start.value.has_time
        && resolved.value.has_time
        && let Ok(elapsed) =
            u64::try_from((resolved.value.instant - incident.start.value.instant).num_seconds())
        && duration.seconds.abs_diff(elapsed) > DURATION_TOLERANCE_SECONDS
    {
        let duration_label = Field::Duration.label(english);
        let resolved_label = Field::Resolved.label(english);
        out.push(
            Diagnostic::new(
                Code::DurationMismatch,
                at(incident.duration.span),
                format!(
                    "`{duration_label}` is {} but `{resolved_label}` − start is {}",
                    fmt.duration(duration.seconds),
                    fmt.duration(elapsed)
                ),
            )
            .with_label(format!(
                "differs by {}, more than 5 min",
                fmt.duration(duration.seconds.abs_diff(elapsed))
            ))
            .with_help(format!(
                "make `{duration_label}` say {}, or correct `{resolved_label}` or the start",
                fmt.duration(elapsed)
            ))
            .with_related(at(resolved.span), format!("`{resolved_label}` is here"))
            .with_related(at(incident.start.span), "the start is here"),
        );
    }

    // W009: a Downtime incident with no downtime.
    // An ongoing incident's downtime is not known yet.
    if incident.kind.value == Kind::Downtime
        && incident.cost.downtime.is_none()
        && incident.duration.value != IncidentDuration::Ongoing
    {
        let downtime_label = CostLine::Downtime.label(english);
        let colon = if english { ":" } else { " :" };
        let place = places
            .downtime_no_value
            .or_else(|| incident.section(SectionKind::CostImpact).map(|s| s.span))
            .unwrap_or(incident.kind.span);
        let mut d = Diagnostic::new(
            Code::DowntimeNotGiven,
            at(place),
            format!("a Downtime incident with no `{downtime_label}` given"),
        )
        .with_label("the statistics count no downtime for it")
        .with_help(format!(
            "give it in {}: `- **{downtime_label}{colon}** 25 minutes` (`0 minutes` if the service stayed up)",
            if english {
                SectionKind::CostImpact.english()
            } else {
                SectionKind::CostImpact.french()
            }
        ));
        if place != incident.kind.span {
            d = d.with_related(at(incident.kind.span), "the type is Downtime here");
        }
        out.push(d);
    }

    // W010: no user impact, yet downtime.
    if let Some(downtime) = &incident.cost.downtime
        && !incident.user_impact.value.affected
        && downtime.value.seconds > 0
    {
        let impact_label = Field::UserImpact.label(english);
        let downtime_label = CostLine::Downtime.label(english);
        let (no, yes) = if english {
            ("No", "Yes")
        } else {
            ("Non", "Oui")
        };
        out.push(
            Diagnostic::new(
                Code::ImpactContradictsDowntime,
                at(incident.user_impact.span),
                format!(
                    "`{impact_label}` is `{no}` but `{downtime_label}` is {}",
                    fmt.duration(downtime.value.seconds)
                ),
            )
            .with_label("users were affected if the service was down")
            .with_help(format!(
                "write `{yes} - …` if users were affected, or `{downtime_label}` `0 minutes` if the service stayed available"
            ))
            .with_related(at(downtime.span), format!("`{downtime_label}` is given here")),
        );
    }
    out
}
