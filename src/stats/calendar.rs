//! A year at a glance: a calendar of the newest year with reports, each day coloured by the
//! highest severity of the incidents that started on it (site time zone), as inline SVG with a
//! title per day; one layout with the weeks as columns (wide), one with the weeks as rows
//! (phone). Classes only, every text escaped, like the other charts.

use std::fmt::Write;

use chrono::{Datelike, NaiveDate};
use chrono_tz::Tz;
use serde::Serialize;

use super::charts::{Layout, escape, titled};
use super::tally::{month_of, severity_index};
use crate::format::{Formatter, Plural};
use crate::incident::{Incident, Severity};

/// The days with reports of one year.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Calendar {
    pub year: i32,
    /// (day, reports, the highest severity's index), in day order.
    pub days: Vec<(NaiveDate, usize, usize)>,
}

/// The calendar of the newest year among `incidents` (empty without reports).
pub(super) fn calendar(incidents: &[&Incident], timezone: Tz) -> Calendar {
    let Some(year) = incidents.iter().map(|i| month_of(i, timezone).0).max() else {
        return Calendar::default();
    };
    let mut days: std::collections::BTreeMap<NaiveDate, (usize, usize)> = Default::default();
    for incident in incidents {
        let day = day_of(incident, timezone);
        if day.year() != year {
            continue;
        }
        let entry = days.entry(day).or_insert((0, usize::MAX));
        entry.0 += 1;
        entry.1 = entry.1.min(severity_index(incident.severity.value));
    }
    Calendar {
        year,
        days: days.into_iter().map(|(d, (n, s))| (d, n, s)).collect(),
    }
}

/// The day an incident started, in the site's time zone (a date alone on the day written).
fn day_of(incident: &Incident, timezone: Tz) -> NaiveDate {
    let start = &incident.start.value;
    if start.has_time {
        start.instant.with_timezone(&timezone).date_naive()
    } else {
        start.instant.date_naive()
    }
}

/// The calendar as drawn, for the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CalendarView {
    pub year: String,
    pub svg: String,
    pub narrow_svg: String,
}

/// The calendar drawn; `count` says how many incidents a day had.
pub(super) fn calendar_view(
    calendar: &Calendar,
    fmt: &Formatter,
    title: &str,
    severities: &[String; 4],
    count: &Plural,
) -> Option<CalendarView> {
    NaiveDate::from_ymd_opt(calendar.year, 1, 1)?;
    if calendar.days.is_empty() {
        return None;
    }
    let title = title.replace("{year}", &calendar.year.to_string());
    let draw = |layout| draw(calendar, fmt, &title, severities, count, layout);
    Some(CalendarView {
        year: calendar.year.to_string(),
        svg: draw(Layout::Wide),
        narrow_svg: draw(Layout::Narrow),
    })
}

/// A day's square and the room it takes, in SVG units (the phone's layout doubles both).
const CELL: i64 = 11;
const STEP: i64 = 13;

fn draw(
    calendar: &Calendar,
    fmt: &Formatter,
    title: &str,
    severities: &[String; 4],
    count: &Plural,
    layout: Layout,
) -> String {
    let first = NaiveDate::from_ymd_opt(calendar.year, 1, 1).unwrap_or_default();
    // Monday-first weeks; the first column holds the days of 1 January's week.
    let offset = i64::from(first.weekday().num_days_from_monday());
    let wide = layout == Layout::Wide;
    let (label_room, top) = if wide { (0, 16) } else { (40, 4) };
    let weeks = 54;
    let (step, cell) = if wide {
        (STEP, CELL)
    } else {
        (STEP * 2, CELL * 2)
    };
    let (width, height) = if wide {
        (weeks * step, top + 7 * step)
    } else {
        (label_room + 7 * step, top + weeks * step)
    };
    let class = if wide {
        "chart-calendar"
    } else {
        "chart-calendar chart-narrow"
    };
    let title_text = escape(title);
    let mut out = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg {class}" viewBox="0 0 {width} {height}" role="img" aria-label="{title_text}" font-size="11" font-family="system-ui, sans-serif" fill="currentColor"><title>{title_text}</title>"#
    );
    let mut days = calendar.days.iter().peekable();
    // Days without incidents: one path of squares (a title each would weigh a hundred times
    // more); days with incidents: a titled square each, drawn over.
    let mut empty = String::with_capacity(365 * 24);
    let mut marked = String::new();
    let mut day = first;
    while day.year() == calendar.year {
        let place = i64::from(day.ordinal0()) + offset;
        let (week, weekday) = (place / 7, place % 7);
        let (x, y) = if wide {
            (label_room + week * step, top + weekday * step)
        } else {
            (label_room + weekday * step, top + week * step)
        };
        if day.day() == 1 {
            month_label(&mut out, fmt, day.month(), wide, (x, y), top);
        }
        match days.peek() {
            Some((d, reports, severity)) if *d == day => {
                days.next();
                let slug = Severity::ALL.get(*severity).map_or("low", |s| s.slug());
                let mut what = fmt.count(*reports, count);
                if let Some(name) = severities.get(*severity) {
                    what = format!("{what} ({name})");
                }
                let _ = write!(
                    marked,
                    r#"<rect class="day sev-{slug}" x="{x}" y="{y}" width="{cell}" height="{cell}" rx="2"><title>{}</title></rect>"#,
                    escape(&titled(fmt, &fmt_day(fmt, day), &what))
                );
            }
            _ => {
                let _ = write!(empty, "M{x} {y}h{cell}v{cell}h-{cell}z");
            }
        }
        day = match day.succ_opt() {
            Some(next) => next,
            None => break,
        };
    }
    let _ = write!(out, r#"<path class="day" d="{empty}"/>"#);
    out.push_str(&marked);
    out.push_str("</svg>");
    out
}

/// A month's name beside its first day: above the columns (wide), left of the rows (phone).
fn month_label(
    out: &mut String,
    fmt: &Formatter,
    month: u32,
    wide: bool,
    (x, y): (i64, i64),
    top: i64,
) {
    let (lx, ly) = if wide { (x, top - 4) } else { (0, y + 16) };
    let _ = write!(
        out,
        r#"<text class="tick" x="{lx}" y="{ly}">{}</text>"#,
        escape(fmt.month_name(month))
    );
}

/// `15 janv. 2025` / `15 Jan 2025`.
fn fmt_day(fmt: &Formatter, day: NaiveDate) -> String {
    format!("{} {}", day.day(), fmt.month(day.year(), day.month()))
}
