//! Trends: per month, or per quarter for an archive longer than three years, the reports by
//! severity, the downtime and the cost in each currency, over the months of the series.

use std::collections::BTreeMap;

use chrono_tz::Tz;
use rust_decimal::Decimal;
use serde::Serialize;

use super::tally::{add, month_of, severity_index};
use super::{MonthStats, decimal_string};
use crate::incident::{Incident, Severity};

/// Above this many months in the series, the trends go by quarter.
pub const MONTHS_BY_MONTH: usize = 36;

/// The trends of the archive, oldest period first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trends {
    /// `month` or `quarter`.
    pub unit: &'static str,
    pub periods: Vec<TrendPeriod>,
}

/// One month or quarter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendPeriod {
    /// `2025-01` or `2025-Q1`.
    pub period: String,
    pub reports: usize,
    /// All four severities, highest first.
    pub by_severity: Vec<SeverityCount>,
    /// The plain sum of the downtimes given.
    pub downtime_seconds: u64,
    /// Lost + resolution per currency with a cost in the period, by code.
    pub costs: Vec<PeriodCost>,
    /// The first month of the period and the number of months it covers, for labels.
    #[serde(skip)]
    pub first: (i32, u32),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeverityCount {
    pub slug: &'static str,
    pub reports: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodCost {
    pub currency: String,
    #[serde(serialize_with = "decimal_string")]
    pub total: Decimal,
    pub approximate: bool,
}

/// What a month, quarter or year gathers of its reports: counts by severity, the plain sum
/// of their downtimes, their costs per currency (the trends and the periods share it).
#[derive(Default)]
pub(super) struct Gathered {
    pub(super) reports: usize,
    by_severity: [usize; 4],
    pub(super) downtime: u64,
    costs: BTreeMap<String, (Decimal, bool)>,
}

impl Gathered {
    /// Counts `incident` in.
    pub(super) fn add(&mut self, incident: &Incident) {
        self.reports += 1;
        self.by_severity[severity_index(incident.severity.value)] += 1;
        let downtime = incident
            .cost
            .downtime
            .as_ref()
            .map_or(0, |d| d.value.seconds);
        self.downtime = self.downtime.saturating_add(downtime);
        for money in [&incident.cost.lost, &incident.cost.resolution]
            .into_iter()
            .flatten()
        {
            let entry = self
                .costs
                .entry(money.value.currency.clone())
                .or_insert((Decimal::ZERO, false));
            entry.0 = add(entry.0, money.value.amount);
            entry.1 |= money.value.approximate;
        }
    }

    /// The four severities' counts, highest first.
    pub(super) fn by_severity(&self) -> Vec<SeverityCount> {
        Severity::ALL
            .iter()
            .zip(self.by_severity)
            .map(|(s, reports)| SeverityCount {
                slug: s.slug(),
                reports,
            })
            .collect()
    }

    /// The currencies with a cost, by code.
    pub(super) fn costs(self) -> Vec<PeriodCost> {
        self.costs
            .into_iter()
            .filter(|(_, (total, _))| *total != Decimal::ZERO)
            .map(|(currency, (total, approximate))| PeriodCost {
                currency,
                total,
                approximate,
            })
            .collect()
    }
}

/// The trends of `sorted` (start order) over the months of the series `months`.
pub(super) fn trends(sorted: &[&Incident], months: &[MonthStats], timezone: Tz) -> Trends {
    let by_quarter = months.len() > MONTHS_BY_MONTH;
    let key = |(year, month): (i32, u32)| {
        if by_quarter {
            (year, (month - 1) / 3 * 3 + 1)
        } else {
            (year, month)
        }
    };
    // Every period of the series, empty ones included.
    let mut periods: BTreeMap<(i32, u32), Gathered> = months
        .iter()
        .map(|m| (key((m.year, m.month_of_year)), Gathered::default()))
        .collect();
    for incident in sorted {
        let Some(period) = periods.get_mut(&key(month_of(incident, timezone))) else {
            // Older than the series: counted in `before_months`, like the months.
            continue;
        };
        period.add(incident);
    }
    Trends {
        unit: if by_quarter { "quarter" } else { "month" },
        periods: periods
            .into_iter()
            .map(|((year, month), g)| period(year, month, by_quarter, g))
            .collect(),
    }
}

fn period(year: i32, month: u32, by_quarter: bool, g: Gathered) -> TrendPeriod {
    TrendPeriod {
        period: if by_quarter {
            format!("{year:04}-Q{}", (month - 1) / 3 + 1)
        } else {
            format!("{year:04}-{month:02}")
        },
        reports: g.reports,
        by_severity: g.by_severity(),
        downtime_seconds: g.downtime,
        costs: g.costs(),
        first: (year, month),
    }
}
