//! The `/actions/` page's context: the open action items of every report, by due date and by
//! owner (themes/default/README.md, `actions.html`).
//!
//! Due dates: an item states its own; else, when `action_due_days` gives a number of days for
//! its incident's severity, it is due that many days after the incident's start day (in the
//! site's time zone), and the page marks that date as a default one.
//!
//! Order: the earliest due date first (stated or default), items without one last; then the incident's start
//! (oldest first, then slug) and the item's place in the report. Owners are sorted like the
//! statistics' (case-insensitively, then as written). Nothing here depends on today's date:
//! each item carries `due_iso`, and the page's script marks the overdue ones in the reader's
//! browser, so that two builds of the same reports are byte-identical.

use std::collections::{BTreeMap, HashSet};

use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;
use serde_json::Value;

use chrono::Days;
use chrono_tz::Tz;

use crate::config::ActionDueDays;
use crate::format::Formatter;
use crate::incident::{ActionItem, Incident};
use crate::text::slugify;
use crate::values::Timestamp;

/// One open action item, formatted for the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionRow {
    /// The item's text as plain text (Markdown marks removed), owner and date included.
    pub text: String,
    /// As written after `@`, or empty.
    pub owner: String,
    /// Formatted (`5 nov. 2024`), or empty.
    pub due: String,
    /// `YYYY-MM-DD`, or empty.
    pub due_iso: String,
    /// The due date is the default one of `action_due_days`, not written in the report.
    pub due_default: bool,
    /// The report's title and the relative link to its Prévention section.
    pub incident: String,
    pub href: String,
    /// The report's path in the content folder and the item's line, to find it in the source.
    pub source: String,
    pub line: usize,
}

/// The open items of one owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OwnerGroup {
    /// As written after `@`; empty for the unassigned items.
    pub owner: String,
    /// An `id` for the owner's section, unique on the page (`owner-marie`).
    pub id: String,
    /// Formatted count of open items.
    pub count: String,
    pub items: Vec<ActionRow>,
}

/// The `actions` object of `actions.html`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionsContext {
    /// Formatted counts of open and done items.
    pub open: String,
    pub done: String,
    /// Every open item, by due date.
    pub items: Vec<ActionRow>,
    /// The owners with open items, each with its items by due date.
    pub owners: Vec<OwnerGroup>,
    /// The open items without an owner (`id` is `unassigned`); `items` may be empty.
    pub unassigned: OwnerGroup,
}

/// The context of the `/actions/` page. `href(slug)` gives the relative link to an incident
/// page, `title` an incident's title as the site shows it.
pub fn actions_context(
    incidents: &[&Incident],
    fmt: &Formatter,
    due_days: &ActionDueDays,
    href: &dyn Fn(&str) -> String,
    title: &dyn Fn(&Incident) -> String,
) -> Value {
    serde_json::to_value(actions(incidents, fmt, due_days, href, title)).unwrap_or(Value::Null)
}

/// An action item's due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueDate {
    pub date: NaiveDate,
    /// Given by `action_due_days`, not written in the report.
    pub default: bool,
}

/// The due date of `item` of `incident`: the one it states, else its incident's start day (in
/// the site's time zone `timezone`; a date alone is the day written) plus the days
/// `due_days` gives its severity; None when neither applies.
pub fn due_date(
    item: &ActionItem,
    incident: &Incident,
    due_days: &ActionDueDays,
    timezone: Tz,
) -> Option<DueDate> {
    if let Some(date) = item.due {
        return Some(DueDate {
            date,
            default: false,
        });
    }
    let days = due_days.of(incident.severity.value)?;
    let start = &incident.start.value;
    let day = if start.has_time {
        start.instant.with_timezone(&timezone).date_naive()
    } else {
        start.instant.date_naive()
    };
    let date = day.checked_add_days(Days::new(u64::from(days)))?;
    Some(DueDate {
        date,
        default: true,
    })
}

/// [`actions_context`] as a typed value.
pub fn actions(
    incidents: &[&Incident],
    fmt: &Formatter,
    due_days: &ActionDueDays,
    href: &dyn Fn(&str) -> String,
    title: &dyn Fn(&Incident) -> String,
) -> ActionsContext {
    let mut sorted: Vec<&Incident> = incidents.to_vec();
    sorted.sort_by(|a, b| Incident::chronological(a, b));
    let mut open: Vec<(&Incident, Option<DueDate>, &ActionItem)> = Vec::new();
    let mut done = 0;
    for incident in &sorted {
        for item in &incident.actions {
            if item.done {
                done += 1;
            } else {
                let due = due_date(item, incident, due_days, fmt.timezone);
                open.push((incident, due, item));
            }
        }
    }
    // Stable: within a due date (or none), the start order and the file order stay.
    open.sort_by_key(|(_, due, _)| (due.is_none(), due.map(|d| d.date)));

    let rows: Vec<(Option<&str>, ActionRow)> = open
        .iter()
        .map(|(incident, due, item)| {
            (
                item.owner.as_deref(),
                ActionRow {
                    text: crate::markdown::plain_text(&item.text).trim().to_string(),
                    owner: item.owner.clone().unwrap_or_default(),
                    due: due.map(|d| fmt.date(&day(d.date))).unwrap_or_default(),
                    due_iso: due
                        .map(|d| d.date.format("%Y-%m-%d").to_string())
                        .unwrap_or_default(),
                    due_default: due.is_some_and(|d| d.default),
                    incident: title(incident),
                    href: format!("{}#s-prevention", href(&incident.slug.value)),
                    source: crate::text::replace_unprintable(&incident.source.to_string_lossy())
                        .replace('\\', "/"),
                    line: item.span.line,
                },
            )
        })
        .collect();

    let mut by_owner: BTreeMap<(String, &str), Vec<ActionRow>> = BTreeMap::new();
    let mut unassigned = Vec::new();
    for (owner, row) in &rows {
        match owner {
            Some(owner) => by_owner
                .entry((owner.to_lowercase(), owner))
                .or_default()
                .push(row.clone()),
            None => unassigned.push(row.clone()),
        }
    }
    let mut ids: HashSet<String> = HashSet::from(["unassigned".to_string()]);
    let owners = by_owner
        .into_iter()
        .enumerate()
        .map(|(n, ((_, owner), items))| {
            let base = match slugify(owner) {
                s if s.is_empty() => format!("owner-{}", n + 1),
                s => format!("owner-{s}"),
            };
            let mut id = base.clone();
            let mut k = 2;
            while !ids.insert(id.clone()) {
                id = format!("{base}-{k}");
                k += 1;
            }
            OwnerGroup {
                owner: owner.to_string(),
                id,
                count: fmt.number(items.len()),
                items,
            }
        })
        .collect();

    ActionsContext {
        open: fmt.number(rows.len()),
        done: fmt.number(done),
        items: rows.into_iter().map(|(_, row)| row).collect(),
        owners,
        unassigned: OwnerGroup {
            owner: String::new(),
            id: "unassigned".to_string(),
            count: fmt.number(unassigned.len()),
            items: unassigned,
        },
    }
}

/// A day as a timestamp without a time, so that it is formatted as the date written.
fn day(date: NaiveDate) -> Timestamp {
    Timestamp {
        instant: date.and_time(NaiveTime::MIN).and_utc().fixed_offset(),
        has_time: false,
    }
}
