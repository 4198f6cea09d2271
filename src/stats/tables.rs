//! The archive's statistics as text for the terminal: aligned tables in the site's language
//! (`incidex stats` prints them).

use super::{PeriodView, Stats, StatsLabels, StatsView, view};
use crate::format::Formatter;

/// The tables of `stats`, in the words `label` gives (the theme's labels).
pub fn text(stats: &Stats, fmt: &Formatter, label: &dyn Fn(&[&str]) -> String) -> String {
    let labels = StatsLabels::read(label);
    let page = view(stats, fmt, &labels, &|_| String::new());
    tables(&page, label)
}

/// A period's comparison with the previous one, then the tables of its own `stats`.
pub fn period_text(
    period: &PeriodView,
    stats: &Stats,
    fmt: &Formatter,
    label: &dyn Fn(&[&str]) -> String,
) -> String {
    let t = |key: &str| label(&["stats_page", key]);
    let title = t("compared_with").replace("{previous}", &period.previous_label);
    let mut out = format!("{}\n\n", period.label);
    if period.compared {
        let mut table = Table::new(
            title,
            vec![
                String::new(),
                period.label.clone(),
                period.previous_label.clone(),
                t("difference"),
            ],
        );
        for row in &period.rows {
            table.rows.push(vec![
                row.label.clone(),
                row.now.clone(),
                row.before.clone(),
                row.difference.clone(),
            ]);
        }
        table.write(&mut out);
    } else {
        let nothing = t("nothing_to_compare").replace("{previous}", &period.previous_label);
        out.push_str(&format!("{title}\n  {nothing}\n\n"));
    }
    out.push_str(&text(stats, fmt, label));
    out
}

/// A table of text cells: the first column left-aligned, the others right-aligned (figures).
struct Table {
    title: String,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    /// Columns aligned on the left besides the first.
    left: usize,
}

impl Table {
    fn new(title: String, header: Vec<String>) -> Self {
        Table {
            title,
            header,
            rows: Vec::new(),
            left: 1,
        }
    }

    fn write(&self, out: &mut String) {
        let width = |s: &str| s.chars().count();
        let columns = self.header.len();
        let mut widths: Vec<usize> = self.header.iter().map(|h| width(h)).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate().take(columns) {
                widths[i] = widths[i].max(width(cell));
            }
        }
        out.push_str(&self.title);
        out.push('\n');
        let line = |cells: &[String], out: &mut String| {
            let mut text = String::new();
            for (i, cell) in cells.iter().enumerate().take(columns) {
                if i > 0 {
                    text.push_str("  ");
                }
                let pad = " ".repeat(widths[i] - width(cell));
                if i < self.left {
                    text.push_str(cell);
                    text.push_str(&pad);
                } else {
                    text.push_str(&pad);
                    text.push_str(cell);
                }
            }
            out.push_str("  ");
            out.push_str(text.trim_end());
            out.push('\n');
        };
        if self.header.iter().any(|h| !h.is_empty()) {
            line(&self.header, out);
            let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
            line(&rule, out);
        }
        for row in &self.rows {
            line(row, out);
        }
        out.push('\n');
    }
}

/// Every table of `incidex stats`, from the stats page's formatted values.
fn tables(page: &StatsView, label: &dyn Fn(&[&str]) -> String) -> String {
    let t = |key: &str| label(&["stats_page", key]);
    let mut out = String::new();
    figures(page, &t).write(&mut out);
    by_severity(page, &t).write(&mut out);
    by_type(page, &t).write(&mut out);
    let costs = costs(page, &t, label);
    if costs.rows.is_empty() {
        out.push_str(&format!("{}\n  {}\n\n", costs.title, t("none")));
    } else {
        costs.write(&mut out);
    }
    if !page.services.is_empty() {
        services(page, &t).write(&mut out);
    }
    if page.triggers.any {
        triggers(page, &t).write(&mut out);
    }
    if page.durations.delays_note.is_empty() {
        timeline(page, &t).write(&mut out);
    } else {
        let note = &page.durations.delays_note;
        let example = t("delays_example");
        out.push_str(&format!("{}\n  {note} {example}\n\n", t("timeline")));
    }
    actions(page, &t).write(&mut out);
    // One blank line between tables, none at the end.
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// A median and a p90, or the values themselves in their place when there are few.
fn spread(median: &str, p90: &str, values: &str) -> [String; 2] {
    if values.is_empty() {
        [median.to_string(), p90.to_string()]
    } else {
        [values.to_string(), String::new()]
    }
}

/// The archive's figures, then the duration median and 90th percentile.
fn figures(page: &StatsView, t: &dyn Fn(&str) -> String) -> Table {
    let mut figures = Table::new(t("figures"), vec![String::new(), String::new()]);
    for figure in &page.figures {
        let value = if figure.note.is_empty() {
            figure.value.clone()
        } else {
            format!("{} ({})", figure.value, figure.note)
        };
        figures.rows.push(vec![figure.label.clone(), value]);
    }
    let n = format!("(N = {})", page.durations.counted);
    if page.durations.values.is_empty() {
        let median = format!("{} {n}", page.duration_median);
        figures.rows.push(vec![t("median"), median]);
        let p90 = format!("{} {n}", page.duration_p90);
        figures.rows.push(vec![t("p90"), p90]);
    } else {
        let values = format!("{} {n}", page.durations.values);
        figures.rows.push(vec![t("known_durations"), values]);
    }
    figures.rows.push(vec![
        t("downtime_not_given"),
        page.downtime_not_given.len().to_string(),
    ]);
    figures.left = 2;
    figures
}

fn by_severity(page: &StatsView, t: &dyn Fn(&str) -> String) -> Table {
    let mut severity = Table::new(
        t("by_severity"),
        vec![
            t("severity"),
            t("reports"),
            t("duration"),
            t("downtime"),
            "N".to_string(),
            t("median_short"),
            t("p90_short"),
        ],
    );
    for row in &page.by_severity {
        let [median, p90] = spread(&row.median, &row.p90, &row.values);
        severity.rows.push(vec![
            row.label.clone(),
            row.reports.clone(),
            row.duration.clone(),
            row.downtime.clone(),
            row.counted.clone(),
            median,
            p90,
        ]);
    }
    severity
}

fn by_type(page: &StatsView, t: &dyn Fn(&str) -> String) -> Table {
    let mut kind = Table::new(
        t("by_type"),
        vec![t("type"), t("reports"), t("duration"), t("downtime")],
    );
    for row in &page.by_type {
        kind.rows.push(vec![
            row.label.clone(),
            row.reports.clone(),
            row.duration.clone(),
            row.downtime.clone(),
        ]);
    }
    kind
}

/// The costs per currency (no row when no report has a cost).
fn costs(page: &StatsView, t: &dyn Fn(&str) -> String, label: &dyn Fn(&[&str]) -> String) -> Table {
    let mut costs = Table::new(
        t("costs"),
        vec![
            t("currency"),
            label(&["stats", "lost"]),
            label(&["stats", "resolution"]),
            label(&["stats", "total_cost"]),
        ],
    );
    for row in &page.costs {
        costs.rows.push(vec![
            row.currency.clone(),
            row.lost.clone(),
            row.resolution.clone(),
            row.total.clone(),
        ]);
    }
    costs
}

/// The services with the most downtime: objective, downtime, the newest month's availability.
fn services(page: &StatsView, t: &dyn Fn(&str) -> String) -> Table {
    let newest = page
        .services
        .first()
        .and_then(|s| s.months.first())
        .map(|m| m.month.clone())
        .unwrap_or_default();
    let mut table = Table::new(
        t("services"),
        vec![
            t("service"),
            t("objective"),
            t("downtime"),
            format!("{} ({newest})", t("availability")),
        ],
    );
    for service in &page.services {
        table.rows.push(vec![
            service.name.clone(),
            if service.slo.is_empty() {
                "—".to_string()
            } else {
                service.slo.clone()
            },
            service.downtime.clone(),
            service
                .months
                .first()
                .map(|m| m.availability.clone())
                .unwrap_or_default(),
        ]);
    }
    table
}

/// The triggers: reports, share of all reports, downtime; then the reports giving none.
fn triggers(page: &StatsView, t: &dyn Fn(&str) -> String) -> Table {
    let mut table = Table::new(
        t("triggers"),
        vec![t("trigger"), t("reports"), String::new(), t("downtime")],
    );
    for row in page.triggers.rows.iter().chain([&page.triggers.not_given]) {
        table.rows.push(vec![
            row.label.clone(),
            row.reports.clone(),
            row.share.clone(),
            row.downtime.clone(),
        ]);
    }
    table
}

/// The times of the timeline (to detect, to resolve…), by severity.
fn timeline(page: &StatsView, t: &dyn Fn(&str) -> String) -> Table {
    let mut times = Table::new(
        t("timeline"),
        vec![
            String::new(),
            t("severity"),
            t("counted"),
            t("left_out"),
            t("median_short"),
            t("p90_short"),
        ],
    );
    times.left = 2;
    for metric in &page.time_metrics {
        for (i, row) in metric.rows.iter().enumerate() {
            let [median, p90] = spread(&row.median, &row.p90, &row.values);
            times.rows.push(vec![
                if i == 0 {
                    metric.title.clone()
                } else {
                    String::new()
                },
                row.label.clone(),
                row.counted.clone(),
                row.left_out.clone(),
                median,
                p90,
            ]);
        }
    }
    times
}

/// The follow-up actions by owner, then the unassigned ones and the total.
fn actions(page: &StatsView, t: &dyn Fn(&str) -> String) -> Table {
    let mut actions = Table::new(
        t("actions"),
        vec![t("owner"), t("actions_open"), t("actions_done")],
    );
    for row in &page.actions.owners {
        actions.rows.push(vec![
            format!("@{}", row.owner),
            row.open.clone(),
            row.done.clone(),
        ]);
    }
    actions.rows.push(vec![
        t("unassigned"),
        page.actions.unassigned.open.clone(),
        page.actions.unassigned.done.clone(),
    ]);
    actions.rows.push(vec![
        t("total"),
        page.actions.open.clone(),
        page.actions.done.clone(),
    ]);
    actions
}
