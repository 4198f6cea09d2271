//! Each service's availability, month by month: the union of the downtimes of the reports
//! that name it, clipped to each calendar month of the site's time zone, against the month's
//! length and the service's objective.
//!
//! Rules (README, "Availability per service"):
//! - A report's downtime is the interval `[start, start + downtime)`; a date written without a
//!   time starts at midnight. Overlapping intervals of one service count once (their union).
//! - The months are those of the monthly series: from the month of the oldest report to the
//!   month of the newest, in the site's time zone, empty months included. A downtime running
//!   past the end of the newest month, or starting before the first, is clipped to them.
//! - A month's length is its real length in seconds in the site's time zone (a month with a
//!   daylight saving change is an hour shorter or longer).
//! - availability = 1 − downtime ÷ length; with an objective, budget used = downtime ÷
//!   ((1 − slo ÷ 100) × length).
//! - A report that names the service without a downtime adds nothing and is counted in
//!   `downtime_not_given`.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, TimeZone};
use chrono_tz::Tz;
use serde::Serialize;

use crate::config::ServiceConfig;
use crate::incident::Incident;
use crate::text::{slugify, without_bidi_controls};

/// One service's figures, as `/stats.json` holds them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceStats {
    pub slug: String,
    /// The name in incidex.yaml, or as the newest report naming the service writes it.
    pub name: String,
    /// The objective in percent, when incidex.yaml gives one.
    pub slo: Option<f64>,
    /// Reports naming the service.
    pub reports: usize,
    /// The sum of the monthly downtimes (overlaps counted once).
    pub downtime_seconds: u64,
    /// Reports naming the service without a downtime.
    pub downtime_not_given: usize,
    /// Every month of the series, oldest first.
    pub months: Vec<ServiceMonth>,
}

/// One service in one month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceMonth {
    /// `YYYY-MM`.
    pub month: String,
    pub downtime_seconds: u64,
    /// 1 − downtime ÷ the month's length, 1 for a month without downtime.
    pub availability: f64,
    /// downtime ÷ the error budget of the month; `None` without an objective.
    pub budget_used: Option<f64>,
}

/// A month of the series and its bounds, in seconds since the epoch: `[start, end)`.
#[derive(Debug, Clone, Copy)]
struct MonthBounds {
    year: i32,
    month: u32,
    start: i64,
    end: i64,
}

/// What one service gathers from the reports naming it.
#[derive(Default)]
struct Gathered {
    name: Option<String>,
    reports: usize,
    not_given: usize,
    /// `[start, end)` in seconds since the epoch, downtime above zero only.
    intervals: Vec<(i64, i64)>,
}

/// The figures of every service named by `incidents` (in start order, oldest first) or
/// described in `configured`, by slug, over `months` (the series, oldest first, as
/// `(year, month)`).
pub(super) fn service_stats(
    incidents: &[&Incident],
    months: &[(i32, u32)],
    timezone: Tz,
    configured: &BTreeMap<String, ServiceConfig>,
) -> Vec<ServiceStats> {
    let bounds = month_bounds(months, timezone);
    let mut services: BTreeMap<String, Gathered> = configured
        .keys()
        .map(|slug| (slug.clone(), Gathered::default()))
        .collect();
    for incident in incidents {
        gather(incident, &mut services);
    }
    services
        .into_iter()
        .map(|(slug, gathered)| {
            let config = configured.get(&slug).cloned().unwrap_or_default();
            service(slug, gathered, config, &bounds)
        })
        .collect()
}

/// Adds `incident` to each service it names (each once).
fn gather(incident: &Incident, services: &mut BTreeMap<String, Gathered>) {
    let mut seen: Vec<String> = Vec::new();
    for value in &incident.services {
        let slug = slugify(&value.value);
        if slug.is_empty() || seen.contains(&slug) {
            continue;
        }
        let gathered = services.entry(slug.clone()).or_default();
        seen.push(slug);
        gathered.reports += 1;
        // In start order: the last name written is the newest report's.
        gathered.name = Some(without_bidi_controls(value.value.trim()));
        match &incident.cost.downtime {
            None => gathered.not_given += 1,
            Some(downtime) if downtime.value.seconds > 0 => {
                let start = incident.start.value.instant.timestamp();
                let seconds = i64::try_from(downtime.value.seconds).unwrap_or(i64::MAX);
                gathered
                    .intervals
                    .push((start, start.saturating_add(seconds)));
            }
            Some(_) => {}
        }
    }
}

/// One service's figures from what its reports gave.
fn service(
    slug: String,
    mut gathered: Gathered,
    config: ServiceConfig,
    bounds: &[MonthBounds],
) -> ServiceStats {
    let downtimes = monthly_downtime(union(&mut gathered.intervals), bounds);
    let months: Vec<ServiceMonth> = bounds
        .iter()
        .zip(&downtimes)
        .map(|(b, &downtime)| {
            let length = (b.end - b.start).max(1) as f64;
            let down = downtime as f64;
            ServiceMonth {
                month: format!("{:04}-{:02}", b.year, b.month),
                downtime_seconds: downtime,
                availability: 1.0 - down / length,
                budget_used: config.slo.map(|slo| down / ((1.0 - slo / 100.0) * length)),
            }
        })
        .collect();
    ServiceStats {
        name: config
            .name
            .or(gathered.name)
            .unwrap_or_else(|| slug.clone()),
        slug,
        slo: config.slo,
        reports: gathered.reports,
        downtime_seconds: downtimes.iter().fold(0u64, |a, &d| a.saturating_add(d)),
        downtime_not_given: gathered.not_given,
        months,
    }
}

/// The union of `intervals`: sorted, overlapping or touching ones merged.
fn union(intervals: &mut [(i64, i64)]) -> Vec<(i64, i64)> {
    intervals.sort_unstable();
    let mut merged: Vec<(i64, i64)> = Vec::with_capacity(intervals.len());
    for &(start, end) in intervals.iter() {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

/// The seconds of `merged` (sorted, disjoint) inside each month of `bounds`.
fn monthly_downtime(merged: Vec<(i64, i64)>, bounds: &[MonthBounds]) -> Vec<u64> {
    let mut downtime = vec![0u64; bounds.len()];
    for (start, end) in merged {
        // The first month ending after the interval starts; then each month it reaches.
        let first = bounds.partition_point(|b| b.end <= start);
        for (n, b) in bounds.iter().enumerate().skip(first) {
            if b.start >= end {
                break;
            }
            let inside = end.min(b.end) - start.max(b.start);
            downtime[n] = downtime[n].saturating_add(inside.max(0) as u64);
        }
    }
    downtime
}

/// The bounds of each month of `months` in `timezone`.
fn month_bounds(months: &[(i32, u32)], timezone: Tz) -> Vec<MonthBounds> {
    months
        .iter()
        .map(|&(year, month)| {
            let (next_year, next_month) = if month == 12 {
                (year + 1, 1)
            } else {
                (year, month + 1)
            };
            MonthBounds {
                year,
                month,
                start: month_start(year, month, timezone),
                end: month_start(next_year, next_month, timezone),
            }
        })
        .collect()
}

/// The instant a month starts in `timezone`: midnight of its first day, or the first moment
/// of that day when a clock change skips midnight.
fn month_start(year: i32, month: u32, timezone: Tz) -> i64 {
    let Some(day) = NaiveDate::from_ymd_opt(year, month, 1) else {
        // Beyond chrono's years: the month as if in UTC (never reached by a valid report).
        return i64::from(year) * 31_556_952 + i64::from(month) * 2_629_746;
    };
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    // A skipped midnight (a clock change at 00:00) starts the day at the first hour that exists.
    (0..4)
        .find_map(|hour| {
            timezone
                .from_local_datetime(&(midnight + chrono::Duration::hours(hour)))
                .earliest()
        })
        .map(|t: DateTime<Tz>| t.timestamp())
        .unwrap_or_else(|| midnight.and_utc().timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn touching_and_overlapping_downtimes_count_once() {
        let mut intervals = vec![(10, 20), (0, 5), (5, 8), (15, 30), (40, 41)];
        assert_eq!(union(&mut intervals), vec![(0, 8), (10, 30), (40, 41)]);
    }

    #[test]
    fn months_are_as_long_as_the_clock_says() {
        let paris: Tz = "Europe/Paris".parse().unwrap_or(Tz::UTC);
        let bounds = month_bounds(&[(2025, 3), (2025, 10), (2025, 2)], paris);
        // March 2025 in Paris: 31 days less the hour skipped on the 30th.
        assert_eq!(bounds[0].end - bounds[0].start, 31 * 86_400 - 3_600);
        // October 2025: 31 days and the hour repeated on the 26th.
        assert_eq!(bounds[1].end - bounds[1].start, 31 * 86_400 + 3_600);
        assert_eq!(bounds[2].end - bounds[2].start, 28 * 86_400);
        // 2025-03-01 00:00 in Paris is 2025-02-28 23:00 UTC.
        assert_eq!(bounds[0].start, 1_740_783_600);
    }

    #[test]
    fn a_downtime_across_a_month_end_is_split_and_clipped_to_the_series() {
        let bounds = month_bounds(&[(2025, 1), (2025, 2)], Tz::UTC);
        let feb = bounds[1].start;
        // 30 min before February, 45 min into it; one more hour past the series' end.
        let merged = vec![
            (feb - 1_800, feb + 2_700),
            (bounds[1].end - 600, bounds[1].end + 3_000),
        ];
        assert_eq!(monthly_downtime(merged, &bounds), vec![1_800, 2_700 + 600]);
    }
}
