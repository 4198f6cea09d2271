//! The stats page view, formatted in English and French.

use super::*;

#[test]
fn the_view_in_english() {
    let stats = stats_of(&archive(), Europe::Paris);
    let page = view(&stats, &english(), &StatsLabels::english(), &href);
    let figures: Vec<(&str, &str, &str)> = page
        .figures
        .iter()
        .map(|f| (f.label.as_str(), f.value.as_str(), f.note.as_str()))
        .collect();
    assert_eq!(
        figures,
        [
            ("Reports", "5", ""),
            (
                "Total duration",
                "1 d 2 h",
                "1 ongoing incident left out of the duration figures."
            ),
            ("Total downtime", "35 min", ""),
            ("Lost cost", "~€1,247.00 + ~$0.10", ""),
            ("Resolution cost", "€0.25 + $100.00", ""),
            ("Total cost", "~€1,247.25 + ~$100.10", ""),
            ("Share with user impact", "60%", "3 / 5"),
        ]
    );
    assert_eq!(page.ongoing, 1);
    assert_eq!(
        page.costs[1],
        CostRow {
            currency: "USD".into(),
            lost: "~$0.10".into(),
            resolution: "$100.00".into(),
            total: "~$100.10".into(),
        }
    );
    assert_eq!(
        page.downtime_not_given[2],
        LinkRow {
            title: "Surprise bill".into(),
            href: "../incidents/e-bill/".into(),
        }
    );
    assert_eq!(
        page.by_severity[3],
        SeverityRow {
            slug: "low".into(),
            label: "Low".into(),
            reports: "2".into(),
            duration: "1 d".into(),
            downtime: "0 min".into(),
            median: "45 s".into(),
            p90: "1 d".into(),
            // Two known durations (d-slow, 45 s; e-bill, a day): listed instead.
            counted: "2".into(),
            values: "45 s, 1 d".into(),
        }
    );
    assert_eq!(page.by_severity[2].median, "—");
    assert_eq!(
        page.by_type[1],
        TypeRow {
            slug: "error".into(),
            label: "Error".into(),
            reports: "1".into(),
            duration: "2 h".into(),
            downtime: "0 min".into(),
        }
    );
    let months: Vec<&str> = page.months.iter().map(|m| m.label.as_str()).collect();
    assert_eq!(
        months,
        [
            "Jan 2025", "Feb 2025", "Mar 2025", "Apr 2025", "May 2025", "Jun 2025"
        ]
    );
    assert_eq!(page.months[0].downtime, "25 min");
    assert_eq!(page.duration_median, "25 min");
    assert_eq!(page.duration_p90, "1 d");
    assert_eq!(
        page.longest[1],
        LongestRow {
            title: "b-errors".into(),
            href: "../incidents/b-errors/".into(),
            duration: "2 h".into(),
        }
    );
    assert_eq!(page.costliest[0].currency, "EUR");
    assert_eq!(
        page.costliest[0].items[0],
        CostliestItem {
            title: "Surprise bill".into(),
            href: "../incidents/e-bill/".into(),
            total: "~€1,234.75".into(),
        }
    );
}

#[test]
fn the_view_in_french() {
    let stats = stats_of(&archive(), Europe::Paris);
    let page = view(&stats, &french(), &StatsLabels::french(), &href);
    assert_eq!(page.figures[1].value, "1 j 2 h");
    assert_eq!(
        page.figures[1].note,
        "1 incident en cours, non compté dans les durées."
    );
    assert_eq!(page.figures[6].value, "60\u{202F}%");
    assert_eq!(page.costs[0].total, "~1\u{202F}247,25\u{a0}€");
    assert_eq!(page.by_severity[0].label, "Critique");
    assert_eq!(page.months[1].label, "févr. 2025");
}

#[test]
fn the_ongoing_note_agrees_with_its_count() {
    let mut incidents = archive();
    // e-bill ongoing too: two in all.
    incidents[0].duration.value = IncidentDuration::Ongoing;
    let stats = stats_of(&incidents, Europe::Paris);
    assert_eq!(stats.ongoing, 2);
    let page = view(&stats, &french(), &StatsLabels::french(), &href);
    assert_eq!(
        page.ongoing_note,
        "2 incidents en cours, non comptés dans les durées."
    );
    assert_eq!(page.figures[1].note, page.ongoing_note);
    let page = view(&stats, &english(), &StatsLabels::english(), &href);
    assert_eq!(
        page.ongoing_note,
        "2 ongoing incidents left out of the duration figures."
    );
    // The archive's one ongoing incident, in the singular.
    let stats = stats_of(&archive(), Europe::Paris);
    let page = view(&stats, &french(), &StatsLabels::french(), &href);
    assert_eq!(
        page.ongoing_note,
        "1 incident en cours, non compté dans les durées."
    );
    // None ongoing: no note at all.
    let finished: Vec<Incident> = archive()
        .into_iter()
        .filter(|i| !matches!(i.duration.value, IncidentDuration::Ongoing))
        .collect();
    let page = view(
        &stats_of(&finished, Europe::Paris),
        &french(),
        &StatsLabels::french(),
        &href,
    );
    assert_eq!(page.ongoing_note, "");
    assert_eq!(page.figures[1].note, "");
}

#[test]
fn the_view_json_has_the_template_fields() {
    let stats = stats_of(&archive(), Europe::Paris);
    let page = view(&stats, &english(), &StatsLabels::english(), &href);
    let json = serde_json::to_value(&page).unwrap();
    let mut keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "actions",
            "actions_by_quarter",
            "by_severity",
            "by_type",
            "calendar",
            "charts",
            "costliest",
            "costs",
            "downtime_not_given",
            "duration_median",
            "duration_p90",
            "durations",
            "figures",
            "longest",
            "months",
            "months_note",
            "ongoing",
            "ongoing_note",
            "periods",
            "services",
            "services_note",
            "time_metrics",
            "trends",
            "triggers"
        ]
    );
    let charts: Vec<&str> = json["charts"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        charts,
        [
            "by_severity_narrow_svg",
            "by_severity_svg",
            "by_type_narrow_svg",
            "by_type_svg",
            "months_narrow_svg",
            "months_svg"
        ]
    );
    assert_eq!(
        json["costliest"][0]["items"][1],
        json!({"title": "b-errors", "href": "../incidents/b-errors/", "total": "€12.50"})
    );
    assert_eq!(
        json["by_severity"][0],
        json!({"slug": "critical", "label": "Critical", "reports": "1", "duration": "25 min",
               "downtime": "25 min", "median": "25 min", "p90": "25 min", "counted": "1",
               "values": "25 min"})
    );
}

#[test]
fn durations_show_their_n_and_list_few_values_instead_of_percentiles() {
    let stats = stats_of(&archive(), Europe::Paris);
    let page = view(&stats, &english(), &StatsLabels::english(), &href);
    // Four known durations (the ongoing c-leak left out): fewer than five, so listed.
    assert_eq!(page.durations.counted, "4");
    assert_eq!(page.durations.values, "45 s, 25 min, 2 h, 1 d");
    let buckets: Vec<(&str, &str)> = page
        .durations
        .buckets
        .iter()
        .map(|b| (b.label.as_str(), b.reports.as_str()))
        .collect();
    assert_eq!(
        buckets,
        [
            ("under 5 min", "1"),
            ("5 min – 30 min", "1"),
            ("30 min – 2 h", "0"),
            ("2 h – 8 h", "1"),
            ("8 h and more", "1")
        ]
    );
    assert!(page.durations.histogram_svg.contains("chart-durations"));
    // No report gives a detection, mitigation or resolution time: one line instead of tables.
    assert_eq!(
        page.durations.delays_note,
        "Too few reports give their times to draw delays from: detection 0, mitigation 0, \
         resolution 0, out of 5 reports. To count them, add to the reports, below the \
         duration, a line such as"
    );
    // Five known durations: the median and p90 are shown, with their N, and nothing listed.
    let mut five = archive();
    five.push(incident("f-more", "2025-06-02T10:00:00Z"));
    let page = view(
        &stats_of(&five, Europe::Paris),
        &french(),
        &StatsLabels::french(),
        &href,
    );
    assert_eq!(
        (
            page.durations.counted.as_str(),
            page.durations.values.as_str()
        ),
        ("5", "")
    );
    // 45 s, 25 min, 25 min, 2 h, 1 j: the 3rd is the median, the 5th the p90.
    assert_eq!(
        (page.duration_median.as_str(), page.duration_p90.as_str()),
        ("25 min", "1 j")
    );
}

#[test]
fn three_reports_giving_a_time_are_enough_for_the_delay_tables() {
    let mut three = archive();
    for incident in three.iter_mut().take(3) {
        let start = incident.start.value;
        incident.detected = Some(spanned(Timestamp {
            instant: start.instant + chrono::Duration::minutes(5),
            has_time: true,
        }));
    }
    let stats = stats_of(&three, Europe::Paris);
    // e-bill, c-leak, a-crash have a time of day: three detection times.
    assert_eq!(stats.time_to_detect.counted, 3);
    let page = view(&stats, &english(), &StatsLabels::english(), &href);
    assert_eq!(page.durations.delays_note, "");
    // Three values, fewer than five: listed (5 min each), not ranked.
    assert_eq!(page.time_metrics[0].rows[0].values, "5 min, 5 min, 5 min");
}

#[test]
fn trends_are_charted_by_severity_and_listed_newest_first() {
    let stats = stats_of(&archive(), Europe::Paris);
    let page = view(&stats, &french(), &StatsLabels::french(), &href);
    let trends = &page.trends;
    assert_eq!(trends.unit, "month");
    let labels: Vec<&str> = trends.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "juin 2025",
            "mai 2025",
            "avr. 2025",
            "mars 2025",
            "févr. 2025",
            "janv. 2025"
        ]
    );
    // April: c-leak (medium) and d-slow (low), 10 min down, 100 $.
    let april = &trends.rows[2];
    assert_eq!(april.by_severity, ["0", "0", "1", "1"]);
    assert_eq!(april.downtime, "10 min");
    assert_eq!(trends.currencies, ["EUR", "USD"]);
    assert_eq!(april.costs, ["", "100,00\u{a0}$"]);
    assert!(trends.rows[1].empty);
    // One stacked part per severity present; each titled with its period and count.
    assert!(
        trends
            .severity_svg
            .contains(r#"<rect class="bar sev-medium""#)
    );
    assert!(
        trends
            .severity_svg
            .contains("<title>avr. 2025, Moyenne\u{a0}: 1</title>")
    );
    assert!(
        trends
            .downtime_svg
            .contains("<title>janv. 2025\u{a0}: 25 min</title>")
    );
    assert!(!trends.severity_svg.contains("style="));
    // A cost chart per currency: April's 100 $ (c-leak), June's 1 234,75 € (e-bill).
    let currencies: Vec<&str> = trends
        .cost_charts
        .iter()
        .map(|c| c.currency.as_str())
        .collect();
    assert_eq!(currencies, ["EUR", "USD"]);
    assert!(
        trends.cost_charts[1]
            .svg
            .contains("<title>avr. 2025\u{a0}: 100,00\u{a0}$</title>")
    );
    assert!(
        trends.cost_charts[0]
            .svg
            .contains("<title>juin 2025\u{a0}: 1\u{202f}234,75\u{a0}€</title>")
    );
}

#[test]
fn a_period_is_compared_in_words_with_both_counts_and_a_percentage_only_from_five() {
    let stats = stats_of(&archive(), Europe::Paris);
    let labels = StatsLabels::english();
    let (q1, q2) = (&stats.periods[1], &stats.periods[2]);
    let view = period_view(q2, Some(q1), &english(), &labels);
    assert_eq!(
        (view.label.as_str(), view.previous_label.as_str()),
        ("Q2 2025", "Q1 2025")
    );
    let rows: Vec<(&str, &str, &str, &str)> = view
        .rows
        .iter()
        .map(|r| {
            (
                r.label.as_str(),
                r.now.as_str(),
                r.before.as_str(),
                r.difference.as_str(),
            )
        })
        .collect();
    // 3 reports against 2: fewer than five each, so no percentage. Downtime 10 min against 25.
    // Costs: EUR ~1,234.75 against 12.50 (1,222.25 more); USD 100 against ~0.10 (99.90 more).
    assert_eq!(
        rows,
        [
            ("Reports", "3", "2", "1 more"),
            ("Total downtime", "10 min", "25 min", "15 min less"),
            (
                "Total cost (EUR)",
                "~€1,234.75",
                "€12.50",
                "~€1,222.25 more"
            ),
            ("Total cost (USD)", "$100.00", "~$0.10", "~$99.90 more"),
            ("Critical", "0", "1", "1 less"),
            ("High", "0", "1", "1 less"),
            ("Medium", "1", "0", "1 more"),
            ("Low", "2", "0", "2 more"),
        ]
    );
    // Six reports in Q3 against five in Q2: both at least five, so the percentage shows.
    let mut many = archive();
    for n in 0..2 {
        many.push(incident(&format!("q2-{n}"), "2025-05-10T10:00:00Z"));
    }
    for n in 0..6 {
        many.push(incident(&format!("q3-{n}"), "2025-08-10T10:00:00Z"));
    }
    let stats = stats_of(&many, Europe::Paris);
    let q3 = stats
        .periods
        .iter()
        .find(|p| p.period == "2025-Q3")
        .unwrap();
    let q2 = stats
        .periods
        .iter()
        .find(|p| p.period == "2025-Q2")
        .unwrap();
    assert_eq!((q3.reports, q2.reports), (6, 5));
    let view = period_view(q3, Some(q2), &french(), &StatsLabels::french());
    // 6 − 5 = 1, 1 / 5 = 20 %.
    assert_eq!(view.rows[0].difference, "1 de plus (+20\u{202f}%)");
    let view = period_view(q3, None, &french(), &StatsLabels::french());
    assert!(!view.compared);
}

#[test]
fn the_newest_year_is_drawn_day_by_day_in_the_colour_of_its_highest_severity() {
    let mut incidents = archive();
    // A second, critical incident on 20 April (d-slow, low, is dated that day): the day is
    // critical, with two incidents.
    incidents.push(incident("f-again", "2025-04-20T09:00:00+02:00"));
    let stats = stats_of(&incidents, Europe::Paris);
    let page = view(&stats, &french(), &StatsLabels::french(), &href);
    let calendar = page.calendar.expect("a calendar");
    assert_eq!(calendar.year, "2025");
    for svg in [&calendar.svg, &calendar.narrow_svg] {
        // 2025 has 365 days: the five with incidents are titled squares, the 360 others one
        // path of squares.
        assert_eq!(svg.matches("<rect class=\"day").count(), 5);
        let path = &svg[svg.find("<path class=\"day\" d=\"").unwrap()..];
        let path = &path[..path.find("\"/>").unwrap()];
        assert_eq!(path.matches('M').count(), 360);
        assert!(svg.contains("<title>15 janv. 2025\u{a0}: 1 incident (Critique)</title>"));
        // b-errors: 23:30 UTC on 31 January is 1 February in Paris.
        assert!(svg.contains("<title>1 févr. 2025\u{a0}: 1 incident (Haute)</title>"));
        assert!(svg.contains("<title>20 avr. 2025\u{a0}: 2 incidents (Critique)</title>"));
        assert!(!svg.contains("style="));
    }
    assert_eq!(calendar.svg.matches("class=\"day sev-").count(), 5);
}

#[test]
fn periods_with_amounts_near_the_decimal_limit_compare_without_a_panic() {
    let mut incidents = archive();
    for (n, start) in ["2025-07-10T10:00:00Z", "2025-10-10T10:00:00Z"]
        .iter()
        .enumerate()
    {
        incidents.push(with(incident(&format!("huge-{n}"), start), |i| {
            i.cost.lost = money("79228162514264337593543950335", "EUR", false);
        }));
    }
    let stats = stats_of(&incidents, Europe::Paris);
    let q3 = stats
        .periods
        .iter()
        .find(|p| p.period == "2025-Q3")
        .unwrap();
    let q4 = stats
        .periods
        .iter()
        .find(|p| p.period == "2025-Q4")
        .unwrap();
    let view = period_view(q4, Some(q3), &english(), &StatsLabels::english());
    // The same amount both quarters, however large.
    let eur = view
        .rows
        .iter()
        .find(|r| r.label == "Total cost (EUR)")
        .unwrap();
    assert_eq!(eur.difference, "the same");
    let page = super::view(&stats, &english(), &StatsLabels::english(), &href);
    assert_eq!(page.trends.cost_charts.len(), 2);
}
