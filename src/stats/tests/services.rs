//! Each service's availability on an archive computed by hand (Europe/Paris): a downtime
//! across a month's end, an overlap, a report without downtime, a date-only report, a month
//! with a clock change, and a service described in incidex.yaml that no report names.

use super::*;
use crate::config::ServiceConfig;

/// Month lengths in Paris, in seconds: January and February 2025 have no clock change; March
/// loses the hour skipped on the 30th.
const JAN: f64 = 31.0 * 86_400.0; // 2 678 400
const FEB: f64 = 28.0 * 86_400.0; // 2 419 200
const MAR: f64 = 31.0 * 86_400.0 - 3_600.0; // 2 674 800

fn named(slug: &str, start: &str, services: &[&str], downtime: Option<u64>) -> Incident {
    with(incident(slug, start), |i| {
        i.services = services.iter().map(|s| spanned(s.to_string())).collect();
        i.cost.downtime = downtime.map(|s| spanned(seconds(s)));
    })
}

fn archive() -> Vec<Incident> {
    vec![
        // Jan 31 23:30 to Feb 1 01:30 (Paris): 30 min in January, 90 min in February.
        named("a", "2025-01-31T23:30:00+01:00", &["api"], Some(7_200)),
        // Feb 1 00:30 to 01:30, inside `a` for the API: counted once there.
        named(
            "b",
            "2025-02-01T00:30:00+01:00",
            &["api", "worker"],
            Some(3_600),
        ),
        // Names the API (another spelling, same slug) without a downtime.
        named("c", "2025-02-10T10:00:00+01:00", &["API"], None),
        // Date only: from midnight, 30 min.
        with(
            named("d", "2025-03-15T00:00:00+01:00", &["Worker"], Some(1_800)),
            |i| i.start.value.has_time = false,
        ),
        // 01:30 to 02:30 (Paris) on the night the clock skips from 02:00 to 03:00: an hour
        // of real time all the same (00:30 to 01:30 UTC).
        named("e", "2025-03-30T01:30:00+01:00", &["api"], Some(3_600)),
    ]
}

fn configured() -> BTreeMap<String, ServiceConfig> {
    BTreeMap::from([
        (
            "api".to_string(),
            ServiceConfig {
                name: Some("API publique".into()),
                slo: Some(99.9),
            },
        ),
        (
            "db".to_string(),
            ServiceConfig {
                name: None,
                slo: Some(99.5),
            },
        ),
    ])
}

fn services() -> Vec<ServiceStats> {
    let incidents = archive();
    let refs: Vec<&Incident> = incidents.iter().collect();
    compute(&refs, Europe::Paris, &configured(), &title_of).services
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn the_api_counts_overlaps_once_and_splits_the_month_end() {
    let all = services();
    let api = all.iter().find(|s| s.slug == "api").expect("api");
    assert_eq!(api.name, "API publique");
    assert_eq!(api.slo, Some(99.9));
    assert_eq!(api.reports, 4);
    assert_eq!(api.downtime_not_given, 1);
    // 1 800 + 5 400 + 3 600: `b` lies inside `a`, so not 7 200 + 3 600 + 3 600 = 14 400.
    assert_eq!(api.downtime_seconds, 10_800);
    let months: Vec<(&str, u64)> = api
        .months
        .iter()
        .map(|m| (m.month.as_str(), m.downtime_seconds))
        .collect();
    assert_eq!(
        months,
        [("2025-01", 1_800), ("2025-02", 5_400), ("2025-03", 3_600)]
    );
    // January: 1 − 1 800 / 2 678 400 = 0.999327956…; budget 1 800 / (0.001 × 2 678 400) = 0.672…
    assert!(close(api.months[0].availability, 1.0 - 1_800.0 / JAN));
    assert!((api.months[0].availability - 0.999_327_957).abs() < 1e-9);
    let budget = api.months[0].budget_used.expect("budget");
    assert!((budget - 0.672_043_011).abs() < 1e-9, "{budget}");
    // February: 1 − 5 400 / 2 419 200 = 0.997767857…; budget 5 400 / 2 419.2 = 2.232…: over.
    assert!((api.months[1].availability - 0.997_767_857).abs() < 1e-9);
    let budget = api.months[1].budget_used.expect("budget");
    assert!((budget - 2.232_142_857).abs() < 1e-9, "{budget}");
    // March (an hour short): 1 − 3 600 / 2 674 800 = 0.998654105…
    assert!(close(api.months[2].availability, 1.0 - 3_600.0 / MAR));
    assert!((api.months[2].availability - 0.998_654_105).abs() < 1e-9);
}

#[test]
fn a_service_without_objective_has_no_budget_and_takes_its_newest_name() {
    let all = services();
    let worker = all.iter().find(|s| s.slug == "worker").expect("worker");
    assert_eq!(worker.name, "Worker");
    assert_eq!((worker.reports, worker.downtime_not_given), (2, 0));
    assert_eq!(worker.downtime_seconds, 5_400);
    assert_eq!(worker.months[0].availability, 1.0);
    assert!(close(worker.months[1].availability, 1.0 - 3_600.0 / FEB));
    assert!(close(worker.months[2].availability, 1.0 - 1_800.0 / MAR));
    assert!(worker.months.iter().all(|m| m.budget_used.is_none()));
}

#[test]
fn a_described_service_no_report_names_is_whole_every_month() {
    let all = services();
    let slugs: Vec<&str> = all.iter().map(|s| s.slug.as_str()).collect();
    assert_eq!(slugs, ["api", "db", "worker"]);
    let db = &all[1];
    assert_eq!(
        (db.name.as_str(), db.reports, db.downtime_seconds),
        ("db", 0, 0)
    );
    assert_eq!(db.months.len(), 3);
    assert!(
        db.months
            .iter()
            .all(|m| m.availability == 1.0 && m.budget_used == Some(0.0))
    );
}

#[test]
fn services_in_stats_json() {
    let incidents = archive();
    let refs: Vec<&Incident> = incidents.iter().collect();
    let stats = compute(&refs, Europe::Paris, &configured(), &title_of);
    let json = serde_json::to_value(&stats).expect("json");
    let worker = &json["services"][2];
    assert_eq!(
        worker["months"][1],
        json!({"month": "2025-02", "downtime_seconds": 3_600,
               "availability": 1.0 - 3_600.0 / FEB, "budget_used": null})
    );
    assert_eq!(worker["slo"], Value::Null);
    assert_eq!(json["services"][0]["slo"], json!(99.9));
    assert_eq!(json["services"][0]["downtime_seconds"], json!(10_800));
}
