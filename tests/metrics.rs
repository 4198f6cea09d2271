//! Time metrics, consistency warnings, action items, the `/actions/` page and `incidex stats`,
//! run as a user runs them over the fixture sites in `tests/fixtures/metrics/`.

mod common;

use std::path::{Path, PathBuf};

use common::incidex;
use serde_json::Value;

const VALID: &str = "tests/fixtures/metrics/valid";
const WARNINGS: &str = "tests/fixtures/metrics/warnings";

/// Runs incidex with `args`; returns (exit code, stdout bytes, stderr).
fn run(args: &[&str]) -> (i32, Vec<u8>, String) {
    let output = incidex().args(args).output().expect("incidex runs");
    (
        output.status.code().unwrap_or(-1),
        output.stdout,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Builds `root` into a fresh folder; returns it (the site is in `<dir>/site`).
fn build(root: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let (code, stdout, stderr) = run(&["-r", root, "build", "--output", site.to_str().unwrap()]);
    assert_eq!(code, 0, "{}\n{stderr}", String::from_utf8_lossy(&stdout));
    out
}

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join("site").join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn stats_of(dir: &Path) -> Value {
    serde_json::from_str(&read(dir, "stats.json")).expect("stats.json is JSON")
}

/// (counted, left_out, median, p90) of a time metric or one of its severities.
fn figures(metric: &Value) -> (u64, u64, Option<u64>, Option<u64>) {
    (
        metric["counted"].as_u64().unwrap(),
        metric["left_out"].as_u64().unwrap(),
        metric["median_seconds"].as_u64(),
        metric["p90_seconds"].as_u64(),
    )
}

fn severity<'a>(metric: &'a Value, slug: &str) -> &'a Value {
    metric["by_severity"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["slug"] == slug)
        .unwrap_or_else(|| panic!("{slug} missing"))
}

#[test]
fn the_metrics_fixture_is_valid() {
    let (code, stdout, _) = run(&["-r", VALID, "check"]);
    let stdout = String::from_utf8_lossy(&stdout);
    assert_eq!(code, 0, "{stdout}");
    // m4's Durée is 5 min off resolved − start: at the tolerance, not over it.
    assert!(
        stdout.ends_with("7 reports checked: no problems\n"),
        "{stdout}"
    );
}

#[test]
fn time_metrics_are_exact_to_the_second() {
    let out = build(VALID);
    let stats = stats_of(out.path());
    // Seconds from the start, by hand (tests/fixtures/metrics/README.md):
    // detected: m1 300, m2 90, m3 600, m4 7, m7 1200; m5 (start a date alone), m6 (none) out.
    // Sorted 7, 90, 300, 600, 1200: median rank ⌈0.5 × 5⌉ = 3, p90 rank ⌈0.9 × 5⌉ = 5.
    let detect = &stats["time_to_detect"];
    assert_eq!(figures(detect), (5, 2, Some(300), Some(1200)));
    // Critical: 90, 300, 1200 → ranks 2 and 3. High: 7, 600 → ranks 1 and 2.
    assert_eq!(
        figures(severity(detect, "critical")),
        (3, 0, Some(300), Some(1200))
    );
    assert_eq!(
        figures(severity(detect, "high")),
        (2, 0, Some(7), Some(600))
    );
    assert_eq!(figures(severity(detect, "medium")), (0, 1, None, None));
    assert_eq!(figures(severity(detect, "low")), (0, 1, None, None));
    // mitigated: m1 1200, m2 1800: an even count takes the lower middle (rank 1).
    assert_eq!(
        figures(&stats["time_to_mitigate"]),
        (2, 5, Some(1200), Some(1800))
    );
    // resolved: m4 1800, m3 2700, m1 3600, m7 3600 (13:00Z), m2 7200.
    let resolve = &stats["time_to_resolve"];
    assert_eq!(figures(resolve), (5, 2, Some(3600), Some(7200)));
    assert_eq!(
        figures(severity(resolve, "critical")),
        (3, 0, Some(3600), Some(7200))
    );
    assert_eq!(
        figures(severity(resolve, "high")),
        (2, 0, Some(1800), Some(2700))
    );
    let page = read(out.path(), "stats/index.html");
    assert!(page.contains("id=\"time-to-detect\""), "{page}");
    assert!(page.contains("<caption>Time to resolve</caption>"));
}

#[test]
fn action_items_are_counted_overall_and_per_owner() {
    let out = build(VALID);
    let actions = &stats_of(out.path())["actions"];
    assert_eq!(actions["open"], 5);
    assert_eq!(actions["done"], 2);
    let owners: Vec<(&str, u64, u64)> = actions["by_owner"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["owner"].as_str().unwrap(),
                o["open"].as_u64().unwrap(),
                o["done"].as_u64().unwrap(),
            )
        })
        .collect();
    // Owners as written, sorted case-insensitively: `@Marie` and `@marie` are two owners.
    assert_eq!(owners, [("karim", 1, 1), ("Marie", 1, 0), ("marie", 2, 0)]);
    assert_eq!(actions["unassigned"]["open"], 1);
    assert_eq!(actions["unassigned"]["done"], 1);
}

/// The `<li class="action" …>` items of one `<ol>` of the actions page, after `marker`:
/// (data-due, text, href).
fn items_after(page: &str, marker: &str) -> Vec<(String, String, String)> {
    let start = page
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} missing"));
    let list = &page[start..];
    let list = &list[..list.find("</ol>").unwrap()];
    list.split("<li class=\"action\"")
        .skip(1)
        .map(|item| {
            let attr = |name: &str| {
                let from = item.find(name).unwrap() + name.len();
                item[from..from + item[from..].find('"').unwrap()].to_string()
            };
            let text_start = item.find("<span class=\"action-text\">").unwrap() + 26;
            let text = &item[text_start..];
            (
                attr("data-due=\""),
                text[..text.find("</span>").unwrap()].to_string(),
                attr("<a href=\""),
            )
        })
        .collect()
}

#[test]
fn the_actions_page_lists_open_items_by_due_date_then_by_owner() {
    let out = build(VALID);
    let page = read(out.path(), "actions/index.html");
    let items = items_after(&page, "id=\"actions\"");
    let dues: Vec<&str> = items.iter().map(|(d, _, _)| d.as_str()).collect();
    // Earliest first; the two items due 2025-03-10 in their incidents' order (m1, then m3);
    // undated last, in their incidents' order (m1, then m2). Done items are not listed.
    assert_eq!(
        dues,
        ["2025-02-28", "2025-03-10", "2025-03-10", "", ""],
        "{items:#?}"
    );
    let texts: Vec<&str> = items.iter().map(|(_, t, _)| t.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Rotate the credentials @karim 2025-02-28",
            "Add an OOM alert @marie 2025-03-10",
            "Same due date, later incident @marie 2025-03-10",
            "Write the runbook",
            "Review the dashboards @Marie",
        ]
    );
    // Every item links to its report's Prévention section, and the page exists.
    for (_, _, href) in &items {
        assert!(href.starts_with("../incidents/"), "{href}");
        assert!(href.ends_with("/#s-prevention"), "{href}");
        let path = href.trim_end_matches("#s-prevention");
        let target = out
            .path()
            .join("site/actions")
            .join(path)
            .join("index.html");
        assert!(target.is_file(), "{href} does not resolve");
        let report = std::fs::read_to_string(&target).unwrap();
        assert!(report.contains("id=\"s-prevention\""), "{href}");
    }
    // One section per owner, with a unique id, and the chips point at them.
    for (id, owner) in [
        ("owner-karim", "@karim"),
        ("owner-marie", "@Marie"),
        ("owner-marie-2", "@marie"),
        ("unassigned", "Unassigned"),
    ] {
        assert!(page.contains(&format!("<h3 id=\"{id}\">{owner} ")), "{id}");
        assert!(page.contains(&format!("href=\"#{id}\"")), "{id}");
    }
    let marie = items_after(&page, "<h3 id=\"owner-marie-2\">");
    assert_eq!(marie.len(), 2);
    assert!(marie.iter().all(|(due, _, _)| due == "2025-03-10"));
    // The overdue highlight is the script's: no inline script, and only this page loads it.
    assert!(!page.contains("<script>"));
    assert!(page.contains("src=\"../static/actions."), "{page}");
    assert!(!read(out.path(), "stats/index.html").contains("static/actions."));
    assert!(!read(out.path(), "index.html").contains("static/actions."));
    assert!(read(out.path(), "index.html").contains("href=\"./actions/\""));
}

#[test]
fn the_example_archive_lists_its_action_items_in_french() {
    let out = build(".");
    let page = read(out.path(), "actions/index.html");
    assert!(page.contains("<h1>Actions de prévention</h1>"), "{page}");
    let dues: Vec<String> = items_after(&page, "id=\"actions\"")
        .into_iter()
        .map(|(d, _, _)| d)
        .collect();
    assert_eq!(
        dues,
        ["2024-11-30", "2024-12-15", "2025-06-15", "2025-06-30"]
    );
}

#[test]
fn stats_json_prints_exactly_the_built_file() {
    for root in [VALID, ".", "tests/fixtures/site-stats"] {
        let out = build(root);
        let built = std::fs::read(out.path().join("site/stats.json")).unwrap();
        let (code, printed, stderr) = run(&["-r", root, "stats", "--json"]);
        assert_eq!(code, 0, "{stderr}");
        assert!(
            printed == built,
            "{root}: `stats --json` differs from stats.json"
        );
    }
}

#[test]
fn stats_prints_aligned_tables_in_the_sites_language() {
    let (code, stdout, stderr) = run(&["-r", VALID, "stats"]);
    assert_eq!(code, 0, "{stderr}");
    let text = String::from_utf8(stdout).unwrap();
    insta::assert_snapshot!("stats_tables_en", text);
    let (code, stdout, _) = run(&["stats"]);
    assert_eq!(code, 0);
    let text = String::from_utf8(stdout).unwrap();
    for label in [
        "Par sévérité",
        "Coûts par devise",
        // One report of the example gives a detection and a resolution time: the three
        // delay tables give way to one line saying how to add them.
        "Délais de détection, d'atténuation et de résolution\n  Trop peu de rapports donnent \
         leurs heures pour en tirer des délais : détection 1, atténuation 0, résolution 1, sur 6 \
         rapports.",
        "**Détecté :** 2025-01-15 14:35",
        "Actions de prévention",
    ] {
        assert!(text.contains(label), "{label} missing:\n{text}");
    }
}

#[test]
fn stats_refuses_reports_with_errors() {
    let (code, stdout, stderr) = run(&["-r", WARNINGS, "stats", "--json"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("error[E028]"), "{stderr}");
    assert!(stderr.contains("no statistics computed"), "{stderr}");
    let (code, _, stderr) = run(&["-r", "tests/fixtures/no-content", "stats"]);
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn every_new_diagnostic_is_reported_at_its_line() {
    let (code, stdout, _) = run(&["-r", WARNINGS, "check"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("metrics_warnings_human", String::from_utf8(stdout).unwrap());
    let (_, stdout, _) = run(&["-r", WARNINGS, "check", "--format", "json"]);
    let items: Vec<Value> = serde_json::from_slice(&stdout).unwrap();
    let at = |file: &str, code: &str| -> Vec<(u64, u64)> {
        items
            .iter()
            .filter(|d| d["code"] == code && d["file"].as_str().unwrap().ends_with(file))
            .map(|d| (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()))
            .collect()
    };
    // Template lines and front matter alike, at the later value of each pair out of order.
    assert_eq!(at("timeline-lines-fr.md", "E028"), [(7, 15), (9, 14)]);
    assert_eq!(at("timeline-front-matter-en.md", "E028"), [(9, 11)]);
    assert_eq!(at("duration-mismatch-fr.md", "W008"), [(5, 13)]);
    assert_eq!(
        at("duration-mismatch-front-matter-en.md", "W008"),
        [(5, 11)]
    );
    assert_eq!(at("downtime-missing-fr.md", "W009"), [(23, 5)]);
    assert_eq!(at("downtime-na-en.md", "W009"), [(24, 17)]);
    assert_eq!(at("impact-no-with-downtime-fr.md", "W010"), [(6, 27)]);
    assert_eq!(
        at("impact-no-with-downtime-front-matter-en.md", "W010"),
        [(6, 15)]
    );
    assert_eq!(
        at("due-date-impossible-fr.md", "W011"),
        [(21, 39), (22, 29)]
    );
    for item in &items {
        assert!(item["help"].is_string(), "no help line: {item}");
    }
    let timeline = items
        .iter()
        .find(|d| {
            d["code"] == "E028"
                && d["line"] == 9
                && d["file"]
                    .as_str()
                    .unwrap()
                    .ends_with("timeline-lines-fr.md")
        })
        .expect("the timeline error at Résolu");
    assert_eq!(
        timeline["message"],
        "`Résolu` (2025-01-15 14:40) is before `Atténué` (14:50)"
    );
}

#[test]
fn two_builds_of_the_metrics_fixture_are_byte_identical() {
    let first = build(VALID);
    let second = build(VALID);
    let files = |dir: &Path| -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir.join("site"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(dir).unwrap().to_path_buf())
            .collect();
        files.sort();
        files
    };
    let names = files(first.path());
    assert_eq!(names, files(second.path()));
    assert!(names.iter().any(|f| f.ends_with("actions/index.html")));
    for name in &names {
        let a = std::fs::read(first.path().join(name)).unwrap();
        let b = std::fs::read(second.path().join(name)).unwrap();
        assert!(a == b, "{} differs between two builds", name.display());
    }
}
