//! The archive's statistics (spec §9): computed once from the incidents, written as
//! `/stats.json` ([`Stats`]) and shown on the stats page ([`view`]).
//!
//! Rules the spec leaves open, decided here:
//! - Every list is deterministic whatever the order of the input: incidents are taken in
//!   start order (by instant), then by slug; rankings break ties the same way.
//! - Ongoing incidents count as reports (in totals, severities, types, months, downtime and
//!   costs) but are left out of every duration figure (total, median, p90, per severity and
//!   type, the longest); `ongoing` counts them.
//! - Downtime: an incident without `Temps d'indisponibilité` counts 0 and is listed in
//!   `downtime.not_given`, in start order.
//! - Costs: one entry per currency, by ISO code in alphabetical order; the total of a currency
//!   is approximate when any amount in it is. `lost_approximate` and `resolution_approximate`
//!   say the same of each column (the page marks each figure). Sums are exact decimals; an
//!   overflow of the decimal type (about 7.9 × 10²⁸) stays at the largest value.
//! - Costliest: within each currency, the five incidents with the largest `lost + resolution`
//!   in that currency, largest first; incidents costing 0 are not listed, and a currency in
//!   which nothing cost anything has no entry.
//! - Longest: the five longest known durations, longest first.
//! - Months: by start in the site's time zone; a date without a time counts on the day written.
//!   The series covers at most [`MAX_MONTHS`] months (50 years), ending with the newest
//!   incident's month: any valid date (years 1 to 9999) may be written, and a series filled
//!   month by month from the year 1 would grow with the time span, not with the reports. Older
//!   incidents count in every other figure and in `before_months`, and the page says so.
//! - Durations are whole seconds; sums saturate at `u64::MAX` rather than wrap.
//! - Time to detect, mitigate and resolve: seconds from the start to `detected`, `mitigated`,
//!   `resolved`, over the reports that give that point, with a time of day on both it and the
//!   start (a date alone says nothing to the second); the others are counted in `left_out`.
//!   Ongoing incidents count like any other.
//! - Action items: open and done, overall, per owner (owners as written after `@`, compared
//!   exactly, sorted case-insensitively) and without an owner (`unassigned`); and per quarter
//!   of the incident's start in the site's time zone (`actions_by_quarter`, newest first, only
//!   the quarters with items).
//! - Triggers and factors: see [`triggers`].

mod action_counts;
mod action_quarters;
mod availability;
mod calendar;
mod charts;
mod duration_view;
mod figures;
mod months;
mod period_view;
mod periods;
mod service_view;
pub mod tables;
mod tally;
mod time_to;
mod trend_view;
mod trends;
mod trigger_view;
mod triggers;
mod view;

use std::collections::BTreeMap;

use chrono_tz::Tz;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use crate::config::ServiceConfig;
use crate::incident::{Incident, Kind, Severity};

use action_counts::action_stats;
use action_quarters::action_quarters;
pub use action_quarters::{QuarterActions, QuarterActionsRow};
use availability::service_stats;
pub use availability::{ServiceMonth, ServiceStats};
pub use calendar::{Calendar, CalendarView};
use figures::{costliest, currency_costs, longest, severity_stats, type_stats};
use months::{before, first_month_shown, month_span};
pub use period_view::{ComparisonRow, PeriodView, period_label, period_view};
pub use periods::{Period, PeriodStats};
pub use service_view::{SERVICES_SHOWN, STRIP_MONTHS, ServiceMonthRow, ServiceRow, service_row};
use tally::Tally;
use time_to::time_to_stats;
pub use time_to::{TimelinePoint, time_to};
pub use trends::{MONTHS_BY_MONTH, PeriodCost, SeverityCount, TrendPeriod, Trends};
pub use trigger_view::{
    FACTORS_SHOWN, FactorRow, QUARTERS_SHOWN, QuarterRow, TriggerColumn, TriggerLabels, TriggerRow,
    TriggersView,
};
use triggers::trigger_stats;
pub use triggers::{
    Counted, FactorCount, QuarterTrigger, QuarterTriggers, TriggerCount, TriggerStats,
};

pub use duration_view::{BucketRow, DELAYS_SHOWN_FROM, DurationsView};
pub use trend_view::{CHART_PERIODS, TrendRow, TrendsView};
pub use view::{
    ActionsView, Charts, CostRow, CostliestGroup, CostliestItem, Figure, LinkRow, LongestRow,
    MonthRow, OwnerRow, SeverityRow, StatsLabels, StatsView, TimeMetric, TimeRow, TypeRow,
    period_links, view,
};

/// Every figure of the archive, exactly as `/stats.json` holds it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// Published incidents.
    pub reports: usize,
    /// Incidents still going on: left out of the duration figures.
    pub ongoing: usize,
    pub duration: DurationStats,
    pub downtime: DowntimeStats,
    /// Per currency, alphabetical by ISO code.
    pub costs: Vec<CurrencyCost>,
    pub user_impact: UserImpactStats,
    /// All four severities, highest first, even without reports.
    pub by_severity: Vec<SeverityStats>,
    /// All five types, in the template's order.
    pub by_type: Vec<TypeStats>,
    /// Every month from the first report's to the last's, empty months included, over at most
    /// the last [`MAX_MONTHS`] months.
    pub months: Vec<MonthStats>,
    /// The incidents that started before the first month of `months`.
    pub before_months: EarlierIncidents,
    /// Per month of `months`, or per quarter when they are more than 36: reports by
    /// severity, downtime and costs.
    pub trends: Trends,
    /// The five longest known durations, longest first.
    pub longest: Vec<LongestIncident>,
    /// The five costliest incidents of each currency, in the order of `costs`.
    pub costliest: Vec<CostliestInCurrency>,
    /// From the start to `detected`.
    pub time_to_detect: TimeToStats,
    /// From the start to `mitigated`.
    pub time_to_mitigate: TimeToStats,
    /// From the start to `resolved`.
    pub time_to_resolve: TimeToStats,
    /// The Prévention sections' action items.
    pub actions: ActionStats,
    /// Every service named by a report or described in incidex.yaml, by slug, with its
    /// availability over every month of `months`.
    pub services: Vec<ServiceStats>,
    /// The action items per quarter of their incident's start, newest first.
    pub actions_by_quarter: Vec<QuarterActions>,
    /// Every year and quarter with reports, each with the previous one of its kind.
    pub periods: Vec<PeriodStats>,
    /// The newest year's days with reports, for the page's calendar.
    #[serde(skip)]
    pub calendar: Calendar,
    /// What causes incidents: in `stats.json`, the keys `triggers`, `triggers_not_given`,
    /// `factors` and `trigger_quarters`.
    #[serde(flatten)]
    pub triggers: TriggerStats,
}

/// Seconds from the start to one point of the timeline, over the reports that give it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimeToStats {
    /// Reports that went into the figures.
    pub counted: usize,
    /// Reports left out: the point not given, or it or the start written as a date alone.
    pub left_out: usize,
    /// Nearest rank; `None` when nothing is counted.
    pub median_seconds: Option<u64>,
    pub p90_seconds: Option<u64>,
    /// All four severities, highest first.
    pub by_severity: Vec<TimeToSeverity>,
    /// The values, shortest first, when fewer than [`FEW`]; empty otherwise.
    #[serde(skip)]
    pub values_seconds: Vec<u64>,
}

/// [`TimeToStats`] within one severity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimeToSeverity {
    pub slug: &'static str,
    pub counted: usize,
    pub left_out: usize,
    pub median_seconds: Option<u64>,
    pub p90_seconds: Option<u64>,
    #[serde(skip)]
    pub severity: Severity,
    /// The values, shortest first, when fewer than [`FEW`]; empty otherwise.
    #[serde(skip)]
    pub values_seconds: Vec<u64>,
}

/// Open and done action items.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ActionCounts {
    pub open: usize,
    pub done: usize,
}

/// The action items of every report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionStats {
    pub open: usize,
    pub done: usize,
    /// One entry per owner, sorted by name (case-insensitively, then as written).
    pub by_owner: Vec<OwnerActions>,
    /// Items without an `@owner`.
    pub unassigned: ActionCounts,
}

/// One owner's action items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OwnerActions {
    /// As written, without the `@`.
    pub owner: String,
    pub open: usize,
    pub done: usize,
}

/// The `Durée` of the incidents that are not ongoing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DurationStats {
    pub total_seconds: u64,
    /// Nearest rank; `None` without any known duration.
    pub median_seconds: Option<u64>,
    pub p90_seconds: Option<u64>,
    /// How many durations went into these figures (`reports - ongoing`).
    pub counted: usize,
    /// How many known durations fall in each of [`DURATION_BUCKETS`].
    pub buckets: Vec<DurationBucket>,
    /// The durations themselves, shortest first, when fewer than [`FEW`] are counted (the
    /// page lists them instead of percentiles); empty otherwise.
    #[serde(skip)]
    pub values_seconds: Vec<u64>,
}

/// One bucket of the durations' histogram: `[from_seconds, to_seconds)`, `to_seconds` null for
/// the last, open-ended one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DurationBucket {
    pub from_seconds: u64,
    pub to_seconds: Option<u64>,
    pub reports: usize,
}

/// The bounds of the durations' histogram: under 5 min, 5 to 30 min, 30 min to 2 h, 2 to 8 h,
/// 8 h and more.
pub const DURATION_BUCKETS: [u64; 4] = [300, 1_800, 7_200, 28_800];

/// Below this many values, a median or a p90 says less than the values themselves: the page
/// lists them instead.
pub const FEW: usize = 5;

/// `sorted` when it holds fewer than [`FEW`] values, else nothing.
fn few(sorted: &[u64]) -> Vec<u64> {
    if sorted.len() < FEW {
        sorted.to_vec()
    } else {
        Vec::new()
    }
}

/// How many of `durations` fall in each bucket of [`DURATION_BUCKETS`].
fn duration_buckets(durations: &[u64]) -> Vec<DurationBucket> {
    let mut from = 0;
    let mut buckets = Vec::with_capacity(DURATION_BUCKETS.len() + 1);
    for to in DURATION_BUCKETS.iter().copied().map(Some).chain([None]) {
        let reports = durations
            .iter()
            .filter(|&&d| d >= from && to.is_none_or(|to| d < to))
            .count();
        buckets.push(DurationBucket {
            from_seconds: from,
            to_seconds: to,
            reports,
        });
        from = to.unwrap_or(u64::MAX);
    }
    buckets
}

/// `Temps d'indisponibilité`, summed where given.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DowntimeStats {
    pub total_seconds: u64,
    /// Reports that give no downtime (counted as 0), in start order.
    pub not_given: Vec<IncidentRef>,
    /// How many of them are ongoing: their downtime is not known yet, and the total says it
    /// leaves them out (`30 min + 1 en cours`). Not in `stats.json` (`not_given` names them).
    #[serde(skip)]
    pub ongoing_not_given: usize,
}

/// An incident named in a list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IncidentRef {
    pub slug: String,
    pub title: String,
}

/// The costs in one currency, never mixed with another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CurrencyCost {
    /// ISO 4217 code.
    pub currency: String,
    #[serde(serialize_with = "decimal_string")]
    pub lost: Decimal,
    #[serde(serialize_with = "decimal_string")]
    pub resolution: Decimal,
    /// `lost + resolution`.
    #[serde(serialize_with = "decimal_string")]
    pub total: Decimal,
    /// The total includes an approximate amount.
    pub approximate: bool,
    /// `lost` includes an approximate amount.
    pub lost_approximate: bool,
    /// `resolution` includes an approximate amount.
    pub resolution_approximate: bool,
}

/// Reports whose user impact is `Oui`, out of all reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UserImpactStats {
    pub affected: usize,
    pub reports: usize,
}

/// The figures of one severity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeverityStats {
    pub slug: &'static str,
    pub reports: usize,
    /// Known durations only.
    pub duration_seconds: u64,
    pub downtime_seconds: u64,
    pub median_seconds: Option<u64>,
    pub p90_seconds: Option<u64>,
    #[serde(skip)]
    pub severity: Severity,
    /// Known durations (the reports less the ongoing ones).
    #[serde(skip)]
    pub counted: usize,
    /// The known durations, shortest first, when fewer than [`FEW`]; empty otherwise.
    #[serde(skip)]
    pub values_seconds: Vec<u64>,
}

/// The figures of one type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeStats {
    pub slug: &'static str,
    pub reports: usize,
    /// Known durations only.
    pub duration_seconds: u64,
    pub downtime_seconds: u64,
    #[serde(skip)]
    pub kind: Kind,
}

/// One month of the archive's span.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthStats {
    /// `YYYY-MM`.
    pub month: String,
    pub reports: usize,
    pub downtime_seconds: u64,
    #[serde(skip)]
    pub year: i32,
    /// 1 to 12.
    #[serde(skip)]
    pub month_of_year: u32,
}

/// The incidents older than the monthly series: in every total, not in `months`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct EarlierIncidents {
    pub reports: usize,
    pub downtime_seconds: u64,
}

/// One of the longest incidents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LongestIncident {
    pub slug: String,
    pub title: String,
    pub duration_seconds: u64,
}

/// The costliest incidents in one currency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostliestInCurrency {
    pub currency: String,
    pub incidents: Vec<CostlyIncident>,
}

/// One incident's cost in one currency: its lost and resolution amounts in that currency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostlyIncident {
    pub slug: String,
    pub title: String,
    #[serde(serialize_with = "decimal_string")]
    pub total: Decimal,
    pub approximate: bool,
}

/// How many incidents the rankings keep.
pub const TOP: usize = 5;

/// The most months the monthly series holds (50 years): a real archive fits whole, a far-off
/// date cannot make the series, the page or `stats.json` grow with the years between.
pub const MAX_MONTHS: usize = 600;

/// A decimal as a string with at least two decimals: `0.10`, `1234.50`, `0.125`.
pub fn money_string(amount: &Decimal) -> String {
    let mut d = amount.normalize();
    if d.scale() < 2 {
        d.rescale(2);
    }
    let text = d.to_string();
    // `rescale` cannot add decimals to the very largest amounts: add them by hand.
    match text.split_once('.') {
        Some((_, frac)) if frac.len() >= 2 => text,
        Some(_) => format!("{text}0"),
        None => format!("{text}.00"),
    }
}

fn decimal_string<S: Serializer>(amount: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&money_string(amount))
}

/// An amount in whole cents, rounded, for the charts and comparisons that count in cents; an
/// amount too large for that (near the decimal type's limit) stays at the largest.
pub(crate) fn cents(amount: Decimal) -> u128 {
    let largest = Decimal::MAX.mantissa().unsigned_abs();
    amount
        .checked_mul(Decimal::ONE_HUNDRED)
        .map_or(largest, |c| {
            u128::try_from(c.round().mantissa()).unwrap_or(0)
        })
}

/// [`cents`] back as an amount; at most the largest decimal.
pub(crate) fn from_cents(cents: u128) -> Decimal {
    i128::try_from(cents)
        .ok()
        .and_then(|c| Decimal::try_from_i128_with_scale(c, 2).ok())
        .unwrap_or(Decimal::MAX)
}

/// The value at rank ⌈p/100 × n⌉ of sorted values (nearest rank); `None` for no values.
pub fn nearest_rank(sorted: &[u64], p: u32) -> Option<u64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let rank = (u128::from(p) * n as u128).div_ceil(100).max(1) as usize;
    sorted.get(rank.min(n) - 1).copied()
}

/// Each service's availability (see [`availability`]) over the months of the series of
/// `incidents`, without the other figures: for the services' own pages.
pub fn service_availability(
    incidents: &[&Incident],
    timezone: Tz,
    configured: &BTreeMap<String, ServiceConfig>,
) -> Vec<ServiceStats> {
    let mut sorted: Vec<&Incident> = incidents.to_vec();
    sorted.sort_by(|a, b| Incident::chronological(a, b));
    let mut months: BTreeMap<(i32, u32), (usize, u64)> = BTreeMap::new();
    for incident in &sorted {
        months
            .entry(tally::month_of(incident, timezone))
            .or_default();
    }
    let keys: Vec<(i32, u32)> = month_span(&months, first_month_shown(&months))
        .iter()
        .map(|m| (m.year, m.month_of_year))
        .collect();
    service_stats(&sorted, &keys, timezone, configured)
}

/// Computes the statistics of `incidents` (in any order). `timezone` is the site's, for months;
/// `titles` gives the title shown for an incident (the renderer's default title when the report
/// has none); `services` describes services (names, objectives) by slug.
pub fn compute(
    incidents: &[&Incident],
    timezone: Tz,
    services: &BTreeMap<String, ServiceConfig>,
    titles: &dyn Fn(&Incident) -> String,
) -> Stats {
    let mut sorted: Vec<&Incident> = incidents.to_vec();
    sorted.sort_by(|a, b| Incident::chronological(a, b));

    let mut tally = Tally::new();
    for (index, incident) in sorted.iter().enumerate() {
        tally.add(index, incident, timezone, titles);
    }
    let Tally {
        mut durations,
        total_duration,
        ongoing,
        total_downtime,
        not_given,
        ongoing_not_given,
        affected,
        by_severity,
        by_type,
        currencies,
        months: tally_months,
    } = tally;

    durations.sort_unstable();
    let shown = first_month_shown(&tally_months);
    let costliest = costliest(&currencies, &sorted, titles);
    let longest = longest(&sorted, titles);
    let months = month_span(&tally_months, shown);
    let month_keys: Vec<(i32, u32)> = months.iter().map(|m| (m.year, m.month_of_year)).collect();
    let services = service_stats(&sorted, &month_keys, timezone, services);

    Stats {
        reports: sorted.len(),
        ongoing,
        duration: DurationStats {
            total_seconds: total_duration,
            median_seconds: nearest_rank(&durations, 50),
            p90_seconds: nearest_rank(&durations, 90),
            counted: durations.len(),
            buckets: duration_buckets(&durations),
            values_seconds: few(&durations),
        },
        downtime: DowntimeStats {
            total_seconds: total_downtime,
            not_given,
            ongoing_not_given,
        },
        costs: currency_costs(&currencies),
        user_impact: UserImpactStats {
            affected,
            reports: sorted.len(),
        },
        by_severity: severity_stats(by_severity),
        by_type: type_stats(by_type),
        before_months: before(&tally_months, shown),
        trends: trends::trends(&sorted, &months, timezone),
        months,
        longest,
        costliest,
        time_to_detect: time_to_stats(&sorted, TimelinePoint::Detected),
        time_to_mitigate: time_to_stats(&sorted, TimelinePoint::Mitigated),
        time_to_resolve: time_to_stats(&sorted, TimelinePoint::Resolved),
        actions: action_stats(&sorted),
        services,
        actions_by_quarter: action_quarters(&sorted, timezone),
        periods: periods::periods(&sorted, timezone),
        calendar: calendar::calendar(&sorted, timezone),
        triggers: trigger_stats(&sorted, timezone),
    }
}

#[cfg(test)]
mod tests;
