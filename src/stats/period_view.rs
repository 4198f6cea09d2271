//! A period's comparison with the one before, in words and figures: reports, downtime, cost
//! per currency and reports per severity, with both Ns. No percentage when either N is below
//! [`super::FEW`] (a change between small counts says little), and no arrows anywhere.

use serde::Serialize;

use super::view::StatsLabels;
use super::{FEW, Period, PeriodStats, cents, from_cents};
use crate::format::Formatter;
use crate::incident::Severity;

/// A period page's comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeriodView {
    /// `2025-Q1`.
    pub key: String,
    /// `T1 2025` / `Q1 2025`, or `2025`.
    pub label: String,
    /// The previous period's label, even when it has no reports.
    pub previous_label: String,
    /// Whether the previous period has reports: without, there is nothing to compare.
    pub compared: bool,
    /// A quarter (not a year): its page has no calendar of the year.
    pub is_quarter: bool,
    pub rows: Vec<ComparisonRow>,
}

/// One figure of a period against the previous one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComparisonRow {
    pub label: String,
    /// A severity's slug for its badge; empty otherwise.
    pub slug: String,
    pub now: String,
    pub before: String,
    /// `4 de plus (+50 %)`, `2 de moins`, `autant` / `4 more (+50%)`, `2 less`, `the same`.
    pub difference: String,
}

/// A period's label: `2025`, `T1 2025` / `Q1 2025`.
pub fn period_label(period: Period, labels: &StatsLabels) -> String {
    match period {
        Period::Year(year) => year.to_string(),
        Period::Quarter(year, quarter) => labels
            .quarter
            .replace("{quarter}", &quarter.to_string())
            .replace("{year}", &year.to_string()),
    }
}

/// `this` against `before` (the previous period of its kind; None when it has no reports).
pub fn period_view(
    this: &PeriodStats,
    before: Option<&PeriodStats>,
    fmt: &Formatter,
    labels: &StatsLabels,
) -> PeriodView {
    let empty = PeriodStats {
        period: String::new(),
        reports: 0,
        downtime_seconds: 0,
        by_severity: Vec::new(),
        costs: Vec::new(),
        previous: None,
        which: this.which.previous(),
    };
    let prior = before.unwrap_or(&empty);
    // Percentages only between two periods of at least FEW reports each.
    let percent = this.reports >= FEW && prior.reports >= FEW;
    let words = |now: u128, was: u128, show: &dyn Fn(u128) -> String| {
        difference(now, was, percent, show, fmt, labels)
    };
    let count = |n: u128| fmt.number(n as usize);
    let mut rows = vec![ComparisonRow {
        label: labels.reports.clone(),
        slug: String::new(),
        now: fmt.number(this.reports),
        before: fmt.number(prior.reports),
        difference: words(this.reports as u128, prior.reports as u128, &count),
    }];
    let duration = |n: u128| fmt.duration(u64::try_from(n).unwrap_or(u64::MAX));
    rows.push(ComparisonRow {
        label: labels.total_downtime.clone(),
        slug: String::new(),
        now: fmt.duration(this.downtime_seconds),
        before: fmt.duration(prior.downtime_seconds),
        difference: words(
            this.downtime_seconds.into(),
            prior.downtime_seconds.into(),
            &duration,
        ),
    });
    rows.extend(cost_rows(this, prior, percent, fmt, labels));
    for (n, severity) in Severity::ALL.iter().enumerate() {
        let of = |p: &PeriodStats| p.by_severity.get(n).map_or(0, |s| s.reports);
        rows.push(ComparisonRow {
            label: labels.severity[n].clone(),
            slug: severity.slug().to_string(),
            now: fmt.number(of(this)),
            before: fmt.number(of(prior)),
            difference: words(of(this) as u128, of(prior) as u128, &count),
        });
    }
    PeriodView {
        key: this.period.clone(),
        label: period_label(this.which, labels),
        previous_label: period_label(this.which.previous(), labels),
        compared: before.is_some(),
        is_quarter: matches!(this.which, Period::Quarter(..)),
        rows,
    }
}

/// The cost of each currency of either period, in cents (exact), compared.
fn cost_rows(
    this: &PeriodStats,
    prior: &PeriodStats,
    percent: bool,
    fmt: &Formatter,
    labels: &StatsLabels,
) -> Vec<ComparisonRow> {
    let mut currencies: Vec<&str> = this
        .costs
        .iter()
        .chain(&prior.costs)
        .map(|c| c.currency.as_str())
        .collect();
    currencies.sort_unstable();
    currencies.dedup();
    currencies
        .into_iter()
        .map(|currency| {
            let of = |p: &PeriodStats| {
                p.costs
                    .iter()
                    .find(|c| c.currency == currency)
                    .map_or((rust_decimal::Decimal::ZERO, false), |c| {
                        (c.total, c.approximate)
                    })
            };
            let ((now, now_approx), (was, was_approx)) = (of(this), of(prior));
            let show = |c: u128| fmt.money(&from_cents(c), currency, now_approx || was_approx);
            ComparisonRow {
                label: format!("{} ({currency})", labels.total_cost),
                slug: String::new(),
                now: fmt.money(&now, currency, now_approx),
                before: fmt.money(&was, currency, was_approx),
                difference: difference(cents(now), cents(was), percent, &show, fmt, labels),
            }
        })
        .collect()
}

/// `now` against `was` in words: `{value} de plus` with the percentage when asked and `was` is
/// not zero, `{value} de moins`, or `autant`.
fn difference(
    now: u128,
    was: u128,
    percent: bool,
    show: &dyn Fn(u128) -> String,
    fmt: &Formatter,
    labels: &StatsLabels,
) -> String {
    if now == was {
        return labels.same.clone();
    }
    let (pattern, gap, sign) = if now > was {
        (&labels.more, now - was, '+')
    } else {
        (&labels.less, was - now, '−')
    };
    let mut text = pattern.replace("{value}", &show(gap));
    if percent && was > 0 {
        let share = fmt.share(gap as f64 / was as f64);
        text.push_str(&format!(" ({sign}{share})"));
    }
    text
}
