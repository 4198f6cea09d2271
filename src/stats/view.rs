//! The stats page's data: [`Stats`] formatted for the site's language, as the `stats` object
//! of `stats.html` (themes/default/README.md), with its charts.

use serde::Serialize;

use super::action_quarters::{QuarterActionsRow, quarter_rows};
use super::calendar::{CalendarView, calendar_view};
use super::duration_view::{DurationsView, durations_view, listed};
use super::service_view::{ServiceRow, service_rows};
use super::trend_view::{TrendsView, trends_view};
use super::trigger_view::{TriggerLabels, TriggersView, trigger_view};
use super::{Period, Stats, charts, period_label};
use crate::format::{Formatter, Plural};
use crate::incident::{Kind, Severity};

/// The labels the stats page needs, filled by the caller from the theme's i18n file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatsLabels {
    pub reports: String,
    pub total_duration: String,
    pub total_downtime: String,
    pub lost: String,
    pub resolution: String,
    pub total_cost: String,
    pub impact_share: String,
    /// The note under the total duration when incidents are ongoing; `{count}` is replaced by
    /// their number (`{count} ongoing, left out`).
    pub ongoing_note: Plural,
    /// A total downtime that leaves ongoing incidents out (`{total} + {count} en cours`).
    pub ongoing_total: Plural,
    /// Critical, high, medium, low.
    pub severity: [String; 4],
    /// Downtime, error, security, performance, cost.
    pub kind: [String; 5],
    pub months_chart_title: String,
    /// The sentence under the monthly chart when older incidents are not in it: `{count}` and
    /// `{month}` (the first month shown) are replaced.
    pub months_left_out: Plural,
    pub severity_chart_title: String,
    pub type_chart_title: String,
    /// Time to detect, to mitigate, to resolve.
    pub time_to: [String; 3],
    /// The row of a time metric over every severity.
    pub all_severities: String,
    pub durations_chart_title: String,
    /// The calendar's title: `{year}` is replaced.
    pub calendar_title: String,
    /// A day's count in the calendar: `{count} incident(s)`.
    pub day_incidents: Plural,
    /// A period against the previous: `{value} de plus`, `{value} de moins`, `autant`.
    pub more: String,
    pub less: String,
    pub same: String,
    /// The trend charts' titles.
    pub trend_severity_title: String,
    pub trend_downtime_title: String,
    /// The cost chart of one currency: `{currency}` is replaced.
    pub trend_cost_title: String,
    /// The first and last buckets of the durations' histogram: `moins de {to}`, `{from} et plus`.
    pub bucket_under: String,
    pub bucket_over: String,
    /// The line standing for the delay tables when too few reports give the times: `{count}`
    /// (the reports), `{detect}`, `{mitigate}`, `{resolve}` (those giving each point).
    pub delays_few: Plural,
    /// The title of a service's strip of months: `{name}` is replaced.
    pub strip_title: String,
    /// The sentence under the services when not all are shown: `{shown}` and `{total}` are
    /// replaced.
    pub services_left_out: String,
    /// A quarter (`T{quarter} {year}`): `{quarter}` and `{year}` are replaced.
    pub quarter: String,
    /// The causes' labels.
    pub triggers: TriggerLabels,
}

impl StatsLabels {
    /// The labels from a theme's i18n file, through `label` (a path like `["stats", "lost"]`).
    pub fn read(label: &dyn Fn(&[&str]) -> String) -> Self {
        let stats = |key: &str| label(&["stats", key]);
        StatsLabels {
            reports: stats("reports"),
            total_duration: stats("total_duration"),
            total_downtime: stats("total_downtime"),
            lost: stats("lost"),
            resolution: stats("resolution"),
            total_cost: stats("total_cost"),
            impact_share: stats("impact_share"),
            ongoing_note: Plural::read(label, &["stats", "ongoing_note"]),
            ongoing_total: Plural::read(label, &["ongoing_total"]),
            severity: Severity::ALL.map(|s| label(&["severity", s.slug()])),
            kind: Kind::ALL.map(|k| label(&["type", k.slug()])),
            months_chart_title: stats("months_chart_title"),
            months_left_out: Plural::read(label, &["stats", "months_left_out"]),
            severity_chart_title: stats("severity_chart_title"),
            type_chart_title: stats("type_chart_title"),
            time_to: ["time_to_detect", "time_to_mitigate", "time_to_resolve"].map(stats),
            all_severities: stats("all_severities"),
            durations_chart_title: stats("durations_chart_title"),
            calendar_title: stats("calendar_title"),
            day_incidents: Plural::read(label, &["stats", "day_incidents"]),
            more: stats("more"),
            less: stats("less"),
            same: stats("same"),
            trend_severity_title: stats("trend_severity_title"),
            trend_downtime_title: stats("trend_downtime_title"),
            trend_cost_title: stats("trend_cost_title"),
            bucket_under: stats("bucket_under"),
            bucket_over: stats("bucket_over"),
            delays_few: Plural::read(label, &["stats", "delays_few"]),
            strip_title: stats("strip_title"),
            services_left_out: stats("services_left_out"),
            quarter: stats("quarter"),
            triggers: TriggerLabels::read(label),
        }
    }

    /// The default theme's English labels (for tests).
    pub fn english() -> Self {
        Self::built_in(include_str!("../../themes/default/i18n/en.yaml"))
    }

    /// The default theme's French labels (for tests).
    pub fn french() -> Self {
        Self::built_in(include_str!("../../themes/default/i18n/fr.yaml"))
    }

    fn built_in(yaml: &str) -> Self {
        let labels: serde_json::Value = serde_yaml::from_str(yaml).unwrap_or_default();
        Self::read(&|path: &[&str]| {
            let mut value = &labels;
            for key in path {
                value = &value[*key];
            }
            value.as_str().unwrap_or_default().to_string()
        })
    }

    fn severity_label(&self, severity: Severity) -> &str {
        let i = Severity::ALL.iter().position(|&s| s == severity);
        i.map_or("", |i| &self.severity[i])
    }

    fn kind_label(&self, kind: Kind) -> &str {
        let i = Kind::ALL.iter().position(|&k| k == kind);
        i.map_or("", |i| &self.kind[i])
    }
}

/// The `stats` object of `stats.html`: every value already formatted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatsView {
    /// Headline cards: reports, total duration, total downtime, lost, resolution and total
    /// cost (only when some report gives a cost), share with user impact.
    pub figures: Vec<Figure>,
    /// Ongoing incidents, left out of the duration figures.
    pub ongoing: usize,
    /// The sentence saying so (`1 incident en cours, non compté dans les durées.`); empty
    /// when none is ongoing.
    pub ongoing_note: String,
    pub costs: Vec<CostRow>,
    pub downtime_not_given: Vec<LinkRow>,
    pub by_severity: Vec<SeverityRow>,
    pub by_type: Vec<TypeRow>,
    pub months: Vec<MonthRow>,
    /// Per month or quarter: reports by severity, downtime, costs; charts and rows newest first.
    pub trends: TrendsView,
    /// The years with reports, each with its quarters, for links to their pages.
    pub periods: Vec<PeriodLink>,
    /// The newest year, day by day; None without reports.
    pub calendar: Option<CalendarView>,
    /// Says how many incidents are older than the months (the series covers at most 50
    /// years); empty when none is.
    pub months_note: String,
    /// Formatted, or `—`.
    pub duration_median: String,
    pub duration_p90: String,
    /// N, the values below five, the histogram, the delay tables' fallback.
    pub durations: DurationsView,
    pub longest: Vec<LongestRow>,
    pub costliest: Vec<CostliestGroup>,
    pub charts: Charts,
    /// Time to detect, to mitigate, to resolve, in that order.
    pub time_metrics: Vec<TimeMetric>,
    pub actions: ActionsView,
    /// The services with the most downtime, at most [`super::SERVICES_SHOWN`].
    pub services: Vec<ServiceRow>,
    /// Says how many services there are when not all are shown; empty otherwise.
    pub services_note: String,
    /// The action items per quarter of their incident's start, newest first.
    pub actions_by_quarter: Vec<QuarterActionsRow>,
    /// What causes incidents: triggers, triggers by quarter, factors.
    pub triggers: TriggersView,
}

/// One time metric (time to detect, mitigate or resolve): overall, then per severity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimeMetric {
    /// `detect`, `mitigate`, `resolve`.
    pub key: String,
    pub title: String,
    /// The first row is every severity (`slug` empty), then the four severities.
    pub rows: Vec<TimeRow>,
}

/// A time metric over a group of reports, formatted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimeRow {
    /// Empty for every severity.
    pub slug: String,
    pub label: String,
    /// Reports counted, and left out (the point not given, or a date alone).
    pub counted: String,
    pub left_out: String,
    /// Formatted, or `—`.
    pub median: String,
    pub p90: String,
    /// The values listed instead of the median and p90 when fewer than five; else empty.
    pub values: String,
}

/// The action items' counts, formatted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionsView {
    pub open: String,
    pub done: String,
    /// Whether any report has action items.
    pub any: bool,
    /// Sorted by owner.
    pub owners: Vec<OwnerRow>,
    pub unassigned: OwnerRow,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OwnerRow {
    /// As written after `@`; empty for the unassigned items.
    pub owner: String,
    pub open: String,
    pub done: String,
}

/// A headline card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Figure {
    pub label: String,
    /// The values joined by ` + ` (costs in several currencies), as `incidex stats` prints it.
    pub value: String,
    /// The values one by one: the page keeps each whole on one line (a money amount never
    /// breaks before its currency) and wraps only between them.
    pub values: Vec<String>,
    /// May be empty.
    pub note: String,
}

/// The costs of one currency, formatted (`~` marks a figure that includes an approximate amount).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CostRow {
    pub currency: String,
    pub lost: String,
    pub resolution: String,
    pub total: String,
}

/// A link to an incident page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkRow {
    pub title: String,
    pub href: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeverityRow {
    pub slug: String,
    pub label: String,
    /// Formatted count.
    pub reports: String,
    pub duration: String,
    pub downtime: String,
    /// Formatted, or `—`.
    pub median: String,
    pub p90: String,
    /// Known durations (N of the median and p90).
    pub counted: String,
    /// The durations listed instead of the median and p90 when fewer than five; else empty.
    pub values: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TypeRow {
    pub slug: String,
    pub label: String,
    /// Formatted count.
    pub reports: String,
    pub duration: String,
    pub downtime: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthRow {
    /// `janv. 2025` / `Jan 2025`.
    pub label: String,
    /// Formatted count.
    pub reports: String,
    pub downtime: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LongestRow {
    pub title: String,
    pub href: String,
    pub duration: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CostliestGroup {
    pub currency: String,
    pub items: Vec<CostliestItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CostliestItem {
    pub title: String,
    pub href: String,
    pub total: String,
}

/// Inline SVG charts, trusted markup (`| safe`); empty strings when there are no reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Charts {
    pub by_severity_svg: String,
    pub by_type_svg: String,
    pub months_svg: String,
    /// The same charts laid out for a phone (`chart-narrow`): the page shows one of each pair.
    pub by_severity_narrow_svg: String,
    pub by_type_narrow_svg: String,
    pub months_narrow_svg: String,
}

const NONE: &str = "—";

/// Formats `stats` for the page. `href(slug)` gives the relative link to an incident page.
pub fn view(
    stats: &Stats,
    fmt: &Formatter,
    labels: &StatsLabels,
    href: &dyn Fn(&str) -> String,
) -> StatsView {
    let (services, services_note) = services(stats, fmt, labels);
    StatsView {
        figures: figures(stats, fmt, labels),
        ongoing: stats.ongoing,
        ongoing_note: ongoing_note(stats, fmt, labels),
        costs: stats
            .costs
            .iter()
            .map(|c| CostRow {
                currency: c.currency.clone(),
                lost: fmt.money(&c.lost, &c.currency, c.lost_approximate),
                resolution: fmt.money(&c.resolution, &c.currency, c.resolution_approximate),
                total: fmt.money(&c.total, &c.currency, c.approximate),
            })
            .collect(),
        downtime_not_given: stats
            .downtime
            .not_given
            .iter()
            .map(|r| LinkRow {
                title: r.title.clone(),
                href: href(&r.slug),
            })
            .collect(),
        by_severity: severity_rows(stats, fmt, labels),
        by_type: type_rows(stats, fmt, labels),
        months: stats
            .months
            .iter()
            .map(|m| MonthRow {
                label: fmt.month(m.year, m.month_of_year),
                reports: fmt.number(m.reports),
                downtime: fmt.duration(m.downtime_seconds),
            })
            .collect(),
        months_note: months_note(stats, fmt, labels),
        trends: trends_view(stats, fmt, labels),
        periods: period_links(stats, labels),
        calendar: calendar_view(
            &stats.calendar,
            fmt,
            &labels.calendar_title,
            &labels.severity,
            &labels.day_incidents,
        ),
        duration_median: optional(fmt, stats.duration.median_seconds),
        duration_p90: optional(fmt, stats.duration.p90_seconds),
        durations: durations_view(stats, fmt, labels),
        longest: stats
            .longest
            .iter()
            .map(|l| LongestRow {
                title: l.title.clone(),
                href: href(&l.slug),
                duration: fmt.duration(l.duration_seconds),
            })
            .collect(),
        costliest: costliest(stats, fmt, href),
        charts: charts(stats, fmt, labels),
        time_metrics: time_metrics(stats, fmt, labels),
        actions: actions(stats, fmt),
        services,
        services_note,
        actions_by_quarter: quarter_rows(stats, fmt, &labels.quarter),
        triggers: trigger_view(&stats.triggers, stats.reports, fmt, &labels.triggers),
    }
}

/// A link to a period's page: its label and its folder below `stats/`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeriodLink {
    pub label: String,
    pub folder: String,
    /// A year's quarters with reports.
    pub quarters: Vec<PeriodLink>,
}

/// The years of `stats.periods` with their quarters, oldest first.
pub fn period_links(stats: &Stats, labels: &StatsLabels) -> Vec<PeriodLink> {
    let mut years: Vec<PeriodLink> = Vec::new();
    for period in &stats.periods {
        let link = PeriodLink {
            label: period_label(period.which, labels),
            folder: period.which.folder(),
            quarters: Vec::new(),
        };
        match (period.which, years.last_mut()) {
            (Period::Quarter(..), Some(year)) => year.quarters.push(link),
            _ => years.push(link),
        }
    }
    years
}

/// The services shown, and the sentence saying how many there are when not all are.
fn services(stats: &Stats, fmt: &Formatter, labels: &StatsLabels) -> (Vec<ServiceRow>, String) {
    let (rows, total) = service_rows(stats, fmt, &labels.strip_title);
    let note = if total > rows.len() {
        labels
            .services_left_out
            .replace("{shown}", &fmt.number(rows.len()))
            .replace("{total}", &fmt.number(total))
    } else {
        String::new()
    };
    (rows, note)
}

/// A duration formatted, or `—` when there is none.
fn optional(fmt: &Formatter, seconds: Option<u64>) -> String {
    seconds.map_or(NONE.to_string(), |s| fmt.duration(s))
}

/// The sentence naming the ongoing incidents the durations leave out, or nothing.
fn ongoing_note(stats: &Stats, fmt: &Formatter, labels: &StatsLabels) -> String {
    if stats.ongoing > 0 {
        fmt.count(stats.ongoing, &labels.ongoing_note)
    } else {
        String::new()
    }
}

/// The total downtime; when ongoing incidents give none yet, it says it leaves them out
/// (`0 min + 1 en cours`).
fn total_downtime(stats: &Stats, fmt: &Formatter, labels: &StatsLabels) -> String {
    let total = fmt.duration(stats.downtime.total_seconds);
    match stats.downtime.ongoing_not_given {
        0 => total,
        n => fmt
            .count(n, &labels.ongoing_total)
            .replace("{total}", &total),
    }
}

/// The headline cards: reports, durations, the costs when some report gives one, the share
/// with user impact.
fn figures(stats: &Stats, fmt: &Formatter, labels: &StatsLabels) -> Vec<Figure> {
    let mut figures = vec![
        Figure::new(&labels.reports, vec![fmt.number(stats.reports)]),
        Figure::new(
            &labels.total_duration,
            vec![fmt.duration(stats.duration.total_seconds)],
        )
        .with_note(ongoing_note(stats, fmt, labels)),
        // `30 min + 1 en cours` as two values, so that the card may wrap before the `+`.
        Figure::new(
            &labels.total_downtime,
            total_downtime(stats, fmt, labels)
                .split(" + ")
                .map(str::to_string)
                .collect(),
        ),
    ];
    if !stats.costs.is_empty() {
        let each = |pick: &dyn Fn(&super::CurrencyCost) -> String| {
            stats.costs.iter().map(pick).collect::<Vec<_>>()
        };
        figures.push(Figure::new(
            &labels.lost,
            each(&|c| fmt.money(&c.lost, &c.currency, c.lost_approximate)),
        ));
        figures.push(Figure::new(
            &labels.resolution,
            each(&|c| fmt.money(&c.resolution, &c.currency, c.resolution_approximate)),
        ));
        figures.push(Figure::new(
            &labels.total_cost,
            each(&|c| fmt.money(&c.total, &c.currency, c.approximate)),
        ));
    }
    figures.push(
        Figure::new(
            &labels.impact_share,
            vec![fmt.percent(stats.user_impact.affected, stats.user_impact.reports)],
        )
        .with_note(format!(
            "{} / {}",
            fmt.number(stats.user_impact.affected),
            fmt.number(stats.user_impact.reports)
        )),
    );
    figures
}

impl Figure {
    fn new(label: &str, values: Vec<String>) -> Self {
        Figure {
            label: label.to_string(),
            value: values.join(" + "),
            values,
            note: String::new(),
        }
    }

    fn with_note(self, note: String) -> Self {
        Figure { note, ..self }
    }
}

fn severity_rows(stats: &Stats, fmt: &Formatter, labels: &StatsLabels) -> Vec<SeverityRow> {
    stats
        .by_severity
        .iter()
        .map(|s| SeverityRow {
            slug: s.slug.to_string(),
            label: labels.severity_label(s.severity).to_string(),
            reports: fmt.number(s.reports),
            duration: fmt.duration(s.duration_seconds),
            downtime: fmt.duration(s.downtime_seconds),
            median: optional(fmt, s.median_seconds),
            p90: optional(fmt, s.p90_seconds),
            counted: fmt.number(s.counted),
            values: listed(fmt, &s.values_seconds),
        })
        .collect()
}

fn type_rows(stats: &Stats, fmt: &Formatter, labels: &StatsLabels) -> Vec<TypeRow> {
    stats
        .by_type
        .iter()
        .map(|t| TypeRow {
            slug: t.slug.to_string(),
            label: labels.kind_label(t.kind).to_string(),
            reports: fmt.number(t.reports),
            duration: fmt.duration(t.duration_seconds),
            downtime: fmt.duration(t.downtime_seconds),
        })
        .collect()
}

/// The costliest incidents, by currency.
fn costliest(stats: &Stats, fmt: &Formatter, href: &dyn Fn(&str) -> String) -> Vec<CostliestGroup> {
    stats
        .costliest
        .iter()
        .map(|group| CostliestGroup {
            currency: group.currency.clone(),
            items: group
                .incidents
                .iter()
                .map(|i| CostliestItem {
                    title: i.title.clone(),
                    href: href(&i.slug),
                    total: fmt.money(&i.total, &group.currency, i.approximate),
                })
                .collect(),
        })
        .collect()
}

/// Time to detect, to mitigate, to resolve: each over every severity, then per severity.
fn time_metrics(stats: &Stats, fmt: &Formatter, labels: &StatsLabels) -> Vec<TimeMetric> {
    ["detect", "mitigate", "resolve"]
        .iter()
        .zip([
            &stats.time_to_detect,
            &stats.time_to_mitigate,
            &stats.time_to_resolve,
        ])
        .zip(&labels.time_to)
        .map(|((key, metric), title)| TimeMetric {
            key: key.to_string(),
            title: title.clone(),
            rows: std::iter::once(TimeRow {
                slug: String::new(),
                label: labels.all_severities.clone(),
                counted: fmt.number(metric.counted),
                left_out: fmt.number(metric.left_out),
                median: optional(fmt, metric.median_seconds),
                p90: optional(fmt, metric.p90_seconds),
                values: listed(fmt, &metric.values_seconds),
            })
            .chain(metric.by_severity.iter().map(|s| TimeRow {
                slug: s.slug.to_string(),
                label: labels.severity_label(s.severity).to_string(),
                counted: fmt.number(s.counted),
                left_out: fmt.number(s.left_out),
                median: optional(fmt, s.median_seconds),
                p90: optional(fmt, s.p90_seconds),
                values: listed(fmt, &s.values_seconds),
            }))
            .collect(),
        })
        .collect()
}

/// The action items' counts, in all and by owner.
fn actions(stats: &Stats, fmt: &Formatter) -> ActionsView {
    ActionsView {
        open: fmt.number(stats.actions.open),
        done: fmt.number(stats.actions.done),
        any: stats.actions.open + stats.actions.done > 0,
        owners: stats
            .actions
            .by_owner
            .iter()
            .map(|o| OwnerRow {
                owner: o.owner.clone(),
                open: fmt.number(o.open),
                done: fmt.number(o.done),
            })
            .collect(),
        unassigned: OwnerRow {
            owner: String::new(),
            open: fmt.number(stats.actions.unassigned.open),
            done: fmt.number(stats.actions.unassigned.done),
        },
    }
}

/// The sentence naming the incidents before the first month of the series, or nothing.
fn months_note(stats: &Stats, fmt: &Formatter, labels: &StatsLabels) -> String {
    match stats.months.first() {
        Some(first) if stats.before_months.reports > 0 => fmt
            .count(stats.before_months.reports, &labels.months_left_out)
            .replace("{month}", &fmt.month(first.year, first.month_of_year)),
        _ => String::new(),
    }
}

fn charts(stats: &Stats, fmt: &Formatter, labels: &StatsLabels) -> Charts {
    if stats.reports == 0 {
        return Charts {
            by_severity_svg: String::new(),
            by_type_svg: String::new(),
            months_svg: String::new(),
            by_severity_narrow_svg: String::new(),
            by_type_narrow_svg: String::new(),
            months_narrow_svg: String::new(),
        };
    }
    let severity_bars: Vec<charts::Bar> = stats
        .by_severity
        .iter()
        .map(|s| charts::Bar {
            label: labels.severity_label(s.severity).to_string(),
            value: s.reports,
            class: format!("bar sev-{}", s.slug),
        })
        .collect();
    let type_bars: Vec<charts::Bar> = stats
        .by_type
        .iter()
        .map(|t| charts::Bar {
            label: labels.kind_label(t.kind).to_string(),
            value: t.reports,
            class: format!("bar kind-{}", t.slug),
        })
        .collect();
    let severity = |layout| {
        charts::horizontal(
            &labels.severity_chart_title,
            "chart-severity",
            &severity_bars,
            fmt,
            layout,
        )
    };
    let types = |layout| {
        charts::horizontal(
            &labels.type_chart_title,
            "chart-type",
            &type_bars,
            fmt,
            layout,
        )
    };
    let months = |layout| charts::months(&labels.months_chart_title, &stats.months, fmt, layout);
    Charts {
        by_severity_svg: severity(charts::Layout::Wide),
        by_type_svg: types(charts::Layout::Wide),
        months_svg: months(charts::Layout::Wide),
        by_severity_narrow_svg: severity(charts::Layout::Narrow),
        by_type_narrow_svg: types(charts::Layout::Narrow),
        months_narrow_svg: months(charts::Layout::Narrow),
    }
}
