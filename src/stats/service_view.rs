//! The services' part of the stats page: the services with the most downtime, each with its
//! availability over the last twelve months as a strip of bars (inline SVG, like a status
//! page) and its months newest first, every value formatted.
//!
//! A bar's class says how the month went: `up` (no downtime), `minor` (downtime within the
//! objective; without one, availability at least 99.9 %), `major` (objective missed, the
//! budget used above 100 %; without one, below 99.9 %). Like the charts, the strip has no
//! `style` attribute and draws in `currentColor` without the stylesheet.

use std::fmt::Write;

use serde::Serialize;

use super::charts::{escape, titled};
use super::{ServiceMonth, ServiceStats, Stats};
use crate::format::Formatter;

/// The most services the stats page shows (the most downtime first): each service's own page
/// has its strip, so the page does not grow with the number of services.
pub const SERVICES_SHOWN: usize = 20;

/// The months a strip shows, ending with the newest of the archive.
pub const STRIP_MONTHS: usize = 12;

/// Availability below which a month without an objective counts as `major`.
const WITHOUT_OBJECTIVE: f64 = 0.999;

/// One service on the stats page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceRow {
    pub slug: String,
    pub name: String,
    /// `99,9 %`, or empty without an objective.
    pub slo: String,
    /// The sum of the monthly downtimes, formatted.
    pub downtime: String,
    pub reports: usize,
    /// Reports naming the service without a downtime.
    pub downtime_not_given: usize,
    /// The last [`STRIP_MONTHS`] months as bars.
    pub strip_svg: String,
    /// Every month, newest first.
    pub months: Vec<ServiceMonthRow>,
}

/// One month of a service, formatted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceMonthRow {
    /// `janv. 2025` / `Jan 2025`.
    pub month: String,
    pub downtime: String,
    pub availability: String,
    /// `67,2 %`, or empty without an objective.
    pub budget_used: String,
    /// The budget is spent: more than 100 % used.
    pub over_budget: bool,
    /// `up`, `minor` or `major`.
    pub status: &'static str,
}

/// The [`SERVICES_SHOWN`] services with the most downtime (then by slug), and how many
/// services there are in all. `strip_title` names a strip (`{name}` replaced).
pub(super) fn service_rows(
    stats: &Stats,
    fmt: &Formatter,
    strip_title: &str,
) -> (Vec<ServiceRow>, usize) {
    let mut services: Vec<&ServiceStats> = stats.services.iter().collect();
    services.sort_by(|a, b| {
        b.downtime_seconds
            .cmp(&a.downtime_seconds)
            .then_with(|| a.slug.cmp(&b.slug))
    });
    let rows = services
        .iter()
        .take(SERVICES_SHOWN)
        .map(|s| service_row(s, fmt, strip_title))
        .collect();
    (rows, stats.services.len())
}

/// One service's row.
pub fn service_row(service: &ServiceStats, fmt: &Formatter, strip_title: &str) -> ServiceRow {
    let months: Vec<ServiceMonthRow> = service
        .months
        .iter()
        .rev()
        .map(|m| month_row(m, fmt))
        .collect();
    let title = strip_title.replace("{name}", &service.name);
    let shown: Vec<&ServiceMonthRow> = months.iter().take(STRIP_MONTHS).rev().collect();
    ServiceRow {
        slug: service.slug.clone(),
        name: service.name.clone(),
        slo: service
            .slo
            .map(|slo| objective(slo, fmt))
            .unwrap_or_default(),
        downtime: fmt.duration(service.downtime_seconds),
        reports: service.reports,
        downtime_not_given: service.downtime_not_given,
        strip_svg: strip(&shown, &title, fmt),
        months,
    }
}

fn month_row(month: &ServiceMonth, fmt: &Formatter) -> ServiceMonthRow {
    let (year, number) = month
        .month
        .split_once('-')
        .and_then(|(y, m)| Some((y.parse().ok()?, m.parse().ok()?)))
        .unwrap_or((0, 0));
    let over_budget = month.budget_used.is_some_and(|b| b > 1.0);
    let status = if month.downtime_seconds == 0 {
        "up"
    } else if over_budget || (month.budget_used.is_none() && month.availability < WITHOUT_OBJECTIVE)
    {
        "major"
    } else {
        "minor"
    };
    ServiceMonthRow {
        month: fmt.month(year, number),
        downtime: fmt.duration(month.downtime_seconds),
        availability: fmt.availability(month.availability),
        budget_used: month.budget_used.map(|b| fmt.share(b)).unwrap_or_default(),
        over_budget,
        status,
    }
}

/// An objective as written in incidex.yaml, in the language's typography: `99,9 %` / `99.9%`.
fn objective(slo: f64, fmt: &Formatter) -> String {
    let text = format!("{slo}");
    match fmt.language {
        crate::config::Language::French => format!("{}\u{202f}%", text.replace('.', ",")),
        crate::config::Language::English => format!("{text}%"),
    }
}

/// Bar width and gap of a strip, in its own units.
const BAR: f64 = 16.0;
const GAP: f64 = 4.0;
const HEIGHT: f64 = 28.0;

/// The months as a row of equal bars, each titled with its month and availability, the whole
/// named for assistive technology with every value.
fn strip(months: &[&ServiceMonthRow], title: &str, fmt: &Formatter) -> String {
    let width = (months.len().max(1) as f64) * (BAR + GAP) - GAP;
    let values: Vec<String> = months
        .iter()
        .map(|m| format!("{} {}", m.month, m.availability))
        .collect();
    let label = escape(&titled(fmt, title, &values.join(", ")));
    let mut out = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="strip-svg" viewBox="0 0 {width} {HEIGHT}" preserveAspectRatio="xMinYMid meet" role="img" aria-label="{label}" fill="currentColor"><title>{}</title>"#,
        escape(title)
    );
    for (n, month) in months.iter().enumerate() {
        let x = n as f64 * (BAR + GAP);
        let _ = write!(
            out,
            r#"<rect class="avail {}" x="{x}" y="0" width="{BAR}" height="{HEIGHT}" rx="2"><title>{}</title></rect>"#,
            month.status,
            escape(&titled(fmt, &month.month, &month.availability))
        );
    }
    out.push_str("</svg>");
    out
}
