//! The action items per quarter of their incident's start, counted by hand.

use super::*;
use crate::incident::ActionItem;

fn item(done: bool) -> ActionItem {
    ActionItem {
        text: "Do it".into(),
        done,
        owner: None,
        due: None,
        span: Span::default(),
    }
}

/// `done` done items and `open` open ones.
fn items(done: usize, open: usize) -> Vec<ActionItem> {
    let mut items = vec![item(true); done];
    items.extend(vec![item(false); open]);
    items
}

/// Six reports in Europe/Paris (UTC+1 in winter, +2 in summer), not in order.
fn archive() -> Vec<Incident> {
    vec![
        // 00:30 on 1 January 2025 in Paris (still 2024 in UTC): 2025-Q1. 1 done, 2 open.
        with(incident("new-year", "2024-12-31T23:30:00Z"), |i| {
            i.actions = items(1, 2);
        }),
        // A date alone, the last day of March: 2025-Q1. 2 done, 0 open.
        with(incident("end-of-march", "2025-03-31T00:00:00+02:00"), |i| {
            i.start.value.has_time = false;
            i.actions = items(2, 0);
        }),
        // 00:10 on 1 April in Paris (22:10 on 31 March in UTC): 2025-Q2. 0 done, 1 open.
        with(incident("april", "2025-03-31T22:10:00Z"), |i| {
            i.actions = items(0, 1);
        }),
        // 2024-Q4, 1 done, 1 open; and another 2024-Q4 report without items.
        with(incident("autumn", "2024-11-05T10:00:00Z"), |i| {
            i.actions = items(1, 1);
        }),
        incident("autumn-quiet", "2024-12-01T10:00:00Z"),
        // 2024-Q2 has items; 2024-Q3 has no report: it is not listed.
        with(incident("spring", "2024-05-15T10:00:00Z"), |i| {
            i.actions = items(3, 0);
        }),
    ]
}

#[test]
fn items_are_counted_per_quarter_of_the_start_in_the_site_time_zone() {
    let stats = stats_of(&archive(), Europe::Paris);
    let json = serde_json::to_value(&stats.actions_by_quarter).unwrap();
    // 2025-Q2: april (0 done + 1 open) = 1 opened.
    // 2025-Q1: new-year (1 + 2) and end-of-march (2 + 0): 3 done, 2 open, 5 opened.
    // 2024-Q4: autumn (1 + 1), autumn-quiet (none): 1 done, 1 open, 2 opened.
    // 2024-Q2: spring (3 + 0): 3 opened, 3 done.
    assert_eq!(
        json,
        json!([
            {"quarter": "2025-Q2", "opened": 1, "done": 0, "open": 1},
            {"quarter": "2025-Q1", "opened": 5, "done": 3, "open": 2},
            {"quarter": "2024-Q4", "opened": 2, "done": 1, "open": 1},
            {"quarter": "2024-Q2", "opened": 3, "done": 3, "open": 0},
        ])
    );
    // The totals agree with the overall counts: 11 items, 7 done, 4 open.
    assert_eq!((stats.actions.done, stats.actions.open), (7, 4));
}

#[test]
fn in_utc_the_reports_near_midnight_change_quarter() {
    let stats = stats_of(&archive(), UTC);
    let quarters: Vec<(&str, usize)> = stats
        .actions_by_quarter
        .iter()
        .map(|q| (q.quarter.as_str(), q.opened))
        .collect();
    // new-year (3 items) falls in 2024-Q4 with autumn (2): 5; april (1) in 2025-Q1 with
    // end-of-march (2, a date alone stays on its day): 3.
    assert_eq!(quarters, [("2025-Q1", 3), ("2024-Q4", 5), ("2024-Q2", 3)]);
}

#[test]
fn the_page_names_quarters_in_the_site_language() {
    let stats = stats_of(&archive(), Europe::Paris);
    let page = view(&stats, &french(), &StatsLabels::french(), &href);
    let rows: Vec<[&str; 4]> = page
        .actions_by_quarter
        .iter()
        .map(|r| [&*r.quarter, &*r.opened, &*r.done, &*r.open])
        .collect();
    assert_eq!(
        rows,
        [
            ["T2 2025", "1", "0", "1"],
            ["T1 2025", "5", "3", "2"],
            ["T4 2024", "2", "1", "1"],
            ["T2 2024", "3", "3", "0"],
        ]
    );
    let page = view(&stats, &english(), &StatsLabels::english(), &href);
    assert_eq!(page.actions_by_quarter[0].quarter, "Q2 2025");
    // No action item: no quarter.
    let stats = stats_of(&[incident("a", "2025-01-01T10:00:00Z")], Europe::Paris);
    assert!(stats.actions_by_quarter.is_empty());
}
