//! Periods: each year and each quarter that has reports, with its figures and the previous
//! period of the same kind, for the period pages (`/stats/2025/`, `/stats/2025-q1/`) and
//! `incidex stats --period`.
//!
//! A report belongs to the period its start falls in, in the site's time zone (a date without
//! a time on the day written). `downtime_seconds` is the plain sum of the downtimes given, as
//! the headline total is. `previous` is the period just before of the same kind (2024 for 2025,
//! 2024-Q4 for 2025-Q1) when it has reports, else null.

use std::collections::BTreeMap;

use chrono_tz::Tz;
use serde::Serialize;

use super::tally::month_of;
use super::trends::{Gathered, PeriodCost, SeverityCount};
use crate::incident::Incident;

/// A year or a quarter; a year sorts before its quarters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    Year(i32),
    /// A year and its quarter, 1 to 4.
    Quarter(i32, u32),
}

impl Ord for Period {
    fn cmp(&self, other: &Period) -> std::cmp::Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Period) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Period {
    /// The year, then 0 for the year itself or the quarter.
    fn sort_key(self) -> (i32, u32) {
        match self {
            Period::Year(year) => (year, 0),
            Period::Quarter(year, quarter) => (year, quarter),
        }
    }

    /// `2025`, `2025-q1` or `2025-Q1` (any case, spaces around ignored).
    pub fn parse(text: &str) -> Option<Period> {
        let text = text.trim();
        match text.split_once(['-', ' ']) {
            None => text.parse().ok().map(Period::Year),
            Some((year, quarter)) => {
                let year = year.parse().ok()?;
                let quarter = quarter.strip_prefix(['q', 'Q', 't', 'T'])?.parse().ok()?;
                (1..=4)
                    .contains(&quarter)
                    .then_some(Period::Quarter(year, quarter))
            }
        }
    }

    /// The key in stats.json: `2025`, `2025-Q1`.
    pub fn key(self) -> String {
        match self {
            Period::Year(year) => format!("{year:04}"),
            Period::Quarter(year, quarter) => format!("{year:04}-Q{quarter}"),
        }
    }

    /// The folder of its page below `stats/`: `2025`, `2025-q1`.
    pub fn folder(self) -> String {
        self.key().to_lowercase()
    }

    /// The period before, of the same kind.
    pub fn previous(self) -> Period {
        match self {
            Period::Year(year) => Period::Year(year.saturating_sub(1)),
            Period::Quarter(year, 1) => Period::Quarter(year.saturating_sub(1), 4),
            Period::Quarter(year, quarter) => Period::Quarter(year, quarter - 1),
        }
    }

    /// The year and the quarter of a month.
    fn of_month((year, month): (i32, u32)) -> [Period; 2] {
        [
            Period::Year(year),
            Period::Quarter(year, (month - 1) / 3 + 1),
        ]
    }

    /// Whether `incident` belongs to this period.
    pub fn holds(self, incident: &Incident, timezone: Tz) -> bool {
        Period::of(incident, timezone).contains(&self)
    }

    /// The year and the quarter `incident` belongs to.
    pub fn of(incident: &Incident, timezone: Tz) -> [Period; 2] {
        Period::of_month(month_of(incident, timezone))
    }
}

/// The figures of one period, as `/stats.json` holds them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodStats {
    /// `2025` or `2025-Q1`.
    pub period: String,
    pub reports: usize,
    pub downtime_seconds: u64,
    /// All four severities, highest first.
    pub by_severity: Vec<SeverityCount>,
    /// Lost + resolution per currency with a cost in the period, by code.
    pub costs: Vec<PeriodCost>,
    /// The previous period of the same kind, when it has reports.
    pub previous: Option<String>,
    #[serde(skip)]
    pub which: Period,
}

/// Every year and quarter with reports among `incidents`, years before their quarters.
pub(super) fn periods(incidents: &[&Incident], timezone: Tz) -> Vec<PeriodStats> {
    let mut gathered: BTreeMap<Period, Gathered> = BTreeMap::new();
    for incident in incidents {
        for period in Period::of_month(month_of(incident, timezone)) {
            gathered.entry(period).or_default().add(incident);
        }
    }
    let with_reports: Vec<Period> = gathered.keys().copied().collect();
    gathered
        .into_iter()
        .map(|(which, g)| {
            let previous = which.previous();
            PeriodStats {
                period: which.key(),
                reports: g.reports,
                downtime_seconds: g.downtime,
                by_severity: g.by_severity(),
                costs: g.costs(),
                previous: with_reports
                    .binary_search(&previous)
                    .is_ok()
                    .then(|| previous.key()),
                which,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_read_written_and_followed() {
        assert_eq!(Period::parse("2025"), Some(Period::Year(2025)));
        assert_eq!(Period::parse(" 2025-q1 "), Some(Period::Quarter(2025, 1)));
        assert_eq!(Period::parse("2025-Q4"), Some(Period::Quarter(2025, 4)));
        assert_eq!(Period::parse("2025-T2"), Some(Period::Quarter(2025, 2)));
        assert_eq!(Period::parse("2025-Q5"), None);
        assert_eq!(Period::parse("2025-03"), None);
        assert_eq!(Period::parse("Q1"), None);
        assert_eq!(
            Period::Quarter(2025, 1).previous(),
            Period::Quarter(2024, 4)
        );
        assert_eq!(Period::Quarter(2025, 3).key(), "2025-Q3");
        assert_eq!(Period::Quarter(2025, 3).folder(), "2025-q3");
        assert_eq!(Period::Year(2025).previous().key(), "2024");
        // Years sort before their quarters, and the quarters in order.
        let mut all = vec![
            Period::Quarter(2025, 2),
            Period::Year(2025),
            Period::Quarter(2024, 4),
            Period::Quarter(2025, 1),
        ];
        all.sort();
        assert_eq!(
            all,
            [
                Period::Quarter(2024, 4),
                Period::Year(2025),
                Period::Quarter(2025, 1),
                Period::Quarter(2025, 2)
            ]
        );
    }
}
