//! Inline SVG bar charts for the stats page, made at build time.
//!
//! The root is `<svg class="chart-svg chart-severity">` (`chart-type`, `chart-months`).
//! Each chart scales to its container (a `viewBox`, no fixed size), is one image for assistive
//! technology (`role="img"`, `aria-label` and `<title>`; the page follows it with a table), and
//! is coloured by the theme's stylesheet through classes only (`bar sev-critical`,
//! `bar kind-downtime`, `bar month`, `label`, `value`, `tick`, `year`, `axis`, `grid`): no
//! `style` attribute, no script, so a strict Content-Security-Policy holds. Without the
//! stylesheet everything is drawn in `currentColor` (presentation attributes, which any CSS
//! rule overrides), so the charts stay legible in light and dark mode. Every text is escaped.

use std::fmt::Write;

use super::MonthStats;
use crate::config::Language;
use crate::format::Formatter;

/// One horizontal bar.
pub(super) struct Bar {
    pub label: String,
    pub value: usize,
    /// `bar sev-critical`, ...
    pub class: String,
}

/// The most bars the monthly chart draws; longer spans are grouped (quarters, half-years,
/// years, ...).
pub(super) const MAX_MONTH_BARS: usize = 120;

/// Escapes text for SVG content and attribute values.
pub(super) use crate::text::xml_escape as escape;

/// A coordinate with at most one decimal, deterministic.
fn num(x: f64) -> String {
    let text = format!("{x:.1}");
    match text.strip_suffix(".0") {
        Some(whole) => whole.to_string(),
        None => text,
    }
}

/// `label: value` in the language's typography.
pub(super) fn titled(fmt: &Formatter, label: &str, value: &str) -> String {
    match fmt.language {
        Language::French => format!("{label}\u{a0}: {value}"),
        Language::English => format!("{label}: {value}"),
    }
}

fn open(out: &mut String, class: &str, width: f64, height: f64, title: &str) {
    let title = escape(title);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg {class}" viewBox="0 0 {} {}" role="img" aria-label="{title}" font-size="13" font-family="system-ui, sans-serif" fill="currentColor"><title>{title}</title>"#,
        num(width),
        num(height)
    );
}

/// How the bar charts are laid out: for a wide column, or for a phone, where the same text
/// in a wide chart scaled down to the screen would be too small to read. The page gets both
/// and its stylesheet shows one by width; the narrow one's root has the class `chart-narrow`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Layout {
    Wide,
    Narrow,
}

impl Layout {
    /// The root's classes beside `chart-svg`.
    fn class(self, class: &str) -> String {
        match self {
            Layout::Wide => class.to_string(),
            Layout::Narrow => format!("{class} chart-narrow"),
        }
    }
}

/// Horizontal bars, one per row: label, bar, count; in the narrow layout the label is above
/// its bar, which then has the whole width.
pub(super) fn horizontal(
    title: &str,
    class: &str,
    bars: &[Bar],
    fmt: &Formatter,
    layout: Layout,
) -> String {
    let values: Vec<String> = bars.iter().map(|b| fmt.number(b.value)).collect();
    let value_chars = values.iter().map(|v| v.chars().count()).max().unwrap_or(1);
    let value_width = (value_chars as f64 * 8.0 + 14.0).max(40.0);
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0);
    let mut out = String::new();
    match layout {
        Layout::Wide => {
            const WIDTH: f64 = 600.0;
            const ROW: f64 = 28.0;
            const BAR: f64 = 18.0;
            const PAD: f64 = 6.0;
            let label_chars = bars
                .iter()
                .map(|b| b.label.chars().count())
                .max()
                .unwrap_or(0);
            let label_width = (label_chars as f64 * 7.5 + 12.0).clamp(64.0, 220.0);
            let plot = WIDTH - label_width - value_width;
            open(
                &mut out,
                class,
                WIDTH,
                PAD * 2.0 + ROW * bars.len() as f64,
                title,
            );
            for (i, (bar, value)) in bars.iter().zip(&values).enumerate() {
                let center = PAD + ROW * i as f64 + ROW / 2.0;
                bar_label(&mut out, &bar.label, label_width - 8.0, center, "end");
                let place = BarPlace {
                    x: label_width,
                    top: center - BAR / 2.0,
                    height: BAR,
                    length: bar_length(bar.value, max, plot),
                };
                bar_and_value(&mut out, bar, value, &place, fmt);
            }
        }
        Layout::Narrow => {
            // 320 units shown 300 to 380 px wide on a phone: the 13-unit text reads at 12 to
            // 15 px.
            const WIDTH: f64 = 320.0;
            const ROW: f64 = 40.0;
            const BAR: f64 = 16.0;
            const PAD: f64 = 4.0;
            let plot = WIDTH - value_width;
            let height = PAD * 2.0 + ROW * bars.len() as f64;
            open(&mut out, &layout.class(class), WIDTH, height, title);
            for (i, (bar, value)) in bars.iter().zip(&values).enumerate() {
                let top = PAD + ROW * i as f64;
                // The label's baseline, then the bar under it.
                bar_label(&mut out, &bar.label, 0.0, top + 13.0, "start");
                let place = BarPlace {
                    x: 0.0,
                    top: top + 18.0,
                    height: BAR,
                    length: bar_length(bar.value, max, plot),
                };
                bar_and_value(&mut out, bar, value, &place, fmt);
            }
        }
    }
    out.push_str("</svg>");
    out
}

/// Where one horizontal bar is drawn.
struct BarPlace {
    x: f64,
    top: f64,
    height: f64,
    length: f64,
}

/// A bar's length for `value` out of `max` on `plot` units: at least 1 unit when not zero.
fn bar_length(value: usize, max: usize, plot: f64) -> f64 {
    if max == 0 || value == 0 {
        0.0
    } else {
        (value as f64 / max as f64 * plot).max(1.0)
    }
}

/// A bar's label; `y` is its middle in the wide layout (`end` anchor), its baseline in the
/// narrow one.
fn bar_label(out: &mut String, label: &str, x: f64, y: f64, anchor: &str) {
    let label = escape(label);
    if anchor == "end" {
        let _ = write!(
            out,
            r#"<text class="label" x="{}" y="{}" dy="0.35em" text-anchor="end">{label}</text>"#,
            num(x),
            num(y)
        );
    } else {
        let _ = write!(
            out,
            r#"<text class="label" x="{}" y="{}">{label}</text>"#,
            num(x),
            num(y)
        );
    }
}

/// The bar, its title (`label: value`) and its value as text after it.
fn bar_and_value(out: &mut String, bar: &Bar, value: &str, place: &BarPlace, fmt: &Formatter) {
    let _ = write!(
        out,
        r#"<rect class="{}" x="{}" y="{}" width="{}" height="{}" rx="2"><title>{}</title></rect>"#,
        escape(&bar.class),
        num(place.x),
        num(place.top),
        num(place.length),
        num(place.height),
        escape(&titled(fmt, &bar.label, value))
    );
    let _ = write!(
        out,
        r#"<text class="value" x="{}" y="{}" dy="0.35em">{}</text>"#,
        num(place.x + place.length + 6.0),
        num(place.top + place.height / 2.0),
        escape(value)
    );
}

/// A group of consecutive months drawn as one bar.
struct Bucket {
    /// First and last month with data in the bucket: (year, month).
    first: (i32, u32),
    last: (i32, u32),
    /// The bucket's calendar start is a January (a year boundary).
    starts_year: bool,
    reports: usize,
}

/// The month's position on a single scale of months.
fn month_index(m: &MonthStats) -> i64 {
    i64::from(m.year) * 12 + i64::from(m.month_of_year) - 1
}

/// How many months one bar covers so that at most [`MAX_MONTH_BARS`] bars are drawn: 1, a
/// quarter, half a year, a year, 2, 5, 10 years, ... Buckets follow the calendar (a quarter
/// starts in January, April, July or October).
fn bucket_size(first: i64, last: i64) -> i64 {
    let bars = |size: i64| last.div_euclid(size) - first.div_euclid(size) + 1;
    let mut size = [1, 3, 6, 12, 24, 60]
        .into_iter()
        .find(|&s| bars(s) <= MAX_MONTH_BARS as i64)
        .unwrap_or(120);
    while bars(size) > MAX_MONTH_BARS as i64 {
        size *= 10;
    }
    size
}

fn buckets(months: &[MonthStats]) -> (i64, Vec<Bucket>) {
    let (Some(first), Some(last)) = (months.first(), months.last()) else {
        return (1, Vec::new());
    };
    let size = bucket_size(month_index(first), month_index(last));
    let mut out: Vec<Bucket> = Vec::new();
    let mut current_key = None;
    for m in months {
        let key = month_index(m).div_euclid(size);
        if current_key == Some(key)
            && let Some(bucket) = out.last_mut()
        {
            bucket.last = (m.year, m.month_of_year);
            bucket.reports += m.reports;
            continue;
        }
        current_key = Some(key);
        out.push(Bucket {
            first: (m.year, m.month_of_year),
            last: (m.year, m.month_of_year),
            starts_year: (key * size).rem_euclid(12) == 0,
            reports: m.reports,
        });
    }
    (size, out)
}

fn bucket_label(fmt: &Formatter, size: i64, bucket: &Bucket) -> String {
    let ((y1, m1), (y2, m2)) = (bucket.first, bucket.last);
    if size == 1 || bucket.first == bucket.last {
        fmt.month(y1, m1)
    } else if size < 12 {
        format!("{} – {}", fmt.month(y1, m1), fmt.month(y2, m2))
    } else if y1 == y2 {
        y1.to_string()
    } else {
        format!("{y1} – {y2}")
    }
}

/// The monthly chart's size, in SVG units.
#[derive(Clone, Copy)]
struct MonthsFrame {
    width: f64,
    left: f64,
    right: f64,
    top: f64,
    plot_height: f64,
    bottom: f64,
}

impl MonthsFrame {
    fn of(layout: Layout) -> MonthsFrame {
        match layout {
            Layout::Wide => MonthsFrame {
                width: 720.0,
                left: 48.0,
                right: 8.0,
                top: 22.0,
                plot_height: 190.0,
                bottom: 44.0,
            },
            // Shown 300 to 380 px wide on a phone: the 13-unit text reads at 11.5 to 14.5 px.
            Layout::Narrow => MonthsFrame {
                width: 340.0,
                left: 40.0,
                right: 6.0,
                top: 22.0,
                plot_height: 140.0,
                bottom: 44.0,
            },
        }
    }
}

/// The least room between two year labels.
const MIN_LABEL_GAP: f64 = 40.0;
/// The least room a bar needs to have its count written above it.
const MIN_VALUE_SLOT: f64 = 18.0;

/// Where the monthly chart's bars go.
struct MonthsLayout {
    frame: MonthsFrame,
    /// The width given to each bar.
    slot: f64,
    /// The largest count.
    max: usize,
    /// The y of the axis.
    baseline: f64,
}

/// Vertical bars of reports per month (or per group of months for long spans), with month
/// names when there is room and the years underneath. The narrow layout has the same bars,
/// thinner, with fewer names and counts.
pub(super) fn months(
    title: &str,
    months: &[MonthStats],
    fmt: &Formatter,
    layout: Layout,
) -> String {
    if months.is_empty() {
        return String::new();
    }
    let (size, buckets) = buckets(months);
    let frame = MonthsFrame::of(layout);
    let plot_width = frame.width - frame.left - frame.right;
    let place = MonthsLayout {
        frame,
        slot: plot_width / buckets.len() as f64,
        max: buckets.iter().map(|b| b.reports).max().unwrap_or(0),
        baseline: frame.top + frame.plot_height,
    };

    let mut out = String::new();
    open(
        &mut out,
        &layout.class("chart-months"),
        frame.width,
        frame.top + frame.plot_height + frame.bottom,
        title,
    );
    months_scale(&mut out, &place, fmt);
    month_bars(&mut out, &place, size, &buckets, fmt);
    let _ = write!(
        out,
        r#"<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}" stroke="currentColor"/>"#,
        num(frame.left),
        num(place.baseline),
        num(frame.width - frame.right),
        num(place.baseline)
    );
    let year_row = month_names(&mut out, &place, size, &buckets, fmt);
    years(&mut out, &place, year_row, &buckets);
    out.push_str("</svg>");
    out
}

/// The scale: a grid line at the largest count, its value and 0.
fn months_scale(out: &mut String, layout: &MonthsLayout, fmt: &Formatter) {
    let _ = write!(
        out,
        r#"<line class="grid" x1="{}" y1="{}" x2="{}" y2="{}" stroke="currentColor" stroke-opacity="0.25"/>"#,
        num(layout.frame.left),
        num(layout.frame.top),
        num(layout.frame.width - layout.frame.right),
        num(layout.frame.top)
    );
    let _ = write!(
        out,
        r#"<text class="tick" x="{}" y="{}" dy="0.35em" text-anchor="end">{}</text>"#,
        num(layout.frame.left - 6.0),
        num(layout.frame.top),
        escape(&fmt.number(layout.max))
    );
    let _ = write!(
        out,
        r#"<text class="tick" x="{}" y="{}" dy="0.35em" text-anchor="end">0</text>"#,
        num(layout.frame.left - 6.0),
        num(layout.baseline)
    );
}

/// One bar per bucket of `size` months, its count above it when there are few bars.
fn month_bars(
    out: &mut String,
    layout: &MonthsLayout,
    size: i64,
    buckets: &[Bucket],
    fmt: &Formatter,
) {
    let MonthsLayout {
        slot,
        max,
        baseline,
        ..
    } = *layout;
    let bar_width = (slot * 0.8).min(48.0);
    let show_values = slot >= MIN_VALUE_SLOT;
    for (i, bucket) in buckets.iter().enumerate() {
        let center = layout.frame.left + slot * (i as f64 + 0.5);
        let height = if max == 0 || bucket.reports == 0 {
            0.0
        } else {
            (bucket.reports as f64 / max as f64 * layout.frame.plot_height).max(1.0)
        };
        let label = bucket_label(fmt, size, bucket);
        let count = fmt.number(bucket.reports);
        let _ = write!(
            out,
            r#"<rect class="bar month" x="{}" y="{}" width="{}" height="{}"><title>{}</title></rect>"#,
            num(center - bar_width / 2.0),
            num(baseline - height),
            num(bar_width),
            num(height),
            escape(&titled(fmt, &label, &count))
        );
        if show_values && bucket.reports > 0 {
            let _ = write!(
                out,
                r#"<text class="value" x="{}" y="{}" text-anchor="middle">{}</text>"#,
                num(center),
                num(baseline - height - 4.0),
                escape(&count)
            );
        }
    }
}

/// Month names, every `step` months, when single months have room. Returns the y of the
/// years' row, under the names when there are some.
fn month_names(
    out: &mut String,
    layout: &MonthsLayout,
    size: i64,
    buckets: &[Bucket],
    fmt: &Formatter,
) -> f64 {
    let MonthsLayout { slot, baseline, .. } = *layout;
    let mut year_row = baseline + 16.0;
    if size == 1
        && let Some(step) = [1u32, 2, 3, 6]
            .into_iter()
            .find(|&s| slot * f64::from(s) >= 34.0)
    {
        for (i, bucket) in buckets.iter().enumerate() {
            let month = bucket.first.1;
            if (month - 1).is_multiple_of(step) {
                let _ = write!(
                    out,
                    r#"<text class="tick" x="{}" y="{}" text-anchor="middle">{}</text>"#,
                    num(layout.frame.left + slot * (i as f64 + 0.5)),
                    num(baseline + 16.0),
                    escape(fmt.month_name(month))
                );
            }
        }
        year_row += 16.0;
    }
    year_row
}

/// Years: at the first bar and at every year boundary, never crowded.
fn years(out: &mut String, layout: &MonthsLayout, year_row: f64, buckets: &[Bucket]) {
    let MonthsLayout { slot, baseline, .. } = *layout;
    let mut candidates: Vec<(f64, i32, bool)> = buckets
        .iter()
        .enumerate()
        .filter(|(i, b)| *i == 0 || b.starts_year)
        .map(|(i, b)| {
            (
                layout.frame.left + slot * i as f64,
                b.first.0,
                b.starts_year,
            )
        })
        .collect();
    if candidates.len() > 1 && !candidates[0].2 && candidates[1].0 - candidates[0].0 < MIN_LABEL_GAP
    {
        // A year boundary close after the start: label the boundary.
        candidates.remove(0);
    }
    let mut last_x = f64::NEG_INFINITY;
    for (x, year, boundary) in candidates {
        if x - last_x < MIN_LABEL_GAP {
            continue;
        }
        last_x = x;
        if boundary {
            let _ = write!(
                out,
                r#"<line class="tick" x1="{}" y1="{}" x2="{}" y2="{}" stroke="currentColor"/>"#,
                num(x),
                num(baseline),
                num(x),
                num(baseline + 4.0)
            );
        }
        let _ = write!(
            out,
            r#"<text class="tick year" x="{}" y="{}">{}</text>"#,
            num(x + 2.0),
            num(year_row),
            escape(&year.to_string())
        );
    }
}
