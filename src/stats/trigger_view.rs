//! The stats page's causes: the triggers' table, the triggers by quarter and the factors,
//! formatted for the site's language from [`TriggerStats`].

use serde::Serialize;

use super::charts::{self, Bar, Layout};
use super::triggers::{Counted, TriggerStats};
use crate::format::Formatter;
use crate::incident::Trigger;

/// The most quarters the page lists (the newest): ten years.
pub const QUARTERS_SHOWN: usize = 40;

/// The most factors the page lists (those of the most reports).
pub const FACTORS_SHOWN: usize = 20;

/// The labels of the causes, filled from the theme's i18n file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriggerLabels {
    /// The seven triggers, in the order of [`Trigger::ALL`].
    pub names: [String; 7],
    /// The row and column of the reports that give no trigger.
    pub not_given: String,
    /// A quarter: `{quarter}` (1 to 4) and `{year}` are replaced (`T1 2025`, `Q1 2025`).
    pub quarter: String,
    /// Under the quarters when not all are shown: `{shown}` and `{total}` are replaced.
    pub quarters_left_out: String,
    /// Under the factors when not all are shown: `{shown}` and `{total}` are replaced.
    pub factors_left_out: String,
    /// The title of the chart of reports by trigger.
    pub chart_title: String,
}

impl TriggerLabels {
    /// The labels through `label` (a path like `["trigger", "deploy"]`).
    pub fn read(label: &dyn Fn(&[&str]) -> String) -> Self {
        TriggerLabels {
            names: Trigger::ALL.map(|t| label(&["trigger", t.slug()])),
            not_given: label(&["stats", "trigger_not_given"]),
            quarter: label(&["stats", "quarter"]),
            quarters_left_out: label(&["stats", "trigger_quarters_left_out"]),
            factors_left_out: label(&["stats", "factors_left_out"]),
            chart_title: label(&["stats", "triggers_chart_title"]),
        }
    }
}

/// The page's causes (`stats.triggers` of `stats.html`): every value formatted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TriggersView {
    /// Whether any report gives a trigger or a factor (else the page says how to give them).
    pub any: bool,
    /// Reports by trigger as horizontal bars (the seven, then those giving none; class
    /// `chart-triggers`, bars `bar trigger`), for a wide column and for a phone; empty when
    /// no report gives a trigger. Trusted markup.
    pub chart_svg: String,
    pub chart_narrow_svg: String,
    /// The seven triggers, in the order of [`Trigger::ALL`].
    pub rows: Vec<TriggerRow>,
    /// The reports that give no trigger (`slug` empty).
    pub not_given: TriggerRow,
    /// The columns of the quarters' table: the triggers some report gives, in order, then the
    /// reports giving none when there are some (`slug` empty).
    pub quarter_columns: Vec<TriggerColumn>,
    /// The newest quarters with reports, newest first, at most [`QUARTERS_SHOWN`].
    pub quarters: Vec<QuarterRow>,
    /// Says how many quarters there are when not all are shown; empty otherwise.
    pub quarters_note: String,
    /// The factors of the most reports, at most [`FACTORS_SHOWN`].
    pub factors: Vec<FactorRow>,
    /// Says how many factors there are when not all are shown; empty otherwise.
    pub factors_note: String,
}

/// A trigger's line: its reports, their share of all reports, and their downtime.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TriggerRow {
    /// Empty for the reports that give no trigger.
    pub slug: String,
    pub label: String,
    pub reports: String,
    /// Of every report (`25 %` / `25%`), `—` without reports.
    pub share: String,
    pub downtime: String,
    /// Whether it has reports (and so a listing, `trigger/<slug>/`).
    pub listed: bool,
}

/// A column of the quarters' table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TriggerColumn {
    pub slug: String,
    pub label: String,
}

/// One quarter: its reports under each column of `quarter_columns`, and in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuarterRow {
    /// `T1 2025` / `Q1 2025`.
    pub label: String,
    /// `2025-Q1`.
    pub quarter: String,
    pub counts: Vec<String>,
    pub total: String,
}

/// A factor's line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FactorRow {
    pub name: String,
    pub reports: String,
    pub downtime: String,
}

/// The causes of `stats` (of `reports` reports) for the page.
pub fn trigger_view(
    stats: &TriggerStats,
    reports: usize,
    fmt: &Formatter,
    labels: &TriggerLabels,
) -> TriggersView {
    let row = |slug: &str, label: &str, counted: &Counted| TriggerRow {
        slug: slug.to_string(),
        label: label.to_string(),
        reports: fmt.number(counted.reports),
        share: fmt.percent(counted.reports, reports),
        downtime: fmt.duration(counted.downtime_seconds),
        listed: counted.reports > 0,
    };
    let rows: Vec<TriggerRow> = stats
        .triggers
        .iter()
        .zip(&labels.names)
        .map(|(t, label)| {
            let counted = Counted {
                reports: t.reports,
                downtime_seconds: t.downtime_seconds,
            };
            row(t.slug, label, &counted)
        })
        .collect();
    let given = rows.iter().any(|r| r.listed);
    let (quarter_columns, quarters, quarters_note) = quarters(stats, fmt, labels);
    let (factors, factors_note) = factors(stats, fmt, labels);
    let chart = |layout| {
        if !given {
            return String::new();
        }
        let bars: Vec<Bar> = stats
            .triggers
            .iter()
            .zip(&labels.names)
            .map(|(t, label)| (label, t.reports))
            .chain([(&labels.not_given, stats.triggers_not_given.reports)])
            .map(|(label, value)| Bar {
                label: label.clone(),
                value,
                class: "bar trigger".to_string(),
            })
            .collect();
        charts::horizontal(&labels.chart_title, "chart-triggers", &bars, fmt, layout)
    };
    TriggersView {
        any: given || !stats.factors.is_empty(),
        chart_svg: chart(Layout::Wide),
        chart_narrow_svg: chart(Layout::Narrow),
        not_given: row("", &labels.not_given, &stats.triggers_not_given),
        rows,
        quarter_columns,
        quarters,
        quarters_note,
        factors,
        factors_note,
    }
}

/// The quarters' columns, the newest quarters with their counts, and the note when older
/// ones are left out.
fn quarters(
    stats: &TriggerStats,
    fmt: &Formatter,
    labels: &TriggerLabels,
) -> (Vec<TriggerColumn>, Vec<QuarterRow>, String) {
    // The triggers given (by index in `Trigger::ALL`), then `None`, the reports giving none.
    let mut shown: Vec<Option<usize>> = (0..Trigger::ALL.len())
        .filter(|&i| stats.triggers.get(i).is_some_and(|t| t.reports > 0))
        .map(Some)
        .collect();
    if stats.triggers_not_given.reports > 0 {
        shown.push(None);
    }
    let columns = shown
        .iter()
        .map(|column| match column {
            Some(i) => TriggerColumn {
                slug: Trigger::ALL[*i].slug().to_string(),
                label: labels.names[*i].clone(),
            },
            None => TriggerColumn {
                slug: String::new(),
                label: labels.not_given.clone(),
            },
        })
        .collect();
    let rows: Vec<QuarterRow> = stats
        .trigger_quarters
        .iter()
        .rev()
        .take(QUARTERS_SHOWN)
        .map(|q| QuarterRow {
            label: labels
                .quarter
                .replace("{quarter}", &q.quarter_of_year.to_string())
                .replace("{year}", &q.year.to_string()),
            quarter: q.quarter.clone(),
            counts: shown
                .iter()
                .map(|column| match column {
                    Some(i) => fmt.number(q.by_trigger.get(*i).map_or(0, |t| t.reports)),
                    None => fmt.number(q.not_given),
                })
                .collect(),
            total: fmt.number(q.reports),
        })
        .collect();
    let total = stats.trigger_quarters.len();
    let note = left_out(&labels.quarters_left_out, rows.len(), total, fmt);
    (columns, rows, note)
}

/// The factors of the most reports, and the note when others are left out.
fn factors(
    stats: &TriggerStats,
    fmt: &Formatter,
    labels: &TriggerLabels,
) -> (Vec<FactorRow>, String) {
    let rows: Vec<FactorRow> = stats
        .factors
        .iter()
        .take(FACTORS_SHOWN)
        .map(|f| FactorRow {
            name: f.name.clone(),
            reports: fmt.number(f.reports),
            downtime: fmt.duration(f.downtime_seconds),
        })
        .collect();
    let note = left_out(
        &labels.factors_left_out,
        rows.len(),
        stats.factors.len(),
        fmt,
    );
    (rows, note)
}

/// `pattern` with `{shown}` and `{total}` when fewer are shown than there are; else empty.
fn left_out(pattern: &str, shown: usize, total: usize, fmt: &Formatter) -> String {
    if total > shown {
        pattern
            .replace("{shown}", &fmt.number(shown))
            .replace("{total}", &fmt.number(total))
    } else {
        String::new()
    }
}
