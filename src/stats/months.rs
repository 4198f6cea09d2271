//! The monthly series: at most [`MAX_MONTHS`] months ending with the newest incident's, and
//! what came before them.

use std::collections::BTreeMap;

use super::{EarlierIncidents, MAX_MONTHS, MonthStats};

/// The first month of the series: the first with reports, or the [`MAX_MONTHS`]th before the
/// last one (included) when that is later. `None` without reports.
pub(super) fn first_month_shown(months: &BTreeMap<(i32, u32), (usize, u64)>) -> Option<(i32, u32)> {
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
pub(super) fn before(
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
pub(super) fn month_span(
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
