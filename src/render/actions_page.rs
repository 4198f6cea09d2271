//! The `/actions/` page's context: the open action items of every report, by due date and by
//! owner (themes/default/README.md, `actions.html`).
//!
//! Order: the earliest due date first, items without one last; then the incident's start
//! (oldest first, then slug) and the item's place in the report. Owners are sorted like the
//! statistics' (case-insensitively, then as written). Nothing here depends on today's date:
//! each item carries `due_iso`, and the page's script marks the overdue ones in the reader's
//! browser, so that two builds of the same reports are byte-identical.

use std::collections::{BTreeMap, HashSet};

use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;
use serde_json::Value;

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
    href: &dyn Fn(&str) -> String,
    title: &dyn Fn(&Incident) -> String,
) -> Value {
    serde_json::to_value(actions(incidents, fmt, href, title)).unwrap_or(Value::Null)
}

/// [`actions_context`] as a typed value.
pub fn actions(
    incidents: &[&Incident],
    fmt: &Formatter,
    href: &dyn Fn(&str) -> String,
    title: &dyn Fn(&Incident) -> String,
) -> ActionsContext {
    let mut sorted: Vec<&Incident> = incidents.to_vec();
    sorted.sort_by(|a, b| Incident::chronological(a, b));
    let mut open: Vec<(&Incident, usize, &ActionItem)> = Vec::new();
    let mut done = 0;
    for incident in &sorted {
        for (index, item) in incident.actions.iter().enumerate() {
            if item.done {
                done += 1;
            } else {
                open.push((incident, index, item));
            }
        }
    }
    // Stable: within a due date (or none), the start order and the file order stay.
    open.sort_by_key(|(_, _, item)| (item.due.is_none(), item.due));

    let rows: Vec<(Option<&str>, ActionRow)> = open
        .iter()
        .map(|(incident, _, item)| {
            (
                item.owner.as_deref(),
                ActionRow {
                    text: crate::markdown::plain_text(&item.text).trim().to_string(),
                    owner: item.owner.clone().unwrap_or_default(),
                    due: item.due.map(|d| fmt.date(&day(d))).unwrap_or_default(),
                    due_iso: item
                        .due
                        .map(|d| d.format("%Y-%m-%d").to_string())
                        .unwrap_or_default(),
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
