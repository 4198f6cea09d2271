//! Exact figures on hand-made archives.

use std::path::PathBuf;
use std::str::FromStr;

use chrono::{DateTime, TimeZone};
use chrono_tz::{Europe, Tz, UTC};
use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::*;
use crate::config::Language;
use crate::format::Formatter;
use crate::incident::{Cost, References, Span, Spanned, UserImpact};
use crate::values::{Duration, Money, Timestamp};

fn spanned<T>(value: T) -> Spanned<T> {
    Spanned::new(value, Span::default())
}

/// A critical downtime of 25 minutes at `start` (RFC 3339), users affected, no cost.
fn incident(slug: &str, start: &str) -> Incident {
    Incident {
        slug: spanned(slug.to_string()),
        aliases: Vec::new(),
        source: PathBuf::from(format!("{slug}.md")),
        title: None,
        start: spanned(Timestamp {
            instant: DateTime::parse_from_rfc3339(start).unwrap(),
            has_time: true,
        }),
        kind: spanned(Kind::Downtime),
        severity: spanned(Severity::Critical),
        duration: spanned(IncidentDuration::Known(seconds(1_500))),
        user_impact: spanned(UserImpact {
            affected: true,
            description: None,
        }),
        detected: None,
        mitigated: None,
        resolved: None,
        summary: String::new(),
        sections: Vec::new(),
        cost: Cost::default(),
        references: References::default(),
        services: Vec::new(),
        tags: Vec::new(),
        draft: false,
        extra_fields: Vec::new(),
        actions: Vec::new(),
    }
}

fn seconds(seconds: u64) -> Duration {
    Duration {
        seconds,
        approximate: false,
        note: None,
    }
}

fn money(amount: &str, currency: &str, approximate: bool) -> Option<Spanned<Money>> {
    Some(spanned(Money {
        amount: Decimal::from_str(amount).unwrap(),
        currency: currency.to_string(),
        approximate,
        note: None,
    }))
}

fn with(mut incident: Incident, change: impl FnOnce(&mut Incident)) -> Incident {
    change(&mut incident);
    incident
}

fn title_of(incident: &Incident) -> String {
    incident
        .title
        .as_ref()
        .map_or_else(|| incident.slug.value.clone(), |t| t.value.clone())
}

fn stats_of(incidents: &[Incident], tz: Tz) -> Stats {
    let refs: Vec<&Incident> = incidents.iter().collect();
    compute(&refs, tz, &title_of)
}

/// Five reports over six months, in two currencies, one ongoing; deliberately not in order.
fn archive() -> Vec<Incident> {
    vec![
        with(incident("e-bill", "2025-06-01T10:00:00Z"), |i| {
            i.title = Some(spanned("Surprise bill".into()));
            i.severity.value = Severity::Low;
            i.kind.value = Kind::Cost;
            i.duration.value = IncidentDuration::Known(seconds(86_400));
            i.cost.lost = money("1234.5", "EUR", true);
            i.cost.resolution = money("0.25", "EUR", false);
        }),
        with(incident("c-leak", "2025-04-10T08:00:00Z"), |i| {
            i.severity.value = Severity::Medium;
            i.kind.value = Kind::Security;
            i.duration.value = IncidentDuration::Ongoing;
            i.cost.downtime = Some(spanned(seconds(600)));
            i.cost.resolution = money("100", "USD", false);
        }),
        with(incident("a-crash", "2025-01-15T13:30:00Z"), |i| {
            i.title = Some(spanned("Instance crash".into()));
            i.cost.downtime = Some(spanned(seconds(1_500)));
            i.cost.lost = money("0.10", "USD", true);
            i.cost.resolution = money("0", "USD", false);
        }),
        with(incident("d-slow", "2025-04-20T00:00:00+02:00"), |i| {
            i.start.value.has_time = false;
            i.severity.value = Severity::Low;
            i.kind.value = Kind::Performance;
            i.duration.value = IncidentDuration::Known(seconds(45));
            i.user_impact.value.affected = false;
        }),
        // 00:30 on 1 February in Paris.
        with(incident("b-errors", "2025-01-31T23:30:00Z"), |i| {
            i.severity.value = Severity::High;
            i.kind.value = Kind::Error;
            i.duration.value = IncidentDuration::Known(seconds(7_200));
            i.user_impact.value.affected = false;
            i.cost.lost = money("12.50", "EUR", false);
        }),
    ]
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

#[test]
fn nearest_rank_median_and_p90() {
    let one_to_ten: Vec<u64> = (1..=10).collect();
    assert_eq!(nearest_rank(&one_to_ten, 50), Some(5));
    assert_eq!(nearest_rank(&one_to_ten, 90), Some(9));
    assert_eq!(nearest_rank(&one_to_ten, 100), Some(10));
    assert_eq!(nearest_rank(&one_to_ten, 0), Some(1));
    assert_eq!(nearest_rank(&[42], 50), Some(42));
    assert_eq!(nearest_rank(&[42], 90), Some(42));
    assert_eq!(nearest_rank(&[10, 20], 50), Some(10));
    assert_eq!(nearest_rank(&[10, 20], 90), Some(20));
    assert_eq!(nearest_rank(&[1, 2, 3], 50), Some(2));
    assert_eq!(nearest_rank(&[], 50), None);
}

#[test]
fn totals_leave_ongoing_incidents_out_of_durations() {
    let stats = stats_of(&archive(), Europe::Paris);
    assert_eq!(stats.reports, 5);
    assert_eq!(stats.ongoing, 1);
    assert_eq!(
        stats.duration,
        DurationStats {
            total_seconds: 45 + 1_500 + 7_200 + 86_400,
            median_seconds: Some(1_500),
            p90_seconds: Some(86_400),
            counted: 4,
        }
    );
    assert_eq!(
        stats.user_impact,
        UserImpactStats {
            affected: 3,
            reports: 5
        }
    );
}

#[test]
fn downtime_not_given_counts_zero_and_is_listed() {
    let stats = stats_of(&archive(), Europe::Paris);
    assert_eq!(stats.downtime.total_seconds, 2_100);
    let listed: Vec<(&str, &str)> = stats
        .downtime
        .not_given
        .iter()
        .map(|r| (r.slug.as_str(), r.title.as_str()))
        .collect();
    assert_eq!(
        listed,
        [
            ("b-errors", "b-errors"),
            ("d-slow", "d-slow"),
            ("e-bill", "Surprise bill")
        ]
    );
}

#[test]
fn costs_per_currency_with_approximate_totals() {
    let stats = stats_of(&archive(), Europe::Paris);
    assert_eq!(
        stats.costs,
        [
            CurrencyCost {
                currency: "EUR".into(),
                lost: dec("1247.00"),
                resolution: dec("0.25"),
                total: dec("1247.25"),
                approximate: true,
                lost_approximate: true,
                resolution_approximate: false,
            },
            CurrencyCost {
                currency: "USD".into(),
                lost: dec("0.10"),
                resolution: dec("100"),
                total: dec("100.10"),
                approximate: true,
                lost_approximate: true,
                resolution_approximate: false,
            },
        ]
    );
}

#[test]
fn exact_amounts_give_an_exact_total() {
    let incidents = vec![
        with(incident("a", "2025-01-01T10:00:00Z"), |i| {
            i.cost.lost = money("0.1", "USD", false);
        }),
        with(incident("b", "2025-01-02T10:00:00Z"), |i| {
            i.cost.lost = money("0.2", "usd", false);
            i.cost.resolution = money("1500", "JPY", false);
        }),
    ];
    let stats = stats_of(&incidents, UTC);
    assert_eq!(stats.costs.len(), 2);
    assert_eq!(stats.costs[0].currency, "JPY");
    assert_eq!(stats.costs[0].total, dec("1500"));
    assert_eq!(stats.costs[1].currency, "USD");
    // Exact decimals: 0.1 + 0.2 is 0.3, never 0.30000000000000004.
    assert_eq!(money_string(&stats.costs[1].total), "0.30");
    assert!(!stats.costs[1].approximate);
    // Each currency ranks its own incidents: `b` is in both.
    assert_eq!(stats.costliest.len(), 2);
    assert_eq!(stats.costliest[0].incidents.len(), 1);
    assert_eq!(stats.costliest[1].incidents[0].slug, "b");
    assert_eq!(stats.costliest[1].incidents[0].total, dec("0.2"));
}

#[test]
fn by_severity_and_type_cover_every_value() {
    let stats = stats_of(&archive(), Europe::Paris);
    let severities: Vec<_> = stats
        .by_severity
        .iter()
        .map(|s| {
            (
                s.slug,
                s.reports,
                s.duration_seconds,
                s.downtime_seconds,
                s.median_seconds,
                s.p90_seconds,
            )
        })
        .collect();
    assert_eq!(
        severities,
        [
            ("critical", 1, 1_500, 1_500, Some(1_500), Some(1_500)),
            ("high", 1, 7_200, 0, Some(7_200), Some(7_200)),
            ("medium", 1, 0, 600, None, None),
            ("low", 2, 86_445, 0, Some(45), Some(86_400)),
        ]
    );
    let types: Vec<_> = stats
        .by_type
        .iter()
        .map(|t| (t.slug, t.reports, t.duration_seconds, t.downtime_seconds))
        .collect();
    assert_eq!(
        types,
        [
            ("downtime", 1, 1_500, 1_500),
            ("error", 1, 7_200, 0),
            ("security", 1, 0, 600),
            ("performance", 1, 45, 0),
            ("cost", 1, 86_400, 0),
        ]
    );
}

#[test]
fn months_span_the_archive_in_the_site_time_zone() {
    let stats = stats_of(&archive(), Europe::Paris);
    let months: Vec<_> = stats
        .months
        .iter()
        .map(|m| (m.month.as_str(), m.reports, m.downtime_seconds))
        .collect();
    assert_eq!(
        months,
        [
            ("2025-01", 1, 1_500),
            ("2025-02", 1, 0),
            ("2025-03", 0, 0),
            ("2025-04", 2, 600),
            ("2025-05", 0, 0),
            ("2025-06", 1, 0),
        ]
    );
    // In UTC the late-January incident stays in January.
    let utc = stats_of(&archive(), UTC);
    assert_eq!(utc.months[0].month, "2025-01");
    assert_eq!(utc.months[0].reports, 2);
    assert_eq!(utc.months[1].reports, 0);
}

#[test]
fn months_cross_years_and_a_date_alone_counts_on_its_day() {
    let incidents = vec![
        incident("late", "2024-11-20T10:00:00Z"),
        // A day written alone in Tokyo's time: 1 March there, still 28 February in UTC.
        with(incident("day", "2025-03-01T00:00:00+09:00"), |i| {
            i.start.value.has_time = false;
        }),
    ];
    let stats = stats_of(&incidents, UTC);
    let months: Vec<&str> = stats.months.iter().map(|m| m.month.as_str()).collect();
    assert_eq!(
        months,
        ["2024-11", "2024-12", "2025-01", "2025-02", "2025-03"]
    );
    assert_eq!(stats.months[4].reports, 1);
    assert_eq!(
        (stats.months[4].year, stats.months[4].month_of_year),
        (2025, 3)
    );
}

#[test]
fn longest_five_with_ties_by_start_then_slug() {
    let mut incidents = archive();
    incidents.push(with(incident("f-late", "2025-06-02T10:00:00Z"), |i| {
        i.duration.value = IncidentDuration::Known(seconds(7_200));
    }));
    incidents.push(with(incident("g-same", "2025-01-31T23:30:00Z"), |i| {
        i.duration.value = IncidentDuration::Known(seconds(7_200));
    }));
    let stats = stats_of(&incidents, Europe::Paris);
    let longest: Vec<_> = stats
        .longest
        .iter()
        .map(|l| (l.slug.as_str(), l.duration_seconds))
        .collect();
    assert_eq!(
        longest,
        [
            ("e-bill", 86_400),
            // Same duration: earlier start first, then slug at the same start.
            ("b-errors", 7_200),
            ("g-same", 7_200),
            ("f-late", 7_200),
            ("a-crash", 1_500),
        ]
    );
    assert_eq!(stats.longest[0].title, "Surprise bill");
}

/// Per currency: (slug, total, approximate).
type Ranked<'a> = Vec<(&'a str, Vec<(&'a str, Decimal, bool)>)>;

#[test]
fn costliest_ranked_by_total_within_each_currency() {
    let stats = stats_of(&archive(), Europe::Paris);
    let ranked: Ranked = stats
        .costliest
        .iter()
        .map(|c| {
            (
                c.currency.as_str(),
                c.incidents
                    .iter()
                    .map(|i| (i.slug.as_str(), i.total, i.approximate))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        ranked,
        [
            (
                "EUR",
                vec![
                    ("e-bill", dec("1234.75"), true),
                    ("b-errors", dec("12.50"), false)
                ]
            ),
            (
                "USD",
                vec![
                    ("c-leak", dec("100"), false),
                    ("a-crash", dec("0.10"), true)
                ]
            ),
        ]
    );
}

#[test]
fn costliest_keeps_five_and_leaves_out_zero_costs() {
    let mut incidents: Vec<Incident> = (1..=7)
        .map(|n| {
            with(
                incident(&format!("i{n}"), &format!("2025-01-0{n}T10:00:00Z")),
                |i| i.cost.lost = money(if n == 3 { "50" } else { "10" }, "EUR", false),
            )
        })
        .collect();
    incidents.push(with(incident("free", "2025-01-08T10:00:00Z"), |i| {
        i.cost.lost = money("0", "GBP", false);
    }));
    let stats = stats_of(&incidents, UTC);
    assert_eq!(stats.costs.len(), 2);
    assert_eq!(stats.costs[1].currency, "GBP");
    assert_eq!(stats.costliest.len(), 1);
    let slugs: Vec<&str> = stats.costliest[0]
        .incidents
        .iter()
        .map(|i| i.slug.as_str())
        .collect();
    assert_eq!(slugs, ["i3", "i1", "i2", "i4", "i5"]);
}

#[test]
fn input_order_does_not_matter() {
    let incidents = archive();
    let forward: Vec<&Incident> = incidents.iter().collect();
    let backward: Vec<&Incident> = incidents.iter().rev().collect();
    let a = compute(&forward, Europe::Paris, &title_of);
    let b = compute(&backward, Europe::Paris, &title_of);
    assert_eq!(a, b);
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
}

#[test]
fn an_empty_archive() {
    let stats = stats_of(&[], UTC);
    assert_eq!(stats.reports, 0);
    assert_eq!(stats.duration.median_seconds, None);
    assert!(stats.months.is_empty());
    assert_eq!(stats.by_severity.len(), 4);
    assert_eq!(stats.by_type.len(), 5);
    let page = view(&stats, &english(), &StatsLabels::english(), &href);
    assert_eq!(page.duration_median, "—");
    assert_eq!(page.charts.months_svg, "");
    assert_eq!(page.figures.last().unwrap().value, "—");
}

#[test]
fn json_shape_and_values() {
    let stats = stats_of(&archive(), Europe::Paris);
    let json = serde_json::to_value(&stats).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = vec![
        "reports",
        "ongoing",
        "duration",
        "downtime",
        "costs",
        "user_impact",
        "by_severity",
        "by_type",
        "months",
        "before_months",
        "longest",
        "costliest",
        "time_to_detect",
        "time_to_mitigate",
        "time_to_resolve",
        "actions",
    ];
    expected.sort_unstable();
    let mut keys = keys;
    keys.sort_unstable();
    assert_eq!(keys, expected);
    assert_eq!(
        json["duration"],
        json!({"total_seconds": 95_145, "median_seconds": 1500, "p90_seconds": 86_400, "counted": 4})
    );
    assert_eq!(
        json["downtime"]["not_given"][2],
        json!({"slug": "e-bill", "title": "Surprise bill"})
    );
    assert_eq!(
        json["costs"][1],
        json!({"currency": "USD", "lost": "0.10", "resolution": "100.00", "total": "100.10",
               "approximate": true, "lost_approximate": true, "resolution_approximate": false})
    );
    assert_eq!(json["costs"][0]["lost"], "1247.00");
    assert_eq!(json["user_impact"], json!({"affected": 3, "reports": 5}));
    assert_eq!(
        json["by_severity"][2],
        json!({"slug": "medium", "reports": 1, "duration_seconds": 0, "downtime_seconds": 600,
               "median_seconds": null, "p90_seconds": null})
    );
    assert_eq!(
        json["by_type"][0],
        json!({"slug": "downtime", "reports": 1, "duration_seconds": 1500, "downtime_seconds": 1500})
    );
    assert_eq!(
        json["months"][0],
        json!({"month": "2025-01", "reports": 1, "downtime_seconds": 1500})
    );
    assert_eq!(
        json["before_months"],
        json!({"reports": 0, "downtime_seconds": 0})
    );
    assert_eq!(
        json["longest"][0],
        json!({"slug": "e-bill", "title": "Surprise bill", "duration_seconds": 86_400})
    );
    assert_eq!(
        json["costliest"][1],
        json!({"currency": "USD", "incidents": [
            {"slug": "c-leak", "title": "c-leak", "total": "100.00", "approximate": false},
            {"slug": "a-crash", "title": "Instance crash", "total": "0.10", "approximate": true}
        ]})
    );
    assert_eq!(json["reports"], Value::from(5));
    assert_eq!(json["ongoing"], Value::from(1));
}

#[test]
fn money_strings_keep_two_decimals_at_least() {
    assert_eq!(money_string(&dec("0")), "0.00");
    assert_eq!(money_string(&dec("0.1")), "0.10");
    assert_eq!(money_string(&dec("1234.5")), "1234.50");
    assert_eq!(money_string(&dec("1234.500")), "1234.50");
    assert_eq!(money_string(&dec("0.125")), "0.125");
    assert_eq!(money_string(&dec("1500")), "1500.00");
    assert_eq!(
        money_string(&Decimal::MAX),
        "79228162514264337593543950335.00"
    );
}

#[test]
fn huge_sums_do_not_panic() {
    let incidents = vec![
        with(incident("a", "2025-01-01T10:00:00Z"), |i| {
            i.cost.lost = Some(spanned(Money {
                amount: Decimal::MAX,
                currency: "USD".into(),
                approximate: false,
                note: None,
            }));
            i.cost.resolution = money("1", "USD", false);
            i.duration.value = IncidentDuration::Known(seconds(u64::MAX));
            i.cost.downtime = Some(spanned(seconds(u64::MAX)));
        }),
        with(incident("b", "2025-01-02T10:00:00Z"), |i| {
            i.duration.value = IncidentDuration::Known(seconds(u64::MAX));
            i.cost.downtime = Some(spanned(seconds(1)));
        }),
    ];
    let stats = stats_of(&incidents, UTC);
    assert_eq!(stats.duration.total_seconds, u64::MAX);
    assert_eq!(stats.downtime.total_seconds, u64::MAX);
    assert_eq!(stats.costs[0].total, Decimal::MAX);
}

fn english() -> Formatter {
    Formatter::new(Language::English, Europe::Paris)
}

fn french() -> Formatter {
    Formatter::new(Language::French, Europe::Paris)
}

fn href(slug: &str) -> String {
    format!("../incidents/{slug}/")
}

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
                "1 ongoing incident(s) left out of the duration figures."
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
        "1 incident(s) en cours, non compté(s) dans les durées."
    );
    assert_eq!(page.figures[6].value, "60\u{202F}%");
    assert_eq!(page.costs[0].total, "~1\u{202F}247,25\u{a0}€");
    assert_eq!(page.by_severity[0].label, "Critique");
    assert_eq!(page.months[1].label, "févr. 2025");
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
            "by_severity",
            "by_type",
            "charts",
            "costliest",
            "costs",
            "downtime_not_given",
            "duration_median",
            "duration_p90",
            "figures",
            "longest",
            "months",
            "months_note",
            "ongoing",
            "time_metrics"
        ]
    );
    let charts: Vec<&str> = json["charts"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(charts, ["by_severity_svg", "by_type_svg", "months_svg"]);
    assert_eq!(
        json["costliest"][0]["items"][1],
        json!({"title": "b-errors", "href": "../incidents/b-errors/", "total": "€12.50"})
    );
    assert_eq!(
        json["by_severity"][0],
        json!({"slug": "critical", "label": "Critical", "reports": "1", "duration": "25 min",
               "downtime": "25 min", "median": "25 min", "p90": "25 min"})
    );
}

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
        "1 incident(s) before Dec 1965 are not in the monthly chart and table, which cover at \
         most 50 years up to the newest incident; every other figure counts them."
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
        "1 incident(s) antérieur(s) à janv. 1976 ne figure(nt) pas dans le graphique et le \
         tableau mensuels, qui couvrent au plus 50 ans jusqu'au dernier incident ; tous les \
         autres chiffres les comptent."
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
            .starts_with("1 incident(s) before Feb 9949 ")
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
