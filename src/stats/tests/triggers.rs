//! Triggers and factors counted on a small archive whose figures are computed by hand below.

use super::*;
use crate::incident::Trigger;

fn caused(
    slug: &str,
    start: &str,
    trigger: Option<Trigger>,
    downtime: Option<u64>,
    factors: &[&str],
) -> Incident {
    with(incident(slug, start), |i| {
        i.trigger = trigger.map(spanned);
        i.cost.downtime = downtime.map(|s| spanned(seconds(s)));
        i.factors = factors.iter().map(|f| spanned(f.to_string())).collect();
    })
}

/// Six reports, not in order, read in Paris (UTC+1 in winter, UTC+2 from 30 March 2025):
///
/// | report | start (UTC)          | in Paris            | quarter | trigger  | downtime | factors |
/// |--------|----------------------|---------------------|---------|----------|----------|---------|
/// | e      | 2024-10-01 (a day)   | 2024-10-01          | 2024-Q4 | unknown  | 120 s    | —       |
/// | d      | 2024-12-31 23:30     | 2025-01-01 00:30    | 2025-Q1 | —        | 3 600 s  | Runbook Absent |
/// | b      | 2025-02-10 09:00     | 2025-02-10 10:00    | 2025-Q1 | deploy   | 600 s    | alerte-muette |
/// | a      | 2025-03-31 22:30     | 2025-04-01 00:30    | 2025-Q2 | deploy   | 1 800 s  | Alerte muette, Runbook absent |
/// | f      | 2025-04-15 10:00     | 2025-04-15 12:00    | 2025-Q2 | deploy   | 300 s    | runbook absent, Runbook absent |
/// | c      | 2025-05-05 12:00     | 2025-05-05 14:00    | 2025-Q2 | capacity | not given| Pic de trafic |
///
/// d and a change quarter with the time zone: in UTC they would be 2024-Q4 and 2025-Q1.
fn causes() -> Vec<Incident> {
    let e = with(
        caused(
            "e",
            "2024-10-01T00:00:00+02:00",
            Some(Trigger::Unknown),
            Some(120),
            &[],
        ),
        |i| i.start.value.has_time = false,
    );
    vec![
        caused(
            "c",
            "2025-05-05T12:00:00Z",
            Some(Trigger::Capacity),
            None,
            &["Pic de trafic"],
        ),
        caused(
            "a",
            "2025-03-31T22:30:00Z",
            Some(Trigger::Deploy),
            Some(1_800),
            &["Alerte muette", "Runbook absent"],
        ),
        e,
        caused(
            "f",
            "2025-04-15T10:00:00Z",
            Some(Trigger::Deploy),
            Some(300),
            &["runbook absent", "Runbook absent"],
        ),
        caused(
            "d",
            "2024-12-31T23:30:00Z",
            None,
            Some(3_600),
            &["Runbook Absent"],
        ),
        caused(
            "b",
            "2025-02-10T09:00:00Z",
            Some(Trigger::Deploy),
            Some(600),
            &["alerte-muette"],
        ),
    ]
}

#[test]
fn reports_and_downtime_per_trigger_with_the_reports_giving_none_apart() {
    let json = serde_json::to_value(stats_of(&causes(), Europe::Paris)).unwrap();
    // deploy: a, b, f = 3 reports, 1 800 + 600 + 300 = 2 700 s; capacity: c, whose downtime
    // is not given (0); unknown: e, 120 s; no trigger: d, 3 600 s. The seven always listed.
    assert_eq!(
        json["triggers"],
        json!([
            {"slug": "deploy", "reports": 3, "downtime_seconds": 2_700},
            {"slug": "config", "reports": 0, "downtime_seconds": 0},
            {"slug": "capacity", "reports": 1, "downtime_seconds": 0},
            {"slug": "dependency", "reports": 0, "downtime_seconds": 0},
            {"slug": "hardware", "reports": 0, "downtime_seconds": 0},
            {"slug": "security", "reports": 0, "downtime_seconds": 0},
            {"slug": "unknown", "reports": 1, "downtime_seconds": 120},
        ])
    );
    assert_eq!(
        json["triggers_not_given"],
        json!({"reports": 1, "downtime_seconds": 3_600})
    );
    // 3 + 1 + 1 + 1 (none) = the 6 reports; 2 700 + 0 + 120 + 3 600 = 6 420 s, the total.
    assert_eq!(json["reports"], 6);
    assert_eq!(json["downtime"]["total_seconds"], 6_420);
}

#[test]
fn factors_by_slug_once_per_report_most_reports_first() {
    let json = serde_json::to_value(stats_of(&causes(), Europe::Paris)).unwrap();
    // runbook-absent: a, d, f (f writes it twice: once) = 3 reports, 1 800 + 3 600 + 300 =
    // 5 700 s, named as the newest of them (f) first writes it; alerte-muette: a, b = 2,
    // 1 800 + 600 = 2 400 s, named as a writes it; pic-de-trafic: c = 1, 0 s.
    assert_eq!(
        json["factors"],
        json!([
            {"name": "runbook absent", "slug": "runbook-absent", "reports": 3, "downtime_seconds": 5_700},
            {"name": "Alerte muette", "slug": "alerte-muette", "reports": 2, "downtime_seconds": 2_400},
            {"name": "Pic de trafic", "slug": "pic-de-trafic", "reports": 1, "downtime_seconds": 0},
        ])
    );
}

#[test]
fn reports_per_quarter_and_trigger_in_the_site_time_zone() {
    let quarter = |name: &str, reports: usize, counts: [usize; 7], not_given: usize| {
        let by_trigger: Vec<Value> = Trigger::ALL
            .iter()
            .zip(counts)
            .map(|(t, n)| json!({"slug": t.slug(), "reports": n}))
            .collect();
        json!({"quarter": name, "reports": reports, "by_trigger": by_trigger, "not_given": not_given})
    };
    let json = serde_json::to_value(stats_of(&causes(), Europe::Paris)).unwrap();
    // Order: deploy, config, capacity, dependency, hardware, security, unknown.
    assert_eq!(
        json["trigger_quarters"],
        json!([
            // e.
            quarter("2024-Q4", 1, [0, 0, 0, 0, 0, 0, 1], 0),
            // d (no trigger), b (deploy).
            quarter("2025-Q1", 2, [1, 0, 0, 0, 0, 0, 0], 1),
            // a, f (deploy), c (capacity).
            quarter("2025-Q2", 3, [2, 0, 1, 0, 0, 0, 0], 0),
        ])
    );
    // In UTC, d falls in 2024-Q4 and a in 2025-Q1.
    let json = serde_json::to_value(stats_of(&causes(), UTC)).unwrap();
    let quarters: Vec<(&str, u64)> = json["trigger_quarters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            (
                q["quarter"].as_str().unwrap(),
                q["reports"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(quarters, [("2024-Q4", 2), ("2025-Q1", 2), ("2025-Q2", 2)]);
}

#[test]
fn an_archive_without_triggers_counts_every_report_as_giving_none() {
    let json = serde_json::to_value(stats_of(&archive(), Europe::Paris)).unwrap();
    assert!(
        json["triggers"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["reports"] == 0)
    );
    // The five reports of `archive`; downtimes 600 (c-leak) + 1 500 (a-crash).
    assert_eq!(
        json["triggers_not_given"],
        json!({"reports": 5, "downtime_seconds": 2_100})
    );
    assert_eq!(json["factors"], json!([]));
    let page = view(
        &stats_of(&archive(), Europe::Paris),
        &french(),
        &StatsLabels::french(),
        &href,
    );
    assert!(!page.triggers.any);
    assert_eq!(page.triggers.chart_svg, "");
}

#[test]
fn the_page_shows_shares_quarters_newest_first_and_the_factors() {
    let stats = stats_of(&causes(), Europe::Paris);
    let page = view(&stats, &french(), &StatsLabels::french(), &href).triggers;
    assert!(page.any);
    let rows: Vec<(&str, &str, &str, &str, bool)> = page
        .rows
        .iter()
        .map(|r| {
            (
                r.label.as_str(),
                r.reports.as_str(),
                r.share.as_str(),
                r.downtime.as_str(),
                r.listed,
            )
        })
        .collect();
    // Shares of the 6 reports: 3/6 = 50 %, 1/6 = 16,7 %; 2 700 s = 45 min, 120 s = 2 min.
    assert_eq!(
        rows,
        [
            ("Déploiement", "3", "50\u{202f}%", "45 min", true),
            ("Configuration", "0", "0\u{202f}%", "0 min", false),
            ("Capacité", "1", "16,7\u{202f}%", "0 min", true),
            ("Dépendance", "0", "0\u{202f}%", "0 min", false),
            ("Matériel", "0", "0\u{202f}%", "0 min", false),
            ("Sécurité", "0", "0\u{202f}%", "0 min", false),
            ("Inconnu", "1", "16,7\u{202f}%", "2 min", true),
        ]
    );
    assert_eq!(page.not_given.label, "Non indiqué");
    assert_eq!(page.not_given.share, "16,7\u{202f}%");
    assert_eq!(page.not_given.downtime, "1 h");
    // The columns: the triggers given, then the reports giving none.
    let columns: Vec<&str> = page
        .quarter_columns
        .iter()
        .map(|c| c.label.as_str())
        .collect();
    assert_eq!(
        columns,
        ["Déploiement", "Capacité", "Inconnu", "Non indiqué"]
    );
    let quarters: Vec<(&str, Vec<&str>, &str)> = page
        .quarters
        .iter()
        .map(|q| {
            (
                q.label.as_str(),
                q.counts.iter().map(String::as_str).collect(),
                q.total.as_str(),
            )
        })
        .collect();
    assert_eq!(
        quarters,
        [
            ("T2 2025", vec!["2", "1", "0", "0"], "3"),
            ("T1 2025", vec!["1", "0", "0", "1"], "2"),
            ("T4 2024", vec!["0", "0", "1", "0"], "1"),
        ]
    );
    assert_eq!(page.quarters_note, "");
    let factors: Vec<(&str, &str, &str)> = page
        .factors
        .iter()
        .map(|f| (f.name.as_str(), f.reports.as_str(), f.downtime.as_str()))
        .collect();
    // 5 700 s = 1 h 35; 2 400 s = 40 min.
    assert_eq!(
        factors,
        [
            ("runbook absent", "3", "1 h 35"),
            ("Alerte muette", "2", "40 min"),
            ("Pic de trafic", "1", "0 min"),
        ]
    );
    // The chart: eight bars (the seven, then none given), each with its label and count.
    for chart in [&page.chart_svg, &page.chart_narrow_svg] {
        assert!(chart.contains("chart-triggers"), "{chart}");
        assert_eq!(chart.matches("class=\"bar trigger\"").count(), 8, "{chart}");
        assert!(chart.contains("Rapports par déclencheur"), "{chart}");
        assert!(chart.contains(">Non indiqué<"), "{chart}");
    }
    assert!(page.chart_narrow_svg.contains("chart-narrow"));
    let english = view(&stats, &english(), &StatsLabels::english(), &href).triggers;
    assert_eq!(english.quarters[0].label, "Q2 2025");
    assert_eq!(english.rows[0].label, "Deploy");
    assert_eq!(english.rows[0].share, "50%");
    assert_eq!(english.not_given.label, "Not given");
}

#[test]
fn the_page_lists_the_last_40_quarters_and_the_20_first_factors() {
    // One report in the first quarter of each year from 1980 to 2024: 45 quarters. The
    // newest, of 2024, also names 25 factors, `f01` to `f25`, one report each.
    let mut incidents: Vec<Incident> = (1980..=2024)
        .map(|year| {
            caused(
                &format!("r{year}"),
                &format!("{year}-02-01T12:00:00Z"),
                Some(Trigger::Hardware),
                None,
                &[],
            )
        })
        .collect();
    let names: Vec<String> = (1..=25).map(|n| format!("f{n:02}")).collect();
    if let Some(last) = incidents.last_mut() {
        last.factors = names.iter().map(|n| spanned(n.clone())).collect();
    }
    let stats = stats_of(&incidents, Europe::Paris);
    assert_eq!(stats.triggers.trigger_quarters.len(), 45);
    assert_eq!(stats.triggers.factors.len(), 25);
    let page = view(&stats, &french(), &StatsLabels::french(), &href).triggers;
    assert_eq!(page.quarters.len(), 40);
    // Newest first: 2024 down to 1985 (40 years).
    assert_eq!(page.quarters[0].label, "T1 2024");
    assert_eq!(page.quarters[39].label, "T1 1985");
    assert_eq!(
        page.quarters_note,
        "Les 40 derniers trimestres sur 45 ; stats.json les donne tous."
    );
    // All with one report: by slug, f01 to f20.
    assert_eq!(page.factors.len(), 20);
    assert_eq!(page.factors[0].name, "f01");
    assert_eq!(page.factors[19].name, "f20");
    assert_eq!(
        page.factors_note,
        "Les 20 facteurs cités par le plus de rapports, sur 25 ; stats.json les donne tous."
    );
}
