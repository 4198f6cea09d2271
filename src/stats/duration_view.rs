//! Durations shown honestly on the stats page: every median and p90 with its N, the values
//! themselves below [`super::FEW`], the histogram of durations, and the delay tables collapsed to one
//! line when too few reports give the times they are made from.

use serde::Serialize;

use super::charts::{self, Bar, Layout};
use super::view::StatsLabels;
use super::{Stats, TimeToStats};
use crate::format::Formatter;

/// Below this many reports giving a point of the timeline (for each of the three), the delay
/// tables say nothing worth a table.
pub const DELAYS_SHOWN_FROM: usize = 3;

/// A bucket of the durations' histogram, formatted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BucketRow {
    /// `moins de 5 min`, `5 min – 30 min`, `8 h et plus`.
    pub label: String,
    pub reports: String,
}

/// The durations' part of the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DurationsView {
    /// The known durations counted (`N = …` beside the median and p90).
    pub counted: String,
    /// The durations listed, shortest first, when fewer than [`super::FEW`] (then no percentile is
    /// shown); empty otherwise.
    pub values: String,
    pub buckets: Vec<BucketRow>,
    pub histogram_svg: String,
    pub histogram_narrow_svg: String,
    /// The line that stands for the three delay tables when fewer than
    /// [`DELAYS_SHOWN_FROM`] reports give each point; empty when the tables are shown.
    pub delays_note: String,
}

/// The durations' part of the page for `stats`.
pub(super) fn durations_view(
    stats: &Stats,
    fmt: &Formatter,
    labels: &StatsLabels,
) -> DurationsView {
    let buckets: Vec<BucketRow> = stats
        .duration
        .buckets
        .iter()
        .map(|b| BucketRow {
            label: bucket_label(fmt, labels, b.from_seconds, b.to_seconds),
            reports: fmt.number(b.reports),
        })
        .collect();
    let bars: Vec<Bar> = stats
        .duration
        .buckets
        .iter()
        .zip(&buckets)
        .map(|(b, row)| Bar {
            label: row.label.clone(),
            value: b.reports,
            class: "bar duration".to_string(),
        })
        .collect();
    let chart = |layout| {
        if stats.duration.counted == 0 {
            return String::new();
        }
        charts::horizontal(
            &labels.durations_chart_title,
            "chart-durations",
            &bars,
            fmt,
            layout,
        )
    };
    DurationsView {
        counted: fmt.number(stats.duration.counted),
        values: listed(fmt, &stats.duration.values_seconds),
        buckets,
        histogram_svg: chart(Layout::Wide),
        histogram_narrow_svg: chart(Layout::Narrow),
        delays_note: delays_note(stats, fmt, labels),
    }
}

/// Durations listed, shortest first: `45 s, 25 min, 2 h`; empty for none.
pub(super) fn listed(fmt: &Formatter, values: &[u64]) -> String {
    values
        .iter()
        .map(|&s| fmt.duration(s))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A bucket's label: `moins de 5 min`, `5 min – 30 min`, `8 h et plus` (and in English).
fn bucket_label(fmt: &Formatter, labels: &StatsLabels, from: u64, to: Option<u64>) -> String {
    match (from, to) {
        (0, Some(to)) => labels.bucket_under.replace("{to}", &fmt.duration(to)),
        (from, None) => labels.bucket_over.replace("{from}", &fmt.duration(from)),
        (from, Some(to)) => format!("{} – {}", fmt.duration(from), fmt.duration(to)),
    }
}

/// The sentence standing for the delay tables when each of the three points is given by fewer
/// than [`DELAYS_SHOWN_FROM`] reports; empty otherwise.
fn delays_note(stats: &Stats, fmt: &Formatter, labels: &StatsLabels) -> String {
    let metrics: [&TimeToStats; 3] = [
        &stats.time_to_detect,
        &stats.time_to_mitigate,
        &stats.time_to_resolve,
    ];
    if metrics.iter().any(|m| m.counted >= DELAYS_SHOWN_FROM) {
        return String::new();
    }
    fmt.count(stats.reports, &labels.delays_few)
        .replace("{detect}", &fmt.number(metrics[0].counted))
        .replace("{mitigate}", &fmt.number(metrics[1].counted))
        .replace("{resolve}", &fmt.number(metrics[2].counted))
}
