//! The action items by quarter of their incident's start: how many each quarter's incidents
//! opened, how many are done and how many are still open.
//!
//! A quarter is that of the start in the site's time zone (a date written alone on the day
//! written). Only the quarters whose incidents have action items are listed, newest first:
//! the list grows with the reports, never with the years between them.

use std::collections::BTreeMap;

use chrono::Datelike;
use chrono_tz::Tz;
use serde::Serialize;

use super::Stats;
use crate::format::Formatter;
use crate::incident::Incident;

/// The action items of the incidents that started in one quarter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuarterActions {
    /// `2025-Q1`.
    pub quarter: String,
    /// Every item of those incidents: `done + open`.
    pub opened: usize,
    pub done: usize,
    pub open: usize,
    #[serde(skip)]
    pub year: i32,
    /// 1 to 4.
    #[serde(skip)]
    pub quarter_of_year: u32,
}

/// One quarter's row of the stats page, formatted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuarterActionsRow {
    /// `T1 2025` / `Q1 2025` (the `stats.quarter` label).
    pub quarter: String,
    pub opened: String,
    pub done: String,
    pub open: String,
}

/// The action items of `incidents` per quarter of their start in `timezone`, newest first.
pub(super) fn action_quarters(incidents: &[&Incident], timezone: Tz) -> Vec<QuarterActions> {
    let mut quarters: BTreeMap<(i32, u32), (usize, usize)> = BTreeMap::new();
    for incident in incidents.iter().filter(|i| !i.actions.is_empty()) {
        let start = &incident.start.value;
        let day = if start.has_time {
            start.instant.with_timezone(&timezone).date_naive()
        } else {
            start.instant.date_naive()
        };
        let counts = quarters
            .entry((day.year(), day.month0() / 3 + 1))
            .or_default();
        for item in &incident.actions {
            if item.done {
                counts.0 += 1;
            } else {
                counts.1 += 1;
            }
        }
    }
    quarters
        .into_iter()
        .rev()
        .map(|((year, quarter), (done, open))| QuarterActions {
            quarter: format!("{year:04}-Q{quarter}"),
            opened: done + open,
            done,
            open,
            year,
            quarter_of_year: quarter,
        })
        .collect()
}

/// The page's rows of [`Stats::actions_by_quarter`]; `label` names a quarter, with `{quarter}`
/// (1 to 4) and `{year}` replaced.
pub(super) fn quarter_rows(stats: &Stats, fmt: &Formatter, label: &str) -> Vec<QuarterActionsRow> {
    stats
        .actions_by_quarter
        .iter()
        .map(|q| QuarterActionsRow {
            quarter: label
                .replace("{quarter}", &q.quarter_of_year.to_string())
                .replace("{year}", &q.year.to_string()),
            opened: fmt.number(q.opened),
            done: fmt.number(q.done),
            open: fmt.number(q.open),
        })
        .collect()
}
