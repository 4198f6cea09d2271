//! The trends on the stats page: reports by severity as stacked columns and downtime as
//! columns, per month or quarter (the last [`CHART_PERIODS`]), and their table newest first.
//! Like the other charts: inline SVG, classes only, every text escaped, a title per column.

use std::fmt::Write;

use serde::Serialize;

use super::charts::{Layout, escape, titled};
use super::tally::severity_index;
use super::view::StatsLabels;
use super::{Stats, TrendPeriod, cents, from_cents};
use crate::format::Formatter;
use crate::incident::Severity;

/// The most periods a trend chart draws (the newest); the table has them all.
pub const CHART_PERIODS: usize = 40;

/// The trends' part of the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrendsView {
    /// `month` or `quarter`.
    pub unit: String,
    /// Every period, newest first.
    pub rows: Vec<TrendRow>,
    /// The currencies of the cost columns, by code.
    pub currencies: Vec<String>,
    pub severity_svg: String,
    pub severity_narrow_svg: String,
    pub downtime_svg: String,
    pub downtime_narrow_svg: String,
    /// The cost per period, one chart per currency (of `currencies`).
    pub cost_charts: Vec<CostChart>,
}

/// The cost per period in one currency, as columns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CostChart {
    pub currency: String,
    pub svg: String,
    pub narrow_svg: String,
}

/// One period, formatted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrendRow {
    /// `janv. 2025`, `T1 2025` / `Jan 2025`, `Q1 2025`.
    pub label: String,
    pub reports: String,
    /// The four severities, highest first.
    pub by_severity: Vec<String>,
    pub downtime: String,
    /// One per currency of [`TrendsView::currencies`]; empty when none.
    pub costs: Vec<String>,
    /// No report in the period.
    pub empty: bool,
}

/// One column of a chart: its stacked parts (value, class, title), its label.
struct Column {
    label: String,
    /// The year of the column, written under the first column and under each that starts a year.
    year: i32,
    starts_year: bool,
    parts: Vec<(u64, String, String)>,
}

/// The trends of `stats`, formatted.
pub(super) fn trends_view(stats: &Stats, fmt: &Formatter, labels: &StatsLabels) -> TrendsView {
    let by_quarter = stats.trends.unit == "quarter";
    let currencies: Vec<String> = stats.costs.iter().map(|c| c.currency.clone()).collect();
    let rows = stats
        .trends
        .periods
        .iter()
        .rev()
        .map(|p| TrendRow {
            label: period_label(p, by_quarter, fmt, labels),
            reports: fmt.number(p.reports),
            by_severity: p
                .by_severity
                .iter()
                .map(|s| fmt.number(s.reports))
                .collect(),
            downtime: fmt.duration(p.downtime_seconds),
            costs: currencies
                .iter()
                .map(|c| {
                    p.costs
                        .iter()
                        .find(|cost| &cost.currency == c)
                        .map(|cost| fmt.money(&cost.total, c, cost.approximate))
                        .unwrap_or_default()
                })
                .collect(),
            empty: p.reports == 0,
        })
        .collect();
    let shown = &stats.trends.periods[stats.trends.periods.len().saturating_sub(CHART_PERIODS)..];
    let severity_columns: Vec<Column> = shown
        .iter()
        .map(|p| severity_column(p, by_quarter, fmt, labels))
        .collect();
    let count = |n: u64| fmt.number(n as usize);
    let duration = |n: u64| fmt.duration(n);
    let single =
        |class: &str, value: &dyn Fn(&TrendPeriod) -> u64, show: &dyn Fn(u64) -> String| {
            single_columns(shown, (by_quarter, fmt, labels), class, value, show)
        };
    let downtime_columns = single("bar downtime", &|p| p.downtime_seconds, &duration);
    let chart = |title: &str, class: &str, columns: &[Column], scale: &dyn Fn(u64) -> String| {
        if stats.reports == 0 {
            return [String::new(), String::new()];
        }
        [Layout::Wide, Layout::Narrow]
            .map(|layout| columns_chart(title, class, columns, scale, layout))
    };
    let [severity_svg, severity_narrow_svg] = chart(
        &labels.trend_severity_title,
        "chart-trend-severity",
        &severity_columns,
        &count,
    );
    let [downtime_svg, downtime_narrow_svg] = chart(
        &labels.trend_downtime_title,
        "chart-trend-downtime",
        &downtime_columns,
        &duration,
    );
    // One chart per currency, in cents (exact), drawn as amounts.
    let cost_charts = currencies
        .iter()
        .map(|currency| {
            let cents = |p: &TrendPeriod| {
                let total = p.costs.iter().find(|c| &c.currency == currency);
                total.map_or(0, |c| u64::try_from(cents(c.total)).unwrap_or(u64::MAX))
            };
            let money = |n: u64| fmt.money(&from_cents(n.into()), currency, false);
            let columns = single("bar cost", &cents, &money);
            let title = labels.trend_cost_title.replace("{currency}", currency);
            let [svg, narrow_svg] = chart(&title, "chart-trend-cost", &columns, &money);
            CostChart {
                currency: currency.clone(),
                svg,
                narrow_svg,
            }
        })
        .collect();
    TrendsView {
        unit: stats.trends.unit.to_string(),
        rows,
        cost_charts,
        currencies,
        severity_svg,
        severity_narrow_svg,
        downtime_svg,
        downtime_narrow_svg,
    }
}

/// One column of one part per period of `shown`: `value` of the period, titled with `show`.
fn single_columns(
    shown: &[TrendPeriod],
    (by_quarter, fmt, labels): (bool, &Formatter, &StatsLabels),
    class: &str,
    value: &dyn Fn(&TrendPeriod) -> u64,
    show: &dyn Fn(u64) -> String,
) -> Vec<Column> {
    shown
        .iter()
        .map(|p| {
            let label = period_label(p, by_quarter, fmt, labels);
            Column {
                label: short_label(p, by_quarter, fmt),
                year: p.first.0,
                starts_year: p.first.1 == 1,
                parts: vec![(value(p), class.into(), titled(fmt, &label, &show(value(p))))],
            }
        })
        .collect()
}

fn severity_column(
    p: &TrendPeriod,
    by_quarter: bool,
    fmt: &Formatter,
    labels: &StatsLabels,
) -> Column {
    let label = period_label(p, by_quarter, fmt, labels);
    // The lowest severity at the bottom, critical on top.
    let parts = Severity::ALL
        .iter()
        .rev()
        .map(|&severity| {
            let reports = p.by_severity[severity_index(severity)].reports;
            let what = format!("{label}, {}", labels.severity[severity_index(severity)]);
            (
                reports as u64,
                format!("bar sev-{}", severity.slug()),
                titled(fmt, &what, &fmt.number(reports)),
            )
        })
        .collect();
    Column {
        label: short_label(p, by_quarter, fmt),
        year: p.first.0,
        starts_year: p.first.1 == 1,
        parts,
    }
}

/// `janv. 2025` or `T1 2025` (`Q1 2025`).
fn period_label(
    p: &TrendPeriod,
    by_quarter: bool,
    fmt: &Formatter,
    labels: &StatsLabels,
) -> String {
    let (year, month) = p.first;
    if by_quarter {
        labels
            .quarter
            .replace("{quarter}", &((month - 1) / 3 + 1).to_string())
            .replace("{year}", &year.to_string())
    } else {
        fmt.month(year, month)
    }
}

/// The label under a column: the month's name, or `T1` / `Q1`.
fn short_label(p: &TrendPeriod, by_quarter: bool, fmt: &Formatter) -> String {
    let (_, month) = p.first;
    if by_quarter {
        let letter = if fmt.language == crate::config::Language::French {
            'T'
        } else {
            'Q'
        };
        format!("{letter}{}", (month - 1) / 3 + 1)
    } else {
        fmt.month_name(month).to_string()
    }
}

/// Columns of stacked parts, the largest total at the top of the scale (`scale` writes it),
/// labels under the columns when there is room, years under their first column.
fn columns_chart(
    title: &str,
    class: &str,
    columns: &[Column],
    scale: &dyn Fn(u64) -> String,
    layout: Layout,
) -> String {
    let (width, left, plot, bottom) = match layout {
        Layout::Wide => (720.0, 64.0, 180.0, 40.0),
        Layout::Narrow => (340.0, 56.0, 140.0, 40.0),
    };
    let top = 22.0;
    let right = 8.0;
    let slot = (width - left - right) / columns.len().max(1) as f64;
    let max = columns
        .iter()
        .map(|c| c.parts.iter().map(|p| p.0).sum::<u64>())
        .max()
        .unwrap_or(0);
    let baseline = top + plot;
    let root = match layout {
        Layout::Wide => class.to_string(),
        Layout::Narrow => format!("{class} chart-narrow"),
    };
    let title = escape(title);
    let mut out = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg {root}" viewBox="0 0 {width} {}" role="img" aria-label="{title}" font-size="13" font-family="system-ui, sans-serif" fill="currentColor"><title>{title}</title>"#,
        top + plot + bottom
    );
    let _ = write!(
        out,
        r#"<line class="grid" x1="{left}" y1="{top}" x2="{}" y2="{top}" stroke="currentColor" stroke-opacity="0.25"/><text class="tick" x="{}" y="{top}" dy="0.35em" text-anchor="end">{}</text><text class="tick" x="{}" y="{baseline}" dy="0.35em" text-anchor="end">0</text>"#,
        width - right,
        left - 6.0,
        escape(&scale(max)),
        left - 6.0
    );
    let bar = (slot * 0.75).min(40.0);
    let names = slot >= 30.0;
    let mut last_year_x = f64::NEG_INFINITY;
    for (i, column) in columns.iter().enumerate() {
        let center = left + slot * (i as f64 + 0.5);
        let mut y = baseline;
        for (value, class, part_title) in &column.parts {
            if *value == 0 || max == 0 {
                continue;
            }
            let height = (*value as f64 / max as f64 * plot).max(1.0);
            y -= height;
            let _ = write!(
                out,
                r#"<rect class="{class}" x="{:.1}" y="{y:.1}" width="{bar:.1}" height="{height:.1}"><title>{}</title></rect>"#,
                center - bar / 2.0,
                escape(part_title)
            );
        }
        if names {
            let _ = write!(
                out,
                r#"<text class="tick" x="{center:.1}" y="{}" text-anchor="middle">{}</text>"#,
                baseline + 16.0,
                escape(&column.label)
            );
        }
        let x = left + slot * i as f64;
        if (i == 0 || column.starts_year) && x - last_year_x >= 40.0 {
            last_year_x = x;
            let _ = write!(
                out,
                r#"<text class="tick year" x="{:.1}" y="{}">{}</text>"#,
                x + 2.0,
                baseline + 34.0,
                column.year
            );
        }
    }
    let _ = write!(
        out,
        r#"<line class="axis" x1="{left}" y1="{baseline}" x2="{}" y2="{baseline}" stroke="currentColor"/></svg>"#,
        width - right
    );
    out
}
