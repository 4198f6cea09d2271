//! Issue 16, "output linear in the input": the statistics' month series covers at most the last
//! 600 months (50 years) up to the newest incident, so two reports dated in the years 1 and 9999
//! do not make a stats page of 120,000 months; a real archive keeps every month.

mod common;

use std::path::Path;

use common::run_in;
use serde_json::Value;

const EXAMPLE: &str = include_str!("../content/2025-01-15-instance-crash.md");

/// A site in `language` holding the example report once per date (`YYYY-MM-DD`) of `dates`.
fn site(language: &str, dates: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(
        dir.path().join("incidex.yaml"),
        format!("title: Trust\nlanguage: {language}\ntimezone: Europe/Paris\n"),
    )
    .unwrap();
    for date in dates {
        let report = EXAMPLE.replace(
            "## Incident 2025-01-15 14:30",
            &format!("## Incident {date} 14:30"),
        );
        assert_ne!(report, EXAMPLE, "the example's heading changed");
        std::fs::write(content.join(format!("{date}-crash.md")), report).unwrap();
    }
    dir
}

fn build(dir: &Path) {
    let (code, _, stderr) = run_in(dir, &["build"]);
    assert_eq!(code, 0, "{stderr}");
}

fn stats_json(dir: &Path) -> (u64, Value) {
    let path = dir.join("public/stats.json");
    let bytes = std::fs::read(&path).unwrap();
    (bytes.len() as u64, serde_json::from_slice(&bytes).unwrap())
}

fn stats_page(dir: &Path) -> (u64, String) {
    let page = std::fs::read_to_string(dir.join("public/stats/index.html")).unwrap();
    (page.len() as u64, page)
}

fn months_of(json: &Value) -> Vec<&str> {
    json["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["month"].as_str().unwrap())
        .collect()
}

/// The years 1 and 9999, in both languages: the series is the 600 months up to January 9999,
/// and the older report is named in a sentence and counted in every total.
#[test]
fn reports_in_the_years_1_and_9999_keep_the_stats_small() {
    for (language, sentence) in [
        (
            "en",
            "1 incident before Feb 9949 is not in the monthly chart and table",
        ),
        (
            "fr",
            "1 incident antérieur à févr. 9949 ne figure pas dans le graphique et le tableau \
             mensuels",
        ),
    ] {
        let dir = site(language, &["0001-01-15", "9999-01-15"]);
        build(dir.path());

        // Bounds by hand: 600 months of about 85 bytes in the indented JSON (51 KB), their 200
        // quarters in `trends` of about 500 bytes (four severities, 100 KB) and a few KB of
        // other figures; the page has 200 trend rows of about 400 bytes (80 KB), charts under
        // 40 KB each (at most 120 bars, 40 columns) and about 40 KB of the rest. Before the
        // series was bounded: 10 MB, 18 MB.
        let (json_bytes, json) = stats_json(dir.path());
        assert!(
            json_bytes < 170_000,
            "{language}: stats.json {json_bytes} bytes"
        );
        let (page_bytes, page) = stats_page(dir.path());
        assert!(
            page_bytes < 200_000,
            "{language}: stats page {page_bytes} bytes"
        );

        // 9999-01 back 599 months is 9949-02.
        let months = months_of(&json);
        assert_eq!(months.len(), 600, "{language}");
        assert_eq!(months[0], "9949-02");
        assert_eq!(months[599], "9999-01");
        assert_eq!(json["months"][599]["reports"], 1);
        // The report of the year 1, with its 25 minutes of downtime.
        assert_eq!(
            json["before_months"],
            serde_json::json!({"reports": 1, "downtime_seconds": 1500})
        );

        // Both reports in every total: 2 critical downtimes of 25 minutes, users affected.
        assert_eq!(json["reports"], 2);
        assert_eq!(json["duration"]["total_seconds"], 3000);
        assert_eq!(json["downtime"]["total_seconds"], 3000);
        assert_eq!(json["by_severity"][0]["reports"], 2);
        assert_eq!(json["by_type"][0]["reports"], 2);
        assert_eq!(json["user_impact"]["affected"], 2);

        assert!(
            page.contains(sentence),
            "{language}: no sentence in the page"
        );

        // The terminal tables have no month rows: they stay a few KB.
        let (code, stdout, stderr) = run_in(dir.path(), &["stats"]);
        assert_eq!(code, 0, "{stderr}");
        assert!(stdout.len() < 10_000, "{} bytes", stdout.len());
        let (code, stdout, _) = run_in(dir.path(), &["stats", "--json"]);
        assert_eq!(code, 0);
        assert_eq!(stdout.len() as u64, json_bytes);
    }
}

/// Reports across 2019–2025 keep every month of their span, and no sentence.
#[test]
fn a_real_archive_keeps_every_month() {
    let dir = site(
        "en",
        &["2019-03-10", "2021-07-01", "2024-02-29", "2025-11-20"],
    );
    build(dir.path());
    let (_, json) = stats_json(dir.path());
    let months = months_of(&json);
    // 2019-03 to 2025-11: 10 months of 2019, 12 × 5 of 2020–2024, 11 of 2025.
    assert_eq!(months.len(), 10 + 60 + 11);
    assert_eq!(months[0], "2019-03");
    assert_eq!(months[months.len() - 1], "2025-11");
    let reports: Vec<u64> = json["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["reports"].as_u64().unwrap())
        .collect();
    assert_eq!(reports.iter().sum::<u64>(), 4);
    // 2021-07 is the 29th month from 2019-03 (10 + 12 + 7), index 28.
    assert_eq!(reports[28], 1);
    assert_eq!(
        json["before_months"],
        serde_json::json!({"reports": 0, "downtime_seconds": 0})
    );
    assert_eq!(json["reports"], 4);

    let (_, page) = stats_page(dir.path());
    assert!(
        !page.contains("months-left-out"),
        "a sentence without a reason"
    );
    assert!(!page.contains("are not in the monthly chart"));
    // Longer than three years: the page's trends go by quarter, every one of them.
    for quarter in ["Q1 2019", "Q1 2020", "Q1 2024", "Q4 2025"] {
        assert!(
            page.contains(&format!("<th scope=\"row\">{quarter}</th>")),
            "{quarter}"
        );
    }
}
