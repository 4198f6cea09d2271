//! The SVG charts: accessible, escaped, style-free, and readable for long spans.

use super::*;

/// The opening `<svg ...>` tag.
fn root_tag(svg: &str) -> &str {
    &svg[..svg.find('>').unwrap() + 1]
}

#[test]
fn charts_are_accessible_escaped_and_style_free() {
    let stats = stats_of(&archive(), Europe::Paris);
    let mut labels = StatsLabels::english();
    labels.severity_chart_title = "<script>alert(1)</script> & \"co\"".into();
    labels.type_chart_title = "Types <b>".into();
    labels.months_chart_title = "Months 'quoted'".into();
    labels.severity[0] = "<script>".into();
    let page = view(&stats, &english(), &labels, &href);
    let charts = &page.charts;
    for svg in [
        &charts.by_severity_svg,
        &charts.by_type_svg,
        &charts.months_svg,
    ] {
        assert!(svg.starts_with("<svg "), "{svg}");
        assert!(svg.ends_with("</svg>"));
        assert!(!svg.contains("style"), "{svg}");
        assert!(!svg.contains("<script"), "{svg}");
        let root = root_tag(svg);
        assert!(root.contains(r#"role="img""#));
        assert!(root.contains("viewBox=\"0 0 "));
        assert!(root.contains("aria-label=\""));
        assert!(!root.contains(" width="), "{root}");
        assert!(!root.contains(" height="), "{root}");
        assert!(svg.contains("<title>"));
    }
    let severity = &charts.by_severity_svg;
    assert!(
        severity
            .contains("aria-label=\"&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;co&quot;\"")
    );
    assert!(
        severity
            .contains("<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;co&quot;</title>")
    );
    assert!(severity.contains(r#"class="bar sev-critical""#));
    assert!(severity.contains(">&lt;script&gt;</text>"));
    assert!(charts.by_type_svg.contains(r#"class="bar kind-downtime""#));
    assert!(
        charts
            .by_type_svg
            .contains("<title>Types &lt;b&gt;</title>")
    );
    assert!(charts.months_svg.contains("Months &#39;quoted&#39;"));
    // One bar per month, empty months included, each with its value as text.
    assert_eq!(charts.months_svg.matches(r#"class="bar month""#).count(), 6);
    assert!(charts.months_svg.contains("<title>Apr 2025: 2</title>"));
    assert!(charts.months_svg.contains("<title>Mar 2025: 0</title>"));
    // Counts as text beside the bars.
    assert!(severity.contains(r#"dy="0.35em">2</text>"#));
    // The same input, the same markup.
    let again = super::view(&stats, &english(), &labels, &href);
    assert_eq!(again.charts, page.charts);
}

#[test]
fn french_chart_text() {
    let stats = stats_of(&archive(), Europe::Paris);
    let page = view(&stats, &french(), &StatsLabels::french(), &href);
    assert!(
        page.charts
            .months_svg
            .contains("<title>févr. 2025\u{a0}: 1</title>")
    );
    assert!(page.charts.by_severity_svg.contains(">Critique</text>"));
}

/// `n` incidents spread evenly over `years` years from January 2015.
fn spread(n: usize, years: i64) -> Vec<Incident> {
    let start = UTC.with_ymd_and_hms(2015, 1, 1, 12, 0, 0).unwrap();
    let span = years * 365 * 86_400;
    let template = incident("x", "2015-01-01T12:00:00Z");
    (0..n)
        .map(|k| {
            let mut i = template.clone();
            i.slug.value = format!("incident-{k:06}");
            let offset = span * k as i64 / n.max(1) as i64;
            i.start.value.instant = (start + chrono::TimeDelta::seconds(offset)).fixed_offset();
            i.severity.value = Severity::ALL[k % 4];
            i.kind.value = Kind::ALL[k % 5];
            i.duration.value = IncidentDuration::Known(seconds((k % 1_000) as u64 * 60));
            i.user_impact.value.affected = k % 3 == 0;
            i
        })
        .collect()
}

#[test]
fn a_large_archive_gives_reasonable_charts() {
    let incidents = spread(100_000, 10);
    let stats = stats_of(&incidents, Europe::Paris);
    assert_eq!(stats.reports, 100_000);
    assert_eq!(stats.months.len(), 120);
    assert_eq!(
        stats.months.iter().map(|m| m.reports).sum::<usize>(),
        100_000
    );
    let page = view(&stats, &english(), &StatsLabels::english(), &href);
    let months = &page.charts.months_svg;
    assert_eq!(months.matches(r#"class="bar month""#).count(), 120);
    assert!(months.len() < 40_000, "{} bytes", months.len());
    // Year ticks, not 120 crowded labels.
    let years = months.matches(r#"class="tick year""#).count();
    assert!((9..=11).contains(&years), "{years} year labels");
    assert!(months.contains(">2020</text>"));
    assert_eq!(page.figures[0].value, "100,000");
    assert!(page.charts.by_severity_svg.contains(">25,000</text>"));
}

#[test]
fn long_spans_are_grouped_into_at_most_120_bars() {
    // 30 years: grouped by quarter.
    let stats = stats_of(&spread(2_000, 30), UTC);
    assert!(stats.months.len() > 350);
    let page = view(&stats, &english(), &StatsLabels::english(), &href);
    let bars = page
        .charts
        .months_svg
        .matches(r#"class="bar month""#)
        .count();
    assert!((100..=120).contains(&bars), "{bars} bars");
    assert!(
        page.charts
            .months_svg
            .contains("<title>Jan 2015 – Mar 2015: ")
    );
    // A century (a typo in a year): the series keeps the last 600 months.
    let mut incidents = spread(10, 1);
    incidents[0].start.value.instant =
        DateTime::parse_from_rfc3339("1925-01-01T00:00:00Z").unwrap();
    let stats = stats_of(&incidents, UTC);
    let page = view(&stats, &english(), &StatsLabels::english(), &href);
    let bars = page
        .charts
        .months_svg
        .matches(r#"class="bar month""#)
        .count();
    assert!((1..=120).contains(&bars), "{bars} bars");
    assert!(page.charts.months_svg.len() < 40_000);
    // The table has every month of the series: the 600 up to the last incident's (spread
    // puts it at day 328 of 2015, 2015-11), from 1965-12 (2015 × 12 + 10 − 599 months).
    assert_eq!(page.months.len(), 600);
    assert_eq!(stats.months.first().unwrap().month, "1965-12");
    assert_eq!(stats.months.last().unwrap().month, "2015-11");
    assert_eq!(stats.before_months.reports, 1);
    assert_eq!(
        page.months_note,
        "1 incident before Dec 1965 is not in the monthly chart and table, which cover at \
         most 50 years up to the newest incident; every other figure counts it."
    );
}

#[test]
fn fifty_years_of_months_are_kept_whole() {
    // 1976-01 to 2025-12: 50 × 12 = 600 months, every one in the series.
    let incidents = [
        incident("a-first", "1976-01-01T00:00:00Z"),
        incident("b-last", "2025-12-31T23:00:00Z"),
    ];
    let stats = stats_of(&incidents, UTC);
    assert_eq!(stats.months.len(), 600);
    assert_eq!(stats.months[0].month, "1976-01");
    assert_eq!(stats.months[0].reports, 1);
    assert_eq!(stats.before_months, EarlierIncidents::default());
    let page = view(&stats, &english(), &StatsLabels::english(), &href);
    assert_eq!(page.months_note, "");
    assert_eq!(page.figures[0].value, "2");
}

#[test]
fn incidents_before_the_last_600_months_count_everywhere_but_the_months() {
    // 1975-12 to 2025-12 is 601 months: 1975-12 falls out, with its report and downtime.
    let incidents = [
        with(incident("a-old", "1975-12-31T12:00:00Z"), |i| {
            i.cost.downtime = Some(spanned(seconds(600)));
        }),
        incident("b-mid", "1976-01-01T00:00:00Z"),
        incident("c-new", "2025-12-31T23:00:00Z"),
    ];
    let stats = stats_of(&incidents, UTC);
    assert_eq!(stats.months.len(), 600);
    assert_eq!(stats.months[0].month, "1976-01");
    assert_eq!(stats.months.iter().map(|m| m.reports).sum::<usize>(), 2);
    assert_eq!(
        stats.before_months,
        EarlierIncidents {
            reports: 1,
            downtime_seconds: 600
        }
    );
    assert_eq!(stats.reports, 3);
    assert_eq!(stats.downtime.total_seconds, 600);
    assert_eq!(stats.duration.total_seconds, 3 * 1_500);
    assert_eq!(stats.by_severity[0].reports, 3);
    let page = view(&stats, &french(), &StatsLabels::french(), &href);
    assert_eq!(
        page.months_note,
        "1 incident antérieur à janv. 1976 ne figure pas dans le graphique et le tableau \
         mensuels, qui couvrent au plus 50 ans jusqu'au dernier incident ; tous les autres \
         chiffres le comptent."
    );
}

#[test]
fn the_note_on_older_incidents_agrees_with_their_count() {
    // 1975-11 and 1975-12 fall out of the 600 months ending 2025-12.
    let incidents = [
        incident("a-older", "1975-11-15T12:00:00Z"),
        incident("b-old", "1975-12-31T12:00:00Z"),
        incident("c-new", "2025-12-31T23:00:00Z"),
    ];
    let stats = stats_of(&incidents, UTC);
    assert_eq!(stats.before_months.reports, 2);
    let page = view(&stats, &french(), &StatsLabels::french(), &href);
    assert_eq!(
        page.months_note,
        "2 incidents antérieurs à janv. 1976 ne figurent pas dans le graphique et le tableau \
         mensuels, qui couvrent au plus 50 ans jusqu'au dernier incident ; tous les autres \
         chiffres les comptent."
    );
    let page = view(&stats, &english(), &StatsLabels::english(), &href);
    assert_eq!(
        page.months_note,
        "2 incidents before Jan 1976 are not in the monthly chart and table, which cover at \
         most 50 years up to the newest incident; every other figure counts them."
    );
}

#[test]
fn the_years_1_and_9999_give_600_months() {
    let incidents = [
        incident("a-first", "0001-01-15T14:30:00Z"),
        incident("b-last", "9999-01-15T14:30:00Z"),
    ];
    let stats = stats_of(&incidents, UTC);
    // 9999-01 back 599 months: 9949-02.
    assert_eq!(stats.months.len(), 600);
    assert_eq!(stats.months[0].month, "9949-02");
    assert_eq!(stats.months[599].month, "9999-01");
    assert_eq!(stats.before_months.reports, 1);
    assert_eq!(stats.reports, 2);
    let page = view(&stats, &english(), &StatsLabels::english(), &href);
    assert_eq!(page.months.len(), 600);
    assert!(
        page.months_note
            .starts_with("1 incident before Feb 9949 is not ")
    );
    let bars = page
        .charts
        .months_svg
        .matches(r#"class="bar month""#)
        .count();
    // 600 months in half-years (6 × 100): 100 or 101 bars, as the calendar falls.
    assert!((100..=101).contains(&bars), "{bars} bars");
}

#[test]
fn short_spans_name_the_months() {
    let stats = stats_of(&archive(), Europe::Paris);
    let page = view(&stats, &english(), &StatsLabels::english(), &href);
    for name in ["Jan", "Feb", "Mar", "Apr", "May", "Jun"] {
        assert!(
            page.charts
                .months_svg
                .contains(&format!(r#"text-anchor="middle">{name}</text>"#)),
            "{name}"
        );
    }
    assert!(page.charts.months_svg.contains(">2025</text>"));
}

/// The `<title>` texts of a chart: its own, then each bar's `label: value`.
fn titles(svg: &str) -> Vec<&str> {
    svg.split("<title>")
        .skip(1)
        .map(|rest| &rest[..rest.find("</title>").unwrap()])
        .collect()
}

/// The width of a chart's `viewBox`.
fn view_box_width(svg: &str) -> f64 {
    let rest = &svg[svg.find("viewBox=\"0 0 ").unwrap() + 13..];
    rest[..rest.find(' ').unwrap()].parse().unwrap()
}

#[test]
fn the_phone_charts_show_the_same_figures_readably() {
    let stats = stats_of(&archive(), Europe::Paris);
    let mut labels = StatsLabels::english();
    labels.severity[0] = "<script>".into();
    let page = view(&stats, &english(), &labels, &href);
    let charts = &page.charts;
    for (wide, narrow) in [
        (&charts.by_severity_svg, &charts.by_severity_narrow_svg),
        (&charts.by_type_svg, &charts.by_type_narrow_svg),
        (&charts.months_svg, &charts.months_narrow_svg),
    ] {
        let root = root_tag(narrow);
        assert!(root.contains(" chart-narrow\""), "{root}");
        assert!(!root_tag(wide).contains("chart-narrow"));
        assert!(root.contains(r#"role="img""#) && root.contains(r#"font-size="13""#));
        assert!(
            !narrow.contains("style") && !narrow.contains("<script"),
            "{narrow}"
        );
        // Every figure of the wide chart, and only those.
        assert_eq!(titles(wide), titles(narrow));
        // Shown across a phone's column (300 px on a 332 px screen, 358 px at 390 px), the
        // text of 13 units stays at 11 px or more: 13 × 300 / width.
        let width = view_box_width(narrow);
        assert!(13.0 * 300.0 / width >= 11.0, "{width}");
        assert!(view_box_width(wide) >= 600.0);
    }
    // Critical 1, High 1, Medium 1, Low 2: the label above its bar, the bar over the width
    // less the room of the value (40): 280 for 2, 140 for 1.
    assert!(
        charts
            .by_severity_narrow_svg
            .contains(r#"viewBox="0 0 320 168""#)
    );
    assert!(charts.by_severity_narrow_svg.contains(
        r#"<text class="label" x="0" y="17">&lt;script&gt;</text><rect class="bar sev-critical" x="0" y="22" width="140" height="16" rx="2"><title>&lt;script&gt;: 1</title></rect><text class="value" x="146" y="30" dy="0.35em">1</text>"#
    ));
    assert!(charts.by_severity_narrow_svg.contains(
        r#"<text class="label" x="0" y="137">Low</text><rect class="bar sev-low" x="0" y="142" width="280" height="16" rx="2"><title>Low: 2</title></rect>"#
    ));
    // January to June 2025 on 294 units: 49 each, April (2, the most) the full 140 high.
    let months = &charts.months_narrow_svg;
    assert!(months.contains(r#"viewBox="0 0 340 206""#));
    assert!(months.contains(
        r#"<rect class="bar month" x="191.9" y="22" width="39.2" height="140"><title>Apr 2025: 2</title></rect>"#
    ));
    for name in ["Jan", "Feb", "Mar", "Apr", "May", "Jun"] {
        assert!(
            months.contains(&format!(r#"text-anchor="middle">{name}</text>"#)),
            "{name}"
        );
    }
    assert!(months.contains(">2025</text>"));
}

#[test]
fn a_phone_chart_of_many_months_leaves_out_the_counts_it_has_no_room_for() {
    let stats = stats_of(&spread(100_000, 10), Europe::Paris);
    let page = view(&stats, &english(), &StatsLabels::english(), &href);
    let months = &page.charts.months_narrow_svg;
    assert_eq!(months.matches(r#"class="bar month""#).count(), 120);
    // 120 bars of 2.5 units: no count above them, no month names; the years stay apart.
    assert!(!months.contains(r#"<text class="value""#));
    assert!(!months.contains(">Jan</text>"));
    let years = months.matches(r#"class="tick year""#).count();
    assert!((4..=6).contains(&years), "{years} year labels");
    assert!(months.len() < 40_000, "{} bytes", months.len());
    // A year of months: 24.5 units each (at least 18), each count written.
    let stats = stats_of(&spread(15, 1), UTC);
    assert_eq!(stats.months.len(), 12);
    let page = view(&stats, &english(), &StatsLabels::english(), &href);
    assert!(
        page.charts
            .months_narrow_svg
            .contains(r#"<text class="value""#)
    );
}
