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
//!   exactly, sorted case-insensitively) and without an owner (`unassigned`).

mod charts;
pub mod terminal;
mod view;

use std::collections::BTreeMap;

use chrono::Datelike;
use chrono_tz::Tz;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use crate::incident::{Incident, IncidentDuration, Kind, Severity};
use crate::values::Timestamp;

pub use view::{
    ActionsView, Charts, CostRow, CostliestGroup, CostliestItem, Figure, LinkRow, LongestRow,
    MonthRow, OwnerRow, SeverityRow, StatsLabels, StatsView, TimeMetric, TimeRow, TypeRow, view,
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
}

/// `Temps d'indisponibilité`, summed where given.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DowntimeStats {
    pub total_seconds: u64,
    /// Reports that give no downtime (counted as 0), in start order.
    pub not_given: Vec<IncidentRef>,
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

/// Adds exactly; an overflow of the decimal type stays at the largest value.
fn add(a: Decimal, b: Decimal) -> Decimal {
    a.checked_add(b).unwrap_or(Decimal::MAX)
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

/// The known duration of an incident, `None` while it is ongoing.
fn known_duration(incident: &Incident) -> Option<u64> {
    match &incident.duration.value {
        IncidentDuration::Known(d) => Some(d.seconds),
        IncidentDuration::Ongoing => None,
    }
}

fn downtime_of(incident: &Incident) -> Option<u64> {
    incident.cost.downtime.as_ref().map(|d| d.value.seconds)
}

/// Running figures of a group of incidents (a severity, a type).
#[derive(Default)]
struct Group {
    reports: usize,
    durations: Vec<u64>,
    duration: u64,
    downtime: u64,
}

impl Group {
    fn add(&mut self, incident: &Incident) {
        self.reports += 1;
        if let Some(seconds) = known_duration(incident) {
            self.durations.push(seconds);
            self.duration = self.duration.saturating_add(seconds);
        }
        self.downtime = self
            .downtime
            .saturating_add(downtime_of(incident).unwrap_or(0));
    }
}

/// Running costs of a currency.
#[derive(Default)]
struct CurrencyTotals {
    lost: Decimal,
    resolution: Decimal,
    lost_approximate: bool,
    resolution_approximate: bool,
    /// Per incident (index in start order): its total in this currency and whether approximate.
    incidents: BTreeMap<usize, (Decimal, bool)>,
}

/// Computes the statistics of `incidents` (in any order). `timezone` is the site's, for months;
/// `titles` gives the title shown for an incident (the renderer's default title when the report
/// has none).
pub fn compute(
    incidents: &[&Incident],
    timezone: Tz,
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
        affected,
        by_severity,
        by_type,
        currencies,
        months,
    } = tally;

    durations.sort_unstable();
    let shown = first_month_shown(&months);
    let costliest = costliest(&currencies, &sorted, titles);
    let longest = longest(&sorted, titles);

    Stats {
        reports: sorted.len(),
        ongoing,
        duration: DurationStats {
            total_seconds: total_duration,
            median_seconds: nearest_rank(&durations, 50),
            p90_seconds: nearest_rank(&durations, 90),
            counted: durations.len(),
        },
        downtime: DowntimeStats {
            total_seconds: total_downtime,
            not_given,
        },
        costs: currency_costs(&currencies),
        user_impact: UserImpactStats {
            affected,
            reports: sorted.len(),
        },
        by_severity: severity_stats(by_severity),
        by_type: type_stats(by_type),
        months: month_span(&months, shown),
        before_months: before(&months, shown),
        longest,
        costliest,
        time_to_detect: time_to_stats(&sorted, TimelinePoint::Detected),
        time_to_mitigate: time_to_stats(&sorted, TimelinePoint::Mitigated),
        time_to_resolve: time_to_stats(&sorted, TimelinePoint::Resolved),
        actions: action_stats(&sorted),
    }
}

/// The running figures of one pass over the incidents in start order.
struct Tally {
    durations: Vec<u64>,
    total_duration: u64,
    ongoing: usize,
    total_downtime: u64,
    not_given: Vec<IncidentRef>,
    affected: usize,
    by_severity: Vec<Group>,
    by_type: Vec<Group>,
    currencies: BTreeMap<String, CurrencyTotals>,
    /// (year, month) -> (reports, downtime)
    months: BTreeMap<(i32, u32), (usize, u64)>,
}

impl Tally {
    fn new() -> Self {
        Tally {
            durations: Vec::new(),
            total_duration: 0,
            ongoing: 0,
            total_downtime: 0,
            not_given: Vec::new(),
            affected: 0,
            by_severity: Severity::ALL.iter().map(|_| Group::default()).collect(),
            by_type: Kind::ALL.iter().map(|_| Group::default()).collect(),
            currencies: BTreeMap::new(),
            months: BTreeMap::new(),
        }
    }

    /// Counts the incident at `index` in start order.
    fn add(
        &mut self,
        index: usize,
        incident: &Incident,
        timezone: Tz,
        titles: &dyn Fn(&Incident) -> String,
    ) {
        match known_duration(incident) {
            Some(seconds) => {
                self.durations.push(seconds);
                self.total_duration = self.total_duration.saturating_add(seconds);
            }
            None => self.ongoing += 1,
        }
        let downtime = downtime_of(incident);
        self.total_downtime = self.total_downtime.saturating_add(downtime.unwrap_or(0));
        if downtime.is_none() {
            self.not_given.push(IncidentRef {
                slug: incident.slug.value.clone(),
                title: titles(incident),
            });
        }
        if incident.user_impact.value.affected {
            self.affected += 1;
        }
        self.by_severity[severity_index(incident.severity.value)].add(incident);
        self.by_type[kind_index(incident.kind.value)].add(incident);
        self.add_costs(index, incident);
        self.add_month(incident, timezone, downtime);
    }

    /// The incident's lost and resolution amounts, in the totals of their currency.
    fn add_costs(&mut self, index: usize, incident: &Incident) {
        for (money, is_lost) in [
            (&incident.cost.lost, true),
            (&incident.cost.resolution, false),
        ] {
            let Some(money) = money.as_ref().map(|m| &m.value) else {
                continue;
            };
            let totals = self
                .currencies
                .entry(money.currency.trim().to_ascii_uppercase())
                .or_default();
            if is_lost {
                totals.lost = add(totals.lost, money.amount);
                totals.lost_approximate |= money.approximate;
            } else {
                totals.resolution = add(totals.resolution, money.amount);
                totals.resolution_approximate |= money.approximate;
            }
            let entry = totals
                .incidents
                .entry(index)
                .or_insert((Decimal::ZERO, false));
            entry.0 = add(entry.0, money.amount);
            entry.1 |= money.approximate;
        }
    }

    /// The incident in the month it started, in the site's time zone (a date without a time
    /// on the day written).
    fn add_month(&mut self, incident: &Incident, timezone: Tz, downtime: Option<u64>) {
        let local = incident.start.value.instant.with_timezone(&timezone);
        let date = if incident.start.value.has_time {
            local.date_naive()
        } else {
            incident.start.value.instant.date_naive()
        };
        let month = self.months.entry((date.year(), date.month())).or_default();
        month.0 += 1;
        month.1 = month.1.saturating_add(downtime.unwrap_or(0));
    }
}

/// The costs of each currency, in the order of their codes.
fn currency_costs(currencies: &BTreeMap<String, CurrencyTotals>) -> Vec<CurrencyCost> {
    currencies
        .iter()
        .map(|(currency, t)| CurrencyCost {
            currency: currency.clone(),
            lost: t.lost,
            resolution: t.resolution,
            total: add(t.lost, t.resolution),
            approximate: t.lost_approximate || t.resolution_approximate,
            lost_approximate: t.lost_approximate,
            resolution_approximate: t.resolution_approximate,
        })
        .collect()
}

/// Within each currency, the [`TOP`] incidents that cost the most in it, largest first.
/// `sorted` is the incidents in start order, which the totals' indexes refer to.
fn costliest(
    currencies: &BTreeMap<String, CurrencyTotals>,
    sorted: &[&Incident],
    titles: &dyn Fn(&Incident) -> String,
) -> Vec<CostliestInCurrency> {
    currencies
        .iter()
        .filter_map(|(currency, t)| {
            let mut ranked: Vec<(usize, Decimal, bool)> = t
                .incidents
                .iter()
                .filter(|(_, (total, _))| *total > Decimal::ZERO)
                .map(|(&i, &(total, approximate))| (i, total, approximate))
                .collect();
            // Stable: equal totals stay in start order.
            ranked.sort_by_key(|r| std::cmp::Reverse(r.1));
            ranked.truncate(TOP);
            (!ranked.is_empty()).then(|| CostliestInCurrency {
                currency: currency.clone(),
                incidents: ranked
                    .into_iter()
                    .map(|(i, total, approximate)| CostlyIncident {
                        slug: sorted[i].slug.value.clone(),
                        title: titles(sorted[i]),
                        total,
                        approximate,
                    })
                    .collect(),
            })
        })
        .collect()
}

/// The [`TOP`] longest known durations, longest first (`sorted`: in start order).
fn longest(sorted: &[&Incident], titles: &dyn Fn(&Incident) -> String) -> Vec<LongestIncident> {
    let mut longest: Vec<(&Incident, u64)> = sorted
        .iter()
        .filter_map(|i| known_duration(i).map(|s| (*i, s)))
        .collect();
    longest.sort_by_key(|l| std::cmp::Reverse(l.1));
    longest
        .into_iter()
        .take(TOP)
        .map(|(incident, seconds)| LongestIncident {
            slug: incident.slug.value.clone(),
            title: titles(incident),
            duration_seconds: seconds,
        })
        .collect()
}

/// The figures of each severity, from its running group.
fn severity_stats(groups: Vec<Group>) -> Vec<SeverityStats> {
    Severity::ALL
        .iter()
        .zip(groups)
        .map(|(&severity, mut g)| {
            g.durations.sort_unstable();
            SeverityStats {
                slug: severity.slug(),
                reports: g.reports,
                duration_seconds: g.duration,
                downtime_seconds: g.downtime,
                median_seconds: nearest_rank(&g.durations, 50),
                p90_seconds: nearest_rank(&g.durations, 90),
                severity,
            }
        })
        .collect()
}

/// The figures of each incident type, from its running group.
fn type_stats(groups: Vec<Group>) -> Vec<TypeStats> {
    Kind::ALL
        .iter()
        .zip(groups)
        .map(|(&kind, g)| TypeStats {
            slug: kind.slug(),
            reports: g.reports,
            duration_seconds: g.duration,
            downtime_seconds: g.downtime,
            kind,
        })
        .collect()
}

/// A point of the timeline the time metrics measure from the start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimelinePoint {
    Detected,
    Mitigated,
    Resolved,
}

impl TimelinePoint {
    pub const ALL: [TimelinePoint; 3] = [
        TimelinePoint::Detected,
        TimelinePoint::Mitigated,
        TimelinePoint::Resolved,
    ];

    fn of(self, incident: &Incident) -> Option<&Timestamp> {
        match self {
            TimelinePoint::Detected => incident.detected.as_ref(),
            TimelinePoint::Mitigated => incident.mitigated.as_ref(),
            TimelinePoint::Resolved => incident.resolved.as_ref(),
        }
        .map(|t| &t.value)
    }
}

/// Seconds from the start to `point`, when both have a time of day; `None` leaves the incident
/// out of that metric.
pub fn time_to(incident: &Incident, point: TimelinePoint) -> Option<u64> {
    let start = &incident.start.value;
    let at = point.of(incident)?;
    if !(start.has_time && at.has_time) {
        return None;
    }
    // The timeline is validated in order (E028); a negative span cannot reach here, but is
    // left out rather than wrapped.
    u64::try_from((at.instant - start.instant).num_seconds()).ok()
}

/// The time metric of one point over `sorted` incidents.
fn time_to_stats(sorted: &[&Incident], point: TimelinePoint) -> TimeToStats {
    let mut all = Vec::new();
    let mut per_severity: Vec<(Vec<u64>, usize)> =
        Severity::ALL.iter().map(|_| (Vec::new(), 0)).collect();
    for incident in sorted {
        let group = &mut per_severity[severity_index(incident.severity.value)];
        match time_to(incident, point) {
            Some(seconds) => {
                all.push(seconds);
                group.0.push(seconds);
            }
            None => group.1 += 1,
        }
    }
    all.sort_unstable();
    TimeToStats {
        counted: all.len(),
        left_out: sorted.len() - all.len(),
        median_seconds: nearest_rank(&all, 50),
        p90_seconds: nearest_rank(&all, 90),
        by_severity: Severity::ALL
            .iter()
            .zip(per_severity)
            .map(|(&severity, (mut values, left_out))| {
                values.sort_unstable();
                TimeToSeverity {
                    slug: severity.slug(),
                    counted: values.len(),
                    left_out,
                    median_seconds: nearest_rank(&values, 50),
                    p90_seconds: nearest_rank(&values, 90),
                    severity,
                }
            })
            .collect(),
    }
}

/// Open and done action items, overall and per owner.
fn action_stats(sorted: &[&Incident]) -> ActionStats {
    let mut owners: BTreeMap<(String, String), ActionCounts> = BTreeMap::new();
    let mut unassigned = ActionCounts::default();
    let (mut open, mut done) = (0, 0);
    for item in sorted.iter().flat_map(|i| &i.actions) {
        let counts = match &item.owner {
            Some(owner) => owners
                .entry((owner.to_lowercase(), owner.clone()))
                .or_default(),
            None => &mut unassigned,
        };
        if item.done {
            counts.done += 1;
            done += 1;
        } else {
            counts.open += 1;
            open += 1;
        }
    }
    ActionStats {
        open,
        done,
        by_owner: owners
            .into_iter()
            .map(|((_, owner), c)| OwnerActions {
                owner,
                open: c.open,
                done: c.done,
            })
            .collect(),
        unassigned,
    }
}

fn severity_index(severity: Severity) -> usize {
    Severity::ALL
        .iter()
        .position(|&s| s == severity)
        .unwrap_or(0)
}

fn kind_index(kind: Kind) -> usize {
    Kind::ALL.iter().position(|&k| k == kind).unwrap_or(0)
}

/// The first month of the series: the first with reports, or the [`MAX_MONTHS`]th before the
/// last one (included) when that is later. `None` without reports.
fn first_month_shown(months: &BTreeMap<(i32, u32), (usize, u64)>) -> Option<(i32, u32)> {
    let (&first, _) = months.first_key_value()?;
    let (&(year, month), _) = months.last_key_value()?;
    // On one scale of months (year × 12 + month − 1), which never leaves i64 for an i32 year.
    let last = i64::from(year) * 12 + i64::from(month) - 1;
    let earliest = last - (MAX_MONTHS as i64 - 1);
    let earliest = (
        i32::try_from(earliest.div_euclid(12)).unwrap_or(i32::MIN),
        earliest.rem_euclid(12) as u32 + 1,
    );
    Some(first.max(earliest))
}

/// The reports and downtime of the months before `shown`.
fn before(
    months: &BTreeMap<(i32, u32), (usize, u64)>,
    shown: Option<(i32, u32)>,
) -> EarlierIncidents {
    let Some(shown) = shown else {
        return EarlierIncidents::default();
    };
    months.range(..shown).fold(
        EarlierIncidents::default(),
        |acc, (_, &(reports, downtime))| EarlierIncidents {
            reports: acc.reports + reports,
            downtime_seconds: acc.downtime_seconds.saturating_add(downtime),
        },
    )
}

/// Every month from `first` to the last with reports, the months between filled with zeros.
fn month_span(
    months: &BTreeMap<(i32, u32), (usize, u64)>,
    first: Option<(i32, u32)>,
) -> Vec<MonthStats> {
    let (Some(first), Some((&last, _))) = (first, months.last_key_value()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let (mut year, mut month) = first;
    loop {
        let (reports, downtime) = months.get(&(year, month)).copied().unwrap_or((0, 0));
        out.push(MonthStats {
            month: format!("{year:04}-{month:02}"),
            reports,
            downtime_seconds: downtime,
            year,
            month_of_year: month,
        });
        if (year, month) >= last {
            break;
        }
        if month == 12 {
            year += 1;
            month = 1;
        } else {
            month += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests;
