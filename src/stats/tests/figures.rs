//! The figures computed from hand-made archives: totals, costs, groups, months, rankings, JSON.

use super::*;

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
            // 45 s under 5 min; 1 500 s (25 min) in [5, 30 min); none in [30 min, 2 h):
            // 7 200 s is 2 h exactly, so in [2 h, 8 h); 86 400 s (a day) in [8 h, ∞).
            buckets: [
                (0, Some(300), 1),
                (300, Some(1_800), 1),
                (1_800, Some(7_200), 0),
                (7_200, Some(28_800), 1),
                (28_800, None, 1)
            ]
            .map(|(from_seconds, to_seconds, reports)| DurationBucket {
                from_seconds,
                to_seconds,
                reports,
            })
            .to_vec(),
            // Four durations, fewer than five: listed.
            values_seconds: vec![45, 1_500, 7_200, 86_400],
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
    let a = compute(&forward, Europe::Paris, &Default::default(), &title_of);
    let b = compute(&backward, Europe::Paris, &Default::default(), &title_of);
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
        "trends",
        "periods",
        "longest",
        "costliest",
        "time_to_detect",
        "time_to_mitigate",
        "time_to_resolve",
        "actions",
        "services",
        "actions_by_quarter",
        "triggers",
        "triggers_not_given",
        "factors",
        "trigger_quarters",
    ];
    expected.sort_unstable();
    let mut keys = keys;
    keys.sort_unstable();
    assert_eq!(keys, expected);
    assert_eq!(
        json["duration"],
        json!({"total_seconds": 95_145, "median_seconds": 1500, "p90_seconds": 86_400, "counted": 4,
               "buckets": [
                   {"from_seconds": 0, "to_seconds": 300, "reports": 1},
                   {"from_seconds": 300, "to_seconds": 1_800, "reports": 1},
                   {"from_seconds": 1_800, "to_seconds": 7_200, "reports": 0},
                   {"from_seconds": 7_200, "to_seconds": 28_800, "reports": 1},
                   {"from_seconds": 28_800, "to_seconds": null, "reports": 1}]})
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

#[test]
fn trends_go_by_month_with_severities_downtime_and_costs() {
    let stats = stats_of(&archive(), Europe::Paris);
    assert_eq!(stats.trends.unit, "month");
    let json = serde_json::to_value(&stats.trends).unwrap();
    let periods = json["periods"].as_array().unwrap();
    // January to June 2025 in Paris, empty months included.
    let keys: Vec<&str> = periods
        .iter()
        .map(|p| p["period"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"
        ]
    );
    // January: a-crash, critical, 25 min down, ~$0.10 + $0.
    assert_eq!(
        periods[0],
        json!({"period": "2025-01", "reports": 1,
               "by_severity": [{"slug": "critical", "reports": 1}, {"slug": "high", "reports": 0},
                               {"slug": "medium", "reports": 0}, {"slug": "low", "reports": 0}],
               "downtime_seconds": 1_500,
               "costs": [{"currency": "USD", "total": "0.10", "approximate": true}]})
    );
    // February: b-errors (23:30 UTC on 31 January is 00:30 on 1 February in Paris), €12.50.
    assert_eq!(periods[1]["by_severity"][1]["reports"], 1);
    assert_eq!(
        periods[1]["costs"],
        json!([{"currency": "EUR", "total": "12.50", "approximate": false}])
    );
    // April: c-leak (medium, 10 min down, $100) and d-slow (low, date only).
    assert_eq!(periods[3]["reports"], 2);
    assert_eq!(periods[3]["downtime_seconds"], 600);
    assert_eq!(
        periods[3]["costs"],
        json!([{"currency": "USD", "total": "100.00", "approximate": false}])
    );
    // June: e-bill, ~€1,234.50 + €0.25.
    assert_eq!(
        periods[5]["costs"],
        json!([{"currency": "EUR", "total": "1234.75", "approximate": true}])
    );
    assert_eq!(periods[2]["reports"], 0);
}

#[test]
fn trends_go_by_quarter_past_three_years() {
    let mut incidents = archive();
    incidents.push(incident("z-old", "2021-12-10T10:00:00Z"));
    let stats = stats_of(&incidents, Europe::Paris);
    // December 2021 to June 2025: 43 months, more than 36.
    assert_eq!(stats.months.len(), 43);
    assert_eq!(stats.trends.unit, "quarter");
    let keys: Vec<&str> = stats
        .trends
        .periods
        .iter()
        .map(|p| p.period.as_str())
        .collect();
    assert_eq!(keys.len(), 15);
    assert_eq!((keys[0], keys[14]), ("2021-Q4", "2025-Q2"));
    // Q1 2025: a-crash and b-errors; Q2: c-leak, d-slow, e-bill.
    let q1 = &stats.trends.periods[13];
    assert_eq!(
        (q1.period.as_str(), q1.reports, q1.downtime_seconds),
        ("2025-Q1", 2, 1_500)
    );
    assert_eq!(stats.trends.periods[14].reports, 3);
}

#[test]
fn periods_are_the_years_and_quarters_with_reports() {
    let stats = stats_of(&archive(), Europe::Paris);
    let json = serde_json::to_value(&stats.periods).unwrap();
    let keys: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["period"].as_str().unwrap())
        .collect();
    // Every report is of 2025: January-February (a, b) in Q1, April-June (c, d, e) in Q2.
    assert_eq!(keys, ["2025", "2025-Q1", "2025-Q2"]);
    // 2025: 1 500 s (a) + 600 s (c); 2024 has no report, so no previous.
    assert_eq!(json[0]["reports"], 5);
    assert_eq!(json[0]["downtime_seconds"], 2_100);
    assert_eq!(json[0]["previous"], Value::Null);
    assert_eq!(json[1]["previous"], Value::Null);
    assert_eq!(
        json[2],
        json!({"period": "2025-Q2", "reports": 3, "downtime_seconds": 600,
               "by_severity": [{"slug": "critical", "reports": 0}, {"slug": "high", "reports": 0},
                               {"slug": "medium", "reports": 1}, {"slug": "low", "reports": 2}],
               "costs": [{"currency": "EUR", "total": "1234.75", "approximate": true},
                         {"currency": "USD", "total": "100.00", "approximate": false}],
               "previous": "2025-Q1"})
    );
}
